"""``culturelinks serve``'s builds: quick after an edit of events, full otherwise.

The first build, and every build after a change the quick one cannot take (quick.py says which), is
the full ``build_site``, which leaves here what the next one needs: the data file's events and where
each is written, the views, the generator (its Jinja environment and catalogs) and the manifest of
the site it published. After an edit of some events of the data file, the quick build composes and
validates only their lines, renders only the pages that may show them, writes each over the live one
(atomically, once all are rendered) and lets the open tabs reload; then the feeds, the open data and
the search index of the languages whose searched pages changed follow, with the rest of the site, in
one atomic swap. Its end is the site a clean build makes (tests/editor/test_live.py).
"""

from __future__ import annotations

import dataclasses
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..build import (
    SETTINGS_FILE,
    BuildResult,
    build_site,
    inputs_of,
    kept_names,
    republish,
    settings_for,
    settings_override,
)
from ..data import loader
from ..errors import DataError
from ..output.manifest import Inputs, Manifest
from ..output.publish import cache_folder, locked, read_marker, remove_later
from ..output.search import SiteIndex
from ..plugin.generator import CulturelinksGenerator, EntryHTML, PageRenderer
from ..site import plan, routes
from ..site.views import Views
from .quick import DataFile, InPlace, NotQuick, affected_parts, next_views

logger = logging.getLogger(__name__)


class Cancelled(Exception):
    """A newer edit came: the step that follows the pages gives way to it."""


@dataclass
class Kept:
    """What the last build left for the next quick one. ``manifest`` describes the live site as it is (pages
    written in place included); ``marker`` is the build its marker file names (the last one published)."""

    settings: dict
    generator: CulturelinksGenerator
    data_path: Path
    data_file: DataFile
    views: Views
    manifest: Manifest
    marker: str
    fingerprint_base: str
    #: The pages search covers, in plan order (generator.CulturelinksGenerator.searched).
    searched: list[tuple[str, str]]
    #: The entries' HTML the quick builds made, for the next one (generator.PageRenderer).
    entry_html: EntryHTML = field(default_factory=dict)


