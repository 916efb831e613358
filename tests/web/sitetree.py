"""A built site read from disk: its pages, the links in them, and where each link leads.

The tests judge links the way a static host does: ``/a/b/`` serves ``a/b/index.html``, ``/a/b`` a file or a
folder's ``index.html``; the site may be mounted under a prefix (``/pr-1``) and nothing outside it exists.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html

ORIGIN = "http://site.test"
"""A stand-in origin: links are resolved against it, and any other host is external."""

URL_ATTRIBUTES = {
    "a": ("href",), "area": ("href",), "link": ("href",),
    "script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"), "iframe": ("src",),
    "video": ("src", "poster"), "audio": ("src",), "track": ("src",), "embed": ("src",), "object": ("data",),
}
NAVIGATION_TAGS = {"a", "area"}
LOADING_LINK_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "mask-icon", "manifest", "preload",
                     "modulepreload", "prefetch", "preconnect", "dns-prefetch"}
MAX_LISTED = 200
CSS_URL = re.compile(r"""url\(\s*(['"]?)(?P<url>[^'")]+?)\1\s*\)|@import\s+(['"])(?P<import>[^'"]+)\3""")


@dataclass(frozen=True)
class Link:
    """One URL written in a page (or a stylesheet), and what it resolves to against the stand-in origin."""

    source: str
    """The URL path of the page or stylesheet that holds it."""
    element: str
    """``tag[attribute]`` for HTML, ``css url()`` for stylesheets: where to look."""
    value: str
    resolved: str
    rel: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    """What the element's ``hreflang`` and ``lang`` say it leads to."""

    @property
    def parts(self):
        return urlsplit(self.resolved)

    @property
    def is_internal(self) -> bool:
        return self.resolved.startswith(ORIGIN + "/") or self.resolved == ORIGIN

    @property
    def is_web(self) -> bool:
        return self.parts.scheme in ("http", "https")

    @property
    def loads_resource(self) -> bool:
        """Whether a browser fetches it while showing the page (as opposed to following it when clicked)."""
        tag = self.element.split("[")[0]
        if tag in NAVIGATION_TAGS:
            return False
        if tag == "link":
            return bool(self.rel & LOADING_LINK_RELS)
        return True

    def describe(self) -> str:
        return f"{self.source}: {self.element}={self.value!r}"


@dataclass(frozen=True)
class Site:
    """A built site on disk, served at ``prefix`` (``""`` for the root, ``"/pr-1"`` for a preview)."""

    root: Path
    prefix: str = ""
    _documents: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def html_files(self) -> list[Path]:
        return sorted(self.root.rglob("*.html"))

    def url_path(self, file: Path) -> str:
        """The URL path a file is served at; a folder's index.html at its folder's URL (as people link to it)."""
        relative = file.relative_to(self.root).as_posix()
        if relative == "index.html" or relative.endswith("/index.html"):
            relative = relative[: -len("index.html")]
        return f"{self.prefix}/{relative}"

    def file_for(self, url_path: str) -> Path | None:
        """The file a static host serves for a URL path, or None (missing, or outside this site's prefix)."""
        if not url_path.startswith(self.prefix + "/"):
            return None
        relative = posixpath.normpath(unquote(url_path[len(self.prefix) + 1:]) or ".")
        if relative == ".." or relative.startswith("../"):
            return None
        target = self.root / relative
        if target.is_dir():
            target = target / "index.html"
        elif url_path.endswith("/"):
            return None
        return target if target.is_file() else None

    def language_of(self, url_path: str) -> str | None:
        """The language folder a URL path is in (``/pr-1/ru/years/1997/`` -> ``ru``), if any."""
        first = url_path[len(self.prefix):].strip("/").split("/")[0]
        return first or None

    def in_language(self, url_path: str, language: str) -> str:
        """The same page's URL path in another language's folder."""
        rest = url_path[len(self.prefix):].strip("/").split("/", 1)
        return f"{self.prefix}/{language}/" + (rest[1] if len(rest) > 1 else "")

    def document(self, file: Path):
        """The parsed page, read once per run (several tests walk the same site)."""
        if file not in self._documents:
            self._documents[file] = lxml.html.document_fromstring(file.read_text(encoding="utf-8"))
        return self._documents[file]

    def anchors(self, file: Path) -> frozenset[str]:
        """The fragment names a page defines: every ``id`` and every ``<a name>``."""
        document = self.document(file)
        return frozenset(document.xpath("//@id") + document.xpath("//a/@name"))

    def links(self, file: Path) -> Iterator[Link]:
        page_url = ORIGIN + self.url_path(file)
        document = self.document(file)
        base = document.xpath("//base/@href")
        base_url = urljoin(page_url, base[0].strip()) if base else page_url
        for element in document.iter(*URL_ATTRIBUTES):
            for attribute in URL_ATTRIBUTES[element.tag]:
                raw = element.get(attribute)
                if raw is None:
                    continue
                values = [c.split()[0] for c in raw.split(",") if c.strip()] if attribute == "srcset" else [raw]
                rel = frozenset((element.get("rel") or "").lower().split())
                languages = frozenset(filter(None, (element.get("hreflang"), element.get("lang"))))
                for value in values:
                    yield Link(self.url_path(file), f"{element.tag}[{attribute}]", value,
                               urljoin(base_url, value.strip()), rel, languages)

    def stylesheet_links(self) -> Iterator[Link]:
        for stylesheet in sorted(self.root.rglob("*.css")):
            url_path = f"{self.prefix}/{stylesheet.relative_to(self.root).as_posix()}"
            for match in CSS_URL.finditer(stylesheet.read_text(encoding="utf-8", errors="replace")):
                value = match.group("url") or match.group("import")
                yield Link(url_path, "css url()", value, urljoin(ORIGIN + url_path, value.strip()),
                           frozenset({"stylesheet"}))

    def all_links(self) -> Iterator[Link]:
        for file in self.html_files():
            yield from self.links(file)
        yield from self.stylesheet_links()

    def link_problem(self, link: Link) -> str | None:
        """Why an internal link leads nowhere (missing file, missing #fragment, outside the prefix), or None."""
        parts = link.parts
        target = self.file_for(parts.path or "/")
        if target is None:
            if not parts.path.startswith(self.prefix + "/"):
                return f"leads to {parts.path}, outside this site's {self.prefix}/"
            return f"leads to {parts.path}, which does not exist"
        fragment = unquote(parts.fragment)
        if fragment and fragment != "top" and target.suffix == ".html" and fragment not in self.anchors(target):
            return f"#{fragment} is no id in {self.url_path(target)}"
        return None


def listing(problems: list[str]) -> str:
    """All problems for a failure message, one a line (the first MAX_LISTED of a flood)."""
    shown = "\n".join(problems[:MAX_LISTED])
    more = f"\n... and {len(problems) - MAX_LISTED} more" if len(problems) > MAX_LISTED else ""
    return f"{len(problems)} problem(s):\n{shown}{more}"
