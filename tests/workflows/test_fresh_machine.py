"""The README's commands on a fresh machine whose only Python is the system's (issue 27).

A copy of the project (its files as git sees them: no .venv, output or node_modules) runs the README's first
command exactly as the README writes it, with PATH holding only /usr/bin and /bin, as on a stock Debian or
Ubuntu machine, whose Python refuses what pip would install into it (PEP 668), and with CI=true, as .ci/run
runs it. It runs it twice (scripts/setup is safe to run again, and the second build has nothing to do), then
collects the tests with the README's second command. The Node tools and Chromium are left out
(CULTURELINKS_SETUP_PYTHON_ONLY): the browser tests of this run check them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from importlib.util import cache_from_source
from pathlib import Path

import pytest

from tests.conftest import ROOT, missing_tool

from .readme import readme_commands

SYSTEM_PYTHON = Path("/usr/bin/python3")
SYSTEM_PATH = "/usr/bin:/bin"
TIMEOUT_SECONDS = 900  # pip installs the package and its test tools into a new virtual environment: a minute or two


def system_python_version() -> tuple[int, int] | None:
    if not SYSTEM_PYTHON.is_file():
        return None
    found = subprocess.run([str(SYSTEM_PYTHON), "-c", "import sys; print(*sys.version_info[:2])"],
                           capture_output=True, text=True, timeout=60, check=True)
    major, minor = found.stdout.split()
    return int(major), int(minor)


@pytest.fixture
def fresh_clone(tmp_path: Path) -> Path:
    """The project's files as a clone of it would have them, with what is not committed yet."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, timeout=60, check=False)
    if listed.returncode != 0:
        missing_tool(f"{ROOT} is not a git work tree: {listed.stderr.decode().strip()}")
    clone = tmp_path / "culturelinks"
    for name in filter(None, listed.stdout.decode().split("\0")):
        source = ROOT / name
        if source.is_file() or source.is_symlink():  # not a file deleted but not yet committed
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, clone / name, follow_symlinks=False)
    return clone


def fresh_machine_environment() -> dict[str, str]:
    """This environment without what leads to another Python: PATH, the active virtual environment, PYTHON*."""
    kept = {name: value for name, value in os.environ.items()
            if name not in ("PATH", "VIRTUAL_ENV") and not name.startswith("PYTHON")}
    return {**kept, "PATH": SYSTEM_PATH, "CI": "true", "CULTURELINKS_SETUP_PYTHON_ONLY": "1"}


def run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=fresh_machine_environment(), capture_output=True,
                          text=True, timeout=TIMEOUT_SECONDS, check=False)


@pytest.mark.slow
def test_the_readme_commands_work_with_only_the_system_python(fresh_clone: Path):
    version = system_python_version()
    if version is None:
        missing_tool(f"{SYSTEM_PYTHON} is missing")
    elif version < (3, 11):
        missing_tool(f"{SYSTEM_PYTHON} is Python {version[0]}.{version[1]}; culturelinks needs 3.11 or newer")
    install_and_build, run_tests = readme_commands()

    first = run(install_and_build, fresh_clone)
    assert first.returncode == 0, first.stdout + first.stderr
    assert re.search(r"^built output/ in \d+\.\d s: \d+ events; ", first.stdout, re.MULTILINE), first.stdout
    assert (fresh_clone / "output" / "index.html").is_file()
    assert (fresh_clone / "output" / "az" / "index.html").is_file()
    assert "home = /usr/bin\n" in (fresh_clone / ".venv" / "pyvenv.cfg").read_text(encoding="utf-8")
    # culturelinks' bytecode, every module's (as pip writes it for an installed package): no command compiles it
    # again, also where the environment sets PYTHONDONTWRITEBYTECODE
    modules = sorted((fresh_clone / "src" / "culturelinks").rglob("*.py"))
    assert modules and not [module for module in modules if not Path(cache_from_source(str(module))).is_file()]

    again = run(install_and_build, fresh_clone)
    assert again.returncode == 0, again.stdout + again.stderr
    assert again.stdout.endswith("output/ is up to date: nothing changed since the last build\n"), again.stdout

    collected = run(f"{run_tests} --collect-only -q", fresh_clone)
    assert collected.returncode == 0, collected.stdout + collected.stderr
    assert re.search(r"^\d+ tests collected", collected.stdout, re.MULTILINE), collected.stdout
