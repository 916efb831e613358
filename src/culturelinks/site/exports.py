"""Open data: the chronology as JSON (with its JSON Schema), CSV, iCalendar, CSL-JSON and RDF Turtle
(site.turtle), and ``datapackage.json``, which describes them all as a Frictionless Data Package.

Every export is made from the validated model, and every byte of it follows from the data: there is
no "now" anywhere, so two builds of the same data publish identical files. The URLs are documented in
README ("Open data") and promised to readers: they never change.

Choices (also in README):

- JSON keeps Markdown summaries as written and omits a language a text lacks (never an empty string).
- CSV has one row per event, lists joined with ``|`` (ids and locators never contain it), UTF-8
  without a byte-order mark and CRLF line ends (RFC 4180). A cell that starts with ``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return gets a leading ``'``, as OWASP recommends against CSV injection:
  spreadsheets would run it as a formula.
- iCalendar events are all-day events spanning every day the date can mean: a day is that day, a
  month the whole month, a year the whole year, each with an exclusive DTEND; approximate dates keep
  the span of their bounds and say so in COMMENT. A calendar cannot say "one day, not known, between
  two dates": such events are left out rather than shown as lasting from one bound to the other. A
  date with no end (``since``) is one entry for its start, with a COMMENT saying it goes on (and
  recurs), but no RRULE: the sources do not say until when. DTSTAMP is the latest day the data mentions.
- The Data Package names the release (CITATION.cff, data.release) as its version, its creation date (never the
  clock), its licence and its contributors, and gives events.csv a Table Schema with the real columns and types.
  events.json's JSON Schema is a resource of its own, named by events.json's ``jsonSchema`` (the property
  frictionless-py reserves for it): Frictionless reads a resource's ``schema`` as a Table Schema and its
  ``profile`` as a schema of the descriptor, neither of which a JSON Schema of the data is. No ``bytes`` or
  ``hash``: they would have to be made from every other file's bytes while those are being written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import icalendar

from ..data.dates import Form, Precision, When
from ..data.model import Chronology, Citation, Event, Localized
from ..data.release import Release
from ..data.schema import DATE_TEXT, DEFINITIONS, SLUG, json_text, string_schema
from ..languages import Language, Languages
from ..memory import Memory, part_spans
from ..text import markup
from ..text.indented import indented_json
from . import i18n, routes, turtle

#: Where each export is published, relative to the site root; README lists the same table.
EVENTS_JSON = routes.export("events.json").url
EVENTS_SCHEMA = routes.export("events.schema.json").url
EVENTS_CSV = routes.export("events.csv").url
EVENTS_ICS = routes.export("events.ics").url
SOURCES_CSL = routes.export("sources.json").url
EVENTS_TURTLE = routes.export("events.ttl").url
DATA_PACKAGE = routes.export("datapackage.json").url

#: Each open-data file's media type, in the order the Data Package lists them.
MEDIA_TYPES = {"events.csv": "text/csv", "events.json": "application/json",
               "events.schema.json": "application/schema+json", "events.ics": "text/calendar",
               "sources.json": "application/vnd.citationstyles.csl+json", "events.ttl": "text/turtle",
               "datapackage.json": "application/json"}

#: Namespace of the stable UUIDs of calendar events and feed entries: uuid5(namespace, event id).
UUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/culturelinks/culturelinks")

LIST_SEPARATOR = "|"


def csv_columns(languages: Languages) -> tuple[str, ...]:
    """The columns of ``events.csv``: the date's parts, the references, then each text in each language."""
    return ("id", "date", "date_form", "date_start", "date_end", "precision", "approximate", "recurrence", "type",
            "places", "sources", "people", "organisations",
            *(f"{field}_{lang}" for field in ("title", "summary") for lang in languages.codes))


PRECISION_NAMES = {Precision.YEAR: "year", Precision.MONTH: "month", Precision.DAY: "day"}

#: How a cell that spreadsheets would run as a formula starts (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: How the exports name each form of date (README, "Open data").
FORM_NAMES = {Form.DATE: "date", Form.PERIOD: "period", Form.BETWEEN: "one-day-between", Form.SINCE: "since"}


def is_absolute(site_url: str) -> bool:
    return "://" in site_url


def stable_uuid(*parts: str) -> str:
    return str(uuid.uuid5(UUID_NAMESPACE, "/".join(parts)))


