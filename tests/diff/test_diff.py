"""`culturelinks diff` through click: the pinned Markdown of each fixture pair, JSON, git refs, usage errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from culturelinks.cli import main

from .golden import CASES, PAIRS, PREVIEW_URL, expected, run_case


@pytest.mark.parametrize("case", CASES)
def test_markdown_is_pinned(case):
    result = run_case(case)
    assert result.exit_code == 0, result.output
    assert result.output == expected(case)


def test_the_same_data_gives_the_same_bytes():
    assert run_case("changed").output == run_case("changed").output


def test_a_changed_event_names_each_field_and_language():
    line = next(line for line in expected("changed").splitlines() if "`russian-culture-days-baku-1997`" in line)
    assert " — title (ru, added), summary (ru, added), summary (en, removed) — preview: " in line
    assert f"[en]({PREVIEW_URL}en/events/russian-culture-days-baku-1997/)" in line


def test_head_with_errors_is_summarised_and_flagged_before_anything_else():
    text = expected("broken")
    assert text.splitlines()[2:4] == [
        "> [!CAUTION]",
        ("> **HEAD has 3 errors, 2 warnings.** This summary covers only what could be read: events or fields with "
         "errors may show as removed or changed, and the site is not built, so there are no preview links. "
         "See *Check* below.")]
    assert "preview:" not in text
    assert "broken.yaml:29:11: events[0].date: expected YYYY, YYYY-MM or YYYY-MM-DD, found 'October 1989'" in text


def test_json(monkeypatch):
    result = run_case("changed", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["base"] == {"label": "base.yaml", "absent": False, "readable": True, "events": 3, "errors": 0,
                              "warnings": 2}
    assert report["events"]["changed"][0] == {
        "id": "culture-days-moscow-2007", "title": "Azerbaijani culture days in Moscow",
        "fields": ["date", "places", "summary (ru)"],
        "links": {lang: f"{PREVIEW_URL}{lang}/events/culture-days-moscow-2007/" for lang in ("az", "ru", "en")}}
    assert report["tables"]["places"] == {"added": [], "changed": {"moscow": ["name (en)"]}, "removed": []}
    assert report["translations"]["ru"] == {"before": {"translated": 2, "events": 3},
                                            "after": {"translated": 3, "events": 3}}
    assert report["problems"] == ["changed.yaml:67:7: warning: events[2].summary: missing the en translation"]


def test_data_from_a_pull_request_is_inert_markdown(tmp_path):
    hostile = "<img src=x onerror=alert(1)> @maintainer [click](https://evil.example) **bold** `code` | cell"
    head = tmp_path / "head.yaml"
    head.write_text((PAIRS / "base.yaml").read_text(encoding="utf-8").replace(
        "en: Azerbaijani culture days in Moscow", f"en: '{hostile}'"), encoding="utf-8")
    result = CliRunner().invoke(main, ["diff", str(PAIRS / "base.yaml"), str(head)])
    line = next(line for line in result.output.splitlines() if "culture-days-moscow-2007" in line)
    assert line == (r"- `culture-days-moscow-2007` &lt;img src=x onerror=alert(1)&gt; &#64;maintainer \[click\]"
                    r"(https://evil.example) \*\*bold\*\* \`code\` \| cell — title (en)")


def test_git_refs_read_the_dataset_as_committed(tmp_path, monkeypatch, commit):
    commit(tmp_path, (PAIRS / "base.yaml").read_text(encoding="utf-8"))
    commit(tmp_path, (PAIRS / "changed.yaml").read_text(encoding="utf-8"))
    (tmp_path / "data" / "events.yaml").write_text("not: [the committed data", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["diff", "HEAD~1", "HEAD", "--base-url", PREVIEW_URL])
    assert result.exit_code == 0, result.output
    assert result.output == expected("changed").replace("`base.yaml` → `changed.yaml`", "`HEAD~1` → `HEAD`") \
        .replace("changed.yaml:67:7:", "data/events.yaml:67:7:")


def test_a_ref_and_a_file_mix(tmp_path, monkeypatch, commit):
    commit(tmp_path, (PAIRS / "base.yaml").read_text(encoding="utf-8"))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["diff", "main", str(PAIRS / "removed.yaml")])
    assert result.exit_code == 0, result.output
    assert "Events: 3 → 2 · 0 added · 0 changed · 1 removed" in result.output


def test_a_commit_without_the_dataset_is_empty(tmp_path, monkeypatch, commit):
    commit(tmp_path, None)
    commit(tmp_path, (PAIRS / "base.yaml").read_text(encoding="utf-8"))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["diff", "HEAD~1", "HEAD"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "## Data changes: `HEAD~1` → `HEAD`\n\n"
        "> [!NOTE]\n> There is no dataset at BASE (`HEAD~1`): everything is new.\n\n"
        "Events: 0 → 3 · 3 added · 0 changed · 0 removed\n")


@pytest.mark.parametrize(("arguments", "message"), [
    (["nope", "HEAD"], "'nope' is neither a dataset file nor a git commit"),
    (["HEAD", "missing.yaml"], "'missing.yaml' is neither a dataset file nor a git commit"),
    (["HEAD~1", "HEAD~1"], "data/events.yaml exists at neither HEAD~1 nor HEAD~1 (pass --data for its path)"),
    (["HEAD", "HEAD", "--data", "data/other.yaml"],
     "data/other.yaml exists at neither HEAD nor HEAD (pass --data for its path)"),
])
def test_usage_errors_exit_2_with_a_message(tmp_path, monkeypatch, commit, arguments, message):
    commit(tmp_path, None)
    commit(tmp_path, (PAIRS / "base.yaml").read_text(encoding="utf-8"))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["diff", *arguments])
    assert result.exit_code == 2
    assert result.output.endswith(f"\nError: {message}\n")
    assert isinstance(result.exception, SystemExit)


def test_outside_a_git_repository_refs_are_usage_errors(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = CliRunner().invoke(main, ["diff", "main", str(PAIRS / "base.yaml")])
    assert result.exit_code == 2
    assert result.output.endswith("\nError: 'main' is neither a dataset file nor a git commit\n")


def test_people_and_organisations_are_tables_of_the_summary(tmp_path):
    """Issue 24: a person renamed, an organisation added and an event that names them are reported."""
    base = (PAIRS / "base.yaml").read_text(encoding="utf-8")
    head = tmp_path / "head.yaml"
    head.write_text(base.replace("en: Heydar Aliyev}", "en: Heydar Aliev}").replace(
        "    people: [heydar-aliyev]\n", "    people: [heydar-aliyev]\n    organisations: [birlik]\n", 1)
        + "organisations:\n  birlik:\n    name: {az: Birlik, ru: Бирлик, en: Birlik}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["diff", str(PAIRS / "base.yaml"), str(head), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["tables"]["people"] == {"added": [], "changed": {"heydar-aliyev": ["name (en)"]}, "removed": []}
    assert report["tables"]["organisations"] == {"added": ["birlik"], "changed": {}, "removed": []}
    assert [event["fields"] for event in report["events"]["changed"]] == [["organisations"]]
