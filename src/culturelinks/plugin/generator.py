"""The Pelican generator: culturelinks' adapter to Pelican, which owns the settings, the Jinja
environment (its loader chain, filters and ``jinja2.ext.i18n``), the Markdown pages and the static files.

``generate_context`` reads everything — the data (load → validate → model), the UI catalogs and
Pelican's Markdown pages — and makes the views and the page plan; ``generate_output`` renders the
plan into the staged site: each page with exactly its planned context, on every core, a page whose
fingerprint is unchanged linked from the live site instead, the pages search covers fed to Pagefind
in plan order, then the feeds, open data, sitemap and robots.txt.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from babel.support import NullTranslations
from jinja2 import Environment, TemplateError, pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup
from pelican.generators import Generator

from .. import progress
from ..data import model
from ..data.dataset import load_source, paused_gc
from ..errors import BuildError, CulturelinksError, format_text, os_error_text
from ..languages import Languages
from ..output.manifest import (
    FileRecord,
    digest_code_and_settings,
    fingerprint,
    forget_records,
    searched_digests,
    summary_keys,
)
from ..output.publish import Staging
from ..output.search import SiteIndex
from ..serve.quick import DataFile
from ..site import i18n, routes
from ..site.plan import Plan, PlannedFile, PlannedPage, make_plan
from ..site.views import ContentPage, Entry, Link, PageMeta, Version, Views
from ..text import markup, typography
from ..text.markup import can_fork

logger = logging.getLogger(__name__)

#: Pages per unit of work handed to a rendering process.
SHARE_SIZE = 40
#: Below this many pages, starting worker processes costs more than it saves.
MIN_PARALLEL_PAGES = 100
#: Shares of pages each worker renders ahead of the page the search index is fed.
IN_FLIGHT = 4


@dataclass(frozen=True)
class RenderedPage:
    """What rendering one planned page gave: its record in the new site, whether search covers it, and its
    HTML when it was rendered and search needs it (a page kept from the live site is not sent back
    through a pipe: the main process reads it from the staged site)."""

    name: str
    lang: str
    record: FileRecord
    searched: bool
    html: str | None


class PageSink(Protocol):
    """Where rendered pages go: the staged site (publish.Staging), or the live one (quick.InPlace)."""

    def reuse(self, name: str, fingerprint: str) -> FileRecord | None: ...

    def put(self, name: str, content: bytes, fingerprint: str | None = None) -> FileRecord: ...


#: Each language's entries' HTML, by (event id, heading level): the entry it was made of, and the HTML.
EntryHTML = dict[str, dict[tuple[str, int], tuple[Entry, Markup]]]


class PageRenderer:
    """Renders planned pages into the staged site; made once, then used in this process or in forked ones.
    ``entry_html``, when given, is where the entries' HTML is kept from one renderer to the next (serve's
    quick builds): an entry's HTML is taken from it only when made of that very entry."""

    def __init__(self, env: Environment, translations: dict[str, NullTranslations], pages: Sequence[PlannedPage],
                 base: str, staging: PageSink, site_url: str, entry_html: EntryHTML | None = None):
        self.env = env
        self.translations = translations
        self.pages = pages
        self.base = base
        self.staging = staging
        self.url = routes.url_helper(site_url)
        self._lang: str | None = None
        self._entry_html = None
        self._kept_entry_html = {} if entry_html is None else entry_html

    def _use_language(self, lang: str) -> None:
        if lang != self._lang:
            self._lang = lang
            self.env.install_gettext_translations(  # type: ignore[attr-defined] # added by jinja2.ext.i18n
                self.translations[lang], newstyle=True)
            self.env.globals.update(template_gettext(self.translations[lang]))
            self._entry_html = self._entry_renderer(lang)

    def _entry_renderer(self, lang: str):
        """``entry_html(entry, level)``: each entry's HTML made once per language and heading level, since
        the same entry shows on the timeline and on its year, type, place and source pages."""
        macros = self.env.get_template("_macros.html").make_module({"lang": lang, "url": self.url})
        rendered = self._kept_entry_html.setdefault(lang, {})

        def entry_html(entry: Entry, level: int) -> Markup:
            key = (entry.event_id, level)
            made = rendered.get(key)
            if made is None or made[0] is not entry:
                made = rendered[key] = entry, Markup(getattr(macros, "entry_item")(entry, level))
            return made[1]

        return entry_html

    def render(self, numbers: Sequence[int]) -> list[RenderedPage]:
        """Render (or reuse) the pages of the plan at ``numbers``."""
        try:
            return [self._render(self.pages[number]) for number in numbers]
        except OSError as exc:
            raise BuildError(f"could not write the site: {os_error_text(exc)}") from None

    def _render(self, page: PlannedPage) -> RenderedPage:
        name = page.route.save_as
        context = page.context()
        print_ = fingerprint(self.base, page.template, name, context)
        record = self.staging.reuse(name, print_)
        if record is not None:
            return RenderedPage(name, page.lang, record, page.searched, None)
        try:
            self._use_language(page.lang)
            html = self.env.get_template(page.template + ".html").render(
                {**context, "url": self.url, "entry_html": self._entry_html})
        except Exception as exc:  # noqa: BLE001 - a template may raise anything ({{ 1 // 0 }})
            error = template_error(exc, name)
            if error is None:
                raise
            raise error from None
        return RenderedPage(name, page.lang, self.staging.put(name, html.encode(), print_), page.searched,
                            html if page.searched else None)


