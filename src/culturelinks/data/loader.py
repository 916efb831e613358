"""Read the YAML file into position-carrying nodes, refusing what YAML would silently get wrong.

Scalars are kept exactly as the editor wrote them (``no`` stays the text ``no``, ``010`` stays
``010``); the schema decides what each one must be. Nothing is ever constructed from YAML tags.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import LINE_BREAK, DataError, Problem, split_lines
from .schema import character_kind, character_name

#: Files larger than this are refused before they are read: room for about 80,000 events written as the
#: benchmark's are (30,000 take 92 MB, issue 26), a third of a gigabyte to parse at most.
MAX_FILE_BYTES = 256 * 1024 * 1024
#: Deeper nesting is refused before libyaml's recursive composer could exhaust the C stack.
MAX_NESTING = 200

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_INDENT_TAB = re.compile(r"^[ ]*\t", re.MULTILINE)
_LONG_LINE = re.compile(rf"[^\n]{{{MAX_NESTING},}}")
_BRACKETS = re.compile(r"[\[\]{}]")
_FIX_UTF8 = "save the file with UTF-8 encoding (most editors offer it under 'Save with encoding')"
#: What YAML refuses to read at all (it is not "printable" in YAML 1.1's sense).
_UNREADABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
#: An anchor's ``&`` and the first character of its name; it starts a node after white space, a flow
#: indicator or nothing.
_ANCHOR = re.compile(r"&[^\s\[\]{},]")
_BEFORE_ANCHOR = frozenset(" \t\r\n\x85\u2028\u2029[{,")
#: A double-quoted scalar's escapes (``\x07``, ``\u00e9``, ``\n``, an escaped line break...), or one character.
_DOUBLE_QUOTED = re.compile(r"\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|\r\n|.)|.", re.DOTALL)
_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
            "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0", "L": "\u2028",
            "P": "\u2029"}
_HINTS = {"line break": "only Markdown texts (summaries, notes) may span lines; a block scalar (|) keeps its last "
                        "line break: write the value on the key's line, or use |-",
          "noncharacter": "delete it: Unicode reserves it and it is never text (often the trace of a broken copy)",
          "byte order mark": "delete it: it marks the start of a file, and inside a text is the trace of files or "
                             "copies joined; to keep two words on one line, use U+2060 WORD JOINER"}
_CONTROL_HINT = "delete it: it is invisible in most editors, and the feeds (XML) cannot carry it"


def character_hint(char: str) -> str:
    """What to do about a character no text may hold."""
    return _HINTS.get(character_kind(char), _CONTROL_HINT)


@dataclass(frozen=True)
class SourceFile:
    """A data file's text and its composed YAML tree."""

    name: str
    text: str
    root: yaml.Node

    @functools.cached_property
    def lines(self) -> list[str]:
        return split_lines(self.text)

    @functools.cached_property
    def line_starts(self) -> list[int]:
        return _starts_of_lines(self.text)

    def name_only(self) -> SourceFile:
        """The same file's name without its text or composed tree (an empty text and mapping in their places), for
        a build that has validated the data and will not locate anything in it again: at 10,000 events the tree is
        180 MB, the text 45 MB."""
        return dataclasses.replace(self, text="", root=yaml.MappingNode("tag:yaml.org,2002:map", []))

    def position(self, index: int) -> tuple[int, int]:
        """The 1-based line and column of the character at ``index`` of the text."""
        return _position(self.line_starts, index)

    def locate(self, node: yaml.ScalarNode, value_index: int) -> tuple[int, int]:
        """The line and column where the scalar's source writes the character at ``value_index`` of its value
        (an escape such as ``\\x07`` at its backslash), following folding and quoting; the scalar's own
        start when the character cannot be told apart."""
        return self.position(_source_index(self.text, node, value_index))


def _starts_of_lines(text: str) -> list[int]:
    return [0, *(match.end() for match in LINE_BREAK.finditer(text))]


def _position(starts: list[int], index: int) -> tuple[int, int]:
    line = bisect.bisect_right(starts, index)
    return line, index - starts[line - 1] + 1


def _spelled(text: str, node: yaml.ScalarNode) -> list[tuple[str, int]]:
    """Each character the scalar's source writes, with its index in the text; an escape decoded, at its backslash."""
    start, end = node.start_mark.index, node.end_mark.index
    if node.style in ("|", ">"):  # skip the header (|-, >2...): the text starts on the next line
        header = LINE_BREAK.search(text, start, end)
        start = header.end() if header else end
    if node.style != '"':
        return [(text[index], index) for index in range(start, end)]
    spelled = []
    for match in _DOUBLE_QUOTED.finditer(text, start, end):
        token = match.group()
        if len(token) > 2 and token[1] in "xuU":
            hex_digits = token[2:]
            spelled.append((chr(int(hex_digits, 16)), match.start()))
        elif token.startswith("\\") and len(token) > 1:
            if token[1] in _ESCAPES:
                spelled.append((_ESCAPES[token[1]], match.start()))
        else:
            spelled.append((token, match.start()))
    return spelled


def _source_index(text: str, node: yaml.ScalarNode, value_index: int) -> int:
    """Align the value with what the source spells, character by character, skipping what it does not
    keep (quotes, indentation, folded line breaks)."""
    where: dict[str, list[int]] = {}
    for char, index in _spelled(text, node):
        where.setdefault(char, []).append(index)
    cursor, found = node.start_mark.index, None
    for char in node.value[:value_index + 1]:
        indexes = where.get(char, [])
        at = bisect.bisect_left(indexes, cursor)
        found = indexes[at] if at < len(indexes) else None
        if found is not None:
            cursor = found + 1
    return found if found is not None else node.start_mark.index


