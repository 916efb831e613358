"""Fixtures shared by every layer of the tests: the project root, a scratch project, and the browser ones.

Browser layers: ``built_sites`` (the real dataset built once, plain and under ``/pr-1``) -> ``site_url``
(both sites served from a local thread) -> ``browser`` (Debian's headless Chromium, one for the whole
session: Playwright's sync API allows one at a time) -> ``open_page`` (one context each).
"""

from __future__ import annotations

import functools
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .web import harness
from .web.sitetree import Site

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch project (data, content, templates, settings) in tmp_path, made the working directory."""
    for name in ("content", "templates", "static"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, tmp_path / name)
    for name in ("pelicanconf.py", "CITATION.cff"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "data").mkdir()
    shutil.copy(FIXTURES / "three-events.yaml", tmp_path / "data" / "events.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def missing_tool(reason: str) -> None:
    """Skip for a developer without the tool; fail in CI (CI=true), where a skip would pass a broken setup."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (required when CI=true)", pytrace=False)
    pytest.skip(reason)


@dataclass(frozen=True)
class BuiltSites:
    plain: Site
    """Built without --base-url, served at /."""
    preview: Site
    """Built with --base-url /pr-1, served under /pr-1/."""


@pytest.fixture(scope="session")
def built_sites(tmp_path_factory: pytest.TempPathFactory) -> BuiltSites:
    data = harness.dataset_path()
    if not data.is_file():
        pytest.fail(f"{data} does not exist; the web tests build the real dataset (to try them on the fixture: "
                    f"{harness.DATA_OVERRIDE_VARIABLE}=tests/fixtures/three-events.yaml)", pytrace=False)
    root = tmp_path_factory.mktemp("built")
    plain, preview = root / "site", root / "preview"
    try:
        harness.build_sites(data, {plain: None, preview: harness.PREVIEW_PREFIX})
    except harness.BuildFailed as failure:
        pytest.fail(f"the site does not build:\n{failure}", pytrace=False)
    return BuiltSites(Site(plain), Site(preview, harness.PREVIEW_PREFIX))


@pytest.fixture(scope="session")
def sites(built_sites: BuiltSites) -> dict[str, Site]:
    """Both builds by name, for tests parametrized over ``plain`` and ``preview``."""
    return {"plain": built_sites.plain, "preview": built_sites.preview}


@pytest.fixture(scope="session")
def event_id(built_sites: BuiltSites) -> str:
    try:
        return harness.event_in_every_language(built_sites.plain.root)
    except LookupError as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="session")
def site_url(built_sites: BuiltSites, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``http://127.0.0.1:PORT`` serving the plain site at / and the preview under /pr-1/."""
    serve_root = harness.mount_sites(built_sites.plain.root, built_sites.preview.root,
                                     tmp_path_factory.mktemp("serve"))
    with harness.serve(serve_root) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """Chromium for one module's tests, not for the session: Playwright's threads would stay, and a build forks its
    workers only where nothing but its own thread runs (text.markup.can_fork), so later tests of them would fail."""
    if not harness.CHROMIUM.exists():
        missing_tool(f"{harness.CHROMIUM} is missing (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401 - only checking that it is installed
    except ImportError:
        missing_tool("Python playwright is missing (pip install -e '.[test]')")
    with harness.chromium() as browser:
        yield browser


@pytest.fixture
def open_page(browser):
    """``with open_page(width=360, javascript=False) as page:`` - a fresh context, closed afterwards."""
    return functools.partial(harness.open_page, browser)


@pytest.fixture(scope="session")
def axe_script():
    if not harness.AXE_SCRIPT.is_file():
        missing_tool(f"{harness.AXE_SCRIPT} is missing (run npm ci in the project root)")
    return harness.AXE_SCRIPT


@pytest.fixture(scope="session")
def vnu_command() -> list[str]:
    java = shutil.which("java")
    if java is None:
        missing_tool("java is missing (apt-get install default-jre-headless)")
    if not harness.VNU_JAR.is_file():
        missing_tool(f"{harness.VNU_JAR} is missing (run npm ci in the project root)")
    return [java, "-jar", str(harness.VNU_JAR)]
