"""Fixtures for the finding tests: the web tests' built sites (real dataset, plain and under /pr-1) and server,
imported from tests/web/conftest.py rather than moved, so tests/web stays as it is (pytest builds the sites once
for each folder); and the model of the same dataset.

The browser is this folder's own and lives for one module only: Playwright's sync API allows one instance at a
time, and tests/web's session-wide browser starts after this folder has run.
"""

from __future__ import annotations

import pytest

from culturelinks.dataset import load_chronology

from ..web import harness
from ..web.conftest import axe_script, built_sites, missing_tool, open_page, site_url, sites  # noqa: F401


@pytest.fixture(scope="module")
def browser():
    if not harness.CHROMIUM.exists():
        missing_tool(f"{harness.CHROMIUM} is missing (apt-get install chromium)")
    with harness.chromium() as chromium:
        yield chromium


@pytest.fixture(scope="session")
def chronology():
    return load_chronology(harness.dataset_path())[0]
