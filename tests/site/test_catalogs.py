"""The gettext catalogs: complete for az and ru, in step with the templates, and really used."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from culturelinks.site.i18n import LOCALE_DIR

from .conftest import ROOT, html_files, parse


def catalog(path: Path, locale: str | None = None):
    with path.open("rb") as file:
        return read_po(file, locale=locale)


def msgids(messages) -> set:
    return {message.id if isinstance(message.id, str) else tuple(message.id) for message in messages if message.id}


@pytest.mark.parametrize("lang", ["az", "ru"])
def test_every_message_is_translated(lang: str):
    messages = catalog(LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po", lang)
    untranslated = [message.id for message in messages if message.id and (
        not all(message.string) if isinstance(message.string, tuple) else not message.string)]
    fuzzy = [message.id for message in messages if message.id and message.fuzzy]
    assert (untranslated, fuzzy) == ([], [])


@pytest.mark.parametrize("lang", ["az", "ru", "en"])
def test_every_catalog_has_the_template_messages(lang: str):
    template = msgids(catalog(LOCALE_DIR / "messages.pot"))
    assert msgids(catalog(LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po", lang)) == template


def test_the_template_matches_a_fresh_extraction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Fails when a template or module gained or lost a message; the i18n module docstring says how to update."""
    monkeypatch.chdir(ROOT)
    fresh = tmp_path / "messages.pot"
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", "babel.cfg", "--no-location", "--omit-header",
                                "--sort-output", "-o", str(fresh), "templates/", "src/culturelinks/"])
    assert msgids(catalog(fresh)) == msgids(catalog(LOCALE_DIR / "messages.pot"))


def english_fragments() -> set[str]:
    """The literal words of every English message, split at its placeholders."""
    fragments = set()
    for message in catalog(LOCALE_DIR / "messages.pot"):
        for text in ([message.id] if isinstance(message.id, str) else message.id):
            # a lone lowercase word around placeholders ("since %(date)s") is no evidence: CSV values say it too
            fragments |= {part.strip() for part in re.split(r"%\(\w+\)s", text) if len(part.strip()) >= 4
                          and (" " in part.strip() or not part.strip().islower())}
    return fragments


def test_no_english_ui_text_on_azerbaijani_and_russian_pages(built_site: Path):
    fragments = english_fragments()
    leaks = []
    for file in html_files(built_site):
        if file.relative_to(built_site).parts[0] not in ("az", "ru"):
            continue
        page = parse(file)
        shown = " ".join([page.xpath("string(//body)"), *page.xpath("//@aria-label | //@title"),
                          *page.xpath("//meta/@content"), page.xpath("string(//title)")])
        leaks += [(str(file.relative_to(built_site)), fragment) for fragment in sorted(fragments) if fragment in shown]
    assert leaks == []