def data_timestamp(chronology: Chronology) -> dt.datetime:
    """The latest day any event can mean, at midnight UTC: a deterministic "as of" for the whole dataset."""
    latest = max(day for event in chronology.events for day in (event.when.anchor_day, event.when.last_day) if day)
    return dt.datetime.combine(latest, dt.time(), dt.timezone.utc)


def precision(when: When) -> str:
    """``day``, ``month`` or ``year``; ``month/day`` for a period whose ends differ in precision."""
    names = [PRECISION_NAMES[date.precision] for date in (when.start, when.end) if date is not None]
    return names[0] if len(set(names)) == 1 else "/".join(names)


def localized(text: Localized | None) -> dict[str, str] | None:
    if text is None:
        return None
    return {lang: text.get(lang) or "" for lang in text.languages}  # ``languages`` are those with a text


def _day(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _date(when: When) -> dict[str, Any]:
    return {"form": FORM_NAMES[when.form], "edtf": when.iso(), "start": when.start.iso() if when.start else None,
            "end": when.end.iso() if when.end else None, "precision": precision(when),
            "approximate": when.approximate, "recurrence": when.recurrence,
            "first_day": _day(when.first_day), "last_day": _day(when.last_day)}


def page_urls(site_url: str, event_id: str, languages: Languages) -> dict[str, str]:
    return {lang: routes.event(lang, event_id).absolute(site_url) for lang in languages.codes}


def events_document(chronology: Chronology, site_url: str) -> dict[str, Any]:
    """The whole model as one JSON document (see ``EVENTS_SCHEMA_DOCUMENT``)."""
    return {**_document_head(chronology, site_url), "events": [_event_object(e, site_url) for e in chronology.events]}


def _document_head(chronology: Chronology, site_url: str) -> dict[str, Any]:
    """The JSON document but its events (which come last)."""
    return {
        "$schema": f"{site_url}/{EVENTS_SCHEMA}",
        "languages": list(chronology.languages.codes),
        "types": [{"id": t.id, "label": localized(t.label)} for t in chronology.types.values()],
        "places": [{"id": p.id, "name": localized(p.name), "country": p.country,
                    "coordinates": {"lat": p.lat, "lon": p.lon} if p.lat is not None else None,
                    "wikidata": p.wikidata} for p in chronology.places.values()],
        "sources": [{"id": s.id, "title": s.title,
                     "translated_title": localized(s.translated_title),
                     "language": s.language, "author": s.author,
                     "publication": s.publication, "year": s.year, "url": s.url, "note": localized(s.note)}
                    for s in chronology.sources.values()],
        "people": [{"id": p.id, "name": localized(p.name), "index_name": localized(p.index_name),
                    "aliases": dict(p.aliases) or None,
                    "description": localized(p.description), "born": _date(p.born) if p.born else None,
                    "died": _date(p.died) if p.died else None, "wikidata": p.wikidata,
                    "sources": _citations(p.sources),
                    "urls": entity_urls(site_url, routes.person, p.id, chronology.languages)}
                   for p in chronology.people.values()],
        "organisations": [{"id": o.id, "name": localized(o.name), "aliases": dict(o.aliases) or None,
                           "description": localized(o.description),
                           "founded": _date(o.founded) if o.founded else None,
                           "place": o.place.id if o.place else None, "wikidata": o.wikidata,
                           "sources": _citations(o.sources),
                           "urls": entity_urls(site_url, routes.organisation, o.id, chronology.languages)}
                          for o in chronology.organisations.values()],
    }


def _citations(citations: tuple[Citation, ...]) -> list[dict[str, Any]]:
    """Citations as the JSON has them: the source's id and where in it."""
    return [{"source": citation.source.id, "locator": citation.locator} for citation in citations]


def entity_urls(site_url: str, route: Callable[[str, str], routes.Route], entity_id: str, languages: Languages
                ) -> dict[str, str]:
    """A person's or an organisation's page in each language."""
    return {lang: route(lang, entity_id).absolute(site_url) for lang in languages.codes}


def _event_object(e: Event, site_url: str) -> dict[str, Any]:
    return {"id": e.id, "date": _date(e.when), "type": e.type.id, "places": [p.id for p in e.places],
            "title": localized(e.title), "summary": localized(e.summary),
            "sources": _citations(e.sources),
            "people": [p.id for p in e.people],
            "organisations": [o.id for o in e.organisations],
            "tags": list(e.tags), "editorial_note": localized(e.editorial_note),
            "urls": page_urls(site_url, e.id, e.title.site)}


#: How an empty list of events ends the JSON document (``to_json``), and how the events' list is laid out in it.
_NO_EVENTS_END = '"events": []\n}\n'
_EVENT_INDENT = "\n    "


@dataclass(frozen=True)
class Assembled:
    """An open-data file made of each event's part: its bytes, what the parts were made with besides the build's
    scope (output.shows) and their events (``key``: the calendar's DTSTAMP), and where each event's part is in
    it (event id, start, end: in characters of its UTF-8 text; in bytes for the calendar)."""

    data: bytes
    key: str = ""
    parts: tuple[tuple[str, int, int], ...] = ()


def events_json(chronology: Chronology, site_url: str, memory: Memory) -> str:
    """``to_json(events_document(chronology, site_url))``, character for character, each event's part made
    only when ``memory`` does not have it: its object, indented as the document's list indents it (an event's
    part does not change when another event does, so serve's quick builds make only the edited events')."""
    return _events_json(chronology, site_url, memory)[0]


def _events_json(chronology: Chronology, site_url: str, memory: Memory
                 ) -> tuple[str, tuple[tuple[str, int, int], ...]]:
    parts = [_json_part(event, site_url, memory) for event in chronology.events]
    head = to_json(_document_head(chronology, site_url) | {"events": []})
    if not parts:
        return head, ()
    assert head.endswith(_NO_EVENTS_END)
    before = head[:-len(_NO_EVENTS_END)] + '"events": [' + _EVENT_INDENT
    separator = "," + _EVENT_INDENT
    return (before + separator.join(parts) + "\n  ]\n}\n",
            part_spans([event.id for event in chronology.events], parts, len(before), len(separator)))


def _json_part(event: Event, site_url: str, memory: Memory) -> str:
    known = memory.json_parts.get((event.id, site_url), event)
    if known is None:
        text = indented_json(_event_object(event, site_url))
        known = memory.json_parts.put((event.id, site_url), event, text.replace("\n", _EVENT_INDENT))
    return known


def make_parts(chronology: Chronology, site_url: str, summaries: markup.Summaries, memory: Memory,
               check: Callable[[], None], every: int = 100) -> None:
    """Make each event's part of events.json, events.csv, events.ics and events.ttl that is not made yet, calling
    ``check``
    every ``every`` events: serve's open data, made after a save, gives way to the next one between events
    (making them all at 10,000 events takes seconds), and what it made is kept for the next time."""
    stamp = data_timestamp(chronology) if chronology.events else None
    for number, event in enumerate(chronology.events):
        if number % every == 0:
            check()
        _json_part(event, site_url, memory)
        _csv_part(event, memory)
        turtle.event_part(event, site_url, summaries, memory)
        if stamp is not None and event.when.form is not Form.BETWEEN:
            _vevent(event, stamp, site_url, summaries, memory)


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


#: Texts under the data's character policy (data.schema, its $defs): one line or Markdown, never only invisible.
_TEXT = string_schema()
_MARKDOWN = string_schema(markdown=True)
_ID = string_schema(SLUG.pattern)


def _localized(text: dict[str, Any], languages: Languages) -> dict[str, Any]:
    return {"type": "object", "minProperties": 1, "additionalProperties": False,
            "properties": {lang: text for lang in languages.codes}}


_PARTIAL_DATE = string_schema(DATE_TEXT.pattern)
_DAY = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}


