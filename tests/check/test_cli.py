"""`culturelinks check` and `culturelinks schema` through click: output shapes and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from culturelinks.cli import main
from tests.conftest import FIXTURES, ROOT

from .test_messages import VALID, edit

BAD = edit('date: "1989-10"', "date: May 2019", edit("    title: {az", "    tittle: {az"))


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def data(tmp_path: Path):
    def write(text: str) -> str:
        path = tmp_path / "events.yaml"
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


def test_clean_dataset_exits_0(runner, data):
    result = runner.invoke(main, ["check", "--data", data(VALID)])
    assert result.exit_code == 0, result.output
    assert result.output == "0 errors, 0 warnings\n"


def test_text_format_shows_the_line_and_a_caret(runner, data):
    path = data(BAD)
    result = runner.invoke(main, ["check", "--data", path], env={"GITHUB_ACTIONS": "false"})
    assert result.exit_code == 1
    assert result.output == (
        f"{path}:15:5: events[0]: missing required field 'title'\n"
        "   15 |   - id: ocaq\n"
        "      |     ^\n"
        f"{path}:16:11: events[0].date: expected YYYY, YYYY-MM or YYYY-MM-DD, found 'May 2019'\n"
        "   16 |     date: May 2019\n"
        "      |           ^\n"
        f"{path}:19:5: events[0].tittle: unknown field 'tittle'\n"
        "   19 |     tittle: {az: Ocaq, ru: Очаг, en: Ocaq}\n"
        "      |     ^\n"
        "      = hint: did you mean 'title'?\n"
        "3 errors, 0 warnings\n")


def test_json_format(runner, data):
    path = data(BAD)
    result = runner.invoke(main, ["check", "--data", path, "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["errors"] == 3 and report["warnings"] == 0
    assert report["problems"][1] == {
        "file": path, "line": 16, "column": 11, "path": "events[0].date",
        "message": "expected YYYY, YYYY-MM or YYYY-MM-DD, found 'May 2019'", "hint": "", "severity": "error"}


def test_github_format_is_the_default_in_github_actions(runner, data):
    path = data(BAD)
    result = runner.invoke(main, ["check", "--data", path], env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1
    assert result.output.splitlines()[1] == (
        f"::error file={path},line=16,col=11,title=events[0].date::"
        "expected YYYY, YYYY-MM or YYYY-MM-DD, found 'May 2019'")
    assert result.output.splitlines()[2] == (
        f"::error file={path},line=19,col=5,title=events[0].tittle::unknown field 'tittle' (hint: did you mean 'title'?)")


def test_warnings_pass_unless_strict(runner, data):
    path = data(edit("title: {az: Ocaq, ru: Очаг, en: Ocaq}", "title: {az: Ocaq, en: Ocaq}"))
    assert runner.invoke(main, ["check", "--data", path]).exit_code == 0
    strict = runner.invoke(main, ["check", "--data", path, "--strict"])
    assert strict.exit_code == 1
    assert "warning: events[0].title: missing the ru translation" in strict.output


@pytest.mark.parametrize("args", [["check", "--format", "xml"], ["check", "--bogus"], ["nonsense"]])
def test_usage_errors_exit_2(runner, data, args):
    data(VALID)
    result = runner.invoke(main, args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_default_data_path_is_data_events_yaml(runner, project):
    result = runner.invoke(main, ["check"])
    assert result.output.startswith("data/events.yaml:")  # the fixture lacks one Russian translation


def test_non_utf8_file_has_no_traceback(runner, tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"title: \xff\n")
    result = runner.invoke(main, ["check", "--data", str(path)])
    assert result.exit_code == 1
    assert result.output.startswith(f"{path}:1:8: the file is not UTF-8: byte 0xff cannot be decoded\n")
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_schema_command_matches_the_committed_schema(runner):
    result = runner.invoke(main, ["schema"])
    assert result.exit_code == 0
    committed = (ROOT / "schema" / "events.schema.json").read_text(encoding="utf-8")
    assert result.output == committed, "run: culturelinks schema -o schema/events.schema.json"


def test_data_file_names_the_schema_on_its_first_line():
    first_line = (ROOT / "data" / "events.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../schema/events.schema.json"


@pytest.mark.parametrize("path", [ROOT / "data" / "events.yaml", FIXTURES / "three-events.yaml"])
def test_json_schema_accepts_the_datasets(path):
    import jsonschema
    import yaml

    schema = json.loads((ROOT / "schema" / "events.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def test_json_schema_rejects_what_check_rejects():
    import jsonschema
    import yaml

    schema = json.loads((ROOT / "schema" / "events.schema.json").read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(yaml.safe_load(BAD), schema)


def test_real_dataset_is_clean_even_when_strict(runner, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = runner.invoke(main, ["check", "--strict"])
    assert result.output == "0 errors, 0 warnings\n"
    assert result.exit_code == 0


@pytest.mark.parametrize("command", [["check"], ["build"], ["translations"], ["translations", "--mark-done", "x", "ru"],
                                     ["new", "--date", "2001", "--type", "t", "--title", "T", "--summary", "S",
                                      "--source", "s"]])
@pytest.mark.parametrize("where", ["--data", "pelicanconf.py"])
def test_a_missing_data_file_is_one_message_in_every_command(project, command, where):
    """The data file named by --data or by CULTURELINKS_DATA in pelicanconf.py: every command reads the same
    setting, and says the same when the file is not there (issue 22)."""
    if where == "--data":
        args = [*command, "--data", "nowhere.yaml"]
    else:
        settings = project / "pelicanconf.py"
        settings.write_text(settings.read_text("utf-8").replace('"data/events.yaml"', '"nowhere.yaml"'), "utf-8")
        args = command
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    assert result.output.splitlines()[0] == "nowhere.yaml: cannot read the file: No such file or directory"
    assert "Traceback" not in result.output
