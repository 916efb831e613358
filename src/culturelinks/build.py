"""``culturelinks build``: Pelican renders the page plan into a staged site, which replaces the live one
in one atomic step (output.publish).

The steps: read pelicanconf.py once (``ProjectSettings``); refuse an output folder that is not ours; under
the output's lock, remove what killed builds left; skip the build when no input changed and the live site is
as the last build left it; else stage the whole new site — pages whose fingerprint is unchanged, and files
whose bytes are unchanged, hard-linked from the live site — record it, and swap it in. Any failure (bad data,
a template, the disk, the settings) leaves the live site as it was. ``culturelinks serve`` composes the same
steps its own way (serve.live), from ``prepare``, ``stage`` and ``plugin.run.run_pelican``.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import os
import runpy
import time
import traceback
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .data import history, release
from .data.inputs import DEFAULT_DATA
from .errors import BuildError, DataError, UsageError, os_error_text
from .output.manifest import (
    UNKNOWN_INPUTS,
    Inputs,
    KnownSummaries,
    Manifest,
    searched_digests,
    settings_key,
    write_summaries,
)
from .output.publish import RETAINED, LiveSite, cache_folder, guard_output, locked, read_marker
from .site import siteurl

if TYPE_CHECKING:  # Pelican, the generator, Pagefind's client and the progress bar are loaded only when a build
    from . import progress  # runs: a build with nothing to do (up_to_date) needs none of them
    from .memory import Memory
    from .output.shows import ShownPages
    from .plugin.run import BuildOutcome

SETTINGS_FILE = Path("pelicanconf.py")

__all__ = ["BuildResult", "ProjectSettings", "SETTINGS_FILE", "build", "build_site", "cache_folder", "up_to_date"]


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


# -- pelicanconf.py, read once ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class ProjectSettings:
    """pelicanconf.py as one command reads it: run once (it is Python: it may read the environment or other
    files), its values with the command's options (``override``) in their place. ``key`` names what the
    settings are made from, without Pelican (a build with nothing to do needs no more); ``pelican()`` makes
    Pelican's settings of the same values."""

    file: Path
    override: Mapping[str, object]
    values: Mapping[str, Any] | None
    error: BuildError | None = None

    @classmethod
    def read(cls, file: Path = SETTINGS_FILE, data: Path | None = None, base_url: str | None = None,
             pdf: bool = True) -> ProjectSettings:
        override: dict[str, object] = {} if pdf else {"CULTURELINKS_PDF": False}
        if data is not None:
            override["CULTURELINKS_DATA"] = str(data)
        if base_url is not None:
            try:
                override["SITEURL"] = siteurl.base_url(base_url)
            except ValueError as exc:
                raise UsageError(f"--base-url: {exc}") from None
        try:
            values = runpy.run_path(str(file))
        except Exception as exc:  # noqa: BLE001 - pelicanconf.py is Python: it can raise anything
            return cls(file, override, None, _settings_error(file, exc))
        return cls(file, override, {name: value for name, value in values.items() if name.isupper()})

    @property
    def key(self) -> str | None:
        """The digest of what the build's settings are made from (output.manifest.settings_key); None when the
        file does not run."""
        return None if self.values is None else settings_key(self.file, self.values, self.override)

    @property
    def inputs_key(self) -> str | None:
        """``key`` with the release tags the Changes page is made from (data.history.refs_key: the tags and the
        commits they mark, read from git in milliseconds): a new or moved tag is a change of the build's inputs,
        though no file the build reads changed. None when the settings file does not run."""
        key = self.key
        if key is None or self.values is None:
            return None
        given = {**self.values, **self.override}
        refs = history.refs_key(Path(str(given.get("CULTURELINKS_DATA", DEFAULT_DATA))),
                                release.release_path(self.file, given.get(release.SETTING)))
        return hashlib.sha256(f"{key}\0{refs}".encode()).hexdigest()

    def pelican(self) -> dict:
        """Pelican's settings of these values (its defaults and paths, then culturelinks' defaults); a settings
        file that does not run is a BuildError naming its line."""
        from pelican.settings import read_settings

        from .plugin import DEFAULT_SETTINGS

        if self.values is None:
            assert self.error is not None
            raise self.error
        folder = self.file.resolve().parent
        given = {**self.values, **self.override}
        given.setdefault(release.SETTING, release.DEFAULT_FILE)
        # relative to the file, as Pelican reads them
        for name in ("PATH", "OUTPUT_PATH", "THEME", "CACHE_PATH", release.SETTING):
            value = given.get(name)
            if isinstance(value, str) and not os.path.isabs(value) \
                    and (name != "THEME" or (folder / value).exists()):  # a theme may be a name, not a path
                given[name] = os.path.normpath(folder / value)
        if isinstance(given.get("PLUGIN_PATHS"), list):
            given["PLUGIN_PATHS"] = [os.path.normpath(folder / path) for path in given["PLUGIN_PATHS"]]
        try:
            settings = read_settings(None, override=given)
        except Exception as exc:  # noqa: BLE001 - Pelican checks the values; they can be anything
            raise _settings_error(self.file, exc) from None
        for name, value in DEFAULT_SETTINGS.items():
            settings.setdefault(name, value)
        return settings


