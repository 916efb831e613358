"""A site built once per session from the three-event fixture, and helpers to read its pages.

Layers: ``tests/conftest.py``'s scratch ``project`` (for the CLI) and, here, ``built_site`` (in-process,
the fixture dataset, default SITEURL) shared by every read-only test.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import html

from culturelinks.build import build_site

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "three-events.yaml"
SETTINGS = ROOT / "pelicanconf.py"


def build_fixture_site(output: Path, base_url: str | None = None) -> Path:
    """The fixture's site, built from a copy of its data beside ``output``: outside this repository, so that its
    Changes page (made from the release tags of the repository holding the data) does not change the day this
    repository tags a release."""
    data = output.parent / f"{output.name}-data" / "events.yaml"
    data.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(FIXTURE_DATA, data)
    build_site(output, data, base_url, settings_file=SETTINGS)
    return output


def html_files(site: Path) -> Iterator[Path]:
    return iter(sorted(site.rglob("*.html")))


def parse(file: Path) -> html.HtmlElement:
    return html.fromstring(file.read_bytes())


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture_site(tmp_path_factory.mktemp("site") / "output")
