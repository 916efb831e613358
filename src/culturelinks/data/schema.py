"""The one declarative description of the data, used both to validate and to export JSON Schema."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..languages import DEFAULT, Languages

# -- the characters a text may hold -------------------------------------------------------------------

#: No text may hold these: the C0 controls but tab and line break, DEL and the C1 controls, surrogates,
#: U+FEFF (a byte order mark inside a text), and Unicode's noncharacters (U+FDD0-U+FDEF and the last two code
#: points of every plane). That is everything XML 1.0 forbids and more, so every feed, sitemap and page the
#: data goes into can be parsed, and the PDF edition (PDF/UA-1) can print every text (iCalendar readers drop
#: a U+FEFF at a value's start, too).
FORBIDDEN_RANGES: tuple[tuple[int, int], ...] = (
    (0x00, 0x08), (0x0B, 0x1F), (0x7F, 0x9F), (0xD800, 0xDFFF), (0xFDD0, 0xFDEF), (0xFEFF, 0xFEFF),
    *((plane + 0xFFFE, plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000)))
#: Only Markdown texts (summaries, notes) may span lines.
LINE_BREAK = 0x0A
#: Unicode's White_Space and Default_Ignorable_Code_Point characters: a text made only of these shows
#: nothing (zero-width spaces and joiners, U+2060, U+FEFF, soft hyphens, variation selectors, ...), so it
#: counts as empty.
INVISIBLE_RANGES: tuple[tuple[int, int], ...] = (
    (0x09, 0x0D), (0x20, 0x20), (0x85, 0x85), (0xA0, 0xA0), (0xAD, 0xAD), (0x34F, 0x34F), (0x61C, 0x61C),
    (0x115F, 0x1160), (0x1680, 0x1680), (0x17B4, 0x17B5), (0x180B, 0x180F), (0x2000, 0x200F), (0x2028, 0x202F),
    (0x205F, 0x206F), (0x3000, 0x3000), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF))


def _character_class(ranges: tuple[tuple[int, int], ...], negated: bool = False) -> str:
    """A regular expression class of the characters themselves, which Python and ECMA-262 (JSON Schema)
    read alike; none of them is a character that is special inside a class."""
    members = "".join(chr(low) if low == high else f"{chr(low)}-{chr(high)}" for low, high in ranges)
    return f"[{'^' if negated else ''}{members}]"


#: A character no text may hold (``FORBIDDEN_IN_MARKDOWN``), or that a one-line text may not hold.
FORBIDDEN_IN_MARKDOWN = _character_class(FORBIDDEN_RANGES)
FORBIDDEN_IN_LINE = _character_class(FORBIDDEN_RANGES + ((LINE_BREAK, LINE_BREAK),))
#: A character that shows: a text must hold one.
VISIBLE = _character_class(INVISIBLE_RANGES, negated=True)
_FORBIDDEN = {False: re.compile(FORBIDDEN_IN_LINE), True: re.compile(FORBIDDEN_IN_MARKDOWN)}
_VISIBLE = re.compile(VISIBLE)


def forbidden_characters(text: str, multiline: bool) -> list[tuple[int, str]]:
    """(index, character) of the first occurrence of each character ``text`` may not hold."""
    if text.isprintable() or not _FORBIDDEN[multiline].search(text):  # isprintable: the usual case, fast
        return []
    seen: dict[str, int] = {}
    for match in _FORBIDDEN[multiline].finditer(text):
        seen.setdefault(match.group(), match.start())
    return sorted((index, char) for char, index in seen.items())


def is_blank(text: str) -> bool:
    """True when nothing of ``text`` shows: it is empty, or only white space and invisible characters."""
    return _VISIBLE.search(text) is None


def character_kind(char: str) -> str:
    """What a character no text may hold is: ``control character``, ``line break``, ``noncharacter``, ``byte
    order mark``..."""
    code = ord(char)
    if code == LINE_BREAK:
        return "line break"
    if code == 0x0D:
        return "carriage return"
    if 0xD800 <= code <= 0xDFFF:
        return "lone surrogate"
    if 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
        return "noncharacter"
    if code == 0xFEFF:
        return "byte order mark"
    return "control character"


def character_name(char: str) -> str:
    """``control character U+0007``, ``noncharacter U+FFFE``: how messages name a character."""
    return f"{character_kind(char)} U+{ord(char):04X}"


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
    """A text in the site's languages (``languages.Languages``). A missing language is an error when
    ``every_language`` is set and the language is ``required`` (names), a warning (a translation still to do)
    otherwise."""

    description: str
    every_language: bool
    markdown: bool = False
    max_length: int | None = None
    #: A text some languages have and others need not (a work's title in the languages it is not written in):
    #: a missing language is no warning.
    partial: bool = False


@dataclass(frozen=True)
class LanguageCode:
    """The code of one of the site's languages."""

    description: str


