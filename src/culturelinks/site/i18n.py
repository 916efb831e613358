"""Dates and UI strings in each of the site's languages.

Dates come from CLDR through Babel, assembled here because Babel's skeletons do not widen month names
and its interval formats abbreviate them (see TOOLING.md §8). Each language says them in its grammar
(``Language.dates``): Azerbaijani and Russian have their own here (their case endings); any other
language, English included, says them with CLDR's month names and the catalog's phrases ("no later than
%(date)s"), so a new language gets its dates from its catalog, not from code. UI strings come from the
gettext catalogs in ``locale/``, compiled in memory at build time so no ``.mo`` file is ever committed;
a language without a catalog shows the English texts.

After changing a template or a marked string, run ``python -m culturelinks.tools.catalogs`` from the
project root (Babel extracts and merges, keeping each catalog's header), then translate the new empty
entries in ``locale/az`` and ``locale/ru``; the catalog tests fail until every one is translated.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from ..data.dates import Form, PartialDate, Precision, When
from ..languages import DEFAULT, KNOWN, N_, Language, Languages

LOCALE_DIR = Path(__file__).parent.parent / "locale"

#: The site's title, the one place it is written (the catalogs translate it; the exports give it in English).
SITE_TITLE = N_("Russian–Azerbaijani cultural relations")

__all__ = ["N_", "SITE_TITLE", "DateWriter", "LocalDate", "dates_in", "load_all_translations", "load_translations"]


@functools.cache
def babel_locale(locale: str) -> Locale:
    """Babel's locale ``locale``, made once: given by name, Babel parses it again at every date."""
    return Locale.parse(locale)


#: The space CLDR puts before the Russian "г." (U+202F NARROW NO-BREAK SPACE); our own Russian
#: year forms use it too, so every Russian date looks the same.
RU_YEAR_SPACE = "\u202f"
EN_DASH = "–"


@dataclass(frozen=True)
class Approximation:
    """How a language marks a date the sources give only roughly: ``short`` shown, ``full`` spelled out.

    Azerbaijani has no settled abbreviation for "təxminən", so it is written in full.
    """

    short: str
    full: str

    @property
    def is_abbreviated(self) -> bool:
        return self.short != self.full


@dataclass(frozen=True)
class LocalDate:
    """A date or period as one language writes it.

    ``text`` is the date itself; ``approximation`` the mark that goes before it, if any;
    ``edtf`` the machine form; ``datetime`` the value for ``<time datetime>``, or None where
    HTML has no valid form (periods and approximate dates).
    """

    text: str
    approximation: Approximation | None
    edtf: str
    datetime: str | None

    def __str__(self) -> str:
        return f"{self.approximation.short} {self.text}" if self.approximation else self.text


