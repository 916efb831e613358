"""Dates keep their precision, and mixed precisions sort in the documented order."""

from __future__ import annotations

import datetime as dt

import pytest

from culturelinks.data.dates import Form, Precision, When, parse_date


@pytest.mark.parametrize(("text", "precision", "first", "last"), [
    ("1997", Precision.YEAR, dt.date(1997, 1, 1), dt.date(1997, 12, 31)),
    ("2004-02", Precision.MONTH, dt.date(2004, 2, 1), dt.date(2004, 2, 29)),
    ("2005-02-16", Precision.DAY, dt.date(2005, 2, 16), dt.date(2005, 2, 16)),
])
def test_precision_and_bounds(text, precision, first, last):
    date = parse_date(text)
    assert (date.precision, date.first_day, date.last_day, date.iso()) == (precision, first, last, text)


def test_mixed_precisions_sort_year_then_month_then_day_then_by_end():
    whens = {
        "day": When(parse_date("1997-01-01")),
        "year": When(parse_date("1997")),
        "month": When(parse_date("1997-01")),
        "later": When(parse_date("1997-04-06")),
        "long-period": When(parse_date("1997"), parse_date("1999")),
    }
    order = sorted(whens, key=lambda name: whens[name].sort_key())
    assert order == ["year", "long-period", "month", "day", "later"]


def test_edtf_form():
    assert When(parse_date("2011"), parse_date("2020"), approximate=True).iso() == "2011~/2020~"
    assert When(parse_date("2007-04-16"), parse_date("2007-04-18")).iso() == "2007-04-16/2007-04-18"


@pytest.mark.parametrize("text", ["2005-02-29", "1900-02-29", "0000", "2005-00", "2005-1-1", "２００５"])
def test_impossible_dates(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_one_unknown_day_between_bounds_is_not_a_period():
    """"In recent years" of an article covering 1991–2020: some day no later than 2020, start unknown."""
    by_2020 = When.between(None, parse_date("2020"))
    assert (by_2020.form, by_2020.iso(), by_2020.first_day, by_2020.last_day) == (
        Form.BETWEEN, "[..2020]", None, dt.date(2020, 12, 31))
    assert When.between(parse_date("1998"), parse_date("2020")).iso() == "[1998..2020]"
    assert When.between(parse_date("2011-05"), None).iso() == "[2011-05..]"
    with pytest.raises(ValueError):
        When.between(None, None)


def test_open_ended_and_recurring_dates():
    forum = When.since(parse_date("2011"), every="year")
    assert (forum.form, forum.iso(), forum.recurrence, forum.first_day, forum.last_day) == (
        Form.SINCE, "2011/..", "R/2011/P1Y", dt.date(2011, 1, 1), None)
    assert When.since(parse_date("2011-10-19")).recurrence is None


def test_every_form_has_its_place_in_the_order():
    """An unknown day with no earliest bound sits at the last day of its latest bound; an open end sorts last;
    a date known only within bounds that span years comes after every other, as the timeline lists it."""
    whens = {
        "year-2011": When(parse_date("2011")),
        "since-2011": When.since(parse_date("2011"), every="year"),
        "period-2011-2012": When(parse_date("2011"), parse_date("2012")),
        "by-2020": When.between(None, parse_date("2020")),
        "in-2020": When(parse_date("2020")),
        "december-2020": When(parse_date("2020-12")),
        "last-day-2020": When(parse_date("2020-12-31")),
        "between-1998-2020": When.between(parse_date("1998"), parse_date("2020")),
    }
    order = sorted(whens, key=lambda name: whens[name].sort_key())
    assert order == ["year-2011", "period-2011-2012", "since-2011", "in-2020", "december-2020", "last-day-2020",
                     "between-1998-2020", "by-2020"]
    assert {name: when.year for name, when in whens.items()} == {
        "year-2011": 2011, "since-2011": 2011, "period-2011-2012": 2011, "by-2020": 2020, "in-2020": 2020,
        "december-2020": 2020, "last-day-2020": 2020, "between-1998-2020": 1998}


def test_existing_forms_keep_their_meaning():
    assert When(parse_date("1997-04")).form is Form.DATE
    assert When(parse_date("2004"), parse_date("2006")).form is Form.PERIOD
    assert When(parse_date("2004"), parse_date("2006")).last_day == dt.date(2006, 12, 31)