def _object(properties: dict[str, Any], description: str) -> dict[str, Any]:
    return {"type": "object", "description": description, "required": list(properties),
            "additionalProperties": False, "properties": properties}


def events_schema(site_url: str, languages: Languages) -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of ``events.json`` of a site in ``languages``, published beside it."""
    localized = _localized(_TEXT, languages)
    date = _object({
        "form": {"enum": list(FORM_NAMES.values()), "description":
                 "date: a day, month or year; period: from start to end; one-day-between: one day, "
                 "not known, between the bounds start and end (either may be null: open); since: from "
                 "start on, with no end."},
        "edtf": {"type": "string", "description": "EDTF (ISO 8601-2): 2007-04-16/2007-04-18, 1997-04~, "
                                                  "[..2020], [1998..2020], 2011/.."},
        "start": _nullable(_PARTIAL_DATE), "end": _nullable(_PARTIAL_DATE),
        "precision": {"type": "string", "pattern": "^(year|month|day)(/(year|month|day))?$"},
        "approximate": {"type": "boolean"},
        "recurrence": _nullable({"type": "string", "pattern": r"^R/\d{4}(?:-\d{2}(?:-\d{2})?)?/P1Y$",
                                 "description": "ISO 8601 recurrence: R/2011/P1Y, every year from 2011."}),
        "first_day": _nullable(_DAY), "last_day": _nullable(_DAY)},
        "The date at the precision the sources give; first_day and last_day are the first and last "
        "day it can mean, null where it has no such bound.")
    aliases = {"type": "object", "additionalProperties": False, "description": "Other spellings met in the sources.",
               "properties": {lang: {"type": "array", "items": _TEXT} for lang in languages.codes}}
    wikidata = {"type": "string", "pattern": "^Q[1-9][0-9]*$"}
    citations = {"type": "array", "items": _object({"source": _ID, "locator": _nullable(_TEXT)},
                                                    "A citation: the source and where in it.")}
    urls = _object({lang: {"type": "string"} for lang in languages.codes}, "Its page in each language.")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{site_url}/{EVENTS_SCHEMA}",
        "title": f"{i18n.SITE_TITLE}: the chronology",
        **_object({
            "$schema": {"type": "string", "description": "The URL of this schema."},
            "languages": {"type": "array", "items": {"enum": list(languages.codes)}},
            "types": {"type": "array", "items": _object({"id": _ID, "label": localized}, "An event type.")},
            "places": {"type": "array", "items": _object({
                "id": _ID, "name": localized,
                "country": {"type": "string", "pattern": "^[A-Z]{2}$", "description": "ISO 3166-1 alpha-2."},
                "coordinates": _nullable(_object({"lat": {"type": "number", "minimum": -90, "maximum": 90},
                                                  "lon": {"type": "number", "minimum": -180, "maximum": 180}},
                                                 "WGS 84 degrees.")),
                "wikidata": _nullable({"type": "string", "pattern": "^Q[1-9][0-9]*$"})}, "A place.")},
            "sources": {"type": "array", "items": _object({
                "id": _ID, "title": _TEXT,
                "translated_title": _nullable({**localized, "description": "The title in other languages."}),
                "language": {"type": "string", "pattern": "^[a-z]{2}$", "description": "ISO 639-1."},
                "author": _nullable(_TEXT), "publication": _nullable(_TEXT),
                "year": _nullable({"type": "integer"}), "url": _nullable({"type": "string", "format": "uri"}),
                "note": _nullable(_localized(_MARKDOWN, languages))}, "A source of the bibliography.")},
            "people": {"type": "array", "items": _object({
                "id": _ID, "name": localized, "index_name": _nullable(localized), "aliases": _nullable(aliases),
                "description": _nullable(localized), "born": _nullable(date), "died": _nullable(date),
                "wikidata": _nullable(wikidata), "sources": citations, "urls": urls},
                "A person events name; description and dates as the record's sources give them.")},
            "organisations": {"type": "array", "items": _object({
                "id": _ID, "name": localized, "aliases": _nullable(aliases),
                "description": _nullable(localized), "founded": _nullable(date), "place": _nullable(_ID),
                "wikidata": _nullable(wikidata), "sources": citations, "urls": urls},
                "An organisation events name; description and founding date as the record's sources give them.")},
            "events": {"type": "array", "items": _object({
                "id": _ID,
                "date": date,
                "type": _ID,
                "places": {"type": "array", "items": _ID},
                "title": localized,
                "summary": {**_localized(_MARKDOWN, languages), "description": "Markdown (CommonMark, no HTML)."},
                "sources": {"type": "array", "minItems": 1, "items": _object(
                    {"source": _ID, "locator": _nullable(_TEXT)}, "A citation: the source and where in it.")},
                "people": {"type": "array", "items": _ID, "description": "Ids of people."},
                "organisations": {"type": "array", "items": _ID, "description": "Ids of organisations."},
                "tags": {"type": "array", "items": _ID},
                "editorial_note": _nullable({**localized, "description": "What the editors add that the sources "
                                                                          "do not say; Markdown."}),
                "urls": _object({lang: {"type": "string"} for lang in languages.codes},
                                "The event's page in each language."),
            }, "An event of the chronology.")},
        }, "The chronology: its vocabularies, places, sources and events."),
        "$defs": DEFINITIONS,
    }


def to_json(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _citation(event: Event) -> str:
    return LIST_SEPARATOR.join(f"{c.source.id} {c.locator}" if c.locator else c.source.id for c in event.sources)


def spreadsheet_cell(text: str) -> str:
    """The text with a ``'`` before it when a spreadsheet would read it as a formula; the quote shows, and
    the formula never runs."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def events_csv(chronology: Chronology, memory: Memory) -> str:
    """One row per event (``csv_columns``), each made only when ``memory`` does not have it."""
    return _events_csv(chronology, memory)[0]


