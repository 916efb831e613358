"""The building tests' fixtures."""

from __future__ import annotations

import pytest

from .calls import NotedCalls


@pytest.fixture
def noted_calls(monkeypatch: pytest.MonkeyPatch, tmp_path_factory) -> NotedCalls:
    """Calls of the functions a test names, noted across the processes a build forks (``NotedCalls.note``)."""
    return NotedCalls(tmp_path_factory.mktemp("calls") / "log", monkeypatch)
