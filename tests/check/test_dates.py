"""Dates keep their precision, and mixed precisions sort in the documented order."""

from __future__ import annotations

import datetime as dt

import pytest

from culturelinks.dates import Precision, When, parse_date


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
