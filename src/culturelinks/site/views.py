"""The views: small frozen records of exactly what each page shows, made from the model.

Templates see only these (never raw data, never Pelican's context), and a page's fingerprint is
taken over the same records it is rendered from, so an incremental build equals a clean one by
construction. ``Views`` makes them for one build, caching what many pages share (an event's entry
in each language, the chart and filters of each language).
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from itertools import groupby

from babel.support import NullTranslations
from babel.units import format_unit
from markupsafe import Markup

from ..data.history import NO_REPOSITORY, History
from ..data.model import Chronology, Citation, Entity, Event, EventType, Localized, Organisation, Person, Place, Source
from ..data.release import Release
from ..memory import Memory
from ..text import collation, folding, markup, typography
from . import chart, citations, i18n, maps, routes, structured
from .changes import ChangesView, changes_view

#: How many related events an event page lists.
RELATED_LIMIT = 4


@dataclass(frozen=True, slots=True)
class Version:
    """The same page in one language, for the language switcher and the hreflang alternates."""

    lang: str
    url: str


@dataclass(frozen=True, slots=True)
class SiteLanguage:
    """One of the site's languages as a page in another shows it: its name for itself (the switcher) and
    "in Russian" in the page's language (the note on a text shown in it)."""

    code: str
    autonym: str
    in_language: str


@dataclass(frozen=True, slots=True)
class LocalText:
    """A text and the language it is really in (another one than the page's when a translation is missing)."""

    text: str
    lang: str


