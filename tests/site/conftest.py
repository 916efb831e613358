"""A site built once per session from the three-event fixture, and helpers to read its pages.

Layers: ``tests/conftest.py``'s scratch ``project`` (for the CLI) and, here, ``built_site`` (in-process,
the fixture dataset, default SITEURL) shared by every read-only test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import html

from culturelinks.build import build_site

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "three-events.yaml"
SETTINGS = ROOT / "pelicanconf.py"


def build_fixture_site(output: Path, base_url: str | None = None) -> Path:
    build_site(output, FIXTURE_DATA, base_url, settings_file=SETTINGS)
    return output


def html_files(site: Path) -> Iterator[Path]:
    return iter(sorted(site.rglob("*.html")))


def parse(file: Path) -> html.HtmlElement:
    return html.fromstring(file.read_bytes())


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture_site(tmp_path_factory.mktemp("site") / "output")
