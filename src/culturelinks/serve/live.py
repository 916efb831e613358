"""``culturelinks serve``'s builds: quick after an edit of events, full otherwise.

The first build, and every build after a change the quick one cannot take (serve.quick says which), is a
full build (build.full_build), which keeps the live search index so the pages go on screen at once, and
leaves here what the next one needs (``LastBuild``): the data file's events and where each is written, the
views, the Jinja environment, the record of what each page shows, and the build's memory. After an edit of
some events of the data file, the quick build composes and validates only their lines, renders only the
pages that show something the edit changed, writes each over the live one (atomically, once all are
rendered) and lets the open tabs reload. Then, in a thread of its own that gives way to the next save, the
follow-up makes the page plan, the feeds, the open data, the sitemap and the search index of the pages
that changed (output.search.index_pages, the one way every build makes it), and swaps them in with the rest
of the site. Its end is the site a clean build makes (tests/editor/test_live.py, test_quick_property.py).
"""

from __future__ import annotations

import functools
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..build import SETTINGS_FILE, BuildResult, Prepared, ProjectSettings, full_build, prepare
from ..data import history, loader
from ..errors import DataError
from ..memory import Memory
from ..output.fingerprint import digest_records
from ..output.manifest import Inputs, searched_digests, sha256_of
from ..output.render import PageRenderer
from ..output.search import SiteIndex, index_pages
from ..progress import Silent
from ..site import plan, routes
from ..site.views import Views
from .quick import DataFile, InPlace, NotQuick, Shown, next_views, outdated_pages

if TYPE_CHECKING:
    from jinja2 import Environment

    from ..site.plan import Part

logger = logging.getLogger(__name__)


class Cancelled(Exception):
    """A newer edit came: the follow-up gives way to it."""


@dataclass
class LastBuild:
    """What the last build left for the next quick one. ``marker`` is the build the live site's marker names
    (the last one published); ``parts`` each page's language and part, by name, as the last plan made them;
    ``new_searched`` the searched pages written since the live search index was made; ``made_plan`` the page
    plan of ``views`` when one was made of them (None once a quick build changed them)."""

    prepared: Prepared
    data_path: Path
    #: Where each event is written in the data file; None when its events are not written as a block list.
    data_file: DataFile | None
    views: Views
    content: list
    env: Environment
    fingerprint_base: str
    marker: str
    parts: dict[str, tuple[str, Part]]
    shown: Shown
    new_searched: set[str] = field(default_factory=set)
    made_plan: plan.Plan | None = None
    #: The release tags this build's Changes page was made from.
    refs: str = ""

    def release_refs(self) -> str:
        """The release tags now (data.history.refs_key): a tag made or moved since this build needs a full build."""
        return history.refs_key(self.data_path, Path(self.prepared.settings["CULTURELINKS_RELEASE"]))


