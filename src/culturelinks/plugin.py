"""The culturelinks Pelican plugin: ``PLUGINS = ["culturelinks.plugin"]`` in pelicanconf.py.

The receivers are module-level functions because blinker keeps only weak references. They hold no
state: everything a run learns lives on the generator instance Pelican creates for that run.
"""

from __future__ import annotations

from pelican import signals
from pelican.contents import Page
from pelican.generators import Generator
from pelican.log import LimitFilter

from . import i18n, markup, parallel
from .finding import FindingGenerator
from .generator import CulturelinksGenerator

#: Every culturelinks setting and its default; pelicanconf.py may override any of them.
DEFAULT_SETTINGS = {
    "CULTURELINKS_DATA": "data/events.yaml",
    # How many processes render pages (forked workers; 1 renders in-process).
    "CULTURELINKS_WORKERS": parallel.default_workers(),
    # A listing (the timeline, a year, type, place or source) with more events than this is split:
    # the timeline then counts each year's events and links to the year's page; the others get pages.
    "CULTURELINKS_LISTING_LIMIT": 500,
    # Set by `culturelinks build`: where to keep what the next build can reuse, and the fingerprints
    # of the pages already in the output folder (a page whose fingerprint is unchanged is not rendered).
    "CULTURELINKS_CACHE": None,
    "CULTURELINKS_PREVIOUS_PAGES": {},
    # Set by the commands: how to show the progress of long builds (see progress.py).
    "CULTURELINKS_PROGRESS": None,
}


def apply_default_settings(pelican) -> None:
    for name, value in DEFAULT_SETTINGS.items():
        pelican.settings.setdefault(name, value)
    # Pelican's LimitFilter drops a warning already logged by this process; every build (a dev server
    # rebuilds in one process) must show the data's warnings again.
    LimitFilter._raised_messages.clear()


def add_generator(pelican) -> tuple[type[Generator], ...]:
    """The chronology's pages, then what is made from the same model (FindingGenerator reads it from the first)."""
    return CulturelinksGenerator, FindingGenerator


def sanitize_page(content) -> None:
    """Hold a Markdown page to the summaries' HTML policy: Pelican's Markdown reader keeps raw HTML, scripts and
    event handlers included, so what it rendered (the text and the Summary metadata) is sanitised here."""
    if not isinstance(content, Page):
        return
    content._content = markup.sanitize_page(content._content or "")
    if "summary" in content.metadata:
        content.metadata["summary"] = content._summary = markup.sanitize_page(content.metadata["summary"])


def install_page_translations(generator, content) -> None:
    """Give the Markdown pages (Pelican's own PagesGenerator) the UI strings of their language."""
    generator.env.install_gettext_translations(i18n.load_translations(content.lang), newstyle=True)


def register() -> None:
    signals.initialized.connect(apply_default_settings)
    signals.get_generators.connect(add_generator)
    signals.content_object_init.connect(sanitize_page)
    signals.page_generator_write_page.connect(install_page_translations)
