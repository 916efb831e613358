"""Random edits of the real dataset never crash or hang `check`: they only produce clean problems."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from culturelinks.data import model
from culturelinks.data.dataset import check_file
from culturelinks.errors import Problem
from tests.conftest import ROOT

REAL = (ROOT / "data" / "events.yaml").read_text(encoding="utf-8")
LINES = REAL.splitlines(keepends=True)
NOISE = st.text(alphabet=st.sampled_from(list(":-[]{}&*!|>#'\"\t\n ,?%@`~0123456789aəğışçüöİЖя\\\x00\u2028")),
                max_size=12)


@st.composite
def mutated(draw) -> str:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "insert", "replace-value", "indent", "truncate"]))
        line = lines[index]
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, line)
        elif action == "insert":
            at = draw(st.integers(0, len(line)))
            lines[index] = line[:at] + draw(NOISE) + line[at:]
        elif action == "replace-value" and ": " in line:
            lines[index] = line[: line.index(": ") + 2] + draw(NOISE) + "\n"
        elif action == "indent":
            lines[index] = " " * draw(st.integers(0, 9)) + line.lstrip(" ")
        elif action == "truncate":
            lines = lines[:index]
        if not lines:
            lines = [""]
    return "".join(lines)


@settings(max_examples=150, deadline=3000, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(text=mutated())
def test_mutations_give_clean_problems(tmp_path: Path, text: str) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(text, encoding="utf-8")
    checked, lines = check_file(path, "events.yaml")
    for problem in checked.problems:
        assert isinstance(problem, Problem)
        assert 1 <= problem.line <= max(len(lines), 1) + 1
        assert problem.column >= 1 and problem.message
    if checked.ok:
        model.build(checked.data)
