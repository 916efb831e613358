"""The culturelinks Pelican plugin: ``PLUGINS = ["culturelinks.plugin"]`` in pelicanconf.py.

The receivers are module-level functions because blinker keeps only weak references. They hold no
state: everything a run learns lives on the generator instance Pelican creates for that run.
"""

from __future__ import annotations

import os

from pelican import signals
from pelican.contents import Page
from pelican.generators import Generator

from ..output.publish import RETAINED
from ..site import routes
from ..text import markup
from .generator import CulturelinksGenerator

#: Every culturelinks setting and its default; pelicanconf.py may override any of them.
DEFAULT_SETTINGS = {
    "CULTURELINKS_DATA": "data/events.yaml",
    # The dataset's version, release date, editors and licence (data.release), relative to pelicanconf.py.
    "CULTURELINKS_RELEASE": "CITATION.cff",
    # How many processes render pages: the build's own and one fewer forked workers (1 renders in-process only).
    "CULTURELINKS_WORKERS": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1,
    # A listing (the timeline, a year, type, place or source) with more events than this is split:
    # the timeline then counts each year's events and links to the year's page; the others get pages.
    "CULTURELINKS_LISTING_LIMIT": 500,
    # The entries of the output folder a build keeps across its swap (it never deletes a file it did not write,
    # and refuses to publish into a folder holding others); Pelican's OUTPUT_RETENTION adds to these.
    "CULTURELINKS_OUTPUT_RETENTION": list(RETAINED),
    # The PDF edition of each language (site.edition, output.pdf): False leaves it out (culturelinks build
    # --no-pdf does for one build); the Markdown page it takes its introduction from (its slug: a hidden page,
    # ``Status: hidden``, written for the book, or one of the site's, as "about"); the folder of the DejaVu
    # fonts it is set in.
    "CULTURELINKS_PDF": True,
    "CULTURELINKS_PDF_INTRODUCTION": "book-introduction",
    "CULTURELINKS_PDF_FONTS": "/usr/share/fonts/truetype/dejavu",
    # How many books Typst compiles at once (None: one per worker while no volume has more than 1,000 events,
    # then one: output.pdf).
    "CULTURELINKS_PDF_JOBS": None,
    # The most events a volume of the book holds: a longer chronology comes in volumes (site.edition.volumes),
    # since Typst holds a whole book in memory (0.33 MB an event).
    "CULTURELINKS_PDF_VOLUME_EVENTS": 2000,
}

#: Pelican settings whose value site.routes decides: the Markdown pages' URLs and the static folder.
#: culturelinks renders the Markdown pages itself, with the page plan, so Pelican saves none of them.
ROUTED_SETTINGS = {
    "PAGE_URL": routes.CONTENT_PAGE_PATTERN,
    "PAGE_LANG_URL": routes.CONTENT_PAGE_PATTERN,
    "PAGE_SAVE_AS": "",
    "PAGE_LANG_SAVE_AS": "",
    "THEME_STATIC_DIR": routes.THEME_STATIC_DIR,
}


def apply_default_settings(pelican) -> None:
    for name, value in DEFAULT_SETTINGS.items():
        pelican.settings.setdefault(name, value)
    pelican.settings.update(ROUTED_SETTINGS)


def add_generator(pelican) -> type[Generator]:
    return CulturelinksGenerator


def sanitize_page(content) -> None:
    """Hold a Markdown page to the summaries' HTML policy: Pelican's Markdown reader keeps raw HTML, scripts and
    event handlers included, so what it rendered (the text and the Summary metadata) is sanitised here."""
    if not isinstance(content, Page):
        return
    content._content = markup.sanitize_page(content._content or "")
    if "summary" in content.metadata:
        content.metadata["summary"] = content._summary = markup.sanitize_page(content.metadata["summary"])


def register() -> None:
    signals.initialized.connect(apply_default_settings)
    signals.get_generators.connect(add_generator)
    signals.content_object_init.connect(sanitize_page)