def markdown_texts(chronology: model.Chronology) -> Iterator[str]:
    """The Markdown the pages show: each event's summary and editorial note, as each language shows it."""
    for event in chronology.events:
        for text in (event.summary, event.editorial_note):
            if text is not None:
                yield from (text.pick(lang)[0] for lang in chronology.languages.codes)


def template_gettext(translations: NullTranslations) -> dict[str, Callable[..., str]]:
    """``_``, ``gettext`` and ``ngettext`` for the templates, as jinja2.ext.i18n's "newstyle" ones
    (translated, marked safe where autoescaping is on, then formatted with the named values, also when
    there are none: ``%%`` is ``%``) but each one call: a page calls them about twenty times, and
    jinja's go through two more calls each. A message without values is made once per language."""
    made: dict[tuple[str, bool], str] = {}

    @pass_eval_context
    def gettext(eval_ctx: EvalContext, string: str, /, **variables: object) -> str:
        if not variables:
            key = (string, eval_ctx.autoescape)
            if key not in made:
                made[key] = (Markup(translations.gettext(string)) if eval_ctx.autoescape
                             else translations.gettext(string)) % {}
            return made[key]
        text = translations.gettext(string)
        return (Markup(text) if eval_ctx.autoescape else text) % variables

    @pass_eval_context
    def ngettext(eval_ctx: EvalContext, singular: str, plural: str, number: int, /, **variables: object) -> str:
        variables.setdefault("num", number)
        text = translations.ngettext(singular, plural, number)
        return (Markup(text) if eval_ctx.autoescape else text) % variables

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext}


def template_error(exc: Exception, page: str | None = None) -> BuildError | None:
    """A template's error as the one error shape: the template and line when Jinja knows them, the page being
    rendered, and what went wrong; None for an error that did not happen in a template (a bug of ours)."""
    filename, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if filename is None:  # a runtime error: Jinja rewrites the traceback to point into the template
        frame = exc.__traceback__
        while frame is not None:
            if frame.tb_frame.f_code.co_filename.endswith(".html"):
                filename, line = frame.tb_frame.f_code.co_filename, frame.tb_lineno
            frame = frame.tb_next
    if filename is None and not isinstance(exc, TemplateError):
        return None
    where = f"{os.path.relpath(filename) if os.path.isabs(filename) else filename}:{line}: " if filename else ""
    what = exc.message if isinstance(exc, TemplateError) and exc.message else f"{type(exc).__name__}: {exc}"
    rendering = f" while rendering {page}" if page else ""
    return BuildError(f"{where}template error{rendering}: {what}")


_RENDERER: PageRenderer | None = None


