"""Typography the data never types: each language's spacing and quotes, set when texts are shown.

Editors type plain text (CONTRIBUTING.md): ordinary spaces, and in English straight quotes. What a
reader sees is set here, in one function, ``typeset``, for every text the site shows from the data
(titles, summaries, names, labels; ``model.Localized.pick``) and for the Markdown pages (``plugin``),
by the language's style (``STYLES``, named by the languages table):

- every style: a no-break space after an initial (``М. И. Рудомино``, ``A. S. Pushkin``) and
  before a dash set between spaces (``центр — единственный``), so neither is left at a line's end;
- Russian: a no-break space between a number and ``г.``, ``гг.``, ``в.``, ``вв.`` (``1995 г.``);
- English: “ ” for straight double quotes, ‘ ’ for single ones, ’ for apostrophes (``Aliyev’s``).

Every rule replaces one character with one, so a text keeps its length and ``typeset_html`` can set
the text of a rendered page across its tags. In Markdown, code spans, link destinations and
autolinks are left as they are, and so is a quote escaped with a backslash (``\\"``).
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

NO_BREAK_SPACE = "\u00a0"

_CAPITAL = "A-ZА-ЯЁƏİÖÜĞŞÇ"
_INITIAL = re.compile(rf"(?<=[{_CAPITAL}]\.)(?<![\w.][{_CAPITAL}]\.) (?=[{_CAPITAL}])")
_BEFORE_DASH = re.compile(r" (?=[—–] )")
_RU_YEAR = re.compile(r"(?<=\d) (?=(?:гг?|вв?)\.)")

#: What Markdown does not show as text: code spans, link destinations (with titles), autolinks.
_MARKDOWN_LITERAL = re.compile(r"`[^`]*`|\]\([^)]*\)|<[a-z][a-z0-9+.-]*:[^>\s]*>", re.I)

#: After these a quote opens; elsewhere it closes (Markdown emphasis marks are looked through).
_OPENS_AFTER = set(" \t\n([{“‘—–-/" + NO_BREAK_SPACE)


def masked(text: str) -> str:
    """``text`` with its Markdown literals blanked out (as NUL), so that no rule (nor ``check``) reaches
    into them."""
    return _MARKDOWN_LITERAL.sub(lambda match: "\0" * len(match.group()), text)


def _english_quotes(text: str, masked: str) -> str:
    if '"' not in text and "'" not in text:
        return text
    out = list(text)
    for index, char in enumerate(text):
        if char not in "\"'" or masked[index] == "\0" or (index and text[index - 1] == "\\"):
            continue
        before = index - 1
        while before >= 0 and text[before] in "*_":
            before -= 1
        opens = before < 0 or text[before] in _OPENS_AFTER
        after = text[index + 1] if index + 1 < len(text) else ""
        if char == '"':
            out[index] = "“" if opens else "”"
        else:  # an apostrophe unless it opens a quotation (not before a digit: ’90s)
            out[index] = "‘" if opens and not after.isdigit() and after not in ("", " ") else "’"
    return "".join(out)


def _no_break(pattern: re.Pattern[str], text: str, masked: str) -> str:
    """Each space ``pattern`` matches, outside Markdown literals, made a no-break space."""
    return pattern.sub(lambda match: NO_BREAK_SPACE if masked[match.start()] != "\0" else match.group(), text)


#: The quotation marks of languages the site knows, besides the straight ones.
TYPOGRAPHIC_QUOTES = "“”‘’«»„"


@dataclass(frozen=True)
class Style:
    """How the texts of a language are typed and set. ``quotes`` are its quotation marks, outer then inner
    (opening and closing each); ``sets_quotes``: editors type straight quotes and the site sets ``quotes``
    (English), else editors type ``quotes`` themselves and a straight quote is a mistake (``check`` says so,
    with ``quotes_hint``); ``no_break``: the spaces made no-break beyond the common ones (after an initial,
    before a spaced dash)."""

    quotes: str = ""
    sets_quotes: bool = False
    quotes_hint: str = ""
    no_break: tuple[re.Pattern[str], ...] = ()
    #: An inner closing quote that other languages open with (Russian “ closes „): only right after its opener.
    closes_only: str = ""


#: The styles the languages table names (``Language.typography``); ``default`` sets only the common spaces.
STYLES: dict[str, Style] = {
    "az": Style("“”‘’", quotes_hint="write “…”; an apostrophe is ’"),
    "ru": Style("«»„“", quotes_hint="write «…», with „…“ inside them; an apostrophe is ’", no_break=(_RU_YEAR,),
                closes_only="“"),
    "en": Style("“”‘’", sets_quotes=True,
                quotes_hint="type straight quotes (\" and '): the site shows them as “ ” ‘ ’ and apostrophes"),
    "default": Style(),
}


def misplaced_quotes(text: str, style: Style) -> list[tuple[int, str]]:
    """The typographic quotes of ``text`` that ``style`` does not use (Russian «…» in Azerbaijani, “…” in Russian),
    with their index; nothing for a style whose quotes the site sets, or that has none of its own."""
    if style.sets_quotes or not style.quotes:
        return []
    own = set(style.quotes) | {"’"}
    found, opened = [], 0
    for index, char in enumerate(text):
        if char not in TYPOGRAPHIC_QUOTES:
            continue
        if char == style.closes_only:
            if opened:
                opened -= 1
                continue
            found.append((index, char))
        elif char not in own:
            found.append((index, char))
        elif style.closes_only and char == style.quotes[2]:  # the inner opener that closes_only closes
            opened += 1
    return found


def style_named(name: str) -> Style:
    """The style ``name`` (a language's ``typography``); ``default`` for a name this code does not know."""
    return STYLES.get(name, STYLES["default"])


@functools.lru_cache(maxsize=1 << 16)
def typeset(text: str, style: str) -> str:
    """``text`` (plain or Markdown) as the typographic ``style`` (``STYLES``) sets it; the same length, one
    character for one.

    Kept for texts met again: every ``Localized.pick`` typesets, and a build picks each title and
    summary for its entry, its page, its neighbours' pages, the feeds and the exports."""
    rules = style_named(style)
    masked_text = masked(text)
    text = _no_break(_INITIAL, text, masked_text)
    text = _no_break(_BEFORE_DASH, text, masked_text)
    for pattern in rules.no_break:
        text = _no_break(pattern, text, masked_text)
    if rules.sets_quotes:
        text = _english_quotes(text, masked_text)
    return text


_TAG = re.compile(r"(<[^>]*>)")
_CODE = re.compile(r"<(/?)(code|pre|script|style)\b", re.I)


def typeset_html(markup: str, style: str) -> str:
    """Rendered HTML with its text typeset as one run, so that a quote before ``<em>`` pairs with one
    after ``</em>``; tags, and the text of ``code``, ``pre``, ``script`` and ``style``, are left alone."""
    parts = _TAG.split(markup)
    texts, literal, depth = [], [], 0
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            match = _CODE.match(part)
            if match:
                depth += -1 if match.group(1) else 1
            continue
        texts.append(html.unescape(part))
        literal.append(depth > 0)
    joined = "".join("\0" * len(text) if is_literal else text for text, is_literal in zip(texts, literal))
    setting = typeset(joined, style)
    out, position, text_index = [], 0, 0
    for index, part in enumerate(parts):
        if index % 2:
            out.append(part)
            continue
        text = texts[text_index]
        typeset_text = setting[position:position + len(text)]
        out.append(part if literal[text_index] or typeset_text == text else html.escape(typeset_text, quote=False))
        position += len(text)
        text_index += 1
    return "".join(out)


_KEPT_SPACE = re.compile("[\u00a0\u202f]")
#: A word (a run of anything but ASCII white space: Pagefind splits words there) that holds a kept space, whole;
#: tried only where a word starts, so that a long word costs its length once.
_TOKEN_WITH_KEPT_SPACE = re.compile(r"(?<![^ \t\n\r\f\v])[^ \t\n\r\f\v]*[\u00a0\u202f][^ \t\n\r\f\v]*")


def kept_together(texts: Iterable[str]) -> list[tuple[str, str]]:
    """The pairs of words of the typeset ``texts`` (split where Pagefind splits them: at any white space) that a
    no-break space joins, each once, in order: ``("М.", "И.")``, ``("центра", "—")``. Search indexes the words
    without their spaces; its excerpts join these again with a no-break space (static/js/search.js)."""
    pairs: dict[tuple[str, str], None] = {}
    for text in texts:
        for token in _TOKEN_WITH_KEPT_SPACE.findall(text):  # the others join no pair
            parts = [part for part in _KEPT_SPACE.split(token) if part]
            pairs.update(dict.fromkeys(zip(parts, parts[1:])))
    return list(pairs)
