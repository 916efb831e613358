"""Event summaries: a little Markdown, rendered and then sanitized, since the data is edited by many hands."""

from __future__ import annotations

import html
import multiprocessing
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

#: CommonMark without raw HTML: editors write emphasis and links, never markup of their own.
_MARKDOWN = MarkdownIt("commonmark", {"html": False})

#: What a summary may contain after rendering; anything else is dropped by nh3.
ALLOWED_TAGS = {"p", "em", "strong", "a", "code", "br", "ul", "ol", "li", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
#: What a Markdown page (content/pages/, rendered by Pelican, raw HTML and all) may contain: a summary's
#: tags, headings below the page's title, tables, rules and preformatted text, and <i> or <b> with ``lang``
#: for a phrase in another language, as the about pages write the article's Azerbaijani title.
PAGE_TAGS = ALLOWED_TAGS | {"h2", "h3", "h4", "h5", "h6", "hr", "pre", "i", "b",
                            "table", "thead", "tbody", "tr", "th", "td"}
PAGE_ATTRIBUTES = {**ALLOWED_ATTRIBUTES, "i": {"lang"}, "b": {"lang"}}


def sanitize(html: str, tags: set[str] = ALLOWED_TAGS, attributes: dict[str, set[str]] = ALLOWED_ATTRIBUTES) -> str:
    """Only the allowed tags and attributes, only http(s) and mailto links, with ``rel="noopener noreferrer"``;
    scripts and styles go with their content."""
    return nh3.clean(html, tags=tags, attributes=attributes, url_schemes=ALLOWED_URL_SCHEMES,
                     link_rel="noopener noreferrer")


def sanitize_page(html: str) -> str:
    return sanitize(html, PAGE_TAGS, PAGE_ATTRIBUTES)


def render(markdown_text: str) -> Markup:
    """Safe HTML for a summary; links to other sites get ``rel="noopener noreferrer"``."""
    return Markup(sanitize(_MARKDOWN.render(markdown_text)).strip())


_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"[ \t\n\r\f\v]+")  # not the no-break spaces typography set


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

    ``known`` carries renderings from an earlier build, filed by ``key(text)`` (output.manifest.summary_key), so an
    unchanged summary is never parsed again; ``rendered`` is what this build rendered or took from ``known`` to
    show, by text, and ``to_keep`` what to keep for the next build.
    """

    def __init__(self, known: Mapping[str, str] | None = None, key: Callable[[str], str] = lambda text: text):
        self._known = known or {}
        self._key = key
        self.rendered: dict[str, str] = {}
        #: The texts the pages may show (``prepare``), with their keys.
        self._texts: dict[str, str] = {}

    def html(self, markdown_text: str) -> Markup:
        cached = self.rendered.get(markdown_text)
        if cached is None:
            cached = self._known.get(self._key(markdown_text)) if self._known else None
            if cached is None:
                cached = str(render(markdown_text))
            self.rendered[markdown_text] = cached
        return Markup(cached)

    def to_keep(self) -> dict[str, str]:
        """What the next build may take, by text: each rendering this build made or showed, and that of each text
        the pages may show (``prepare``) which ``known`` holds, shown or not: a build after an edit keeps most pages
        and shows few summaries, and the next must not render the others again. A text the data no longer has is
        left out, so the file never grows stale."""
        kept = dict(self.rendered)
        if self._known:
            for text, key in self._texts.items():
                if text not in kept and (html := self._known.get(key)) is not None:
                    kept[text] = html
        return kept

    def changed_from(self, known: Mapping[str, str], kept: Mapping[str, str] | None = None) -> bool:
        """Whether what this build would keep (``to_keep``, or ``kept`` when the caller made it already) differs from
        ``known`` (what the last one kept, by key)."""
        kept = self.to_keep() if kept is None else kept
        return len(kept) != len(known) or any((self._texts.get(text) or self._key(text)) not in known
                                              for text in kept)

    def prepare(self, texts: Iterable[str], workers: int) -> None:
        """Render the ``texts`` not known yet now, shared among ``workers`` processes (this one and forked ones)
        when there are many: while the build plans the site, it renders every summary, and would use one core only."""
        self._texts = {text: self._key(text) for text in dict.fromkeys(texts)}
        missing = [text for text, key in self._texts.items() if text not in self.rendered and key not in self._known]
        if workers <= 1 or len(missing) < MIN_PARALLEL_TEXTS or not can_fork():
            return  # each is rendered when first shown
        global _SHARES
        # Inherited by the forked workers, not pickled to them: pickling a text that is not ASCII leaves its UTF-8
        # encoding cached in it for as long as it lives (17 MB at 10,000 events, copied into each page's worker).
        _SHARES = shares = [missing[start::workers] for start in range(workers)]
        try:  # this process renders the first share while workers - 1 forked ones render the others
            with ProcessPoolExecutor(workers - 1, mp_context=multiprocessing.get_context("fork")) as pool:
                others = pool.map(_render_share, range(1, workers))
                self.rendered.update(zip(shares[0], _render_share(0)))
                for share, rendered in zip(shares[1:], others):
                    self.rendered.update(zip(share, rendered))
        finally:
            _SHARES = []

    def excerpt(self, markdown_text: str, limit: int = 160) -> str:
        return shorten(plain_text(self.html(markdown_text)), limit)


#: Fewer texts than this are rendered in the build's own process: forking would cost more than it saves.
MIN_PARALLEL_TEXTS = 200


#: The texts each worker of ``Summaries.prepare`` renders.
_SHARES: list[list[str]] = []


def _render_share(number: int) -> list[str]:
    return [str(render(text)) for text in _SHARES[number]]


def can_fork() -> bool:
    """Forking copies only the calling thread: safe in a single-threaded process (not under ``serve``)."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