def problem_at(name: str, mark: yaml.Mark | None, path: str, message: str, hint: str = "") -> Problem:
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return Problem(name, line, column, path, message, hint)


def read_text(path: Path, name: str) -> str:
    """The file's text, or a DataError for a missing, oversized or non-UTF-8 file."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DataError([Problem(name, 0, 0, "", f"cannot read the file: {exc.strerror}",
                                 "run culturelinks from the project root, or give --data (or CULTURELINKS_DATA in "
                                 "pelicanconf.py)")]) from None
    if size > MAX_FILE_BYTES:
        raise DataError([Problem(name, 1, 1, "", f"the file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
                                 "split the data or raise culturelinks.data.loader.MAX_FILE_BYTES")])
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


def _unreadable_problems(text: str, name: str) -> list[Problem]:
    """Every character YAML cannot read, where it is (YAML itself stops at the first, and does not say where)."""
    starts = _starts_of_lines(text) if _UNREADABLE.search(text) else []
    problems = []
    for match in _UNREADABLE.finditer(text):
        line, column = _position(starts, match.start())
        char = match.group()
        problems.append(Problem(name, line, column, "", f"{character_name(char)} is not allowed", character_hint(char)))
    return problems


def _tab_problems(text: str, name: str) -> list[Problem]:
    if "\t" not in text:
        return []
    problems = []
    for match in _INDENT_TAB.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        column = match.end() - match.start()
        problems.append(Problem(name, line, column, "", "tab character in the indentation; YAML allows only spaces",
                                "indent with spaces (this file uses 2 per level)"))
    return problems


_ESCAPE = re.compile(r"\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})")


def _escape_problem(exc: yaml.MarkedYAMLError, text: str, name: str) -> Problem | None:
    """An escape YAML cannot read (``"\\ud800"``, a lone surrogate), named as every refused character is,
    at its backslash."""
    mark = exc.problem_mark
    if mark is None or exc.problem != "found invalid Unicode character escape code":
        return None
    line_text = split_lines(text)[mark.line] if mark.line < len(split_lines(text)) else ""
    for match in _ESCAPE.finditer(line_text):
        if match.start() <= mark.column <= match.end():
            code = int(match.group()[2:], 16)
            if code > 0x10FFFF:
                return Problem(name, mark.line + 1, match.start() + 1, "",
                               f"the escape {match.group()} names no character (the last is U+10FFFF)")
            char = chr(code)
            return Problem(name, mark.line + 1, match.start() + 1, "", f"{character_name(char)} is not allowed",
                           character_hint(char))
    return None


def _syntax_problem(exc: yaml.MarkedYAMLError, name: str, text: str = "") -> Problem:
    escape = _escape_problem(exc, text, name)
    if escape is not None:
        return escape
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


def _may_nest_deeply(text: str) -> bool:
    """Whether the text might nest MAX_NESTING levels deep: a block level takes at least one column of a line's
    indentation or compact ``- ``/``? `` prefix (two levels for two columns at most), a flow level an
    unclosed bracket; counted loosely (brackets in quotes too), so that a ``False`` is certain."""
    if not _LONG_LINE.search(text):
        return False
    depth = deepest = 0
    for bracket in _BRACKETS.findall(text):
        depth = depth + 1 if bracket in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    return _has_structural_prefix(text, MAX_NESTING - 2 - deepest)


def _has_structural_prefix(text: str, length: int) -> bool:
    """Whether a line begins with at least ``length`` characters of indentation and compact prefixes: searched
    after a line break (a literal the search finds at C speed), not at every ``^``."""
    return length <= 0 or re.match(f"[ ?-]{{{length}}}", text) is not None \
        or re.search(f"\n[ ?-]{{{length}}}", text) is not None


def _nesting_problem(text: str, name: str) -> Problem | None:
    """Refuse pathological nesting. Cheap when the text cannot be that deep (the usual case)."""
    if text.count("[") + text.count("{") < MAX_NESTING and not _LONG_LINE.search(text) \
            or not _may_nest_deeply(text):
        return None
    depth = 0
    # PyYAML's own parser: the libyaml of PyYAML 6.0.4 scans ahead and refuses a thousand flow levels before it
    # gives the events that reach MAX_NESTING, so the message would depend on the version installed.
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_NESTING:
                return problem_at(name, event.start_mark, "", f"nesting deeper than {MAX_NESTING} levels")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return None


def anchor_problems(text: str, name: str) -> list[Problem]:
    """Every anchor (``&name``) and alias (``*name``) of the text: the tree must be a tree. Reads the text
    again only when an anchor could be in it."""
    if not any(match.start() == 0 or text[match.start() - 1] in _BEFORE_ANCHOR for match in _ANCHOR.finditer(text)):
        return []
    hint = "write the value out in full; anchors and aliases are refused (they allow 'billion laughs')"
    problems = []
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.AliasEvent):
            problems.append(problem_at(name, event.start_mark, "", f"alias '*{event.anchor}' is not supported", hint))
        elif isinstance(event, yaml.NodeEvent) and event.anchor is not None:
            problems.append(problem_at(name, event.start_mark, "", f"anchor '&{event.anchor}' is not supported", hint))
    return problems


def compose(text: str, name: str) -> SourceFile:
    """Compose the YAML text into nodes, or raise a DataError naming every problem found."""
    problems = _unreadable_problems(text, name) + _tab_problems(text, name)
    if problems:
        raise DataError(problems)
    try:
        nesting = _nesting_problem(text, name)
        if nesting:
            raise DataError([nesting])
        root = yaml.compose(text, Loader=_BaseLoader)
    except yaml.MarkedYAMLError as exc:
        raise DataError([_syntax_problem(exc, name, text)]) from None
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
