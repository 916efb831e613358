"""Event summaries: a little Markdown, rendered and then sanitized, since the data is edited by many hands."""

from __future__ import annotations

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


def plain_text(markdown_text: str) -> str:
    """The words of a summary without its markup, for excerpts and meta descriptions."""
    words: list[str] = []
    for block in _MARKDOWN.parse(markdown_text):
        if block.type != "inline" or not block.children:
            continue
        text = "".join(child.content if child.type in ("text", "code_inline") else
                       " " if child.type in ("softbreak", "hardbreak") else ""
                       for child in block.children)
        words.append(text.strip())
    return " ".join(part for part in words if part)


def excerpt(markdown_text: str, limit: int = 160) -> str:
    """The start of a summary, cut at a word boundary with an ellipsis when it is longer than ``limit``."""
    text = plain_text(markdown_text)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.–—")
    return cut + "…"
