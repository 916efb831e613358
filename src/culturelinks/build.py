"""Build the site atomically: Pelican writes into a fresh folder beside the output, which then replaces it.

A failed build therefore leaves the previous site untouched, and a reader of the output folder never
sees half a site.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from pelican import Pelican
from pelican.settings import read_settings

SETTINGS_FILE = Path("pelicanconf.py")


def build_site(output: Path, data: Path | None = None, base_url: str | None = None,
               settings_file: Path = SETTINGS_FILE) -> None:
    """Run Pelican with pelicanconf.py into ``output``; DataError propagates with every problem found."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.building-", dir=output.parent))
    try:
        override: dict[str, object] = {"OUTPUT_PATH": str(staging)}
        if data is not None:
            override["CULTURELINKS_DATA"] = str(data)
        if base_url is not None:
            override["SITEURL"] = base_url.rstrip("/")
        Pelican(read_settings(str(settings_file), override=override)).run()
        _swap_in(staging, output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap_in(staging: Path, output: Path) -> None:
    """Replace ``output`` by ``staging`` with two renames, so the old site stays whole until the last moment."""
    retired = output.parent / f"{staging.name}.previous"
    if output.exists():
        output.rename(retired)
    staging.rename(output)
    shutil.rmtree(retired, ignore_errors=True)