def _adopt(renderer: PageRenderer) -> None:
    """In a forked worker: the renderer, inherited from the parent, not copied through a pipe."""
    global _RENDERER
    _RENDERER = renderer


def _render_in_worker(numbers: Sequence[int]) -> list[RenderedPage]:
    assert _RENDERER is not None, "a worker adopts the renderer when it starts"
    return _RENDERER.render(numbers)


_FILES: Sequence[PlannedFile] = ()


def _make_in_worker(number: int) -> bytes:
    return _FILES[number].make()


def render_order(pages: Sequence[PlannedPage]) -> list[int]:
    """The pages search covers first, then the others, each in plan order: the last language's search
    index is then made while the listings are rendered, instead of after every page."""
    return [number for number, page in enumerate(pages) if page.searched] + \
        [number for number, page in enumerate(pages) if not page.searched]


@contextmanager
def rendering(renderer: PageRenderer, files: Sequence[PlannedFile], workers: int
              ) -> Iterator[tuple[Iterator[RenderedPage], Callable[[int], bytes]]]:
    """Every planned page, rendered on ``workers`` processes when it pays, yielded in ``render_order``; and
    ``made(number)``, the bytes of ``files[number]``, made by the same processes once they have rendered
    the pages search covers (while Pagefind finishes, and this process feeds it).

    The worker processes are forked on entering, so that nothing started later (Pagefind's process
    and its threads) is copied into them. A worker's failure comes back as the exception it raised."""
    global _FILES
    order = render_order(renderer.pages)
    shares = [order[start:start + SHARE_SIZE] for start in range(0, len(order), SHARE_SIZE)]
    # The files are made after the searched pages, while Pagefind finishes the last language's index.
    files_after = -(-sum(page.searched for page in renderer.pages) // SHARE_SIZE)
    if workers <= 1 or len(renderer.pages) < MIN_PARALLEL_PAGES or not can_fork():
        yield (page for share in shares for page in renderer.render(share)), lambda number: files[number].make()
        return
    _FILES = files  # inherited by the forked workers
    gc.freeze()  # the collector would touch every inherited object in each worker, copying all of memory;
    # they stay frozen, as the model and the plan (dataset.paused_gc)
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=_adopt,
                               initargs=(renderer,))
    made: list[Future[bytes]] = []

    def rendered_pages() -> Iterator[RenderedPage]:
        """The shares' pages in order, with at most IN_FLIGHT shares per worker rendered ahead of the one
        being read: rendered pages wait in memory only as long as the search index is slower."""
        pending: deque[Future[list[RenderedPage]]] = deque()
        for index, share in enumerate(shares):
            if index == files_after:
                made.extend(pool.submit(_make_in_worker, number) for number in range(len(files)))
            pending.append(pool.submit(_render_in_worker, share))
            if len(pending) >= IN_FLIGHT * workers:
                yield from pending.popleft().result()
        if not made:
            made.extend(pool.submit(_make_in_worker, number) for number in range(len(files)))
        while pending:
            yield from pending.popleft().result()

    try:
        yield rendered_pages(), lambda number: made[number].result() if made else files[number].make()
    finally:
        _FILES = ()
        pool.shutdown(wait=True, cancel_futures=True)


