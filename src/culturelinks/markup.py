"""Event summaries: a little Markdown, rendered and then sanitized, since the data is edited by many hands."""

from __future__ import annotations

import html
import re

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

#: CommonMark without raw HTML: editors write emphasis and links, never markup of their own.
_MARKDOWN = MarkdownIt("commonmark", {"html": False})

#: What a summary may contain after rendering; anything else is dropped by nh3.
ALLOWED_TAGS = {"p", "em", "strong", "a", "code", "br", "ul", "ol", "li", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def render(markdown_text: str) -> Markup:
    """Safe HTML for a summary; links to other sites get ``rel="noopener noreferrer"``."""
    html = _MARKDOWN.render(markdown_text)
    cleaned = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                        url_schemes=ALLOWED_URL_SCHEMES, link_rel="noopener noreferrer")
    return Markup(cleaned.strip())


_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def plain_text(rendered: str) -> str:
    """The words of rendered summary HTML (ours: well-formed, ``<`` in text escaped), without markup."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub("", rendered))).strip()


def shorten(text: str, limit: int = 160) -> str:
    """The start of a text, cut at a word boundary with an ellipsis when it is longer than ``limit``."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.–—")
    return cut + "…"


class Summaries:
    """Each distinct summary text rendered once, however many pages show it.

    ``known`` carries renderings from an earlier build (keyed by the Markdown text itself), so an
    unchanged summary is never parsed again; ``rendered`` is what to keep for the next build.
    """

    def __init__(self, known: dict[str, str] | None = None):
        self._known = known or {}
        self.rendered: dict[str, str] = {}

    def html(self, markdown_text: str) -> Markup:
        cached = self.rendered.get(markdown_text)
        if cached is None:
            cached = self._known.get(markdown_text)
            if cached is None:
                cached = str(render(markdown_text))
            self.rendered[markdown_text] = cached
        return Markup(cached)

    def excerpt(self, markdown_text: str, limit: int = 160) -> str:
        return shorten(plain_text(self.html(markdown_text)), limit)