def _settings_error(file: Path, exc: Exception) -> BuildError:
    line = exc.lineno if isinstance(exc, SyntaxError) else next(
        (frame.lineno for frame in reversed(traceback.extract_tb(exc.__traceback__))
         if Path(frame.filename).resolve() == file.resolve()), None)
    where = f"{file}:{line}: " if line else f"{file}: "
    return BuildError(f"{where}cannot read the settings: {type(exc).__name__}: {exc}")


def retained_names(settings: Mapping[str, Any]) -> tuple[str, ...]:
    """The entries of the output folder a build keeps across its swap (output.publish.RETAINED)."""
    return tuple(dict.fromkeys([*settings.get("CULTURELINKS_OUTPUT_RETENTION", RETAINED),
                                *settings.get("OUTPUT_RETENTION", ())]))


def protected_paths(settings: Mapping[str, Any], settings_file: Path) -> list[tuple[str, Path]]:
    """What no output folder may be, hold or replace: the project and everything a build reads."""
    theme = Path(settings["THEME"])
    return [("the project", settings_file.resolve().parent), ("the settings", settings_file),
            ("the data file", Path(settings["CULTURELINKS_DATA"])), ("the content", Path(settings["PATH"])),
            ("the templates", theme / "templates"), ("the static files", theme / "static"),
            ("the release file", Path(settings[release.SETTING]))]


def inputs_of(settings: Mapping[str, Any], project: ProjectSettings) -> Inputs:
    """What a build with ``settings`` reads: the data, the settings file, the content, the theme's templates and
    static files, the UI catalogs, and the release tags (``ProjectSettings.inputs_key``)."""
    from .site import i18n

    key = project.inputs_key
    theme = Path(settings["THEME"])
    sources = (settings["CULTURELINKS_DATA"], project.file, settings["PATH"], theme / "templates", theme / "static",
               i18n.LOCALE_DIR, settings[release.SETTING])
    return Inputs.of(key, (os.path.abspath(source) for source in sources)) if key else UNKNOWN_INPUTS


def refuse_bad_inputs(settings: Mapping[str, Any], settings_file: Path) -> None:
    """DataError with every problem of the inputs besides the data (data.inputs.problems: links out of the
    project, the Markdown pages' metadata), and the data's own with them, before Pelican reads any of them."""
    from .data import inputs
    from .data.dataset import check_file

    try:
        project = inputs.Project.of_settings(dict(settings), settings_file)
    except ValueError as exc:
        raise BuildError(f"{settings_file}: {exc}") from None
    found = inputs.problems(project)
    if any(problem.is_error for problem in found):
        data = Path(settings["CULTURELINKS_DATA"])
        raise DataError([*check_file(data, None, project.languages)[0].problems, *found] if data.is_file()
                        else found)


@dataclass(frozen=True)
class Prepared:
    """A build about to run: Pelican's settings, what it will read, and the live site it replaces."""

    settings: dict
    inputs: Inputs
    site: LiveSite


def prepare(output: Path, project: ProjectSettings) -> Prepared:
    """The build's settings, once the output is known safe to name (exit 2 otherwise, before any long work) and
    every input besides the data checked. What plainly is not a site of ours is refused at once (``LiveSite.check``);
    the rest of the claim (files no build wrote) is made under the output's lock (``LiveSite.claim``)."""
    output = Path(os.path.abspath(output))
    settings = project.pelican()
    guard_output(output, protected_paths(settings, project.file))
    site = LiveSite(output, retained_names(settings))
    site.check()  # before a long build, and before the cache is made beside a folder plainly not ours
    refuse_bad_inputs(settings, project.file)
    return Prepared(settings, inputs_of(settings, project), site)


# -- the command -----------------------------------------------------------------------------------------------

def up_to_date(output: Path, project: ProjectSettings) -> bool:
    """Whether ``output`` is the site a build would make now: its inputs as the last build recorded them and
    every file as it left it. Found without Pelican, so saying it takes a fraction of a second; False
    when in doubt (a broken settings file, an old manifest), and the build decides."""
    output = Path(os.path.abspath(output))
    cache = cache_folder(output)
    key = project.inputs_key
    if key is None or not cache.is_dir():
        return False
    from .output.manifest import read_manifest

    try:
        with locked(cache):
            live = read_manifest(cache, read_marker(output))
            return live is not None and live.inputs.unchanged(key) and live.describes(output) \
                and not list(cache.glob("staging-*"))
    except OSError:  # a read-only or full disk, say: the build says what is wrong
        return False


