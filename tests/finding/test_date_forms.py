"""Each form of date in every export, read by a real parser: one unknown day between bounds is never
given a span it did not last, an open end is never closed, and what a format cannot say is left out."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import feedparser
import icalendar
import jsonschema
import pytest

from culturelinks.data.dataset import load_chronology
from culturelinks.languages import DEFAULT
from culturelinks.memory import Memory
from culturelinks.site import chart, exports, feeds, structured
from culturelinks.text import markup

FIXTURE = Path(__file__).parents[1] / "fixtures" / "date-forms.yaml"
UNKNOWN_DAYS = {"by-2020", "between-1998-and-2020", "after-2011-05"}


@pytest.fixture(scope="module")
def chronology():
    return load_chronology(FIXTURE)[0]


def test_csv_says_what_each_date_is(chronology):
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(exports.events_csv(chronology, Memory()), newline=""))}
    date_columns = ("date", "date_form", "date_start", "date_end", "precision", "approximate", "recurrence")
    assert {key: tuple(row[column] for column in date_columns) for key, row in rows.items()} == {
        "day": ("2002-04-23", "date", "2002-04-23", "2002-04-23", "day", "false", ""),
        "approximate-period": ("2004~/2006~", "period", "2004-01-01", "2006-12-31", "year", "true", ""),
        "by-2020": ("[..2020]", "one-day-between", "", "2020-12-31", "year", "false", ""),
        "between-1998-and-2020": ("[1998..2020]", "one-day-between", "1998-01-01", "2020-12-31", "year", "false", ""),
        "after-2011-05": ("[2011-05..]", "one-day-between", "2011-05-01", "", "month", "false", ""),
        "every-year-since-2011": ("2011/..", "since", "2011-01-01", "", "year", "false", "R/2011/P1Y"),
        "since-2011-10-19": ("2011-10-19/..", "since", "2011-10-19", "", "day", "false", ""),
    }


def test_json_says_what_each_date_is_and_is_valid(chronology):
    document = json.loads(exports.to_json(exports.events_document(chronology, "")))
    errors = list(jsonschema.Draft202012Validator(exports.events_schema("", DEFAULT)).iter_errors(document))
    assert [error.message for error in errors] == []
    dates = {event["id"]: event["date"] for event in document["events"]}
    assert dates["by-2020"] == {"form": "one-day-between", "edtf": "[..2020]", "start": None, "end": "2020",
                                "precision": "year", "approximate": False, "recurrence": None,
                                "first_day": None, "last_day": "2020-12-31"}
    assert dates["every-year-since-2011"] == {"form": "since", "edtf": "2011/..", "start": "2011", "end": None,
                                              "precision": "year", "approximate": False, "recurrence": "R/2011/P1Y",
                                              "first_day": "2011-01-01", "last_day": None}


def test_calendar_leaves_out_unknown_days_and_marks_only_the_start_of_open_dates(chronology):
    calendar = icalendar.Calendar.from_ical(exports.events_calendar(chronology, "", markup.Summaries(), Memory()))
    events = {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}
    titles = {event.title.get("en"): event.id for event in chronology.events}
    assert {titles[summary] for summary in events} == {event.id for event in chronology.events} - UNKNOWN_DAYS
    assert "between two dates" in str(calendar["X-WR-CALDESC"])
    yearly = events["Every year"]
    assert (yearly.decoded("DTSTART"), yearly.decoded("DTEND")) == (dt.date(2011, 1, 1), dt.date(2012, 1, 1))
    assert "RRULE" not in yearly
    assert str(yearly["COMMENT"]).startswith("Held every year since 2011 (the sources give no end); "
                                             "this entry is the first year only.")
    ongoing = events["Ever since"]
    assert (ongoing.decoded("DTSTART"), ongoing.decoded("DTEND")) == (dt.date(2011, 10, 19), dt.date(2011, 10, 20))
    assert str(ongoing["COMMENT"]) == ("Since 19 October 2011, with no end given by the sources; "
                                       "this entry marks the start only.")


def test_json_ld_states_only_what_schema_org_can_say(chronology):
    found = {event.id: structured.event_json_ld(event, "en", f"/en/events/{event.id}/", "…")
             for event in chronology.events}
    for event_id in UNKNOWN_DAYS | {"approximate-period"}:
        assert "startDate" not in found[event_id] and "endDate" not in found[event_id], event_id
    assert (found["day"]["startDate"], "endDate" in found["day"]) == ("2002-04-23", False)
    yearly = found["every-year-since-2011"]
    assert (yearly["startDate"], "endDate" in yearly) == ("2011", False)
    assert yearly["eventSchedule"] == {"@type": "Schedule", "startDate": "2011", "repeatFrequency": "P1Y"}
    assert (found["since-2011-10-19"]["startDate"], "eventSchedule" in found["since-2011-10-19"]) == (
        "2011-10-19", False)


def test_feed_entries_are_dated_where_the_chronology_places_them(chronology):
    feed = feedparser.parse(feeds.atom_feed(chronology, "en", "", "Chronology", "…", lambda event: "date",
                                            markup.Summaries()))
    assert not feed.bozo
    updated = {entry.link.rsplit("/", 2)[1]: entry.updated[:10] for entry in feed.entries}
    assert updated["by-2020"] == "2020-12-31"
    assert updated["every-year-since-2011"] == "2011-01-01"


def test_the_chart_counts_no_event_in_a_year_it_may_not_belong_to(chronology):
    drawn = chart.events_per_year(chronology, "en", lambda year: f"en/years/{year}/", "en")
    assert {column.year: column.total for column in drawn.years_with_events} == {2002: 1, 2004: 1, 2011: 2}
    assert drawn.uncounted == len(UNKNOWN_DAYS)