@dataclass(frozen=True, slots=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What every page's ``<head>`` and header need: the language, title and the other versions."""

    lang: str
    route: routes.Route
    title: str
    description: str
    versions: tuple[Version, ...]
    alternates: tuple[Version, ...]
    indexable: bool = True

    @property
    def hreflang(self) -> tuple[Version, ...]:
        """The hreflang alternates of the page's ``<head>`` and of its sitemap entry (``hreflang``)."""
        return hreflang(self.alternates)


def hreflang(alternates: tuple[Version, ...]) -> tuple[Version, ...]:
    """The hreflang alternates of a page's ``<head>`` and of its sitemap entry (one list, so the two cannot
    disagree): its versions in the site's language order, then the chooser as x-default; none for a page without
    versions (``alternates`` are in the site's order, as ``Views.versions`` makes them)."""
    return (*alternates, _X_DEFAULT) if alternates else ()


#: The chooser as every page's x-default (one object for the plan's 131,000 pages at 10,000 events).
_X_DEFAULT = Version("x-default", routes.chooser().url)


@dataclass(frozen=True, slots=True)
class Facets:
    """What the timeline's filters match an event on (``data-*`` attributes of its entry)."""

    type: str
    places: str
    #: The decade (``"1990"``), or ``"bounds"`` for an event whose date is known only within bounds.
    decade: str


@dataclass(frozen=True, slots=True)
class Entry:
    """One event as lists show it: the timeline, and the year, type, place and source pages."""

    event_id: str
    url: str
    #: The year it is listed under; None when its date is known only within bounds that span years.
    year: int | None
    date: i18n.LocalDate
    type: Link
    places: tuple[Link, ...]
    title: LocalText
    excerpt: LocalText
    facets: Facets


#: The records many pages show (an event's entry on its year, type, place and source pages and the timeline;
#: links, a source, a place): a page's fingerprint takes each as the digest of its fields, made once
#: (incremental.fingerprint). Each is a frozen dataclass, as every view record.
SHARED_RECORDS = frozenset({Entry, Link, LocalText, Facets, SiteLanguage, i18n.LocalDate, Source, Place, EventType,
                            Localized})
#: The shared records an entry is made of for itself alone (``_make_entry``): its date, its links, its texts and its
#: facets. Met inside an entry, their digests go into the entry's, which is kept, and are not kept themselves: they
#: would never be asked for again (about 200,000 at 10,000 events, 45 MB in each process that renders). One a page
#: holds itself is kept.
ENTRY_PARTS = frozenset({i18n.LocalDate, Link, LocalText, Facets})


@dataclass(frozen=True, slots=True)
class YearGroup:
    """A year's events, or those dated only within bounds (``year`` None); a long timeline lists none of them,
    only their ``count`` and the group's page. ``key`` names it in anchors (``1997``, ``bounds``), ``label`` is
    its heading."""

    year: int | None
    key: str
    label: str
    url: str
    entries: tuple[Entry, ...]
    count: int


@dataclass(frozen=True, slots=True)
class YearLink:
    """A link of the year navigation: a year's page, or that of the events dated only within bounds."""

    key: str
    label: str
    url: str


@dataclass(frozen=True, slots=True)
class DecadeGroup:
    decade: int
    label: str
    years: tuple[YearGroup, ...]


@dataclass(frozen=True, slots=True)
class Locator:
    """Where in a source an event is told, exactly as the data writes it. ``in_text`` marks the source's own
    in-text reference (the article's ``[4; 87, 126-142]``), shown as printed, under a label that says so."""

    printed: str
    in_text: bool = False


_IN_TEXT_REFERENCE = re.compile(r"^\[[^\[\]]+\]$")


def parse_locator(locator: str | None) -> Locator | None:
    """The locator as written; an in-text reference keeps its spaces unbroken, so it never wraps."""
    if not locator or not locator.strip():
        return None
    printed = locator.strip()
    if _IN_TEXT_REFERENCE.match(printed):
        return Locator(printed.replace(" ", "\u00a0"), in_text=True)
    return Locator(printed)


@dataclass(frozen=True, slots=True)
class Reference:
    """A source of the event, once however many times the event cites it, with where in it each time."""

    number: int
    source: Source
    source_url: str
    locators: tuple[Locator, ...]
    #: The work's title in the page's language, when it is written in another and the data translates it.
    translated_title: str | None = None


@dataclass(frozen=True, slots=True)
class EntityTable:
    """People or organisations, as the site shows them: the data's table, what one entry is called (the name of
    its list of events and of its part of the plan), its routes and its index page's heading and lead."""

    table: str
    kind: str
    index_route: Callable[[str], routes.Route]
    page_route: Callable[[str, str], routes.Route]
    heading: str
    lead: str

    def records(self, chronology: Chronology) -> Mapping[str, Entity]:
        return chronology.people if self.table == "people" else chronology.organisations


#: The two tables of entities, by table name (``ENTITY_TABLES["people"]``) and by kind (``ENTITY_KINDS["person"]``).
ENTITY_TABLES = {spec.table: spec for spec in (
    EntityTable("people", "person", routes.people, routes.person, i18n.N_("People"),
                i18n.N_("The people the chronology names, with the number of events that name each.")),
    EntityTable("organisations", "organisation", routes.organisations, routes.organisation,
                i18n.N_("Organisations"),
                i18n.N_("The organisations the chronology names, with the number of events that name each.")))}
ENTITY_KINDS = {spec.kind: spec for spec in ENTITY_TABLES.values()}


@dataclass(frozen=True, slots=True)
class EntityLink:
    """A person or an organisation as a page names it: the name, linking to its own page."""

    name: LocalText
    url: str


@dataclass(frozen=True, slots=True)
class EntityRow:
    """A line of the index of people or organisations: the name as the index lists it (a person's surname first),
    its page and how many events name it."""

    name: LocalText
    url: str
    count: int


@dataclass(frozen=True, slots=True)
class InitialGroup:
    """The names of an index under one initial letter; ``key`` names it in anchors."""

    letter: str
    key: str
    rows: tuple[EntityRow, ...]


@dataclass(frozen=True, slots=True)
class OtherName:
    """The name in another of the site's languages, after "In Russian" in the page's language."""

    language: str
    name: LocalText


@dataclass(frozen=True, slots=True)
class DatedFact:
    """A date of a person's or an organisation's record ("Born", "Founded") as the page's language writes it."""

    label: str
    date: i18n.LocalDate


@dataclass(frozen=True, slots=True)
class EntityPage:
    """What a person's or an organisation's page says of them above the events they appear in."""

    #: ``person`` or ``organisation``.
    kind: str
    #: The index of people or of organisations.
    index_url: str
    name: LocalText
    other_names: tuple[OtherName, ...]
    aliases: tuple[str, ...]
    description: LocalText | None
    dates: tuple[DatedFact, ...]
    place: Link | None
    wikidata: str | None
    references: tuple[Reference, ...]
    count: int


@dataclass(frozen=True, slots=True)
class PlaceRow:
    """A line of the list of places under the map: the name, its page, how many events, and whether it is on
    the map (a place without coordinates is not)."""

    name: str
    url: str
    count: int
    on_map: bool


@dataclass(frozen=True, slots=True)
class EventCitation:
    """"Cite this event": the citation in the page language's convention (``convention`` names it), the
    reference-manager files beside the page, and what they all say (``cited``, which the head's
    ``citation_*`` tags give too)."""

    html: Markup
    convention: Markup
    #: The form of the date of access the convention asks the reader to add, or None.
    access: str | None
    files: tuple[FileLink, ...]
    cited: citations.CitedPage


#: How the page names each convention of site.citations.STYLES, in its own language.
CONVENTIONS = {"ru": i18n.N_("Formatted per GOST R 7.0.100-2018, the standard Russian journals require."),
               "az": i18n.N_("Formatted per AZS 754-2013 and the rules of the Higher Attestation Commission, "
                             "as Azerbaijani journals and dissertations require."),
               "en": i18n.N_("Formatted per %(manual)s, 18th edition (bibliography entry).")}
#: The book a convention is named after, as a title is set: in italics.
CONVENTION_BOOKS = {"manual": Markup("<cite>The Chicago Manual of Style</cite>")}
@dataclass(frozen=True, slots=True)
class FileLink:
    """A link to a file to download: its name on the page, its address and its media type."""

    label: str
    url: str
    media_type: str


@dataclass(frozen=True, slots=True)
class EventPage:
    entry: Entry
    summary: Markup
    summary_lang: str
    fallback_lang: str | None
    people: tuple[EntityLink, ...]
    organisations: tuple[EntityLink, ...]
    references: tuple[Reference, ...]
    previous: Entry | None
    next: Entry | None
    related: tuple[Entry, ...]
    editorial_note: LocalText | None = None
    """Rendered Markdown: what the editors add, shown apart from what the sources say."""


@dataclass(frozen=True, slots=True)
class Pager:
    """Where one page of a long listing stands among its pages."""

    number: int
    pages: tuple[Link, ...]

    @property
    def previous(self) -> Link | None:
        return self.pages[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> Link | None:
        return self.pages[self.number] if self.number < len(self.pages) else None


@dataclass(frozen=True, slots=True)
class Listing:
    """A titled list of events grouped by year: a year, a type, a place or a source; one page of it
    when it is long (``pager``)."""

    heading: str
    years: tuple[YearGroup, ...]
    pager: Pager | None = None
    heading_lang: str | None = None
    #: The heading in the page's language, in square brackets after it (a work's title in another language).
    heading_translated: str | None = None


@dataclass(frozen=True, slots=True)
class SourceEntry:
    """A work of the bibliography; its events are listed here, or only counted when the
    bibliography would grow long (they are always on the source's own page, ``url``)."""

    source: Source
    anchor: str
    note: LocalText | None
    url: str
    count: int
    cited_by: tuple[Entry, ...]
    #: The work's title in the page's language, when it is written in another and the data translates it.
    translated_title: str | None = None


@dataclass(frozen=True, slots=True)
class DataRelease:
    """The release of the data, as the Open data page states it (CITATION.cff, data.release)."""

    version: str
    #: The release's day in the page's language, and as ISO 8601 (``<time datetime>``).
    date: str
    day: str
    #: The licence's SPDX id, linked to its text.
    licence: Link
    #: The editors' names as prose writes them (people and bodies, as CITATION.cff's authors).
    editors: tuple[str, ...]
    #: The Open data page cited in the page language's convention (site.citations), as the dataset's citation.
    citation: Markup


@dataclass(frozen=True, slots=True)
class EditionLink:
    """The PDF edition of a language, as the footer and the Open data page link it: its address, and its size
    and pages as the page's language writes them (None in ``serve``, which makes it only when asked for)."""

    url: str
    size: str | None = None
    pages: str | None = None
    #: A volume's number and what it holds (``1990–2009 гг.``); None for a book of one volume.
    volume: str | None = None
    label: str | None = None


@dataclass(frozen=True, slots=True)
class Doorway:
    """One language's way into the site, on the multilingual chooser and 404 pages."""

    lang: str
    autonym: str
    heading: str
    text: str
    link_text: str
    url: str


SITE_TITLE = i18n.SITE_TITLE
BOUNDS_HEADING = i18n.N_("Date known only within bounds")
BOUNDS_TEXT = i18n.N_("The sources date each of these events only within bounds that span more than one year "
                      "(for example, “no later than 2020”), so no year’s page lists them.")
SITE_TAGLINE = i18n.N_("A chronology of cultural ties between Russia and Azerbaijan, built from published sources.")
CHOOSER_LINK = i18n.N_("Open the chronology")
NOT_FOUND_HEADING = i18n.N_("Page not found")
NOT_FOUND_TEXT = i18n.N_("There is no page at this address. It may have moved, or the link may be mistyped.")


def references_of(citations: Iterable[Citation], lang: str) -> tuple[Reference, ...]:
    """The sources of ``citations``, each once, in the order first cited, with every locator given."""
    cited: dict[str, list[Citation]] = {}
    for citation in citations:
        cited.setdefault(citation.source.id, []).append(citation)
    return tuple(
        Reference(number, citations[0].source, routes.source_anchor(lang, source_id).url,
                  tuple(found for found in (parse_locator(c.locator) for c in citations) if found is not None),
                  citations[0].source.title_translated(lang))
        for number, (source_id, citations) in enumerate(cited.items(), start=1))


def local(text: Localized, lang: str) -> LocalText:
    return LocalText(*text.pick(lang))


def group_by_year(entries: Iterable[Entry]) -> list[tuple[int | None, tuple[Entry, ...]]]:
    """The entries of each year, in order, then those dated only within bounds (year None) in one group."""
    listed = list(entries)
    dated = [(year, tuple(group)) for year, group in groupby((entry for entry in listed if entry.year is not None),
                                                             key=lambda entry: entry.year)]
    bounded = tuple(entry for entry in listed if entry.year is None)
    return [*dated, *([(None, bounded)] if bounded else [])]


def _lists_of(event: Event) -> list[ListName]:
    """The index's lists that hold ``event``: its year's (or, when its year is not known, the list of the events
    dated only within bounds), its type's, its places', its sources', its people's and its organisations'."""
    return [("year", event.when.year) if event.when.year_is_known else BOUNDS, ("type", event.type.id),
            *(("place", place.id) for place in event.places),
            *(("source", source_id) for source_id in dict.fromkeys(citation.source.id for citation in event.sources)),
            *(("person", person.id) for person in event.people),
            *(("organisation", organisation.id) for organisation in event.organisations)]


#: A list of the index, by name: ``("year", 1997)``, ``("type", id)``, ``("place", id)``, ``("source", id)``,
#: ``("person", id)``, ``("organisation", id)``,
#: ``BOUNDS`` (the events whose date is known only within bounds that span years), or ``("all",)``, every event.
ListName = tuple
BOUNDS: ListName = ("bounds",)
#: Something a page shows, as its context reads it from the views (``Views.recording``): an event
#: (``("event", id)``), a list's events in order (``("list", *name)``), the events around one in a list
#: (``("window", name, id, size)``), the years (``("years",)``), where every event is listed
#: (``("placements",)``) or the releases and the changes not yet released (``("history",)``). ``Views.fact_value``
#: says what each is, so an edit's changed facts can be found.
Fact = tuple


def decade_of(year: int) -> int:
    """The decade a year is in, as the timeline, its filters and the entries' facets group them."""
    return year // 10 * 10


def placement(event: Event) -> tuple:
    """What puts ``event`` in the index's lists, the charts and the filters: its year (and whether it is known),
    its type, its places and its sources."""
    return event.when.year_is_known, _lists_of(event)


@dataclass(frozen=True, slots=True)
class EventIndex:
    """The events of each list (each year, type, place and source, and those dated only within bounds), each in
    chronological order, by the list's name; and each event's place in its type's and places' lists."""

    lists: Mapping[ListName, tuple[Event, ...]]
    positions: dict[tuple[ListName, str], int]

    @classmethod
    def of(cls, chronology: Chronology) -> EventIndex:
        lists: dict[ListName, list[Event]] = {("type", key): [] for key in chronology.types}
        lists |= {("place", key): [] for key in chronology.places}
        lists |= {("source", key): [] for key in chronology.sources}
        lists |= {("person", key): [] for key in chronology.people}
        lists |= {("organisation", key): [] for key in chronology.organisations}
        for event in chronology.events:
            for name in _lists_of(event):
                lists.setdefault(name, []).append(event)
        frozen = {name: tuple(events) for name, events in lists.items()}
        positions = {(name, event.id): at for name, events in frozen.items() if name[0] in ("type", "place")
                     for at, event in enumerate(events)}
        return cls(frozen, positions)

    def with_replaced(self, events: Mapping[str, Event]) -> EventIndex:
        """This index with ``events`` (by id) in place of the events of the same id, each of which keeps its
        ``placement`` and its place in the chronology's order: only the lists that hold them are made again."""
        lists = dict(self.lists)
        for name in {name for event in events.values() for name in _lists_of(event)}:
            lists[name] = tuple(events.get(event.id, event) for event in lists[name])
        return EventIndex(lists, self.positions)

    @property
    def by_year(self) -> dict[int, tuple[Event, ...]]:
        """The events of each year they are certainly of, by year."""
        return {name[1]: events for name, events in self.lists.items() if name[0] == "year"}

    @property
    def bounded(self) -> tuple[Event, ...]:
        """The events whose date is known only within bounds that span years, in order."""
        return self.lists.get(BOUNDS, ())

    def named(self, name: ListName) -> tuple[Event, ...]:
        """The list ``name`` (``ListName``); an empty one for a name no event is in."""
        return self.lists.get(name, ())

    def window(self, name: ListName, event_id: str, count: int) -> tuple[Event, ...]:
        """Up to ``count`` events on each side of event ``event_id`` in the type or place list ``name``, and it."""
        events = self.named(name)
        at = self.positions.get((name, event_id))
        return () if at is None else events[max(0, at - count):at + count + 1]

    def neighbour_lists(self, event: Event) -> list[ListName]:
        """The lists related events are found in: the event's type's and its places'."""
        return [("type", event.type.id), *(("place", place.id) for place in event.places)]

    def neighbours(self, event: Event, count: int) -> list[Event]:
        """Up to ``count`` events on each side of ``event`` in its type's and its places' lists."""
        return [other for name in self.neighbour_lists(event) for other in self.window(name, event.id, count)
                if other.id != event.id]


@dataclass(frozen=True, slots=True)
class ContentPage:
    """One of the Markdown pages of ``content/pages/`` (read by Pelican) as its template shows it."""

    title: str
    html: Markup


@dataclass(frozen=True, slots=True)
class Option:
    value: str
    label: str
    url: str


@dataclass(frozen=True, slots=True)
class Filters:
    """The timeline's filters: options for the script's selects, and the same as links for readers without it."""

    types: tuple[Option, ...]
    places: tuple[Option, ...]
    decades: tuple[Option, ...]
    years: tuple[Option, ...]
    messages: str
    """JSON: the "N events shown" text for each CLDR plural category, ``{count}`` for the number."""


def plural_messages(translations: NullTranslations, locale_name: str) -> dict[str, str]:
    """Each plural category of ``lang`` (CLDR, as ``Intl.PluralRules`` names them) and its message."""
    locale = i18n.babel_locale(locale_name)
    messages: dict[str, str] = {}
    for count in range(0, 200):
        category = locale.plural_form(count)
        if category not in messages:
            messages[category] = translations.ngettext("%(count)s event shown", "%(count)s events shown",
                                                       count) % {"count": "{count}"}
    return messages


def _by_label(options: Iterable[Option], locale: str) -> tuple[Option, ...]:
    """``options`` in ``locale``'s alphabetical order of their labels."""
    key = collation.sort_key(locale)
    return tuple(sorted(options, key=lambda option: (key(option.label), option.value)))


class Views:
    """Every view of one build: ``chronology`` as the pages of each language show it.

    ``site_url`` is SITEURL (JSON-LD needs absolute URLs); ``listing_limit`` the most events a
    listing shows on one page; ``content_pages`` the Markdown pages of each language, for the
    navigation of every page.
    """

    def __init__(self, chronology: Chronology, translations: dict[str, NullTranslations], summaries: markup.Summaries,
                 site_url: str, listing_limit: int, content_pages: dict[str, tuple[Link, ...]],
                 index: EventIndex | None = None, memory: Memory | None = None, release: Release | None = None,
                 history: History | None = None):
        self.chronology = chronology
        #: The dataset's version, date, editors and licence (CITATION.cff); None only where no page cites it.
        self.release = release
        #: The releases tagged in the data's git history and what each changed (data.history; the Changes page).
        self.history = history if history is not None else History(missing=NO_REPOSITORY, detail="no history given")
        #: What this build made that the next may reuse (serve keeps it between builds).
        self.memory = memory if memory is not None else Memory()
        self.languages = chronology.languages
        self.translations = translations
        self.summaries = summaries
        self.site_url = site_url
        self.listing_limit = listing_limit
        self.content_pages = content_pages
        self.index = index if index is not None else EventIndex.of(chronology)
        self._entries: dict[tuple[str, str], Entry] = {}
        self._excerpts: dict[tuple[str, str], LocalText] = {}
        self._filters: dict[str, Filters] = {}
        self._charts: dict[str, chart.Chart] = {}
        self._related: dict[str, tuple[tuple[Event, ...], tuple[Fact, ...]]] = {}
        self._dates: dict[str, i18n.DateWriter] = {}
        #: The facts the context being made reads (``recording``), or None when none is being recorded.
        self._noted: set[Fact] | None = None
        self._folding = self.languages.folding()
        self._site_languages: dict[str, tuple[SiteLanguage, ...]] = {}
        #: Each event page's citation, asked for by the page and by its three files: made once.
        self._citations: dict[tuple[str, str], EventCitation] = {}
        #: Each event page's versions and hreflang alternates, the same for its page in every language: made once.
        self._event_versions: dict[str, tuple[tuple[Version, ...], tuple[Version, ...]]] = {}
        #: The PDF edition of each language the site has (output.pdf), its volumes in order, set before the pages
        #: are planned.
        self.editions: dict[str, tuple[EditionLink, ...]] = {}
        #: The introduction of each language's book: a Markdown page's title and HTML (plugin.generator).
        self.introductions: dict[str, tuple[str, str]] = {}

    def translator(self, lang: str):
        """The gettext function of ``lang``."""
        return self.translations[lang].gettext

    def dates(self, lang: str) -> i18n.DateWriter:
        """How ``lang`` writes dates."""
        if lang not in self._dates:
            self._dates[lang] = i18n.dates_in(self.languages[lang], self.translator(lang))
        return self._dates[lang]

    @cached_property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted(self.index.by_year))

    @cached_property
    def event_numbers(self) -> dict[str, int]:
        """Each event's place in chronological order, by id."""
        return {event.id: number for number, event in enumerate(self.chronology.events)}

    @property
    def timeline_is_listed(self) -> bool:
        """Whether the timeline lists every event, or only counts each year's (a long chronology)."""
        return len(self.chronology.events) <= self.listing_limit

    # -- what each page shows ------------------------------------------------------------------------

    @contextmanager
    def recording(self) -> Iterator[set[Fact]]:
        """Record the facts the views give while a page's context is made (the plan makes it inside): the
        record serve's quick builds ask which pages an edit touches (serve.quick.outdated_pages)."""
        noted: set[Fact] = set()
        outer, self._noted = self._noted, noted
        try:
            yield noted
        finally:
            self._noted = outer

    def _note(self, fact: Fact) -> None:
        if self._noted is not None:
            self._noted.add(fact)

    def listed(self, name: ListName) -> tuple[Event, ...]:
        """The events of list ``name`` (``("all",)``: every event), in order."""
        self._note(("list", *name))
        return self.chronology.events if name == ("all",) else self.index.named(name)

    def fact_value(self, fact: Fact) -> object:
        """What ``fact`` is in these views: equal in two views when the pages that show it show the same."""
        kind = fact[0]
        if kind == "event":
            number = self.event_numbers.get(fact[1])
            return None if number is None else self.chronology.events[number]
        if kind == "list":
            return tuple(event.id for event in (self.chronology.events if fact[1:] == ("all",)
                                                else self.index.named(fact[1:])))
        if kind == "window":
            name, event_id, count = fact[1:]
            if name == ("all",):
                at = self.event_numbers.get(event_id)
                events = () if at is None else self.chronology.events[max(0, at - count):at + count + 1]
            else:
                events = self.index.window(name, event_id, count)
            return tuple(event.id for event in events)
        if kind == "years":
            return self.years
        if kind == "placements":
            return frozenset((event.id, placement(event)) for event in self.chronology.events)
        if kind == "history":
            return self.history
        raise ValueError(f"no such fact: {fact!r}")

    def changed_facts(self, before: Views, facts: Iterable[Fact]) -> set[Fact]:
        """The ``facts`` whose value (``fact_value``) differs in ``before`` and these views, found without
        computing every value: an event's record is new only when its event changed (so events, and where each
        is listed, compare by identity first), and a window only changes when its list does."""
        changed: set[Fact] = set()
        by_kind: dict[str, list[Fact]] = {}
        for fact in facts:
            by_kind.setdefault(fact[0], []).append(fact)
        old_numbers, new_numbers = before.event_numbers, self.event_numbers
        old_events, new_events = before.chronology.events, self.chronology.events
        edited = {event_id for event_id, number in new_numbers.items()
                  if event_id not in old_numbers or old_events[old_numbers[event_id]] is not new_events[number]}
        edited |= old_numbers.keys() - new_numbers.keys()
        changed |= {fact for fact in by_kind.get("event", ()) if fact[1] in edited}
        names = {fact[1:] for fact in by_kind.get("list", ())} | {fact[1] for fact in by_kind.get("window", ())}
        lists = {name: before.fact_value(("list", *name)) != self.fact_value(("list", *name)) for name in names}
        changed |= {fact for fact in by_kind.get("list", ()) if lists[fact[1:]]}
        changed |= {fact for fact in by_kind.get("window", ())
                    if lists[fact[1]] and before.fact_value(fact) != self.fact_value(fact)}
        if by_kind.get("placements") and (old_numbers.keys() != new_numbers.keys() or any(
                placement(old_events[old_numbers[event_id]]) != placement(new_events[new_numbers[event_id]])
                for event_id in edited if event_id in old_numbers and event_id in new_numbers)):
            changed.add(("placements",))
        changed |= {fact for fact in by_kind.get("years", ()) if before.fact_value(fact) != self.fact_value(fact)}
        unknown = by_kind.keys() - {"event", "list", "window", "placements", "years"}
        changed |= {fact for kind in unknown for fact in by_kind[kind]
                    if before.fact_value(fact) != self.fact_value(fact)}
        return changed

    # -- what every page has -------------------------------------------------------------------------

    def versions(self, route_of, languages: Iterable[str] | None = None) -> tuple[Version, ...]:
        """The page ``route_of`` makes in each of ``languages`` (the site's), in the site's order."""
        return tuple(Version(lang, route_of(lang).url) for lang in self.languages.codes
                     if languages is None or lang in languages)

    def event_versions(self, event: Event) -> tuple[tuple[Version, ...], tuple[Version, ...]]:
        """An event page's versions in every language, and its alternates: those in the languages the event has its
        own title and summary in (the others show another language's text). Made once for the event's pages."""
        made = self._event_versions.get(event.id)
        if made is None:
            def route_of(code: str) -> routes.Route:
                return routes.event(code, event.id)

            complete = [code for code in self.languages.codes if event.languages_complete(code)]
            made = self._event_versions[event.id] = (self.versions(route_of), self.versions(route_of, complete))
        return made

    def site_languages(self, lang: str) -> tuple[SiteLanguage, ...]:
        """The site's languages as a page in ``lang`` names them."""
        if lang not in self._site_languages:
            gettext = self.translator(lang)
            self._site_languages[lang] = tuple(SiteLanguage(language.code, language.autonym,
                                                            gettext(language.in_language or language.name))
                                               for language in self.languages)
        return self._site_languages[lang]

    def chrome(self, lang: str, meta: PageMeta) -> dict[str, object]:
        """What the layout of every page shows besides the page itself."""
        return {"lang": lang, "meta": meta, "nav": self.content_pages.get(lang, ()),
                "site_languages": self.site_languages(lang), "site_title": self.translator(lang)(SITE_TITLE),
                "editions": self.editions.get(lang, ())}

    # -- entries ---------------------------------------------------------------------------------------

    def entry(self, event: Event, lang: str) -> Entry:
        """One event as lists show it; made once per language, however many lists show it."""
        if self._noted is not None:
            self._noted.add(("event", event.id))
        key = (event.id, lang)
        entry = self._entries.get(key)
        if entry is None:
            entry = self._entries[key] = self._make_entry(event, lang)
        return entry

    def entries(self) -> list[Entry]:
        """Every entry made so far: the records most pages share (serve digests them ahead, output.fingerprint)."""
        return list(self._entries.values())

    def adopt(self, other: Views, except_ids: set[str], overviews: bool) -> None:
        """Take what ``other`` made that an edit of the events ``except_ids`` leaves as it was: the entries (and
        excerpts) of the other events (an entry shows only its event, and the types, places and sources, which
        both views must share); and with ``overviews``, when no edited event changed its ``placement``, each
        language's chart and filters."""
        self._entries.update(other._entries)
        self._excerpts.update(other._excerpts)
        self.editions = dict(other.editions)  # serve makes the books only when asked for: their links stay
        self.introductions = dict(other.introductions)
        for event_id in except_ids:
            for lang in self.languages.codes:
                self._entries.pop((event_id, lang), None)
                self._excerpts.pop((event_id, lang), None)
        if overviews:
            self._charts.update(other._charts)
            self._filters.update(other._filters)

    def excerpt(self, event: Event, lang: str) -> LocalText:
        """The start of the event's summary in ``lang``, as its entry and its page's description show it; made once
        (the plan asks for it, without making the entry, which a build that keeps most pages never needs)."""
        key = (event.id, lang)
        made = self._excerpts.get(key)
        if made is None:
            source, source_lang = event.summary.pick(lang)
            made = self._excerpts[key] = LocalText(self.summaries.excerpt(source), source_lang)
        return made

    def _make_entry(self, event: Event, lang: str) -> Entry:
        return Entry(
            event_id=event.id,
            url=routes.event(lang, event.id).url,
            year=event.when.year if event.when.year_is_known else None,
            date=self.dates(lang).when(event.when),
            type=Link(event.type.label.pick(lang)[0], routes.event_type(lang, event.type.id).url),
            places=tuple(Link(place.name.pick(lang)[0], routes.place(lang, place.id).url) for place in event.places),
            title=local(event.title, lang),
            excerpt=self.excerpt(event, lang),
            facets=Facets(event.type.id, " ".join(place.id for place in event.places),
                          str(decade_of(event.when.year)) if event.when.year_is_known else "bounds"),
        )

    def year_groups(self, events: Iterable[Event], lang: str) -> tuple[YearGroup, ...]:
        """``events`` by year, those dated only within bounds last, apart."""
        entries = [self.entry(event, lang) for event in events]
        return tuple(self._group(year, group, len(group), lang) for year, group in group_by_year(entries))

    def _group(self, year: int | None, entries: tuple[Entry, ...], count: int, lang: str) -> YearGroup:
        if year is None:
            return YearGroup(None, "bounds", self.translator(lang)(BOUNDS_HEADING), routes.bounds(lang).url, entries,
                             count)
        return YearGroup(year, str(year), str(year), routes.year(lang, year).url, entries, count)

    # -- the timeline ----------------------------------------------------------------------------------

    def decades(self, lang: str) -> tuple[DecadeGroup, ...]:
        """The timeline's decades and years, with their events listed or, when long, only counted."""
        if self.timeline_is_listed:
            years = [group for group in self.year_groups(self.listed(("all",)), lang) if group.year is not None]
        else:
            self._note(("years",))
            years = [self._group(year, (), len(self.listed(("year", year))), lang) for year in self.years]
        return tuple(DecadeGroup(decade, self.dates(lang).decade(decade), tuple(group))
                     for decade, group in groupby(years, key=lambda year: decade_of(year.year or 0)))

    def bounded(self, lang: str) -> YearGroup | None:
        """The timeline's last group: the events dated only within bounds, listed or, when long, only counted."""
        events = self.listed(BOUNDS)
        if not events:
            return None
        entries = tuple(self.entry(event, lang) for event in events) if self.timeline_is_listed else ()
        return self._group(None, entries, len(events), lang)

    def year_links(self, lang: str) -> tuple[YearLink, ...]:
        """Every year's page, and that of the events dated only within bounds when there are any."""
        self._note(("years",))
        years = [YearLink(str(year), str(year), routes.year(lang, year).url) for year in self.years]
        if self.listed(BOUNDS):
            years.append(YearLink("bounds", self.translator(lang)(BOUNDS_HEADING), routes.bounds(lang).url))
        return tuple(years)

    def chart(self, lang: str) -> chart.Chart:
        self._note(("placements",))
        if lang not in self._charts:
            self._charts[lang] = chart.events_per_year(self.chronology, lang,
                                                       lambda year: routes.year(lang, year).url,
                                                       self.languages[lang].locale)
        return self._charts[lang]

    def filters(self, lang: str) -> Filters:
        self._note(("placements",))
        if lang not in self._filters:
            self._filters[lang] = self._make_filters(lang)
        return self._filters[lang]

    def _make_filters(self, lang: str) -> Filters:
        chronology, events = self.chronology, self.chronology.events
        used_types = {event.type.id for event in events}
        used_places = {place.id for event in events for place in event.places}
        decades = sorted({decade_of(year) for year in self.years})
        locale = self.languages[lang].locale
        return Filters(
            types=_by_label((Option(type_id, chronology.types[type_id].label.pick(lang)[0],
                                    routes.event_type(lang, type_id).url) for type_id in used_types), locale),
            places=_by_label((Option(place_id, chronology.places[place_id].name.pick(lang)[0],
                                     routes.place(lang, place_id).url) for place_id in used_places), locale),
            decades=(*(Option(str(decade), self.dates(lang).decade(decade), "") for decade in decades),
                     *((Option("bounds", self.translator(lang)(BOUNDS_HEADING), ""),) if self.index.bounded else ())),
            years=tuple(Option(link.key, link.label, link.url) for link in self.year_links(lang)),
            messages=json.dumps(plural_messages(self.translations[lang], self.languages[lang].locale),
                                ensure_ascii=False, sort_keys=True),
        )

    # -- event pages -----------------------------------------------------------------------------------

    def related(self, event: Event) -> tuple[Event, ...]:
        """Events sharing the type or a place — those sharing most, then the nearest in time — in time order;
        found once for the event's pages in every language.

        Candidates are the nearest events in time in each list the event belongs to (its type's and
        each of its places'), so the cost does not grow with the size of those lists."""
        if event.id not in self._related:
            self._related[event.id] = self._find_related(event)
        related, read = self._related[event.id]
        if self._noted is not None:
            self._noted.update(read)
        return related

    def _find_related(self, event: Event) -> tuple[tuple[Event, ...], tuple[Fact, ...]]:
        """The related events, and what finding them read: the windows of the lists and every candidate."""
        place_ids = {place.id for place in event.places}

        def shared(other: Event) -> int:
            return len(place_ids & {place.id for place in other.places}) + (other.type.id == event.type.id)

        candidates = {other.id: other for other in self.index.neighbours(event, RELATED_LIMIT)}
        ranked = sorted(candidates.values(), key=lambda other: (
            -shared(other), abs((other.when.anchor_day - event.when.anchor_day).days), other.id))
        read = (*(("window", name, event.id, RELATED_LIMIT) for name in self.index.neighbour_lists(event)),
                *(("event", event_id) for event_id in candidates))
        return tuple(sorted(ranked[:RELATED_LIMIT], key=lambda other: (other.when.sort_key(), other.id))), read

    def event_page(self, index: int, lang: str) -> EventPage:
        events = self.chronology.events
        event = events[index]
        self._note(("event", event.id))
        self._note(("window", ("all",), event.id, 1))
        summary_text, summary_lang = event.summary.pick(lang)
        title_lang = event.title.pick(lang)[1]
        fallback_lang = next((shown for shown in (summary_lang, title_lang) if shown != lang), None)
        note = event.editorial_note.pick(lang) if event.editorial_note else None
        return EventPage(
            entry=self.entry(event, lang),
            summary=self.summaries.html(summary_text),
            summary_lang=summary_lang,
            fallback_lang=fallback_lang,
            people=tuple(EntityLink(local(person.name, lang), routes.person(lang, person.id).url)
                         for person in event.people),
            organisations=tuple(EntityLink(local(organisation.name, lang),
                                           routes.organisation(lang, organisation.id).url)
                                for organisation in event.organisations),
            references=self.references(event, lang),
            previous=self.entry(events[index - 1], lang) if index > 0 else None,
            next=self.entry(events[index + 1], lang) if index + 1 < len(events) else None,
            related=tuple(self.entry(other, lang) for other in self.related(event)),
            editorial_note=LocalText(self.summaries.html(note[0]), note[1]) if note else None,
        )

    def json_ld(self, event: Event, lang: str) -> Markup:
        self._note(("event", event.id))
        return structured.script_json(structured.event_json_ld(
            event, lang, routes.event(lang, event.id).absolute(self.site_url), self.excerpt(event, lang).text))

    def citation(self, event: Event, lang: str) -> EventCitation:
        """How to cite the event's page in ``lang`` (site.citations), from its title and the release."""
        self._note(("event", event.id))
        made = self._citations.get((event.id, lang))
        if made is not None:
            return made
        assert self.release is not None, "a site with event pages has a release (CITATION.cff)"
        title, title_lang = event.title.pick(lang)
        cited = citations.CitedPage.of(lang, event.id, title, title_lang, self.translator(lang)(SITE_TITLE),
                                       self.release, routes.event(lang, event.id).absolute(self.site_url))
        convention = CONVENTIONS[lang if lang in CONVENTIONS else "en"]
        made = self._citations[(event.id, lang)] = EventCitation(
            citations.citation_html(cited, self.languages[lang].typography),
            Markup(self.translator(lang)(convention)) % CONVENTION_BOOKS,
            citations.style_of(lang).access,
            tuple(FileLink(form.label, routes.citation_file(lang, event.id, extension).url, form.media_type)
                  for extension, form in citations.FILE_FORMATS.items()), cited)
        return made

    def kept_spaces(self, event: Event, lang: str) -> str:
        """The pairs of words the event page's searched text joins with a no-break space
        (``typography.kept_together``), as percent-encoded JSON: a Pagefind meta value (no comma, no space)
        from which search excerpts join them again."""
        self._note(("event", event.id))
        summary = markup.plain_text(self.summaries.html(event.summary.pick(lang)[0]))
        note = markup.plain_text(self.summaries.html(event.editorial_note.pick(lang)[0])) \
            if event.editorial_note else ""
        texts = [event.title.pick(lang)[0], event.type.label.pick(lang)[0],
                 *(place.name.pick(lang)[0] for place in event.places),
                 *(person.name.pick(lang)[0] for person in event.people),
                 *(organisation.name.pick(lang)[0] for organisation in event.organisations), summary, note]
        pairs = typography.kept_together(texts)
        return urllib.parse.quote(json.dumps(pairs, ensure_ascii=False, separators=(",", ":")), safe="") \
            if pairs else ""

    def folded(self, event: Event, lang: str) -> str:
        """The words of the event's names that search finds without their marks (``text.folding``)."""
        self._note(("event", event.id))
        texts = [event.title.pick(lang)[0], event.type.label.pick(lang)[0],
                 *(place.name.pick(lang)[0] for place in event.places),
                 *(person.name.pick(lang)[0] for person in event.people),
                 *(organisation.name.pick(lang)[0] for organisation in event.organisations)]
        return folding.folded_words(texts, self._folding)

    # -- listings and the bibliography -----------------------------------------------------------------

    def listing_shares(self, events: Sequence[Event]) -> list[Sequence[Event]]:
        """A listing's events split into pages of ``listing_limit`` (one page, maybe empty, when short)."""
        limit = self.listing_limit
        return [events[start:start + limit] for start in range(0, len(events), limit)] or [()]

    def share(self, name: ListName, number: int) -> Sequence[Event]:
        """The events of page ``number`` of the listing of list ``name``."""
        return self.listing_shares(self.listed(name))[number - 1]

    def sources(self, lang: str) -> tuple[SourceEntry, ...]:
        """The bibliography: every source, by author (when it names one) and title in ``lang``'s alphabetical order,
        with the events it tells of listed when they are few enough."""
        key = collation.sort_key(self.languages[lang].locale)
        ordered = sorted(self.chronology.sources.items(), key=lambda item: (
            key(item[1].author or item[1].shown_title), key(item[1].shown_title), item[0]))
        by_source = {source_id: self.listed(("source", source_id)) for source_id in sorted(self.chronology.sources)}
        listed = sum(len(events) for events in by_source.values()) <= self.listing_limit
        return tuple(
            SourceEntry(source, f"source-{source.id}", local(source.note, lang) if source.note else None,
                        routes.source(lang, source_id).url, len(by_source[source_id]),
                        tuple(self.entry(event, lang) for event in by_source[source_id]) if listed else (),
                        source.title_translated(lang))
            for source_id, source in ordered)

    def data_release(self, lang: str) -> DataRelease:
        """The release the open data is, for the Open data page."""
        release = self.release
        assert release is not None, "the Open data page names the release (CITATION.cff)"
        gettext = self.translator(lang)
        cited = citations.CitedPage.of(lang, "open-data", gettext("Open data"), lang, gettext(SITE_TITLE), release,
                                       routes.open_data(lang).absolute(self.site_url))
        return DataRelease(release.version, self.dates(lang).day(release.date), release.date.isoformat(),
                           Link(release.licence, release.licence_url),
                           tuple(editor.display for editor in release.editors),
                           citations.citation_html(cited, self.languages[lang].typography))

    # -- people, organisations and places -----------------------------------------------------------------

    def entity(self, table: str, entity_id: str) -> Entity:
        """A person (``table`` "people") or an organisation ("organisations")."""
        return ENTITY_TABLES[table].records(self.chronology)[entity_id]

    def entity_index(self, table: str, lang: str) -> tuple[InitialGroup, ...]:
        """Every person (by surname: ``Person.indexed``) or organisation, in ``lang``'s alphabetical order, under
        its initial letter, with how many events name it."""
        spec = ENTITY_TABLES[table]
        records = spec.records(self.chronology)
        locale = self.languages[lang].locale
        key = collation.sort_key(locale)
        letter = collation.initial(locale, tuple(language.locale for language in self.languages
                                                 if language.code != lang))
        rows = []
        for entity_id, entity in records.items():
            name = LocalText(*entity.indexed(lang)) if isinstance(entity, Person) else local(entity.name, lang)
            rows.append((letter(name.text), key(collation.as_sorted(name.text)), entity_id,
                         EntityRow(name, spec.page_route(lang, entity_id).url,
                                   len(self.listed((spec.kind, entity_id))))))
        rows.sort(key=lambda row: row[:3])
        return tuple(InitialGroup(initial[1], f"letter-{initial[0]}", tuple(row[3] for row in group))
                     for initial, group in groupby(rows, key=lambda row: row[0]))

    def entity_page(self, table: str, entity_id: str, lang: str) -> EntityPage:
        spec = ENTITY_TABLES[table]
        entity = self.entity(table, entity_id)
        gettext = self.translator(lang)
        dates = self.dates(lang)
        if isinstance(entity, Person):
            whens = [(gettext("Born"), entity.born), (gettext("Died"), entity.died)]
        else:
            whens = [(gettext("Founded"), entity.founded)]
        place = entity.place if isinstance(entity, Organisation) else None
        return EntityPage(
            kind=spec.kind, index_url=spec.index_route(lang).url,
            name=local(entity.name, lang),
            other_names=tuple(OtherName(collation.capitalised(site_language.in_language, self.languages[lang].locale),
                                        LocalText(*entity.name.pick(site_language.code)))
                              for site_language in self.site_languages(lang)
                              if site_language.code != lang and entity.name.get(site_language.code)),
            aliases=tuple(alias for alias in dict(entity.aliases).get(lang, ())
                          if alias not in entity.name.pick(lang)[0]),
            description=self._standing_alone(entity.description, lang) if entity.description else None,
            dates=tuple(DatedFact(label, dates.when(when)) for label, when in whens if when is not None),
            place=Link(place.name.pick(lang)[0], routes.place(lang, place.id).url) if place else None,
            wikidata=structured.WIKIDATA_ENTITY + entity.wikidata if entity.wikidata else None,
            references=references_of(entity.sources, lang),
            count=len(self.listed((spec.kind, entity_id))),
        )

    def _standing_alone(self, text: Localized, lang: str) -> LocalText:
        """A description as a line of its own: its first letter a capital, by its language's rules (``i`` → ``İ``
        in Azerbaijani); in running text it stays as written ("the composer", «композитор»)."""
        shown, shown_lang = text.pick(lang)
        return LocalText(collation.capitalised(shown, self.languages[shown_lang].locale), shown_lang)

    def entity_folded(self, table: str, entity_id: str, lang: str) -> str:
        """The words of a person's or an organisation's names that search finds without their marks."""
        entity = self.entity(table, entity_id)
        texts = [entity.name.pick(language.code)[0] for language in self.languages]
        texts += [alias for _, aliases in entity.aliases for alias in aliases]
        return folding.folded_words(texts, self._folding)

    def entity_json_ld(self, table: str, entity_id: str, lang: str) -> Markup:
        spec = ENTITY_TABLES[table]
        entity = self.entity(table, entity_id)
        others = [text for code in self.languages.codes if code != lang
                  and (text := entity.name.get(code)) and text != entity.name.get(lang)]
        # The events of the record's first page (a listing's share), not all: a person named in thousands of
        # events would otherwise carry every one of them in each of their pages' head.
        events = [routes.event(lang, event.id).absolute(self.site_url)
                  for event in self.share((spec.kind, entity_id), 1)]
        return structured.script_json(structured.entity_json_ld(
            entity, lang, spec.page_route(lang, entity_id).absolute(self.site_url), list(dict.fromkeys(others)),
            events))

    def _map_places(self, lang: str) -> list[maps.MapPlace]:
        """The places with coordinates as the maps of ``lang``'s pages show them."""
        ngettext = self.translations[lang].ngettext
        shown = []
        for place_id, place in sorted(self.chronology.places.items()):
            if place.lat is None or place.lon is None:
                continue
            name = place.name.pick(lang)[0]
            count = len(self.listed(("place", place_id)))
            shown.append(maps.MapPlace(place_id, name, place.lat, place.lon, count,
                                       routes.place(lang, place_id).absolute(self.site_url),
                                       ngettext("%(place)s, %(count)s event", "%(place)s, %(count)s events", count)
                                       % {"place": name, "count": count}))
        return shown

    def places_map(self, lang: str) -> Markup | None:
        """The map of every place with coordinates, each a link sized by its events; None when no place has any."""
        shown = self._map_places(lang)
        if not shown:
            return None
        gettext = self.translator(lang)
        return maps.region_map(shown, gettext("Map of the places"),
                               gettext("Each place is shown as a circle whose area is proportional to its number of "
                                       "events; the same places are listed below the map."))

    def place_rows(self, lang: str) -> tuple[PlaceRow, ...]:
        """Every place, in ``lang``'s alphabetical order, with its number of events."""
        key = collation.sort_key(self.languages[lang].locale)
        rows = [PlaceRow(place.name.pick(lang)[0], routes.place(lang, place_id).url,
                         len(self.listed(("place", place_id))), place.lat is not None and place.lon is not None)
                for place_id, place in self.chronology.places.items()]
        return tuple(sorted(rows, key=lambda row: (key(collation.as_sorted(row.name)), row.url)))

    def locator_map(self, place_id: str, lang: str) -> Markup | None:
        """A small map of the region with the place marked; None for a place without coordinates."""
        shown = self._map_places(lang)
        found = next((place for place in shown if place.id == place_id), None)
        if found is None:
            return None
        gettext = self.translator(lang)
        return maps.locator_map(found, shown, gettext("%(place)s on the map of the places") % {"place": found.label})

    @staticmethod
    def references(event: Event, lang: str) -> tuple[Reference, ...]:
        """The event's sources, each once, in the order it first cites them, with every locator it gives."""
        return references_of(event.sources, lang)

    def changes(self, lang: str) -> ChangesView:
        """The Changes page: what each release changed, and what is not yet released."""
        self._note(("history",))
        return changes_view(self.history, lang, self.translations[lang], self.dates(lang).day, self.languages,
                            self.event_numbers)

    def edition_link(self, lang: str, size: int | None, pages: int, volume: int = 1, volumes: int = 1,
                     label: str | None = None) -> EditionLink:
        """The link to the PDF edition of ``lang`` (or to its ``volume`` of ``volumes``, holding ``label``), with its
        size in megabytes (one decimal: the footer changes only when the book grows or shrinks by 0.1 MB) and its
        number of pages, as ``lang`` writes them; without them when ``size`` is None (not made yet)."""
        url = routes.edition(lang, volume).url
        named = self.translator(lang)("Volume %(number)s of %(count)s") % {"number": volume, "count": volumes} \
            if volumes > 1 else None
        if size is None:
            return EditionLink(url, volume=named, label=label)
        locale = i18n.babel_locale(self.languages[lang].locale)
        megabytes = format_unit(max(round(size / 1_000_000, 1), 0.1), "digital-megabyte", length="short",
                                locale=locale, format="#,##0.0")
        return EditionLink(url, megabytes,
                           self.translations[lang].ngettext("%(num)s page", "%(num)s pages", pages) % {"num": pages},
                           named, label)

    def doorways(self, heading: str, text: str, link_text: str) -> tuple[Doorway, ...]:
        return tuple(Doorway(language.code, language.autonym, self.translator(language.code)(heading),
                             self.translator(language.code)(text), self.translator(language.code)(link_text),
                             routes.timeline(language.code).url)
                     for language in self.languages)
