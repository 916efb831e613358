"""Calls noted across processes: a build does some of its work beside itself, in a forked process (output.side), so
what a test notes of a call goes into a file, with whether the build's own thread made it."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

import pytest


class NotedCalls:
    """Each call of the functions ``note`` replaced, by its first argument, noted in ``log``."""

    def __init__(self, log: Path, monkeypatch: pytest.MonkeyPatch):
        self.log = log
        self.monkeypatch = monkeypatch
        self.clear()

    def note(self, owner: Any, name: str, done_only: bool = False) -> None:
        """Note each call of ``owner.name``; with ``done_only``, only those that did not raise (a folder made, not
        one that was there already)."""
        original = getattr(owner, name)
        log = self.log

        def noting(first, *args, **kwargs):
            thread = "main" if threading.current_thread() is threading.main_thread() else "other"
            noted = os.fspath(first) if isinstance(first, (str, Path)) else ""
            if done_only:
                result = original(first, *args, **kwargs)
            with open(log, "a", encoding="utf-8") as file:
                file.write(json.dumps([os.getpid(), thread, name, noted]) + "\n")
            return result if done_only else original(first, *args, **kwargs)

        self.monkeypatch.setattr(owner, name, noting)

    def clear(self) -> None:
        self.log.write_text("", encoding="utf-8")

    def made(self, name: str) -> list[tuple[str, bool]]:
        """Each call of ``name``: its first argument, and whether the build's own thread made it (not a process it
        forked, nor another thread)."""
        lines = [json.loads(line) for line in self.log.read_text(encoding="utf-8").splitlines()]
        return [(first, int(pid) == os.getpid() and thread == "main")
                for pid, thread, called, first in lines if called == name]
