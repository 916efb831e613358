"""Every workflow keeps the security rules of ``policy``; each rule is shown to catch what it forbids."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

from .policy import triggers, violations
from .readme import readme_commands

WORKFLOWS = ROOT / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.y*ml"))
CHECKOUT = "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2"


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def test_the_workflows_are_there():
    assert [f.name for f in FILES] == ["ci.yml", "preview-deploy.yml", "preview.yml", "publish.yml"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_workflow_keeps_the_rules(path: Path):
    assert violations(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(("workflow", "violation"), [
    ("""\
     on: pull_request
     permissions: {contents: write}
     jobs:
       build:
         runs-on: ubuntu-latest
         steps: [{run: make}]
     """, "job build runs pull request code with write permissions: contents"),
    ("""\
     on: pull_request
     jobs:
       build:
         runs-on: ubuntu-latest
         steps: [{run: make}]
     """, ("job build runs pull request code with write permissions: (unset: give the workflow or job explicit "
          "permissions)")),
    ("""\
     on: [pull_request]
     permissions: {contents: read}
     jobs:
       build:
         runs-on: ubuntu-latest
         steps: [{run: make, env: {TOKEN: "${{ secrets.DEPLOY_KEY }}"}}]
     """, "job build runs pull request code with secrets: secrets.DEPLOY_KEY"),
    (f"""\
     on: {{pull_request_target: {{types: [opened]}}}}
     permissions: {{contents: read}}
     jobs:
       build:
         runs-on: ubuntu-latest
         steps:
           - uses: {CHECKOUT}
             with: {{ref: "${{{{ github.event.pull_request.head.sha }}}}"}}
     """, ("job build, step 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683' checks out the pull "
          "request's head in a pull_request_target workflow")),
    ("""\
     on: push
     permissions: {}
     jobs:
       build:
         runs-on: ubuntu-latest
         steps: [{uses: actions/checkout@v4}]
     """, "job build, step 'actions/checkout@v4' uses actions/checkout@v4, not pinned to a full commit SHA"),
    ("""\
     on: push
     permissions: {}
     jobs:
       build:
         runs-on: ubuntu-latest
         steps:
           - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
     """, ("line 7: a pinned action needs its version as '# vX.Y.Z': "
          "- uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683")),
    ("""\
     on: push
     permissions: {}
     jobs:
       build:
         runs-on: ubuntu-latest
         steps: [{name: greet, run: 'echo "${{ github.event.head_commit.message }}"'}]
     """, "job build, step 'greet' has an expression in its run (pass it through env)"),
])
def test_each_rule_catches_what_it_forbids(workflow: str, violation: str):
    found = violations(textwrap.dedent(workflow))
    assert violation in found, found


def test_pull_request_triggered_jobs_read_only():
    preview = load("preview.yml")
    assert triggers(preview) == {"pull_request"}
    assert preview["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in preview["jobs"].values())


def test_privileged_workflow_never_checks_out_code():
    deploy = load("preview-deploy.yml")
    assert triggers(deploy) == {"workflow_run", "pull_request_target"}
    assert deploy["permissions"] == {}
    steps = [step for job in deploy["jobs"].values() for step in job["steps"]]
    assert not [step for step in steps if "actions/checkout" in step.get("uses", "")]
    assert deploy["jobs"]["pages"]["permissions"] == {"actions": "write", "contents": "write",
                                                      "pull-requests": "write"}


def test_ci_runs_exactly_the_readme_commands():
    ci = load("ci.yml")
    assert triggers(ci) == {"push", "pull_request"}
    (job,) = ci["jobs"].values()
    assert [step["run"] for step in job["steps"] if "run" in step] == readme_commands()
    assert next(s for s in job["steps"] if "setup-python" in s.get("uses", ""))["with"]["python-version"] == "3.11"


def test_the_ci_script_ends_with_exactly_the_readme_commands():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert script[-len(readme_commands()):] == readme_commands()
    assert readme_commands()[0].startswith("scripts/setup && ")


def test_preview_runs_the_local_preview_script():
    steps = load("preview.yml")["jobs"]["preview"]["steps"]
    runs = [step["run"] for step in steps if "run" in step]
    assert 'scripts/preview --output preview "$PR_NUMBER" "$BASE_SHA"' in runs
    assert os.access(ROOT / "scripts" / "preview", os.X_OK)


def test_only_the_deploy_job_can_deploy_pages():
    jobs = load("publish.yml")["jobs"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["build"]["permissions"] == {"contents": "read", "pages": "read"}