def _events_csv(chronology: Chronology, memory: Memory) -> tuple[str, tuple[tuple[str, int, int], ...]]:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(csv_columns(chronology.languages))
    header = out.getvalue()
    rows = [_csv_part(event, memory) for event in chronology.events]
    return header + "".join(rows), part_spans([event.id for event in chronology.events], rows, len(header), 0)


def _csv_part(event: Event, memory: Memory) -> str:
    known = memory.csv_rows.get(event.id, event)
    return known if known is not None else memory.csv_rows.put(event.id, event, _csv_row(event))


def _csv_row(event: Event) -> str:
    when = event.when
    texts = [text.get(lang) or "" for text in (event.title, event.summary) for lang in event.title.site.codes]
    cells = [event.id, when.iso(), FORM_NAMES[when.form], _day(when.first_day) or "", _day(when.last_day) or "",
             precision(when), "true" if when.approximate else "false", when.recurrence or "", event.type.id,
             LIST_SEPARATOR.join(place.id for place in event.places), _citation(event),
             LIST_SEPARATOR.join(person.id for person in event.people),
             LIST_SEPARATOR.join(organisation.id for organisation in event.organisations), *texts]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow([spreadsheet_cell(cell) for cell in cells])
    return out.getvalue()


def _describe_precision(when: When, language: Language) -> str | None:
    """What a calendar cannot say: how precisely the date is known, and that it goes on."""
    notes = []
    if when.form is Form.SINCE:
        start = i18n.dates_in(language).when(When(when.start))
        notes.append(f"Held every year since {start} (the sources give no end); "
                     "this entry is the first year only." if when.every else
                     f"Since {start}, with no end given by the sources; "
                     "this entry marks the start only.")
    coarsest = min(date.precision for date in (when.start, when.end) if date is not None)
    if coarsest is not Precision.DAY:
        notes.append(f"The sources give this date only to the {PRECISION_NAMES[coarsest]} ({when.iso()}); "
                     f"the calendar entry spans every day it can mean.")
    if when.approximate:
        notes.append("The date is approximate (circa).")
    return " ".join(notes) or None