@dataclass(frozen=True)
class PerLanguage:
    """A mapping from some of the site's languages to ``item``."""

    item: Any
    description: str


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
#: Years 0001 to 9998 (dates.LAST_YEAR); validate reads dates with dates.parse_date, whose messages say
#: which part is wrong, and this pattern says the same to other tools.
DATE_TEXT = Text("A date at the precision the source gives: a year, a month or a day; years 0001 to 9998.",
                 pattern=r"^(?!0000|9999)[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?$",
                 expected="YYYY, YYYY-MM or YYYY-MM-DD", is_date=True)
NAMES = Localized("A name in each of the site's languages.", every_language=True, max_length=300)

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

WIKIDATA = Text("Wikidata item id, written only when verified against a reliable copy of its record.",
                pattern=r"^Q[1-9][0-9]*$", expected="a Wikidata id such as 'Q649'")
ALIASES = PerLanguage(ListOf(Text("Another spelling of the name met in the sources.", max_length=300),
                             "Other spellings met in the sources, in this language.", min_items=1, unique=True),
                      "Other spellings of the name met in the sources, by language.")
DESCRIPTION = Localized("Who or what it is, in a few words, as the sources say.", every_language=False,
                        max_length=300)

PLACE = Record("A place events happen in.", (
    Field("name", NAMES),
    Field("country", Text("ISO 3166-1 alpha-2 country code.", pattern=r"^[A-Z]{2}$",
                          expected="a two-letter country code such as 'AZ' or 'RU'")),
    Field("coordinates", Record("WGS 84 decimal degrees.", (
        Field("lat", Number("Latitude.", -90, 90)),
        Field("lon", Number("Longitude.", -180, 180)),
    )), required=False),
    Field("wikidata", WIKIDATA, required=False),
))

