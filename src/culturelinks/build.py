"""Build the site: Pelican writes into a staging folder beside the output, which then replaces it.

A failed build leaves the previous site untouched: nothing reaches the output folder before the whole
build has succeeded. The first build moves the staging folder into place; later ones bring only what
changed — pages whose fingerprint changed are rendered and moved in, files whose bytes did not change
are left alone (so they keep their modification time, and syncs to a host stay cheap), and files the
site no longer has are removed. Then what is read from the whole site — the sitemap and the search
index — is made beside it and brought in the same way. When no input changed, nothing is done.
"""

from __future__ import annotations

import filecmp
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pelican import Pelican
from pelican.settings import read_settings

from . import progress, siteurl
from .finding import finish_site
from .generator import digest_code_and_settings

SETTINGS_FILE = Path("pelicanconf.py")
CACHE_FOLDER = ".culturelinks-cache"


@dataclass(frozen=True)
class BuildResult:
    """What a build did: nothing (``up_to_date``), or how many files it changed and removed."""

    output: Path
    up_to_date: bool = False
    changed_files: int = 0
    removed_files: int = 0


def cache_folder(output: Path) -> Path:
    """Where a build keeps what the next build of the same output can reuse."""
    return output.parent / CACHE_FOLDER / output.name


def build_site(output: Path, data: Path | None = None, base_url: str | None = None,
               settings_file: Path = SETTINGS_FILE, *, use_cache: bool = True,
               report: progress.Silent | None = None, pages_ready: Callable[[], None] | None = None
               ) -> BuildResult:
    """Run Pelican with pelicanconf.py into ``output``; DataError propagates with every problem found, and
    ValueError for a ``base_url`` that siteurl.base_url refuses.

    ``pages_ready`` is called once the pages are in place, before the sitemap and search index follow.
    """
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    cache = cache_folder(output)
    override: dict[str, object] = {"CULTURELINKS_CACHE": str(cache), "CULTURELINKS_PROGRESS": report}
    if data is not None:
        override["CULTURELINKS_DATA"] = str(data)
    if base_url is not None:
        override["SITEURL"] = siteurl.base_url(base_url)
    settings = read_settings(str(settings_file), override=override)
    inputs = _inputs_digest(settings, settings_file)
    manifest = _read_manifest(cache) if use_cache and output.is_dir() else {}
    if manifest.get("inputs") == inputs:
        return BuildResult(output, up_to_date=True)

    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.building-", dir=output.parent))
    try:
        settings["OUTPUT_PATH"] = str(staging)
        settings["CULTURELINKS_PREVIOUS_PAGES"] = {page: fingerprint for page, fingerprint
                                                   in manifest.get("pages", {}).items() if (output / page).is_file()}
        Pelican(settings).run()
        pages = json.loads((cache / "pages.next.json").read_text("utf-8"))
        previous_extras = set(manifest.get("extras", ()))
        if output.is_dir() and manifest:
            produced, changed = _bring_changes(staging, output)
            removed = _remove(output, set(_files(output)) - produced - set(pages) - previous_extras)
        else:
            _swap_in(staging, output)
            changed, removed = sum(1 for path in output.rglob("*") if path.is_file()), 0
        if pages_ready is not None:
            pages_ready()
        extras, extras_changed, extras_removed = _finish(output, settings["SITEURL"], previous_extras, cache)
        _write_manifest(cache, {"inputs": inputs, "pages": pages, "extras": sorted(extras)})
        return BuildResult(output, changed_files=changed + extras_changed, removed_files=removed + extras_removed)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        (cache / "pages.next.json").unlink(missing_ok=True)


def _finish(output: Path, site_url: str, previous: set[str], cache: Path) -> tuple[set[str], int, int]:
    """Make what is read from the whole site (sitemap, robots.txt, search index) and bring it in."""
    heads = cache / "heads.json"
    try:
        known = json.loads(heads.read_text("utf-8"))
    except (OSError, ValueError):
        known = {}
    with tempfile.TemporaryDirectory(prefix=f".{output.name}.finishing-", dir=output.parent) as folder:
        heads.write_text(json.dumps(finish_site(output, site_url, Path(folder), known)), "utf-8")
        produced, changed = _bring_changes(Path(folder), output)
    return produced, changed, _remove(output, previous - produced)


def _swap_in(staging: Path, output: Path) -> None:
    """Replace ``output`` by ``staging`` with two renames, so the old site stays whole until the last moment."""
    retired = output.parent / f"{staging.name}.previous"
    if output.exists():
        output.rename(retired)
    staging.rename(output)
    shutil.rmtree(retired, ignore_errors=True)


def _files(root: Path) -> list[str]:
    return [path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()]


def _bring_changes(staging: Path, output: Path) -> tuple[set[str], int]:
    """Move into ``output`` each staged file whose bytes differ; a file whose bytes are the same is left
    alone, keeping its modification time. Returns every staged file and how many were moved."""
    produced, changed = set(), 0
    for relative in sorted(_files(staging)):
        produced.add(relative)
        source, target = staging / relative, output / relative
        if target.is_file() and filecmp.cmp(source, target, shallow=False):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
        changed += 1
    return produced, changed


def _remove(output: Path, stale: set[str]) -> int:
    """Remove what the site no longer has, and the folders that leaves empty."""
    for relative in sorted(stale):
        (output / relative).unlink(missing_ok=True)
    for folder in sorted({(output / relative).parent for relative in stale}, key=lambda p: len(p.parts), reverse=True):
        while folder != output and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    return len(stale)


def _inputs_digest(settings: dict, settings_file: Path) -> str:
    """Everything a build reads: data, content, theme, catalogs, settings and culturelinks itself."""
    digest = hashlib.sha256()
    files = [Path(settings["CULTURELINKS_DATA"]), settings_file]
    for folder in (settings["PATH"], settings["THEME"] + "/templates", settings["THEME"] + "/static"):
        files += [path for path in Path(folder).rglob("*") if path.is_file()]
    for path in sorted(set(files)):
        digest.update(str(path).encode() + b"\0" + (path.read_bytes() if path.is_file() else b"-"))
    digest_code_and_settings(digest, settings)
    return digest.hexdigest()


def _read_manifest(cache: Path) -> dict:
    try:
        return json.loads((cache / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def _write_manifest(cache: Path, manifest: dict) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "manifest.json").write_text(json.dumps(manifest, sort_keys=True), "utf-8")
