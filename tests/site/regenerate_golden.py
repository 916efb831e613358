"""Rewrite tests/golden/three-events/ from a fresh build of the three-event fixture.

    python -m tests.site.regenerate_golden

Run it from the project root after an intended change to the HTML, then review the diff before committing.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from .conftest import ROOT, build_fixture_site, html_files

GOLDEN = ROOT / "tests" / "golden" / "three-events"


def regenerate(golden: Path = GOLDEN) -> int:
    """Copy every HTML page of a fresh build into ``golden`` (emptied first); the number of pages."""
    with tempfile.TemporaryDirectory() as scratch:
        site = build_fixture_site(Path(scratch) / "site")
        shutil.rmtree(golden, ignore_errors=True)
        pages = list(html_files(site))
        for page in pages:
            target = golden / page.relative_to(site)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(page, target)
    return len(pages)


if __name__ == "__main__":
    print(f"wrote {regenerate()} pages to {GOLDEN.relative_to(ROOT)}")
