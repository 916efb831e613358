"""What machines read: schema.org JSON-LD for event pages, ``/sitemap.xml`` and ``/robots.txt``.

The sitemap is ours rather than the maintained ``pelican-plugins/sitemap`` plugin's. That plugin
hears of our pages (it listens to ``content_written``) but knows only Pelican's articles and pages:
ours would get ``lastmod`` = the time of the build (no two builds alike) and no hreflang alternates
(it takes them from ``Article.translations``, and writes them with ``ref=`` for ``href=``), and it
would list noindex pages such as 404.html. It would also miss every page our generator renders in
a worker process or keeps from the previous build, since those send no signal to this process.
So the sitemap is read from the finished site instead: each page that names a canonical URL, with
the alternates its ``<head>`` declares, so sitemap and pages never disagree.

Sitemaps and robots.txt want absolute URLs. With an empty or root-relative SITEURL (the default,
and ``--base-url /pr-1``) they get root-relative paths, which browsers and our tests resolve but
search engines do not: production builds pass an absolute ``--base-url``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr
from xml.sax.saxutils import escape as xml_escape

from markupsafe import Markup

from .model import Event, Place

SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
WIKIDATA_ENTITY = "https://www.wikidata.org/wiki/"


def script_json(data: Any) -> Markup:
    """JSON safe inside ``<script>``: ``<``, ``>`` and ``&`` escaped, so no ``</script>`` or ``<!--`` can occur."""
    text = json.dumps(data, ensure_ascii=False)
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))


def _place(place: Place, lang: str) -> dict[str, Any]:
    found: dict[str, Any] = {"@type": "Place", "name": place.name.pick(lang)[0],
                             "address": {"@type": "PostalAddress", "addressCountry": place.country}}
    if place.lat is not None:
        found["geo"] = {"@type": "GeoCoordinates", "latitude": place.lat, "longitude": place.lon}
    if place.wikidata:
        found["sameAs"] = WIKIDATA_ENTITY + place.wikidata
    return found


def event_json_ld(event: Event, lang: str, page_url: str, description: str) -> dict[str, Any]:
    """schema.org ``Event``, saying only what the data knows.

    Dates keep their precision (``1997-04`` is ISO 8601 for April 1997); approximate dates are left
    out, since schema.org cannot say "circa". No ``eventStatus``: the sources do not tell whether an
    event went as scheduled.
    """
    name, name_lang = event.title.pick(lang)
    found: dict[str, Any] = {"@context": "https://schema.org", "@type": "Event", "@id": page_url + "#event",
                             "url": page_url, "name": name, "description": description, "inLanguage": name_lang}
    if not event.when.approximate:
        found["startDate"] = event.when.start.iso()
        if event.when.end is not None:
            found["endDate"] = event.when.end.iso()
    if event.places:
        found["location"] = [_place(place, lang) for place in event.places]
    found["citation"] = [{"@type": "CreativeWork", "name": citation.source.title,
                          "inLanguage": citation.source.language,
                          **({"url": citation.source.url} if citation.source.url else {}),
                          **({"datePublished": str(citation.source.year)} if citation.source.year else {})}
                         for citation in event.sources]
    if event.tags:
        found["keywords"] = ", ".join(event.tags)
    return found


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    alternates: tuple[tuple[str, str], ...]
    """(hreflang, url) pairs, as the page's ``<link rel=alternate hreflang>``."""


class _HeadReader(HTMLParser):
    """The canonical URL and the hreflang alternates a page's ``<head>`` declares."""

    def __init__(self) -> None:
        super().__init__()
        self.canonical: str | None = None
        self.alternates: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        rel = (found.get("rel") or "").split()
        if tag != "link" or not found.get("href"):
            return
        if "canonical" in rel:
            self.canonical = found["href"]
        elif "alternate" in rel and found.get("hreflang"):
            self.alternates.append((found["hreflang"], found["href"]))


def _head(page: Path, chunk: int = 8192) -> str:
    """The start of a page up to its ``</head>``: the sitemap needs no more, and pages can be long."""
    data = b""
    with page.open("rb") as file:
        while b"</head>" not in data:
            more = file.read(chunk)
            if not more:
                break
            data += more
    end = data.find(b"</head>")
    return data[: end if end != -1 else None].decode("utf-8", errors="replace")


def read_pages(site: Path, known: dict[str, list] | None = None) -> tuple[list[SitemapEntry], dict[str, list]]:
    """Every page of the built site that names a canonical URL (noindex pages name none), as its head says.

    ``known`` is what an earlier call read, by page, with the page's size and modification time; a page
    that kept both (builds leave unchanged files alone) is not read again. Returns the entries and what
    to pass as ``known`` next time."""
    known = known or {}
    entries, seen = [], {}
    for page in sorted(site.rglob("*.html")):
        stat = page.stat()
        relative = page.relative_to(site).as_posix()
        cached = known.get(relative)
        if cached and cached[:2] == [stat.st_mtime_ns, stat.st_size]:
            canonical, alternates = cached[2], [tuple(pair) for pair in cached[3]]
        else:
            reader = _HeadReader()
            reader.feed(_head(page))
            canonical, alternates = reader.canonical, reader.alternates
        seen[relative] = [stat.st_mtime_ns, stat.st_size, canonical, [list(pair) for pair in alternates]]
        if canonical:
            entries.append(SitemapEntry(canonical, tuple(alternates)))
    return entries, seen


def sitemap_xml(entries: list[SitemapEntry]) -> str:
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for entry in sorted(entries, key=lambda entry: entry.url):
        lines.append(f"  <url><loc>{xml_escape(entry.url)}</loc>")
        lines += [f'    <xhtml:link rel="alternate" hreflang="{quoteattr(lang)[1:-1]}" href={quoteattr(url)}/>'
                  for lang, url in entry.alternates]
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(site_url: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {site_url}/{SITEMAP}\n"


def write_sitemap_and_robots(site: Path, site_url: str, into: Path, known: dict[str, list] | None = None
                             ) -> dict[str, list]:
    """The sitemap of ``site``'s pages and a robots.txt naming it, written in ``into``; returns what was
    read of the pages, for the next call (see ``read_pages``)."""
    entries, seen = read_pages(site, known)
    (into / SITEMAP).write_text(sitemap_xml(entries), encoding="utf-8")
    (into / ROBOTS).write_text(robots_txt(site_url), encoding="utf-8")
    return seen
