"""The pre-commit hook runs `culturelinks check --strict` on data changes."""

from __future__ import annotations

import yaml

from tests.conftest import ROOT


def test_pre_commit_runs_check_on_data_changes():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    check = hooks["culturelinks-check"]
    assert check["entry"] == ".venv/bin/culturelinks check --strict"  # where scripts/setup installs it; as CONTRIBUTING says
    assert check["language"] == "system"
    import re

    assert re.search(check["files"], "data/events.yaml")
