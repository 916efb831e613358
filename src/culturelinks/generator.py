"""The Pelican generator: the chronology's pages, in every language, in one run.

``generate_context`` reads everything (data, model, catalogs) and builds the small view objects the
templates see; ``generate_output`` only renders them through Pelican's writer. The generator
instance holds all per-run state: Pelican makes a new one for every run.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from babel.support import Translations
from markupsafe import Markup
from pelican.generators import Generator

from . import i18n, markup, parallel, progress
from .dataset import load_chronology
from .errors import Problem, format_text
from .model import Chronology, Event, Localized, Source
from .schema import LANGUAGES

logger = logging.getLogger(__name__)

#: How many related events an event page lists.
RELATED_LIMIT = 4


@dataclass(frozen=True)
class Route:
    """Where a page lives: ``url`` relative to SITEURL (templates write ``{{ SITEURL }}/{{ url }}``)."""

    url: str

    @property
    def save_as(self) -> str:
        return self.url + "index.html" if self.url == "" or self.url.endswith("/") else self.url


def timeline_route(lang: str) -> Route:
    return Route(f"{lang}/")


def event_route(lang: str, event_id: str) -> Route:
    return Route(f"{lang}/events/{event_id}/")


def year_route(lang: str, year: int) -> Route:
    return Route(f"{lang}/years/{year}/")


def type_route(lang: str, type_id: str) -> Route:
    return Route(f"{lang}/types/{type_id}/")


def place_route(lang: str, place_id: str) -> Route:
    return Route(f"{lang}/places/{place_id}/")


def sources_route(lang: str) -> Route:
    return Route(f"{lang}/sources/")


def source_route(lang: str, source_id: str) -> Route:
    return Route(f"{lang}/sources/{source_id}/")


def numbered(route: Route, number: int) -> Route:
    """Page ``number`` of a listing split into pages: the first keeps the listing's own URL."""
    return route if number == 1 else Route(f"{route.url}{number}/")


CHOOSER_ROUTE = Route("")
NOT_FOUND_ROUTE = Route("404.html")


@dataclass(frozen=True)
class Version:
    """The same page in one language, for the language switcher and the hreflang alternates."""

    lang: str
    url: str


@dataclass(frozen=True)
class Language:
    code: str
    autonym: str


@dataclass(frozen=True)
class LocalText:
    """A text and the language it is really in (another one than the page's when a translation is missing)."""

    text: str
    lang: str


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class PageMeta:
    """What every page's ``<head>`` and header need: the language, title and the other versions."""

    lang: str
    route: Route
    title: str
    description: str
    versions: tuple[Version, ...]
    alternates: tuple[Version, ...]
    indexable: bool = True


@dataclass(frozen=True)
class Entry:
    """One event as lists show it: the timeline, and the year, type, place and source pages."""

    event_id: str
    url: str
    year: int
    date: i18n.LocalDate
    type: Link
    places: tuple[Link, ...]
    title: LocalText
    excerpt: LocalText


@dataclass(frozen=True)
class YearGroup:
    """A year's events; a long timeline lists none of them, only their ``count`` and the year's page."""

    year: int
    url: str
    entries: tuple[Entry, ...]
    count: int


@dataclass(frozen=True)
class DecadeGroup:
    decade: int
    label: str
    years: tuple[YearGroup, ...]


@dataclass(frozen=True)
class Locator:
    """Where in a source an event is told. ``reference`` and ``pages`` come from the article's own
    notation (``[1;137]``: its reference 1, page 137); anything else is shown as ``text``."""

    reference: str | None = None
    pages: str | None = None
    text: str | None = None

    @property
    def has_several_pages(self) -> bool:
        """A range or a list of pages ("126–142", "87, 126"), which English writes with "pp."."""
        return self.pages is not None and any(mark in self.pages for mark in "–,")


_ARTICLE_LOCATOR = re.compile(r"^\[\s*(\d+)\s*(?:;\s*([^\]]+?)\s*)?\]$")


def parse_locator(locator: str | None) -> Locator | None:
    if not locator:
        return None
    match = _ARTICLE_LOCATOR.match(locator.strip())
    if not match:
        return Locator(text=locator)
    pages = match.group(2)
    return Locator(match.group(1), re.sub(r"\s*[-–]\s*", "–", pages) if pages else None)


