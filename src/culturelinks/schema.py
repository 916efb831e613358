"""The one declarative description of the data, used both to validate and to export JSON Schema."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LANGUAGES: tuple[str, ...] = ("az", "ru", "en")


@dataclass(frozen=True)
class Text:
    """A string scalar; ``expected`` is how messages and the JSON Schema describe a valid one."""

    description: str
    pattern: str | None = None
    expected: str = "text"
    max_length: int | None = None
    is_date: bool = False


@dataclass(frozen=True)
class Integer:
    description: str
    minimum: int
    maximum: int


@dataclass(frozen=True)
class Number:
    description: str
    minimum: float
    maximum: float


@dataclass(frozen=True)
class Boolean:
    description: str


@dataclass(frozen=True)
class Ref:
    """A key of one of the top-level tables (``types``, ``places``, ``sources``)."""

    table: str
    description: str


@dataclass(frozen=True)
class Localized:
    """Text in az, ru and en. Missing languages are errors when ``every_language`` is set,
    warnings (a translation still to do) otherwise."""

    description: str
    every_language: bool
    markdown: bool = False
    max_length: int | None = None


@dataclass(frozen=True)
class ListOf:
    item: Any
    description: str
    min_items: int = 0
    unique: bool = False


@dataclass(frozen=True)
class Field:
    name: str
    schema: Any
    required: bool = True


@dataclass(frozen=True)
class Record:
    """A mapping with named fields; at least ``min_fields`` of them when all are optional (a Choice
    only picks such a record for a mapping that has one of its keys, so validation never needs the count)."""

    description: str
    fields: tuple[Field, ...]
    min_fields: int = 0

    def field_named(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


@dataclass(frozen=True)
class Table:
    """A mapping from slug keys to records; the keys are what events refer to."""

    key: Text
    value: Any
    description: str


@dataclass(frozen=True)
class Choice:
    """A scalar form or one of several mapping forms of the same thing (a date); a mapping's keys say
    which form it is, and ``mixed_hint`` tells an editor who mixed the keys of two forms what each is."""

    scalar: Text
    mappings: tuple[Record, ...]
    description: str
    expected: str = field(default="")
    mixed_hint: str = ""


SLUG = Text("A stable lowercase ASCII identifier.", pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80,
            expected="a lowercase ASCII slug such as 'culture-days' (a-z, 0-9 and single hyphens)")
DATE_TEXT = Text("A date at the precision the source gives: a year, a month or a day.",
                 pattern=r"^[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?$", expected="YYYY, YYYY-MM or YYYY-MM-DD",
                 is_date=True)
NAMES = Localized("A name in Azerbaijani, Russian and English.", every_language=True, max_length=300)

DATE = Choice(
    DATE_TEXT,
    (
        Record("A period, or an approximate date.", (
            Field("start", DATE_TEXT),
            Field("end", DATE_TEXT, required=False),
            Field("approximate", Boolean("true when the source gives the date only roughly (circa)."),
                  required=False),
        )),
        Record("One day that is not known, between two dates (EDTF [earliest..latest]); either may be left out "
               "when the source gives no such bound.", (
            Field("earliest", DATE_TEXT, required=False),
            Field("latest", DATE_TEXT, required=False),
        ), min_fields=1),
        Record("From a date on, with no end (EDTF since/..); recurring when every is given.", (
            Field("since", DATE_TEXT),
            Field("every", Text("How often it recurs: every year.", pattern=r"^year$", expected="year"),
                  required=False),
        )),
    ),
    "When it happened: YYYY, YYYY-MM or YYYY-MM-DD; a period {start, end, approximate}; one unknown day "
    "between two dates {earliest, latest}; or from a date on {since, every}.",
    expected="YYYY, YYYY-MM or YYYY-MM-DD, or a mapping (a period, bounds or since)",
    mixed_hint="a period is {start, end, approximate}; one unknown day between two dates {earliest, latest}, "
               "either of them alone when the other is open; from a date on {since, every}",
)

PLACE = Record("A place events happen in.", (
    Field("name", NAMES),
    Field("country", Text("ISO 3166-1 alpha-2 country code.", pattern=r"^[A-Z]{2}$",
                          expected="a two-letter country code such as 'AZ' or 'RU'")),
    Field("coordinates", Record("WGS 84 decimal degrees.", (
        Field("lat", Number("Latitude.", -90, 90)),
        Field("lon", Number("Longitude.", -180, 180)),
    )), required=False),
    Field("wikidata", Text("Wikidata item id.", pattern=r"^Q[1-9][0-9]*$", expected="a Wikidata id such as 'Q649'"),
          required=False),
))

SOURCE = Record("A work in the bibliography.", (
    Field("author", Text("Author(s) as they appear on the work.", max_length=300), required=False),
    Field("title", Text("Title in the work's own language.", max_length=500)),
    Field("publication", Text("Where the work appeared.", max_length=300), required=False),
    Field("year", Integer("Year of publication.", 1000, 2100), required=False),
    Field("language", Text("ISO 639-1 code of the work's language.", pattern=r"^[a-z]{2}$",
                           expected="a two-letter language code such as 'az'")),
    Field("url", Text("Where the work can be read.", pattern=r"^https?://[^\s]+$",
                      expected="an http(s) URL"), required=False),
    Field("note", Localized("A note on the source.", every_language=True, markdown=True, max_length=2000),
          required=False),
))

CITATION = Record("A source of this event, with where in it.", (
    Field("source", Ref("sources", "A key of sources.")),
    Field("locator", Text("Where in the source: the article's own reference as written, e.g. '[1;137]' "
                          "(its reference 1, page 137), or a page.", max_length=100), required=False),
))

LANGUAGE_CODE = Text("One of the site's languages.", pattern=r"^(?:az|ru|en)$", expected="az, ru or en")
TRANSLATED = Record("Which text a translation was made from (written by `culturelinks translations --mark-done`).", (
    Field("from", LANGUAGE_CODE),
    Field("checksum", Text("A checksum of the title and summary it was translated from.",
                           pattern=r"^[0-9a-f]{16}$", expected="16 hexadecimal digits")),
))

EVENT = Record("A dated event or period.", (
    Field("id", SLUG),
    Field("date", DATE),
    Field("type", Ref("types", "A key of types.")),
    Field("places", ListOf(Ref("places", "A key of places."), "Where it happened.", unique=True)),
    Field("title", Localized("Short title, plain text.", every_language=False, max_length=300)),
    Field("summary", Localized("What happened, in Markdown.", every_language=False, markdown=True,
                               max_length=5000)),
    Field("sources", ListOf(CITATION, "The sources that attest it.", min_items=1)),
    Field("editorial_note", Localized("What the editors add that the sources do not say (a spelling they "
                                      "correct, say), in Markdown; shown apart from the summary, as theirs.",
                                      every_language=False, markdown=True, max_length=1000), required=False),
    Field("people", ListOf(NAMES, "People involved."), required=False),
    Field("organisations", ListOf(NAMES, "Organisations involved."), required=False),
    Field("tags", ListOf(SLUG, "Free keywords.", unique=True), required=False),
    Field("translations", Record("Translation records, by language.", tuple(
        Field(lang, TRANSLATED, required=False) for lang in LANGUAGES)), required=False),
))

DATASET = Record("A chronology of Russian–Azerbaijani cultural relations.", (
    Field("types", Table(SLUG, NAMES, "The closed vocabulary of event types, with their labels.")),
    Field("places", Table(SLUG, PLACE, "The places events refer to.")),
    Field("sources", Table(SLUG, SOURCE, "The bibliography events cite.")),
    Field("events", ListOf(EVENT, "The events, in any order (the site sorts them).", min_items=1)),
))


def _json(schema: Any) -> dict[str, Any]:
    match schema:
        case Text():
            out: dict[str, Any] = {"type": "string", "description": schema.description, "minLength": 1}
            if schema.pattern:
                out["pattern"] = schema.pattern
            if schema.max_length:
                out["maxLength"] = schema.max_length
            return out
        case Integer():
            return {"type": "integer", "description": schema.description,
                    "minimum": schema.minimum, "maximum": schema.maximum}
        case Number():
            return {"type": "number", "description": schema.description,
                    "minimum": schema.minimum, "maximum": schema.maximum}
        case Boolean():
            return {"type": "boolean", "description": schema.description}
        case Ref():
            return {**_json(SLUG), "description": schema.description}
        case Localized():
            text: dict[str, Any] = {"type": "string", "minLength": 1}
            if schema.max_length:
                text["maxLength"] = schema.max_length
            out = {"type": "object", "description": schema.description,
                   "properties": {lang: text for lang in LANGUAGES}, "additionalProperties": False}
            if schema.every_language:
                out["required"] = list(LANGUAGES)
            else:
                out["minProperties"] = 1
            return out
        case ListOf():
            out = {"type": "array", "description": schema.description, "items": _json(schema.item)}
            if schema.min_items:
                out["minItems"] = schema.min_items
            if schema.unique:
                out["uniqueItems"] = True
            return out
        case Record():
            out = {"type": "object", "description": schema.description,
                   "properties": {f.name: _json(f.schema) for f in schema.fields},
                   "required": [f.name for f in schema.fields if f.required],
                   "additionalProperties": False}
            if schema.min_fields:
                out["minProperties"] = schema.min_fields
            return out
        case Table():
            return {"type": "object", "description": schema.description,
                    "propertyNames": {"pattern": schema.key.pattern, "maxLength": schema.key.max_length},
                    "additionalProperties": _json(schema.value)}
        case Choice():
            return {"description": schema.description,
                    "oneOf": [_json(schema.scalar), *(_json(mapping) for mapping in schema.mappings)]}
    raise TypeError(f"no JSON Schema for {schema!r}")


def json_schema() -> dict[str, Any]:
    """The dataset's JSON Schema (draft 2020-12), for editors' completion and for tools."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "culturelinks chronology", **_json(DATASET)}
