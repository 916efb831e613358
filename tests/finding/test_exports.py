"""The open-data files, feeds, sitemap and robots.txt of both builds, each read by a real parser."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import feedparser
import icalendar
import jsonschema
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from icalendar.parser.string import _foldline
from lxml import etree

from culturelinks.data.dataset import load_chronology
from culturelinks.data.dates import Form
from culturelinks.data.model import Localized
from culturelinks.data.release import read_release
from culturelinks.languages import DEFAULT
from culturelinks.memory import Memory
from culturelinks.site import exports, turtle
from culturelinks.text import markup

from ..site.open_data import assert_valid_package, check_site
from ..web.harness import LANGUAGES, PROJECT_ROOT

BUILDS = ["plain", "preview"]
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def read(site, path: str) -> bytes:
    file = site.file_for(f"{site.prefix}/{path}")
    assert file is not None, f"{site.prefix}/{path} was not built"
    return file.read_bytes()


@pytest.mark.parametrize("build", BUILDS)
def test_the_data_package_of_the_real_data_passes_frictionless_validate(sites, build):
    site = sites[build]
    assert_valid_package(site.root / "data" / "datapackage.json")
    package = json.loads(read(site, exports.DATA_PACKAGE))
    assert package["version"] == yaml.safe_load((PROJECT_ROOT / "CITATION.cff").read_text("utf-8"))["version"]


@pytest.mark.parametrize("build", BUILDS)
def test_events_ttl_says_all_the_real_pages_json_ld_says(sites, build):
    site = sites[build]
    made, missing = check_site(site.root, site.prefix)
    assert made > 1000 and missing == []


@pytest.mark.parametrize("build", BUILDS)
def test_events_json_is_valid_against_the_schema_it_names(sites, build, chronology):
    site = sites[build]
    document = json.loads(read(site, exports.EVENTS_JSON))
    schema = json.loads(read(site, exports.EVENTS_SCHEMA))
    assert document["$schema"] == f"{site.prefix}/{exports.EVENTS_SCHEMA}" == schema["$id"]
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = [f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
              for error in validator.iter_errors(document)]
    assert errors == []
    assert [event["id"] for event in document["events"]] == [event.id for event in chronology.events]
    first = document["events"][0]
    assert set(first["title"]) == set(LANGUAGES)
    assert site.file_for(first["urls"]["ru"]) is not None


def test_the_schema_rejects_what_the_data_cannot_be(sites):
    site = sites["plain"]
    schema = json.loads(read(site, exports.EVENTS_SCHEMA))
    document = json.loads(read(site, exports.EVENTS_JSON))
    document["events"][0]["date"]["precision"] = "week"
    document["events"][1]["title"] = {}
    document["events"][2]["title"]["en"] = "A bell\x07"
    document["events"][3]["id"] += "\n"
    document["events"][4]["summary"]["en"] = "\u200b\u2060"
    document["events"][5]["summary"]["en"] = "Two\n\nparagraphs."  # Markdown may span lines
    document["events"][6]["date"]["start"] = "9999"
    assert len(list(jsonschema.Draft202012Validator(schema).iter_errors(document))) == 6


def test_events_csv_has_a_row_per_event_and_a_column_per_language_field(sites, chronology):
    text = read(sites["plain"], exports.EVENTS_CSV).decode("utf-8")
    assert not text.startswith("\ufeff") and "\r\n" in text
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert list(rows[0]) == list(exports.csv_columns(DEFAULT))
    for column in ("title_az", "title_ru", "title_en", "summary_az", "summary_ru", "summary_en", "date",
                   "date_start", "date_end", "precision", "approximate", "type", "places", "sources"):
        assert column in rows[0]
    assert [row["id"] for row in rows] == [event.id for event in chronology.events]
    for row, event in zip(rows, chronology.events, strict=True):
        assert row["date"] == event.when.iso()
        assert (row["date_start"], row["date_end"]) == tuple(day.isoformat() if day else "" for day in (
            event.when.first_day, event.when.last_day))
        assert row["approximate"] == ("true" if event.when.approximate else "false")
        assert row["places"].split("|") == ([place.id for place in event.places] or [""])
        assert row["title_ru"] == (event.title.get("ru") or "")
        assert row["type"] == event.type.id


def test_events_ics_spans_every_day_each_date_can_mean(sites, chronology):
    calendar = icalendar.Calendar.from_ical(read(sites["plain"], exports.EVENTS_ICS))
    events = calendar.walk("VEVENT")
    in_calendar = [event for event in chronology.events if event.when.form is not Form.BETWEEN]
    assert len(events) == len(in_calendar)
    assert len({str(event["UID"]) for event in events}) == len(events)
    stamps = {event.decoded("DTSTAMP") for event in events}
    assert stamps == {dt.datetime(2024, 5, 3, tzinfo=dt.timezone.utc)}  # the latest day in the data
    by_summary = {str(event["SUMMARY"]): event for event in events}
    for model in in_calendar:
        event = by_summary[model.title.pick("en")[0]]
        assert event["DTSTART"].params["VALUE"] == "DATE" and event["DTEND"].params["VALUE"] == "DATE"
        assert event.decoded("DTSTART") == model.when.first_day
        last_day = model.when.last_day or model.when.start.last_day  # an open end: the start only
        assert event.decoded("DTEND") == last_day + dt.timedelta(days=1)  # exclusive
        has_comment = "COMMENT" in event
        assert has_comment == (model.when.approximate or model.when.form is Form.SINCE or
                               model.when.start.precision < 3 or
                               (model.when.end is not None and model.when.end.precision < 3))
    day = next(e for e in chronology.events if e.when.iso() == "2002-04-23")
    event = by_summary[day.title.pick("en")[0]]
    assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (dt.date(2002, 4, 23), dt.date(2002, 4, 24))


def test_calendar_descriptions_are_plain_text(chronology):
    calendar = icalendar.Calendar.from_ical(exports.events_calendar(chronology, "", markup.Summaries(), Memory()))
    descriptions = [str(event["DESCRIPTION"]) for event in calendar.walk("VEVENT")]
    assert len(descriptions) == sum(event.when.form is not Form.BETWEEN for event in chronology.events)
    assert not [text for text in descriptions if "](" in text or "*" in text or "<" in text]


def test_two_calendars_are_identical(chronology):
    summaries = markup.Summaries()
    assert exports.events_calendar(chronology, "", summaries, Memory()) == exports.events_calendar(chronology, "", summaries, Memory())


def test_events_json_and_csv_are_made_again_only_for_events_that_changed(chronology):
    """events.json and events.csv keep each event's part in the build's memory for the next build of the same
    process (serve's quick builds keep the events an edit leaves alone): the files are as made from nothing, and
    only a new event's part is made again."""
    import dataclasses

    from culturelinks.data.model import Chronology

    def from_nothing(events: Chronology, site_url: str) -> tuple[str, str]:
        fresh = Memory()
        return exports.events_json(events, site_url, fresh), exports.events_csv(events, fresh)

    memory = Memory()
    json_text, csv_text = exports.events_json(chronology, "https://example.org", memory), \
        exports.events_csv(chronology, memory)
    assert json_text == exports.to_json(exports.events_document(chronology, "https://example.org"))
    assert json.loads(json_text)["events"] and csv_text.count("\r\n") == len(chronology.events) + 1
    memory.sweep()

    first, *others = chronology.events
    retitled = dataclasses.replace(first, title=Localized.of({**dict(first.title.texts), "en": 'A new title, "quoted"'},
                                                             first.title.site))
    edited = dataclasses.replace(chronology, events=(retitled, *others))
    kept = {e.id: (memory.json_parts.get((e.id, "https://example.org"), e), memory.csv_rows.get(e.id, e))
            for e in others}
    json_after, csv_after = exports.events_json(edited, "https://example.org", memory), \
        exports.events_csv(edited, memory)
    assert all(memory.json_parts.get((e.id, "https://example.org"), e) is kept[e.id][0] for e in others)
    assert all(memory.csv_rows.get(e.id, e) is kept[e.id][1] for e in others), "an unchanged event's row"
    assert (json_after, csv_after) == from_nothing(edited, "https://example.org")
    assert "A new title, \\\"quoted\\\"" in json_after and "A new title" in csv_after
    assert memory.csv_rows.get(first.id, first) is None, "the old version of the edited event is not reused"

    assert exports.events_json(edited, "", memory) == from_nothing(edited, "")[0]  # another site's URLs
    empty = dataclasses.replace(chronology, events=())
    assert exports.events_json(empty, "", memory) == exports.to_json(exports.events_document(empty, ""))


def test_what_a_build_did_not_use_is_forgotten(chronology):
    """The memory's one eviction rule: what the build that ends did not use is dropped."""
    import dataclasses

    memory = Memory()
    exports.events_csv(chronology, memory)
    memory.sweep()
    assert len(memory.csv_rows) == len(chronology.events)
    exports.events_csv(dataclasses.replace(chronology, events=chronology.events[:1]), memory)
    memory.sweep()
    assert len(memory.csv_rows) == 1


def test_the_open_data_can_be_made_event_by_event_and_stopped_between_events(chronology):
    """serve makes the open data's parts beforehand (exports.make_parts), asking between events whether a newer
    save wants it to stop; what it made before stopping is kept, and the files are what they would be."""
    summaries, site_url = markup.Summaries(), "https://example.org"
    release = read_release(PROJECT_ROOT / "CITATION.cff")

    def files_of(memory: Memory) -> tuple:
        return (exports.events_json(chronology, site_url, memory), exports.events_csv(chronology, memory),
                exports.events_calendar(chronology, site_url, summaries, memory),
                turtle.events_turtle(chronology, site_url, release, summaries, memory, []))

    files = files_of(Memory())
    memory = Memory()
    asked = []

    class Stop(Exception):
        pass

    def stop_at_the_third_time() -> None:
        asked.append(len(memory.csv_rows))
        if len(asked) == 3:
            raise Stop

    with pytest.raises(Stop):
        exports.make_parts(chronology, site_url, summaries, memory, stop_at_the_third_time, every=5)
    assert asked == [0, 5, 10], "asked between events, every 5"
    assert len(memory.json_parts) == len(memory.csv_rows) == len(memory.turtle_parts) == 10
    kept = {event.id: memory.csv_rows.get(event.id, event) for event in chronology.events[:10]}
    exports.make_parts(chronology, site_url, summaries, memory, lambda: None, every=5)
    assert all(memory.csv_rows.get(event.id, event) is kept[event.id] for event in chronology.events[:10]), \
        "made again"
    assert len(memory.json_parts) == len(memory.turtle_parts) == len(chronology.events)
    assert files_of(memory) == files


def test_the_calendar_is_what_icalendar_writes(chronology):
    """exports.to_ical folds lines itself (icalendar's folding is slow); the bytes must not change."""
    made = exports.events_calendar(chronology, "https://example.org", markup.Summaries(), Memory())
    calendar = icalendar.Calendar.from_ical(made)
    assert made == calendar.to_ical()
    assert any(len(line) > 75 for line in calendar.content_lines())  # long lines were folded


@given(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), max_size=400)
       | st.text(st.sampled_from("a\\^ə€𐍈"), max_size=300))
