"""``/data/events.ttl``: the chronology as RDF, in Turtle, saying what the pages' JSON-LD says (site.structured).

The vocabulary is schema.org's, in the namespace the pages' JSON-LD expands to: their ``"@context":
"https://schema.org"`` is schema.org's context document, which maps every term to ``http://schema.org/``
(schema.org keeps it so, schemaorg/schemaorg#2853, #3270), so a reader who merges the pages' statements with
these gets one vocabulary, not two.

Each event page describes its event in its own language; here each event is one resource, named by its page in
the site's common language (``…/en/events/{id}/#event``), with what every language's page says of it: a name and
a description in each language (tagged with the language each is really in: a missing translation shows
another), each page as a ``schema:url``, the dates as schema.org can take them (``xsd:date``, ``xsd:gYearMonth``
or ``xsd:gYear`` at the precision the sources give), the places, and the sources cited. Places, people and
organisations are resources of their own, named by their pages the same way, with Wikidata as ``schema:sameAs``
where the data has it; and the dataset is a ``schema:Dataset`` with the release's version, date and licence
(CITATION.cff, data.release).

The text is written here rather than by rdflib: a graph of a 10,000-event chronology takes seconds to build
and serialize, and each event's block is made once and kept (``Memory.turtle_parts``) like its part of the other
files. Everything is in a fixed order, so the same data gives the same bytes; tests read it back with rdflib.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence

from ..data.model import Chronology, Entity, Event, Localized, Organisation, Person, Place
from ..data.release import Release
from ..languages import Languages
from ..memory import Memory, part_spans
from ..text import markup
from . import i18n, routes, structured

#: The namespace of schema.org's JSON-LD context (see the module's docstring), and XML Schema's.
SCHEMA = "http://schema.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
PREFIXES = f"@prefix schema: <{SCHEMA}> .\n@prefix xsd: <{XSD}> .\n"

#: What an IRI cannot hold as it is (Turtle's IRIREF): percent-encoded, as RFC 3987 maps an IRI to a URI.
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')
#: What a string literal cannot hold as it is: the quote, the backslash and the line ends get ECHAR escapes,
#: the other controls UCHAR ones (Turtle allows them raw, but they would be invisible).
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_TO_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')
#: The dates schema.org's Date can be, at the precision the data gives, and the XML Schema type of each.
_DATE_TYPES = ((re.compile(r"\d{4}-\d{2}-\d{2}"), "date"), (re.compile(r"\d{4}-\d{2}"), "gYearMonth"),
               (re.compile(r"\d{4}"), "gYear"))


def iri(text: str) -> str:
    if _NOT_IN_IRI.search(text):  # rarely: looking first is the faster way through the many that need nothing
        text = _NOT_IN_IRI.sub(lambda match: "".join(f"%{byte:02X}" for byte in match[0].encode()), text)
    return f"<{text}>"


def string(text: str, lang: str | None = None) -> str:
    """A string literal, in language ``lang`` when it is text in a language (a name), plain when not (a code)."""
    if _TO_ESCAPE.search(text):
        text = _TO_ESCAPE.sub(lambda match: _ESCAPES.get(match[0], f"\\u{ord(match[0]):04X}"), text)
    return f'"{text}"' + (f"@{lang}" if lang else "")


def typed(lexical: str, datatype: str) -> str:
    return f"{string(lexical)}^^xsd:{datatype}"


def date(iso: str) -> str:
    """An ISO 8601 date at its precision (``1997``, ``1997-04``, ``1997-04-16``), typed as XML Schema types it."""
    for pattern, datatype in _DATE_TYPES:
        if pattern.fullmatch(iso):
            return typed(iso, datatype)
    return string(iso)


def number(value: float) -> str:
    return typed(repr(float(value)), "double")


#: A resource's statements: each predicate (``schema:name``, ``a``) and its objects, written; none leaves it out.
Statements = Sequence[tuple[str, Sequence[str]]]


def block(subject: str, statements: Statements) -> str:
    """A subject and its statements, one predicate a line."""
    lines = [f"{predicate} {_objects(objects)}" for predicate, objects in statements if objects]
    return f"{subject} " + " ;\n    ".join(lines) + " .\n"


def _objects(objects: Sequence[str]) -> str:
    """A predicate's objects: on one line, or a line each when they are several blank nodes."""
    several_nodes = len(objects) > 1 and any(written.startswith("[") for written in objects)
    return (",\n        " if several_nodes else ", ").join(objects)


def blank(statements: Statements) -> str:
    """A blank node written where it is the object (``[ a schema:PostalAddress ; … ]``)."""
    return "[ " + " ; ".join(f"{predicate} {', '.join(objects)}" for predicate, objects in statements
                             if objects) + " ]"


