"""The dataset's release, kept in CITATION.cff (data.release): the file is valid Citation File Format, a broken one
stops ``check`` and ``build`` with its problems at file:line:col, and the Open data page states the release.

``tests/fixtures/cff-schema-1.2.0.json`` is the Citation File Format's JSON Schema, version 1.2.0
(``$id`` https://citation-file-format.github.io/1.2.0/schema.json, draft-07), as cffconvert 2.0.0 ships it, copied
unchanged. cffconvert itself would pin jsonschema below 4, so the test validates with jsonschema 4 as cffconvert
does (``Draft7Validator`` with a ``FormatChecker``).
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from culturelinks.cli import main

from .conftest import ROOT, parse

CFF_SCHEMA = ROOT / "tests" / "fixtures" / "cff-schema-1.2.0.json"

BROKEN = """\
cff-version: 1.2.0
message: "If you use this chronology or its data, please cite it as below."
title: "Russian–Azerbaijani cultural relations: a chronology"
date-released: "2026-13-06"
authors: []
license: CC-BY-4.0
"""


def cff_problems(text: str) -> list[str]:
    schema = json.loads(CFF_SCHEMA.read_text("utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    return sorted(f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
                  for error in validator.iter_errors(yaml.safe_load(text)))


def test_citation_cff_is_valid_citation_file_format():
    assert json.loads(CFF_SCHEMA.read_text("utf-8"))["$id"] == "https://citation-file-format.github.io/1.2.0/schema.json"
    assert cff_problems((ROOT / "CITATION.cff").read_text("utf-8")) == []


def test_the_schema_finds_what_is_wrong_with_a_broken_citation_cff():
    problems = cff_problems(BROKEN)
    assert any(problem.startswith("authors: ") for problem in problems), problems
    assert any(problem.startswith("date-released: ") for problem in problems), problems


def test_a_broken_citation_cff_stops_check_and_build_and_keeps_the_previous_site(project: Path):
    runner = CliRunner()
    assert runner.invoke(main, ["build"]).exit_code == 0
    before = {path: path.read_bytes() for path in (project / "output").rglob("*") if path.is_file()}
    (project / "CITATION.cff").write_text(BROKEN, "utf-8")
    expected = [
        "CITATION.cff:1:1: version: is missing",
        "CITATION.cff:4:16: date-released: '2026-13-06' is not a day",
        "CITATION.cff:5:10: authors: must list the dataset's editors",
    ]

    checked = runner.invoke(main, ["check"])
    built = runner.invoke(main, ["build"])

    for result in (checked, built):
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        headlines = [line for line in result.output.splitlines() if line.startswith("CITATION.cff:")]
        assert headlines == expected, result.output
    after = {path: path.read_bytes() for path in (project / "output").rglob("*") if path.is_file()}
    assert after == before


@pytest.mark.parametrize(("lang", "date", "licence", "editors"), [
    ("az", "6 dekabr 2026-cı il", "Lisenziya", "Redaktor"),
    ("ru", "6 декабря 2026\u202fг.", "Лицензия", "Редактор"),
    ("en", "6 December 2026", "Licence", "Editor"),
])
def test_the_open_data_page_states_the_release(built_site: Path, lang: str, date: str, licence: str, editors: str):
    page = parse(built_site / lang / "data" / "index.html")
    facts = {row.xpath("string(dt)"): row.find("dd") for row in page.xpath("//dl[contains(@class, 'release')]/div")}
    assert list(facts)[2:] == [licence, editors]
    version, released = list(facts.values())[:2]
    assert version.text_content() == "1.0.0"
    assert released.xpath("string(time/@datetime)") == "2026-12-06" and released.text_content() == date
    link = facts[licence].find("a")
    assert (link.get("href"), link.get("rel"), link.text) == ("https://creativecommons.org/licenses/by/4.0/",
                                                              "license", "CC-BY-4.0")
    assert facts[editors].text_content() == "culturelinks"
    listed = page.xpath("//dl[@class='downloads']/dt/a/text()")
    assert {"events.ttl", "datapackage.json"} <= set(listed)
    citation = page.xpath("string(//p[@class='citation'])").replace("\u00a0", " ")  # the dataset cited by this page
    assert "1.0.0" in citation and "/data/" in citation
