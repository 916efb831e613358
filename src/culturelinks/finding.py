"""Finding things: the views the templates use for search, filters, the chart and structured data,
a Pelican generator that writes the open data and the feeds, and ``finish_site``, which makes the
sitemap and the search index from the whole written site.

``FindingGenerator`` runs after ``CulturelinksGenerator`` (plugin order): its ``generate_context``
takes the model (and the rendered summaries) that generator put in the shared context and leaves a
``finding`` view there; CulturelinksGenerator hands each page the parts of it that the page shows,
so they count in the page's fingerprint.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.support import Translations
from markupsafe import Markup
from pelican.generators import Generator
from pelican.utils import sanitised_join

from . import chart, exports, feeds, i18n, markup, search, structured
from .generator import CHRONOLOGY_KEY, SUMMARIES_KEY, PageMeta, Route, Version
from .model import Chronology
from .schema import LANGUAGES



def data_route(lang: str) -> Route:
    return Route(f"{lang}/data/")


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    url: str


@dataclass(frozen=True)
class Filters:
    """The timeline's filters: options for the script's selects, and the same as links for readers without it."""

    types: tuple[Option, ...]
    places: tuple[Option, ...]
    decades: tuple[Option, ...]
    years: tuple[Option, ...]
    messages: str
    """JSON: the "N events shown" text for each CLDR plural category, ``{count}`` for the number."""


@dataclass(frozen=True)
class Facets:
    """What the filters match an event on (``data-*`` attributes of its timeline entry)."""

    type: str
    places: str
    decade: int


@dataclass(frozen=True)
class Finding:
    charts: dict[str, chart.Chart]
    filters: dict[str, Filters]
    facets: dict[str, Facets]
    json_ld: dict[str, dict[str, Markup]]
    folded: dict[str, dict[str, str]]

    @staticmethod
    def feed_url(lang: str) -> str:
        return feeds.feed_path(lang)


def plural_messages(translations: Translations, lang: str) -> dict[str, str]:
    """Each plural category of ``lang`` (CLDR, as ``Intl.PluralRules`` names them) and its message."""
    locale = Locale.parse(i18n.BABEL_LOCALES[lang])
    messages: dict[str, str] = {}
    for count in range(0, 200):
        category = locale.plural_form(count)
        if category not in messages:
            messages[category] = translations.ngettext("%(count)s event shown", "%(count)s events shown",
                                                       count) % {"count": "{count}"}
    return messages


def _by_label(options: Iterable[Option]) -> tuple[Option, ...]:
    return tuple(sorted(options, key=lambda option: (option.label.casefold(), option.value)))


def build_finding(chronology: Chronology, translations: dict[str, Translations], site_url: str,
                  summaries: markup.Summaries) -> Finding:
    events = chronology.events
    used_types = {event.type.id for event in events}
    used_places = {place.id for event in events for place in event.places}
    years = sorted({event.when.start.year for event in events})
    decades = sorted({year // 10 * 10 for year in years})
    filters = {lang: Filters(
        types=_by_label(Option(type_id, chronology.types[type_id].label.pick(lang)[0], f"{lang}/types/{type_id}/")
                        for type_id in used_types),
        places=_by_label(Option(place_id, chronology.places[place_id].name.pick(lang)[0],
                                f"{lang}/places/{place_id}/") for place_id in used_places),
        decades=tuple(Option(str(decade), i18n.format_decade(decade, lang), "") for decade in decades),
        years=tuple(Option(str(year), str(year), f"{lang}/years/{year}/") for year in years),
        messages=json.dumps(plural_messages(translations[lang], lang), ensure_ascii=False, sort_keys=True),
    ) for lang in LANGUAGES}
    facets = {event.id: Facets(event.type.id, " ".join(place.id for place in event.places),
                               event.when.start.year // 10 * 10) for event in events}
    json_ld = {lang: {event.id: structured.script_json(structured.event_json_ld(
        event, lang, f"{site_url}/{lang}/events/{event.id}/", summaries.excerpt(event.summary.pick(lang)[0])))
        for event in events} for lang in LANGUAGES}
    folded = {lang: {event.id: search.folded_words(event, lang) for event in events} for lang in LANGUAGES}
    charts = {lang: chart.events_per_year(chronology, lang, lambda year, lang=lang: f"{lang}/years/{year}/")
              for lang in LANGUAGES}
    return Finding(charts, filters, facets, json_ld, folded)


class FindingGenerator(Generator):
    """Writes ``/{lang}/data/``, ``/data/*`` and ``/{lang}/feed.xml``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.chronology: Chronology | None = None
        self.translations: dict[str, Translations] = {}

    @property
    def site_url(self) -> str:
        return self.settings["SITEURL"]

    def generate_context(self) -> None:
        self.chronology = self.context[CHRONOLOGY_KEY]
        self.translations = i18n.load_all_translations()
        self.context["finding"] = build_finding(self.chronology, self.translations, self.site_url,
                                                self.context[SUMMARIES_KEY])

    def _write_bytes(self, path: str, content: bytes) -> None:
        target = sanitised_join(self.output_path, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as file:
            file.write(content)

    def generate_output(self, writer) -> None:
        versions = tuple(Version(lang, data_route(lang).url) for lang in LANGUAGES)
        for lang in LANGUAGES:
            gettext = self.translations[lang].gettext
            self.env.install_gettext_translations(self.translations[lang], newstyle=True)
            meta = PageMeta(lang, data_route(lang), gettext("Open data"),
                            gettext("The chronology as data: JSON, CSV, iCalendar and CSL-JSON."),
                            versions, versions)
            writer.write_file(meta.route.save_as, self.get_template("data"), self.context,
                              relative_urls=self.settings["RELATIVE_URLS"], meta=meta, lang=lang)
            title = gettext("Russian–Azerbaijani cultural relations")
            subtitle = gettext("A chronology of cultural ties between Russia and Azerbaijan, built from published "
                               "sources.")
            self._write_bytes(feeds.feed_path(lang), feeds.atom_feed(
                self.chronology, lang, self.site_url, title, subtitle,
                lambda event, lang=lang: str(i18n.format_when(event.when, lang)), self.context[SUMMARIES_KEY]))
        for path, content in exports.all_exports(self.chronology, self.site_url, self.context[SUMMARIES_KEY]).items():
            self._write_bytes(path, content)


def finish_site(site: Path, site_url: str, into: Path, known_pages: dict[str, list] | None = None
                ) -> dict[str, list]:
    """What is made from the whole written site: the sitemap and robots.txt (read from the pages'
    heads), then the search index. ``culturelinks build`` calls it once every page is in place."""
    seen = structured.write_sitemap_and_robots(site, site_url, into, known_pages)
    search.index_site(site, into)
    return seen
