"""`check` enforces the house style CONTRIBUTING documents, in the data and in the content pages, each
violation at file:line:col (issue 23)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from culturelinks.cli import main
from culturelinks.data.dataset import check_file
from culturelinks.data.validate import prose_rules
from culturelinks.languages import DEFAULT

from .test_messages import edit

SUMMARY = "summary: {az: Cəmiyyət., ru: Общество., en: A society.}"


def summaries(az: str = "Cəmiyyət.", ru: str = "Общество.", en: str = "A society.") -> str:
    """The dataset with the event's summaries written out as block scalars on lines 22, 24 and 26."""
    return edit(SUMMARY, f"summary:\n      az: |-\n        {az}\n      ru: |-\n        {ru}\n      en: |-\n        {en}")


def test_a_tab_between_words_is_refused(check):
    assert check(summaries(en="A\tsociety.")) == ["events.yaml:26:10: events[0].summary.en: tab between words"]


def test_a_range_with_spaced_dashes_is_refused(check):
    assert check(summaries(az="2004 - 2006-cı illər üçün.", ru="В 2004 – 2006 годах.")) == [
        "events.yaml:22:9: events[0].summary.az: spaced dash in the range '2004 - 2006'",
        "events.yaml:24:11: events[0].summary.ru: spaced dash in the range '2004 – 2006'",
    ]


def test_a_range_with_an_em_dash_is_refused(check):
    assert check(summaries(en="On 16—18 May.", ru="В XVIII—XX веках.")) == [
        "events.yaml:24:11: events[0].summary.ru: em dash in the range 'XVIII—XX'",
        "events.yaml:26:12: events[0].summary.en: em dash in the range '16—18'",
    ]


def test_a_sentence_dash_between_numbers_is_not_a_range(check):
    """A spaced em dash is Russian punctuation, not a range; a date range the site writes is not the editor's."""
    assert check(summaries(ru="Их было 12 — 5 из них в Москве.", en="A 1990s society.")) == []


def test_the_hints_give_the_range_as_it_should_be_written(tmp_path: Path):
    path = tmp_path / "events.yaml"
    path.write_text(summaries(az="2004 - 2006-cı illər.", en="On 16—18 May."), encoding="utf-8")
    assert [problem.hint for problem in check_file(path)[0].problems] == [
        "a range takes an en dash without spaces: '2004–2006'", "a range takes an en dash: '16–18'"]


def test_quotes_of_another_language_are_refused(check):
    assert check(summaries(az="«Ocaq» cəmiyyəti.", ru="Общество “Оджаг”.")) == [
        "events.yaml:22:9: events[0].summary.az: quote («) of another language in Azerbaijani text",
        "events.yaml:22:14: events[0].summary.az: quote (») of another language in Azerbaijani text",
        "events.yaml:24:18: events[0].summary.ru: quote (“) of another language in Russian text",
        "events.yaml:24:24: events[0].summary.ru: quote (”) of another language in Russian text",
    ]


def test_each_language_s_own_quotes_pass(check):
    """Russian „…“ inside «…» closes with “, which is its own there; Azerbaijani uses “…”."""
    assert check(summaries(az="“Ocaq” cəmiyyəti.", ru="Общество «Оджаг „Москва“».")) == []


def test_content_pages_are_read_by_check(project: Path):
    """Their title, summary and text, outside code blocks and HTML tags, at the line and column of each finding."""
    page = project / "content" / "pages" / "about.en.md"
    lines = page.read_text("utf-8").split("\n")
    title = next(number for number, line in enumerate(lines) if line.startswith("Title:"))
    lines[title] = "Title: About the  chronology"
    body = lines.index("") + 1
    lines[body:body] = ["The chronology covers 1991 - 2020,\tthen \u201cmore\u201d.", "",
                        "```", "1991 - 2020 in a code block is code", "```", "",
                        "<span title=\"a 'quoted' attribute\">1991–2020</span>", ""]
    page.write_text("\n".join(lines), "utf-8")
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1, result.output
    first = body + 1
    assert [line for line in result.output.splitlines() if line.startswith("content/")] == [
        f"content/pages/about.en.md:{title + 1}:17: 2 spaces in a row",
        f"content/pages/about.en.md:{first}:23: spaced dash in the range '1991 - 2020'",
        f"content/pages/about.en.md:{first}:35: tab between words",
        f"content/pages/about.en.md:{first}:41: typographic quote (“) typed in English text",
        f"content/pages/about.en.md:{first}:46: typographic quote (”) typed in English text",
    ], result.output


def test_the_project_s_own_pages_and_data_keep_the_house_style():
    """What CONTRIBUTING asks is what the repository does: `check --strict` passes on it."""
    result = CliRunner().invoke(main, ["check", "--strict"])
    assert result.exit_code == 0, result.output


def test_the_pre_commit_hook_checks_strictly():
    hooks = (Path(__file__).parents[2] / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "check --strict" in hooks


@given(st.text(alphabet=st.sampled_from(["a", "ə", "я", "1", "9", "I", "V", "C", " ", "-", "–", "—", "\t", "\u00a0",
                                         "\u202f", "\u2007", '"', "'", "“", "”", "‘", "’", "«", "»", "„", "."]),
               max_size=30))
def test_a_text_the_rules_could_fault_holds_one_of_the_characters_searched_first(text):
    """``prose_findings`` searches each text for a few characters (or two spaces) before the pattern of every rule:
    whatever the pattern finds holds one of them, in every language."""
    for language in DEFAULT:
        characters, trigger, _ = prose_rules(language)
        if trigger.search(text):
            assert characters.search(text) or "  " in text