class DateWriter:
    """How one language writes the dates of the chronology: ``when(event.when)``, ``year``, ``years``,
    ``decade``. This one is the default grammar: CLDR's dates for the language's locale, and the catalog's
    phrases (``gettext``) around them; ``AzerbaijaniDates`` and ``RussianDates`` say them with their cases."""

    #: Between two dates of a period written in full (``16 April – 18 May 2007``).
    spaced_dash = " – "

    def __init__(self, language: Language, gettext: Callable[[str], str] = lambda message: message):
        self.language = language
        self.locale = babel_locale(language.locale)
        self._ = gettext
        self.approximation = Approximation(gettext(N_("c.")), gettext(N_("circa")))

    # -- dates on their own --------------------------------------------------------------------------

    def year(self, year: int) -> str:
        """A year on its own: ``1989-cu il`` · ``1989 г.`` · ``1989``."""
        return str(year)

    def years(self, first: int, last: int) -> str:
        """A span of years: ``2004–2006-cı illər`` · ``2004–2006 гг.`` · ``2004–2006``."""
        return f"{first}{EN_DASH}{last}"

    def decade(self, decade: int) -> str:
        """A decade heading: ``1980-ci illər`` · ``1980-е годы`` · ``1980s``."""
        return self._(N_("%(decade)ss")) % {"decade": decade}

    def day(self, day: dt.date) -> str:
        return format_date(day, "long", locale=self.locale)

    def month(self, day: dt.date, governed: bool) -> str:
        """A month of a year; ``governed``: after a word that governs a case (Russian ``ок.``)."""
        return format_skeleton("yMMMM", day, locale=self.locale)

    def month_name(self, day: dt.date, governed: bool) -> str:
        return format_date(day, "LLLL", locale=self.locale)

    def single(self, date: PartialDate, governed: bool = False) -> str:
        if date.precision is Precision.DAY:
            return self.day(date.first_day)
        if date.precision is Precision.MONTH:
            return self.month(date.first_day, governed)
        return self.year(date.year)

    def period(self, start: PartialDate, end: PartialDate, governed: bool) -> str:
        """A period written as compactly as the language allows (shared month and year said once)."""
        precision = start.precision
        if precision is not end.precision:
            return self.single(start, governed) + self.spaced_dash + self.single(end, governed)
        if precision is Precision.YEAR:
            return self.years(start.year, end.year)
        first, last = start.first_day, end.first_day
        if first.year != last.year:
            return self.single(start, governed) + self.spaced_dash + self.single(end, governed)
        if precision is Precision.MONTH:
            return self.months(first, last, governed)
        if first.month == last.month:
            return self.day_span(first, last)
        return self.day_month(first) + self.spaced_dash + self.day(last)

    def months(self, first: dt.date, last: dt.date, governed: bool) -> str:
        """Months of one year: ``April–May 2007``."""
        return self.month_name(first, governed) + EN_DASH + self.month(last, governed)

    def day_span(self, first: dt.date, last: dt.date) -> str:
        """Days of one month: ``16–18 April 2007``."""
        return f"{first.day}{EN_DASH}{self.day(last)}"

    def day_month(self, day: dt.date) -> str:
        return format_skeleton("MMMMd", day, locale=self.locale)

    # -- one unknown day between bounds, and dates from which on -----------------------------------------

    def no_later_than(self, latest: PartialDate) -> str:
        return self._(N_("no later than %(date)s")) % {"date": self.single(latest)}

    def no_earlier_than(self, earliest: PartialDate) -> str:
        return self._(N_("no earlier than %(date)s")) % {"date": self.single(earliest)}

    def between(self, earliest: PartialDate, latest: PartialDate) -> str:
        if earliest.precision is latest.precision is Precision.YEAR:
            return self._(N_("between %(first)s and %(last)s")) % {"first": earliest.year, "last": latest.year}
        return self._(N_("between %(first)s and %(last)s")) % {"first": self.single(earliest),
                                                               "last": self.single(latest)}

    def since(self, start: PartialDate, every: str | None) -> str:
        message = N_("since %(date)s, annually") if every else N_("since %(date)s")
        return self._(message) % {"date": self.single(start)}

    def when(self, when: When) -> LocalDate:
        """The date of an event, at the precision the sources give it, in whichever form it has."""
        if when.form is Form.BETWEEN:
            if when.start is None:
                assert when.end is not None, "When.between refuses two open bounds"
                text = self.no_later_than(when.end)
            elif when.end is None:
                text = self.no_earlier_than(when.start)
            else:
                text = self.between(when.start, when.end)
            return LocalDate(text, None, when.iso(), None)
        start = when.listed_under  # a date's, a period's or an open date's start
        if when.form is Form.SINCE:
            return LocalDate(self.since(start, when.every), None, when.iso(), None)
        approximation = self.approximation if when.approximate else None
        governed = approximation is not None
        text = self.single(start, governed) if when.end is None else self.period(start, when.end, governed)
        exact_single = when.form is Form.DATE and not when.approximate
        return LocalDate(text, approximation, when.iso(), start.iso() if exact_single else None)


# -- Azerbaijani ---------------------------------------------------------------------------------------------
#
# Years are ordinals: "1989-cu il", "6 iyun 1995-ci il". The suffix written after digits follows the vowel
# harmony of the last word one says when reading the number aloud ("min doqquz yüz səksən doqquz" → -cu);
# a bound adds a case ending to the year ("2020-ci ildən gec olmayaraq") or to the month ("mayından").

_UNITS_AZ = ("", "bir", "iki", "üç", "dörd", "beş", "altı", "yeddi", "səkkiz", "doqquz")
_TENS_AZ = ("", "on", "iyirmi", "otuz", "qırx", "əlli", "altmış", "yetmiş", "səksən", "doxsan")
_SUFFIX_BY_VOWEL = {"a": "cı", "ı": "cı", "e": "ci", "ə": "ci", "i": "ci", "o": "cu", "u": "cu",
                    "ö": "cü", "ü": "cü"}
