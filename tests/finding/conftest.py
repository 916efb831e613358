"""The model of the dataset the web tests build (the browser fixtures are tests/conftest.py's)."""

from __future__ import annotations

import pytest

from culturelinks.data.dataset import load_chronology

from ..web import harness


@pytest.fixture(scope="session")
def chronology():
    return load_chronology(harness.dataset_path())[0]
