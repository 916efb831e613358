"""The culturelinks Pelican plugin: ``PLUGINS = ["culturelinks.plugin"]`` in pelicanconf.py.

The receivers are module-level functions because blinker keeps only weak references. They hold no
state: everything a run learns lives on the generator instance Pelican creates for that run.
"""

from __future__ import annotations

from pelican import signals

from . import i18n, parallel
from .generator import CulturelinksGenerator

#: Every culturelinks setting and its default; pelicanconf.py may override any of them.
DEFAULT_SETTINGS = {
    "CULTURELINKS_DATA": "data/events.yaml",
    # How many processes render pages (forked workers; 1 renders in-process).
    "CULTURELINKS_WORKERS": parallel.default_workers(),
    # Set by `culturelinks build`: where to keep what the next build can reuse, and the fingerprints
    # of the pages already in the output folder (a page whose fingerprint is unchanged is not rendered).
    "CULTURELINKS_CACHE": None,
    "CULTURELINKS_PREVIOUS_PAGES": {},
}


def apply_default_settings(pelican) -> None:
    for name, value in DEFAULT_SETTINGS.items():
        pelican.settings.setdefault(name, value)


def add_generator(pelican) -> type[CulturelinksGenerator]:
    return CulturelinksGenerator


def install_page_translations(generator, content) -> None:
    """Give the Markdown pages (Pelican's own PagesGenerator) the UI strings of their language."""
    generator.env.install_gettext_translations(i18n.load_translations(content.lang), newstyle=True)


def register() -> None:
    signals.initialized.connect(apply_default_settings)
    signals.get_generators.connect(add_generator)
    signals.page_generator_write_page.connect(install_page_translations)