@dataclass(frozen=True)
class Reference:
    number: int
    source: Source
    source_url: str
    locator: Locator | None


@dataclass(frozen=True)
class EventPage:
    entry: Entry
    summary: Markup
    summary_lang: str
    fallback_lang: str | None
    people: tuple[LocalText, ...]
    organisations: tuple[LocalText, ...]
    references: tuple[Reference, ...]
    previous: Entry | None
    next: Entry | None
    related: tuple[Entry, ...]


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Listing:
    """A titled list of events grouped by year: a year, a type, a place or a source; one page of it
    when it is long (``pager``)."""

    heading: str
    years: tuple[YearGroup, ...]
    pager: Pager | None = None
    heading_lang: str | None = None


@dataclass(frozen=True)
class SourceEntry:
    """A work of the bibliography; its events are listed here, or only counted when the
    bibliography would grow long (they are always on the source's own page, ``url``)."""

    source: Source
    anchor: str
    note: LocalText | None
    url: str
    count: int
    cited_by: tuple[Entry, ...]


@dataclass(frozen=True)
class Doorway:
    """One language's way into the site, on the multilingual chooser and 404 pages."""

    lang: str
    autonym: str
    heading: str
    text: str
    link_text: str
    url: str


SITE_TITLE = i18n.N_("Russian–Azerbaijani cultural relations")
SITE_TAGLINE = i18n.N_("A chronology of cultural ties between Russia and Azerbaijan, built from published sources.")
CHOOSER_LINK = i18n.N_("Open the chronology")
NOT_FOUND_HEADING = i18n.N_("Page not found")
NOT_FOUND_TEXT = i18n.N_("There is no page at this address. It may have moved, or the link may be mistyped.")


def local(text: Localized, lang: str) -> LocalText:
    return LocalText(*text.pick(lang))


def group_by_year(entries: Iterable[Entry]) -> list[tuple[int, tuple[Entry, ...]]]:
    return [(year, tuple(group)) for year, group in groupby(entries, key=lambda entry: entry.year)]


@dataclass(frozen=True)
class EventIndex:
    """The events of each year (of start), type, place and source, each list in chronological order."""

    by_year: dict[int, tuple[Event, ...]]
    by_type: dict[str, tuple[Event, ...]]
    by_place: dict[str, tuple[Event, ...]]
    by_source: dict[str, tuple[Event, ...]]
    positions: dict[tuple[str, str], int]

    @classmethod
    def of(cls, chronology: Chronology) -> EventIndex:
        lists: dict[str, dict] = {"year": {}, "type": {}, "place": {}, "source": {}}
        for event in chronology.events:
            lists["year"].setdefault(event.when.start.year, []).append(event)
            lists["type"].setdefault(event.type.id, []).append(event)
            for place in event.places:
                lists["place"].setdefault(place.id, []).append(event)
            for source_id in dict.fromkeys(citation.source.id for citation in event.sources):
                lists["source"].setdefault(source_id, []).append(event)
        for key in chronology.types:
            lists["type"].setdefault(key, [])
        for key in chronology.places:
            lists["place"].setdefault(key, [])
        for key in chronology.sources:
            lists["source"].setdefault(key, [])
        frozen = {name: {key: tuple(events) for key, events in table.items()} for name, table in lists.items()}
        positions = {(f"{name}:{key}", event.id): i for name in ("type", "place")
                     for key, events in frozen[name].items() for i, event in enumerate(events)}
        return cls(frozen["year"], frozen["type"], frozen["place"], frozen["source"], positions)

    def neighbours(self, event: Event, count: int) -> list[Event]:
        """Up to ``count`` events on each side of ``event`` in its type's and its places' lists."""
        found = []
        for name, events in [("type:" + event.type.id, self.by_type[event.type.id]),
                             *[("place:" + p.id, self.by_place[p.id]) for p in event.places]]:
            at = self.positions[(name, event.id)]
            found += [other for other in events[max(0, at - count):at + count + 1] if other.id != event.id]
        return found


#: The keys under which the model and its rendered summaries are shared with finding.FindingGenerator.
CHRONOLOGY_KEY = "culturelinks_chronology"
SUMMARIES_KEY = "culturelinks_summaries"

#: Settings that differ from build to build without changing any page.
VOLATILE_SETTINGS = {"OUTPUT_PATH", "CULTURELINKS_PREVIOUS_PAGES", "CULTURELINKS_CACHE", "CULTURELINKS_WORKERS",
                     "CULTURELINKS_PROGRESS"}


