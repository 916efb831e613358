"""Check composed YAML against the schema and across records; return every problem at once."""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..errors import Problem, Severity
from ..languages import DEFAULT, Language, Languages
from ..text import typography
from ..text.folding import slug_words
from . import loader
from .dates import PartialDate, parse_date
from .schema import (
    DATASET,
    EVENT,
    Boolean,
    Choice,
    Integer,
    LanguageCode,
    ListOf,
    Localized,
    Number,
    PerLanguage,
    Record,
    Ref,
    Table,
    Text,
    character_name,
    forbidden_characters,
    is_blank,
)

Path = tuple[str | int, ...]
INVALID = object()  # a value that failed its check; the problem has been recorded

_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "value", "map", "seq")}
_NULLS = {"", "~", "null", "Null", "NULL"}
_INTEGER = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_YAML11_BOOLS = {"yes", "no", "on", "off", "y", "n"}
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


@functools.cache
def _html_detector():
    """A CommonMark parser that keeps raw HTML, to find it (made when a text holds a ``<``: rarely)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


# What the house style asks of prose and a machine can see (CONTRIBUTING.md), in every language or by its
# typographic style (text.typography.STYLES): each a pattern, its message and its hint ({language} is the
# language's English name, {found} what was found, {dashed} a range as it should be written).
_QUOTES_SET_BY_THE_SITE = (re.compile(r"[“”‘’]"), "typographic quote ({found}) typed in {language} text")
_STRAIGHT_QUOTES = (re.compile(r"[\"']"), "straight quote ({found}) in {language} text")
_FOREIGN_QUOTE = "quote ({found}) of another language in {language} text"
_RANGE = r"(?<![\w\-–—./])(?:\d+|[IVXLC]+)"
_EVERY_LANGUAGE = [
    (re.compile(r"(?<![\w\-–./])(?:\d+-\d+|[IVXLC]+-[IVXLC]+)(?![\w/]|-\d)"), "hyphen in the range '{found}'",
     "a range takes an en dash: '{dashed}'"),
    (re.compile(_RANGE + r" +[-–] +(?:\d+|[IVXLC]+)(?![\w/])"), "spaced dash in the range '{found}'",
     "a range takes an en dash without spaces: '{dashed}'"),
    (re.compile(_RANGE + r"—(?:\d+|[IVXLC]+)(?![\w/])"), "em dash in the range '{found}'",
     "a range takes an en dash: '{dashed}'"),
    (re.compile(r"\t"), "tab between words", "use one space"),
    (re.compile(r" {2,}"), "{count} spaces in a row", "use one space"),
    (re.compile("[\u00a0\u202f\u2007]"), "no-break space typed",
     "type an ordinary space: the site puts no-break spaces where {language} typography needs them"),
]
_TRIGGER = r"[\dIVXLC] ?[-–—] ?[\dIVXLC]|\t|  |[\u00a0\u202f\u2007]"
#: The characters one of which each of ``_TRIGGER``'s matches holds, but for two spaces (found with ``in``).
_TRIGGER_CHARACTERS = "-–—\t\u00a0\u202f\u2007"
_HOUSE_STYLE = re.compile("|".join(re.sub(r"\\\{\w+\\\}", ".+", re.escape(message)) for message in (
    _QUOTES_SET_BY_THE_SITE[1], _STRAIGHT_QUOTES[1], _FOREIGN_QUOTE,
    *(message for _, message, _ in _EVERY_LANGUAGE))))


@functools.cache
def prose_rules(language: Language) -> tuple[re.Pattern[str], re.Pattern[str],
                                             tuple[tuple[re.Pattern[str], str, str], ...]]:
    """What ``language``'s prose is checked for: the characters one of which anything a rule finds holds (two
    spaces aside), as one character class, searched first (five times faster than the alternatives that follow);
    a pattern that finds anything any rule could (a text without it is not searched rule by rule); and each rule's
    pattern, message and hint."""
    rules = list(_EVERY_LANGUAGE)
    style = typography.style_named(language.typography)
    quotes = ""
    if style.sets_quotes:
        rules.insert(0, (*_QUOTES_SET_BY_THE_SITE, style.quotes_hint))
        quotes = "“”‘’"
    elif style.quotes:
        rules.insert(0, (*_STRAIGHT_QUOTES, style.quotes_hint))
        quotes = "\"'" + typography.TYPOGRAPHIC_QUOTES
    return (re.compile(f"[{re.escape(_TRIGGER_CHARACTERS + quotes)}]"),
            re.compile(_TRIGGER + (f"|[{re.escape(quotes)}]" if quotes else "")), tuple(rules))


def prose_findings(text: str, language: Language) -> list[tuple[int, str, str]]:
    """Where ``text`` (plain or Markdown, outside its code spans and link addresses) breaks the house style of
    ``language``: each finding's index in the text, its message and its hint."""
    characters, trigger, rules = prose_rules(language)
    if not (characters.search(text) or "  " in text) or not trigger.search(text):
        return []
    prose = typography.masked(text)
    found: list[tuple[int, str, str]] = []
    for pattern, message, hint in rules:
        for match in pattern.finditer(prose):
            words = {"found": match.group(), "dashed": re.sub(r" *[-–—] *", "–", match.group()),
                     "count": len(match.group()), "language": language.name}
            found.append((match.start(), message.format(**words), hint.format(**words)))
    style = typography.style_named(language.typography)
    for index, quote in typography.misplaced_quotes(prose, style):
        found.append((index, _FOREIGN_QUOTE.format(found=quote, language=language.name), style.quotes_hint))
    return sorted(found)


