"""`culturelinks translations`: missing and outdated translations, and --mark-done."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from culturelinks.cli import main
from tests.conftest import FIXTURES

BAKU = "russian-culture-days-baku-1997"
OCAQ = "ocaq-society"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "events.yaml"
    shutil.copy(FIXTURES / "three-events.yaml", path)
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["translations", *args])
    return result.exit_code, result.output


def test_text_report(data):
    assert run("--data", str(data)) == (0, (
        "az  100.0%  (6/6)\n"
        "ru   66.7%  (4/6)\n"
        "en  100.0%  (6/6)\n"
        "\n"
        f"missing   ru  {BAKU}  title\n"
        f"missing   ru  {BAKU}  summary\n"))


def test_strict_fails_on_gaps(data):
    assert run("--data", str(data), "--strict")[0] == 1


def test_markdown_report(data):
    code, output = run("--data", str(data), "--format", "markdown")
    assert code == 0
    assert "| ru | 66.7% | 4 / 6 |" in output
    assert f"| `{BAKU}` | summary | ru | missing |" in output


def test_json_report(data):
    report = json.loads(run("--data", str(data), "--format", "json")[1])
    assert report["progress"][1] == {"lang": "ru", "done": 4, "total": 6, "percent": 66.7}
    assert report["gaps"][0] == {"event": BAKU, "field": "title", "lang": "ru", "state": "missing", "detail": ""}


def test_mark_done_then_an_edit_of_the_original_flags_the_translation(data):
    before = data.read_text(encoding="utf-8")
    assert run("--data", str(data), "--mark-done", OCAQ, "ru") == (
        0, f"{OCAQ}: ru marked as translated from the current az text\n")
    after = data.read_text(encoding="utf-8")
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert added == ["    translations:", '      ru: {from: "az", checksum: "' + added[1].split('"')[3] + '"}']
    assert after.replace("\n".join(added) + "\n", "") == before  # nothing else changed
    assert run("--data", str(data))[0] == 0 and "outdated" not in run("--data", str(data))[1]

    data.write_text(after.replace("rəsmi qeydiyyatdan", "qeydiyyatdan"), encoding="utf-8")
    output = run("--data", str(data))[1]
    assert f"outdated  ru  {OCAQ}  title  (the az text changed since it was translated)" in output
    assert f"outdated  ru  {OCAQ}  summary  (the az text changed since it was translated)" in output

    run("--data", str(data), "--mark-done", OCAQ, "ru")
    assert "outdated" not in run("--data", str(data))[1]
    assert data.read_text(encoding="utf-8").count("translations:") == 1


def test_mark_done_adds_a_second_language_and_accepts_from(data):
    run("--data", str(data), "--mark-done", OCAQ, "ru")
    assert run("--data", str(data), "--mark-done", OCAQ, "az", "--from", "en")[0] == 0
    text = data.read_text(encoding="utf-8")
    assert '      az: {from: "en", checksum: "' in text


def test_mark_done_refusals(data):
    code, output = run("--data", str(data), "--mark-done", "nope", "ru")
    assert (code, output) == (1, "Error: no event with id 'nope'\n")
    code, output = run("--data", str(data), "--mark-done", BAKU, "ru")
    assert (code, output) == (1, f"Error: '{BAKU}' has no complete ru text to mark as translated\n")
    assert run("--data", str(data), "--mark-done", OCAQ, "fr")[0] == 2
