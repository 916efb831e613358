"""The security rules every workflow must keep, as a function from a workflow's text to its violations.

- A job that runs a pull request's code (any job of a workflow triggered by ``pull_request``, or a job
  that checks out the pull request's head) has no write permission and no secrets: the code is anyone's.
- Workflows that run with write permissions on behalf of pull requests (``workflow_run``,
  ``pull_request_target``) never check out the pull request's head.
- Every action is pinned to a full commit SHA, with its version in a comment (``# v4.2.2``): a tag can be
  moved, a commit cannot.
- No ``${{ … }}`` inside ``run:`` or ``script:``: values reach scripts through ``env``, so text from a
  pull request can never become code (script injection).
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

PR_HEAD = re.compile(r"github\.event\.pull_request\.head\.|github\.head_ref|github\.event\.workflow_run\.head_"
                     r"|refs/pull/")
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
PINNED_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s+[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+\s*$")
PRIVILEGED_TRIGGERS = {"workflow_run", "pull_request_target"}


def triggers(workflow: dict[Any, Any]) -> set[str]:
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as true
    if isinstance(on, str):
        return {on}
    return set(on or ())


def _steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return job.get("steps") or []


def _checks_out_pr_head(step: dict[str, Any]) -> bool:
    return str(step.get("uses", "")).startswith("actions/checkout@") and bool(
        PR_HEAD.search(json.dumps(step.get("with") or {})))


def write_permissions(workflow: dict[Any, Any], job: dict[str, Any]) -> list[str]:
    """The scopes the job's token can write; unset permissions count as write (the repository may default so)."""
    permissions = job.get("permissions", workflow.get("permissions"))
    if permissions is None:
        return ["(unset: give the workflow or job explicit permissions)"]
    if isinstance(permissions, str):
        return [permissions] if permissions == "write-all" else []
    return sorted(scope for scope, level in permissions.items() if level == "write")


def violations(text: str) -> list[str]:
    workflow = yaml.safe_load(text)
    events = triggers(workflow)
    found = []
    for name, job in (workflow.get("jobs") or {}).items():
        runs_pr_code = "pull_request" in events or any(_checks_out_pr_head(s) for s in _steps(job))
        if runs_pr_code:
            writes = write_permissions(workflow, job)
            if writes:
                found.append(f"job {name} runs pull request code with write permissions: {', '.join(writes)}")
            secrets = re.findall(r"secrets\.\w+", json.dumps(job) + json.dumps(workflow.get("env") or {}))
            if secrets:
                found.append(f"job {name} runs pull request code with secrets: {', '.join(sorted(set(secrets)))}")
        for step in _steps(job):
            label = f"job {name}, step {step.get('name') or step.get('uses') or step.get('run', '')[:30]!r}"
            if events & PRIVILEGED_TRIGGERS and _checks_out_pr_head(step):
                found.append(f"{label} checks out the pull request's head in a {'/'.join(sorted(events))} workflow")
            uses = step.get("uses")
            if uses and not uses.startswith("./") and not PINNED.match(uses):
                found.append(f"{label} uses {uses}, not pinned to a full commit SHA")
            for key, code in (("run", step.get("run")), ("script", (step.get("with") or {}).get("script"))):
                if code and "${{" in str(code):
                    found.append(f"{label} has an expression in its {key} (pass it through env)")
        if job.get("uses") and not str(job["uses"]).startswith("./") and not PINNED.match(job["uses"]):
            found.append(f"job {name} uses {job['uses']}, not pinned to a full commit SHA")
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(r"^\s*(?:-\s+)?uses:\s+[\w.-]+/", line) and PINNED.search(line.split("uses:")[1].split()[0]) \
                and not PINNED_LINE.match(line):
            found.append(f"line {number}: a pinned action needs its version as '# vX.Y.Z': {line.strip()}")
    return found
