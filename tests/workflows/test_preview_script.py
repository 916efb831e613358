"""`scripts/preview`, the one preview build that preview.yml runs and contributors run locally.

Runs the real script on a scratch project (the three-event fixture, committed twice in a fresh git
repository), through the installed `culturelinks` command as the workflow does.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT
from tests.diff.gitrepo import GIT_ENV

SCRIPT = ROOT / "scripts" / "preview"
PAGES_URL = "https://example.github.io/culturelinks"
TIMEOUT_SECONDS = 60


def preview(project: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    bin_dir = Path(sys.executable).parent  # where pip put the culturelinks command
    env = {**os.environ, **GIT_ENV, "PAGES_URL": PAGES_URL, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(["bash", str(SCRIPT), *arguments], check=False, cwd=project, env=env, capture_output=True,
                          text=True, timeout=TIMEOUT_SECONDS)


@pytest.fixture
def pull_request(project: Path, commit) -> Path:
    """The scratch project as a repository whose last commit changes the data (base.yaml → changed.yaml)."""
    commit(project, (FIXTURES / "diff" / "base.yaml").read_text(encoding="utf-8"))
    commit(project, (FIXTURES / "diff" / "changed.yaml").read_text(encoding="utf-8"))
    return project


def test_builds_the_site_under_the_preview_path_and_writes_the_summary(pull_request: Path):
    result = preview(pull_request, "--output", "out", "7", "HEAD~1")
    assert result.returncode == 0, result.stdout + result.stderr
    out = pull_request / "out"
    assert (out / "pr-number").read_text() == "7\n"
    page = (out / "site" / "en" / "events" / "culture-days-moscow-2007" / "index.html").read_text(encoding="utf-8")
    assert 'href="/culturelinks/pr-7/en/' in page
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert "### Changed (2)" in summary
    assert f"[ru]({PAGES_URL}/pr-7/ru/events/culture-days-moscow-2007/)" in summary
    assert (out / "serve" / "culturelinks" / "pr-7" / "en" / "index.html").is_file()
    assert result.stdout.endswith(
        "  browse it:   python3 -m http.server -d out/serve 8000, then http://localhost:8000/culturelinks/pr-7/\n")


def test_a_failing_check_fails_but_still_writes_the_summary(pull_request: Path, commit):
    commit(pull_request, (FIXTURES / "diff" / "broken.yaml").read_text(encoding="utf-8"))
    result = preview(pull_request, "--data", "data/events.yaml", "--output", "out", "7", "HEAD~1")
    assert result.returncode == 1
    assert "The check failed, so the site is not built" in result.stderr
    assert not (pull_request / "out" / "site").exists()
    assert "> **HEAD has 3 errors, 2 warnings.**" in (pull_request / "out" / "summary.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("arguments", "message"), [
    (["seven"], "scripts/preview: PR_NUMBER must be a pull request number, found 'seven'\n"),
    (["7", "no-such-ref"], ("scripts/preview: cannot compare with 'no-such-ref': not a commit with history in common "
                           "with HEAD\n")),
    ([], "usage: scripts/preview [--data PATH] [--output DIR] PR_NUMBER [BASE_REF]\n"),
])
def test_usage_errors(pull_request: Path, arguments: list[str], message: str):
    result = preview(pull_request, *arguments)
    assert result.returncode == 2
    assert result.stderr.endswith(message)
