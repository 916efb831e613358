"""Site search with Pagefind: the index is built on the finished site, one per language.

``culturelinks build`` calls ``index_site`` once every page of the site is in place, writing the
index beside it; the build then brings in only the index files that changed. Pagefind splits the index by ``<html lang>``;
event pages and the Markdown pages mark what to index with ``data-pagefind-body`` (so lists,
navigation and the chooser are left out) and their date with ``data-pagefind-meta="date"``.

Pagefind does not fold diacritics: ``seki`` does not find ``Şəki``, nor ``Кремлевский``
``Кремлёвский``. So each event page carries, in an attribute Pagefind indexes
(``data-pagefind-index-attrs``) and nothing displays, the words of its title, type, places, people
and organisations written without diacritics (``fold``). The full text is not folded.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .model import Event

OUTPUT_SUBDIR = "pagefind"
TIMEOUT_SECONDS = 120

#: Letters people type without their marks: Azerbaijani's, and Russian ё (usually written е).
FOLDED_LETTERS = str.maketrans({
    "ə": "e", "Ə": "E", "ı": "i", "İ": "I", "ş": "s", "Ş": "S", "ç": "c", "Ç": "C", "ğ": "g", "Ğ": "G",
    "ö": "o", "Ö": "O", "ü": "u", "Ü": "U", "ё": "е", "Ё": "Е",
})


class SearchIndexError(RuntimeError):
    """Pagefind failed or did not finish; the message carries its output."""


def fold(text: str) -> str:
    return text.translate(FOLDED_LETTERS)


def folded_words(event: Event, lang: str) -> str:
    """The words of the event's names that change when folded, folded, each once, in order."""
    texts = [event.title.pick(lang)[0], event.type.label.pick(lang)[0],
             *(place.name.pick(lang)[0] for place in event.places),
             *(person.pick(lang)[0] for person in event.people),
             *(organisation.pick(lang)[0] for organisation in event.organisations)]
    words: dict[str, None] = {}
    for text in texts:
        for word in text.split():
            if fold(word) != word:
                words[fold(word)] = None
    return " ".join(words)


def index_site(site: Path, into: Path) -> None:
    """Write ``into/pagefind/`` for ``site``: the index of every language, Pagefind's scripts and styles."""
    bundle = into / OUTPUT_SUBDIR
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(bundle), "--quiet"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
    except subprocess.TimeoutExpired as exc:
        raise SearchIndexError(f"pagefind did not finish in {TIMEOUT_SECONDS} s") from exc
    if result.returncode != 0 or not (bundle / "pagefind.js").is_file():
        raise SearchIndexError(f"pagefind exited {result.returncode}:\n{result.stdout}{result.stderr}")
    _sort_entry(bundle / "pagefind-entry.json")


def _sort_entry(entry: Path) -> None:
    """Pagefind lists the languages in its entry file in no fixed order; sort them, so two builds are identical."""
    data = json.loads(entry.read_text(encoding="utf-8"))
    entry.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8")