_CALENDAR_END = b"END:VCALENDAR\r\n"


def events_calendar(chronology: Chronology, site_url: str, summaries: markup.Summaries, memory: Memory) -> bytes:
    """RFC 5545: one all-day VEVENT per event, in English, deterministic (UIDs from ids, DTSTAMP from the data)."""
    return _events_calendar(chronology, site_url, summaries, memory)[0]


def _events_calendar(chronology: Chronology, site_url: str, summaries: markup.Summaries, memory: Memory
                     ) -> tuple[bytes, tuple[tuple[str, int, int], ...]]:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//culturelinks//Russian-Azerbaijani cultural relations//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", i18n.SITE_TITLE)
    calendar.add("x-wr-caldesc", "Events of the chronology, each over every day its date can mean. Events known "
                                 "only to have happened on one day between two dates are left out: a calendar "
                                 "would show them lasting from one date to the other (see events.json).")
    stamp = data_timestamp(chronology)
    entered = [event for event in chronology.events if event.when.form is not Form.BETWEEN]
    made = [_vevent(event, stamp, site_url, summaries, memory) for event in entered]
    head = to_ical(calendar)[:-len(_CALENDAR_END)]  # the calendar's lines but END:VCALENDAR: the entries go before
    return head + b"".join(made) + _CALENDAR_END, part_spans([event.id for event in entered], made, len(head), 0)


def _vevent(event: Event, stamp: dt.datetime, site_url: str, summaries: markup.Summaries, memory: Memory) -> bytes:
    """The event's entry of the calendar (an event's entry does not change when another event does)."""
    key = (event.id, stamp, site_url)
    made = memory.calendar_entries.get(key, event)
    if made is None:
        made = memory.calendar_entries.put(key, event, to_ical(_calendar_entry(event, stamp, site_url, summaries)))
    return made


