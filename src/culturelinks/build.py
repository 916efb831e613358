"""Build the site: Pelican writes into a staging folder beside the output, which then replaces it.

A failed build leaves the previous site untouched: nothing reaches the output folder before the whole
build has succeeded. The first build moves the staging folder into place; later ones bring only what
changed — pages whose fingerprint changed are rendered and moved in, files whose bytes did not change
are left alone (so they keep their modification time, and syncs to a host stay cheap), and files the
site no longer has are removed. When no input changed at all, nothing is done.
"""

from __future__ import annotations

import filecmp
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pelican import Pelican
from pelican.settings import read_settings

from . import i18n

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
               settings_file: Path = SETTINGS_FILE, *, use_cache: bool = True) -> BuildResult:
    """Run Pelican with pelicanconf.py into ``output``; DataError propagates with every problem found."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    cache = cache_folder(output)
    override: dict[str, object] = {"CULTURELINKS_CACHE": str(cache)}
    if data is not None:
        override["CULTURELINKS_DATA"] = str(data)
    if base_url is not None:
        override["SITEURL"] = base_url.rstrip("/")
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
        if output.is_dir() and manifest:
            changed, removed = _bring_changes(staging, output, kept=set(pages))
            result = BuildResult(output, changed_files=changed, removed_files=removed)
        else:
            _swap_in(staging, output)
            result = BuildResult(output, changed_files=sum(1 for p in output.rglob("*") if p.is_file()))
        _write_manifest(cache, {"inputs": inputs, "pages": pages})
        return result
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        (cache / "pages.next.json").unlink(missing_ok=True)


def _swap_in(staging: Path, output: Path) -> None:
    """Replace ``output`` by ``staging`` with two renames, so the old site stays whole until the last moment."""
    retired = output.parent / f"{staging.name}.previous"
    if output.exists():
        output.rename(retired)
    staging.rename(output)
    shutil.rmtree(retired, ignore_errors=True)


def _bring_changes(staging: Path, output: Path, kept: set[str]) -> tuple[int, int]:
    """Move into ``output`` each staged file whose bytes differ, and remove what the site no longer has.

    ``kept`` are the site's pages; those not staged were unchanged and stay as they are.
    """
    changed = 0
    produced = set()
    for path in sorted(staging.rglob("*")):
        if path.is_dir():
            continue
        relative = path.relative_to(staging).as_posix()
        produced.add(relative)
        target = output / relative
        if target.is_file() and filecmp.cmp(path, target, shallow=False):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)
        changed += 1
    removed = 0
    for path in sorted(output.rglob("*"), reverse=True):
        relative = path.relative_to(output).as_posix()
        if path.is_file() and relative not in produced and relative not in kept:
            path.unlink()
            removed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return changed, removed


def _inputs_digest(settings: dict, settings_file: Path) -> str:
    """Everything a build reads: data, content, theme, catalogs, settings and culturelinks itself."""
    digest = hashlib.sha256()
    files = [Path(settings["CULTURELINKS_DATA"]), settings_file, *i18n.LOCALE_DIR.rglob("*.po"),
             *Path(__file__).parent.glob("*.py"), *Path(__file__).parent.glob("*.js")]
    for folder in (settings["PATH"], settings["THEME"] + "/templates", settings["THEME"] + "/static"):
        files += [path for path in Path(folder).rglob("*") if path.is_file()]
    for path in sorted(set(files)):
        digest.update(str(path).encode() + b"\0" + (path.read_bytes() if path.is_file() else b"-"))
    stable = {key: value for key, value in settings.items() if key != "OUTPUT_PATH"}
    digest.update(json.dumps(stable, sort_keys=True, default=lambda value: type(value).__name__).encode())
    return digest.hexdigest()


def _read_manifest(cache: Path) -> dict:
    try:
        return json.loads((cache / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def _write_manifest(cache: Path, manifest: dict) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "manifest.json").write_text(json.dumps(manifest, sort_keys=True), "utf-8")
