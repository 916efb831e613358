"""The page plan: every page and file of the site, in a fixed order, made from the views.

A ``PlannedPage`` knows, before anything is rendered, where it lives, in which language, with which
template, whether it is listed in the sitemap (with its hreflang alternates) and whether search
indexes it; ``context()`` makes exactly what its template will see. A ``PlannedFile`` (feeds, open
data, sitemap, robots.txt) makes its bytes. What is derived from the whole site (the sitemap) is
derived from the plan, never by reading written pages back.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..data.model import Event
from . import changes, citations, exports, feeds, routes, structured
from .views import (
    BOUNDS,
    BOUNDS_HEADING,
    BOUNDS_TEXT,
    CHOOSER_LINK,
    ENTITY_KINDS,
    ENTITY_TABLES,
    NOT_FOUND_HEADING,
    NOT_FOUND_TEXT,
    SITE_TAGLINE,
    SITE_TITLE,
    ContentPage,
    Fact,
    Link,
    Listing,
    ListName,
    PageMeta,
    Pager,
    Version,
    Views,
    hreflang,
)

#: The templates whose pages search indexes (they mark their text with ``data-pagefind-body``).
SEARCHED_TEMPLATES = frozenset({"event", "page", "entity"})


@dataclass(frozen=True, slots=True)
class PlannedPage:
    """One HTML page: ``context()`` makes its whole template context (the layout's part included), and
    ``shown_context()`` also what it shows: the facts the views gave while it was made (Views.recording)."""

    route: routes.Route
    lang: str
    template: str
    #: The versions its ``<head>`` and its sitemap entry list (``PageMeta.hreflang``), and whether it has one: the
    #: sitemap's, from the plan. The rest of its ``PageMeta`` (title, description) is made with its context.
    hreflang: tuple[Version, ...]
    indexable: bool
    make: Callable[[], dict[str, object]]
    #: The part of the plan it belongs to (``Part``): serve's quick builds make a part's pages again.
    part: Part
    views: Views = field(repr=False, compare=False)
    #: A page of the whole site rather than of one language (the chooser, 404): its ``lang`` is only its text's.
    for_all_languages: bool = False
    #: False for the further pages of a person's or an organisation's events: search finds the first.
    first_of_listing: bool = True
    #: For a file that is not an HTML page (an event's citation files): makes its text from the context, in
    #: place of a template. It is made again at every build (linked from the live site when its bytes are the
    #: same) and recorded as a page's facts are (serve), but no page list counts it.
    write: Callable[[dict[str, object]], str] | None = None

    @property
    def is_html(self) -> bool:
        return self.write is None

    @property
    def searched(self) -> bool:
        return self.template in SEARCHED_TEMPLATES and self.first_of_listing

    def context(self) -> dict[str, object]:
        return self.make()

    def shown_context(self) -> tuple[dict[str, object], frozenset[Fact]]:
        with self.views.recording() as shown:
            context = self.make()
        return context, frozenset(shown)


@dataclass(frozen=True, slots=True)
class PlannedFile:
    """A file that is not a page: its bytes, made when it is written; for the open data made of each event's part,
    with where each part is in them (``assemble``)."""

    route: routes.Route
    make: Callable[[], bytes]
    assemble: Callable[[], exports.Assembled] | None = None

    def assembled(self) -> exports.Assembled:
        return self.assemble() if self.assemble is not None else exports.Assembled(self.make())


@dataclass(frozen=True)
class Plan:
    pages: tuple[PlannedPage, ...]
    files: tuple[PlannedFile, ...]

    def parts(self) -> dict[str, tuple[str, Part]]:
        """Each page's language and part, by the name it is saved as."""
        return {page.route.save_as: (page.lang, page.part) for page in self.pages}

    def pages_per_language(self) -> dict[str, int]:
        """How many pages each language has, in the plan's order; the pages for all languages under ``""``."""
        return dict(Counter("" if page.for_all_languages else page.lang for page in self.pages if page.is_html))


def make_plan(views: Views, content_pages: Sequence[tuple[routes.Route, PageMeta, ContentPage]] = (),
              check: Callable[[], None] = lambda: None) -> Plan:
    """Every page — each language's in turn, its Markdown pages included (search indexes one language
    at a time), then the multilingual ones — and every other file. ``check`` is called between parts (serve's
    follow-up gives way to a newer edit there)."""
    pages: list[PlannedPage] = []
    codes = views.languages.codes
    for lang in codes:
        for part in language_parts(views):
            check()
            pages += part_pages(views, lang, part)
        pages += [_content_page(views, route, meta, page) for route, meta, page in content_pages if meta.lang == lang]
    pages += [_content_page(views, route, meta, page) for route, meta, page in content_pages
              if meta.lang not in codes]
    pages += _multilingual_pages(views)
    files = [*data_files(views), *_whole_site_files(views, pages)]
    return Plan(tuple(pages), tuple(files))


def _page(views: Views, template: str, meta: PageMeta, make: Callable[[], dict[str, object]], part: Part,
          for_all_languages: bool = False, first_of_listing: bool = True) -> PlannedPage:
    return PlannedPage(meta.route, meta.lang, template, meta.hreflang, meta.indexable,
                       lambda: {**views.chrome(meta.lang, meta), **make()}, part, views, for_all_languages,
                       first_of_listing)


def _content_page(views: Views, route: routes.Route, meta: PageMeta, page: ContentPage) -> PlannedPage:
    return _page(views, "page", meta, lambda: {"page": page}, ("page", route.url))


def _listing_pages(views: Views, lang: str, part: Part, route_of: Callable[[str], routes.Route], heading: str,
                   description: str, name: ListName, heading_lang: str | None = None,
                   extra: Callable[[], dict[str, object]] = dict, heading_translated: str | None = None,
                   template: str = "listing") -> list[PlannedPage]:
    """A listing's pages: one, or ``views.listing_limit`` events a page when it is long; each page's context
    reads its share of list ``name`` from the views, so what it shows is recorded."""
    shares = views.listing_shares(views.index.named(name))
    links = tuple(Link(str(number), routes.numbered(route_of(lang), number).url)
                  for number in range(1, len(shares) + 1))
    gettext = views.translator(lang)
    planned = []
    for number in range(1, len(shares) + 1):
        title = heading if number == 1 else gettext("%(title)s (page %(number)s)") % {
            "title": heading, "number": number}
        versions = views.versions(lambda code: routes.numbered(route_of(code), number))
        meta = PageMeta(lang, routes.numbered(route_of(lang), number), title, description, versions, versions)
        pager = Pager(number, links) if len(shares) > 1 else None
        planned.append(_page(views, template, meta, functools.partial(
            _listing_context, views, lang, heading, name, number, pager, heading_lang, extra, heading_translated),
            part, first_of_listing=number == 1))
    return planned


def _listing_context(views: Views, lang: str, heading: str, name: ListName, number: int, pager: Pager | None,
                     heading_lang: str | None, extra: Callable[[], dict[str, object]], heading_translated: str | None
                     ) -> dict[str, object]:
    return {"listing": Listing(heading, views.year_groups(views.share(name, number), lang), pager, heading_lang,
                               heading_translated), **extra()}


#: A part of one language's pages: ``("timeline",)``, ``("year", 1995)``, ``("type", id)``, ``("place", id)``,
#: ``("source", id)``, ``("person", id)``, ``("organisation", id)``, ``("sources",)``, ``("places",)``,
#: ``("people",)``, ``("organisations",)``, ``("data",)``, ``("changes",)`` or ``("event", id)``; a listing's part is
#: all its pages.
Part = tuple


def language_parts(views: Views) -> list[Part]:
    """The parts of every language's pages, in plan order."""
    chronology = views.chronology
    return [("timeline",), *[("year", year) for year in views.years], *([BOUNDS] if views.index.bounded else []),
            *[("type", type_id) for type_id in sorted(chronology.types)],
            *[("place", place_id) for place_id in sorted(chronology.places)],
            *[("source", source_id) for source_id in sorted(chronology.sources)],
            *[(spec.kind, entity_id) for spec in ENTITY_TABLES.values()
              for entity_id in sorted(spec.records(chronology))],
            ("sources",), ("places",), *[(table,) for table in ENTITY_TABLES], ("data",), ("changes",),
            *[("event", event.id) for event in chronology.events]]



def part_pages(views: Views, lang: str, part: Part) -> list[PlannedPage]:
    """The pages of one part of ``lang``'s pages (a listing has one or several)."""
    gettext = views.translator(lang)
    chronology = views.chronology
    kind = part[0]
    if kind == "timeline":
        everywhere = views.versions(routes.timeline)
        return [_page(views, "timeline", PageMeta(lang, routes.timeline(lang), gettext(SITE_TITLE),
                                                  gettext(SITE_TAGLINE), everywhere, everywhere),
                      lambda: {"decades": views.decades(lang), "year_links": views.year_links(lang),
                               "chart": views.chart(lang), "filters": views.filters(lang),
                               "bounded": views.bounded(lang), "bounds_text": gettext(BOUNDS_TEXT),
                               "listed": views.timeline_is_listed}, part)]
    if kind == "year":
        year = part[1]
        return _listing_pages(views, lang, part, functools.partial(routes.year, number=year), str(year),
                              gettext("Events of the chronology dated %(year)s.") % {"year": year}, part,
                              extra=lambda: {"year_links": views.year_links(lang), "current_year": str(year)})
    if part == BOUNDS:
        return _listing_pages(views, lang, part, routes.bounds, gettext(BOUNDS_HEADING), gettext(BOUNDS_TEXT), part,
                              extra=lambda: {"year_links": views.year_links(lang), "current_year": "bounds"})
    if kind == "type":
        type_id = part[1]
        label = chronology.types[type_id].label.pick(lang)[0]
        return _listing_pages(views, lang, part, functools.partial(routes.event_type, type_id=type_id), label,
                              gettext("Events of the type “%(type)s”.") % {"type": label}, part)
    if kind == "place":
        place_id = part[1]
        place = chronology.places[place_id]
        name = place.name.pick(lang)[0]
        return _listing_pages(views, lang, part, functools.partial(routes.place, place_id=place_id), name,
                              gettext("Events that took place in %(place)s.") % {"place": name}, part,
                              extra=lambda: {"place": place, "locator_map": views.locator_map(place_id, lang)})
    if kind in ENTITY_KINDS:
        return _entity_pages(views, lang, part)
    if kind == "places":
        everywhere = views.versions(routes.places)
        return [_page(views, "places", PageMeta(
            lang, routes.places(lang), gettext("Places"),
            gettext("Where the events of the chronology took place: a map, and every place with its events."),
            everywhere, everywhere),
            lambda: {"places_map": views.places_map(lang), "place_rows": views.place_rows(lang)}, part)]
    if kind in ENTITY_TABLES:
        spec = ENTITY_TABLES[kind]
        everywhere = views.versions(spec.index_route)
        return [_page(views, "entities", PageMeta(lang, spec.index_route(lang), gettext(spec.heading),
                                                  gettext(spec.lead), everywhere, everywhere),
                      lambda: {"groups": views.entity_index(kind, lang)}, part)]
    if kind == "source":
        source_id = part[1]
        source = chronology.sources[source_id]
        return _listing_pages(views, lang, part, functools.partial(routes.source, source_id=source_id),
                              source.shown_title, gettext("Events told by this source"), part,
                              heading_lang=source.language, heading_translated=source.title_translated(lang))
    if kind == "sources":
        everywhere = views.versions(routes.sources)
        return [_page(views, "sources", PageMeta(
            lang, routes.sources(lang), gettext("Sources"),
            gettext("The sources of the chronology and the events each one tells of."), everywhere, everywhere),
            lambda: {"sources": views.sources(lang)}, part)]
    if kind == "data":
        everywhere = views.versions(routes.open_data)
        return [_page(views, "data", PageMeta(
            lang, routes.open_data(lang), gettext("Open data"),
            gettext("The chronology as data: JSON, CSV, iCalendar, CSL-JSON and RDF, described as a Data Package."),
            everywhere, everywhere),
            lambda: {"release": views.data_release(lang)}, part)]
    if kind == "changes":
        everywhere = views.versions(routes.changes)
        return [_page(views, "changes", PageMeta(lang, routes.changes(lang), gettext(changes.HEADING),
                                                 gettext(changes.DESCRIPTION), everywhere, everywhere),
                      lambda: {"changes": views.changes(lang)}, part)]
    if kind == "event":
        number = views.event_numbers[part[1]]
        event = chronology.events[number]
        return [_event_page(views, lang, number, event), *_citation_files(views, lang, event)]
    raise ValueError(f"no such part of a language's pages: {part!r}")


def _entity_pages(views: Views, lang: str, part: Part) -> list[PlannedPage]:
    """A person's or an organisation's page: who or what, then the events that name them, as a listing."""
    kind, entity_id = part
    spec = ENTITY_KINDS[kind]
    table = spec.table
    gettext = views.translator(lang)
    name, name_lang = views.entity(table, entity_id).name.pick(lang)
    return _listing_pages(views, lang, part, lambda code: spec.page_route(code, entity_id), name,
                          gettext("Events of the chronology that name %(name)s.") % {"name": name}, part,
                          heading_lang=name_lang, template="entity",
                          extra=lambda: {"entity": views.entity_page(table, entity_id, lang),
                                         "json_ld": views.entity_json_ld(table, entity_id, lang),
                                         "folded": views.entity_folded(table, entity_id, lang)})


def _event_page(views: Views, lang: str, number: int, event: Event) -> PlannedPage:
    route = routes.event(lang, event.id)
    versions, alternates = views.event_versions(event)
    return PlannedPage(route, lang, "event", hreflang(alternates), True,
                       _EventContext(views, lang, number, event, route, versions, alternates), ("event", event.id),
                       views)


@dataclass(frozen=True, slots=True, eq=False)
class _EventContext:
    """Makes an event page's context: a slotted object rather than a closure, which would hold a cell for each of
    these (30,000 event pages at 10,000 events). Equal only to itself, as a closure (a page compares its maker)."""

    views: Views
    lang: str
    number: int
    event: Event
    route: routes.Route
    versions: tuple[Version, ...]
    alternates: tuple[Version, ...]

    def __call__(self) -> dict[str, object]:
        # The title and the description are made with the page: a build after an edit keeps most event pages
        # (output.shows) and never needs them (1 s at 10,000 events: an excerpt reads the summary's HTML).
        views, lang, event = self.views, self.lang, self.event
        meta = PageMeta(lang, self.route, event.title.pick(lang)[0], views.excerpt(event, lang).text, self.versions,
                        self.alternates)
        return {**views.chrome(lang, meta), "page": views.event_page(self.number, lang),
                "json_ld": views.json_ld(event, lang), "folded": views.folded(event, lang),
                "kept_spaces": views.kept_spaces(event, lang), "citation": views.citation(event, lang)}


@dataclass(frozen=True, slots=True, eq=False)
class _Cited:
    """Makes the context of an event's citation files in one language: one for its three files."""

    views: Views
    lang: str
    event: Event

    def __call__(self) -> dict[str, object]:
        return {"cited": self.views.citation(self.event, self.lang).cited}


@dataclass(frozen=True, slots=True, eq=False)
class _WrittenFrom:
    """Writes a citation file from its context in one format (its template's name says which): one for all the files of
    that format."""

    write: Callable[[citations.CitedPage], str]
    template: str

    def __call__(self, context: dict[str, object]) -> str:
        return self.write(context["cited"])  # type: ignore[arg-type]


_WRITERS = {extension: _WrittenFrom(form.write, "citation." + extension)
            for extension, form in citations.FILE_FORMATS.items()}


def _citation_files(views: Views, lang: str, event: Event) -> list[PlannedPage]:
    """The event page's reference-manager files (site.citations): parts of its event, so serve makes them again
    when the event changes, as it does the page. At 10,000 events they are 90,000 of the plan's 131,000 pages, in
    the build's process and in each forked worker: what makes them is shared, not a closure per file."""
    cited, part = _Cited(views, lang, event), ("event", event.id)
    return [PlannedPage(routes.citation_file(lang, event.id, extension), lang, write.template, (), False, cited, part,
                        views, write=write) for extension, write in _WRITERS.items()]


def _multilingual_pages(views: Views) -> list[PlannedPage]:
    common = views.languages.common.code
    in_common = views.translator(common)
    versions = views.versions(routes.timeline)
    chooser = PageMeta(common, routes.chooser(), in_common(SITE_TITLE), in_common(SITE_TAGLINE), versions, versions)
    not_found = PageMeta(common, routes.not_found(), in_common(NOT_FOUND_HEADING), in_common(NOT_FOUND_TEXT),
                         versions, (), indexable=False)
    return [_page(views, "chooser", chooser, lambda: {
                "doorways": views.doorways(SITE_TITLE, SITE_TAGLINE, CHOOSER_LINK)}, ("chooser",),
                  for_all_languages=True),
            _page(views, "404", not_found, lambda: {
                "doorways": views.doorways(NOT_FOUND_HEADING, NOT_FOUND_TEXT, CHOOSER_LINK)}, ("404",),
                  for_all_languages=True)]


def data_files(views: Views) -> list[PlannedFile]:
    """The feeds and the open data: the files made from every event."""
    files = []
    for lang in views.languages.codes:
        files.append(PlannedFile(routes.feed(lang), functools.partial(_feed, views, lang)))
        files.append(PlannedFile(routes.changes_feed(lang), functools.partial(_changes_feed, views, lang)))
    assert views.release is not None, "the open data names the release (CITATION.cff)"
    for name, assemble in exports.exports(views.chronology, views.site_url, views.summaries, views.memory,
                                          views.release).items():
        files.append(PlannedFile(routes.export(name), functools.partial(_data_of, assemble), assemble))
    return files


def _data_of(assemble: Callable[[], exports.Assembled]) -> bytes:
    return assemble().data


def prepare_data_files(views: Views, check: Callable[[], None]) -> None:
    """Make beforehand, event by event, calling ``check`` between events, what the open data of ``data_files``
    is made of (exports.make_parts): then each file is made in a moment."""
    exports.make_parts(views.chronology, views.site_url, views.summaries, views.memory, check)


def _feed(views: Views, lang: str) -> bytes:
    gettext = views.translator(lang)
    return feeds.atom_feed(views.chronology, lang, views.site_url, gettext(SITE_TITLE), gettext(SITE_TAGLINE),
                           lambda event: str(views.dates(lang).when(event.when)), views.summaries)


def _changes_feed(views: Views, lang: str) -> bytes:
    gettext = views.translator(lang)
    return feeds.changes_feed(views.changes(lang), lang, views.site_url,
                              gettext(changes.FEED_TITLE) % {"site": gettext(SITE_TITLE)}, gettext(changes.DESCRIPTION),
                              views.release.date if views.release else None, gettext(SITE_TITLE))


def _whole_site_files(views: Views, pages: Sequence[PlannedPage]) -> list[PlannedFile]:
    """The sitemap (every indexable page with its alternates) and robots.txt, from the plan alone: made when the
    file is, by the process that writes it, not while the site is planned."""
    def sitemap() -> bytes:
        entries = [structured.SitemapEntry(page.route.absolute(views.site_url),
                                           tuple((version.lang, routes.Route(version.url).absolute(views.site_url))
                                                 for version in page.hreflang))
                   for page in pages if page.indexable]
        return structured.sitemap_xml(entries).encode()

    return [PlannedFile(routes.sitemap(), sitemap),
            PlannedFile(routes.robots(), lambda: structured.robots_txt(views.site_url).encode())]
