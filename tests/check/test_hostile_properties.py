"""Properties of what `check` refuses (issue 12): it agrees with the exported JSON Schema on any text, names a
bad character where the source writes it, never crashes on a number, and every date it accepts can be rendered;
--base-url accepts only what is safe to put before a path."""

from __future__ import annotations

import datetime as dt
import json
import urllib.parse
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from culturelinks.data.dataset import check_file
from culturelinks.data.dates import parse_date
from culturelinks.data.schema import FORBIDDEN_RANGES
from culturelinks.data.validate import is_house_style
from culturelinks.site.siteurl import base_url
from tests.conftest import ROOT

from .test_messages import edit

SCHEMA = jsonschema.Draft202012Validator(json.loads((ROOT / "schema" / "events.schema.json").read_text("utf-8")))
PIECES = ["\n", "\r", "\t", " ", "\x00", "\x07", "\x85", "\u200b", "\u2060", "\ufeff", "\ufdd0", "\ufffe",
          "\U0001fffe", "\U0010ffff", "\u00a0", "a", "ə", "Ж", "😀", "-", "0", "<", "&"]
TEXTS = st.lists(st.one_of(st.sampled_from(PIECES), st.characters()), max_size=8).map("".join)
FORBIDDEN = [chr(code) for low, high in FORBIDDEN_RANGES for code in {low, high} if not 0xD800 <= code <= 0xDFFF]
SAFE = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Cn", "Co")), max_size=10)
settings_for_files = settings(max_examples=150, deadline=None,
                              suppress_health_check=[HealthCheck.function_scoped_fixture])


def yaml_quoted(text: str) -> str:
    """A YAML double-quoted scalar holding exactly ``text``: printable ASCII as it is, the rest escaped."""
    return '"' + "".join(char if " " <= char <= "~" and char not in '"\\' else f"\\U{ord(char):08x}"
                         for char in text) + '"'


def check_text(folder: Path, text: str) -> list:
    path = folder / "events.yaml"
    path.write_text(text, encoding="utf-8")
    return check_file(path, "events.yaml")[0].problems


@pytest.mark.parametrize(("old", "template"), [("en: Ocaq}", "en: {}}}"), ("id: ocaq", "id: {}"),
                                               ("en: A society.}", "en: {}}}"), ("    language: az", "    language: {}")])
@settings_for_files
@given(value=TEXTS)
def test_check_and_the_json_schema_agree_on_any_text(tmp_path, old, template, value):
    text = edit(old, template.format(yaml_quoted(value)))
    if "<" in value and "A society" in old:
        return  # raw HTML in Markdown is check's alone: no pattern can parse Markdown
    problems = [problem for problem in check_text(tmp_path, text) if not is_house_style(problem)]
    assert (problems == []) == SCHEMA.is_valid(yaml.safe_load(text)), repr(value)


@settings_for_files
@given(before=SAFE, bad=st.sampled_from(FORBIDDEN + ["\n"]), after=SAFE)
def test_a_bad_character_is_reported_where_its_escape_is(tmp_path, before, bad, after):
    problems = check_text(tmp_path, edit("en: Ocaq}", f"en: {yaml_quoted(before + bad + after)}}}"))
    column = 37 + len(yaml_quoted(before)) - 1  # the value starts at column 37; its escape at its backslash
    assert f"events.yaml:19:{column}: events[0].title.en: " in problems[0].headline()
    assert f"U+{ord(bad):04X}" in problems[0].message


@settings_for_files
@given(sign=st.sampled_from(["", "-", "+"]), digits=st.text("0123456789", min_size=1, max_size=6000),
       field=st.sampled_from(["year", "lat", "lon"]))
def test_no_number_crashes_check(tmp_path, sign, digits, field):
    """Thousands of digits are out of range, never a crash (int() refuses to read more than 4,300)."""
    number = sign + digits
    text = edit("    language: az\n", f"    language: az\n    year: {number}\n") if field == "year" else \
        edit("    country: RU\n", f"    country: RU\n    coordinates: {{lat: 0, lon: 0, {field}: {number}e9}}\n"
             .replace(f"{field}: 0, ", "", 1))
    problems = check_text(tmp_path, text)
    assert all(problem.message.startswith("expected a") for problem in problems), problems[0].headline()


@given(year=st.integers(0, 9999), month=st.integers(0, 13), day=st.integers(0, 32), precision=st.integers(1, 3))
def test_every_date_check_accepts_has_a_day_after_it(year, month, day, precision):
    text = "-".join([f"{year:04d}", f"{month:02d}", f"{day:02d}"][:precision])
    try:
        date = parse_date(text)
    except ValueError:
        return
    assert date.last_day + dt.timedelta(days=1) > date.first_day  # the calendar's exclusive end


@given(value=st.one_of(st.text(max_size=30), st.from_regex(
    r"(https?://[a-z.]{1,10}(:[0-9]{1,5})?)?(/[-a-z0-9._~%]{0,6}){0,3}/?", fullmatch=True)))
def test_a_base_url_is_safe_to_put_before_a_path(value):
    try:
        url = base_url(value)
    except ValueError:
        return
    joined = urllib.parse.urlsplit(f"{url}/en/events/x/")
    assert joined.scheme in ("", "http", "https") and not joined.query and not joined.fragment
    assert joined.path.endswith("/en/events/x/") and (joined.netloc or not url or url.startswith("/"))
    assert url.isascii() and not any(char in url for char in "\"'<> \\\t\n\r")
