"""Long builds show progress: plain lines in CI or a pipe, a live bar on a terminal."""

from __future__ import annotations

import io

from culturelinks import progress
from culturelinks.build import build_site


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_plain_lines_in_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    stream = Terminal()
    report = progress.for_stream(stream)
    assert isinstance(report, progress.PlainLines)
    report.start("rendering 3 pages (0 unchanged)", 3)
    report.advance(3)
    report.finish()
    lines = stream.getvalue().splitlines()
    assert lines[0] == "culturelinks: rendering 3 pages (0 unchanged)"
    assert lines[1].startswith("culturelinks: rendering 3 pages (0 unchanged): done in ")
    assert "\x1b" not in stream.getvalue()


def test_a_bar_on_a_terminal(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    stream = Terminal()
    report = progress.for_stream(stream)
    assert isinstance(report, progress.LiveBar)
    report.start("rendering 3 pages (0 unchanged)", 3)
    report.advance(3)
    report.finish()
    assert "3/3" in stream.getvalue()


def test_a_pipe_gets_plain_lines(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    assert isinstance(progress.for_stream(io.StringIO()), progress.PlainLines)


def test_the_build_reports_what_it_renders(project, monkeypatch):
    stream = io.StringIO()
    build_site(project / "output", report=progress.PlainLines(stream))
    lines = stream.getvalue().splitlines()
    assert lines[0] == "culturelinks: making the PDF editions"
    assert lines[1].startswith("culturelinks: making the PDF editions: done in ")
    assert lines[2].startswith("culturelinks: making ") and lines[2].endswith(" pages (0 in the last build)")


def test_a_broken_template_is_a_message_not_a_traceback(project):
    from click.testing import CliRunner

    from culturelinks.cli import main

    (project / "templates" / "event.html").write_text("{% block content %}{{ oops(}}{% endblock %}", "utf-8")
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1
    assert "template error" in result.output and "Traceback" not in result.output
    assert not (project / "output").exists()
