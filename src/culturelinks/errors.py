"""The errors a user can act on: problems found in the data, with the three ways of printing them
(text, JSON, GitHub), and the one exception every command failure is (``CulturelinksError``)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from enum import Enum
from pathlib import Path


class CulturelinksError(Exception):
    """A failure the user can act on: the CLI prints ``report()`` and exits with ``exit_code``, never a
    traceback. Every subclass pickles (a rendering worker hands it to the main process)."""

    exit_code = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def report(self) -> str:
        return f"Error: {self.message}\n"


class UsageError(CulturelinksError):
    """What was asked cannot be done as asked (a dangerous output folder, say): exit 2, as click's usage errors."""

    exit_code = 2


def os_error_text(exc: OSError) -> str:
    """An OSError in words: what the system says, and the file when it names one (``No space left on device
    (output/az/index.html)``)."""
    text = exc.strerror or str(exc) or type(exc).__name__
    return f"{text} ({exc.filename})" if exc.filename else text


class BuildError(CulturelinksError):
    """The build failed (a template, the disk, the settings); the previous site is untouched."""

    def report(self) -> str:
        return f"Error: {self.message}; the previous site is untouched\n"


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place in one file, in words an editor can act on.

    ``line`` and ``column`` are 1-based, as editors count them; 0 for a problem of the whole file.
    """

    file: str
    line: int
    column: int
    path: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def headline(self) -> str:
        """The compiler-style first line: ``file:line:col: path: message`` (``file: message`` for a problem of a
        whole file, whose line is 0)."""
        where = f"{self.file}:{self.line}:{self.column}: " if self.line else f"{self.file}: "
        label = "warning: " if self.severity is Severity.WARNING else ""
        subject = f"{self.path}: " if self.path else ""
        return f"{where}{label}{subject}{self.message}"


class DataError(CulturelinksError):
    """The data cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(p.headline() for p in self.problems))

    def __reduce__(self):
        return type(self), (self.problems,)

    def report(self) -> str:
        return format_text(self.problems, source_lines(self.problems))


#: Line breaks as YAML (libyaml) counts them, so the lines problems count agree with its marks.
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def split_lines(text: str) -> list[str]:
    """The text's lines, split where YAML sees line breaks (CR LF, CR, LF, NEL, U+2028, U+2029) and, unlike
    str.splitlines, not at form feeds, vertical tabs or file separators."""
    if not any(char in text for char in "\v\f\x1c\x1d\x1e"):
        return text.splitlines()  # the same lines, faster
    lines = LINE_BREAK.split(text)
    return lines[:-1] if lines[-1] == "" else lines


def source_lines(problems: Iterable[Problem]) -> dict[str, list[str]]:
    """The lines of every file the problems point into, to show each problem's line under it."""
    lines = {}
    for name in sorted({problem.file for problem in problems}):
        path = Path(name)
        try:
            lines[name] = split_lines(path.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            lines[name] = []
    return lines


def errors_in(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]


def summary_line(problems: Sequence[Problem]) -> str:
    errors = len(errors_in(problems))
    warnings = len(problems) - errors
    plural = lambda n, word: f"{n} {word}{'' if n == 1 else 's'}"  # noqa: E731
    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"


#: How a quoted source line shows control characters: C0 and DEL as their Control Pictures (U+2400-U+2421),
#: C1 as U+FFFD, one character for one, so the caret stays in place and the terminal never rings or obeys.
_SHOWN = {code: 0x2400 + code for code in range(0x20)} | {0x7F: 0x2421} | {code: 0xFFFD for code in range(0x80, 0xA0)}


def format_text(problems: Sequence[Problem], source_lines: dict[str, list[str]]) -> str:
    """Each problem's headline, then the offending source line with a caret under the column."""
    blocks = []
    for problem in problems:
        block = [problem.headline()]
        lines = source_lines.get(problem.file, [])
        if 1 <= problem.line <= len(lines):
            text = lines[problem.line - 1].rstrip("\r\n").replace("\t", " ").translate(_SHOWN)
            gutter = f"{problem.line:>5} | "
            block.append(gutter + text)
            block.append(" " * (len(gutter) - 2) + "| " + " " * (problem.column - 1) + "^")
        if problem.hint:
            block.append(f"      = hint: {problem.hint}")
        blocks.append("\n".join(block))
    blocks.append(summary_line(problems))
    return "\n".join(blocks) + "\n"


def format_json(problems: Sequence[Problem]) -> str:
    records = [{**asdict(p), "severity": p.severity.value} for p in problems]
    errors = len(errors_in(problems))
    payload = {"errors": errors, "warnings": len(problems) - errors, "problems": records}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(problems: Sequence[Problem]) -> str:
    """GitHub Actions workflow commands, so problems show as annotations on the changed lines."""
    lines = []
    for p in problems:
        props = f"file={_escape_property(p.file)}" + (f",line={p.line},col={p.column}" if p.line else "")
        if p.path:
            props += f",title={_escape_property(p.path)}"
        message = p.message + (f" (hint: {p.hint})" if p.hint else "")
        lines.append(f"::{p.severity.value} {props}::{_escape_data(message)}")
    lines.append(summary_line(problems))
    return "\n".join(lines) + "\n"