def distinct(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def in_each_language(text: Localized, codes: Sequence[str]) -> list[str]:
    """The text as each language's page shows it (``pick``: typeset, or another language's where it lacks one),
    each tagged with the language it is in."""
    return distinct(string(*text.pick(lang)) for lang in codes)


def pages(route: Callable[[str], routes.Route], site_url: str, codes: Sequence[str]) -> list[str]:
    return [iri(route(lang).absolute(site_url)) for lang in codes]


def resource(route: Callable[[str], routes.Route], site_url: str, codes: Sequence[str], fragment: str) -> str:
    """The IRI of what a page describes: its page in the site's common language, and the JSON-LD's fragment."""
    return iri(route(codes[0]).absolute(site_url) + "#" + fragment)


def _codes(site: Languages) -> tuple[str, ...]:
    """The site's languages, the common one first: its pages name the resources."""
    common = site.common.code
    return (common, *(code for code in site.codes if code != common))


def event_part(event: Event, site_url: str, summaries: markup.Summaries, memory: Memory) -> str:
    """The event's block (an event's block does not change when another event does)."""
    key = (event.id, site_url)
    known = memory.turtle_parts.get(key, event)
    if known is None:
        known = memory.turtle_parts.put(key, event, _event_block(event, site_url, summaries))
    return known


def event_iri(event_id: str, site_url: str, codes: Sequence[str]) -> str:
    return resource(functools.partial(_event_page, event_id=event_id), site_url, codes, "event")


def _event_page(lang: str, event_id: str) -> routes.Route:
    return routes.event(lang, event_id)


def _event_block(event: Event, site_url: str, summaries: markup.Summaries) -> str:
    codes = _codes(event.title.site)
    page = functools.partial(_event_page, event_id=event.id)
    dates = structured.event_dates(event.when)
    schedule = dates.get("eventSchedule")
    sources = {citation.source.id: citation.source for citation in event.sources}  # cited once however often
    descriptions = [event.summary.pick(lang) for lang in codes]
    return block(event_iri(event.id, site_url, codes), [
        ("a", ["schema:Event"]),
        ("schema:url", pages(page, site_url, codes)),
        ("schema:name", in_each_language(event.title, codes)),
        ("schema:description", distinct(string(summaries.excerpt(text), shown) for text, shown in descriptions)),
        ("schema:inLanguage", distinct(string(event.title.pick(lang)[1]) for lang in codes)),
        ("schema:startDate", [date(dates["startDate"])] if "startDate" in dates else []),
        ("schema:endDate", [date(dates["endDate"])] if "endDate" in dates else []),
        ("schema:eventSchedule", [blank([("a", ["schema:Schedule"]),
                                         ("schema:startDate", [date(schedule["startDate"])]),
                                         ("schema:repeatFrequency", [string(schedule["repeatFrequency"])])])]
         if schedule else []),
        ("schema:location", [place_iri(place.id, site_url, codes) for place in event.places]),
        ("schema:citation", [blank([
            ("a", ["schema:CreativeWork"]), ("schema:name", [string(source.title, source.language)]),
            ("schema:inLanguage", [string(source.language)]), ("schema:url", [iri(source.url)] if source.url else []),
            ("schema:datePublished", [date(str(source.year))] if source.year else [])])
            for source in sources.values()]),
        ("schema:keywords", [string(", ".join(event.tags))] if event.tags else []),
    ])


def place_iri(place_id: str, site_url: str, codes: Sequence[str]) -> str:
    return resource(lambda lang: routes.place(lang, place_id), site_url, codes, "place")


def _place_block(place: Place, site_url: str) -> str:
    codes = _codes(place.name.site)
    return block(place_iri(place.id, site_url, codes), [
        ("a", ["schema:Place"]),
        ("schema:url", pages(lambda lang: routes.place(lang, place.id), site_url, codes)),
        ("schema:name", in_each_language(place.name, codes)),
        ("schema:address", [blank([("a", ["schema:PostalAddress"]),
                                   ("schema:addressCountry", [string(place.country)])])]),
        ("schema:geo", [blank([("a", ["schema:GeoCoordinates"]), ("schema:latitude", [number(place.lat)]),
                               ("schema:longitude", [number(place.lon)])])]
         if place.lat is not None and place.lon is not None else []),
        ("schema:sameAs", [iri(structured.WIKIDATA_ENTITY + place.wikidata)] if place.wikidata else []),
    ])


def _entity_block(entity: Entity, site_url: str, events: Sequence[Event]) -> str:
    """A person or an organisation: what each language's page says in its JSON-LD (``entity_json_ld``), and every
    event that names them (a page lists only its first events)."""
    codes = _codes(entity.name.site)
    route: Callable[[str, str], routes.Route]
    if isinstance(entity, Person):
        kind, route = "Person", routes.person
        dates = {"birthDate": entity.born, "deathDate": entity.died}
    else:
        kind, route = "Organization", routes.organisation
        dates = {"foundingDate": entity.founded}
    page = lambda lang: route(lang, entity.id)  # noqa: E731
    names = [(code, text) for code, text in entity.name.texts]
    # A page gives the other languages' names, as written, where they differ from its own: all pages together.
    other_names = [string(text, code) for code, text in names
                   if any(lang != code and text != entity.name.get(lang) for lang in codes)]
    shown_dates = {key: structured.day_or_coarser(when) for key, when in dates.items()}
    place = entity.place if isinstance(entity, Organisation) else None
    return block(resource(page, site_url, codes, kind.lower()), [
        ("a", [f"schema:{kind}"]),
        ("schema:url", pages(page, site_url, codes)),
        ("schema:name", in_each_language(entity.name, codes)),
        ("schema:alternateName", other_names),
        ("schema:description", in_each_language(entity.description, codes) if entity.description else []),
        ("schema:sameAs", [iri(structured.WIKIDATA_ENTITY + entity.wikidata)] if entity.wikidata else []),
        *((f"schema:{key}", [date(iso)]) for key, iso in shown_dates.items() if iso is not None),
        ("schema:location", [place_iri(place.id, site_url, codes)] if place else []),
        ("schema:subjectOf", [event_iri(event.id, site_url, codes) for event in events]),
    ])


def _dataset_block(chronology: Chronology, site_url: str, release: Release, files: Sequence[tuple[str, str]]) -> str:
    codes = _codes(chronology.languages)
    return block(resource(routes.open_data, site_url, codes, "dataset"), [
        ("a", ["schema:Dataset"]),
        ("schema:url", pages(routes.open_data, site_url, codes)),
        ("schema:name", [string(i18n.SITE_TITLE, "en")]),
        ("schema:version", [string(release.version)]),
        ("schema:datePublished", [date(release.date.isoformat())]),
        ("schema:license", [iri(release.licence_url)]),
        ("schema:editor", [blank([("a", ["schema:Person"]), ("schema:familyName", [string(editor.family)]),
                                  *([("schema:givenName", [string(editor.given)])] if editor.given else [])])
                           if editor.family is not None else
                           blank([("a", ["schema:Organization"]), ("schema:name", [string(editor.display)])])
                           for editor in release.editors]),
        ("schema:inLanguage", [string(code) for code in chronology.languages.codes]),
        ("schema:codeRepository", [iri(release.repository)] if release.repository else []),
        ("schema:distribution", [blank([("a", ["schema:DataDownload"]),
                                        ("schema:contentUrl", [iri(routes.export(name).absolute(site_url))]),
                                        ("schema:encodingFormat", [string(mediatype)])])
                                 for name, mediatype in files]),
    ])


def events_turtle(chronology: Chronology, site_url: str, release: Release, summaries: markup.Summaries,
                  memory: Memory, files: Sequence[tuple[str, str]]) -> str:
    """The whole file: the dataset (``files``: each open-data file's name and media type), the places, the events
    (each block made only when ``memory`` does not have it), then the people and the organisations."""
    return assembled_turtle(chronology, site_url, release, summaries, memory, files)[0]


def assembled_turtle(chronology: Chronology, site_url: str, release: Release, summaries: markup.Summaries,
                     memory: Memory, files: Sequence[tuple[str, str]]
                     ) -> tuple[str, tuple[tuple[str, int, int], ...]]:
    """``events_turtle``, and where each event's block is in it (event id, start, end, in characters)."""
    naming: dict[tuple[str, str], list[Event]] = {}
    for event in chronology.events:
        for person in event.people:
            naming.setdefault(("person", person.id), []).append(event)
        for organisation in event.organisations:
            naming.setdefault(("organisation", organisation.id), []).append(event)
    parts = [PREFIXES, _dataset_block(chronology, site_url, release, files)]
    parts += [_place_block(place, site_url) for _, place in sorted(chronology.places.items())]
    start = sum(len(part) + 1 for part in parts)
    blocks = [event_part(event, site_url, summaries, memory) for event in chronology.events]
    spans = part_spans([event.id for event in chronology.events], blocks, start, 1)
    parts += blocks
    parts += [_entity_block(person, site_url, naming.get(("person", person_id), []))
              for person_id, person in sorted(chronology.people.items())]
    parts += [_entity_block(organisation, site_url, naming.get(("organisation", organisation_id), []))
              for organisation_id, organisation in sorted(chronology.organisations.items())]
    return "\n".join(parts), spans
