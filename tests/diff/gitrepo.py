"""A scratch git repository whose commits hold given datasets, for the tests of git refs."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

#: git without the developer's own configuration (signing, hooks, templates) and with a fixed author.
GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "Editor",
           "GIT_AUTHOR_EMAIL": "editor@example.org", "GIT_COMMITTER_NAME": "Editor",
           "GIT_COMMITTER_EMAIL": "editor@example.org"}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, env={**os.environ, **GIT_ENV}, check=True,
                          capture_output=True, text=True).stdout


@pytest.fixture
def commit(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path, str | None], None]:
    """Commit ``data/events.yaml`` with the given text (None: a commit without it) in the repository at ``repo``."""
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)

    def run(repo: Path, text: str | None) -> None:
        if not (repo / ".git").exists():
            git(repo, "init", "--quiet", "--initial-branch", "main")
        data = repo / "data" / "events.yaml"
        if text is None:
            if data.exists():
                git(repo, "rm", "--quiet", "data/events.yaml")
        else:
            data.parent.mkdir(exist_ok=True)
            data.write_text(text, encoding="utf-8")
            git(repo, "add", "--all")
        git(repo, "commit", "--quiet", "--allow-empty", "-m", "data")

    return run
