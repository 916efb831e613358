"""Any text `check` accepts in a title or summary renders into files their parsers accept (issue 12): the event's
pages (html5lib, strictly), its JSON-LD, the Atom feeds (lxml, feedparser), the sitemap, events.json, events.csv
(with formulas neutralised) and events.ics. Any text it refuses is refused with one of its clean messages.

CULTURELINKS_ANY_TEXT_EXAMPLES=500 runs the property longer than the suite does."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
from pathlib import Path

import feedparser
import html5lib
import icalendar
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from lxml import etree, html

from culturelinks.build import build_site
from culturelinks.data.dataset import check_file
from culturelinks.data.validate import is_house_style
from culturelinks.site import exports
from culturelinks.text import typography
from tests.check.test_hostile_properties import yaml_quoted
from tests.conftest import FIXTURES

EVENT = "ocaq-society"
TITLE = "The Ocaq Azerbaijani Cultural Society"
SUMMARY = """'Registered by the *Moscow city soviet*; the article''s words: "a cultural society".'"""  # as the YAML writes it
#: Characters and pieces that break one format or another when they get through.
PIECES = ["<", ">", "&", '"', "'", "`", "*", "_", "[", "]", "(", ")", "#", "!", "|", "\\", "-", "+", "=", "@", ":",
          ",", ";", "{", "}", "%", "\t", " ", "\n", "\r", "</script>", "]]>", "&amp;", "<!--", "-->", "<b>", "\x00",
          "\x07", "\x1b", "\x7f", "\x85", "\u00a0", "\u200b", "\u2028", "\u2060", "\ufeff", "\ufdd0", "\ufffe",
          "\uffff", "\U0001fffe", "\U0010ffff", "\ud7ff", "\ue000", "\ufffd", "\U0010fffd", "😀", "Şəki", "Москва",
          "http://x.org/", "[a](javascript:alert(1))", "- ", "1. ", "> ", "    "]
TEXTS = st.lists(st.one_of(st.sampled_from(PIECES), st.characters()), min_size=1, max_size=12).map("".join)
#: check's refusals besides the house style's: the character policy, empty texts, raw HTML, lengths, and YAML's
#: own refusal of an escaped lone surrogate.
REFUSALS = re.compile(r"(?:U\+[0-9A-F]{4,6}|empty en text|found an empty text|raw HTML|too long|"
                      r"invalid Unicode character escape code)")


def strict_html(document: bytes) -> None:
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(document)


@pytest.fixture
def fast_project(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The scratch project, built in-process."""
    settings_file = project / "pelicanconf.py"
    settings_file.write_text(settings_file.read_text(encoding="utf-8") + "\nCULTURELINKS_WORKERS = 1\n", "utf-8")
    return project


@settings(max_examples=int(os.environ.get("CULTURELINKS_ANY_TEXT_EXAMPLES", "12")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(title=TEXTS, summary=TEXTS)
def test_any_text_check_accepts_renders_into_parsable_files(fast_project: Path, title: str, summary: str):
    data = fast_project / "data" / "events.yaml"
    fixture = (FIXTURES / "three-events.yaml").read_text(encoding="utf-8")
    data.write_text(fixture.replace(f"en: {TITLE}", f"en: {yaml_quoted(title)}", 1)
                    .replace(f"en: {SUMMARY}", f"en: {yaml_quoted(summary)}", 1), encoding="utf-8")
    checked, lines = check_file(data, "events.yaml")
    event("refused" if not checked.ok else "rendered")
    if not checked.ok:
        for problem in checked.problems:
            if problem.is_error and not is_house_style(problem):
                assert REFUSALS.search(problem.message), problem.headline()
                assert 1 <= problem.line <= len(lines) and problem.column >= 1, problem.headline()
        return
    site = fast_project / "output"
    build_site(site, data, settings_file=fast_project / "pelicanconf.py")
    shown = typography.typeset(title, "en")  # what readers see (English quotes set as “ ”); the data keeps title

    for lang in ("az", "ru", "en"):
        page = (site / lang / "events" / EVENT / "index.html").read_bytes()
        strict_html(page)
        (json_ld,) = html.fromstring(page).xpath("//script[@type='application/ld+json']/text()")
        if lang == "en":
            assert json.loads(json_ld)["name"] == shown
        feed = (site / lang / "feed.xml").read_bytes()
        etree.fromstring(feed)
        assert not feedparser.parse(feed).bozo
    strict_html((site / "en" / "index.html").read_bytes())
    titles = etree.fromstring((site / "en" / "feed.xml").read_bytes()).findall("{http://www.w3.org/2005/Atom}entry/"
                                                                              "{http://www.w3.org/2005/Atom}title")
    assert shown in [element.text or "" for element in titles]
    etree.fromstring((site / "sitemap.xml").read_bytes())

    document = json.loads((site / exports.EVENTS_JSON).read_bytes())
    record = next(record for record in document["events"] if record["id"] == EVENT)
    assert (record["title"]["en"], record["summary"]["en"]) == (title, summary)

    rows = list(csv.DictReader(io.StringIO((site / exports.EVENTS_CSV).read_bytes().decode("utf-8"), newline="")))
    row = next(row for row in rows if row["id"] == EVENT)
    assert (row["title_en"], row["summary_en"]) == (exports.spreadsheet_cell(title), exports.spreadsheet_cell(summary))

    calendar = icalendar.Calendar.from_ical((site / exports.EVENTS_ICS).read_bytes())
    assert shown in [str(item["SUMMARY"]) for item in calendar.walk("VEVENT")]


def test_the_first_and_last_days_check_accepts_render(fast_project: Path):
    data = fast_project / "data" / "events.yaml"
    fixture = (FIXTURES / "three-events.yaml").read_text(encoding="utf-8")
    data.write_text(fixture.replace('date: "1989-10"', 'date: "0001-01-01"')
                    .replace('date: {start: "2007-04-16", end: "2007-04-18"}', 'date: {start: "9998-12"}'), "utf-8")
    build_site(fast_project / "output", data, settings_file=fast_project / "pelicanconf.py")
    calendar = icalendar.Calendar.from_ical((fast_project / "output" / exports.EVENTS_ICS).read_bytes())
    spans = sorted((item.decoded("DTSTART"), item.decoded("DTEND")) for item in calendar.walk("VEVENT"))
    assert (spans[0][0], spans[-1][1]) == (dt.date(1, 1, 1), dt.date(9999, 1, 1))
    assert not feedparser.parse((fast_project / "output" / "en" / "feed.xml").read_bytes()).bozo
    strict_html((fast_project / "output" / "en" / "index.html").read_bytes())
