"""Untrusted inputs besides the data (issue 21): the Markdown pages' metadata is checked at file:line:col, and a
symbolic link among the inputs that leaves the project is refused, by ``check`` and ``build`` alike, before
anything is published."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from culturelinks.cli import main


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def set_meta(page: Path, line: str) -> None:
    """Put ``line`` (``key: value``) second in the page's metadata, in place of any line of that key."""
    key = line.split(":", 1)[0].lower()
    lines = [text for text in page.read_text("utf-8").split("\n") if not text.lower().startswith(key + ":")]
    page.write_text("\n".join([lines[0], line, *lines[1:]]), "utf-8")


@pytest.mark.parametrize(("line", "message"), [
    ("slug: ../../../x", "content/pages/about.en.md:2:7: slug: expected a lowercase ASCII slug, found '../../../x'"),
    ("template: ../../../../etc/passwd",
     "content/pages/about.en.md:2:11: template: a page cannot choose its template, found '../../../../etc/passwd'"),
    ("lang: ../x", "content/pages/about.en.md:2:7: lang: expected one of az, ru, en, found '../x'"),
    ("save_as: ../../x.html", "content/pages/about.en.md:2:1: save_as: a page cannot choose where it is written"),
    ("url: ../../x", "content/pages/about.en.md:2:1: url: a page cannot choose its address"),
    ("slug: about-az", None),
])
def test_a_pages_metadata_is_checked_at_its_line(project: Path, line: str, message: str | None):
    page = project / "content" / "pages" / "about.en.md"
    set_meta(page, line)
    checked = invoke("check", "--format", "json")
    found = [f"{p['file']}:{p['line']}:{p['column']}: {p['path']}: {p['message']}"
             for p in json.loads(checked.output)["problems"] if p["severity"] == "error"]
    built = invoke("build")
    assert "Traceback" not in built.output
    if message is None:
        assert found == [] and checked.exit_code == 0 and built.exit_code == 0, built.output
        return
    assert found == [message] and checked.exit_code == 1
    assert built.exit_code == 1 and message in built.output, built.output
    assert not (project / "output").exists()


def test_every_page_problem_is_reported_at_once_with_the_datas(project: Path):
    set_meta(project / "content" / "pages" / "about.en.md", "lang: english")
    set_meta(project / "content" / "pages" / "about.ru.md", "slug: О нас")
    data = project / "data" / "events.yaml"
    data.write_text(data.read_text("utf-8").replace('date: "1989-10"', 'date: "1989-13"', 1), "utf-8")
    result = invoke("build")
    assert result.exit_code == 1
    headlines = [line for line in result.output.splitlines() if line.startswith(("content/", "data/"))
                 and "warning" not in line]
    assert [line.split(": ")[0] for line in headlines] == [
        "data/events.yaml:29:11", "content/pages/about.en.md:2:7", "content/pages/about.ru.md:2:7"]


@pytest.mark.parametrize("where", ["static/css/leak.css", "content/pages/leak.md", "templates/leak.html",
                                   "static/secrets"])
def test_a_link_out_of_the_project_is_refused_at_its_path(project: Path, tmp_path_factory, where: str):
    secret = tmp_path_factory.mktemp("runner") / "token"
    secret.write_text("ghp_secret", "utf-8")
    link = project / where
    link.symlink_to(secret.parent if where == "static/secrets" else secret)
    checked = invoke("check")
    assert checked.exit_code == 1
    assert f"{where}: a symbolic link to {link.readlink()}, which is outside the project: refused" in checked.output
    built = invoke("build")
    assert built.exit_code == 1 and "outside the project" in built.output and "Traceback" not in built.output
    assert not (project / "output").exists()


def test_a_link_within_the_project_is_followed(project: Path):
    (project / "static" / "css" / "again.css").symlink_to(project / "static" / "css" / "style.css")
    assert invoke("check").exit_code == 0
    assert invoke("build").exit_code == 0
    assert (project / "output" / "theme" / "css" / "again.css").read_bytes() == \
        (project / "static" / "css" / "style.css").read_bytes()
