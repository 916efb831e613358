"""Where everything the site publishes lives: the one place a URL or an output path is spelled.

Every page, feed, export and whole-site file has a ``Route``: its URL relative to SITEURL
(``az/events/ocaq-society/``), and from it the file it is saved as. Views, the page plan, exports,
feeds, the sitemap, ``culturelinks diff`` and the templates (through ``url()``) all ask here, so a URL
cannot be written two ways. Nothing here imports Pelican.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

#: Where Pelican copies the theme's static files (the plugin sets THEME_STATIC_DIR to it).
THEME_STATIC_DIR = "theme"
#: The folder of the search index (Pagefind's bundle).
SEARCH_BUNDLE_DIR = "pagefind"
#: How Pelican's Markdown pages are addressed (the plugin sets PAGE_URL and PAGE_LANG_URL to it).
CONTENT_PAGE_PATTERN = "{lang}/{slug}/"


@dataclass(frozen=True, slots=True)
class Route:
    """Where a page or file lives: ``url`` relative to SITEURL; a folder URL is saved as its index.html."""

    url: str

    @property
    def save_as(self) -> str:
        return self.url + "index.html" if self.url == "" or self.url.endswith("/") else self.url

    def absolute(self, site_url: str) -> str:
        """The URL under ``site_url`` (absolute, root-relative, or ``/…`` when SITEURL is empty)."""
        return absolute(site_url, self.url)


def absolute(site_url: str, url: str) -> str:
    """A route's ``url`` under ``site_url`` (``Route.absolute``)."""
    return f"{site_url}/{url}"


def chooser() -> Route:
    return Route("")


def not_found() -> Route:
    return Route("404.html")


def timeline(lang: str) -> Route:
    return Route(f"{lang}/")


@functools.lru_cache(maxsize=1 << 17)
def event(lang: str, event_id: str) -> Route:
    """An event's page (asked for by its page, its entry and every version link: made once)."""
    return Route(f"{lang}/events/{event_id}/")


def citation_file(lang: str, event_id: str, extension: str) -> Route:
    """One of an event page's citation files (site.citations.FILE_FORMATS), beside the page:
    ``/{lang}/events/{id}/{id}.bib`` (a download keeps the event's id as its name)."""
    return Route(f"{lang}/events/{event_id}/{event_id}.{extension}")


def year(lang: str, number: int) -> Route:
    return Route(f"{lang}/years/{number}/")


def bounds(lang: str) -> Route:
    """The page of the events whose date is known only within bounds (no year lists them)."""
    return Route(f"{lang}/years/within-bounds/")


def event_type(lang: str, type_id: str) -> Route:
    return Route(f"{lang}/types/{type_id}/")


def place(lang: str, place_id: str) -> Route:
    return Route(f"{lang}/places/{place_id}/")


def places(lang: str) -> Route:
    """The map of the places, and their list."""
    return Route(f"{lang}/places/")


def people(lang: str) -> Route:
    return Route(f"{lang}/people/")


def person(lang: str, person_id: str) -> Route:
    return Route(f"{lang}/people/{person_id}/")


def organisations(lang: str) -> Route:
    return Route(f"{lang}/organisations/")


def organisation(lang: str, organisation_id: str) -> Route:
    return Route(f"{lang}/organisations/{organisation_id}/")


def sources(lang: str) -> Route:
    return Route(f"{lang}/sources/")


def source(lang: str, source_id: str) -> Route:
    return Route(f"{lang}/sources/{source_id}/")


def source_anchor(lang: str, source_id: str) -> Route:
    """A work's entry on the bibliography page."""
    return Route(f"{sources(lang).url}#source-{source_id}")


def open_data(lang: str) -> Route:
    return Route(f"{lang}/data/")


def edition(lang: str, volume: int = 1) -> Route:
    """The chronology as a book, the PDF edition of ``lang`` (site.edition, output.pdf); a book in volumes has its
    first at this address, and the others after it, numbered (``chronology-ru-2.pdf``)."""
    return Route(f"{lang}/chronology-{lang}.pdf" if volume == 1 else f"{lang}/chronology-{lang}-{volume}.pdf")


def changes(lang: str) -> Route:
    """What each release of the data changed (data.history)."""
    return Route(f"{lang}/changes/")


def changes_feed(lang: str) -> Route:
    """The Atom feed of the releases."""
    return Route(f"{changes(lang).url}feed.xml")


def content_page(lang: str, slug: str) -> Route:
    return Route(CONTENT_PAGE_PATTERN.format(lang=lang, slug=slug))


def feed(lang: str) -> Route:
    return Route(f"{lang}/feed.xml")


def export(name: str) -> Route:
    """An open-data file: ``events.json``, ``events.schema.json``, ``events.csv``, ``events.ics``, ``sources.json``."""
    return Route(f"data/{name}")


def static(path: str) -> Route:
    return Route(f"{THEME_STATIC_DIR}/{path}")


def search_bundle() -> Route:
    return Route(f"{SEARCH_BUNDLE_DIR}/")


def sitemap() -> Route:
    return Route("sitemap.xml")


def robots() -> Route:
    return Route("robots.txt")


def of_saved(save_as: str) -> Route:
    """The route of the page saved as ``save_as`` (``az/events/x/index.html`` → ``az/events/x/``)."""
    return Route(save_as.removesuffix("index.html"))


def numbered(route: Route, number: int) -> Route:
    """Page ``number`` of a listing split into pages: the first keeps the listing's own URL."""
    return route if number == 1 else Route(f"{route.url}{number}/")


#: The routes templates may name: ``url("sources", lang)``.
NAMED: dict[str, Callable[..., Route]] = {
    "chooser": chooser, "not_found": not_found, "timeline": timeline, "event": event, "year": year, "bounds": bounds,
    "type": event_type, "place": place, "places": places, "people": people, "person": person,
    "organisations": organisations, "organisation": organisation, "sources": sources, "source": source,
    "open_data": open_data, "changes": changes, "changes_feed": changes_feed,
    "feed": feed, "export": export, "static": static, "search": search_bundle,
    "sitemap": sitemap,
}


def url_helper(site_url: str) -> Callable[..., str]:
    """The templates' ``url()``: ``url("sources", lang)`` names a route, ``url(entry.url)`` takes a
    route's URL that a view carries; either way the result is under SITEURL."""

    named: dict[tuple[object, ...], str] = {}  # a page names about twenty routes, the same for every page

    def url(target: Route | str, *args: object) -> str:
        if isinstance(target, Route):
            return target.absolute(site_url)
        if args or target in NAMED:
            key = (target, *args)
            found = named.get(key)
            if found is None:
                found = named[key] = NAMED[target](*args).absolute(site_url)
            return found
        return absolute(site_url, target)  # Route(target).absolute(site_url), without making the route

    return url
