"""Every kind of bad input, each pinned to its exact message and line (issue 2, item 5)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from culturelinks.data import loader
from culturelinks.data.dataset import check_file

VALID = """\
types:
  society:
    az: Cəmiyyət
    ru: Общество
    en: Society
places:
  moscow:
    name: {az: Moskva, ru: Москва, en: Moscow}
    country: RU
sources:
  article:
    title: Məqalə
    language: az
events:
  - id: ocaq
    date: "1989-10"
    type: society
    places: [moscow]
    title: {az: Ocaq, ru: Очаг, en: Ocaq}
    summary: {az: Cəmiyyət., ru: Общество., en: A society.}
    sources: [{source: article}]
"""
SECOND_EVENT = """\
  - id: birlik
    date: "1997"
    type: society
    places: [moscow]
    title: {az: Birlik, ru: Бирлик, en: Birlik}
    summary: {az: Cəmiyyət., ru: Общество., en: A society.}
    sources: [{source: article}]
"""


def edit(old: str, new: str, text: str = VALID) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def test_valid_dataset_has_no_problems(check):
    assert check(VALID) == []


def test_not_utf8(check):
    assert check(VALID.encode("utf-8").replace("Məqalə".encode(), b"M\xe9qal\xe9")) == [
        "events.yaml:12:13: the file is not UTF-8: byte 0xe9 cannot be decoded"]


def test_tabs_in_indentation_are_all_reported(check):
    text = edit("    country: RU", "\tcountry: RU", edit("    language: az", "  \tlanguage: az"))
    assert check(text) == [
        "events.yaml:9:1: tab character in the indentation; YAML allows only spaces",
        "events.yaml:13:3: tab character in the indentation; YAML allows only spaces",
    ]


def test_yaml_syntax_error(check):
    assert check(edit("    country: RU", "    country: RU: AZ")) == [
        "events.yaml:9:16: YAML syntax error: mapping values are not allowed in this context"]


def test_unclosed_flow_mapping(check):
    assert check(edit("en: Ocaq}", "en: Ocaq")) == [
        "events.yaml:20:12: YAML syntax error: did not find expected ',' or '}' "
        "(while parsing a flow mapping at line 19)"]


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_empty_file(check, text):
    assert check(text) == ["events.yaml:1:1: the file is empty"]


def test_duplicate_keys(check):
    assert check(edit("    type: society\n", "    type: society\n    type: society\n")) == [
        "events.yaml:18:5: events[0].type: duplicate key 'type' (first at line 17)"]


def test_yaml11_no_is_text_where_text_is_expected(check):
    assert check(edit("en: Ocaq}", "en: no}")) == []


def test_yaml11_no_is_not_a_boolean(check):
    assert check(edit('date: "1989-10"', 'date: {start: "1989-10", approximate: no}')) == [
        "events.yaml:16:43: events[0].date.approximate: expected true or false, found 'no'"]


def test_yaml11_octal_is_not_a_number(check):
    assert check(edit("    language: az\n", "    language: az\n    year: 010\n")) == [
        "events.yaml:14:11: sources.article.year: expected a whole number from 1000 to 2100, found '010'"]


def test_wrong_types(check):
    text = edit("places: [moscow]", "places: moscow", edit("    language: az\n", '    language: az\n    year: "2024"\n'))
    assert check(text) == [
        "events.yaml:14:11: sources.article.year: expected a whole number from 1000 to 2100, found '2024' "
        "(remove the quotes)",
        "events.yaml:19:13: events[0].places: expected a list, found 'moscow'",
    ]


def test_unknown_field(check):
    assert check(edit("    title: {az", "    tittle: {az")) == [
        "events.yaml:15:5: events[0]: missing required field 'title'",
        "events.yaml:19:5: events[0].tittle: unknown field 'tittle'",
    ]


def test_missing_fields(check):
    assert check(edit("    type: society\n", "").replace("    places: [moscow]\n", "")) == [
        "events.yaml:15:5: events[0]: missing required field 'places'",
        "events.yaml:15:5: events[0]: missing required field 'type'",
    ]


@pytest.mark.parametrize(("date", "message"), [
    ("2005-02-30", "'2005-02-30' is not a real date: February 2005 has 28 days"),
    ("2005-13", "'2005-13' is not a real date: there is no month 13"),
    ("May 2019", "expected YYYY, YYYY-MM or YYYY-MM-DD, found 'May 2019'"),
    ("16.02.2005", "expected YYYY, YYYY-MM or YYYY-MM-DD, found '16.02.2005'"),
])
def test_impossible_or_malformed_dates(check, date, message):
    assert check(edit('date: "1989-10"', f'date: "{date}"')) == [f"events.yaml:16:11: events[0].date: {message}"]


def test_unquoted_date_is_checked_as_written(check):
    assert check(edit('date: "1989-10"', "date: 2005-02-16")) == []


def test_range_ending_before_it_starts(check):
    assert check(edit('date: "1989-10"', 'date: {start: "2005-03", end: "2005-01"}')) == [
        "events.yaml:16:35: events[0].date.end: the period ends (2005-01) before it starts (2005-03)"]


def test_duplicate_ids(check):
    text = VALID + SECOND_EVENT.replace("id: birlik", "id: ocaq")
    assert check(text) == ["events.yaml:22:9: events[1].id: duplicate id 'ocaq' (also events[0] at line 15)"]


@pytest.mark.parametrize("bad_id", ["../x", "'two words'", "Ocaq", "ocaq--1", "-ocaq", "ocaq_1"])
def test_unsafe_ids(check, bad_id):
    shown = bad_id.strip("'")
    assert check(edit("id: ocaq", f"id: {bad_id}")) == [
        f"events.yaml:15:9: events[0].id: expected a lowercase ASCII slug such as 'culture-days' "
        f"(a-z, 0-9 and single hyphens), found {shown!r}"]


def test_unknown_references(check):
    text = edit("type: society", "type: sociaty", edit("[moscow]", "[moskow]", edit("source: article", "source: x")))
    assert check(text) == [
        "events.yaml:17:11: events[0].type: unknown type 'sociaty'",
        "events.yaml:18:14: events[0].places[0]: unknown place 'moskow'",
        "events.yaml:21:24: events[0].sources[0].source: unknown source 'x'",
    ]


def test_missing_language_is_a_warning(check):
    assert check(edit("title: {az: Ocaq, ru: Очаг, en: Ocaq}", "title: {az: Ocaq, en: Ocaq}")) == [
        "events.yaml:19:12: warning: events[0].title: missing the ru translation"]


def test_empty_language_is_an_error(check):
    assert check(edit("ru: Очаг,", 'ru: "",')) == ["events.yaml:19:27: events[0].title.ru: empty ru text"]


def test_language_with_nothing_is_an_error(check):
    assert check(edit("ru: Очаг,", "ru: ,")) == ["events.yaml:19:27: events[0].title.ru: expected text, found nothing"]


def test_unknown_language(check):
    assert check(edit("en: Ocaq}", "en: Ocaq, fr: Ocaq}")) == [
        "events.yaml:19:43: events[0].title.fr: unknown language 'fr'; expected az, ru or en"]


def test_type_labels_need_every_language(check):
    assert check(edit("    ru: Общество\n", "")) == ["events.yaml:3:5: types.society: missing the ru translation"]


def test_raw_html_in_markdown_is_refused(check):
    text = edit("summary: {az: Cəmiyyət., ru: Общество., en: A society.}",
                "summary:\n      az: Cəmiyyət.\n      ru: Общество.\n      en: |-\n        A society.\n\n"
                "        It met <script>alert(1)</script> often.")
    assert check(text) == [
        "events.yaml:26:16: events[0].summary.en: raw HTML is not allowed in Markdown, found '<script>'"]


def test_angle_brackets_in_code_or_autolinks_are_fine(check):
    assert check(edit("en: A society.}", "en: 'See <https://example.org> and `a<b`.'}")) == []


def test_alias_bomb_is_refused_without_expanding_it(check):
    """Nine levels of nine aliases: expanded, 387 million strings; refused after visiting each node once."""
    lines = ["types: {}", "places: {}", "sources: {}", 'x0: &x0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"x{i}: &x{i} [{', '.join([f'*x{i - 1}'] * 9)}]" for i in range(1, 10)]
    lines.append("events: [*x9, *x9]")
    problems = check("\n".join(lines) + "\n")
    assert "events.yaml:5:10: alias '*x0' is not supported" in problems
    assert "events.yaml:14:10: alias '*x9' is not supported" in problems
    assert sum("alias" in p for p in problems) == 9 * 9 + 2


def test_aliases_in_a_dataset(check):
    text = edit("    sources: [{source: article}]\n", "    sources: &s [{source: article}]\n") + \
        SECOND_EVENT.replace("sources: [{source: article}]", "sources: *s")
    assert check(text) == ["events.yaml:21:14: anchor '&s' is not supported",
                           "events.yaml:28:14: alias '*s' is not supported"]


def test_oversized_file_is_refused_before_reading(check, monkeypatch):
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 100)
    assert check(VALID) == [f"events.yaml:1:1: the file is {len(VALID.encode()):,} bytes; the limit is 100"]


def test_a_chronology_of_30000_events_is_not_too_large():
    """Issue 26 measures one machine at 30,000 events: a file of that many, written as the benchmark writes
    them (92 MB), is under the limit with room to spare."""
    from benchmarks import synthetic

    assert len(synthetic.dataset(300).encode()) * 100 * 1.5 < loader.MAX_FILE_BYTES


def test_deep_nesting_is_refused(check):
    depth = 100_000  # enough to crash libyaml's recursive composer if it were reached
    assert check("a: " + "[" * depth + "]" * depth + "\n") == [
        f"events.yaml:1:{loader.MAX_NESTING + 3}: nesting deeper than {loader.MAX_NESTING} levels"]


@settings(max_examples=300)
@given(st.lists(st.sampled_from([" ", "  " * 40, "- ", "- " * 50, "? ", "[", "[" * 100, "]", "]" * 30, "{", "}",
                                 "\n", "\r\n", "x", "x" * 250]), max_size=12))
def test_the_nesting_precheck_is_its_plain_definition(pieces):
    """``_may_nest_deeply`` says what its definition says: the longest structural prefix of a line (indentation and
    ``- ``/``? ``) plus two plus the deepest unclosed bracket reaches MAX_NESTING, when some line is long."""
    text = "".join(pieces)
    prefix = max((len(match.group()) for match in re.finditer(r"^[ ?-]+", text, re.MULTILINE)), default=0)
    depth = deepest = 0
    for bracket in re.findall(r"[\[\]{}]", text):
        depth = depth + 1 if bracket in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    long_line = any(len(line) >= loader.MAX_NESTING for line in text.split("\n"))
    assert loader._may_nest_deeply(text) == (long_line and prefix + 2 + deepest >= loader.MAX_NESTING)


@pytest.mark.parametrize("tag", ["!!python/object:os.system", "!!python/object/apply:os.system", "!custom",
                                 "!!binary"])
def test_tags_are_refused(check, tag):
    assert check(edit("en: Ocaq}", f"en: {tag} Ocaq}}")) == [
        f"events.yaml:19:37: events[0].title.en: YAML tag '{tag}' is not allowed"]


def test_top_level_must_be_a_mapping(check):
    assert check("- a\n- b\n") == [
        "events.yaml:1:1: expected a mapping (a chronology of russian–azerbaijani cultural relations), found a list"]


def test_many_problems_reported_at_once(check):
    text = edit('date: "1989-10"', 'date: "1989-13"', edit("type: society", "type: x", edit("id: ocaq", "id: Ocaq")))
    assert len(check(text)) == 3


@pytest.mark.parametrize("date", [
    '{earliest: "1998", latest: "2020"}', '{latest: "2020"}', '{earliest: "2011-05"}',
    '{since: "2011", every: year}', '{since: "2011-10-19"}', '{start: "2011"}',
])
def test_every_form_of_date_is_valid(check, date):
    assert check(edit('date: "1989-10"', f"date: {date}")) == []


@pytest.mark.parametrize(("date", "message"), [
    ('{start: "2011", latest: "2020"}',
     "16:11: events[0].date: mixes the keys of two forms of date ('start' and 'latest')"),
    ('{earliest: "2011", approximate: true}',
     "16:11: events[0].date: mixes the keys of two forms of date ('earliest' and 'approximate')"),
    ('{since: "2011", end: "2020"}', "16:11: events[0].date: mixes the keys of two forms of date ('since' and 'end')"),
    ("{every: year}", "16:11: events[0].date: missing required field 'since'"),
    ('{since: "2011", every: month}', "16:34: events[0].date.every: expected year, found 'month'"),
    ('{since: "2011", evry: year}', "16:27: events[0].date.evry: unknown field 'evry'"),
    ('{earliest: "2020", latest: "2011"}',
     "16:38: events[0].date.latest: the bounds are in the wrong order: latest (2011) is before earliest (2020)"),
    ('{earliest: "2011", latest: "2011"}', "16:38: events[0].date.latest: earliest and latest leave only 2011"),
    ('{earliest: "2020-05-31", latest: "2020-05"}',
     "16:44: events[0].date.latest: earliest and latest leave only 2020-05-31"),
    ('{earliest: "2020-01", latest: "2020-12"}', "16:41: events[0].date.latest: earliest and latest leave only 2020"),
    ('{earliest: "2020-05-01", latest: "2020-05-31"}',
     "16:44: events[0].date.latest: earliest and latest leave only 2020-05"),
    ('{latest: "2020-02-30"}',
     "16:20: events[0].date.latest: '2020-02-30' is not a real date: February 2020 has 29 days"),
])
def test_forms_of_date_are_checked(check, date, message):
    assert check(edit('date: "1989-10"', f"date: {date}")) == [f"events.yaml:{message}"]


def test_date_messages_say_what_to_do(tmp_path):
    path = tmp_path / "events.yaml"
    path.write_text(edit('date: "1989-10"', 'date: {start: "2011", latest: "2020"}'), encoding="utf-8")
    hints = [problem.hint for problem in check_file(path)[0].problems]
    assert hints == [("a period is {start, end, approximate}; one unknown day between two dates {earliest, latest}, "
                      "either of them alone when the other is open; from a date on {since, every}")]
    path.write_text(edit('date: "1989-10"', 'date: {earliest: "2011", latest: "2011"}'), encoding="utf-8")
    assert [problem.hint for problem in check_file(path)[0].problems] == ['write it as a single date: date: "2011"']


def test_straight_quotes_in_russian_and_azerbaijani_prose_are_refused(check):
    text = edit("az: Ocaq, ru: Очаг,", """az: "Ocaq'ın", ru: 'Клуб "Очаг"',""")
    assert check(text) == [
        "events.yaml:19:22: events[0].title.az: straight quote (') in Azerbaijani text",
        'events.yaml:19:38: events[0].title.ru: straight quote (") in Russian text',
        'events.yaml:19:43: events[0].title.ru: straight quote (") in Russian text',
    ]


def test_typographic_quotes_typed_in_english_are_refused(check):
    """English quotes are set by the site (typography.py): typed, they would be a second spelling."""
    assert check(edit("en: Ocaq}", "en: “Ocaq”}")) == [
        "events.yaml:19:37: events[0].title.en: typographic quote (“) typed in English text",
        "events.yaml:19:42: events[0].title.en: typographic quote (”) typed in English text",
    ]


def test_a_hyphen_in_a_range_is_refused_where_it_is(check):
    text = edit("summary: {az: Cəmiyyət., ru: Общество., en: A society.}",
                "summary:\n      az: |-\n        2002-04-23 tarixində 1-ci dəfə, İTAR-TASS ilə.\n"
                "        “2004-2006-cı illər üzrə” və “XVIII-XX əsrlər”, 1-3 may.\n"
                "      ru: Общество.\n      en: A society.")
    assert check(text) == [
        "events.yaml:23:10: events[0].summary.az: hyphen in the range '2004-2006'",
        "events.yaml:23:39: events[0].summary.az: hyphen in the range 'XVIII-XX'",
        "events.yaml:23:57: events[0].summary.az: hyphen in the range '1-3'",
    ]


def test_double_and_no_break_spaces_are_refused(check):
    text = edit("ru: Общество., en: A society.}", "ru: 1995\u00a0г., en: A  society.}")
    assert check(text) == [
        "events.yaml:20:38: events[0].summary.ru: no-break space typed",
        "events.yaml:20:48: events[0].summary.en: 2 spaces in a row",
    ]


def test_markdown_code_and_link_destinations_are_not_prose(check):
    assert check(edit("ru: Общество.,", "ru: 'См. `\"x\"`, `1-3` и [ссылку](https://example.org/1-2)',")) == []


def test_prose_messages_say_what_to_write(tmp_path):
    path = tmp_path / "events.yaml"
    path.write_text(edit("az: Ocaq, ru: Очаг, en: Ocaq}", """az: '"Ocaq"', ru: '"Очаг"', en: “Ocaq 1990-1995  ”}"""),
                    encoding="utf-8")
    hints = {problem.message: problem.hint for problem in check_file(path)[0].problems}
    assert hints == {
        'straight quote (") in Azerbaijani text': "write “…”; an apostrophe is ’",
        'straight quote (") in Russian text': "write «…», with „…“ inside them; an apostrophe is ’",
        "typographic quote (“) typed in English text":
            "type straight quotes (\" and '): the site shows them as “ ” ‘ ’ and apostrophes",
        "typographic quote (”) typed in English text":
            "type straight quotes (\" and '): the site shows them as “ ” ‘ ’ and apostrophes",
        "hyphen in the range '1990-1995'": "a range takes an en dash: '1990–1995'",
        "2 spaces in a row": "use one space",
    }
    path.write_text(edit("ru: Общество.,", "ru: 1995\u00a0г.,"), encoding="utf-8")
    assert [problem.hint for problem in check_file(path)[0].problems] == [
        "type an ordinary space: the site puts no-break spaces where Russian typography needs them"]
