from __future__ import annotations

from pathlib import Path

import pytest

from culturelinks.data.dataset import check_file


@pytest.fixture
def check(tmp_path: Path):
    """Check YAML text (str, or bytes as written) saved as ``events.yaml``; return the problem headlines."""

    def run(text: str | bytes) -> list[str]:
        path = tmp_path / "events.yaml"
        if isinstance(text, str):
            path.write_text(text, encoding="utf-8")
        else:
            path.write_bytes(text)
        checked, _ = check_file(path, "events.yaml")
        return [p.headline() for p in checked.problems]

    return run
