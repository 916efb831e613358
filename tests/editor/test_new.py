"""`culturelinks new` adds a well-formed event in place, keeping the file's comments and layout."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from culturelinks.cli import main
from culturelinks.data.dataset import load_chronology
from culturelinks.tools.editing import slug_for
from tests.conftest import FIXTURES

ARGS = ["--type", "culture-days", "--place", "baku", "--lang", "az", "--source", "article"]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "events.yaml"
    shutil.copy(FIXTURES / "three-events.yaml", path)
    return path


def add(data: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["new", "--data", str(data), *args], input="")
    return result.exit_code, result.output


def test_new_event_lands_in_chronological_order_with_everything_else_kept(data):
    before = data.read_text(encoding="utf-8").splitlines()
    code, output = add(data, "--date", "2005-02-16", "--title", "Rusiyada Azərbaycan ili",
                       "--summary", "Təntənəli açılış mərasimi.", *ARGS, "--locator", "[2]")
    assert code == 0, output
    assert output.startswith("added 'rusiyada-azerbaycan-ili-2005' to ")
    after = data.read_text(encoding="utf-8").splitlines()
    changes = difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes()
    assert {op for op, *_ in changes} == {"equal", "insert"}  # every old line kept as it was
    chronology, warnings = load_chronology(data)
    assert [e.id for e in chronology.events] == [
        "ocaq-society", "russian-culture-days-baku-1997", "rusiyada-azerbaycan-ili-2005", "culture-days-moscow-2007"]
    event = chronology.event("rusiyada-azerbaycan-ili-2005")
    assert event.title.get("az") == "Rusiyada Azərbaycan ili" and event.title.get("ru") is None
    assert event.sources[0].locator == "[2]"
    assert "      # ru: (to translate)" in after
    file_order = [line.split("id: ")[1] for line in after if line.startswith("  - id: ")]
    assert file_order == ["ocaq-society", "rusiyada-azerbaycan-ili-2005", "culture-days-moscow-2007",
                          "russian-culture-days-baku-1997"]  # before the first later event in the file


def test_new_event_after_the_last_one(data):
    assert add(data, "--date", "2024", "--title", "Forum", "--summary", "A forum.", *ARGS)[0] == 0
    # The last of the events, before the table that follows them in the fixture (people).
    assert data.read_text(encoding="utf-8").split("\npeople:\n")[0].rstrip().endswith("      - source: article")
    assert load_chronology(data)[0].events[-1].id == "forum-2024"


def test_bad_options_are_all_reported_and_nothing_is_written(data):
    before = data.read_bytes()
    code, output = add(data, "--date", "2005-02-30", "--title", "x", "--summary", "y", "--type", "days",
                       "--place", "bakuu", "--source", "article")
    assert code == 1
    assert output.splitlines() == [
        "Error: --date: '2005-02-30' is not a real date: February 2005 has 28 days",
        "--type: unknown type 'days'; known: culture-days, society",
        "--place: unknown place 'bakuu'; known: baku, moscow",
    ]
    assert data.read_bytes() == before


def test_ids_are_fresh_ascii_slugs():
    assert slug_for("Şəki, İçərişəhər: Дни культуры", "1997-04", set()) == "seki-iceriseher-dni-kultury-1997"
    assert slug_for("Forum", "2024", {"forum-2024", "forum-2024-2"}) == "forum-2024-3"
