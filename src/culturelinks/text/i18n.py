"""Dates and UI strings in Azerbaijani, Russian and English.

Dates come from CLDR through Babel, assembled here because Babel's skeletons do not widen month
names and its interval formats abbreviate them (see TOOLING.md §8). UI strings come from the gettext
catalogs in ``locale/``, compiled in memory at build time so no ``.mo`` file is ever committed.

After changing a template or a marked string, run ``python -m culturelinks.catalogs`` from the
project root (Babel extracts and merges, keeping each catalog's header), then translate the new empty
entries in ``locale/az`` and ``locale/ru``; the catalog tests fail until every one is translated.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from ..data.dates import Form, PartialDate, Precision, When
from ..data.schema import LANGUAGES

LOCALE_DIR = Path(__file__).parent.parent / "locale"

#: Babel's locale for each site language; English dates follow British order (16 February 2005).
BABEL_LOCALES = {"az": "az", "ru": "ru", "en": "en_GB"}


@functools.cache
def babel_locale(lang: str) -> Locale:
    """Babel's locale for ``lang``, made once: given by name, Babel parses it again at every date."""
    return Locale.parse(BABEL_LOCALES[lang])


#: Each language's name for itself, as the language switcher shows it.
AUTONYMS = {"az": "Azərbaycanca", "ru": "Русский", "en": "English"}

#: The space CLDR puts before the Russian "г." (U+202F NARROW NO-BREAK SPACE); our own Russian
#: year forms use it too, so every Russian date looks the same.
RU_YEAR_SPACE = "\u202f"
EN_DASH = "–"
SPACED_DASH = " – "


def N_(message: str) -> str:  # noqa: N802 (the gettext convention, which pybabel extracts)
    """Mark a message that is translated later, once for each language of a multilingual page."""
    return message


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


APPROXIMATIONS = {
    "az": Approximation("təxminən", "təxminən"),
    "ru": Approximation("ок.", "около"),
    "en": Approximation("c.", "circa"),
}


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


# Vowel harmony of the Azerbaijani ordinal suffix written after digits: it follows the last vowel of
# the last word one says when reading the number aloud ("min doqquz yüz səksən doqquz" → -cu).
_UNITS_AZ = ("", "bir", "iki", "üç", "dörd", "beş", "altı", "yeddi", "səkkiz", "doqquz")
_TENS_AZ = ("", "on", "iyirmi", "otuz", "qırx", "əlli", "altmış", "yetmiş", "səksən", "doxsan")
_SUFFIX_BY_VOWEL = {"a": "cı", "ı": "cı", "e": "ci", "ə": "ci", "i": "ci", "o": "cu", "u": "cu",
                    "ö": "cü", "ü": "cü"}


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


def format_year(year: int, lang: str) -> str:
    """A year on its own: ``1989-cu il`` · ``1989 г.`` · ``1989``."""
    if lang == "az":
        return f"{year}-{ordinal_suffix_az(year)} il"
    if lang == "ru":
        return f"{year}{RU_YEAR_SPACE}г."
    return str(year)


def format_years(first: int, last: int, lang: str) -> str:
    """A span of years: ``2004–2006-cı illər`` · ``2004–2006 гг.`` · ``2004–2006``."""
    span = f"{first}{EN_DASH}{last}"
    if lang == "az":
        return f"{span}-{ordinal_suffix_az(last)} illər"
    if lang == "ru":
        return f"{span}{RU_YEAR_SPACE}гг."
    return span


def format_decade(decade: int, lang: str) -> str:
    """A decade heading: ``1980-ci illər`` · ``1980-е годы`` · ``1980s``."""
    if lang == "az":
        return f"{decade}-{ordinal_suffix_az(decade)} illər"
    if lang == "ru":
        return f"{decade}-е годы"
    return f"{decade}s"


