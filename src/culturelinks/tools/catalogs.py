"""``python -m culturelinks.catalogs``: bring the gettext catalogs in step with the templates and code.

Extracts every marked UI string from ``templates/`` and ``src/culturelinks/`` (``babel.cfg`` says how)
into ``locale/messages.pot``, then merges it into each language's ``messages.po``: new strings arrive
with an empty translation (and make the catalog tests fail until they are translated), strings no
longer used are dropped, and each catalog keeps its header (Plural-Forms above all). Run it from
the project root after changing a template or a marked string, then translate the empty entries.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from ..languages import DEFAULT
from ..site.i18n import LOCALE_DIR

SOURCES = (Path("templates"), Path("src/culturelinks"))


def extract(config: Path = Path("babel.cfg")) -> Catalog:
    with config.open(encoding="utf-8") as file:
        method_map, options_map = parse_mapping_cfg(file)
    template = Catalog(project="culturelinks")
    for folder in SOURCES:
        for filename, lineno, message, comments, context in extract_from_dir(
                folder, method_map, options_map, keywords={"_": None, "gettext": None,
                                                           "ngettext": (1, 2), "N_": None}):
            template.add(message, None, [], auto_comments=comments, context=context,
                         flags=("python-format",) if "%(" in (message if isinstance(message, str)
                                                                else message[0]) else ())
    return template


def _write(catalog: Catalog, path: Path, **options) -> None:
    with path.open("wb") as file:
        write_po(file, catalog, omit_header=options.pop("omit_header", False), no_location=True,
                 sort_output=True, width=0, **options)


def update() -> None:
    template = extract()
    _write(template, LOCALE_DIR / "messages.pot", omit_header=True)
    for language in DEFAULT:  # the catalogs culturelinks carries: its three languages'
        lang = language.code
        path = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
        with path.open("rb") as file:
            catalog = read_po(file, locale=language.locale)
        catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
        catalog.obsolete.clear()
        _write(catalog, path)
        missing = [message.id for message in catalog if message.id and not (
            all(message.string) if isinstance(message.string, tuple) else message.string)]
        if lang != "en" and missing:
            print(f"{path}: {len(missing)} strings to translate")


if __name__ == "__main__":
    update()