def is_house_style(problem: Problem) -> bool:
    """Whether a problem is one of the house style's, which only ``check`` knows: the JSON Schema cannot
    tell Markdown's code and links from prose, so it leaves the house style out."""
    return _HOUSE_STYLE.fullmatch(problem.message) is not None


def format_path(path: Path) -> str:
    """``('events', 12, 'date')`` → ``events[12].date``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _IDENTIFIER.fullmatch(part):
            out += f".{part}" if out else part
        else:
            out += f"[{part!r}]"
    return out


def _is_plain(node: yaml.ScalarNode) -> bool:
    """Unquoted, as written (libyaml says '' and PyYAML says None for the plain style)."""
    return not node.style


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and _is_plain(node) and node.value in _NULLS


def _found(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if _is_null(node):
        return "nothing"
    value = node.value if len(node.value) <= 60 else node.value[:57] + "..."
    return repr(value)


def _emptiness(text: str) -> str:
    """How an empty text is empty: ``an empty text``, or ``only invisible characters (U+200B)``."""
    shown = next((char for char in text if not char.isspace()), None)
    return f"only invisible characters (U+{ord(shown):04X})" if shown else "an empty text"


@dataclass
class Checked:
    """The outcome of validation: plain values (only meaningful without errors) and all problems."""

    data: dict[str, Any] | None
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


@dataclass
class _Walker:
    source: loader.SourceFile
    problems: list[Problem] = field(default_factory=list)
    nodes: dict[Path, yaml.Node] = field(default_factory=dict)
    key_nodes: dict[Path, yaml.Node] = field(default_factory=dict)
    refs: list[tuple[str, str, Path]] = field(default_factory=list)
    #: People and organisations written out in an event (the form before they had tables): table, names, path.
    inline: list[tuple[str, dict[str, str], Path]] = field(default_factory=list)
    visited: set[int] = field(default_factory=set)
    languages: Languages = DEFAULT

    def report(self, node: yaml.Node | None, path: Path, message: str, hint: str = "",
               severity: Severity = Severity.ERROR) -> object:
        mark = node.start_mark if node is not None else None
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return self.report_at(line, column, path, message, hint, severity)

    def report_at(self, line: int, column: int, path: Path, message: str, hint: str = "",
                  severity: Severity = Severity.ERROR) -> object:
        self.problems.append(Problem(self.source.name, line, column, format_path(path), message, hint, severity))
        return INVALID

    def walk(self, schema: Any, node: yaml.Node, path: Path) -> Any:
        if not self._admit(node, path):
            return INVALID
        method = getattr(self, "_" + type(schema).__name__.lower())
        return method(schema, node, path)

    def _admit(self, node: yaml.Node, path: Path) -> bool:
        """Refuse a node met twice (an alias, reported with its anchor) or carrying a YAML tag; remember where it is."""
        if id(node) in self.visited:
            return False
        self.visited.add(id(node))
        self.nodes[path] = node
        if node.tag not in _ALLOWED_TAGS:
            tag = node.tag.replace(_TAG, "!!")
            self.report(node, path, f"YAML tag '{tag}' is not allowed",
                        "write a plain value; culturelinks never constructs objects from tags")
            return False
        return True

    # scalars ---------------------------------------------------------------------------------------

    def _scalar(self, node: yaml.Node, path: Path, expected: str, markdown: bool = False) -> str | object:
        if not isinstance(node, yaml.ScalarNode) or _is_null(node):
            return self.report(node, path, f"expected {expected}, found {_found(node)}")
        if not self._characters_allowed(node, node.value, path, markdown):
            return INVALID
        return node.value

    def _characters_allowed(self, node: yaml.ScalarNode, text: str, path: Path, markdown: bool = False) -> bool:
        """Report each character ``text`` (the node's value or key) may not hold, where the source writes it."""
        forbidden = forbidden_characters(text, markdown)
        for index, char in forbidden:
            line, column = self.source.locate(node, index)
            here = " here" if char == "\n" else ""
            self.report_at(line, column, path, f"{character_name(char)} is not allowed{here}",
                           loader.character_hint(char))
        return not forbidden

    def _text(self, schema: Text, node: yaml.Node, path: Path) -> Any:
        value = self._scalar(node, path, schema.expected)
        if not isinstance(value, str):  # INVALID: the problem is recorded
            return INVALID
        if is_blank(value):
            return self.report(node, path, f"expected {schema.expected}, found {_emptiness(value)}")
        if schema.is_date:
            try:
                parse_date(value)
            except ValueError as exc:
                return self.report(node, path, str(exc))
        elif schema.pattern and not re.fullmatch(schema.pattern, value):
            return self.report(node, path, f"expected {schema.expected}, found {_found(node)}")
        if schema.max_length and len(value) > schema.max_length:
            return self.report(node, path, f"too long: {len(value)} characters, at most {schema.max_length}")
        return value

    def _ref(self, schema: Ref, node: yaml.Node, path: Path) -> Any:
        if isinstance(node, yaml.MappingNode) and schema.table in ENTITY_TABLES:
            names = {key.value: value.value for key, value in node.value
                     if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode)}
            self.nodes[path] = node
            self.inline.append((schema.table, names, path))
            return INVALID  # reported by _cross_check, which knows the tables and so the id to write
        value = self._text(Text(schema.description, expected=f"a key of {schema.table}"), node, path)
        if value is not INVALID:
            self.refs.append((schema.table, value, path))
        return value

    def _plain(self, node: yaml.Node, path: Path, expected: str, pattern: re.Pattern[str]) -> str | object:
        value = self._scalar(node, path, expected)
        if not isinstance(value, str):  # INVALID: the problem is recorded
            return INVALID
        if not _is_plain(node) or not pattern.fullmatch(value):
            quoted = " (remove the quotes)" if not _is_plain(node) and pattern.fullmatch(value) else ""
            return self.report(node, path, f"expected {expected}, found {_found(node)}{quoted}")
        return value

    def _integer(self, schema: Integer, node: yaml.Node, path: Path) -> Any:
        expected = f"a whole number from {schema.minimum} to {schema.maximum}"
        value = self._plain(node, path, expected, _INTEGER)
        if not isinstance(value, str):  # INVALID: the problem is recorded
            return INVALID
        if re.match(r"[-+]?0[0-9]", value):
            return self.report(node, path, f"expected {expected}, found {value!r}",
                               "leading zeros are refused: YAML 1.1 reads them as octal")
        widest = max(len(str(abs(schema.minimum))), len(str(abs(schema.maximum))))
        number = int(value) if len(value.lstrip("+-")) <= widest else None  # never parse thousands of digits
        if number is None or not schema.minimum <= number <= schema.maximum:
            return self.report(node, path, f"expected {expected}, found {_found(node)}")
        return number

    def _number(self, schema: Number, node: yaml.Node, path: Path) -> Any:
        expected = f"a number from {schema.minimum:g} to {schema.maximum:g}"
        value = self._plain(node, path, expected, _NUMBER)
        if not isinstance(value, str):  # INVALID: the problem is recorded
            return INVALID
        number = float(value)  # a huge value is inf, out of range
        if not schema.minimum <= number <= schema.maximum:
            return self.report(node, path, f"expected {expected}, found {_found(node)}")
        return number

    def _boolean(self, schema: Boolean, node: yaml.Node, path: Path) -> Any:
        value = self._scalar(node, path, "true or false")
        if not isinstance(value, str):  # INVALID: the problem is recorded
            return INVALID
        if _is_plain(node) and value in ("true", "false"):
            return value == "true"
        hint = "YAML 1.1 reads yes/no/on/off as booleans; write true or false" \
            if value.lower() in _YAML11_BOOLS else ""
        return self.report(node, path, f"expected true or false, found {_found(node)}", hint)

    # collections -----------------------------------------------------------------------------------

    def _items(self, node: yaml.Node, path: Path, expected: str) -> list[tuple[str, yaml.Node, yaml.Node]] | None:
        """A mapping's (key, key node, value node), reporting duplicate and non-text keys."""
        if not isinstance(node, yaml.MappingNode):
            self.report(node, path, f"expected {expected}, found {_found(node)}")
            return None
        items: list[tuple[str, yaml.Node, yaml.Node]] = []
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _ALLOWED_TAGS:
                self.report(key_node, path, "keys must be plain text")
                continue
            key = key_node.value
            if not self._characters_allowed(key_node, key, path):
                continue
            if key in first_line:
                self.report(key_node, path + (key,), f"duplicate key '{key}' (first at line {first_line[key]})",
                            "YAML would silently keep only the last one; remove or rename one of them")
                continue
            first_line[key] = key_node.start_mark.line + 1
            items.append((key, key_node, value_node))
        return items

    def _record(self, schema: Record, node: yaml.Node, path: Path) -> Any:
        items = self._items(node, path, f"a mapping ({schema.description.rstrip('.').lower()})")
        if items is None:
            return INVALID
        names = [f.name for f in schema.fields]
        value: dict[str, Any] = {}
        for key, key_node, value_node in items:
            spec = schema.field_named(key)
            if spec is None:
                close = difflib.get_close_matches(key, names, n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"allowed fields: {', '.join(names)}"
                self.report(key_node, path + (key,), f"unknown field '{key}'", hint)
                continue
            value[key] = self.walk(spec.schema, value_node, path + (key,))
        for spec in schema.fields:
            if spec.required and spec.name not in value:
                self.report(node, path, f"missing required field '{spec.name}'")
        return value

    def _table(self, schema: Table, node: yaml.Node, path: Path) -> Any:
        items = self._items(node, path, "a mapping from keys to entries")
        if items is None:
            return INVALID
        table = {}
        for key, key_node, value_node in items:
            if not re.fullmatch(schema.key.pattern or "", key) or len(key) > (schema.key.max_length or len(key)):
                self.report(key_node, path + (key,), f"expected {schema.key.expected}, found {key!r}")
                continue
            self.key_nodes[path + (key,)] = key_node
            table[key] = self.walk(schema.value, value_node, path + (key,))
        return table

    def _listof(self, schema: ListOf, node: yaml.Node, path: Path) -> Any:
        if not isinstance(node, yaml.SequenceNode):
            return self.report(node, path, f"expected a list, found {_found(node)}",
                               "write one '- item' per line, or [a, b]")
        items = [self.walk(schema.item, child, path + (i,)) for i, child in enumerate(node.value)]
        if len(items) < schema.min_items:
            self.report(node, path, f"expected at least {schema.min_items} item{'s' * (schema.min_items > 1)}, "
                                    "found none")
        if schema.unique:
            seen: set[str] = set()
            for i, item in enumerate(items):
                if isinstance(item, str):
                    if item in seen:
                        self.report(node.value[i], path + (i,), f"'{item}' is listed twice")
                    seen.add(item)
        return items

    def _language_expected(self) -> str:
        """``az, ru or en``: the site's language codes, as a message lists them."""
        codes = self.languages.codes
        return ", ".join(codes[:-1]) + f" or {codes[-1]}" if len(codes) > 1 else codes[0]

    def _unknown_language(self, code: str, key_node: yaml.Node, path: Path) -> None:
        close = difflib.get_close_matches(code, self.languages.codes, n=1)
        self.report(key_node, path + (code,), f"unknown language '{code}'; expected {self._language_expected()}",
                    f"did you mean '{close[0]}'?" if close else "")

    def _languagecode(self, schema: LanguageCode, node: yaml.Node, path: Path) -> Any:
        value = self._scalar(node, path, self._language_expected())
        if isinstance(value, str) and value not in self.languages:
            return self.report(node, path, f"expected {self._language_expected()}, found {_found(node)}")
        return value

    def _perlanguage(self, schema: PerLanguage, node: yaml.Node, path: Path) -> Any:
        items = self._items(node, path, f"a mapping of languages ({', '.join(self.languages.codes)})")
        if items is None:
            return INVALID
        values = {}
        for code, key_node, value_node in items:
            if code not in self.languages:
                self._unknown_language(code, key_node, path)
                continue
            values[code] = self.walk(schema.item, value_node, path + (code,))
        return values

    def _localized(self, schema: Localized, node: yaml.Node, path: Path) -> Any:
        codes = self.languages.codes
        items = self._items(node, path, f"a mapping of languages ({', '.join(codes)})")
        if items is None:
            return INVALID
        texts: dict[str, str] = {}
        for lang, key_node, value_node in items:
            if lang not in self.languages:
                self._unknown_language(lang, key_node, path)
                continue
            if not self._admit(value_node, path + (lang,)):
                continue
            text = self._scalar(value_node, path + (lang,), "text", schema.markdown)
            if not isinstance(text, str):  # INVALID: the problem is recorded
                continue
            if is_blank(text):
                emptiness = _emptiness(text)
                detail = f": {emptiness}" if emptiness.startswith("only") else ""
                self.report(value_node, path + (lang,), f"empty {lang} text{detail}",
                            "write the text, or remove the key if the translation is still to do")
                continue
            if schema.max_length and len(text) > schema.max_length:
                self.report(value_node, path + (lang,), f"too long: {len(text)} characters, "
                                                        f"at most {schema.max_length}")
                continue
            texts[lang] = text
            self._check_prose(text, self.languages[lang], value_node, path + (lang,))
            if schema.markdown:
                self._check_markdown(text, value_node, path + (lang,))
        named = {lang for lang, _, _ in items}
        missing = [language for language in self.languages if language.code not in named]
        if len(missing) == len(codes):
            every = ", ".join(codes[:-1]) + f" and {codes[-1]}" if len(codes) > 1 else codes[0]
            return self.report(node, path, f"no text in any language; expected {every}")
        for language in [] if schema.partial else missing:
            required = schema.every_language and language.required
            self.report(node, path, f"missing the {language.code} translation",
                        "" if required else "the site shows another language with a note until it is added",
                        Severity.ERROR if required else Severity.WARNING)
        return texts

    def _check_prose(self, text: str, language: Language, node: yaml.ScalarNode, path: Path) -> None:
        """The house style's quotes, dashes and spaces (``prose_findings``), outside Markdown's code and links."""
        for index, message, hint in prose_findings(text, language):
            line, column = self.source.locate(node, index)
            self.problems.append(Problem(self.source.name, line, column, format_path(path), message, hint))

    def _check_markdown(self, text: str, node: yaml.ScalarNode, path: Path) -> None:
        """Refuse raw HTML: summaries are Markdown only, so every page stays valid and safe."""
        if "<" not in text:
            return
        line_offsets = [0]
        for text_line in text.split("\n"):
            line_offsets.append(line_offsets[-1] + len(text_line) + 1)
        for token in _html_detector().parse(text):
            children = token.children or []
            if token.type != "html_block" and not any(c.type == "html_inline" for c in children):
                continue
            html = token.content if token.type == "html_block" else next(
                c.content for c in children if c.type == "html_inline")
            block_start = line_offsets[token.map[0]] if token.map else 0
            index = text.find(html.strip(), block_start)
            line, column = self.source.locate(node, index if index >= 0 else block_start)
            self.report_at(line, column, path, f"raw HTML is not allowed in Markdown, found {html.strip()[:40]!r}",
                           "use Markdown: *emphasis*, **strong**, [link](https://…); write &lt; for a literal '<'")

    def _choice(self, schema: Choice, node: yaml.Node, path: Path) -> Any:
        if isinstance(node, yaml.MappingNode):
            keys = [key.value for key, _ in node.value if isinstance(key, yaml.ScalarNode)]
            owners: dict[int, tuple[str, Record]] = {}  # the first key of each form the mapping uses
            for key in keys:
                form = next((record for record in schema.mappings if record.field_named(key)), None)
                if form is not None:
                    owners.setdefault(id(form), (key, form))
            if len(owners) > 1:
                first, second = list(owners.values())[:2]
                return self.report(node, path, f"mixes the keys of two forms of date ('{first[0]}' and "
                                               f"'{second[0]}')", schema.mixed_hint)
            form = next(iter(owners.values()))[1] if owners else schema.mappings[0]
            return self._record(form, node, path)
        if isinstance(node, yaml.ScalarNode):
            return self._text(schema.scalar, node, path)
        return self.report(node, path, f"expected {schema.expected}, found {_found(node)}")


def _check_order(walker: _Walker, date: dict[str, Any], path: Path) -> None:
    """A period's end, or an unknown day's latest bound, cannot come before the start or the earliest; a period
    cannot start and end on the same date, nor bounds leave only the days of one date (``{earliest: "2020-05-31",
    latest: "2020-05"}`` is 2020-05-31, ``{earliest: "2020", latest: "2020"}`` is 2020)."""
    for first, last, wrong_order in [
        ("start", "end", "the period ends ({end}) before it starts ({start})"),
        ("earliest", "latest", "the bounds are in the wrong order: latest ({end}) is before earliest ({start})"),
    ]:
        if not (isinstance(date.get(first), str) and isinstance(date.get(last), str)):
            continue
        start, end = parse_date(date[first]), parse_date(date[last])
        node = walker.nodes.get(path + (last,))
        if end.last_day < start.first_day:
            walker.report(node, path + (last,), wrong_order.format(start=date[first], end=date[last]))
        elif first == "start" and end == start:
            walker.report(node, path + (last,), f"the period starts and ends on {date[last]}",
                          "write it as a single date")
        elif first == "earliest" and (only := one_date_between(start, end)) is not None:
            walker.report(node, path + (last,), f"earliest and latest leave only {only.iso()}",
                          f'write it as a single date: date: "{only.iso()}"')


def one_date_between(earliest: PartialDate, latest: PartialDate) -> PartialDate | None:
    """The date (a day, a month or a year) whose days are exactly those from ``earliest`` to ``latest``, if any."""
    first, last = earliest.first_day, latest.last_day
    for candidate in (PartialDate(first.year, first.month, first.day), PartialDate(first.year, first.month),
                      PartialDate(first.year)):
        if candidate.first_day == first and candidate.last_day == last:
            return candidate
    return None


def _check_dates(walker: _Walker, events: list[Any], first: int) -> None:
    """``_check_order`` for each of ``events`` (``events[first:]`` of the file) whose date is a mapping."""
    for number, event in enumerate(events, start=first):
        if isinstance(event, dict) and isinstance(event.get("date"), dict):
            _check_order(walker, event["date"], ("events", number, "date"))


#: The tables events refer to, and what one entry of each is called.
SINGULAR = {"types": "type", "places": "place", "sources": "source", "people": "person",
            "organisations": "organisation"}
#: The tables of people and organisations: named in events by id, each with its page.
ENTITY_TABLES = ("people", "organisations")


def _records(data: dict[str, Any], table: str) -> dict[str, Any]:
    """The entries of ``table`` as validated: none when the table is missing or is not a mapping."""
    records = data.get(table)
    return records if isinstance(records, dict) else {}


def _report_inline(walker: _Walker, data: dict[str, Any]) -> None:
    """An entity written out in an event, as before the tables: the id to write instead (the record whose name
    it is, or a new one to declare)."""
    for table, names, path in walker.inline:
        found = next((key for key, record in _records(data, table).items() if isinstance(record, dict)
                      and isinstance(record.get("name"), dict)
                      and any(record["name"].get(lang) == name for lang, name in names.items())), None)
        shown = names.get(walker.languages.common.code) or next(iter(names.values()), "")
        if found is not None:
            walker.report(walker.nodes.get(path), path, f"{SINGULAR[table]} written out ('{shown}'): "
                          f"{table} are named by id", f"write its id: {found}")
        else:
            proposed = slug_words(names.get("en") or shown)[:80].rstrip("-") or "name"
            walker.report(walker.nodes.get(path), path, f"{SINGULAR[table]} written out ('{shown}'): "
                          f"{table} are named by id",
                          f"declare it under '{table}' (e.g. {proposed}: {{name: {{...}}}}) and write its id here")


def _entity_names(walker: _Walker, data: dict[str, Any]) -> None:
    """Two entities of a table with the same name in a language: most likely one entity recorded twice."""
    for table in ENTITY_TABLES:
        first: dict[tuple[str, str], str] = {}
        for key, record in _records(data, table).items():
            names = record.get("name") if isinstance(record, dict) else None
            if not isinstance(names, dict):
                continue
            for lang, name in names.items():
                other = first.setdefault((lang, name.casefold()), key)
                if other != key:
                    walker.report(walker.key_nodes.get((table, key)), (table, key),
                                  f"{SINGULAR[table]} '{key}' has the same {lang} name as '{other}' ('{name}')",
                                  "if they are one, keep one record and refer to its id; if two, tell them apart "
                                  "in the name", Severity.WARNING)
                    break


_LETTER = r"[^\W\d_]"


def alias_findings(summary: str, names: Sequence[str], aliases: Sequence[str]) -> list[tuple[int, str]]:
    """Where ``summary`` writes one of ``aliases`` as a word of its own, outside the entity's ``names``
    (an alias inside the name itself, "(ITAR-TASS)" after the full name, is the name): (index, alias)."""
    inside = [(m.start(), m.end()) for name in names for m in re.finditer(re.escape(name), summary)]
    found = []
    for alias in aliases:
        for m in re.finditer(rf"(?<!{_LETTER}){re.escape(alias)}(?!{_LETTER})", summary):
            if not any(start <= m.start() and m.end() <= end for start, end in inside):
                found.append((m.start(), alias))
    return sorted(found)


def _check_aliases(walker: _Walker, tables: dict[str, Any], events: list[Any], first: int) -> None:
    """A summary that writes an alias of an entity its event names, instead of the entity's name in that
    language (a warning: ``check --strict`` fails on it)."""
    for number, event in enumerate(events, start=first):
        if not isinstance(event, dict) or not isinstance(event.get("summary"), dict):
            continue
        for table in ENTITY_TABLES:
            records = _records(tables, table)
            keys = event.get(table)
            for key in keys if isinstance(keys, list) else ():
                record = records.get(key) if isinstance(key, str) else None
                if not isinstance(record, dict) or not isinstance(record.get("aliases"), dict) \
                        or not isinstance(record.get("name"), dict):
                    continue
                for lang, summary in event["summary"].items():
                    aliases = record["aliases"].get(lang)
                    name = record["name"].get(lang)
                    if not isinstance(aliases, list) or not isinstance(summary, str) or not isinstance(name, str):
                        continue
                    node = walker.nodes.get(("events", number, "summary", lang))
                    for index, alias in alias_findings(summary, [name], [a for a in aliases if isinstance(a, str)]):
                        line, column = walker.source.locate(node, index) if isinstance(node, yaml.ScalarNode) \
                            else (1, 1)
                        walker.report_at(line, column, ("events", number, "summary", lang),
                                         f"the {SINGULAR[table]} '{key}' is written '{alias}', one of its aliases",
                                         f"write its {lang} name: '{name}'", Severity.WARNING)


def _cross_check(walker: _Walker, data: dict[str, Any]) -> None:
    """What no single field can know: unique ids, known references, ranges in order, unused entries."""
    events = data.get("events")
    if not isinstance(events, list):
        return
    first_use: dict[str, int] = {}
    for index, event in enumerate(events):
        if not isinstance(event, dict):
            continue
        event_id = event.get("id")
        if isinstance(event_id, str):
            if event_id in first_use:
                node = walker.nodes.get(("events", index, "id"))
                other = first_use[event_id]
                line = walker.nodes[("events", other, "id")].start_mark.line + 1
                walker.report(node, ("events", index, "id"), f"duplicate id '{event_id}' "
                              f"(also events[{other}] at line {line})", "ids are permalinks: each must be unique")
            else:
                first_use[event_id] = index
    _check_dates(walker, events, 0)
    for table, fields in (("people", ("born", "died")), ("organisations", ("founded",))):
        for key, record in _records(data, table).items():
            for name in fields:
                if isinstance(record, dict) and isinstance(record.get(name), dict):
                    _check_order(walker, record[name], (table, key, name))
    _report_inline(walker, data)
    _entity_names(walker, data)
    used: dict[str, set[str]] = {table: set() for table in SINGULAR if isinstance(data.get(table), dict)}
    for table, key, path in walker.refs:
        if not isinstance(data.get(table), dict) and table not in ENTITY_TABLES:
            continue  # a required table that failed validation: its problem is reported
        known = _records(data, table)
        if path[0] == "events":
            used.setdefault(table, set()).add(key)
        if key not in known:
            close = difflib.get_close_matches(key, list(known), n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"declare it under '{table}' first"
            walker.report(walker.nodes.get(path), path, f"unknown {SINGULAR[table]} '{key}'", hint)
    _check_aliases(walker, data, events, 0)
    if any(p.is_error for p in walker.problems):
        return  # what is used cannot be known while references are broken
    for table, keys in used.items():
        for key in _records(data, table):
            if key not in keys:
                walker.report(walker.key_nodes[(table, key)], (table, key),
                              f"{SINGULAR[table]} '{key}' is declared but no event uses it", "",
                              Severity.WARNING)


def check_events(source: loader.SourceFile, nodes: list[yaml.Node], first: int, languages: Languages = DEFAULT,
                 tables: dict[str, Any] | None = None) -> tuple[list[Any], list[Problem]]:
    """Validate the event ``nodes``, which are ``events[first:]`` of ``source`` (serve.quick re-reads only the
    edited events): their values and problems, bar those only the whole file can tell (unique ids,
    known references, declared entries unused); with ``tables`` (the validated data the events are part of),
    an entity written out or named by an alias too."""
    walker = _Walker(source, languages=languages)
    values = [walker.walk(EVENT, node, ("events", first + number)) for number, node in enumerate(nodes)]
    _check_dates(walker, values, first)
    if tables is not None:
        _report_inline(walker, tables)
        _check_aliases(walker, tables, values, first)
    return values, walker.problems


def check_source(source: loader.SourceFile, languages: Languages = DEFAULT) -> Checked:
    """Validate a composed file for a site in ``languages``; the data is returned for building the model when
    there are no errors."""
    walker = _Walker(source, languages=languages)
    data = walker.walk(DATASET, source.root, ())
    walker.problems.extend(loader.anchor_problems(source.text, source.name))
    if isinstance(data, dict):
        _cross_check(walker, data)
    problems = sorted(walker.problems, key=lambda p: (p.line, p.column, p.path, p.message))
    return Checked(data if isinstance(data, dict) else None, problems)