class LiveBuild:
    """The build ``culturelinks serve`` runs on every change: ``live(pages_ready)``, after ``notice(changes)``
    has told it what changed (watchfiles' ``(change, path)`` pairs).

    A build returns once its pages are in place; what follows them (the feeds, the open data, the sitemap
    and the search index) is made in a thread of its own, which gives way to the next build as soon as it
    starts: saving again never waits for a search index that the save would make stale anyway."""

    def __init__(self, output: Path, data: Path | None = None, settings_file: Path = SETTINGS_FILE):
        self.output = Path(os.path.abspath(output))
        self.data = data
        self.settings_file = settings_file
        self.last: LastBuild | None = None
        #: What the builds of this server made that the next may reuse (its one owner).
        self.memory = Memory()
        self.noticed: set[Path] = set()
        #: How many builds were quick (for the curious and the tests).
        self.quick_builds = 0
        self._follower: threading.Thread | None = None
        self._cancel = threading.Event()
        self._search: SiteIndex | None = None

    def notice(self, changes: Iterable[tuple[object, str]]) -> None:
        self.noticed.update(Path(path).resolve() for _, path in changes)

    def settle(self) -> None:
        """Wait until what follows the last build's pages is in place too."""
        if self._follower is not None:
            self._follower.join()
            self._follower = None

    def stop(self) -> None:
        """Stop what follows the last build's pages, if it is still being made (the server stops)."""
        self._stop_following()

    def _stop_following(self) -> None:
        if self._follower is not None:
            self._cancel.set()
            search = self._search
            if search is not None:
                search.abort()
            self.settle()
            self._cancel.clear()

    def __call__(self, pages_ready: Callable[[], None]) -> BuildResult:
        self._stop_following()
        noticed, self.noticed = self.noticed, set()
        last, self.last = self.last, None
        if last is not None and noticed and noticed <= {last.data_path} and last.release_refs() == last.refs:
            try:
                result = self._quick(last, pages_ready)
            except NotQuick as exc:
                logger.debug("culturelinks: a full build, since %s", exc)
            else:
                self.quick_builds += 1
                return result
        return self._full(pages_ready)

    def _full(self, pages_ready: Callable[[], None]) -> BuildResult:
        """The whole site, with the live search index kept: the follow-up makes the new one."""
        prepared = prepare(self.output, ProjectSettings.read(self.settings_file, self.data, ""))
        site = prepared.site
        refs = history.refs_key(Path(prepared.settings["CULTURELINKS_DATA"]).resolve(),  # before the build reads them
                                Path(prepared.settings["CULTURELINKS_RELEASE"]))
        with site.locked():
            previous = site.claim()
            outcome, manifest = full_build(prepared, previous, self.memory, Silent(), index_search=False,
                                           remember=True, remove_old_later=True)
        views = outcome.views
        data_path = Path(prepared.settings["CULTURELINKS_DATA"]).resolve()
        data_file = DataFile.of(outcome.source, outcome.data, views.languages)
        parts = outcome.plan.parts()
        pages_ready()
        self.last = LastBuild(prepared, data_path, data_file, views, outcome.content, outcome.env,
                              outcome.fingerprint_base, manifest.build_id, parts, Shown(outcome.shown, parts),
                              set() if outcome.search_made else outcome.new_searched, outcome.plan)
        self.last.refs = refs
        self._make_ahead(self.last, lambda: None)  # before the next edit can come, which the follow-up gives way to
        self._start_following(self.last)
        return BuildResult(self.output)

    def _quick(self, last: LastBuild, pages_ready: Callable[[], None]) -> BuildResult:
        """Render again the pages that show something the edit changed; NotQuick (before anything is written)
        when the full build must."""
        site = last.prepared.site
        with site.locked():
            if site.marker != last.marker:
                raise NotQuick("the site changed since the last build")
            if last.data_file is None:
                raise NotQuick("the data file's events are not a block list")
            text = read_settled(last.data_path, last.data_file.name)
            data_file, changed = last.data_file.changed(text)
            if not changed:  # comments or blank lines: no page changes
                last.data_file = data_file
                self.last = last
                self._start_following(last)
                return BuildResult(self.output, up_to_date=True)
            views = next_views(last.views, data_file.data, changed)
            pages = outdated_pages(last.views, views, last.shown, last.parts)
            sink = InPlace(site)
            renderer = PageRenderer(last.env, views.translations, pages, last.fingerprint_base, sink,
                                    last.prepared.settings["SITEURL"], self.memory, remember=True)
            rendered = renderer.render(range(len(pages)))
            written = sink.commit()
        for page in rendered:
            if page.shows is not None:
                last.shown.update(page.name, page.shows)
        last.new_searched |= {page.name for page in rendered if page.searched and page.name in written}
        last.views, last.data_file, last.made_plan = views, data_file, None
        self.last = last
        pages_ready()
        self._start_following(last)
        return BuildResult(self.output, changed_files=len(written))

    def _start_following(self, last: LastBuild) -> None:
        self._follower = threading.Thread(target=self._follow_in_background, args=(last,),
                                          name="culturelinks-follow", daemon=True)
        self._follower.start()

    def _follow_in_background(self, last: LastBuild) -> None:
        try:
            with last.prepared.site.locked():
                self._follow(last)
        except Cancelled:
            return
        except Exception as exc:  # noqa: BLE001 - a thread's failure must be told, not lost
            if self._cancel.is_set():
                return  # Pagefind was stopped for a newer edit
            logger.error("culturelinks: the search index and open data could not follow the pages (%s); "
                         "the next change builds the whole site", exc)
            self.last = None

    def _check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled

    def _follow(self, last: LastBuild) -> None:
        """The follow-up: the page plan of the views as they are, and from it the feeds, the open data, the
        sitemap and the search index of the pages written since it was last made, with the rest of the live
        site (as its manifest describes it), in one atomic swap; then what the build did not use is forgotten."""
        site, views = last.prepared.site, last.views
        assert site.manifest is not None
        live = site.manifest
        inputs = Inputs.of(last.prepared.inputs.settings, last.prepared.inputs.sources) \
            if last.prepared.inputs.settings else last.prepared.inputs
        made = last.made_plan or plan.make_plan(views, last.content, self._check)
        last.made_plan = made
        self._check()
        files = self._follow_books(last, made)  # before the search index: it may render pages again
        live = site.manifest
        searched = [(page.lang, page.route.save_as) for page in made.pages if page.searched]
        reindex = bool(last.new_searched) or searched_digests(searched) != dict(live.searched)
        if site.marker == last.marker and live.build_id == last.marker and not reindex and live.inputs == inputs \
                and not files:
            self._prepare_next(last)
            return  # nothing to follow: the live site is the one last published, from these inputs
        bundle = routes.search_bundle().url
        if reindex:  # first, as it gives way at every page (the data files only between files)
            read = site_reader(site)
            bundle_now = functools.cache(lambda: live_bundle(site, self._check))  # read once, for every language
            try:
                index = index_pages(searched, lambda name: read(name) if name in last.new_searched else None, read,
                                    live.searched, bundle_now, self._check, self._started)
            finally:
                self._search = None
            files.update((bundle + path, content) for path, content in index.items())
        plan.prepare_data_files(views, self._check)
        for planned in made.files:
            self._check()
            files[planned.route.save_as] = planned.make()
        manifest = site.republish(files, inputs, searched_digests(searched) if reindex else live.searched,
                                  drop=lambda name: reindex and name.startswith(bundle), check=self._check,
                                  remove_old_later=True)
        last.marker, last.parts, last.new_searched = manifest.build_id, made.parts(), set()
        last.shown.plan_parts(last.parts)
        self._prepare_next(last)

    def _follow_books(self, last: LastBuild, made: plan.Plan) -> dict[str, bytes]:
        """The PDF editions, made when ``serve`` is idle (never by a save's build: a newer edit stops this), as
        ``build`` makes them (plugin.generator.make_books: kept in the build cache while nothing they show
        changes); the pages of a language whose book's link changed (its size, its pages) are rendered again and
        written in place. The books whose bytes the live site does not have, by name."""
        settings = last.prepared.settings
        if not settings["CULTURELINKS_PDF"]:
            return {}
        from ..output import pdf
        from ..plugin.generator import make_books

        site, views = last.prepared.site, last.views
        assert site.manifest is not None
        before = dict(views.editions)
        books = make_books(views, settings, pdf.EditionCache(site.cache), check=self._check)  # and their links
        files = {}
        for name, book in books.items():
            record = site.manifest.files.get(name)
            if record is None or record.sha256 != sha256_of(book.pdf):
                files[name] = book.pdf
        changed = {lang for lang, links in views.editions.items() if before.get(lang) != links}
        if changed:  # every page's footer links the book with its size
            pages = [page for page in made.pages if page.lang in changed]
            sink = InPlace(site)
            renderer = PageRenderer(last.env, views.translations, pages, last.fingerprint_base, sink,
                                    settings["SITEURL"], self.memory, remember=True)
            rendered = []
            for start in range(0, len(pages), 200):
                self._check()
                rendered += renderer.render(range(start, min(start + 200, len(pages))))
            written = sink.commit()
            for page in rendered:
                if page.shows is not None:
                    last.shown.update(page.name, page.shows)
            last.new_searched |= {page.name for page in rendered if page.searched and page.name in written}
        return files

    def _prepare_next(self, last: LastBuild) -> None:
        """Make ahead what the next quick build needs (``_make_ahead``), then forget what this build did not use."""
        self._make_ahead(last, self._check)
        self.memory.sweep()

    def _make_ahead(self, last: LastBuild, check: Callable[[], None]) -> None:
        """Make what the next quick build would otherwise make first: the record of which pages show each fact,
        the templates compiled, the digests of the entries (a full build's workers made theirs in processes of
        their own, so after a full build this is done before it returns: the first edit is as quick as the
        next ones)."""
        last.shown.prepare()
        for name in last.env.list_templates():
            check()
            last.env.get_template(name)
        digest_records(last.views.entries(), self.memory, check)

    def _started(self, search: SiteIndex) -> None:
        self._search = search


