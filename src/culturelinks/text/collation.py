"""Alphabetical order in each language, as its readers expect it: the CLDR collation of the language's locale,
through ICU (``pyicu-wheels``).

Code point order puts Azerbaijani Ə, Ö, Ş, Ü after Z and Russian Ё after Я; the collation puts Ə after E, Ö after
O, and Ё with Е. Every list the site sorts by name (filters, types, places, sources, people, organisations) sorts
with ``sort_key``; the indexes of people and organisations group names under their initial letter with ``initial``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

import icu


@cache
def _collator(locale: str) -> icu.Collator:
    return icu.Collator.createInstance(icu.Locale(locale))


def sort_key(locale: str) -> Callable[[str], bytes]:
    """A key that sorts texts in ``locale``'s alphabetical order (``ru``, ``az``, ``en_GB``...)."""
    return _collator(locale).getSortKey


#: What a name may begin with that is not its first letter: quotes, brackets, punctuation (“Birlik” cəmiyyəti).
_LEADING = re.compile(r"^[\W_]+")


def as_sorted(name: str) -> str:
    """The name as it is alphabetised: without the quotes or punctuation it may begin with, and its hyphens read
    as spaces (Azerbaijan–Dagestan before Azerbaijan State, not after: the collation puts a space first)."""
    return (_LEADING.sub("", name) or name).replace("-", " ")


@cache
def _alphabetic_index(locale: str, others: tuple[str, ...]) -> Any:
    index = icu.AlphabeticIndex(icu.Locale(locale))
    for other in others:
        index.addLabels(icu.Locale(other))
    return index.buildImmutableIndex()


def initial(locale: str, others: tuple[str, ...] = ()) -> Callable[[str], tuple[int, str]]:
    """The letter ``locale``'s readers look a name up under (CLDR's index characters: Azerbaijani Ə, Russian Е for
    Ё too), as (its place in the alphabet, the letter); the alphabets of ``others`` locales follow, for names in
    their scripts; "…" for a name in none."""
    index = _alphabetic_index(locale, others)

    def letter(name: str) -> tuple[int, str]:
        number = index.getBucketIndex(as_sorted(name))
        return number, index.getBucket(number)[0]
    return letter


def capitalised(text: str, locale: str) -> str:
    """``text`` with its first letter upper-cased as ``locale`` writes it (Azerbaijani and Turkish ``i`` → ``İ``),
    after any quote or bracket it opens with."""
    lead = len(text) - len(_LEADING.sub("", text))
    if lead >= len(text):
        return text
    first = str(icu.UnicodeString(text[lead]).toUpper(icu.Locale(locale)))
    return text[:lead] + first + text[lead + 1:]
