"""Fixtures shared by every layer of the tests: the project root and a scratch project."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch project (data, content, templates, settings) in tmp_path, made the working directory."""
    for name in ("content", "templates", "static"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, tmp_path / name)
    for name in ("pelicanconf.py",):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "data").mkdir()
    shutil.copy(FIXTURES / "three-events.yaml", tmp_path / "data" / "events.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path