def build_site(output: Path, data: Path | None = None, base_url: str | None = None,
               settings_file: Path = SETTINGS_FILE, *, use_cache: bool = True, pdf: bool = True,
               report: progress.Silent | None = None) -> BuildResult:
    """Build the site with ``settings_file`` and the options into ``output`` (``build``)."""
    return build(output, ProjectSettings.read(settings_file, data, base_url, pdf), use_cache=use_cache,
                 report=report)


def build(output: Path, project: ProjectSettings, *, use_cache: bool = True,
          report: progress.Silent | None = None) -> BuildResult:
    """Build the site into ``output``; every failure is a CulturelinksError, and leaves the live site whole."""
    from .memory import Memory
    from .progress import Silent

    started = time.monotonic()
    prepared = prepare(output, project)
    site = prepared.site
    try:
        with site.locked():
            previous = site.claim(walk_later=True)  # beside the build (output.side), or now when there is none
            if use_cache and previous is not None and prepared.inputs.digest \
                    and previous.inputs == prepared.inputs and previous.describes(site.output):
                site.walk_now()
                return BuildResult(site.output, up_to_date=True)
            outcome, manifest = full_build(prepared, previous, Memory(), report or Silent(), use_cache=use_cache)
    except OSError as exc:
        raise BuildError(f"could not build into {site.output}: {os_error_text(exc)}") from None
    old = previous.files if previous is not None else {}
    changed = sum(1 for name, record in manifest.files.items()
                  if name not in old or old[name].sha256 != record.sha256)
    return BuildResult(site.output, changed_files=changed, removed_files=len(set(old) - set(manifest.files)),
                       events=len(outcome.views.chronology.events),
                       pages_per_language=outcome.plan.pages_per_language(), seconds=time.monotonic() - started)


def _kept_shows(cache: Path, shown: ShownPages) -> str:
    """The record of what each page shows, kept for the next build (output.shows.keep_shows), as side work. It may
    be written for a build whose swap is then refused: it describes pages by their bytes, and the next build keeps
    a page, or a part of a file, only where the live file is those very bytes."""
    from .output.shows import keep_shows

    keep_shows(cache, shown)
    return ""


def full_build(prepared: Prepared, previous: Manifest | None, memory: Memory, report: progress.Silent, *,
               use_cache: bool = True, index_search: bool = True, remember: bool = False,
               remove_old_later: bool = False) -> tuple[BuildOutcome, Manifest]:
    """Stage the whole site with Pelican and swap it in (the output's lock held). Without ``index_search`` the
    live search index is kept, and the manifest records no inputs until the new index is in place (the next
    build makes it again if it never is); ``remember`` and ``memory`` as plugin.run.BuildRequest has them."""
    from .output.side import SideWork
    from .plugin.run import BuildRequest, run_pelican

    site = prepared.site
    staging = site.stage(previous, reuse_pages=use_cache, remove_old_later=remove_old_later)
    writing: SideWork | None = None
    try:
        settings = {**prepared.settings, "OUTPUT_PATH": str(staging.folder)}
        known = KnownSummaries(site.cache)  # checked beside the build (output.side) while Pelican starts
        outcome = run_pelican(BuildRequest(settings, staging, report, memory, known, index_search, remember))
        # What each page showed (31 MB at 10,000 events), for the next build: written beside the build while it
        # publishes, unless the run kept it already
        if outcome.shows is not None and not outcome.shows_kept:
            writing = SideWork(functools.partial(_kept_shows, site.cache, outcome.shows))
        summaries = outcome.views.summaries.to_keep()
        if outcome.views.summaries.changed_from(known, summaries):  # 50 MB at 10,000 events: written when it changed
            write_summaries(site.cache, summaries)
        for name in staging.unrecorded(outcome.static_copies):
            staging.records[name] = staging.adopt(name)
        manifest = Manifest(prepared.inputs if outcome.search_made else UNKNOWN_INPUTS, dict(staging.records),
                            searched_digests(outcome.searched) if outcome.search_made else
                            (previous.searched if previous is not None else {}))
        site.publish(staging, manifest)
    finally:
        staging.discard()  # the old site, or what was staged when the build failed
        kept = writing.result() if writing is not None else ""
        if remember:  # serve: what the build froze (collector.paused_gc) may be garbage after the next edit; the
            gc.unfreeze()  # collection that scans it all is made now, not during the next quick build
            gc.collect()
    if kept is None:  # a failure of ours (keep_shows itself takes a full disk)
        raise BuildError("the site was published, but the record of what each page shows could not be kept for the "
                         "next build; build again")
    return outcome, manifest
