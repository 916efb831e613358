"""The Pelican generator: culturelinks' adapter to Pelican, which owns the settings, the Jinja
environment (its loader chain, filters and ``jinja2.ext.i18n``), the Markdown pages and the static files.

``generate_context`` reads everything — the data (load → validate → model), the UI catalogs and
Pelican's Markdown pages — and makes the views and the page plan; ``generate_output`` renders the
plan into the staged site (output.render: each page with exactly its planned context, on every core, a
page whose fingerprint is unchanged linked from the live site instead), feeds the pages search covers to
Pagefind in plan order (output.search), then writes the feeds, open data, sitemap and robots.txt, and
hands ``culturelinks build`` what it made (plugin.run).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import itertools
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from markupsafe import Markup
from pelican.generators import Generator

from ..collector import paused_gc
from ..data import model
from ..data.dataset import load_source
from ..data.history import History, read_history
from ..data.loader import SourceFile
from ..data.release import Release, read_release
from ..errors import BuildError, CulturelinksError, format_text, os_error_text
from ..languages import Languages
from ..output import pdf
from ..output.fingerprint import digest_code_and_settings
from ..output.manifest import sha256_of, summary_keys
from ..output.publish import Staging
from ..output.render import PageContext, PageRenderer, rendering
from ..output.search import BundleFile, LiveFile, SearchFeed, SiteIndex
from ..output.shows import (
    EventLanguages,
    FactDigests,
    PageShows,
    ShowsWriter,
    keep_shows,
    read_shows,
    scope_digest,
)
from ..site import exports, i18n, routes
from ..site.edition import Volume, edition, volume_label, volumes
from ..site.plan import Plan, PlannedFile, make_plan
from ..site.views import ContentPage, EditionLink, Link, PageMeta, Version, Views
from ..text import markup, typography
from .run import BuildOutcome, BuildRequest

logger = logging.getLogger(__name__)
if hasattr(logger, "disable_filter"):  # Pelican's loggers drop a warning this process logged before: every build
    logger.disable_filter()  # (a dev server rebuilds in one process) shows the data's warnings again

def markdown_texts(chronology: model.Chronology) -> Iterator[str]:
    """The Markdown the pages show: each event's summary and editorial note, as each language shows it."""
    for event in chronology.events:
        for text in (event.summary, event.editorial_note):
            if text is not None:
                yield from (text.pick(lang)[0] for lang in chronology.languages.codes)


