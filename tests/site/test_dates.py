"""Dates as each language writes them (CLDR via Babel, plus our Azerbaijani ordinals); exact strings."""

from __future__ import annotations

import pytest

from culturelinks.dates import When, parse_date
from culturelinks.i18n import format_decade, format_when, ordinal_suffix_az

NNBSP = "\u202f"  # CLDR's narrow no-break space before the Russian "г."


def when(start: str, end: str | None = None, approximate: bool = False) -> When:
    return When(parse_date(start), parse_date(end) if end else None, approximate)


DATES = [
    (when("2005-02-16"), "16 fevral 2005", f"16 февраля 2005{NNBSP}г.", "16 February 2005"),
    (when("2005-02"), "fevral 2005", f"февраль 2005{NNBSP}г.", "February 2005"),
    (when("1989"), "1989-cu il", f"1989{NNBSP}г.", "1989"),
    (when("2007-04-16", "2007-04-18"), "16–18 aprel 2007", f"16–18 апреля 2007{NNBSP}г.", "16–18 April 2007"),
    (when("2009-06-30", "2009-07-02"), "30 iyun – 2 iyul 2009", f"30 июня – 2 июля 2009{NNBSP}г.",
     "30 June – 2 July 2009"),
    (when("2008-12-30", "2009-01-02"), "30 dekabr 2008 – 2 yanvar 2009",
     f"30 декабря 2008{NNBSP}г. – 2 января 2009{NNBSP}г.", "30 December 2008 – 2 January 2009"),
    (when("2007-04", "2007-06"), "aprel–iyun 2007", f"апрель–июнь 2007{NNBSP}г.", "April–June 2007"),
    (when("2004", "2006"), "2004–2006-cı illər", f"2004–2006{NNBSP}гг.", "2004–2006"),
    (when("1997-04", approximate=True), "təxminən aprel 1997", f"ок. апреля 1997{NNBSP}г.", "c. April 1997"),
    (when("1989", approximate=True), "təxminən 1989-cu il", f"ок. 1989{NNBSP}г.", "c. 1989"),
]


@pytest.mark.parametrize(("date", "az", "ru", "en"), DATES, ids=[d[0].iso() for d in DATES])
def test_dates_in_each_language(date: When, az: str, ru: str, en: str):
    assert [str(format_when(date, lang)) for lang in ("az", "ru", "en")] == [az, ru, en]


@pytest.mark.parametrize(("year", "written"), [
    (1989, "1989-cu"), (1993, "1993-cü"), (1996, "1996-cı"), (2005, "2005-ci"), (2000, "2000-ci"),
    (1990, "1990-cı"), (2010, "2010-cu"), (1900, "1900-cü"), (2020, "2020-ci"), (1940, "1940-cı"),
])
def test_azerbaijani_ordinal_follows_the_last_spoken_word(year: int, written: str):
    assert f"{year}-{ordinal_suffix_az(year)}" == written


@pytest.mark.parametrize(("decade", "az", "ru", "en"), [
    (1980, "1980-ci illər", "1980-е годы", "1980s"), (1990, "1990-cı illər", "1990-е годы", "1990s"),
    (2010, "2010-cu illər", "2010-е годы", "2010s"),
])
def test_decades(decade: int, az: str, ru: str, en: str):
    assert [format_decade(decade, lang) for lang in ("az", "ru", "en")] == [az, ru, en]


def test_machine_forms():
    assert format_when(when("2005-02-16"), "en").datetime == "2005-02-16"
    assert format_when(when("1989"), "en").datetime == "1989"
    period = format_when(when("2007-04-16", "2007-04-18"), "en")
    assert (period.datetime, period.edtf) == (None, "2007-04-16/2007-04-18")
    rough = format_when(when("1997-04", approximate=True), "ru")
    assert (rough.datetime, rough.edtf, rough.approximation.full) == (None, "1997-04~", "около")
