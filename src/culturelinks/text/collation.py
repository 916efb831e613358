"""Alphabetical order in each language, as its readers expect it: the CLDR collation of the language's locale,
through ICU (``pyicu-wheels``).

Code point order puts Azerbaijani Ə, Ö, Ş, Ü after Z and Russian Ё after Я; the collation puts Ə after E, Ö after
O, and Ё with Е. Every list the site sorts by name (filters, types, places, sources) sorts with ``sort_key``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import icu


@cache
def _collator(locale: str) -> icu.Collator:
    return icu.Collator.createInstance(icu.Locale(locale))


def sort_key(locale: str) -> Callable[[str], bytes]:
    """A key that sorts texts in ``locale``'s alphabetical order (``ru``, ``az``, ``en_GB``...)."""
    return _collator(locale).getSortKey