class CulturelinksGenerator(Generator):
    """Plans and writes the chronology's pages in every language, the Markdown pages, the feeds, the
    open data, the sitemap and the search index."""

    #: What ``culturelinks build`` asks of this run (plugin.run gives it); a plain Pelican run has none, and
    #: writes straight into OUTPUT_PATH.
    request: BuildRequest | None = None

    def __init__(self, *args, **kwargs):
        self.views: Views | None = None
        self.plan: Plan | None = None
        self.source: SourceFile | None = None
        self.data: dict | None = None
        self.release: Release | None = None
        self.history: History | None = None
        self.content: list = []
        self.books: dict[str, pdf.Book] = {}
        super().__init__(*args, **kwargs)
        if self.request is None:
            self.request = BuildRequest(self.settings, Staging(Path(self.output_path), Path(self.output_path), None))
        # Each template is read once per build: Jinja need not look at its file again at every page (a template
        # edited while `serve` runs makes it run a full build, with a new environment).
        self.env.auto_reload = False
        self.env.context_class = PageContext

    def generate_context(self) -> None:
        """Load, validate and model the data (a DataError carries every problem), then plan the site."""
        assert self.request is not None
        data_path = Path(self.settings["CULTURELINKS_DATA"])
        languages = site_languages(self.settings)
        self.source, checked = load_source(data_path, str(data_path), languages)
        assert checked.data is not None, "load_source raises when there is no data"
        self.data = checked.data
        self.release = read_release(Path(self.settings["CULTURELINKS_RELEASE"]))
        staging = self.request.staging
        self.history = read_history(data_path, checked.data, Path(self.settings["CULTURELINKS_RELEASE"]), languages,
                                    staging.cache if staging.cache.parts else None,  # none in a plain Pelican run
                                    self.request.memory.releases)
        if self.history.missing:
            logger.info("culturelinks: no release history for the Changes page: %s", self.history.detail)
        with paused_gc(keep=True):  # the model, views and plan are hundreds of thousands of objects, none garbage
            chronology, warnings = model.build(checked.data, languages), checked.problems
        if not self.request.remember:  # only serve reads the YAML tree again (its quick builds re-read edited events):
            self.source = self.source.name_only()  # a build lets its 225 MB at 10,000 events go before rendering
        if warnings:
            lines = data_path.read_text(encoding="utf-8").splitlines()
            logger.warning("%s", format_text(warnings, {str(data_path): lines}).rstrip())
        translations = i18n.load_all_translations(languages)
        content = self.content = content_pages(self.context.get("pages", ()), languages)
        nav = {lang: tuple(Link(page.title, route.url) for route, meta, page in content if meta.lang == lang)
               for lang in languages.codes}
        summaries = markup.Summaries(self.request.known_summaries, summary_keys())
        summaries.prepare(markdown_texts(chronology), self.settings["CULTURELINKS_WORKERS"])
        with paused_gc(keep=True):
            self.views = Views(chronology, translations, summaries, self.settings["SITEURL"],
                               self.settings["CULTURELINKS_LISTING_LIMIT"], nav, memory=self.request.memory,
                               release=self.release, history=self.history)
            self.views.introductions = introductions(self.context, str(self.settings["CULTURELINKS_PDF_INTRODUCTION"]),
                                                     languages)
            self.books = self.make_books(self.views)
            self.plan = make_plan(self.views, content)

    def make_books(self, views: Views) -> dict[str, pdf.Book]:
        """The PDF editions, made (or kept from the build cache) before the pages are planned: every page's footer
        gives their size. ``serve`` (``request.remember``) takes only those the build cache holds, and makes the
        others when it is idle (serve.live); with CULTURELINKS_PDF False there is none."""
        assert self.request is not None
        if not self.settings["CULTURELINKS_PDF"]:
            return {}
        staging, report = self.request.staging, self.request.report
        # --no-cache (no page reused) makes them again too
        cache = pdf.EditionCache(staging.cache if staging.cache.parts and staging.reuse_pages else None)
        report.start("making the PDF editions")
        # serve makes them when it is idle (serve.live): until then they are linked without a size
        books = make_books(views, self.settings, cache, compile=not self.request.remember)
        report.finish()
        return books

    def fingerprint_base(self) -> str:
        """What every page depends on besides its context: templates, catalogs, settings and this code."""
        digest = hashlib.sha256()
        for name in sorted(self.env.list_templates(filter_func=lambda name: not name.endswith(".typ"))):
            digest.update(name.encode() + b"\0" + self.env.loader.get_source(self.env, name)[0].encode())
        digest_code_and_settings(digest, self.settings)
        return digest.hexdigest()

    def generate_output(self, writer) -> None:
        request, views, plan = self.request, self.views, self.plan
        assert request is not None and views is not None and plan is not None, "Pelican calls generate_context first"
        assert self.source is not None and self.data is not None
        staging, report = request.staging, request.report
        base = self.fingerprint_base()
        page_shows = self.page_shows(base)
        renderer = PageRenderer(self.env, views.translations, plan.pages, base, staging, self.settings["SITEURL"],
                                views.memory, request.remember, fingerprints=staging.reuse_pages, shows=page_shows)
        # A build with no last build's record to keep pages by renders every page; else it keeps most of them.
        renders_every_page = page_shows is None or page_shows.previous is None
        copies = static_copies(self.settings, self.context)  # where Pelican copies the static files after this
        if renders_every_page:
            # Into a new folder: its folders are made beside the entries, on the core that would wait meanwhile.
            staging.make_folders_ahead(itertools.chain((page.route.save_as for page in plan.pages),
                                                       (file.route.save_as for file in plan.files)),
                                       besides=copies)
            # The entries, which a build that keeps most pages never needs.
            with paused_gc(keep=True):
                for lang in views.languages.codes:  # made once here: every worker inherits them, not making them again
                    for event in views.chronology.events:
                        views.entry(event, lang)
        shows_writer: ShowsWriter | None = None
        files: Sequence[PlannedFile] = plan.files
        first: tuple[str, ...] = ()  # the languages whose pages are rendered first: those an edit changed
        if page_shows is not None:
            languages = EventLanguages(self.data.get("events") or (), views.languages.codes, page_shows.digests,
                                       page_shows.previous)
            shows_writer = ShowsWriter(page_shows.scope, page_shows.previous, page_shows.digests, languages)
            if page_shows.previous is not None:
                files = carrying_parts(files, staging, views, page_shows)
                first = languages.changed()
        # Pelican copies the static files after this. The first use of the staging folder: until then the folder is
        # made beside the build (output.publish.Staging.create), which after a cold build into a new folder means
        # making every folder of the site (41,003 at 10,000 events), so the work above is done meanwhile.
        staging.clear_skeleton(copies)
        known = sum(1 for record in staging.previous.files.values() if record.fingerprint) if staging.previous else 0
        report.start(f"making {len(plan.pages)} pages ({known} in the last build)", len(plan.pages))
        searched: list[tuple[str, str]] = []
        new_searched: set[str] = set()
        shown: dict[str, frozenset] = {}
        search_made = not (not request.index_search and keep_search_index(staging))
        shows_kept = False  # the record of what each page shows kept by this run (``keep_shows``), not after it
        try:
            with rendering(renderer, files, self.settings["CULTURELINKS_WORKERS"], first) as (pages, made), \
                    SiteIndex(enabled=search_made) as search:
                previous = staging.previous.searched if staging.previous else {}
                feed = SearchFeed(search, lambda name: (staging.folder / name).read_text("utf-8"), previous,
                                  # read once, however many languages keep their part of it
                                  functools.cache(functools.partial(live_search_bundle, staging)))
                searched_left = sum(page.searched for page in plan.pages)
                if search.enabled and renders_every_page:
                    # A build that renders every page: the workers render the other pages while Pagefind makes the
                    # last language's index (the build's peak), and make the files after it.
                    made.hold_until(lambda: not searched_left and search.idle())

                def write_files(waiting: bool) -> None:
                    """Record the files the workers have written so far (every one, made here if need be:
                    ``waiting``)."""
                    for planned, written in made.given(waiting):
                        staging.records[planned.route.save_as] = written.record
                        if written.parts and shows_writer is not None and page_shows is not None:
                            shows_writer.add_parts(planned.route.save_as, written.record.sha256, written.key,
                                                   written.parts, page_shows.digests)

                for page in pages:
                    staging.records[page.name] = page.record
                    if request.remember and page.shows is not None:
                        shown[page.name] = page.shows
                    if shows_writer is not None:
                        if page.kept:
                            shows_writer.keep(page.name)
                        elif page.template is not None and page.shows is not None:
                            shows_writer.add(page.name, page.template, page.record.sha256, page.shows)
                    if page.searched:
                        searched.append((page.lang, page.name))
                        if page.html is not None:
                            new_searched.add(page.name)
                        searched_left -= 1
                        if search.enabled:
                            feed.add(page.lang, page.name, page.html)
                            if not searched_left:  # Pagefind finishes while the other pages are rendered
                                feed.finish()
                    if search.enabled:  # a language's index is written as soon as Pagefind has made it
                        put_search_index(staging, search.finished_so_far())
                    write_files(waiting=False)  # as soon as a worker made them: they are large
                    report.advance()
                report.start("writing the feeds, open data, sitemap and search index")
                for name, book in self.books.items():
                    staging.records[name] = staging.put(name, book.pdf)
                if search.enabled and not searched:
                    feed.finish()
                if shows_writer is not None and not renders_every_page and search.enabled:
                    # A build that kept most pages has little left while Pagefind makes the last index: the record
                    # of what each page shows is kept now, in this process (a forked one, after the build, copied
                    # most of this one's memory page by page as it read the record: 6.5 s rather than 1.5 s at
                    # 30,000 events, while the swap waited for it).
                    write_files(waiting=True)
                    keep_shows(staging.cache, shows_writer.shown)
                    shows_kept = True
                if search.enabled:  # while the workers make the files
                    put_search_index(staging, search.files())
                write_files(waiting=True)
        except CulturelinksError:
            raise
        except OSError as exc:
            raise BuildError(f"could not write the site: {os_error_text(exc)}") from None
        finally:
            report.finish()
        request.outcome = BuildOutcome(views, plan, self.source, self.data, base, self.env, searched, new_searched,
                                       search_made, copies, shown, self.content,
                                       shows_writer.shown if shows_writer is not None else None, shows_kept)

    def page_shows(self, base: str) -> PageShows | None:
        """What the renderer needs to record what each page shows, and to keep those that show what they showed in
        the last build (output.shows); None in a plain Pelican run, which has no build cache."""
        assert self.request is not None and self.views is not None and self.data is not None
        staging = self.request.staging
        if not staging.cache.parts:
            return None
        scope = scope_digest(base, self.views, self.data, self.content)
        with paused_gc(keep=True):  # the last build's record (a million objects at 10,000 events) and the digests,
            # kept for the whole build: the collector would scan them as they are made (0.2 s), and after
            previous = read_shows(staging.cache, scope) if staging.previous is not None and staging.reuse_pages \
                else None
            return PageShows(scope, FactDigests(self.views, self.data.get("events") or ()), previous)


