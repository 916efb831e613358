"""What a careless or hostile editor could write, refused with the exact place and character (issue 12).

Each class of bad value is pinned to its message, in the shape of test_messages.py.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT

from .test_messages import VALID, edit


@pytest.fixture(scope="module")
def json_schema_validator():
    """The committed JSON Schema, as a tool other than culturelinks (an editor, a CI step) reads it."""
    import json

    import jsonschema

    schema = json.loads((ROOT / "schema" / "events.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)

# -- whole values: a pattern must match all of it, a trailing line break included -------------------

@pytest.mark.parametrize(("old", "new", "where"), [
    ("id: ocaq", r'id: "ocaq\n"', "15:14: events[0].id"),
    ("    country: RU", r'    country: "RU\n"', "9:17: places.moscow.country"),
    ("    language: az", r'    language: "az\n"', "13:18: sources.article.language"),
    ("    language: az", '    language: az\n    url: "https://example.org/\\n"', "14:31: sources.article.url"),
    ("type: society", r'type: "society\n"', "17:19: events[0].type"),
])
def test_a_trailing_line_break_is_refused(check, old, new, where):
    assert check(edit(old, new)) == [f"events.yaml:{where}: line break U+000A is not allowed here"]


def test_an_id_written_as_a_block_scalar_is_refused_at_its_line_break(check):
    assert check(edit("  - id: ocaq\n", "  - id: |\n      ocaq\n")) == [
        "events.yaml:16:11: events[0].id: line break U+000A is not allowed here"]


def test_a_table_key_with_a_line_break_is_refused(check):
    assert check(edit("  moscow:\n", '  "moscow\\n":\n')) == [
        "events.yaml:7:10: places: line break U+000A is not allowed here",
        "events.yaml:18:14: events[0].places[0]: unknown place 'moscow'",
    ]


def test_json_schema_patterns_match_whole_values(json_schema_validator):
    import yaml

    bad = yaml.safe_load(edit("id: ocaq", r'id: "ocaq\n"'))
    assert json_schema_validator.is_valid(yaml.safe_load(VALID))
    assert not json_schema_validator.is_valid(bad)


# -- ranges the site can render -------------------------------------------------------------------

@pytest.mark.parametrize(("date", "message"), [
    ("9999", "'9999' is out of range: years run from 0001 to 9998"),
    ("9999-12-31", "'9999-12-31' is out of range: years run from 0001 to 9998"),
    ("0000", "'0000' is not a real date: there is no year 0"),
])
def test_years_outside_what_the_site_can_render(check, date, message):
    assert check(edit('date: "1989-10"', f'date: "{date}"')) == [f"events.yaml:16:11: events[0].date: {message}"]


def test_the_first_and_last_renderable_years_pass(check):
    assert check(edit('date: "1989-10"', 'date: {start: "0001-01-01", end: "9998-12-31"}')) == []


def test_a_huge_integer_is_out_of_range_not_a_crash(check):
    digits = "1" + "0" * 5000
    assert check(edit("    language: az\n", f"    language: az\n    year: {digits}\n")) == [
        ("events.yaml:14:11: sources.article.year: expected a whole number from 1000 to 2100, "
         f"found '{digits[:57]}...'")]


@pytest.mark.parametrize("value", ["1e400", "-1e400", "9" * 400])
def test_a_huge_number_is_out_of_range(check, value):
    text = edit("    country: RU\n", f"    country: RU\n    coordinates: {{lat: {value}, lon: 0}}\n")
    shown = value if len(value) <= 60 else value[:57] + "..."
    assert check(text) == [
        f"events.yaml:10:24: places.moscow.coordinates.lat: expected a number from -90 to 90, found '{shown}'"]


def test_diff_survives_a_huge_integer(tmp_path):
    from click.testing import CliRunner

    from culturelinks.cli import main

    base, head = tmp_path / "base.yaml", tmp_path / "head.yaml"
    base.write_text(VALID, encoding="utf-8")
    head.write_text(edit("    language: az\n", f"    language: az\n    year: {'9' * 5000}\n"), encoding="utf-8")
    result = CliRunner().invoke(main, ["diff", str(base), str(head)])
    assert result.exit_code == 0, result.output
    assert "sources.article.year: expected a whole number from 1000 to 2100" in result.output


# -- characters -----------------------------------------------------------------------------------

def test_raw_control_characters_are_each_reported_where_they_are(check):
    text = edit("    title: Məqalə", "    title: Mə\x00qalə", edit("en: Ocaq}", "en: Oc\x07aq}"))
    assert check(text) == [
        "events.yaml:12:14: control character U+0000 is not allowed",
        "events.yaml:19:39: control character U+0007 is not allowed",
    ]


def test_check_shows_a_control_character_in_its_line_without_a_traceback(tmp_path):
    from click.testing import CliRunner

    from culturelinks.cli import main

    path = tmp_path / "events.yaml"
    path.write_text(edit("en: Ocaq}", "en: Oc\x07aq}"), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--data", str(path)], env={"GITHUB_ACTIONS": "false"})
    assert result.exit_code == 1
    assert result.output == (
        f"{path}:19:39: control character U+0007 is not allowed\n"
        "   19 |     title: {az: Ocaq, ru: Очаг, en: Oc\u2407aq}\n"
        "      |                                       ^\n"
        "      = hint: delete it: it is invisible in most editors, and the feeds (XML) cannot carry it\n"
        "1 error, 0 warnings\n")


@pytest.mark.parametrize(("escaped", "what"), [
    (r"\x07", "control character U+0007"),
    (r"\0", "control character U+0000"),
    (r"\e", "control character U+001B"),
    (r"\x7f", "control character U+007F"),
    (r"\x85", "control character U+0085"),
    (r"\u009F", "control character U+009F"),
    (r"\r", "carriage return U+000D"),
    (r"\n", "line break U+000A"),
    (r"\uFFFE", "noncharacter U+FFFE"),
    (r"\uFFFF", "noncharacter U+FFFF"),
    (r"\uFDD0", "noncharacter U+FDD0"),
    (r"\U0001FFFE", "noncharacter U+1FFFE"),
    (r"\U0010FFFF", "noncharacter U+10FFFF"),
    (r"\uFEFF", "byte order mark U+FEFF"),
])
def test_escaped_characters_xml_or_unicode_refuse(check, escaped, what):
    assert check(edit("en: Ocaq}", f'en: "Oc{escaped}aq"}}')) == [
        f"events.yaml:19:40: events[0].title.en: {what} is not allowed" + (" here" if "line" in what else "")]


def test_a_raw_noncharacter_is_reported_where_it_is(check):
    assert check(edit("en: Ocaq}", "en: Oc\ufdd0aq}")) == [
        "events.yaml:19:39: events[0].title.en: noncharacter U+FDD0 is not allowed"]


def test_a_byte_order_mark_inside_a_text_is_refused_with_what_to_use_instead(check):
    """U+FEFF in a text is a copy's trace, invisible; the PDF edition (PDF/UA-1) may not print it, and iCalendar
    readers drop it (Hypothesis found both)."""
    assert check(edit("en: Ocaq}", "en: Oc\ufeffaq}")) == [
        "events.yaml:19:39: events[0].title.en: byte order mark U+FEFF is not allowed"]
    from culturelinks.data.loader import character_hint

    assert "U+2060 WORD JOINER" in character_hint("\ufeff")


def test_each_bad_character_of_a_value_is_named_once(check):
    assert check(edit("en: Ocaq}", r'en: "O\x07c\x07a\x01q"}')) == [
        "events.yaml:19:39: events[0].title.en: control character U+0007 is not allowed",
        "events.yaml:19:49: events[0].title.en: control character U+0001 is not allowed",
    ]


def test_the_position_follows_a_folded_double_quoted_text(check):
    text = edit("summary: {az: Cəmiyyət., ru: Общество., en: A society.}",
                'summary:\n      az: Cəmiyyət.\n      ru: Общество.\n'
                '      en: "A society\n        that met\\x07 often."')
    assert check(text) == [
        "events.yaml:24:17: events[0].summary.en: control character U+0007 is not allowed"]


def test_markdown_may_span_lines_but_not_carry_carriage_returns(check):
    assert check(edit("en: A society.}", r'en: "A society.\n\nIt met."}')) == []
    assert check(edit("en: A society.}", r'en: "A society.\r\nIt met."}')) == [
        "events.yaml:20:60: events[0].summary.en: carriage return U+000D is not allowed"]


def test_a_tab_inside_a_text_is_house_style_not_a_control_character(check):
    """A tab is allowed by the character policy (Markdown may indent with it) but the house style wants one space
    between words (issue 23)."""
    assert check(edit("en: Ocaq}", r'en: "Oc\taq"}')) == ["events.yaml:19:40: events[0].title.en: tab between words"]


def test_a_key_with_a_control_character_is_refused(check):
    assert check(edit("en: Ocaq}", 'en: Ocaq, "e\\x07n": Ocaq}')) == [
        "events.yaml:19:45: events[0].title: control character U+0007 is not allowed"]


# -- texts made only of invisible characters are empty -----------------------------------------------

@pytest.mark.parametrize(("text", "named"), [
    (r"\u200B", "U+200B"), (r"\u200C\u200D", "U+200C"), (r"\u2060", "U+2060"), (r"\u180E", "U+180E"),
    (r" \u200B\t", "U+200B"), (r"\u00AD", "U+00AD"),
])
def test_invisible_text_is_empty(check, text, named):
    assert check(edit("ru: Очаг,", f'ru: "{text}",')) == [
        f"events.yaml:19:27: events[0].title.ru: empty ru text: only invisible characters ({named})"]


def test_invisible_plain_text_is_empty(check):
    assert check(edit("    title: Məqalə", '    title: "\\u200B\\u2060"')) == [
        "events.yaml:12:12: sources.article.title: expected text, found only invisible characters (U+200B)"]


def test_json_schema_character_patterns_mean_the_same_in_ecma_262():
    """JSON Schema tools (editors, ajv) read patterns as ECMA-262 with the u flag: they must refuse and accept
    exactly what Python does."""
    import json
    import shutil
    import subprocess

    from culturelinks.data import schema

    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    samples = ["ok", "Şəki Москва\t😀🏾", "a\nb", "a\x07", "\x85", "\ufffe", "x\U0001fffe", "\U0010ffff", "\ufdd0",
               "\u200b\u2060", " \ufeff", "\U000e0001", "a\u200b", "\x7f", "\t"]
    patterns = [schema.FORBIDDEN_IN_LINE, schema.FORBIDDEN_IN_MARKDOWN, schema.VISIBLE]
    script = ("const [patterns, samples] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
              "console.log(JSON.stringify(patterns.map(p => samples.map(s => new RegExp(p, 'u').test(s)))));")
    result = subprocess.run(["node", "-e", script], input=json.dumps([patterns, samples]), capture_output=True,
                            text=True, check=True)
    assert json.loads(result.stdout) == [[re.search(p, s) is not None for s in samples] for p in patterns]


def test_json_schema_refuses_invisible_and_control_characters(json_schema_validator):
    import yaml

    for old, new in [("ru: Очаг,", r'ru: "\u200B",'), ("ru: Очаг,", r'ru: "a\x07",'), ("ru: Очаг,", r'ru: "a\nb",'),
                     ("en: A society.}", r'en: "A\rsociety."}'), ("en: A society.}", r'en: "A\uFDD0"}'),
                     ('date: "1989-10"', 'date: "9999"'), ('date: "1989-10"', 'date: "1989-13"')]:
        assert not json_schema_validator.is_valid(yaml.safe_load(edit(old, new))), new
    for old, new in [("en: A society.}", r'en: "A society.\n\nIt met."}'), ("ru: Очаг,", r'ru: "O\tч",'),
                     ("ru: Очаг,", 'ru: "Оча\u200dг 😀",')]:
        assert json_schema_validator.is_valid(yaml.safe_load(edit(old, new))), new


# -- anchors and the place of raw HTML ---------------------------------------------------------------

def test_an_anchor_without_an_alias_is_refused(check):
    assert check(edit("    sources: [{source: article}]\n", "    sources: &s [{source: article}]\n")) == [
        "events.yaml:21:14: anchor '&s' is not supported"]


def test_an_ampersand_in_text_is_not_an_anchor(check):
    assert check(edit("en: Ocaq}", "en: Ocaq & Co, ru: 'AT&T &x'}").replace("ru: Очаг, ", "")) == []


def test_raw_html_in_a_one_line_mapping_is_reported_where_it_is(check):
    text = edit("summary: {az: Cəmiyyət., ru: Общество., en: A society.}",
                "summary: {az: Cəmiyyət., ru: 'a <b>x</b>', en: 'It `a<b` <i>y</i>'}")
    assert check(text) == [
        "events.yaml:20:37: events[0].summary.ru: raw HTML is not allowed in Markdown, found '<b>'",
        "events.yaml:20:62: events[0].summary.en: raw HTML is not allowed in Markdown, found '<i>'",
    ]


@pytest.mark.parametrize("command", ["check", "build"])
def test_the_quoted_line_is_the_right_one_after_a_form_feed(project, command):
    """YAML counts a form feed as no line break, so neither may the quoted lines (str.splitlines does)."""
    from click.testing import CliRunner

    from culturelinks.cli import main

    data = project / "data" / "events.yaml"
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace("en: The Ocaq", "en: The\x0c Ocaq", 1).replace("en: Russian culture",
                                                                              "en: Russian\x07 culture"), "utf-8")
    result = CliRunner().invoke(main, [command], env={"GITHUB_ACTIONS": "false"})
    assert result.exit_code == 1
    assert "data/events.yaml:35:14: control character U+000C is not allowed\n   35 |       en: The\u240c Ocaq" \
        in result.output
    assert "data/events.yaml:67:18: control character U+0007 is not allowed\n   67 |       en: Russian\u2407 culture" \
        in result.output


def test_an_escape_yaml_cannot_read_is_named_at_its_backslash(tmp_path):
    """YAML itself refuses ``"\\ud800"`` (a lone surrogate): named as every refused character, not as a syntax error."""
    from culturelinks.data.dataset import check_file

    data = tmp_path / "events.yaml"
    data.write_text('types:\n  a: {az: "x\\ud800y", ru: b, en: c}\n', encoding="utf-8")
    checked, _ = check_file(data, "events.yaml")
    assert [problem.headline() for problem in checked.problems] == [
        "events.yaml:2:13: lone surrogate U+D800 is not allowed"]