def digest_code_and_settings(digest: hashlib._Hash, settings: dict) -> None:
    """Feed ``digest`` what a page depends on besides the data and the templates: the UI catalogs,
    culturelinks' own code, and every setting that can change a page."""
    code = Path(__file__).parent
    for path in sorted([*i18n.LOCALE_DIR.rglob("*.po"), *code.glob("*.py"), *code.glob("*.js")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    stable = {key: value for key, value in settings.items() if key not in VOLATILE_SETTINGS}
    digest.update(json.dumps(stable, sort_keys=True, default=lambda value: type(value).__name__).encode())


@dataclass(frozen=True)
class PageJob:
    """One page to write: where, in which language, with which template, and how to make its head and
    views. They are made where the page is rendered (in a worker), then fingerprinted: a page whose
    fingerprint is the last build's is not rendered again."""

    save_as: str
    lang: str
    template: str
    make: Callable[[], tuple[PageMeta, dict[str, object]]]


def fingerprint(base: str, job: PageJob, meta: PageMeta, views: dict[str, object]) -> str:
    """Of everything a page is made from: ``base`` (templates, catalogs, settings, code) and its views."""
    text = f"{base}\0{job.save_as}\0{job.template}\0{meta!r}\0{sorted(views.items())!r}"
    return hashlib.sha256(text.encode()).hexdigest()


class CulturelinksGenerator(Generator):
    """Writes the chooser, the 404 page and, in each language, the timeline, event, year, type, place
    and sources pages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.chronology: Chronology | None = None
        self.translations: dict[str, Translations] = {}
        self.warnings: list[Problem] = []
        self.summaries = markup.Summaries()
        self.index: EventIndex | None = None
        self._entries: dict[tuple[str, str], Entry] = {}
        self._entry_html = None  # the current language's entry renderer, while its pages are written

    def generate_context(self) -> None:
        """Load, validate and model the data; a DataError (every problem found) stops the build."""
        data_path = Path(self.settings["CULTURELINKS_DATA"])
        self.chronology, self.warnings = load_chronology(data_path, str(data_path))
        if self.warnings:
            lines = data_path.read_text(encoding="utf-8").splitlines()
            logger.warning("%s", format_text(self.warnings, {str(data_path): lines}).rstrip())
        self.translations = i18n.load_all_translations()
        self.index = EventIndex.of(self.chronology)
        self.summaries = markup.Summaries(self._cached_markdown())
        self.context[CHRONOLOGY_KEY] = self.chronology  # read by finding.FindingGenerator
        self.context[SUMMARIES_KEY] = self.summaries
        self.context["site_languages"] = tuple(Language(code, i18n.AUTONYMS[code]) for code in LANGUAGES)

    def _cached_markdown(self) -> dict[str, str]:
        cache = self.settings.get("CULTURELINKS_CACHE")
        path = Path(cache) / "markdown.json" if cache else None
        if path is None or not path.is_file():
            return {}
        try:
            return json.loads(path.read_text("utf-8"))
        except ValueError:
            return {}  # a damaged cache is only a slower build

    # -- views -------------------------------------------------------------------------------------

    def _versions(self, route_of, languages: Iterable[str] = LANGUAGES) -> tuple[Version, ...]:
        return tuple(Version(lang, route_of(lang).url) for lang in languages)

    def _meta(self, lang: str, route_of, title: str, description: str,
              alternate_languages: Iterable[str] = LANGUAGES) -> PageMeta:
        return PageMeta(lang, route_of(lang), title, description, self._versions(route_of),
                        self._versions(route_of, alternate_languages))

    def _entry(self, event: Event, lang: str) -> Entry:
        """One event as lists show it; made once per language, however many lists show it."""
        key = (event.id, lang)
        entry = self._entries.get(key)
        if entry is None:
            entry = self._entries[key] = self._make_entry(event, lang)
        return entry

    def _make_entry(self, event: Event, lang: str) -> Entry:
        excerpt_source, excerpt_lang = event.summary.pick(lang)
        return Entry(
            event_id=event.id,
            url=event_route(lang, event.id).url,
            year=event.when.start.year,
            date=i18n.format_when(event.when, lang),
            type=Link(event.type.label.pick(lang)[0], type_route(lang, event.type.id).url),
            places=tuple(Link(place.name.pick(lang)[0], place_route(lang, place.id).url) for place in event.places),
            title=local(event.title, lang),
            excerpt=LocalText(self.summaries.excerpt(excerpt_source), excerpt_lang),
        )

    def _year_groups(self, events: Iterable[Event], lang: str) -> tuple[YearGroup, ...]:
        entries = [self._entry(event, lang) for event in events]
        return tuple(YearGroup(year, year_route(lang, year).url, group, len(group))
                     for year, group in group_by_year(entries))

    def _decades(self, lang: str, listed: bool) -> tuple[DecadeGroup, ...]:
        """The timeline's decades and years, with their events ``listed`` or only counted."""
        if listed:
            years = self._year_groups(self.chronology.events, lang)
        else:
            years = tuple(YearGroup(year, year_route(lang, year).url, (), len(events))
                          for year, events in sorted(self.index.by_year.items()))
        return tuple(DecadeGroup(decade, i18n.format_decade(decade, lang), tuple(group))
                     for decade, group in groupby(years, key=lambda year: year.year // 10 * 10))

    def _related(self, event: Event) -> list[Event]:
        """Events sharing the type or a place — those sharing most, then the nearest in time — in time order.

        Candidates are the nearest events in time in each list the event belongs to (its type's and
        each of its places'), so the cost does not grow with the size of those lists."""
        place_ids = {place.id for place in event.places}

        def shared(other: Event) -> int:
            return len(place_ids & {place.id for place in other.places}) + (other.type.id == event.type.id)

        candidates = {other.id: other for other in self.index.neighbours(event, RELATED_LIMIT)}
        ranked = sorted(candidates.values(), key=lambda other: (
            -shared(other), abs((other.when.first_day - event.when.first_day).days), other.id))
        return sorted(ranked[:RELATED_LIMIT], key=lambda other: (other.when.sort_key(), other.id))

    def _event_page(self, index: int, lang: str) -> EventPage:
        events = self.chronology.events
        event = events[index]
        summary_text, summary_lang = event.summary.pick(lang)
        title_lang = event.title.pick(lang)[1]
        fallback_lang = next((shown for shown in (summary_lang, title_lang) if shown != lang), None)
        return EventPage(
            entry=self._entry(event, lang),
            summary=self.summaries.html(summary_text),
            summary_lang=summary_lang,
            fallback_lang=fallback_lang,
            people=tuple(local(person, lang) for person in event.people),
            organisations=tuple(local(organisation, lang) for organisation in event.organisations),
            references=tuple(
                Reference(number, citation.source, f"{sources_route(lang).url}#source-{citation.source.id}",
                          parse_locator(citation.locator))
                for number, citation in enumerate(event.sources, start=1)),
            previous=self._entry(events[index - 1], lang) if index > 0 else None,
            next=self._entry(events[index + 1], lang) if index + 1 < len(events) else None,
            related=tuple(self._entry(other, lang) for other in self._related(event)),
        )

    def _sources(self, lang: str) -> tuple[SourceEntry, ...]:
        by_source = self.index.by_source
        listed = sum(len(events) for events in by_source.values()) <= self.settings["CULTURELINKS_LISTING_LIMIT"]
        return tuple(
            SourceEntry(source, f"source-{source.id}", local(source.note, lang) if source.note else None,
                        source_route(lang, source_id).url, len(by_source[source_id]),
                        tuple(self._entry(event, lang) for event in by_source[source_id]) if listed else ())
            for source_id, source in sorted(self.chronology.sources.items()))

    def _listing_pages(self, jobs: list[PageJob], lang: str, route_of, heading: str, description: str,
                       events: Sequence[Event], heading_lang: str | None = None, **views) -> None:
        """A listing's pages: one, or CULTURELINKS_LISTING_LIMIT events a page when it is long."""
        limit = self.settings["CULTURELINKS_LISTING_LIMIT"]
        shares = [events[start:start + limit] for start in range(0, len(events), limit)] or [()]
        pages = tuple(Link(str(number), numbered(route_of(lang), number).url) for number in range(1, len(shares) + 1))
        gettext = self.translations[lang].gettext

        def make(number: int, share: Sequence[Event]) -> tuple[PageMeta, dict[str, object]]:
            title = heading if number == 1 else gettext("%(title)s (page %(number)s)") % {
                "title": heading, "number": number}
            meta = self._meta(lang, lambda code: numbered(route_of(code), number), title, description)
            listing = Listing(heading, self._year_groups(share, lang), Pager(number, pages) if len(shares) > 1 else None,
                              heading_lang)
            return meta, {"listing": listing, **views}

        for number, share in enumerate(shares, start=1):
            self._add_page(jobs, "listing", numbered(route_of(lang), number), lang,
                           lambda number=number, share=share: make(number, share))

    def _doorways(self, heading: str, text: str, link_text: str) -> tuple[Doorway, ...]:
        return tuple(Doorway(lang, i18n.AUTONYMS[lang], self.translations[lang].gettext(heading),
                             self.translations[lang].gettext(text), self.translations[lang].gettext(link_text),
                             timeline_route(lang).url)
                     for lang in LANGUAGES)

    # -- output ------------------------------------------------------------------------------------

    def _add_page(self, jobs: list[PageJob], template: str, route: Route, lang: str,
                  make: Callable[[], tuple[PageMeta, dict[str, object]]]) -> None:
        jobs.append(PageJob(route.save_as, lang, template, make))

    def _entry_renderer(self, lang: str):
        """``entry_html(entry, level)`` for the templates: each entry's HTML made once per language and
        heading level, since the same entry shows on the timeline, its year, type, place and source pages."""
        macros = self.get_template("_macros").make_module({**self.context, "lang": lang})
        rendered: dict[tuple[str, int], Markup] = {}

        def entry_html(entry: Entry, level: int) -> Markup:
            key = (entry.event_id, level)
            if key not in rendered:
                rendered[key] = Markup(macros.entry_item(entry, level))
            return rendered[key]

        return entry_html

    def generate_output(self, writer) -> None:
        """Make every page's views in worker processes and render the pages whose fingerprint differs
        from the last build's; the others are kept as they are."""
        jobs: list[PageJob] = []
        for lang in LANGUAGES:
            self._language_pages(jobs, lang)
        self._multilingual_pages(jobs)
        base = self._fingerprint_base()
        for lang in LANGUAGES:  # made once here, every worker inherits them instead of making them again
            for event in self.chronology.events:
                self._entry(event, lang)
        previous = self.settings.get("CULTURELINKS_PREVIOUS_PAGES") or {}
        report = self.settings.get("CULTURELINKS_PROGRESS") or progress.Silent()
        report.start(f"making {len(jobs)} pages ({len(previous)} in the last build)", len(jobs))
        with tempfile.TemporaryDirectory(prefix="culturelinks-fingerprints-") as parts:
            parallel.run_split(jobs, lambda share, weight: self._make(writer, share, base, previous, report, weight,
                                                                      Path(parts)),
                               self.settings["CULTURELINKS_WORKERS"])
            fingerprints = {}
            for part in sorted(Path(parts).iterdir()):
                fingerprints.update(json.loads(part.read_text("utf-8")))
        report.finish()
        self._save_cache(fingerprints)

    def _make(self, writer, jobs: Sequence[PageJob], base: str, previous: dict[str, str], report: progress.Silent,
              weight: int, parts: Path) -> None:
        """Make and fingerprint each page of a share, render it if it changed, and leave the share's
        fingerprints in ``parts`` for the parent process."""
        lang, fingerprints = None, {}
        for job in jobs:
            report.advance(weight)  # a forked worker's weight is 0: only the parent reports
            meta, views = job.make()
            fingerprints[job.save_as] = fingerprint(base, job, meta, views)
            if previous.get(job.save_as) == fingerprints[job.save_as]:
                continue
            if job.lang != lang:
                lang = job.lang
                self.env.install_gettext_translations(self.translations[lang], newstyle=True)
                self._entry_html = self._entry_renderer(lang)
            writer.write_file(job.save_as, self.get_template(job.template), self.context,
                              relative_urls=self.settings["RELATIVE_URLS"], meta=meta, lang=meta.lang,
                              entry_html=self._entry_html, **views)
        (parts / f"{os.getpid()}.json").write_text(json.dumps(fingerprints), "utf-8")

    def _fingerprint_base(self) -> str:
        """What every page depends on besides its own views: templates, catalogs, settings and this code."""
        digest = hashlib.sha256()
        for name in sorted(self.env.list_templates()):
            digest.update(name.encode() + b"\0" + self.env.loader.get_source(self.env, name)[0].encode())
        digest_code_and_settings(digest, self.settings)
        return digest.hexdigest()

    def _save_cache(self, fingerprints: dict[str, str]) -> None:
        cache = self.settings.get("CULTURELINKS_CACHE")
        if cache:
            cache = Path(cache)
            cache.mkdir(parents=True, exist_ok=True)
            (cache / "pages.next.json").write_text(json.dumps(fingerprints, sort_keys=True, indent=0), "utf-8")
            (cache / "markdown.json").write_text(json.dumps(self.summaries.rendered, ensure_ascii=False), "utf-8")

    def _language_pages(self, jobs: list[PageJob], lang: str) -> None:
        gettext = self.translations[lang].gettext
        chronology = self.chronology
        years = sorted({event.when.start.year for event in chronology.events})
        year_links = tuple(Link(str(year), year_route(lang, year).url) for year in years)
        finding = self.context["finding"]
        listed = len(chronology.events) <= self.settings["CULTURELINKS_LISTING_LIMIT"]
        self._add_page(jobs, "timeline", timeline_route(lang), lang, lambda: (
            self._meta(lang, timeline_route, gettext(SITE_TITLE), gettext(SITE_TAGLINE)),
            {"decades": self._decades(lang, listed), "year_links": year_links, "chart": finding.charts[lang],
             "filters": finding.filters[lang], "listed": listed}))

        for year in years:
            self._listing_pages(jobs, lang, lambda code, year=year: year_route(code, year), str(year),
                                gettext("Events of the chronology dated %(year)s.") % {"year": year},
                                self.index.by_year[year], year_links=year_links, current_year=str(year))

        for type_id, event_type in sorted(chronology.types.items()):
            label = event_type.label.pick(lang)[0]
            self._listing_pages(jobs, lang, lambda code, type_id=type_id: type_route(code, type_id), label,
                                gettext("Events of the type “%(type)s”.") % {"type": label},
                                self.index.by_type[type_id])

        for place_id, place in sorted(chronology.places.items()):
            name = place.name.pick(lang)[0]
            self._listing_pages(jobs, lang, lambda code, place_id=place_id: place_route(code, place_id), name,
                                gettext("Events that took place in %(place)s.") % {"place": name},
                                self.index.by_place[place_id], place=place)

        for source_id, source in sorted(chronology.sources.items()):
            self._listing_pages(jobs, lang, lambda code, source_id=source_id: source_route(code, source_id),
                                source.title, gettext("Events told by this source"), self.index.by_source[source_id],
                                heading_lang=source.language)

        self._add_page(jobs, "sources", sources_route(lang), lang, lambda: (
            self._meta(lang, sources_route, gettext("Sources"),
                       gettext("The sources of the chronology and the events each one tells of.")),
            {"sources": self._sources(lang)}))

        def event_page(index: int) -> tuple[PageMeta, dict[str, object]]:
            event = chronology.events[index]
            page = self._event_page(index, lang)
            complete = [code for code in LANGUAGES if event.languages_complete(code)]
            meta = self._meta(lang, lambda code: event_route(code, event.id), page.entry.title.text,
                              page.entry.excerpt.text, complete)
            return meta, {"page": page, "json_ld": finding.json_ld[lang][event.id],
                          "folded": finding.folded[lang][event.id]}

        for index, event in enumerate(chronology.events):
            self._add_page(jobs, "event", event_route(lang, event.id), lang, lambda index=index: event_page(index))

    def _multilingual_pages(self, jobs: list[PageJob]) -> None:
        english = self.translations["en"].gettext
        versions = self._versions(timeline_route)
        self._add_page(jobs, "chooser", CHOOSER_ROUTE, "en", lambda: (
            PageMeta("en", CHOOSER_ROUTE, english(SITE_TITLE), english(SITE_TAGLINE), versions, versions),
            {"doorways": self._doorways(SITE_TITLE, SITE_TAGLINE, CHOOSER_LINK)}))
        self._add_page(jobs, "404", NOT_FOUND_ROUTE, "en", lambda: (
            PageMeta("en", NOT_FOUND_ROUTE, english(NOT_FOUND_HEADING), english(NOT_FOUND_TEXT), versions, (),
                     indexable=False),
            {"doorways": self._doorways(NOT_FOUND_HEADING, NOT_FOUND_TEXT, CHOOSER_LINK)}))