def site_reader(site) -> Callable[[str], str]:
    """Reads a page of the live site by its name."""
    return lambda name: (site.output / name).read_text("utf-8")


def live_bundle(site, check: Callable[[], None] = lambda: None) -> dict[str, bytes] | None:
    """The live search bundle, by path in it, when every file of it is as the manifest records it; ``check`` is
    called now and then (a bundle of 10,000 events is thousands of files)."""
    prefix = routes.search_bundle().url
    names = [name for name in site.manifest.files if name.startswith(prefix)]
    if not names or prefix + "pagefind-entry.json" not in names:
        return None
    bundle = {}
    for number, name in enumerate(names):
        if number % 256 == 0:
            check()
        if site.manifest.record_in(site.output, name) is None:
            return None
        bundle[name[len(prefix):]] = (site.output / name).read_bytes()
    return bundle


#: How long a data file must stay unchanged to be read as saved; how long to wait for that at most.
SETTLED_SECONDS = 0.015
SETTLING_LIMIT_SECONDS = 2.0


def read_settled(path: Path, name: str) -> str:
    """The data file once its editor has finished writing it: many editors write in place, and a file read
    while it is written is cut short or empty (a quick build would read a change outside the events, and
    the full build would report a broken file for a moment; cut inside a character, it is not even UTF-8).
    NotQuick when it cannot be read once it stays as it is."""
    deadline = time.monotonic() + SETTLING_LIMIT_SECONDS
    while True:
        before = _stamp(path)
        try:
            text: str | None = loader.read_text(path, name)
        except DataError:
            text = None
        time.sleep(SETTLED_SECONDS)
        settled, late = _stamp(path) == before, time.monotonic() > deadline
        if text is None and (settled or late):
            raise NotQuick("the data file cannot be read")
        # Empty, the file may be truncated by an editor still encoding what it will write (Python's write_text).
        if text is not None and ((settled and text) or late):
            return text


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns
