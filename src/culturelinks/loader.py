"""Read the YAML file into position-carrying nodes, refusing what YAML would silently get wrong.

Scalars are kept exactly as the editor wrote them (``no`` stays the text ``no``, ``010`` stays
``010``); the schema decides what each one must be. Nothing is ever constructed from YAML tags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import DataError, Problem

#: Files larger than this are refused before they are read.
MAX_FILE_BYTES = 64 * 1024 * 1024
#: Deeper nesting is refused before libyaml's recursive composer could exhaust the C stack.
MAX_NESTING = 200

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_INDENT_TAB = re.compile(r"^[ ]*\t", re.MULTILINE)
_LONG_LINE = re.compile(rf"[^\n]{{{MAX_NESTING},}}")
_FIX_UTF8 = "save the file with UTF-8 encoding (most editors offer it under 'Save with encoding')"


@dataclass(frozen=True)
class SourceFile:
    """A data file's text and its composed YAML tree."""

    name: str
    text: str
    root: yaml.Node

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()


def problem_at(name: str, mark: yaml.Mark | None, path: str, message: str, hint: str = "") -> Problem:
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return Problem(name, line, column, path, message, hint)


def read_text(path: Path, name: str) -> str:
    """The file's text, or a DataError for a missing, oversized or non-UTF-8 file."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DataError([Problem(name, 1, 1, "", f"cannot read the file: {exc.strerror}")]) from None
    if size > MAX_FILE_BYTES:
        raise DataError([Problem(name, 1, 1, "", f"the file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
                                 "split the data or raise culturelinks.loader.MAX_FILE_BYTES")])
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        column = len(raw[line_start:exc.start].decode("utf-8", errors="replace")) + 1
        byte = raw[exc.start]
        raise DataError([Problem(name, line, column, "", f"the file is not UTF-8: byte 0x{byte:02x} cannot be decoded",
                                 _FIX_UTF8)]) from None


def _tab_problems(text: str, name: str) -> list[Problem]:
    problems = []
    for match in _INDENT_TAB.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        column = match.end() - match.start()
        problems.append(Problem(name, line, column, "", "tab character in the indentation; YAML allows only spaces",
                                "indent with spaces (this file uses 2 per level)"))
    return problems


def _syntax_problem(exc: yaml.MarkedYAMLError, name: str) -> Problem:
    message = f"YAML syntax error: {exc.problem}"
    if exc.context:
        message += f" ({exc.context}"
        if exc.context_mark is not None and exc.problem_mark is not None \
                and exc.context_mark.line != exc.problem_mark.line:
            message += f" at line {exc.context_mark.line + 1}"
        message += ")"
    hint = ""
    if "mapping values are not allowed" in (exc.problem or ""):
        hint = "a value that contains ': ' must be quoted"
    elif "expected <block end>" in (exc.problem or "") or "could not find expected ':'" in (exc.problem or ""):
        hint = "check the indentation of this line against the lines above"
    return problem_at(name, exc.problem_mark or exc.context_mark, "", message, hint)


def _nesting_problem(text: str, name: str) -> Problem | None:
    """Refuse pathological nesting. Cheap when the text cannot be that deep (the usual case)."""
    if text.count("[") + text.count("{") < MAX_NESTING and not _LONG_LINE.search(text):
        return None
    depth = 0
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_NESTING:
                return problem_at(name, event.start_mark, "", f"nesting deeper than {MAX_NESTING} levels")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return None


def alias_problems(text: str, name: str) -> list[Problem]:
    """Where the text uses aliases (``*name``); only called once the tree is known to share nodes."""
    return [problem_at(name, event.start_mark, "", f"alias '*{event.anchor}' is not supported",
                       "write the value out in full; anchors and aliases are refused (they allow 'billion laughs')")
            for event in yaml.parse(text, Loader=_BaseLoader) if isinstance(event, yaml.AliasEvent)]


def compose(text: str, name: str) -> SourceFile:
    """Compose the YAML text into nodes, or raise a DataError naming every problem found."""
    problems = _tab_problems(text, name)
    if problems:
        raise DataError(problems)
    try:
        nesting = _nesting_problem(text, name)
        if nesting:
            raise DataError([nesting])
        root = yaml.compose(text, Loader=_BaseLoader)
    except yaml.MarkedYAMLError as exc:
        raise DataError([_syntax_problem(exc, name)]) from None
    except yaml.YAMLError as exc:
        raise DataError([Problem(name, 1, 1, "", f"YAML error: {exc}")]) from None
    if root is None:
        raise DataError([Problem(name, 1, 1, "", "the file is empty",
                                 "it must be a mapping with the keys types, places, sources and events")])
    return SourceFile(name, text, root)


def load(path: Path, name: str | None = None) -> SourceFile:
    """Read and compose a data file; ``name`` is how messages refer to it (default: the path as given)."""
    name = name or str(path)
    return compose(read_text(path, name), name)
