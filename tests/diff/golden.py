"""The fixture pairs of ``culturelinks diff`` and their pinned Markdown, kept as files for easy reading.

Each case compares ``tests/fixtures/diff/base.yaml`` with ``<case>.yaml`` and expects ``<case>.md``.
After a deliberate change to the summary, regenerate the expected files and review their diff:

    python -m tests.diff.golden
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from click.testing import CliRunner, Result

from culturelinks.cli import main
from tests.conftest import FIXTURES

PAIRS = FIXTURES / "diff"
CASES = ("added", "removed", "changed", "broken", "unparsable")
PREVIEW_URL = "https://example.github.io/culturelinks/pr-7/"


@contextlib.contextmanager
def _in(folder: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def run_case(case: str, *options: str) -> Result:
    """``culturelinks diff base.yaml <case>.yaml`` from the fixtures' folder, so the labels are short."""
    with _in(PAIRS):
        return CliRunner().invoke(main, ["diff", "base.yaml", f"{case}.yaml", "--base-url", PREVIEW_URL, *options])


def expected(case: str) -> str:
    return (PAIRS / f"{case}.md").read_text(encoding="utf-8")


if __name__ == "__main__":
    for name in CASES:
        result = run_case(name)
        assert result.exit_code == 0, result.output
        (PAIRS / f"{name}.md").write_text(result.output, encoding="utf-8")
        print(f"wrote {PAIRS / name}.md")