def test_lines_fold_as_icalendar_folds_them(line):
    assert exports.fold_ical_line(line) == _foldline(line).encode()


def test_sources_are_csl_json(sites, chronology):
    items = json.loads(read(sites["plain"], exports.SOURCES_CSL))
    assert sorted(item["id"] for item in items) == sorted(chronology.sources)
    for item in items:
        assert item["type"] == "document" and item["title"] and item["language"] in ("az", "ru", "en")
        for year in item.get("issued", {}).get("date-parts", []):
            assert all(isinstance(part, int) for part in year)


@pytest.mark.parametrize("build", BUILDS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_atom_feed_per_language(sites, build, lang, chronology):
    site = sites[build]
    raw = read(site, f"{lang}/feed.xml")
    root = etree.fromstring(raw)
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    feed = feedparser.parse(raw)
    assert not feed.bozo, feed.get("bozo_exception")
    assert len(feed.entries) == len(chronology.events)
    assert len({entry.id for entry in feed.entries}) == len(feed.entries)
    assert all(entry.id.startswith("urn:uuid:") for entry in feed.entries)
    for entry in feed.entries:
        assert site.file_for(entry.link) is not None, entry.link
    newest = max(chronology.events, key=lambda event: (event.when.anchor_key(), event.id))
    assert feed.entries[0].link.endswith(f"/{lang}/events/{newest.id}/")
    assert feed.feed.updated.startswith(newest.when.anchor_day.isoformat())


@pytest.mark.parametrize("build", BUILDS)
def test_every_page_announces_its_language_feed(sites, build):
    site = sites[build]
    missing = []
    for file in site.html_files():
        url_path = site.url_path(file)
        lang = site.language_of(url_path)
        feeds = site.document(file).xpath("//head/link[@rel='alternate'][@type='application/atom+xml']/@href")
        expected = [f"{site.prefix}/{lang if lang in LANGUAGES else 'en'}/feed.xml"]
        if url_path.endswith(f"/{lang}/changes/"):  # the Changes page announces its own feed too
            expected.append(f"{site.prefix}/{lang}/changes/feed.xml")
        if feeds != expected:
            missing.append(f"{url_path}: {feeds}")
    assert missing == []


@pytest.mark.parametrize("build", BUILDS)
def test_sitemap_lists_every_indexable_page_with_its_alternates(sites, build):
    site = sites[build]
    root = etree.fromstring(read(site, "sitemap.xml"))
    listed = {}
    for url in root.findall("s:url", SITEMAP_NS):
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", SITEMAP_NS)}
        assert all(link.get("rel") == "alternate" for link in url.findall("x:link", SITEMAP_NS))
        listed[url.findtext("s:loc", namespaces=SITEMAP_NS)] = alternates
    expected = {}
    for file in site.html_files():
        head = site.document(file)
        canonical = head.xpath("//link[@rel='canonical']/@href")
        if canonical:
            expected[canonical[0]] = {link.get("hreflang"): link.get("href")
                                      for link in head.xpath("//link[@rel='alternate'][@hreflang]")}
    assert listed == expected
    assert f"{site.prefix}/404.html" not in listed
    assert f"{site.prefix}/ru/data/" in listed and f"{site.prefix}/en/about/" in listed
    unresolved = [url for url, alternates in listed.items() for target in [url, *alternates.values()]
                  if site.file_for(target) is None]
    assert unresolved == []



_URLS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12)