def _month_name(day: dt.date, lang: str, governed: bool) -> str:
    """The month's name alone; ``governed`` gives the Russian genitive that "ок." (около) requires."""
    return format_date(day, "MMMM" if governed else "LLLL", locale=babel_locale(lang))


def _month_year(day: dt.date, lang: str, governed: bool) -> str:
    if lang == "ru" and governed:
        return f"{_month_name(day, lang, governed)} {day.year}{RU_YEAR_SPACE}г."
    return format_skeleton("yMMMM", day, locale=babel_locale(lang))


def _full_date(day: dt.date, lang: str) -> str:
    return format_date(day, "long", locale=babel_locale(lang))


def _single(date: PartialDate, lang: str, governed: bool) -> str:
    if date.precision is Precision.DAY:
        return _full_date(date.first_day, lang)
    if date.precision is Precision.MONTH:
        return _month_year(date.first_day, lang, governed)
    return format_year(date.year, lang)


def _period(start: PartialDate, end: PartialDate, lang: str, governed: bool) -> str:
    """A period written as compactly as each language allows (shared month and year said once)."""
    precision = start.precision
    if precision is not end.precision:
        return _single(start, lang, governed) + SPACED_DASH + _single(end, lang, governed)
    if precision is Precision.YEAR:
        return format_years(start.year, end.year, lang)
    first, last = start.first_day, end.first_day
    if first.year != last.year:
        return _single(start, lang, governed) + SPACED_DASH + _single(end, lang, governed)
    if precision is Precision.MONTH:
        return _month_name(first, lang, governed) + EN_DASH + _month_year(last, lang, governed)
    if first.month == last.month:
        return f"{first.day}{EN_DASH}{_full_date(last, lang)}"
    day_month = format_skeleton("MMMMd", first, locale=babel_locale(lang))
    return day_month + SPACED_DASH + _full_date(last, lang)


# -- one unknown day between bounds, and dates from which on -------------------------------------------
#
# Each language says these with its own grammar: Russian puts the date in the genitive after "до",
# "с" and "не ранее" (CLDR's format forms are genitive) and in the instrumental after "между";
# Azerbaijani adds case endings to the year ("2020-ci ilədək") or to the month ("mayınadək"), and
# says "tarixinədək" after a full date.

#: The Russian instrumental of each month (CLDR has only the nominative and the genitive).
_MONTHS_RU_INSTRUMENTAL = ("январём", "февралём", "мартом", "апрелем", "маем", "июнем", "июлем", "августом",
                           "сентябрём", "октябрём", "ноябрём", "декабрём")
_BACK_VOWELS_AZ = set("aıou")
_POSSESSIVE_AZ = {"a": "ı", "ı": "ı", "e": "i", "ə": "i", "i": "i", "o": "u", "u": "u", "ö": "ü", "ü": "ü"}
_VOWELS_AZ = set(_POSSESSIVE_AZ)


def _month_az(date: PartialDate, case: str) -> str:
    """``2020-ci ilin mayınadək``: the month of a year in a case (``dək``, ``dan``, ``da``)."""
    month = format_date(date.first_day, "LLLL", locale=babel_locale("az"))
    last_vowel = next(letter for letter in reversed(month) if letter in _VOWELS_AZ)
    possessive = _POSSESSIVE_AZ[last_vowel]
    back = possessive in _BACK_VOWELS_AZ
    ending = {"dək": "na" if back else "nə", "dan": "ndan" if back else "ndən", "da": "nda" if back else "ndə"}[case]
    terminative = "dək" if case == "dək" else ""
    return f"{date.year}-{ordinal_suffix_az(date.year)} ilin {month}{possessive}{ending}{terminative}"