def carrying_parts(files: Sequence[PlannedFile], staging: Staging, views: Views, page_shows: PageShows
                   ) -> tuple[PlannedFile, ...]:
    """``files``, where each open-data file whose events' parts the last build recorded first takes them
    (``carry_parts``), in whichever process makes it: not before the first page, where the build's process would
    read and split the live files (300 MB at 30,000 events) while Pagefind waits for its first page."""
    recorded = page_shows.previous.parts if page_shows.previous is not None else {}
    return tuple(dataclasses.replace(file, assemble=functools.partial(
        _carried_then_assembled, file.assemble, staging, views, page_shows, file.route.save_as))
        if file.assemble is not None and file.route.save_as in recorded else file for file in files)


def _carried_then_assembled(assemble: Callable[[], exports.Assembled], staging: Staging, views: Views,
                            page_shows: PageShows, name: str) -> exports.Assembled:
    carry_parts(staging, views, page_shows, name)
    return assemble()


def carry_parts(staging: Staging, views: Views, page_shows: PageShows, name: str) -> None:
    """Keep in ``views.memory`` each event's part of the open-data file ``name`` that the last build made of an event
    as it is now (the digest of its data the same), taken from the live file that build recorded (output.shows):
    checked by its SHA-256 as read, so that what is taken is what the live site has."""
    assert page_shows.previous is not None
    if name not in page_shows.previous.parts:
        return
    sha256, key, parts = page_shows.previous.parts[name]
    record = staging.live_record(name)
    if record is None or record.sha256 != sha256:
        return
    try:
        data = (staging.live / name).read_bytes()
    except OSError:
        return
    if sha256_of(data) != sha256:
        return
    events = {event.id: event for event in views.chronology.events}
    same = [(events[event_id], start, end) for event_id, digest, start, end in parts
            if event_id in events and page_shows.digests(("event", event_id)) == digest]
    exports.carry_parts(name, key, data, same, views.chronology, views.site_url, views.memory)


