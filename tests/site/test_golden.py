"""The HTML of the three-event fixture, page by page, against tests/golden/three-events/.

After an intended change, regenerate with ``python -m tests.site.regenerate_golden`` (from the project
root) and review the diff.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from .conftest import html_files
from .regenerate_golden import GOLDEN

GOLDEN_PAGES = sorted(str(page.relative_to(GOLDEN)) for page in html_files(GOLDEN))


def test_the_same_pages_as_the_golden_tree(built_site: Path):
    assert sorted(str(page.relative_to(built_site)) for page in html_files(built_site)) == GOLDEN_PAGES


@pytest.mark.parametrize("name", GOLDEN_PAGES)
def test_page_matches_golden(built_site: Path, name: str):
    expected = (GOLDEN / name).read_text(encoding="utf-8")
    actual = (built_site / name).read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            f"golden/{name}", f"built/{name}", n=2))
        pytest.fail(f"{name} differs from the golden file (python -m tests.site.regenerate_golden):\n{diff}")
