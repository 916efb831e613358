"""Frozen, typed records built only from validated data; what templates and exports see."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..languages import DEFAULT, Languages
from ..text.typography import typeset
from .dates import When, parse_date


@dataclass(frozen=True, slots=True)
class Localized:
    """One text in some of the site's languages: ``get`` gives it as written (what the exports and the
    translation checksums use), ``pick`` as readers see it — typeset for its language (text.typography),
    falling back to another language when a translation is missing (``choose``, as written; the order is
    the languages table's)."""

    texts: tuple[tuple[str, str], ...]
    site: Languages = DEFAULT

    @classmethod
    def of(cls, texts: Mapping[str, str] | None, site: Languages = DEFAULT) -> Localized | None:
        """The texts of a validated mapping (by language code), in the site's order; None for none."""
        if not texts:
            return None
        return cls(tuple((code, texts[code]) for code in site.codes if texts.get(code)), site)

    def get(self, lang: str) -> str | None:
        return next((text for code, text in self.texts if code == lang), None)

    def choose(self, lang: str) -> tuple[str, str]:
        """The text in ``lang``, else in the first language that stands in for it, as written: ``(text, its
        language)``."""
        for candidate in self.site.fallbacks(lang):
            for code, text in self.texts:
                if code == candidate and text:
                    return text, code
        raise LookupError("a Localized with no text")  # validation guarantees at least one language

    def pick(self, lang: str) -> tuple[str, str]:
        """What ``choose`` chooses, typeset for the language it is in: the text readers see."""
        text, shown = self.choose(lang)
        return typeset(text, self.site[shown].typography), shown

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(code for code, _ in self.texts)


@dataclass(frozen=True, slots=True)
class EventType:
    id: str
    label: Localized


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    name: Localized
    country: str
    lat: float | None = None
    lon: float | None = None
    wikidata: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    language: str
    author: str | None = None
    publication: str | None = None
    year: int | None = None
    url: str | None = None
    note: Localized | None = None
    site: Languages = DEFAULT
    translated_title: Localized | None = None

    @property
    def shown_title(self) -> str:
        """The title as readers see it: typeset for the work's language (``title`` is as written)."""
        return typeset(self.title, self.site[self.language].typography if self.language in self.site else "default")

    def title_translated(self, lang: str) -> str | None:
        """The title in ``lang``, typeset, when the work is in another language and the data gives it there."""
        if lang == self.language or self.translated_title is None or not self.translated_title.get(lang):
            return None
        return typeset(self.translated_title.get(lang) or "", self.site[lang].typography)


@dataclass(frozen=True, slots=True)
class Person:
    """A person events name, with what the sources say of them (``sources``)."""

    id: str
    name: Localized
    aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    description: Localized | None = None
    born: When | None = None
    died: When | None = None
    wikidata: str | None = None
    sources: tuple[Citation, ...] = ()
    #: The name as the index of people lists it, where the last word first would be wrong (``Nizami Gəncəvi``).
    index_name: Localized | None = None

    def indexed(self, lang: str) -> tuple[str, str]:
        """The name as the index lists it in ``lang``, and the language it is in: ``index_name``, or else the
        last word of the name first, ``Əliyev, Heydər``, ``Puşkin, A. S.``."""
        if self.index_name is not None and self.index_name.get(lang):
            return self.index_name.pick(lang)
        name, shown = self.name.pick(lang)
        # The last space, a no-break one too: typesetting joins initials to the surname (``A. S. Puşkin``).
        last = max(name.rfind(" "), name.rfind("\u00a0"), name.rfind("\u202f"))
        return (f"{name[last + 1:]}, {name[:last]}" if last > 0 else name), shown


@dataclass(frozen=True, slots=True)
class Organisation:
    """An organisation events name, with what the sources say of it (``sources``)."""

    id: str
    name: Localized
    aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    description: Localized | None = None
    founded: When | None = None
    place: Place | None = None
    wikidata: str | None = None
    sources: tuple[Citation, ...] = ()


#: A person or an organisation: what an entity page shows.
Entity = Person | Organisation


@dataclass(frozen=True, slots=True)
class Citation:
    source: Source
    locator: str | None = None


@dataclass(frozen=True, slots=True)
class Translated:
    """``lang``'s title and summary were translated from ``source_lang`` when its text had ``checksum``."""

    lang: str
    source_lang: str
    checksum: str


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    when: When
    type: EventType
    places: tuple[Place, ...]
    title: Localized
    summary: Localized
    sources: tuple[Citation, ...]
    people: tuple[Person, ...] = ()
    organisations: tuple[Organisation, ...] = ()
    tags: tuple[str, ...] = ()
    translated: tuple[Translated, ...] = ()
    editorial_note: Localized | None = None

    def languages_complete(self, lang: str) -> bool:
        """Whether the event has its own title and summary in ``lang`` (no fallback needed)."""
        return bool(self.title.get(lang)) and bool(self.summary.get(lang))


@dataclass(frozen=True, slots=True)
class Chronology:
    """The whole dataset; ``events`` are in chronological order (see ``dates`` for the rule); ``languages``
    are the site's, which its texts are in."""

    types: dict[str, EventType]
    places: dict[str, Place]
    sources: dict[str, Source]
    events: tuple[Event, ...]
    languages: Languages = DEFAULT
    people: dict[str, Person] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)

    def event(self, event_id: str) -> Event:
        return next(e for e in self.events if e.id == event_id)


