"""What machines read: schema.org JSON-LD for event, person and organisation pages, ``/sitemap.xml`` and
``/robots.txt``.

The sitemap is ours rather than the maintained ``pelican-plugins/sitemap`` plugin's. That plugin
hears of our pages (it listens to ``content_written``) but knows only Pelican's articles and pages:
ours would get ``lastmod`` = the time of the build (no two builds alike) and no hreflang alternates
(it takes them from ``Article.translations``, and writes them with ``ref=`` for ``href=``), and it
would list noindex pages such as 404.html. It would also miss every page rendered in a worker
process or kept from the previous build, since those send no signal to this process. So the
sitemap is made from the page plan (``site.plan``): every indexable page with the same alternates
its ``<head>`` declares, since both come from the page's one ``PageMeta``.

Sitemaps and robots.txt want absolute URLs. With an empty or root-relative SITEURL (the default,
and ``--base-url /pr-1``) they get root-relative paths, which browsers and our tests resolve but
search engines do not: production builds pass an absolute ``--base-url``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from markupsafe import Markup

from ..data.dates import RECURRENCES, Form, When
from ..data.model import Entity, Event, Organisation, Person, Place
from . import routes

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

    Dates keep their precision (``1997-04`` is ISO 8601 for April 1997). What schema.org cannot say is
    left out: approximate dates ("circa"), and one day that is not known between two dates. A date with
    no end has a ``startDate`` and no ``endDate``; a recurring one also an ``eventSchedule`` with its
    ``repeatFrequency``. No ``eventStatus``: the sources do not tell whether an event went as scheduled.
    """
    name, name_lang = event.title.pick(lang)
    found: dict[str, Any] = {"@context": "https://schema.org", "@type": "Event", "@id": page_url + "#event",
                             "url": page_url, "name": name, "description": description, "inLanguage": name_lang}
    found |= event_dates(event.when)
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


def event_dates(when: When) -> dict[str, Any]:
    """An event's ``startDate``, ``endDate`` and ``eventSchedule``, those schema.org can take (``event_json_ld``);
    none for an approximate date or one unknown day between bounds. events.ttl says the same (site.turtle)."""
    if when.approximate or when.form is Form.BETWEEN:
        return {}
    found: dict[str, Any] = {"startDate": when.listed_under.iso()}
    if when.end is not None:
        found["endDate"] = when.end.iso()
    if when.every:
        found["eventSchedule"] = {"@type": "Schedule", "startDate": when.listed_under.iso(),
                                  "repeatFrequency": RECURRENCES[when.every]}
    return found


def day_or_coarser(when: When | None) -> str | None:
    """A date schema.org can take (ISO 8601 at its precision), or None for what it cannot say (a period,
    circa, one unknown day between bounds, since)."""
    if when is None or when.approximate or when.form is not Form.DATE or when.end is not None:
        return None
    return when.listed_under.iso()


def entity_json_ld(entity: Entity, lang: str, page_url: str, other_names: list[str],
                   event_urls: list[str]) -> dict[str, Any]:
    """schema.org ``Person`` or ``Organization``: the name in the page's language, the other languages' as
    ``alternateName``, the Wikidata item as ``sameAs`` where the data has one, and the events its page lists first
    (``subjectOf``)."""
    name, name_lang = entity.name.pick(lang)
    kind = "Person" if isinstance(entity, Person) else "Organization"
    found: dict[str, Any] = {"@context": "https://schema.org", "@type": kind, "@id": page_url + "#" + kind.lower(),
                             "url": page_url, "name": name}
    if other_names:
        found["alternateName"] = other_names
    if entity.description is not None:
        found["description"] = entity.description.pick(lang)[0]
    if entity.wikidata:
        found["sameAs"] = [WIKIDATA_ENTITY + entity.wikidata]
    dates = {"birthDate": entity.born, "deathDate": entity.died} if isinstance(entity, Person) else \
        {"foundingDate": entity.founded}
    found |= {key: iso for key, when in dates.items() if (iso := day_or_coarser(when)) is not None}
    if isinstance(entity, Organisation) and entity.place is not None:
        found["location"] = _place(entity.place, lang)
    if event_urls:
        found["subjectOf"] = [{"@type": "Event", "@id": url + "#event", "url": url} for url in event_urls]
    return found


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    alternates: tuple[tuple[str, str], ...]
    """(hreflang, url) pairs, as the page's ``<link rel=alternate hreflang>``."""


def sitemap_xml(entries: list[SitemapEntry]) -> str:
    """The sitemap: each page, with its versions in every language. The pages of one group share their versions:
    those are written once per group (120,000 links at 10,000 events, a third of them different)."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    links: dict[tuple[tuple[str, str], ...], str] = {}
    for entry in sorted(entries, key=lambda entry: entry.url):
        written = links.get(entry.alternates)
        if written is None:
            written = links[entry.alternates] = "".join(
                f'\n    <xhtml:link rel="alternate" hreflang="{quoteattr(lang)[1:-1]}" href={quoteattr(url)}/>'
                for lang, url in entry.alternates)
        lines.append(f"  <url><loc>{xml_escape(entry.url)}</loc>{written}\n  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(site_url: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {routes.sitemap().absolute(site_url)}\n"