SOURCE = Record("A work in the bibliography.", (
    Field("author", Text("Author(s) as they appear on the work.", max_length=300), required=False),
    Field("title", Text("Title in the work's own language.", max_length=500)),
    Field("translated_title", Localized("The title translated into the site's other languages; shown in square "
                                        "brackets after the original on their pages.", every_language=False,
                                        max_length=500, partial=True), required=False),
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

ENTITY_SOURCES = ListOf(CITATION, "The sources that say what the record states (its description and dates).",
                        min_items=1)

PERSON = Record("A person events name.", (
    Field("name", Localized("The name in each of the site's languages, in the form each uses (CONTRIBUTING).",
                            every_language=True, max_length=300)),
    Field("index_name", Localized("The name as the index of people lists it, when it is not the last word first "
                                  "('Əliyev, Heydər', made by default): 'Nizami Gəncəvi'.", every_language=False,
                                  max_length=300, partial=True), required=False),
    Field("aliases", ALIASES, required=False),
    Field("description", DESCRIPTION, required=False),
    Field("born", DATE, required=False),
    Field("died", DATE, required=False),
    Field("wikidata", WIKIDATA, required=False),
    Field("sources", ENTITY_SOURCES, required=False),
))

ORGANISATION = Record("An organisation events name: a body, an institution, a society, a company.", (
    Field("name", Localized("The name in each of the site's languages, in the form each uses (CONTRIBUTING).",
                            every_language=True, max_length=300)),
    Field("aliases", ALIASES, required=False),
    Field("description", DESCRIPTION, required=False),
    Field("founded", DATE, required=False),
    Field("place", Ref("places", "Where it is based: a key of places."), required=False),
    Field("wikidata", WIKIDATA, required=False),
    Field("sources", ENTITY_SOURCES, required=False),
))

TRANSLATED = Record("Which text a translation was made from (written by `culturelinks translations --mark-done`).", (
    Field("from", LanguageCode("The language it was translated from.")),
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
    Field("people", ListOf(Ref("people", "A key of people."), "The people it names.", unique=True),
          required=False),
    Field("organisations", ListOf(Ref("organisations", "A key of organisations."), "The organisations it names.",
                                  unique=True), required=False),
    Field("tags", ListOf(SLUG, "Free keywords.", unique=True), required=False),
    Field("translations", PerLanguage(TRANSLATED, "Translation records, by language."), required=False),
))

DATASET = Record("A chronology of Russian–Azerbaijani cultural relations.", (
    Field("types", Table(SLUG, NAMES, "The closed vocabulary of event types, with their labels.")),
    Field("places", Table(SLUG, PLACE, "The places events refer to.")),
    Field("people", Table(SLUG, PERSON, "The people events name."), required=False),
    Field("organisations", Table(SLUG, ORGANISATION, "The organisations events name."), required=False),
    Field("sources", Table(SLUG, SOURCE, "The bibliography events cite.")),
    Field("events", ListOf(EVENT, "The events, in any order (the site sorts them).", min_items=1)),
))


#: The character policy once, referred to by every text of a JSON Schema (``string_schema``); a schema that
#: uses them carries them as its ``$defs``.
DEFINITIONS = {
    "line": {"type": "string", "description": "One line of text: no control character, line break or noncharacter.",
             "minLength": 1, "not": {"pattern": FORBIDDEN_IN_LINE}},
    "markdown": {"type": "string", "description": "Markdown: lines of text without control characters (but tab) "
                 "or noncharacters.", "minLength": 1, "not": {"pattern": FORBIDDEN_IN_MARKDOWN}},
    "visible": {"description": "Something that shows: not only white space and invisible characters.",
                "pattern": VISIBLE},
}


def string_schema(pattern: str | None = None, max_length: int | None = None, markdown: bool = False
                  ) -> dict[str, Any]:
    """A text within the character policy that matches ``pattern`` as a whole, or else shows something."""
    out: dict[str, Any] = {"allOf": [{"$ref": f"#/$defs/{'markdown' if markdown else 'line'}"}]}
    if pattern:
        out["pattern"] = pattern
    else:
        out["allOf"].append({"$ref": "#/$defs/visible"})
    if max_length:
        out["maxLength"] = max_length
    return out


def _json(schema: Any, languages: Languages) -> dict[str, Any]:
    match schema:
        case Text():
            return {"description": schema.description, **string_schema(schema.pattern, schema.max_length)}
        case Integer():
            return {"type": "integer", "description": schema.description,
                    "minimum": schema.minimum, "maximum": schema.maximum}
        case Number():
            return {"type": "number", "description": schema.description,
                    "minimum": schema.minimum, "maximum": schema.maximum}
        case Boolean():
            return {"type": "boolean", "description": schema.description}
        case Ref():
            return {**_json(SLUG, languages), "description": schema.description}
        case LanguageCode():
            return {"description": schema.description, "enum": list(languages.codes)}
        case Localized():
            text = string_schema(None, schema.max_length, markdown=schema.markdown)
            out = {"type": "object", "description": schema.description,
                   "properties": {code: text for code in languages.codes}, "additionalProperties": False}
            required = [language.code for language in languages if language.required]
            if schema.every_language and required:
                out["required"] = required
            else:
                out["minProperties"] = 1
            return out
        case PerLanguage():
            return {"type": "object", "description": schema.description,
                    "properties": {code: _json(schema.item, languages) for code in languages.codes},
                    "additionalProperties": False}
        case ListOf():
            out = {"type": "array", "description": schema.description, "items": _json(schema.item, languages)}
            if schema.min_items:
                out["minItems"] = schema.min_items
            if schema.unique:
                out["uniqueItems"] = True
            return out
        case Record():
            out = {"type": "object", "description": schema.description,
                   "properties": {f.name: _json(f.schema, languages) for f in schema.fields},
                   "required": [f.name for f in schema.fields if f.required],
                   "additionalProperties": False}
            if schema.min_fields:
                out["minProperties"] = schema.min_fields
            return out
        case Table():
            return {"type": "object", "description": schema.description,
                    "propertyNames": string_schema(schema.key.pattern, schema.key.max_length),
                    "additionalProperties": _json(schema.value, languages)}
        case Choice():
            return {"description": schema.description,
                    "oneOf": [_json(schema.scalar, languages), *(_json(mapping, languages)
                                                                 for mapping in schema.mappings)]}
    raise TypeError(f"no JSON Schema for {schema!r}")


def json_schema(languages: Languages = DEFAULT) -> dict[str, Any]:
    """The dataset's JSON Schema (draft 2020-12) for a site in ``languages``, for editors' completion and tools."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "culturelinks chronology",
            **_json(DATASET, languages), "$defs": DEFINITIONS}


def part_schema(schema: Any, languages: Languages = DEFAULT) -> dict[str, Any]:
    """The JSON Schema of one part of the data (a record, a text) in ``languages``."""
    return _json(schema, languages)


#: What json.dumps leaves as it is though nobody could see it (it escapes only what comes before the space).
_UNSEEN = re.compile(_character_class(tuple((low, high) for low, high in FORBIDDEN_RANGES + INVISIBLE_RANGES
                                            if low > 0x20)))


def json_text(document: Any) -> str:
    """A JSON Schema as text: readable, with every character a reader could not see (those the patterns name)
    written as a JSON escape."""
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    return _UNSEEN.sub(lambda match: json.dumps(match.group())[1:-1], text)


def json_schema_text(languages: Languages = DEFAULT) -> str:
    """The JSON Schema as committed in schema/events.schema.json (for the site's three languages)."""
    return json_text(json_schema(languages))