@given(st.lists(st.lists(st.tuples(st.sampled_from(["az", "ru", "en", "x-default"]), _URLS), max_size=3),
                max_size=5))
def test_the_sitemap_writes_each_groups_links_once_as_it_would_for_each_page(groups):
    """The pages of a group share their versions, and the sitemap writes their links once per group: the text is
    the one written link by link, for any URLs (quotes, ampersands, angle brackets)."""
    from xml.sax.saxutils import escape, quoteattr

    from culturelinks.site.structured import SitemapEntry, sitemap_xml

    entries = [SitemapEntry(url, tuple(group)) for group in groups for _, url in group] + \
        [SitemapEntry(f"https://example.org/{number}", ()) for number in range(2)]
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for entry in sorted(entries, key=lambda entry: entry.url):
        lines.append(f"  <url><loc>{escape(entry.url)}</loc>")
        lines += [f'    <xhtml:link rel="alternate" hreflang="{quoteattr(lang)[1:-1]}" href={quoteattr(url)}/>'
                  for lang, url in entry.alternates]
        lines.append("  </url>")
    assert sitemap_xml(entries) == "\n".join([*lines, "</urlset>"]) + "\n"

@pytest.mark.parametrize("build", BUILDS)
def test_robots_txt_points_to_the_sitemap(sites, build):
    site = sites[build]
    assert f"Sitemap: {site.prefix}/sitemap.xml" in read(site, "robots.txt").decode().splitlines()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_open_data_page_links_every_file(sites, lang):
    site = sites["preview"]
    page = site.file_for(f"{site.prefix}/{lang}/data/")
    links = {link.parts.path for link in site.links(page)}
    for path in (exports.EVENTS_JSON, exports.EVENTS_SCHEMA, exports.EVENTS_CSV, exports.EVENTS_ICS,
                 exports.SOURCES_CSL, f"{lang}/feed.xml"):
        assert f"{site.prefix}/{path}" in links, path
    navigation = site.document(site.file_for(f"{site.prefix}/{lang}/")).xpath("//nav[@class='site-nav']//a/@href")
    assert f"{site.prefix}/{lang}/data/" in navigation