class CulturelinksGenerator(Generator):
    """Plans and writes the chronology's pages in every language, the Markdown pages, the feeds, the
    open data, the sitemap and the search index."""

    def __init__(self, *args, **kwargs):
        self.views: Views | None = None
        self.plan: Plan | None = None
        #: Set by ``culturelinks build`` (build.py) when Pelican's Generator.__init__ announces this
        #: generator (``generator_init``), hence set before it; a plain Pelican run writes straight into
        #: OUTPUT_PATH.
        self.staging: Staging | None = None
        self.report: progress.Silent = progress.Silent()
        #: Summaries rendered by the last build (Markdown text → HTML), so unchanged ones are not parsed again.
        self.known_summaries: dict[str, str] = {}
        #: Set by ``culturelinks serve``: keep the live search index, so the pages go in without waiting for a
        #: new one; ``search_pending`` then says the caller must make it (build.refresh_search).
        self.defer_search = False
        self.search_pending = False
        #: The pages search covers, in plan order: their language and the name they are saved as.
        self.searched: list[tuple[str, str]] = []
        #: Set by ``culturelinks serve`` (live.py), which keeps ``data_file`` (where each event is written) for
        #: its next build.
        self.keep_data = False
        self.data_file: DataFile | None = None
        super().__init__(*args, **kwargs)
        # Each template is read once per build: Jinja need not look at its file again at every page (a template
        # edited while `serve` runs makes it run a full build, with a new environment).
        self.env.auto_reload = False

    def generate_context(self) -> None:
        """Load, validate and model the data (a DataError carries every problem), then plan the site."""
        data_path = Path(self.settings["CULTURELINKS_DATA"])
        languages = site_languages(self.settings)
        source, checked = load_source(data_path, str(data_path), languages)
        assert checked.data is not None, "load_source raises when there is no data"
        with paused_gc(keep=True):  # the model, views and plan are hundreds of thousands of objects, none garbage
            chronology, warnings = model.build(checked.data, languages), checked.problems
        if self.keep_data:
            self.data_file = DataFile.of(source, checked.data, languages)
        if warnings:
            lines = data_path.read_text(encoding="utf-8").splitlines()
            logger.warning("%s", format_text(warnings, {str(data_path): lines}).rstrip())
        translations = i18n.load_all_translations(languages)
        content = content_pages(self.context.get("pages", ()), languages)
        nav = {lang: tuple(Link(page.title, route.url) for route, meta, page in content if meta.lang == lang)
               for lang in languages.codes}
        summaries = markup.Summaries(self.known_summaries, summary_keys())
        summaries.prepare(markdown_texts(chronology), self.settings["CULTURELINKS_WORKERS"])
        with paused_gc(keep=True):
            self.views = Views(chronology, translations, summaries,
                               self.settings["SITEURL"], self.settings["CULTURELINKS_LISTING_LIMIT"], nav)
            self.plan = make_plan(self.views, content)

    def fingerprint_base(self) -> str:
        """What every page depends on besides its context: templates, catalogs, settings and this code."""
        digest = hashlib.sha256()
        for name in sorted(self.env.list_templates()):
            digest.update(name.encode() + b"\0" + self.env.loader.get_source(self.env, name)[0].encode())
        digest_code_and_settings(digest, self.settings)
        return digest.hexdigest()

    def generate_output(self, writer) -> None:
        views, plan = self.views, self.plan
        assert views is not None and plan is not None, "Pelican calls generate_context first"
        staging = self.staging or Staging(Path(self.output_path), Path(self.output_path), None)
        forget_records()  # the last build's records, kept alive by their digests, are not this one's (a quick
        # build of serve keeps them: its views keep the entries of the events not edited)
        renderer = PageRenderer(self.env, views.translations, plan.pages, self.fingerprint_base(), staging,
                                self.settings["SITEURL"])
        with paused_gc(keep=True):
            for lang in views.languages.codes:  # made once here: every worker inherits them, not making them again
                for event in views.chronology.events:
                    views.entry(event, lang)
        known = sum(1 for record in staging.previous.files.values() if record.fingerprint) if staging.previous else 0
        self.report.start(f"making {len(plan.pages)} pages ({known} in the last build)", len(plan.pages))
        self.search_pending = self.defer_search and keep_search_index(staging)
        try:
            with rendering(renderer, plan.files, self.settings["CULTURELINKS_WORKERS"]) as (pages, made), \
                    SiteIndex(enabled=not self.search_pending) as search:
                feed = SearchFeed(search, staging)
                searched_left = sum(page.searched for page in plan.pages)
                for page in pages:
                    staging.records[page.name] = page.record
                    if page.searched:
                        self.searched.append((page.lang, page.name))
                        searched_left -= 1
                        if search.enabled:
                            feed.add(page.lang, page.name, page.html)
                            if not searched_left:  # Pagefind finishes while the other pages are rendered
                                feed.finish()
                    if search.enabled:  # a language's index is written as soon as Pagefind has made it
                        put_search_index(staging, search.finished_so_far())
                    self.report.advance()
                self.report.start("writing the feeds, open data, sitemap and search index")
                if search.enabled:  # while the workers make the files
                    if not self.searched:
                        feed.finish()
                    put_search_index(staging, search.files())
                for number, planned in enumerate(plan.files):
                    staging.records[planned.route.save_as] = staging.put(planned.route.save_as, made(number))
        except CulturelinksError:
            raise
        except OSError as exc:
            raise BuildError(f"could not write the site: {os_error_text(exc)}") from None
        finally:
            self.report.finish()


