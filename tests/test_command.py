"""``python -m culturelinks`` is the ``culturelinks`` command: the same output and exit status, for an
environment whose scripts folder is not on PATH (issue 27)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import missing_tool

#: Where pip put the console script: beside the Python that runs the tests (a virtual environment's bin/).
SCRIPT = Path(sys.executable).parent / "culturelinks"


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize(("args", "status"), [
    (["--help"], 0),
    (["--version"], 0),
    (["build", "--help"], 0),
    (["check"], 0),  # the fixture lacks a Russian translation: warnings
    (["check", "--strict"], 1),
    (["check", "--data", "nowhere.yaml"], 1),
], ids=lambda value: " ".join(value) if isinstance(value, list) else str(value))
def test_python_m_culturelinks_is_the_culturelinks_command(project: Path, args: list[str], status: int):
    if not SCRIPT.is_file():
        missing_tool(f"{SCRIPT} is missing (pip install -e '.[test]', or scripts/setup)")
    module = run([sys.executable, "-m", "culturelinks", *args], project)
    script = run([str(SCRIPT), *args], project)
    assert module.returncode == status, module.stderr
    assert (module.returncode, module.stdout, module.stderr) == (script.returncode, script.stdout, script.stderr)
