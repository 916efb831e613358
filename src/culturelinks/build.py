"""``culturelinks build``: Pelican renders the page plan into a staged site, which replaces the live one
in one atomic step (publish.py).

The steps: refuse an output folder that is not ours (``guard_output``); under the output's lock,
remove what killed builds left; skip the build when no input changed and the live site is as the
last build left it; else stage the whole new site — pages whose fingerprint is unchanged, and files
whose bytes are unchanged, hard-linked from the live site — record it, and swap it in. Any failure
(bad data, a template, the disk, the settings) leaves the live site as it was.
"""

from __future__ import annotations

import dataclasses
import gc
import os
import time
import traceback
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BuildError, UsageError, os_error_text
from .output.manifest import (
    UNKNOWN_INPUTS,
    Inputs,
    Manifest,
    prune_manifests,
    read_manifest,
    read_summaries,
    searched_digests,
    settings_key,
    write_manifest,
    write_summaries,
)
from .output.publish import (
    KEPT,
    MARKER,
    Staging,
    cache_folder,
    claim,
    guard_output,
    locked,
    marker_bytes,
    read_marker,
    remove_later,
    remove_leftovers,
    remove_now,
)
from .site import routes, siteurl

if TYPE_CHECKING:  # Pelican, the generator, Pagefind's client and the progress bar are loaded only when a build
    from . import progress
    from .plugin.generator import CulturelinksGenerator

SETTINGS_FILE = Path("pelicanconf.py")

__all__ = ["BuildResult", "SETTINGS_FILE", "build_site", "cache_folder", "settings_for", "up_to_date"]


#: Called by a build for ``culturelinks serve`` with its generator, its settings and the published manifest.
OnBuilt = Callable[["CulturelinksGenerator", dict, Manifest], None]


