"""Words without their diacritics, for search: Pagefind does not fold them, so ``seki`` would not find
``Şəki``, nor ``Кремлевский`` ``Кремлёвский``.

Each event page carries, in an attribute Pagefind indexes and nothing displays, the words of its names
that folding changes, folded (``folded_words``); which letters fold is the languages table's
(``Languages.folding``). Ids proposed for new records are the same words in ASCII (``slug_words``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from anyascii import anyascii


def fold(text: str, letters: Mapping[int, str]) -> str:
    """``text`` with each of ``letters`` (as ``str.maketrans`` makes them) written without its marks."""
    return text.translate(letters)


def folded_words(texts: Iterable[str], letters: Mapping[int, str]) -> str:
    """The words of ``texts`` that change when folded, folded, each once, in order."""
    words: dict[str, None] = {}
    for text in texts:
        for word in text.split():
            folded = fold(word, letters)
            if folded != word:
                words[folded] = None
    return " ".join(words)


def slug_words(text: str) -> str:
    """``text`` (any script, ə included) as the words of an id: ``Fikrət Əmirov`` → ``fikret-emirov``."""
    return re.sub(r"[^a-z0-9]+", "-", anyascii(text).replace("'", "").lower()).strip("-")
