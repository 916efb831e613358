"""The benchmark measures culturelinks as pip installs a package: its modules compiled to bytecode first
(benchmarks/, issue 26). Where the environment sets PYTHONDONTWRITEBYTECODE, as this machine's does, Python
never writes what it compiles, and every measured command compiled culturelinks' modules again (0.25 s)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from benchmarks.__main__ import ENV, compile_measured, measured_package

import culturelinks


def test_the_measured_package_is_the_one_the_commands_import() -> None:
    assert measured_package() == Path(culturelinks.__file__).parent


def test_every_module_is_compiled_whatever_the_environment_says(tmp_path: Path, monkeypatch) -> None:
    package = tmp_path / "package"
    (package / "site").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "site" / "views.py").write_text("NAME = 'Şəki'\n", encoding="utf-8")
    monkeypatch.setitem(ENV, "PYTHONDONTWRITEBYTECODE", "1")
    compile_measured(package)
    for module in package.rglob("*.py"):
        assert Path(importlib.util.cache_from_source(str(module))).is_file(), module
    # and Python takes it (its verbose import says the bytecode matches the source), not compiling it again
    imported = subprocess.run([sys.executable, "-v", "-c", "import package.site.views"], cwd=tmp_path,
                              env={**ENV, "PYTHONPATH": str(tmp_path)}, capture_output=True, text=True, check=True)
    views = package / "site" / "views.py"
    assert f"{importlib.util.cache_from_source(str(views))} matches {views}" in imported.stderr
