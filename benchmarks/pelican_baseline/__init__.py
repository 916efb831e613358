"""Plain Pelican building the same content the usual way: one Markdown file per event and language.

Each event becomes three articles (az, ru, en) linked as translations, dated by their start, in a
category per type and tagged with their places — Pelican's own listings then give the index,
category, tag and archive pages.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

from .. import synthetic
from ..synthetic import LANGUAGES, pick

SETTINGS = """\
SITENAME = "Chronology"
SITEURL = ""
PATH = "content"
DEFAULT_LANG = "az"
TIMEZONE = "UTC"
ARTICLE_URL = ARTICLE_LANG_URL = "{lang}/events/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_LANG_SAVE_AS = "{lang}/events/{slug}/index.html"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION = False
READERS = {"rst": None}
"""


def _start(date) -> str:
    text = synthetic.listed_date(date)
    return (text + "-01-01")[:10] if len(text) == 4 else (text + "-01")[:10]


def write_project(data: Path, project: Path) -> int:
    """The Pelican project for ``data``; returns the number of Markdown files."""
    dataset = yaml.load(data.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    content = project / "content"
    content.mkdir(parents=True, exist_ok=True)
    (project / "pelicanconf.py").write_text(SETTINGS, encoding="utf-8")
    count = 0
    for event in dataset["events"]:
        for lang in LANGUAGES:
            title, summary = pick(event["title"], lang), pick(event["summary"], lang)
            places = ", ".join(dataset["places"][p]["name"][lang] for p in event["places"])
            header = [f"Title: {json.dumps(title, ensure_ascii=False)[1:-1]}", f"Date: {_start(event['date'])}",
                      f"Slug: {event['id']}", f"Lang: {lang}", f"Category: {dataset['types'][event['type']][lang]}",
                      f"Tags: {places}"]
            (content / f"{event['id']}.{lang}.md").write_text("\n".join(header) + "\n\n" + summary + "\n",
                                                              encoding="utf-8")
            count += 1
    return count


if __name__ == "__main__":
    print(write_project(Path(sys.argv[1]), Path(sys.argv[2])))