# -- spreadsheet formulas (issue 12) --------------------------------------------------------------------

FORMULAS = ["=HYPERLINK(\"https://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\tTab", "=1"]


@pytest.mark.parametrize("cell", [*FORMULAS, "\rCR"])
def test_a_cell_a_spreadsheet_would_run_gets_a_quote(cell):
    assert exports.spreadsheet_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Plain", "'=quoted already", " =spaced", "", "1997-04", "a=b"])
def test_other_cells_are_left_as_they_are(cell):
    assert exports.spreadsheet_cell(cell) == cell


def test_events_csv_neutralises_formulas_in_titles_and_summaries(tmp_path):
    from culturelinks.data.dataset import load_chronology
    from tests.check.test_messages import edit

    data = tmp_path / "events.yaml"
    text = edit("title: {az: Ocaq, ru: Очаг, en: Ocaq}", f"title: {{az: {json.dumps(FORMULAS[3])}, ru: '+7 (495)', "
                f"en: {json.dumps(FORMULAS[0])}}}")
    data.write_text(edit("en: A society.}", "en: '- one\n\n      - two'}", text), encoding="utf-8")
    chronology, _ = load_chronology(data)
    rows = list(csv.DictReader(io.StringIO(exports.events_csv(chronology, Memory()), newline="")))
    assert (rows[0]["title_az"], rows[0]["title_ru"], rows[0]["title_en"]) == ("'" + FORMULAS[3], "'+7 (495)", "'" + FORMULAS[0])
    assert rows[0]["summary_en"] == "'- one\n- two"
    assert rows[0]["summary_az"] == "Cəmiyyət."


def test_editorial_notes_are_in_the_json_apart_from_the_summary():
    chronology = load_chronology(Path(__file__).parents[1] / "fixtures" / "three-events.yaml")[0]
    document = json.loads(exports.to_json(exports.events_document(chronology, "")))
    assert list(jsonschema.Draft202012Validator(exports.events_schema("", DEFAULT)).iter_errors(document)) == []
    notes = {event["id"]: event["editorial_note"] for event in document["events"]}
    assert notes["culture-days-moscow-2007"] == {"az": "Məqalədə “Moskva” yazılıb.", "ru": "В статье — «Москва».",
                                                 "en": 'The article writes "Moskva".'}
    assert notes["ocaq-society"] is None
