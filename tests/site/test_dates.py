"""Dates as each language writes them (CLDR via Babel, plus our Azerbaijani and Russian grammars); exact
strings. Azerbaijani writes the year as an ordinal in every date (``6 iyun 1995-ci il``, ``1995-ci ilin iyunu``,
as a native editor reads them: "iyun 1995-ci il" is stilted); bounds say "no later
than" and "no earlier than" in each language (issue 23); Russian ranges with spaces inside take a spaced em dash."""

from __future__ import annotations

import pytest

from culturelinks.data.dates import When, parse_date
from culturelinks.site.i18n import dates_in, ordinal_suffix_az

NNBSP = "\u202f"  # CLDR's narrow no-break space before the Russian "г."


def format_when(date: When, lang: str):
    return dates_in(lang).when(date)


def when(start: str, end: str | None = None, approximate: bool = False) -> When:
    return When(parse_date(start), parse_date(end) if end else None, approximate)


DATES = [
    (when("2005-02-16"), "16 fevral 2005-ci il", f"16 февраля 2005{NNBSP}г.", "16 February 2005"),
    (when("2005-02"), "2005-ci ilin fevralı", f"февраль 2005{NNBSP}г.", "February 2005"),
    (when("1989"), "1989-cu il", f"1989{NNBSP}г.", "1989"),
    (when("2007-04-16", "2007-04-18"), "16–18 aprel 2007-ci il", f"16–18 апреля 2007{NNBSP}г.", "16–18 April 2007"),
    (when("2009-06-30", "2009-07-02"), "30 iyun – 2 iyul 2009-cu il", f"30 июня — 2 июля 2009{NNBSP}г.",
     "30 June – 2 July 2009"),
    (when("2008-12-30", "2009-01-02"), "30 dekabr 2008-ci il – 2 yanvar 2009-cu il",
     f"30 декабря 2008{NNBSP}г. — 2 января 2009{NNBSP}г.", "30 December 2008 – 2 January 2009"),
    (when("2007-04", "2007-06"), "2007-ci ilin aprel–iyun ayları", f"апрель–июнь 2007{NNBSP}г.", "April–June 2007"),
    (when("2004", "2006"), "2004–2006-cı illər", f"2004–2006{NNBSP}гг.", "2004–2006"),
    (when("1997-04", approximate=True), "təxminən 1997-ci ilin apreli", f"ок. апреля 1997{NNBSP}г.", "c. April 1997"),
    (when("1989", approximate=True), "təxminən 1989-cu il", f"ок. 1989{NNBSP}г.", "c. 1989"),
    (when("1997-11", "1998-02"), "1997-ci ilin noyabrı – 1998-ci ilin fevralı", f"ноябрь 1997{NNBSP}г. — февраль 1998{NNBSP}г.",
     "November 1997 – February 1998"),
    (when("2011-05"), "2011-ci ilin mayı", f"май 2011{NNBSP}г.", "May 2011"),
    (when("2011-09"), "2011-ci ilin sentyabrı", f"сентябрь 2011{NNBSP}г.", "September 2011"),
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
    assert [dates_in(lang).decade(decade) for lang in ("az", "ru", "en")] == [az, ru, en]


def test_machine_forms():
    assert format_when(when("2005-02-16"), "en").datetime == "2005-02-16"
    assert format_when(when("1989"), "en").datetime == "1989"
    period = format_when(when("2007-04-16", "2007-04-18"), "en")
    assert (period.datetime, period.edtf) == (None, "2007-04-16/2007-04-18")
    rough = format_when(when("1997-04", approximate=True), "ru")
    assert (rough.datetime, rough.edtf, rough.approximation.full) == (None, "1997-04~", "около")


def between(earliest: str | None, latest: str | None) -> When:
    return When.between(parse_date(earliest) if earliest else None, parse_date(latest) if latest else None)


NEW_FORMS = [
    (between(None, "2020"), "2020-ci ildən gec olmayaraq", f"не позднее 2020{NNBSP}г.", "no later than 2020"),
    (between("1998", "2020"), "1998–2020-ci illər arasında", f"между 1998 и 2020{NNBSP}гг.", "between 1998 and 2020"),
    (between("2011", None), "2011-ci ildən tez olmayaraq", f"не ранее 2011{NNBSP}г.", "no earlier than 2011"),
    (between(None, "2020-05"), "2020-ci ilin mayından gec olmayaraq", f"не позднее мая 2020{NNBSP}г.",
     "no later than May 2020"),
    (between("2011-04", "2012-06"), "2011-ci ilin apreli ilə 2012-ci ilin iyunu arasında",
     f"между апрелем 2011{NNBSP}г. и июнем 2012{NNBSP}г.", "between April 2011 and June 2012"),
    (between("2005-02-16", None), "16 fevral 2005-ci il tarixindən tez olmayaraq",
     f"не ранее 16 февраля 2005{NNBSP}г.", "no earlier than 16 February 2005"),
    (between("2005-02-16", "2005-03-01"), "16 fevral 2005-ci il ilə 1 mart 2005-ci il tarixləri arasında",
     f"между 16 февраля 2005{NNBSP}г. и 1 марта 2005{NNBSP}г.", "between 16 February 2005 and 1 March 2005"),
    (between(None, "2005-02-16"), "16 fevral 2005-ci il tarixindən gec olmayaraq",
     f"не позднее 16 февраля 2005{NNBSP}г.", "no later than 16 February 2005"),
    (When.since(parse_date("2011"), every="year"), "2011-ci ildən hər il", f"ежегодно с 2011{NNBSP}г.",
     "since 2011, annually"),
    (When.since(parse_date("2011")), "2011-ci ildən bəri", f"с 2011{NNBSP}г.", "since 2011"),
    (When.since(parse_date("2011-10"), every="year"), "2011-ci ilin oktyabrından hər il",
     f"ежегодно с октября 2011{NNBSP}г.", "since October 2011, annually"),
    (When.since(parse_date("2011-10-19")), "19 oktyabr 2011-ci il tarixindən bəri", f"с 19 октября 2011{NNBSP}г.",
     "since 19 October 2011"),
]


@pytest.mark.parametrize(("date", "az", "ru", "en"), NEW_FORMS, ids=[d[0].iso() + str(d[0].every) for d in NEW_FORMS])
def test_unknown_days_and_open_dates_in_each_language(date: When, az: str, ru: str, en: str):
    assert [str(format_when(date, lang)) for lang in ("az", "ru", "en")] == [az, ru, en]


def test_unknown_days_and_open_dates_have_no_exact_machine_form():
    """HTML's ``<time datetime>`` cannot say "some day by 2020" or "every year since 2011"; EDTF can (mostly)."""
    assert [(format_when(date, "en").datetime, format_when(date, "en").edtf) for date in
            (between(None, "2020"), When.since(parse_date("2011"), every="year"))] == [
        (None, "[..2020]"), (None, "2011/..")]
