"""Pelican settings for the culturelinks site; ``culturelinks build`` reads this file and overrides
OUTPUT_PATH, SITEURL and CULTURELINKS_DATA from its options."""

SITEURL = ""

PATH = "content"
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = []
STATIC_PATHS = []

# The project root is the theme: templates/ and static/ (copied to output/theme/).
THEME = "."

DEFAULT_LANG = "az"
TIMEZONE = "Asia/Baku"

# The Markdown pages live at /{lang}/{slug}/ (routes.py; culturelinks renders them with the page plan).

# Only pages and the chronology: no articles, feeds, authors, categories, tags or archives.
DIRECT_TEMPLATES = []
ARTICLE_SAVE_AS = ""
ARTICLE_LANG_SAVE_AS = ""
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
TAG_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

JINJA_ENVIRONMENT = {
    "extensions": ["jinja2.ext.i18n"],
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
}

PLUGINS = ["culturelinks.plugin"]

# The dataset the chronology is built from (relative to the folder Pelican runs in).
CULTURELINKS_DATA = "data/events.yaml"

RELATIVE_URLS = False
READERS = {"rst": None}  # Markdown only (and no docutils warning about Azerbaijani)
