"""Progress of long builds: a live bar on a terminal (rich), short plain lines in CI and in logs."""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn


class Silent:
    """Reports nothing: the default, and what forked workers use."""

    def start(self, phase: str, total: int | None = None) -> None:
        pass

    def advance(self, amount: int = 1) -> None:
        pass

    def finish(self) -> None:
        pass


class PlainLines(Silent):
    """One line when a phase starts and one when it ends: readable in CI logs, no control characters."""

    def __init__(self, stream: TextIO):
        self.stream = stream
        self.phase: str | None = None
        self.started = 0.0

    def start(self, phase: str, total: int | None = None) -> None:
        self.finish()
        self.phase, self.started = phase, time.perf_counter()
        self.stream.write(f"culturelinks: {phase}\n")
        self.stream.flush()

    def finish(self) -> None:
        if self.phase is not None:
            self.stream.write(f"culturelinks: {self.phase}: done in {time.perf_counter() - self.started:.1f} s\n")
            self.stream.flush()
            self.phase = None


class LiveBar(Silent):
    """A rich progress bar per phase on an interactive terminal."""

    def __init__(self, stream: TextIO):
        # No refresh thread: rendering forks workers only from a single-threaded process.
        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            console=Console(file=stream), transient=False, auto_refresh=False)
        self.task: TaskID | None = None
        self.refreshed = 0.0

    def start(self, phase: str, total: int | None = None) -> None:
        self.finish()
        self.bar.start()
        self.task = self.bar.add_task(phase, total=total)

    def advance(self, amount: int = 1) -> None:
        if self.task is not None and amount:
            self.bar.advance(self.task, amount)
            if time.perf_counter() - self.refreshed > 0.1:
                self.bar.refresh()
                self.refreshed = time.perf_counter()

    def finish(self) -> None:
        if self.task is not None:
            task = self.bar.tasks[-1]
            if task.total is not None:
                self.bar.update(self.task, completed=task.total)
            self.bar.refresh()
            self.bar.stop()
            self.task = None


def for_stream(stream: TextIO = sys.stderr) -> Silent:
    """A bar on a terminal; plain lines in CI (CI=true) or when the output is a file or a pipe."""
    if os.environ.get("CI") == "true" or not stream.isatty():
        return PlainLines(stream)
    return LiveBar(stream)