_BACK_VOWELS_AZ = set("aıou")
_POSSESSIVE_AZ = {"a": "ı", "ı": "ı", "e": "i", "ə": "i", "i": "i", "o": "u", "u": "u", "ö": "ü", "ü": "ü"}


def _last_spoken_word_az(number: int) -> str:
    if number % 10:
        return _UNITS_AZ[number % 10]
    if number % 100:
        return _TENS_AZ[number % 100 // 10]
    if number % 1000:
        return "yüz"
    return "min" if number % 1_000_000 else "milyon"


def ordinal_suffix_az(number: int) -> str:
    """``cu`` for 1989, ``cü`` for 1993, ``cı`` for 1996, ``ci`` for 2005 (written ``1989-cu``)."""
    word = _last_spoken_word_az(number)
    last_vowel = next(letter for letter in reversed(word) if letter in _SUFFIX_BY_VOWEL)
    return _SUFFIX_BY_VOWEL[last_vowel]


class AzerbaijaniDates(DateWriter):
    """Azerbaijani dates: an ordinal year everywhere (``6 iyun 1995-ci il``, ``1995-ci ilin iyunu``, ``1995-ci
    ilin aprel–may ayları``); bounds with the ablative and ``gec``/``tez olmayaraq`` ("no later / no earlier
    than")."""

    def __init__(self, language: Language, gettext: Callable[[str], str] = lambda message: message):
        super().__init__(language, gettext)
        self.approximation = Approximation("təxminən", "təxminən")

    def year(self, year: int) -> str:
        return f"{year}-{ordinal_suffix_az(year)} il"

    def years(self, first: int, last: int) -> str:
        return f"{first}{EN_DASH}{last}-{ordinal_suffix_az(last)} illər"

    def decade(self, decade: int) -> str:
        return f"{decade}-{ordinal_suffix_az(decade)} illər"

    def day(self, day: dt.date) -> str:
        return f"{day.day} {self.month_name(day, False)} {self.year(day.year)}"

    def month(self, day: dt.date, governed: bool) -> str:
        return self._month_of_year(PartialDate(day.year, day.month), ablative=False)

    def months(self, first: dt.date, last: dt.date, governed: bool) -> str:
        return (f"{first.year}-{ordinal_suffix_az(first.year)} ilin {self.month_name(first, False)}{EN_DASH}"
                f"{self.month_name(last, False)} ayları")

    def day_month(self, day: dt.date) -> str:
        return f"{day.day} {self.month_name(day, False)}"

    def _month_of_year(self, date: PartialDate, ablative: bool) -> str:
        """``2011-ci ilin apreli`` (the month of the year), or with ``ablative`` ``2011-ci ilin aprelindən``."""
        month = self.month_name(date.first_day, False)
        possessive = _POSSESSIVE_AZ[next(letter for letter in reversed(month) if letter in _POSSESSIVE_AZ)]
        ending = ("ndan" if possessive in _BACK_VOWELS_AZ else "ndən") if ablative else ""
        return f"{date.year}-{ordinal_suffix_az(date.year)} ilin {month}{possessive}{ending}"

    def _ablative(self, date: PartialDate) -> str:
        """``2020-ci ildən``, ``2020-ci ilin mayından``, ``6 iyun 1995-ci il tarixindən``: from a date."""
        if date.precision is Precision.YEAR:
            return self.year(date.year) + "dən"
        if date.precision is Precision.DAY:
            return f"{self.day(date.first_day)} tarixindən"
        return self._month_of_year(date, ablative=True)

    def no_later_than(self, latest: PartialDate) -> str:
        return f"{self._ablative(latest)} gec olmayaraq"

    def no_earlier_than(self, earliest: PartialDate) -> str:
        return f"{self._ablative(earliest)} tez olmayaraq"

    def between(self, earliest: PartialDate, latest: PartialDate) -> str:
        if earliest.precision is latest.precision is Precision.YEAR:
            return f"{earliest.year}{EN_DASH}{latest.year}-{ordinal_suffix_az(latest.year)} illər arasında"
        if earliest.precision is latest.precision is Precision.DAY:
            return f"{self.day(earliest.first_day)} ilə {self.day(latest.first_day)} tarixləri arasında"
        first, last = (self._month_of_year(date, ablative=False) if date.precision is Precision.MONTH
                       else self.single(date) for date in (earliest, latest))
        return f"{first} ilə {last} arasında"

    def since(self, start: PartialDate, every: str | None) -> str:
        return self._ablative(start) + (" hər il" if every else " bəri")


# -- Russian -------------------------------------------------------------------------------------------------
#
# Russian puts the date in the genitive after "ок.", "не позднее", "не ранее" and "с" (CLDR's format
# forms are genitive) and in the instrumental after "между"; a range with spaces inside takes a spaced
# em dash, a compact one an en dash.

#: The Russian instrumental of each month (CLDR has only the nominative and the genitive).
_MONTHS_RU_INSTRUMENTAL = ("январём", "февралём", "мартом", "апрелем", "маем", "июнем", "июлем", "августом",
                           "сентябрём", "октябрём", "ноябрём", "декабрём")


class RussianDates(DateWriter):
    """Russian dates: ``1995 г.``, ``2004–2006 гг.``, ``16 апреля — 18 мая 2007 г.``, ``не позднее 2020 г.``."""

    spaced_dash = " — "

    def __init__(self, language: Language, gettext: Callable[[str], str] = lambda message: message):
        super().__init__(language, gettext)
        self.approximation = Approximation("ок.", "около")

    def year(self, year: int) -> str:
        return f"{year}{RU_YEAR_SPACE}г."

    def years(self, first: int, last: int) -> str:
        return f"{first}{EN_DASH}{last}{RU_YEAR_SPACE}гг."

    def decade(self, decade: int) -> str:
        return f"{decade}-е годы"

    def month(self, day: dt.date, governed: bool) -> str:
        if governed:
            return f"{self.month_name(day, governed)} {day.year}{RU_YEAR_SPACE}г."
        return super().month(day, governed)

    def month_name(self, day: dt.date, governed: bool) -> str:
        return format_date(day, "MMMM" if governed else "LLLL", locale=self.locale)

    def no_later_than(self, latest: PartialDate) -> str:
        return "не позднее " + self.single(latest, governed=True)

    def no_earlier_than(self, earliest: PartialDate) -> str:
        return "не ранее " + self.single(earliest, governed=True)

    def _instrumental(self, date: PartialDate) -> str:
        if date.precision is Precision.MONTH:
            return f"{_MONTHS_RU_INSTRUMENTAL[date.first_day.month - 1]} {date.year}{RU_YEAR_SPACE}г."
        return self.single(date, governed=True)

    def between(self, earliest: PartialDate, latest: PartialDate) -> str:
        if earliest.precision is latest.precision is Precision.YEAR:
            return f"между {earliest.year} и {latest.year}{RU_YEAR_SPACE}гг."
        return f"между {self._instrumental(earliest)} и {self._instrumental(latest)}"

    def since(self, start: PartialDate, every: str | None) -> str:
        return ("ежегодно с " if every else "с ") + self.single(start, governed=True)


#: The grammars the languages table names (``Language.dates``); any other name is the default grammar.
GRAMMARS: dict[str, type[DateWriter]] = {"az": AzerbaijaniDates, "ru": RussianDates}


def dates_in(language: Language | str, gettext: Callable[[str], str] | None = None) -> DateWriter:
    """How ``language`` (a row of the table, or the code of a known one) writes dates, with its catalog's
    ``gettext`` for the default grammar's phrases."""
    if isinstance(language, str):
        language = KNOWN[language]
    return GRAMMARS.get(language.dates, DateWriter)(language, gettext or (lambda message: message))


def load_translations(language: Language, locale_dir: Path | None = None) -> NullTranslations:
    """The UI catalog of ``language``, compiled from its ``.po`` in memory (fuzzy entries are not used); the
    English texts themselves for a language without a catalog."""
    po_path = (locale_dir or LOCALE_DIR) / language.code / "LC_MESSAGES" / "messages.po"
    if not po_path.is_file():
        return NullTranslations()
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=babel_locale(language.locale))
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)


def load_all_translations(languages: Languages = DEFAULT, locale_dir: Path | None = None
                          ) -> dict[str, NullTranslations]:
    return {language.code: load_translations(language, locale_dir) for language in languages}
