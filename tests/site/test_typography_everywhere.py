"""No-break spaces and the other typographic rules hold wherever a text is shown, not only on the event's own
page: list excerpts, related events and feeds (issue 23; search excerpts: tests/finding/test_browser.py)."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest

from .conftest import parse

NBSP = "\u00a0"
TYPESET = ["советом" + NBSP + "—", "1989" + NBSP + "г.", f"А.{NBSP}С.{NBSP}Иванова"]


@pytest.mark.parametrize("path", ["ru/index.html", "ru/years/1989/index.html", "ru/types/society/index.html",
                                  "ru/places/moscow/index.html", "ru/sources/article/index.html"])
def test_list_excerpts_are_typeset(built_site: Path, path: str):
    excerpts = parse(built_site / path).xpath("//li[.//a[contains(@href, '/ocaq-society/')]]"
                                             "//p[@class='entry-excerpt']/text()")
    assert excerpts, path
    for typeset in TYPESET:
        assert typeset in excerpts[0], (typeset, excerpts[0])


def test_related_events_are_typeset(built_site: Path):
    page = parse(built_site / "ru" / "events" / "culture-days-moscow-2007" / "index.html")
    excerpt = page.xpath("string(//section[@class='related']//li[.//a[contains(@href, '/ocaq-society/')]]"
                         "//p[@class='entry-excerpt'])")
    for typeset in TYPESET:
        assert typeset in excerpt, (typeset, excerpt)


def test_feed_entries_are_typeset(built_site: Path):
    feed = feedparser.parse((built_site / "ru" / "feed.xml").read_bytes())
    entry = next(entry for entry in feed.entries if "/ocaq-society/" in entry.link)
    shown = entry.get("summary", "") + "".join(content.value for content in entry.get("content", []))
    for typeset in TYPESET:
        assert typeset in shown, (typeset, shown)
    assert "«Очаг»" in entry.title