def make_books(views: Views, settings: Mapping[str, object], cache: pdf.EditionCache, *, compile: bool = True,
               check: Callable[[], None] = lambda: None) -> dict[str, pdf.Book]:
    """The PDF edition of each language (site.edition, output.pdf), in volumes when it is long, by file name: kept
    from ``cache`` when nothing it shows changed, else compiled, CULTURELINKS_PDF_JOBS at a time; without
    ``compile``, only the kept ones. ``views.editions`` gets the links to them (``edition_links``)."""
    template = Path(str(settings["THEME"])) / "templates" / pdf.TEMPLATE
    every = volumes(views, int(settings["CULTURELINKS_PDF_VOLUME_EVENTS"]))  # type: ignore[call-overload]
    editions = [edition(views, lang, [views.introductions[lang]] if lang in views.introductions else [], volume,
                        every, check) for lang in views.languages.codes for volume in every]
    largest = max(sum(len(views.listed(("year", year))) for year in volume.years) for volume in every)
    books = pdf.make_books(editions, template, Path(str(settings["CULTURELINKS_PDF_FONTS"])), cache, compile=compile,
                           jobs=pdf_jobs(settings, largest), check=check)
    views.editions = edition_links(views, every, books)
    return books


def edition_links(views: Views, every: list[Volume], books: Mapping[str, pdf.Book]
                  ) -> dict[str, tuple[EditionLink, ...]]:
    """The links to each language's book, or to its volumes, with their sizes where they are made."""
    links = {}
    for lang in views.languages.codes:
        found = [books.get(volume.file(lang)) for volume in every]
        links[lang] = tuple(views.edition_link(lang, len(book.pdf) if book else None, book.pages if book else 0,
                                               volume.number, len(every), volume_label(views, lang, volume))
                            for volume, book in zip(every, found))
    return links


def pdf_jobs(settings: Mapping[str, object], events: int) -> int:
    """How many books are compiled at once: CULTURELINKS_PDF_JOBS, or one per rendering worker while the books are
    small; one at a time for a large chronology (Typst holds a whole book in memory: 3.4 GB at 10,000 events)."""
    given = settings.get("CULTURELINKS_PDF_JOBS")
    if isinstance(given, int) and given > 0:
        return given
    return int(settings["CULTURELINKS_WORKERS"]) if events <= pdf.PARALLEL_EVENTS else 1  # type: ignore[call-overload]


