"""Rendering the page plan: each page with exactly its planned context, its fingerprint first (a page whose
fingerprint is unchanged is linked from the live site instead), on every core when it pays.

``PageRenderer`` renders planned pages into a sink: the staged site (output.publish.Staging), or the live
one (serve's quick builds). ``rendering`` runs it in forked worker processes, which inherit the renderer
and the plan instead of receiving them through a pipe, and yields the pages in ``render_order``; what the
workers made that the next build may reuse (output.memory) comes back with their pages.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import types
from collections import deque
from collections.abc import Callable, Collection, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

from babel.support import NullTranslations
from jinja2 import Environment, TemplateError, pass_eval_context
from jinja2.nodes import EvalContext
from jinja2.runtime import Context, Macro
from jinja2.utils import _PassArg, internalcode
from markupsafe import Markup

from ..errors import BuildError, os_error_text
from ..memory import Memory
from ..site import routes
from ..site.plan import PlannedFile, PlannedPage
from ..site.views import Entry, Fact
from ..text.markup import can_fork
from .fingerprint import fingerprint
from .manifest import FileRecord
from .shows import PageShows

#: Pages per unit of work handed to a rendering process.
SHARE_SIZE = 40
#: Below this many pages, starting worker processes costs more than it saves.
MIN_PARALLEL_PAGES = 100
#: Shares of pages each worker renders ahead of the page the search index is fed.
IN_FLIGHT = 4


@dataclass(slots=True)
class RenderedPage:
    """What rendering one planned page gave: its record in the new site, whether search covers it, its
    HTML when it was rendered and search needs it (a page kept from the live site is not sent back
    through a pipe: the main process reads it from the staged site), and what it shows (the facts its
    context read, when the renderer records them).

    A worker sends it back as plain values (``__reduce__``): at 10,000 events a one-event build sends 130,988 of
    them while Pagefind indexes on the same cores, and pickling two dataclasses the generic way took four times as
    long to write and twice as long to read. (Not frozen, for the same reason: it is made once and read once.)"""

    name: str
    lang: str
    record: FileRecord
    searched: bool
    html: str | None
    shows: frozenset[Fact] | None = None
    #: The template it was made with, when the build records what it shows (output.shows.ShowsWriter).
    template: str | None = None
    #: Kept from the live site because it shows what it showed (output.shows): its context was never made.
    kept: bool = False

    def __reduce__(self) -> tuple[Callable[..., RenderedPage], tuple]:
        record = self.record
        return _rendered_page, (self.name, self.lang, record.sha256, record.size, record.mtime_ns, record.fingerprint,
                                self.searched, self.html, self.shows, self.template, self.kept)


def _rendered_page(name: str, lang: str, sha256: str, size: int, mtime_ns: int, fingerprint: str | None,
                   searched: bool, html: str | None, shows: frozenset[Fact] | None, template: str | None,
                   kept: bool) -> RenderedPage:
    """A page as a worker sent it (``RenderedPage.__reduce__``)."""
    return RenderedPage(name, lang, FileRecord(sha256, size, mtime_ns, fingerprint), searched, html, shows, template,
                        kept)


class PageSink(Protocol):
    """Where rendered pages go: the staged site (publish.Staging), or the live one (serve's quick builds)."""

    def reuse(self, name: str, fingerprint: str) -> FileRecord | None: ...

    def put(self, name: str, content: bytes, fingerprint: str | None = None) -> FileRecord: ...

    def keep_as(self, name: str, sha256: str) -> FileRecord | None: ...


class PageRenderer:
    """Renders planned pages into ``sink``; made once, then used in this process or in forked ones. What it
    makes that a next build may reuse (each entry's HTML, the shared records' digests) is kept in ``memory``;
    with ``remember`` (serve), each page says what it shows (``RenderedPage.shows``) and what forked workers make
    comes back to this process. With ``shows``, each page's facts are recorded and digested (output.shows), and a
    page that shows what it showed in the last build is kept from the live site without its context being made."""

    def __init__(self, env: Environment, translations: dict[str, NullTranslations], pages: Sequence[PlannedPage],
                 base: str, sink: PageSink, site_url: str, memory: Memory, remember: bool = False,
                 fingerprints: bool = True, shows: PageShows | None = None):
        self.env = env
        self.translations = translations
        self.pages = pages
        self.base = base
        self.sink = sink
        self.url = routes.url_helper(site_url)
        self.memory = memory
        self.remember = remember
        #: False renders every page without fingerprinting it (``culturelinks build --no-cache``).
        self.fingerprints = fingerprints
        self.shows = shows
        self._lang: str | None = None
        self._entry_html = None

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
        kept = self.memory.entry_html

        def entry_html(entry: Entry, level: int) -> Markup:
            key = (lang, entry.event_id, level)
            made = kept.get(key, entry)
            if made is None:
                made = kept.put(key, entry, str(getattr(macros, "entry_item")(entry, level)))
            return Markup(made)

        return entry_html

    def render(self, numbers: Sequence[int]) -> list[RenderedPage]:
        """Render (or reuse) the pages of the plan at ``numbers``."""
        try:
            return [self._render(self.pages[number]) for number in numbers]
        except OSError as exc:
            raise BuildError(f"could not write the site: {os_error_text(exc)}") from None

    def _render(self, page: PlannedPage) -> RenderedPage:
        name = page.route.save_as
        shown = self.shows
        if shown is not None and self.fingerprints:
            kept = shown.kept(name, page.template)
            record = self.sink.keep_as(name, kept) if kept is not None else None
            if record is not None:
                assert shown.previous is not None, "a page is kept from the last build's record"
                return RenderedPage(name, page.lang, record, page.searched, None,
                                    frozenset(shown.previous.facts_of(name)) if self.remember else None, kept=True)
        context, shows = page.shown_context() if self.remember or shown is not None else (page.context(), None)
        template = page.template if shown is not None else None
        if page.write is not None:  # a small file (an event's citation files): making its bytes costs less than
            # fingerprinting them, and ``put`` links it from the live site when they are the same
            return RenderedPage(name, page.lang, self.sink.put(name, page.write(context).encode()), False, None, shows,
                                template)
        print_ = fingerprint(self.base, page.template, name, context, self.memory) if self.fingerprints else None
        record = self.sink.reuse(name, print_) if print_ is not None else None
        if record is not None:
            return RenderedPage(name, page.lang, record, page.searched, None, shows, template)
        try:
            self._use_language(page.lang)
            html = self.env.get_template(page.template + ".html").render(
                {**context, "url": self.url, "entry_html": self._entry_html})
        except Exception as exc:  # noqa: BLE001 - a template may raise anything ({{ 1 // 0 }})
            error = template_error(exc, name)
            if error is None:
                raise
            raise error from None
        return RenderedPage(name, page.lang, self.sink.put(name, html.encode(), print_), page.searched,
                            html if page.searched else None, shows, template)


#: What a template calls most (``url``, ``_``, ``entry_html``, its macros): called by ``PageContext.call`` itself.
_PLAIN_CALLABLES = frozenset({types.FunctionType, types.MethodType, types.BuiltinFunctionType, Macro})


class PageContext(Context):
    """Jinja's template context with a quicker ``call``, which every ``f(x)`` in a template goes through (about a
    hundred a page; Jinja's own took about 5 % of a cold build's CPU): a function, method or macro is called in
    fewer steps, the same way; anything else (``pass_context``, ``pass_environment``, a callable object,
    ``super()``) as Jinja calls it. Installed as the environment's ``context_class`` (plugin.generator)."""

    @internalcode  # left out of a template error's traceback, as Jinja's own is
    def call(__self, __obj: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's names
        if type(__obj) in _PLAIN_CALLABLES:
            # Jinja's Context.call for these: a method's __call__ never has a pass_arg, the callable's own may
            pass_arg = getattr(__obj, "jinja_pass_arg", None)
            if pass_arg is _PassArg.eval_context:
                args = (__self.eval_ctx, *args)
            elif pass_arg is not None:
                return Context.call(__self, __obj, *args, **kwargs)
            if kwargs:
                kwargs.pop("_block_vars", None)
                kwargs.pop("_loop_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:
                return __self.environment.undefined("value was undefined because a callable raised a StopIteration"
                                                    " exception")
        return Context.call(__self, __obj, *args, **kwargs)


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


def _inherit(renderer: PageRenderer) -> None:
    """In a forked worker: the renderer, inherited from the parent, not copied through a pipe (its memory keeping,
    when nothing goes back, only what the worker reuses: ``Memory.for_this_run``, called in the parent before the
    fork)."""
    global _RENDERER
    _RENDERER = renderer


#: What a worker sends back with its pages or files: what its memory made meanwhile (Memory.take_new).
Made = dict


def _render_in_worker(numbers: Sequence[int]) -> tuple[list[RenderedPage], Made]:
    assert _RENDERER is not None, "a worker inherits the renderer when it starts"
    return _RENDERER.render(numbers), _new_in_worker()


_FILES: Sequence[PlannedFile] = ()


def _make_in_worker(number: int) -> tuple[WrittenFile, Made]:
    assert _RENDERER is not None, "a worker inherits the renderer when it starts"
    return WrittenFile.of(_RENDERER.sink, _FILES[number]), _new_in_worker()


def _new_in_worker() -> Made:
    """What the worker's memory made since it last said, when the build remembers it (serve); else nothing: a
    build that ends with the run need not ship it through a pipe."""
    assert _RENDERER is not None, "a worker inherits the renderer when it starts"
    return _RENDERER.memory.take_new() if _RENDERER.remember else {}


def render_order(pages: Sequence[PlannedPage], first: Collection[str] = ()) -> list[int]:
    """The pages search covers first, then the others, each in plan order: the last language's search
    index is then made while the listings are rendered, instead of after every page. The searched pages
    of the languages ``first`` come before the others': when an edit changed only those (output.shows.
    EventLanguages.changed), Pagefind indexes them again while the other languages' pages are kept."""
    searched = [number for number, page in enumerate(pages) if page.searched]
    return [number for number in searched if pages[number].lang in first] + \
        [number for number in searched if pages[number].lang not in first] + \
        [number for number, page in enumerate(pages) if not page.searched]


@dataclass(frozen=True, slots=True)
class WrittenFile:
    """A planned file written into the sink by whoever made it: its record, and what ``Assembled`` says of its parts
    besides its bytes (the key, and where each event's part is), which output.shows records."""

    record: FileRecord
    key: str
    parts: tuple[tuple[str, int, int], ...]

    @classmethod
    def of(cls, sink: PageSink, planned: PlannedFile) -> WrittenFile:
        assembled = planned.assembled()
        return cls(sink.put(planned.route.save_as, assembled.data), assembled.key, assembled.parts)


class MadeFiles:
    """The planned files, each made and written into ``sink`` by a worker when there are (``rendering``), else here
    when asked; each given once, in plan order (``given``), as a ``WrittenFile``. A worker writes the files it makes:
    at 10,000 events the open data files are 94 MB, which would otherwise be copied through a pipe into this process
    beside Pagefind's last index, and wait here until written."""

    def __init__(self, files: Sequence[PlannedFile], sink: PageSink, received: Callable[[tuple], Any] | None = None
                 ) -> None:
        self._files = files
        self._sink = sink
        self._received = received
        self._futures: list[Future[tuple[WrittenFile, Made]] | None] = []
        self._given = 0
        self.ready: Callable[[], bool] = lambda: True

    def hold_until(self, ready: Callable[[], bool]) -> None:
        """Have the workers make the files only once ``ready()`` says so, or once every share of pages is given out
        (``rendering``): a build that renders every page has them made after Pagefind's last index, the build's
        peak, rendering the other pages meanwhile."""
        self.ready = ready

    def submit(self, pool: ProcessPoolExecutor) -> None:
        """Have the pool's workers make every file."""
        self._futures = [pool.submit(_make_in_worker, number) for number in range(len(self._files))]

    @property
    def submitted(self) -> bool:
        return bool(self._futures)

    def given(self, waiting: bool) -> Iterator[tuple[PlannedFile, WrittenFile]]:
        """The files not given yet, in order: those the workers have written so far, or (``waiting``) every one."""
        while self._given < len(self._files):
            number = self._given
            future = self._futures[number] if self._futures else None
            if future is None:
                if not waiting:
                    return
                written = WrittenFile.of(self._sink, self._files[number])
            elif not waiting and not future.done():
                return
            else:
                assert self._received is not None, "made by the workers"
                self._futures[number] = None
                written = self._received(future.result())
            self._given += 1
            yield self._files[number], written


@contextmanager
def rendering(renderer: PageRenderer, files: Sequence[PlannedFile], workers: int, first: Collection[str] = ()
              ) -> Iterator[tuple[Iterator[RenderedPage], MadeFiles]]:
    """Every planned page, rendered on ``workers`` processes when it pays, yielded in ``render_order`` (the
    languages ``first`` first); and the files, ``MadeFiles``: made by the forked processes once they have rendered
    the pages search covers (while Pagefind finishes, and this process feeds it).

    This process is one of the ``workers``: it forks one fewer, and renders the next share itself whenever the
    forked ones have not finished the share it is to give next (``rendered_pages``). Each forked process ends up
    with a copy of most of this one's memory (reference counts written page by page), so one fewer is about a
    third of the build's memory less at its peak, for the same cores kept busy.

    The worker processes are forked on entering, so that nothing started later (Pagefind's process
    and its threads) is copied into them. A worker's failure comes back as the exception it raised."""
    global _FILES
    order = render_order(renderer.pages, first)
    shares = [order[start:start + SHARE_SIZE] for start in range(0, len(order), SHARE_SIZE)]
    # The files are made after the searched pages, while Pagefind finishes the last language's index.
    files_after = min(-(-sum(page.searched for page in renderer.pages) // SHARE_SIZE), len(shares))
    if not renderer.remember:  # a memory that ends with the run (not serve's) keeps only what the run reuses
        renderer.memory.for_this_run()
    if workers <= 1 or len(renderer.pages) < MIN_PARALLEL_PAGES or not can_fork():
        yield (page for share in shares for page in renderer.render(share)), MadeFiles(files, renderer.sink)
        return
    _FILES = files  # inherited by the forked workers
    gc.freeze()  # the collector would touch every inherited object in each worker, copying all of memory;
    # they stay frozen, as the model and the plan (collector.paused_gc)
    if renderer.remember:
        renderer.memory.take_new()  # what the workers inherit is not theirs to send back
    forked = workers - 1
    pool = ProcessPoolExecutor(forked, mp_context=multiprocessing.get_context("fork"), initializer=_inherit,
                               initargs=(renderer,))

    def received(result: tuple) -> Any:
        """A worker's result, its memory's new things kept here (serve's next build reuses them)."""
        outcome, new = result
        if renderer.remember:
            renderer.memory.merge(new)
        return outcome

    made = MadeFiles(files, renderer.sink, received)

    def rendered_pages() -> Iterator[RenderedPage]:
        """The shares' pages in order. The forked workers always have IN_FLIGHT shares each to render; while the
        first share to read is not done, this process renders the next one itself, page by page, giving the
        workers more between pages. Of the pages search covers, whose HTML waits in memory until read, it renders
        at most IN_FLIGHT shares per worker ahead of the one being read; of the others, as many as it can while
        a worker makes the files."""
        pending: deque[Future[tuple[list[RenderedPage], Made]] | list[RenderedPage]] = deque()
        given = read = 0  # shares given out (to a worker or to this process), and read
        ahead = 0  # this process's shares in ``pending`` with pages search covers
        to_workers = 0  # shares given to the workers; ``rendered`` counts those they have rendered
        rendered, counting = [0], threading.Lock()  # counted in the pool's thread: checked between two pages

        def take_share() -> list[int]:
            nonlocal given
            given += 1
            return shares[given - 1]

        def give_files_when_due() -> None:
            """Give the workers the files (queued behind the shares they have) once the last share of searched pages
            is given and the build says they may be made (``MadeFiles.hold_until``), or once every share is given."""
            if given >= files_after and not made.submitted and (given == len(shares) or made.ready()):
                made.submit(pool)

        def count_rendered(_: Future) -> None:
            with counting:
                rendered[0] += 1

        def give_workers() -> None:
            """Give the workers shares until each has IN_FLIGHT, and one at least when none is waiting to be read
            (a future's callback may run just after its result was read here)."""
            nonlocal to_workers
            give_files_when_due()
            while given < len(shares) and (to_workers - rendered[0] < IN_FLIGHT * forked or not pending):
                future = pool.submit(_render_in_worker, take_share())
                future.add_done_callback(count_rendered)
                pending.append(future)
                to_workers += 1
                give_files_when_due()

        give_files_when_due()  # no page search covers, or none at all: the files first
        while pending or given < len(shares):
            give_workers()
            first_share = pending[0]
            if isinstance(first_share, Future) and not first_share.done() and given < len(shares) \
                    and (given >= files_after or ahead < IN_FLIGHT * workers):
                ahead += given < files_after
                own: list[RenderedPage] = []
                pending.append(own)
                share = take_share()
                give_files_when_due()
                for number in share:
                    own.extend(renderer.render((number,)))
                    give_workers()
                continue
            pending.popleft()
            if isinstance(first_share, Future):
                yield from received(first_share.result())
            else:
                ahead -= read < files_after
                yield from first_share
            read += 1

    try:
        yield rendered_pages(), made
    finally:
        _FILES = ()
        pool.shutdown(wait=True, cancel_futures=True)