def _when(value: str | dict[str, Any]) -> When:
    """The date in any of its forms (schema.DATE): a string, a period, bounds, or since."""
    if isinstance(value, str):
        return When(parse_date(value))

    def optional(key: str):
        return parse_date(value[key]) if value.get(key) else None

    if "since" in value:
        return When.since(parse_date(value["since"]), value.get("every"))
    if "earliest" in value or "latest" in value:
        return When.between(optional("earliest"), optional("latest"))
    return When(parse_date(value["start"]), optional("end"), value.get("approximate", False))


def build(data: dict[str, Any], site: Languages = DEFAULT) -> Chronology:
    """The model of validated data (``validate.check_source`` reported no errors) of a site in ``site``'s
    languages."""
    def text(texts: dict[str, str]) -> Localized:
        localized = Localized.of(texts, site)
        assert localized is not None, "validation refuses a text in no language"
        return localized

    types = {key: EventType(key, text(labels)) for key, labels in data["types"].items()}
    places = {key: Place(key, text(p["name"]), p["country"], p.get("coordinates", {}).get("lat"),
                         p.get("coordinates", {}).get("lon"), p.get("wikidata"))
              for key, p in data["places"].items()}
    sources = {key: Source(key, s["title"], s["language"], s.get("author"), s.get("publication"), s.get("year"),
                           s.get("url"), Localized.of(s.get("note"), site), site,
                           Localized.of(s.get("translated_title"), site))
               for key, s in data["sources"].items()}
    def cited(citations: list[dict[str, Any]]) -> tuple[Citation, ...]:
        return tuple(Citation(sources[c["source"]], c.get("locator")) for c in citations)

    def aliases(record: dict[str, Any]) -> tuple[tuple[str, tuple[str, ...]], ...]:
        given = record.get("aliases") or {}
        return tuple((code, tuple(given[code])) for code in site.codes if given.get(code))

    def when(value: Any) -> When | None:
        return _when(value) if value is not None else None

    people = {key: Person(key, text(p["name"]), aliases(p), Localized.of(p.get("description"), site),
                          when(p.get("born")), when(p.get("died")), p.get("wikidata"), cited(p.get("sources", [])),
                          Localized.of(p.get("index_name"), site))
              for key, p in (data.get("people") or {}).items()}
    organisations = {key: Organisation(key, text(o["name"]), aliases(o), Localized.of(o.get("description"), site),
                                       when(o.get("founded")), places[o["place"]] if o.get("place") else None,
                                       o.get("wikidata"), cited(o.get("sources", [])))
                     for key, o in (data.get("organisations") or {}).items()}
    chronology = Chronology(types, places, sources, (), site, people, organisations)
    events = [event(e, chronology, site) for e in data["events"]]
    return Chronology(types, places, sources, in_order(events), site, people, organisations)


def order_key(event: Event) -> tuple:
    """Where ``event`` goes in the chronology's order: by date (see ``dates``), then by id."""
    return event.when.sort_key(), event.id


def in_order(events: Iterable[Event]) -> tuple[Event, ...]:
    """Events in the chronology's order (``order_key``)."""
    return tuple(sorted(events, key=order_key))


def event(e: dict[str, Any], tables: Chronology, site: Languages = DEFAULT) -> Event:
    """The model of one validated event, whose references are keys of the ``tables``' types, places, sources,
    people and organisations."""
    types, places, sources = tables.types, tables.places, tables.sources
    def text(texts: dict[str, str]) -> Localized:
        localized = Localized.of(texts, site)
        assert localized is not None, "validation refuses a text in no language"
        return localized

    return Event(
        id=e["id"], when=_when(e["date"]), type=types[e["type"]],
        places=tuple(places[p] for p in e["places"]),
        title=text(e["title"]), summary=text(e["summary"]),
        sources=tuple(Citation(sources[c["source"]], c.get("locator")) for c in e["sources"]),
        people=tuple(tables.people[p] for p in e.get("people", ())),
        organisations=tuple(tables.organisations[o] for o in e.get("organisations", ())),
        tags=tuple(e.get("tags", ())),
        translated=tuple(Translated(lang, record["from"], record["checksum"])
                         for lang, record in e.get("translations", {}).items()),
        editorial_note=Localized.of(e.get("editorial_note"), site),
    )