def introductions(context: Mapping[str, object], slug: str, languages: Languages) -> dict[str, tuple[str, str]]:
    """The books' introductions: the Markdown page ``slug`` (CULTURELINKS_PDF_INTRODUCTION; a hidden one, written for
    the book, or one of the site's) in each language, its title and typeset HTML."""
    found = {}
    for page in [*context.get("pages", ()), *context.get("hidden_pages", ())]:  # type: ignore[misc]
        for version in (page, *page.translations):
            if version.slug == slug and version.lang in languages.codes:
                found[version.lang] = (version.title, typography.typeset_html(
                    version.content, languages[version.lang].typography))
    return found


def static_copies(settings: Mapping[str, object], context: Mapping[str, object]) -> list[str]:
    """Where Pelican copied static files in the site: the theme's folder, and each static file of the content
    (tests/building/test_incremental.py proves nothing else is written unrecorded)."""
    return [str(settings["THEME_STATIC_DIR"]),
            *(static.save_as for static in context.get("staticfiles", ()))]  # type: ignore[attr-defined]


def live_search_bundle(staging: Staging) -> dict[str, BundleFile] | None:
    """The live site's search bundle, by path in it, when every file of it is as the last build left it: its
    entry file read, the others as the live files they are (``LiveFile``: ``put_search_index`` links them, a
    language kept from the live index is never read, 18 MB at 1,000 events)."""
    prefix = routes.search_bundle().url
    entry = prefix + "pagefind-entry.json"
    previous = staging.previous
    records = {name: staging.live_record(name) for name in (previous.files if previous else ())
               if name.startswith(prefix)}
    if entry not in records or None in records.values():
        return None
    return {name[len(prefix):]: (staging.live / name).read_bytes() if name == entry
            else LiveFile(bytes.fromhex(record.sha256)) for name, record in records.items() if record is not None}


def keep_search_index(staging: Staging) -> bool:
    """Link the live site's whole search index into the new site; False (nothing linked) when there is none."""
    bundle = {name: staging.live_record(name) for name in (staging.previous.files if staging.previous else ())
              if name.startswith(routes.search_bundle().url)}
    if not bundle or None in bundle.values():
        return False
    for name in bundle:
        staging.records[name] = staging.keep(name) or staging.put(name, (staging.live / name).read_bytes())
    return True


def put_search_index(staging: Staging, files: Mapping[str, BundleFile]) -> None:
    """Add files of the search index (by their path in it) to the new site, but none already added; a live file
    (``LiveFile``) linked as it is."""
    bundle = routes.search_bundle().url
    for path, content in files.items():
        name = bundle + path
        if name not in staging.records:
            if isinstance(content, LiveFile):
                kept = staging.keep(name)
                if kept is None:  # edited since the build read its record
                    raise BuildError(f"{staging.live / name} changed while the site was built: build it again")
                staging.records[name] = kept
            else:
                staging.records[name] = staging.put(name, content)


def site_languages(settings: Mapping[str, object]) -> Languages:
    """The languages CULTURELINKS_LANGUAGES names (the languages table); a BuildError says what is wrong with it."""
    try:
        return Languages.of(settings.get("CULTURELINKS_LANGUAGES"))  # type: ignore[arg-type]
    except ValueError as exc:
        raise BuildError(f"pelicanconf.py: {exc}") from None


def content_pages(pages: Iterable, languages: Languages) -> list[tuple[routes.Route, PageMeta, ContentPage]]:
    """Pelican's Markdown pages and their translations, each with the head and views it is rendered from."""
    found = []
    codes = languages.codes
    for page in pages:
        versions_of = sorted([page, *page.translations], key=lambda version: codes.index(version.lang)
                             if version.lang in codes else len(codes))
        versions = tuple(Version(version.lang, routes.content_page(version.lang, version.slug).url)
                         for version in versions_of)
        for version in versions_of:
            route = routes.content_page(version.lang, version.slug)
            description = markup.plain_text(version.summary)
            found.append((route, PageMeta(version.lang, route, version.title, description, versions, versions),
                          ContentPage(version.title, Markup(typography.typeset_html(
                              version.content, languages[version.lang].typography)))))
    return found