@dataclass(frozen=True)
class BuildResult:
    """What a build did: nothing (``up_to_date``), or what it made (its events, its pages in each language, with
    the pages for all languages under ``""``), how many files it changed and removed, and how long it took."""

    output: Path
    up_to_date: bool = False
    changed_files: int = 0
    removed_files: int = 0
    events: int = 0
    pages_per_language: Mapping[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def load_settings(settings_file: Path, override: dict[str, object]) -> dict:
    """Pelican's settings from ``settings_file``; a broken file is a BuildError naming its line."""
    from pelican.settings import read_settings

    from .plugin import DEFAULT_SETTINGS

    try:
        settings = read_settings(str(settings_file), override=override)
    except Exception as exc:  # noqa: BLE001 - pelicanconf.py is Python: it can raise anything
        line = exc.lineno if isinstance(exc, SyntaxError) else next(
            (frame.lineno for frame in reversed(traceback.extract_tb(exc.__traceback__))
             if Path(frame.filename).resolve() == settings_file.resolve()), None)
        where = f"{settings_file}:{line}: " if line else f"{settings_file}: "
        raise BuildError(f"{where}cannot read the settings: {type(exc).__name__}: {exc}") from None
    for name, value in DEFAULT_SETTINGS.items():
        settings.setdefault(name, value)
    return settings


def kept_names(settings: dict) -> tuple[str, ...]:
    """The entries of the output folder a build keeps across its swap (see publish.KEPT)."""
    return tuple(dict.fromkeys([*settings.get("CULTURELINKS_OUTPUT_RETENTION", KEPT),
                                *settings.get("OUTPUT_RETENTION", ())]))


def protected_paths(settings: dict, settings_file: Path) -> list[tuple[str, Path]]:
    """What no output folder may be, hold or replace: the project and everything a build reads."""
    theme = Path(settings["THEME"])
    return [("the project", settings_file.resolve().parent), ("the settings", settings_file),
            ("the data file", Path(settings["CULTURELINKS_DATA"])), ("the content", Path(settings["PATH"])),
            ("the templates", theme / "templates"), ("the static files", theme / "static")]


def settings_override(data: Path | None, base_url: str | None) -> dict[str, object]:
    """The settings the command's options give, in place of pelicanconf.py's."""
    override: dict[str, object] = {}
    if data is not None:
        override["CULTURELINKS_DATA"] = str(data)
    if base_url is not None:
        try:
            override["SITEURL"] = siteurl.base_url(base_url)
        except ValueError as exc:
            raise UsageError(f"--base-url: {exc}") from None
    return override


def settings_for(output: Path, data: Path | None, base_url: str | None, settings_file: Path) -> dict:
    """The build's settings (pelicanconf.py and the command's options), once the output is known safe."""
    settings = load_settings(settings_file, settings_override(data, base_url))
    guard_output(output, protected_paths(settings, settings_file))
    claim(output, cache_folder(output), kept_names(settings))  # said before a long build; said again under its lock
    return settings


def inputs_of(settings: dict, settings_file: Path, override: dict[str, object]) -> Inputs:
    """What a build with ``settings`` (read with ``override``) reads: the data, the settings file, the
    content, the theme's templates and static files, and the UI catalogs."""
    from .site import i18n

    key = settings_key(settings_file, override)
    theme = Path(settings["THEME"])
    sources = (settings["CULTURELINKS_DATA"], settings_file, settings["PATH"], theme / "templates", theme / "static",
               i18n.LOCALE_DIR)
    return Inputs.of(key, (os.path.abspath(source) for source in sources)) if key else UNKNOWN_INPUTS


def up_to_date(output: Path, data: Path | None = None, base_url: str | None = None,
               settings_file: Path = SETTINGS_FILE) -> bool:
    """Whether ``output`` is the site a build would make now: its inputs as the last build recorded them and
    every file as it left it. Found without Pelican, so saying it takes a fraction of a second; False
    when in doubt (a broken settings file, an old manifest), and the build decides."""
    output = Path(os.path.abspath(output))
    cache = cache_folder(output)
    key = settings_key(settings_file, settings_override(data, base_url))
    if key is None or not cache.is_dir():
        return False
    try:
        with locked(cache):
            live = read_manifest(cache, read_marker(output))
            return live is not None and live.inputs.unchanged(key) and live.describes(output) \
                and not list(cache.glob("staging-*"))
    except OSError:  # a read-only or full disk, say: the build says what is wrong
        return False


def build_site(output: Path, data: Path | None = None, base_url: str | None = None,
               settings_file: Path = SETTINGS_FILE, *, use_cache: bool = True,
               report: progress.Silent | None = None, pages_ready: Callable[[], None] | None = None,
               on_built: OnBuilt | None = None) -> BuildResult:
    """Build the site with pelicanconf.py into ``output``; every failure is a CulturelinksError.

    With ``pages_ready`` (``culturelinks serve``), the new pages go in with the live search index,
    ``pages_ready`` is called, and then the new search index follows in a second swap: an edit is on
    screen without waiting for the whole site to be indexed again. With ``on_built`` (``culturelinks serve``,
    live.py), the build always runs, keeps what the next quick rebuild needs, and gives it to ``on_built``
    with the settings and the manifest of the site it published."""
    from . import progress

    started = time.monotonic()
    output = Path(os.path.abspath(output))
    settings = settings_for(output, data, base_url, settings_file)
    refuse_bad_inputs(settings, settings_file)
    inputs = inputs_of(settings, settings_file, settings_override(data, base_url))
    cache = cache_folder(output)
    try:
        with locked(cache):
            result = _build(output, cache, settings, inputs, use_cache, report or progress.Silent(),
                            pages_ready, on_built)
        return dataclasses.replace(result, seconds=time.monotonic() - started)
    except OSError as exc:
        raise BuildError(f"could not build into {output}: {os_error_text(exc)}") from None
    finally:
        if on_built is not None:  # serve: what this build froze (dataset.paused_gc) may be garbage later;
            gc.unfreeze()  # the collection that scans it all is made now, not during the next quick build
            gc.collect()


def _build(output: Path, cache: Path, settings: dict, inputs: Inputs, use_cache: bool,
           report: progress.Silent, pages_ready: Callable[[], None] | None, on_built: OnBuilt | None = None
           ) -> BuildResult:
    kept = kept_names(settings)
    remove_leftovers(cache, output, kept)
    previous = claim(output, cache, kept)
    if previous is not None and read_manifest(cache, previous.build_id) is None:
        write_manifest(cache, previous)  # a site recognised by its files: recorded, for the next builds
    if use_cache and on_built is None and previous is not None and inputs.digest \
            and previous.inputs == inputs and previous.describes(output):
        return BuildResult(output, up_to_date=True)
    staging = Staging.create(output, cache, previous, reuse_pages=use_cache, kept=kept)
    # serve: the new pages are on screen without waiting for the old site to be deleted
    staging.remove = remove_later if pages_ready is not None else remove_now
    try:
        settings["OUTPUT_PATH"] = str(staging.folder)
        generator = run_pelican(settings, staging, report, defer_search=pages_ready is not None,
                                keep_data=on_built is not None)
        for name in staging.unrecorded(pelican_copies(settings, generator)):
            staging.records[name] = staging.adopt(name)
        # A site whose search index is still the last build's records no inputs: the next build redoes it.
        manifest = Manifest(UNKNOWN_INPUTS if generator.search_pending else inputs, dict(staging.records),
                            {} if generator.search_pending else searched_digests(generator.searched))
        publish(staging, cache, manifest)
    finally:
        staging.discard()  # the old site, or what was staged when the build failed
    if pages_ready is not None:
        pages_ready()
    if generator.search_pending:
        manifest = refresh_search(output, cache, Manifest(inputs, manifest.files), generator.searched,
                                  staging.remove, kept)
    if on_built is not None:
        on_built(generator, settings, manifest)
    old = previous.files if previous is not None else {}
    changed = sum(1 for name, record in manifest.files.items()
                  if name not in old or old[name].sha256 != record.sha256)
    assert generator.views is not None and generator.plan is not None, "Pelican ran the generator"
    return BuildResult(output, changed_files=changed, removed_files=len(set(old) - set(manifest.files)),
                       events=len(generator.views.chronology.events),
                       pages_per_language=generator.plan.pages_per_language())


def refuse_bad_inputs(settings: dict, settings_file: Path) -> None:
    """DataError with every problem of the inputs besides the data (inputs.problems: links out of the project,
    the Markdown pages' metadata), and the data's own with them, before Pelican reads any of them."""
    from .data import inputs
    from .data.dataset import check_file
    from .errors import DataError

    found = inputs.problems(inputs.Project.of_settings(settings, settings_file))
    if any(problem.is_error for problem in found):
        data = Path(settings["CULTURELINKS_DATA"])
        raise DataError([*check_file(data)[0].problems, *found] if data.is_file() else found)


def pelican_copies(settings: dict, generator: CulturelinksGenerator) -> list[str]:
    """Where Pelican copied static files in the new site: the theme's folder, and each static file of the
    content (tests/building/test_incremental.py proves nothing else is written unrecorded)."""
    return [str(settings["THEME_STATIC_DIR"]), *(static.save_as for static in generator.context.get("staticfiles", ()))]


def publish(staging: Staging, cache: Path, manifest: Manifest) -> None:
    """Mark the staged site with its build, record it, and swap it in."""
    staging.put(MARKER, marker_bytes(manifest.build_id))
    write_manifest(cache, manifest)
    staging.swap_in()
    prune_manifests(cache, manifest.build_id)


def refresh_search(output: Path, cache: Path, manifest: Manifest, searched: list[tuple[str, str]],
                   remove: Callable[[Path], None] = remove_now, kept: Collection[str] = KEPT) -> Manifest:
    """The second step of a build that kept the live search index: index the ``searched`` pages of the
    live site (in plan order), and swap in the same site with the new index. ``manifest`` describes
    the live site (the first step's files); ``remove`` removes the old one (see ``republish``)."""
    from .output.search import SiteIndex

    bundle = routes.search_bundle().url
    with SiteIndex() as search:
        for lang, name in searched:
            search.add(lang, routes.of_saved(name).url, (output / name).read_text("utf-8"))
        index = {bundle + path: content for path, content in search.files().items()}
    return republish(output, cache, manifest, index, manifest.inputs, searched,
                     drop=lambda name: name.startswith(bundle), remove=remove, kept=kept)


def republish(output: Path, cache: Path, live: Manifest, files: dict[str, bytes], inputs: Inputs,
              searched: list[tuple[str, str]], drop: Callable[[str], bool] = lambda name: False,
              check: Callable[[], None] = lambda: None, remove: Callable[[Path], None] = remove_now,
              kept: Collection[str] = KEPT) -> Manifest:
    """The live site as ``live`` describes it, with ``files`` added or put in place of the live ones and the
    files ``drop`` names left out, swapped in atomically; its manifest (``inputs`` and ``searched`` are
    what it records of them). ``check`` is called now and then, to raise when the work must stop;
    ``remove`` removes the old site, or the staged one when the work stops (publish.remove_later); the
    ``kept`` entries of the live site are carried over."""
    staging = Staging.create(output, cache, live, kept=kept)
    staging.remove = remove
    try:
        for number, name in enumerate(live.files):
            if number % 100 == 0:
                check()
            if name in files or drop(name):
                continue
            record = staging.keep(name)
            if record is None:
                raise BuildError(f"{output / name} changed while the site was rebuilt; build again")
            staging.records[name] = record
        for number, (name, content) in enumerate(files.items()):  # thousands: the search index's fragments
            if number % 100 == 0:
                check()
            staging.records[name] = staging.put(name, content)
        manifest = Manifest(inputs, dict(staging.records), searched_digests(searched))
        check()
        publish(staging, cache, manifest)
    finally:
        staging.discard()  # the old site, or what was staged when the work stopped before the swap
    return manifest


def run_pelican(settings: dict, staging: Staging, report: progress.Silent,
                defer_search: bool = False, keep_data: bool = False) -> CulturelinksGenerator:
    """Run Pelican; the culturelinks generator is handed the staged site, the summaries the last build
    rendered and the progress report as Pelican makes it, and the summaries it rendered are kept for
    the next build. Returns that generator (what it planned and whether the search index is pending)."""
    from pelican import Pelican, signals
    from pelican.log import console

    from .plugin.generator import CulturelinksGenerator

    made: list[CulturelinksGenerator] = []

    def attach(generator) -> None:
        if isinstance(generator, CulturelinksGenerator):
            generator.staging, generator.report = staging, report
            generator.known_summaries = read_summaries(staging.cache)
            generator.defer_search, generator.keep_data = defer_search, keep_data
            made.append(generator)

    signals.generator_init.connect(attach)
    # run() ends by printing on Pelican's console "Done: Processed 0 articles, …, 3 pages …", which counts none
    # of the chronology's pages: the command says what the build made instead. Its warnings are logged, not printed.
    quiet, console.quiet = console.quiet, True
    try:
        Pelican(settings).run()
    finally:
        console.quiet = quiet
        signals.generator_init.disconnect(attach)
    (generator,) = made
    if generator.views is not None and generator.views.summaries.rendered != generator.known_summaries:
        write_summaries(staging.cache, generator.views.summaries.rendered)  # 50 MB at 10,000 events: only if new
    return generator
