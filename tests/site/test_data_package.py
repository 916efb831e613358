"""``/data/datapackage.json``: a Frictionless Data Package of the open data that ``frictionless validate`` passes,
with the release CITATION.cff states and events.csv's real columns and types."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from culturelinks.build import build_site
from culturelinks.languages import DEFAULT
from culturelinks.site import exports

from .conftest import ROOT, SETTINGS, build_fixture_site
from .open_data import assert_valid_package, frictionless_validate

DATE_FORMS = ROOT / "tests" / "fixtures" / "date-forms.yaml"


@pytest.fixture(scope="module")
def date_forms_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every form of date: bounds that do not exist leave events.csv's date_start or date_end empty."""
    return build_site(tmp_path_factory.mktemp("forms") / "output", DATE_FORMS, None, settings_file=SETTINGS).output


def test_the_data_package_passes_frictionless_validate(built_site: Path, date_forms_site: Path):
    assert_valid_package(built_site / "data" / "datapackage.json")
    assert_valid_package(date_forms_site / "data" / "datapackage.json")
    cells = (date_forms_site / "data" / "events.csv").read_text("utf-8")
    assert ",," in cells, "some bound is empty, and valid as a missing date"


def test_the_package_is_the_release_citation_cff_states(built_site: Path):
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text("utf-8"))
    package = json.loads((built_site / "data" / "datapackage.json").read_text("utf-8"))
    assert package["version"] == cff["version"]
    assert package["created"] == f"{cff['date-released']}T00:00:00Z"
    assert package["licenses"] == [{"name": cff["license"], "path": "https://creativecommons.org/licenses/by/4.0/"}]
    assert [contributor["title"] for contributor in package["contributors"]] == \
        [author["name"] for author in cff["authors"]]
    assert package["sources"] == [{"title": "The data file and the code the site is built from",
                                   "path": cff["repository-code"]}]
    assert "homepage" not in package, "a site without an absolute address has no homepage to give"
    assert sorted(resource["path"] for resource in package["resources"]) == sorted(
        name for name in exports.MEDIA_TYPES if name != "datapackage.json")


def test_the_csv_schema_is_its_real_columns_with_their_types(built_site: Path):
    package = json.loads((built_site / "data" / "datapackage.json").read_text("utf-8"))
    (table,) = [resource for resource in package["resources"] if resource["path"] == "events.csv"]
    fields = {field["name"]: field for field in table["schema"]["fields"]}
    assert list(fields) == list(exports.csv_columns(DEFAULT))
    assert table["schema"]["primaryKey"] == ["id"]
    assert fields["date_start"]["type"] == fields["date_end"]["type"] == "date"
    assert fields["approximate"] == {"name": "approximate", "type": "boolean", "trueValues": ["true"],
                                     "falseValues": ["false"], "constraints": {"required": True},
                                     "description": fields["approximate"]["description"]}
    assert fields["date_form"]["constraints"]["enum"] == ["date", "period", "one-day-between", "since"]
    assert fields["type"]["constraints"]["enum"] == ["culture-days", "society"]
    assert "month/day" in fields["precision"]["constraints"]["enum"]
    assert all(fields[f"{text}_{code}"]["type"] == "string" for text in ("title", "summary") for code in DEFAULT.codes)


def test_events_json_names_its_json_schema_which_it_is_valid_against(built_site: Path):
    data = built_site / "data"
    package = json.loads((data / "datapackage.json").read_text("utf-8"))
    resources = {resource["path"]: resource for resource in package["resources"]}
    schema = json.loads((data / resources["events.json"]["jsonSchema"]).read_text("utf-8"))
    assert resources[resources["events.json"]["jsonSchema"]]["mediatype"] == "application/schema+json"
    jsonschema.Draft202012Validator(schema).validate(json.loads((data / "events.json").read_text("utf-8")))


def test_frictionless_finds_a_cell_the_schema_does_not_allow(built_site: Path, tmp_path: Path):
    """The Table Schema is checked, not only read: a cell of the wrong type fails the package."""
    data = shutil.copytree(built_site / "data", tmp_path / "data")
    cells = (data / "events.csv").read_bytes()
    assert b",false," in cells
    (data / "events.csv").write_bytes(cells.replace(b",false,", b",maybe,", 1))
    result = frictionless_validate(data / "datapackage.json")
    assert result.returncode == 1
    assert any(error["type"] == "type-error" for task in json.loads(result.stdout)["tasks"] for error in task["errors"])


def test_the_package_gives_the_open_data_page_as_homepage_on_a_site_with_an_address(tmp_path: Path):
    site = build_fixture_site(tmp_path / "output", "https://example.org")
    package = json.loads((site / "data" / "datapackage.json").read_text("utf-8"))
    assert package["homepage"] == "https://example.org/en/data/"
    assert_valid_package(site / "data" / "datapackage.json")