class LiveBuild:
    """The build ``culturelinks serve`` runs on every change: ``live(pages_ready)``, after ``notice(changes)``
    has told it what changed (watchfiles' ``(change, path)`` pairs).

    A quick build returns once its pages are in place; what follows them (the feeds, the open data and
    the search index) is made in a thread of its own, which gives way to the next build as soon as it
    starts: saving again never waits for a search index that the save would make stale anyway."""

    def __init__(self, output: Path, data: Path | None = None, settings_file: Path = SETTINGS_FILE):
        self.output = Path(os.path.abspath(output))
        self.data = data
        self.settings_file = settings_file
        self.kept: Kept | None = None
        self.noticed: set[Path] = set()
        #: How many builds were quick (for the curious and the tests).
        self.quick_builds = 0
        #: The languages whose searched pages changed since the search index was last published.
        self._reindex: set[str] = set()
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
        kept, self.kept = self.kept, None
        if kept is not None and noticed and noticed <= {kept.data_path}:
            try:
                result = self._quick(kept, pages_ready)
            except NotQuick as exc:
                logger.debug("culturelinks: a full build, since %s", exc)
            else:
                self.quick_builds += 1
                return result
        self._reindex = set()
        return build_site(self.output, self.data, base_url="", settings_file=self.settings_file,
                          pages_ready=pages_ready, on_built=self._keep)

    def _keep(self, generator: CulturelinksGenerator, settings: dict, manifest: Manifest) -> None:
        if generator.data_file is not None and generator.views is not None:
            self.kept = Kept(settings, generator, Path(settings["CULTURELINKS_DATA"]).resolve(), generator.data_file,
                             generator.views, manifest, manifest.build_id, generator.fingerprint_base(),
                             generator.searched)

    def _quick(self, kept: Kept, pages_ready: Callable[[], None]) -> BuildResult:
        """Render again the pages that may show the edited events; NotQuick (before anything is written)
        when the full build must."""
        with locked(cache_folder(self.output)):
            if read_marker(self.output) != kept.marker:
                raise NotQuick("the site changed since the last build")
            text = read_settled(kept.data_path, kept.data_file.name)
            data_file, changed = kept.data_file.changed(text)
            if not changed:  # comments or blank lines: no page changes
                self.kept = dataclasses.replace(kept, data_file=data_file)
                self._start_following()
                return BuildResult(self.output, up_to_date=True)
            views = next_views(kept.views, data_file.data, changed)
            parts = affected_parts(kept.views, views, [event["id"] for event in changed.values()])
            order = {part: number for number, part in enumerate(plan.language_parts(views))}
            pages = [page for lang in views.languages.codes for part in sorted(parts, key=order.__getitem__)
                     for page in plan.part_pages(views, lang, part)]
            sink = InPlace(self.output, kept.manifest)
            renderer = PageRenderer(kept.generator.env, views.translations, pages, kept.fingerprint_base, sink,
                                    kept.settings["SITEURL"], entry_html=kept.entry_html)
            rendered = renderer.render(range(len(pages)))
            records = sink.commit({page.name: page.record for page in rendered})
        self._reindex |= {page.lang for page in rendered if page.searched and page.name in sink.pending}
        pages_ready()
        # The others keep their order: the events are in a new order when an edited one has a new place in it.
        moved = any(views.event_numbers[event["id"]] != kept.views.event_numbers[event["id"]]
                    for event in changed.values())
        self.kept = dataclasses.replace(kept, data_file=data_file, views=views,
                                        manifest=Manifest(kept.manifest.inputs, {**kept.manifest.files, **records}),
                                        searched=in_new_order(kept.searched, views) if moved else kept.searched)
        self._start_following()
        return BuildResult(self.output, changed_files=len(sink.pending))

    def _start_following(self) -> None:
        if self.kept is None:
            return
        self._follower = threading.Thread(target=self._follow_in_background, args=(self.kept, frozenset(self._reindex)),
                                          name="culturelinks-follow", daemon=True)
        self._follower.start()

    def _inputs(self) -> Inputs:
        settings = settings_for(self.output, self.data, "", self.settings_file)  # as a build reads them: unrun
        return inputs_of(settings, self.settings_file, settings_override(self.data, ""))

    def _follow_in_background(self, kept: Kept, reindex: frozenset[str]) -> None:
        try:
            with locked(cache_folder(self.output)):
                manifest = self._follow(kept, reindex)
        except Cancelled:
            return
        except Exception as exc:  # noqa: BLE001 - a thread's failure must be told, not lost
            if self._cancel.is_set():
                return  # Pagefind was stopped for a newer edit
            logger.error("culturelinks: the search index and open data could not follow the pages (%s); "
                         "the next change builds the whole site", exc)
            self.kept = None
            return
        kept.manifest, kept.marker = manifest, manifest.build_id
        self._reindex = set()

    def _check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled

    def _follow(self, kept: Kept, reindex: frozenset[str]) -> Manifest:
        """The second step: the feeds, the open data and the search index of the ``reindex`` languages,
        with the rest of the live site (as ``kept.manifest`` describes it), in one atomic swap."""
        cache = cache_folder(self.output)
        bundle = routes.search_bundle().url
        live, searched = kept.manifest, kept.searched
        inputs = self._inputs()
        if live.build_id == kept.marker and not reindex and live.inputs == inputs:
            return live  # nothing to follow: the live site is the one last published, from these inputs
        files: dict[str, bytes] = {}
        if reindex:  # first, as it gives way at every page (the data files only between files)
            old_bundle = {}
            for name in live.files:
                if name.startswith(bundle):
                    self._check()
                    old_bundle[name[len(bundle):]] = (self.output / name).read_bytes()
            with SiteIndex() as search:
                self._search = search
                try:
                    for lang in dict.fromkeys(lang for lang, _ in searched):
                        if lang not in reindex:
                            search.reuse(lang, old_bundle)
                            continue
                        for page_lang, name in searched:
                            if page_lang == lang:
                                self._check()
                                search.add(lang, routes.of_saved(name).url, (self.output / name).read_text("utf-8"))
                    files.update((bundle + path, content) for path, content in search.files().items())
                finally:
                    self._search = None
        plan.prepare_data_files(kept.views, self._check)
        for planned in plan.data_files(kept.views):
            self._check()
            files[planned.route.save_as] = planned.make()
        return republish(self.output, cache, live, files, inputs, searched,
                         drop=lambda name: bool(reindex) and name.startswith(bundle), check=self._check,
                         remove=remove_later, kept=kept_names(kept.settings))


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


def in_new_order(searched: list[tuple[str, str]], views: Views) -> list[tuple[str, str]]:
    """The searched pages of the plan, after a quick build that may have moved events (the set of pages is the
    same): the event pages of each language in the events' new order, the other pages where they were."""
    event_pages = {lang: iter([routes.event(lang, event.id).save_as for event in views.chronology.events])
                   for lang in views.languages.codes}
    all_event_pages = {routes.event(lang, event.id).save_as for lang in views.languages.codes
                       for event in views.chronology.events}
    return [(lang, next(event_pages[lang]) if name in all_event_pages else name) for lang, name in searched]