class SearchFeed:
    """Feeds the searched pages to the search index in plan order, one language after the other; but a
    language none of whose searched pages was rendered again, with the same pages as the last build
    (``Manifest.searched``), takes its part of the live index instead: Pagefind would make it again
    byte for byte. Its pages wait until one of them is rendered, or the language ends."""

    def __init__(self, search: SiteIndex, staging: Staging):
        self.search = search
        self.staging = staging
        self.lang: str | None = None
        self.names: list[str] = []
        self.waiting: list[str] = []
        self.feeding = False
        self._live_bundle: dict[str, bytes] | None = None

    def add(self, lang: str, name: str, html: str | None) -> None:
        """A searched page of ``lang``: its HTML when it was rendered, None when kept from the live site."""
        if lang != self.lang:
            self._finish_language()
            self.lang, self.names, self.waiting, self.feeding = lang, [], [], False
        self.names.append(name)
        if not self.feeding and html is None:
            self.waiting.append(name)
            return
        if not self.feeding:
            self.feeding = True
            self._feed_waiting()
        self._feed(name, html)

    def finish(self) -> None:
        """Every searched page is in: the last language's index is made now, in the background."""
        self._finish_language()
        self.search.finish_feeding()

    def _feed(self, name: str, html: str | None) -> None:
        assert self.lang is not None
        self.search.add(self.lang, routes.of_saved(name).url,
                        html if html is not None else (self.staging.folder / name).read_text("utf-8"))

    def _feed_waiting(self) -> None:
        for name in self.waiting:
            self._feed(name, None)
        self.waiting = []

    def _finish_language(self) -> None:
        if self.lang is None or self.feeding:
            return
        previous = self.staging.previous.searched if self.staging.previous else {}
        bundle = self._live() if previous.get(self.lang) == searched_digests(
            (self.lang, name) for name in self.names)[self.lang] else None
        if bundle is not None and self.lang in json.loads(bundle["pagefind-entry.json"])["languages"]:
            self.search.reuse(self.lang, bundle)
            self.waiting = []
        else:
            self._feed_waiting()

    def _live(self) -> dict[str, bytes] | None:
        """The live site's search bundle, by path in it, when every file of it is as the last build left it."""
        if self._live_bundle is None:
            prefix = routes.search_bundle().url
            previous = self.staging.previous
            names = [name for name in (previous.files if previous else ()) if name.startswith(prefix)]
            intact = names and all(self.staging.live_record(name) is not None for name in names) \
                and prefix + "pagefind-entry.json" in names
            self._live_bundle = {name[len(prefix):]: (self.staging.live / name).read_bytes()
                                 for name in names} if intact else {}
        return self._live_bundle or None


def keep_search_index(staging: Staging) -> bool:
    """Link the live site's whole search index into the new site; False (nothing linked) when there is none."""
    bundle = {name: staging.live_record(name) for name in (staging.previous.files if staging.previous else ())
              if name.startswith(routes.search_bundle().url)}
    if not bundle or None in bundle.values():
        return False
    for name in bundle:
        staging.records[name] = staging.keep(name) or staging.put(name, (staging.live / name).read_bytes())
    return True


def put_search_index(staging: Staging, files: Mapping[str, bytes]) -> None:
    """Add files of the search index (by their path in it) to the new site, but none already added."""
    bundle = routes.search_bundle().url
    for path, content in files.items():
        name = bundle + path
        if name not in staging.records:
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