def to_ical(component: icalendar.cal.Component) -> bytes:
    """``component.to_ical()``, byte for byte, with its lines folded by ``fold_ical_line``: icalendar folds
    them character by character, which took most of the calendar's time."""
    return b"".join(fold_ical_line(line) + b"\r\n" for line in component.content_lines() if line)


def fold_ical_line(line: str) -> bytes:
    """A content line folded as RFC 5545 (3.1) asks and icalendar does it: in pieces of at most 74 octets,
    never inside a character, each after the first starting with a space; a piece does not end with the
    ``\\`` or ``^`` that starts an escape, which goes to the next piece instead."""
    data = line.encode()
    pieces, start = [], 0
    while len(data) - start >= 75:
        end = start + 74
        while data[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: the character starts before it
            end -= 1
        if data[end - 1] in b"\\^" and end - 1 > start:
            end -= 1
        pieces.append(data[start:end])
        start = end
    pieces.append(data[start:])
    return b"\r\n ".join(pieces)


def _calendar_entry(event: Event, stamp: dt.datetime, site_url: str, summaries: markup.Summaries
                    ) -> icalendar.Event:
    language = event.title.site.common
    when, lang = event.when, language.code
    item = icalendar.Event()
    item.add("uid", stable_uuid("event", event.id))
    item.add("dtstamp", stamp)
    item.add("dtstart", when.first_day)
    item.add("dtend", (when.last_day or when.listed_under.last_day) + dt.timedelta(days=1))
    item.add("summary", event.title.pick(lang)[0], parameters={"LANGUAGE": event.title.pick(lang)[1]})
    summary_text, summary_lang = event.summary.pick(lang)
    item.add("description", markup.plain_text(summaries.html(summary_text)), parameters={"LANGUAGE": summary_lang})
    item.add("categories", [event.type.label.pick(lang)[0]])
    if event.places:
        item.add("location", "; ".join(place.name.pick(lang)[0] for place in event.places))
    first_place = next((place for place in event.places if place.lat is not None), None)
    if first_place is not None:
        item.add("geo", (first_place.lat, first_place.lon))
    if is_absolute(site_url):  # URL must be a full URI; a root-relative path would not be one
        item.add("url", routes.event(lang, event.id).absolute(site_url))
    item.add("transp", "TRANSPARENT")
    note = _describe_precision(event.when, language)
    if note:
        item.add("comment", note)
    return item


def _csl_item(source, lang: str) -> dict[str, Any]:
    item: dict[str, Any] = {"id": source.id, "type": "document", "title": source.title, "language": source.language}
    if source.author:
        item["author"] = [{"literal": source.author}]
    if source.publication:
        item["container-title"] = source.publication
    if source.year:
        item["issued"] = {"date-parts": [[source.year]]}
    if source.url:
        item["URL"] = source.url
    if source.note and source.note.get(lang):
        item["note"] = source.note.get(lang)
    return item


def sources_csl(chronology: Chronology) -> list[dict[str, Any]]:
    """The bibliography as CSL-JSON items (type ``document``: the data does not say what kind each source is)."""
    return [_csl_item(source, chronology.languages.common.code) for _, source in sorted(chronology.sources.items())]


#: The Data Package's name (lower case, as its profile asks) and the columns of events.csv it describes.
PACKAGE_NAME = "culturelinks"
#: An id as a Table Schema pattern (XML Schema's regular expressions: matched whole, no ``(?:``).
_TABLE_SLUG = str(SLUG.pattern).removeprefix("^").removesuffix("$").replace("(?:", "(")
_CSV_FIELDS: dict[str, tuple[dict[str, Any], str]] = {
    "id": ({"type": "string", "constraints": {"required": True, "unique": True, "pattern": _TABLE_SLUG}},
           "The event's permanent identifier; its page is /{lang}/events/{id}/."),
    "date": ({"type": "string", "constraints": {"required": True}},
             "The date at the precision the sources give, in EDTF (ISO 8601-2): 1997, 1997-04, "
             "2007-04-16/2007-04-18, 1997-04~, [..2020], [1998..2020], 2011/.."),
    "date_form": ({"type": "string", "constraints": {"required": True, "enum": list(FORM_NAMES.values())}},
                  "date: a day, month or year; period: from start to end; one-day-between: one day, not known, "
                  "between two dates; since: from a date on, with no end."),
    "date_start": ({"type": "date"}, "The first day the date can mean; empty where it has no such bound."),
    "date_end": ({"type": "date"}, "The last day the date can mean; empty where it has no such bound."),
    "precision": ({"type": "string", "constraints": {"required": True, "enum": [
        *PRECISION_NAMES.values(), *(f"{first}/{second}" for first in PRECISION_NAMES.values()
                                     for second in PRECISION_NAMES.values() if first != second)]}},
                  "How precisely the date is known; start/end for a period whose ends differ."),
    "approximate": ({"type": "boolean", "trueValues": ["true"], "falseValues": ["false"],
                     "constraints": {"required": True}}, "Whether the sources give the date only roughly."),
    "recurrence": ({"type": "string", "constraints": {"pattern": r"R/\d{4}(-\d{2}(-\d{2})?)?/P1Y"}},
                   "For an event that recurs, the recurrence in ISO 8601 (R/2011/P1Y: every year from 2011)."),
    "type": ({"type": "string", "constraints": {"required": True}},  # and the types of the data (``_csv_schema``)
             "The identifier of the event's type; events.json gives its name in each language."),
    "places": ({"type": "string"}, "The identifiers of the places, separated by |."),
    "sources": ({"type": "string", "constraints": {"required": True}},
                "The sources, each as its identifier and the place in it, separated by |."),
    "people": ({"type": "string"}, "The identifiers of the people the event names, separated by |."),
    "organisations": ({"type": "string"}, "The identifiers of the organisations the event names, separated by |."),
}
_TEXT_FIELDS = {"title": "The title in {language}; empty while a translation is missing.",
                "summary": "The summary in {language}, in Markdown; empty while a translation is missing."}


def _csv_schema(chronology: Chronology) -> dict[str, Any]:
    """events.csv's Table Schema: ``csv_columns``, each with its type and what it may hold."""
    described = dict(_CSV_FIELDS)
    kind, description = described["type"]
    described["type"] = ({**kind, "constraints": {"required": True, "enum": sorted(chronology.types)}}, description)
    described |= {f"{field}_{language.code}": ({"type": "string"}, text.format(language=language.name))
                  for field, text in _TEXT_FIELDS.items() for language in chronology.languages}
    fields = [{"name": name, **described[name][0], "description": described[name][1]}
              for name in csv_columns(chronology.languages)]
    return {"fields": fields, "primaryKey": ["id"], "missingValues": [""]}


def data_package(chronology: Chronology, site_url: str, release: Release) -> dict[str, Any]:
    """``datapackage.json``: the open-data files as a Frictionless Data Package (v2), for the release."""
    def resource(name: str, path: str, kind: str, title: str, description: str, **more: Any) -> dict[str, Any]:
        return {"name": name, "type": kind, "path": path, "format": path.rsplit(".", 1)[1],
                "mediatype": MEDIA_TYPES[path], "encoding": "utf-8", "title": title, "description": description,
                **more}

    common = chronology.languages.common.code
    package: dict[str, Any] = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": PACKAGE_NAME, "title": i18n.SITE_TITLE,
        "description": "A chronology of cultural ties between Russia and Azerbaijan, built from published sources: "
                       "every event with its date, places, people, organisations and sources, in "
                       + ", ".join(language.name for language in chronology.languages) + ".",
        "version": release.version, "created": f"{release.date.isoformat()}T00:00:00Z",
        "licenses": [{"name": release.licence, "path": release.licence_url}],
        "contributors": [{"title": editor.display, "roles": ["editor"],
                          **({"familyName": editor.family} if editor.family else {}),
                          **({"givenName": editor.given} if editor.given else {})} for editor in release.editors],
    }
    if is_absolute(site_url):  # a root-relative address is no homepage
        package["homepage"] = routes.open_data(common).absolute(site_url)
    if release.repository:
        package["sources"] = [{"title": "The data file and the code the site is built from",
                               "path": release.repository}]
    package["resources"] = [
        resource("events", "events.csv", "table", "Events (CSV)", "One row per event, for spreadsheets.",
                 dialect={"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "header": True},
                 schema=_csv_schema(chronology)),
        resource("events-json", "events.json", "json", "The chronology (JSON)",
                 "Every event, type, place, source, person and organisation, each text in every language it has; "
                 "valid against the JSON Schema events.schema.json, which its $schema names.",
                 jsonSchema="events.schema.json"),
        resource("events-schema", "events.schema.json", "json", "JSON Schema of events.json",
                 "JSON Schema (draft 2020-12) of events.json."),
        resource("calendar", "events.ics", "file", "Events (iCalendar)",
                 "The events as all-day entries, in English, for calendar programs; events known only to have "
                 "happened on one day between two dates are left out."),
        resource("sources", "sources.json", "json", "Sources (CSL-JSON)",
                 "The sources the events are traced to, for reference managers."),
        resource("events-rdf", "events.ttl", "file", "The chronology (RDF Turtle)",
                 "Events, places, people and organisations in the schema.org vocabulary, with Wikidata links."),
    ]
    return package


def exports(chronology: Chronology, site_url: str, summaries: markup.Summaries, memory: Memory, release: Release
            ) -> dict[str, Callable[[], Assembled]]:
    """Every open-data file, by its name under ``/data/``, made when it is called for: with where each event's
    part is in it, for the files made of them."""
    def whole(make: Callable[[], bytes]) -> Callable[[], Assembled]:
        return lambda: Assembled(make())

    def calendar() -> Assembled:
        data, parts = _events_calendar(chronology, site_url, summaries, memory)
        return Assembled(data, _part_key("events.ics", chronology), parts)

    def text(made: tuple[str, tuple[tuple[str, int, int], ...]]) -> Assembled:
        return Assembled(made[0].encode(), "", made[1])

    return {
        "events.json": lambda: text(_events_json(chronology, site_url, memory)),
        "events.schema.json": whole(lambda: json_text(events_schema(site_url, chronology.languages)).encode()),
        "events.csv": lambda: text(_events_csv(chronology, memory)),
        "events.ics": calendar,
        "sources.json": whole(lambda: to_json(sources_csl(chronology)).encode()),
        "events.ttl": lambda: text(turtle.assembled_turtle(chronology, site_url, release, summaries, memory,
                                                           list(MEDIA_TYPES.items()))),
        "datapackage.json": whole(lambda: to_json(data_package(chronology, site_url, release)).encode()),
    }


def _part_key(name: str, chronology: Chronology) -> str:
    """What the events' parts of file ``name`` are made with besides the scope and their events."""
    return repr(data_timestamp(chronology)) if name == "events.ics" and chronology.events else ""


def carry_parts(saved_as: str, key: str, data: bytes, parts: Iterable[tuple[Event, int, int]],
                chronology: Chronology, site_url: str, memory: Memory) -> int:
    """Keep in ``memory``, as if made in this build, each of ``parts`` (an event as it was when its part was made,
    where the part is) of the open-data file saved as ``saved_as`` in a build before, whose bytes are ``data``: when
    the file's parts were made with ``key``, and each part is within the file. How many were kept."""
    name = next((name for name in _PART_STORES if routes.export(name).save_as == saved_as), None)
    if name is None or key != _part_key(name, chronology):
        return 0
    binary = name == "events.ics"
    try:
        whole: str | bytes = data if binary else data.decode("utf-8")
    except UnicodeDecodeError:
        return 0
    store, key_of = _PART_STORES[name]
    stamp = data_timestamp(chronology) if binary and chronology.events else None
    kept = 0
    for event, start, end in parts:
        if 0 <= start <= end <= len(whole):
            getattr(memory, store).put(key_of(event, site_url, stamp), event, whole[start:end], always=True)
            kept += 1
    return kept


#: Where ``memory`` keeps each event's part of each file made of them, and under which key (as the parts' makers
#: ask for them: ``_json_part``, ``_csv_part``, ``_vevent``, ``turtle.event_part``).
#: ``stamp`` is the calendar's DTSTAMP (``data_timestamp``).
_PART_STORES: dict[str, tuple[str, Callable[[Event, str, dt.datetime | None], object]]] = {
    "events.json": ("json_parts", lambda event, site_url, stamp: (event.id, site_url)),
    "events.csv": ("csv_rows", lambda event, site_url, stamp: event.id),
    "events.ics": ("calendar_entries", lambda event, site_url, stamp: (event.id, stamp, site_url)),
    "events.ttl": ("turtle_parts", lambda event, site_url, stamp: (event.id, site_url)),
}