def _in_case_az(date: PartialDate, case: str) -> str:
    """A date followed by a case ending: ``dək`` (until), ``dan`` (from) or ``da`` (in)."""
    if date.precision is Precision.YEAR:
        year = format_year(date.year, "az")
        return {"dək": year + "ədək", "dan": year + "dən", "da": year + "də"}[case]
    if date.precision is Precision.MONTH:
        return _month_az(date, case)
    return f"{_full_date(date.first_day, 'az')} " + {"dək": "tarixinədək", "dan": "tarixindən", "da": "tarixində"}[case]


def _instrumental_ru(date: PartialDate) -> str:
    if date.precision is Precision.MONTH:
        return f"{_MONTHS_RU_INSTRUMENTAL[date.first_day.month - 1]} {date.year}{RU_YEAR_SPACE}г."
    return _single(date, "ru", governed=True)


def _between(earliest: PartialDate | None, latest: PartialDate | None, lang: str) -> str:
    """One day that is not known, on or after ``earliest`` and on or before ``latest``."""
    if earliest is None:
        assert latest is not None, "When.between refuses two open bounds"
        return {"az": lambda: _in_case_az(latest, "dək"),
                "ru": lambda: "до " + _single(latest, "ru", governed=True),
                "en": lambda: "by " + _single(latest, "en", governed=False)}[lang]()
    if latest is None:
        on = "on" if earliest.precision is Precision.DAY else "in"
        return {"az": lambda: _in_case_az(earliest, "da") + " və ya daha sonra",
                "ru": lambda: "не ранее " + _single(earliest, "ru", governed=True),
                "en": lambda: f"{on} or after " + _single(earliest, "en", governed=False)}[lang]()
    if earliest.precision is latest.precision is Precision.YEAR:
        span = f"{earliest.year}{EN_DASH}{latest.year}"
        return {"az": f"{span}-{ordinal_suffix_az(latest.year)} illər arasında",
                "ru": f"между {earliest.year} и {latest.year}{RU_YEAR_SPACE}гг.",
                "en": f"between {earliest.year} and {latest.year}"}[lang]
    if lang == "ru":
        return f"между {_instrumental_ru(earliest)} и {_instrumental_ru(latest)}"
    first, last = _single(earliest, lang, False), _single(latest, lang, False)
    return f"{first} ilə {last} arasında" if lang == "az" else f"between {first} and {last}"


def _since(start: PartialDate, every: str | None, lang: str) -> str:
    """From ``start`` on, with no end; every year when ``every`` is ``"year"`` (the only recurrence)."""
    if lang == "az":
        return _in_case_az(start, "dan") + (" hər il" if every else " bəri")
    if lang == "ru":
        return ("ежегодно с " if every else "с ") + _single(start, "ru", governed=True)
    return "since " + _single(start, "en", governed=False) + (", annually" if every else "")


def format_when(when: When, lang: str) -> LocalDate:
    """The date of an event in ``lang``, at the precision the sources give it, in whichever form it has."""
    if when.form is Form.BETWEEN:
        return LocalDate(_between(when.start, when.end, lang), None, when.iso(), None)
    start = when.listed_under  # a date's, a period's or an open date's start
    if when.form is Form.SINCE:
        return LocalDate(_since(start, when.every, lang), None, when.iso(), None)
    approximation = APPROXIMATIONS[lang] if when.approximate else None
    governed = approximation is not None
    if when.end is None:
        text = _single(start, lang, governed)
    else:
        text = _period(start, when.end, lang, governed)
    exact_single = when.form is Form.DATE and not when.approximate
    return LocalDate(text, approximation, when.iso(), start.iso() if exact_single else None)


def load_translations(lang: str, locale_dir: Path | None = None) -> Translations:
    """The UI catalog of ``lang``, compiled from its ``.po`` in memory (fuzzy entries are not used)."""
    po_path = (locale_dir or LOCALE_DIR) / lang / "LC_MESSAGES" / "messages.po"
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=babel_locale(lang))
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)


def load_all_translations(locale_dir: Path | None = None) -> dict[str, Translations]:
    return {lang: load_translations(lang, locale_dir) for lang in LANGUAGES}
