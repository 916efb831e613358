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
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from . import loader, plan, routes
from .build import SETTINGS_FILE, BuildResult, build_site, publish, settings_for
from .errors import DataError
from .generator import CulturelinksGenerator, PageRenderer
from .incremental import Manifest, inputs_digest, searched_digests
from .publish import MARKER, Staging, cache_folder, locked, read_marker
from .quick import DataFile, InPlace, NotQuick, affected_parts, next_views
from .schema import LANGUAGES
from .search import SiteIndex
from .views import Views

logger = logging.getLogger(__name__)


@dataclass
class Kept:
    """What the last build left for the next quick one."""

    settings: dict
    generator: CulturelinksGenerator
    data_path: Path
    data_file: DataFile
    views: Views
    manifest: Manifest
    fingerprint_base: str
    #: The pages search covers, in plan order (generator.CulturelinksGenerator.searched).
    searched: list[tuple[str, str]]


class LiveBuild:
    """The build ``culturelinks serve`` runs on every change: ``live(pages_ready)``, after ``notice(changes)``
    has told it what changed (watchfiles' ``(change, path)`` pairs)."""

    def __init__(self, output: Path, data: Path | None = None, settings_file: Path = SETTINGS_FILE):
        self.output = Path(os.path.abspath(output))
        self.data = data
        self.settings_file = settings_file
        self.kept: Kept | None = None
        self.noticed: set[Path] = set()
        #: How many builds were quick (for the curious and the tests).
        self.quick_builds = 0

    def notice(self, changes: Iterable[tuple[object, str]]) -> None:
        self.noticed.update(Path(path).resolve() for _, path in changes)

    def __call__(self, pages_ready: Callable[[], None]) -> BuildResult:
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
        return build_site(self.output, self.data, base_url="", settings_file=self.settings_file,
                          pages_ready=pages_ready, on_built=self._keep)

    def _keep(self, generator: CulturelinksGenerator, settings: dict, manifest: Manifest) -> None:
        if generator.data_file is not None and generator.views is not None:
            self.kept = Kept(settings, generator, Path(settings["CULTURELINKS_DATA"]).resolve(), generator.data_file,
                             generator.views, manifest, generator.fingerprint_base(), generator.searched)

    def _quick(self, kept: Kept, pages_ready: Callable[[], None]) -> BuildResult:
        """Render again the pages that may show the edited events; NotQuick (before anything is written)
        when the full build must."""
        cache = cache_folder(self.output)
        with locked(cache):
            if read_marker(self.output) != kept.manifest.build_id:
                raise NotQuick("the site changed since the last build")
            try:
                text = loader.read_text(kept.data_path, kept.data_file.name)
            except DataError:
                raise NotQuick("the data file cannot be read") from None
            data_file, changed = kept.data_file.changed(text)
            if not changed:  # comments or blank lines: no page changes
                self.kept = dataclasses.replace(kept, data_file=data_file)
                return BuildResult(self.output, up_to_date=True)
            views = next_views(kept.views, data_file.data, changed)
            parts = affected_parts(kept.views, views, [event["id"] for event in changed.values()])
            order = {part: number for number, part in enumerate(plan.language_parts(views))}
            pages = [page for lang in LANGUAGES for part in sorted(parts, key=order.__getitem__)
                     for page in plan.part_pages(views, lang, part)]
            sink = InPlace(self.output, kept.manifest)
            renderer = PageRenderer(kept.generator.env, views.translations, pages, kept.fingerprint_base, sink,
                                    kept.settings["SITEURL"])
            rendered = renderer.render(range(len(pages)))
            records = sink.commit({page.name: page.record for page in rendered})
            pages_ready()
            live = Manifest(kept.manifest.inputs, {**kept.manifest.files, **records})
            reindexed = {page.lang for page in rendered if page.searched and page.name in sink.pending}
            searched = in_new_order(kept.searched, views)
            manifest = self._follow(views, live, searched, reindexed)
            self.kept = Kept(kept.settings, kept.generator, kept.data_path, data_file, views, manifest,
                             kept.fingerprint_base, searched)
            return BuildResult(self.output, changed_files=len(sink.pending))

    def _follow(self, views: Views, live: Manifest, searched: list[tuple[str, str]], reindexed: set[str]
                ) -> Manifest:
        """The second step: the feeds, the open data and the search index of the ``reindexed`` languages,
        with the rest of the live site (as ``live`` describes it), in one atomic swap."""
        cache = cache_folder(self.output)
        bundle = routes.search_bundle().url
        settings = settings_for(self.output, self.data, "", self.settings_file)  # as a build reads them: unrun
        theme = Path(settings["THEME"])
        inputs = inputs_digest(settings, self.settings_file, (theme / "templates", theme / "static"))
        files = {planned.route.save_as: planned.make() for planned in plan.data_files(views)}
        if reindexed:
            old_bundle = {name[len(bundle):]: (self.output / name).read_bytes() for name in live.files
                          if name.startswith(bundle)}
            with SiteIndex() as search:
                for lang in dict.fromkeys(lang for lang, _ in searched):
                    if lang not in reindexed:
                        search.reuse(lang, old_bundle)
                        continue
                    for page_lang, name in searched:
                        if page_lang == lang:
                            search.add(lang, routes.of_saved(name).url, (self.output / name).read_text("utf-8"))
                files.update((bundle + path, content) for path, content in search.files().items())
        staging = Staging.create(self.output, cache, live)
        try:
            for name in live.files:
                if name in files or name == MARKER or (reindexed and name.startswith(bundle)):
                    continue
                record = staging.keep(name)
                if record is None:
                    raise NotQuick(f"{self.output / name} changed during the build")
                staging.records[name] = record
            for name, content in files.items():
                staging.records[name] = staging.put(name, content)
            manifest = Manifest(inputs, dict(staging.records), searched_digests(searched))
            publish(staging, cache, manifest)
        finally:
            shutil.rmtree(staging.folder, ignore_errors=True)
        return manifest


def in_new_order(searched: list[tuple[str, str]], views: Views) -> list[tuple[str, str]]:
    """The searched pages of the plan, after a quick build that may have moved events (the set of pages is the
    same): the event pages of each language in the events' new order, the other pages where they were."""
    event_pages = {lang: iter([routes.event(lang, event.id).save_as for event in views.chronology.events])
                   for lang in LANGUAGES}
    all_event_pages = {routes.event(lang, event.id).save_as for lang in LANGUAGES for event in views.chronology.events}
    return [(lang, next(event_pages[lang]) if name in all_event_pages else name) for lang, name in searched]
