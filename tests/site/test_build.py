"""The build as a whole: every URL, deterministic output, links under a sub-path, atomic failure, the CLI."""

from __future__ import annotations

import filecmp
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from culturelinks.cli import main
from culturelinks.data.dataset import check_file
from culturelinks.errors import format_text

from .conftest import build_fixture_site, html_files, parse

LANGUAGES = ("az", "ru", "en")
EVENTS = ("ocaq-society", "russian-culture-days-baku-1997", "culture-days-moscow-2007")
PER_LANGUAGE = ["", "sources/", "about/", "data/", "changes/", "years/1989/", "years/1997/", "years/2007/", "types/society/",
                "types/culture-days/", "places/", "places/moscow/", "places/baku/", "sources/article/", "people/",
                "people/heydar-aliyev/", "organisations/", *(f"events/{e}/" for e in EVENTS)]
EXPECTED_FILES = {"index.html", "404.html", *(f"{lang}/{path}index.html" for lang in LANGUAGES for path in PER_LANGUAGE)}


def test_every_url_is_built(built_site: Path):
    built = {str(file.relative_to(built_site)) for file in html_files(built_site)}
    assert built == EXPECTED_FILES
    assert (built_site / "theme" / "css" / "style.css").is_file()


def test_two_builds_are_byte_identical(built_site: Path, tmp_path: Path):
    again = build_fixture_site(tmp_path / "again")
    comparison = filecmp.dircmp(built_site, again)

    def differences(node: filecmp.dircmp, prefix: str = "") -> list[str]:
        found = [prefix + name for name in node.left_only + node.right_only + node.funny_files]
        _, mismatch, errors = filecmp.cmpfiles(node.left, node.right, node.common_files, shallow=False)
        found += [prefix + name for name in mismatch + errors]
        for name, child in sorted(node.subdirs.items()):
            found += differences(child, f"{prefix}{name}/")
        return found

    assert differences(comparison) == []


#: The host the preview test builds for; any other absolute URL is a link to another site.
PREVIEW_HOST = "https://host/"


def internal_references(site: Path) -> list[tuple[str, str]]:
    """(page, href) of every link and ``<link>`` that stays on the site."""
    found = []
    for file in html_files(site):
        for element in parse(file).iter("a", "link"):
            target = element.get("href")
            if not target or target.startswith("#") or ("://" in target and not target.startswith(PREVIEW_HOST)):
                continue
            found.append((str(file.relative_to(site)), target))
    return found


@pytest.mark.parametrize(("base_url", "prefix"), [("/pr-1", "/pr-1/"), (PREVIEW_HOST + "pr-1/", PREVIEW_HOST + "pr-1/")])
def test_base_url_prefixes_every_internal_link(tmp_path: Path, base_url: str, prefix: str):
    site = build_fixture_site(tmp_path / "preview", base_url)
    references = internal_references(site)
    assert references
    assert [ref for ref in references if not ref[1].startswith(prefix)] == []
    for _, target in references:
        path = target[len(prefix):].split("#")[0]
        assert (site / path).is_file() or (site / path / "index.html").is_file(), target


def test_links_resolve_without_base_url(built_site: Path):
    for page, target in internal_references(built_site):
        assert target.startswith("/"), (page, target)
        path = target.lstrip("/").split("#")[0]
        assert (built_site / path).is_file() or (built_site / path / "index.html").is_file(), (page, target)


BROKEN_DATA = """\
types:
  society: {az: Cəmiyyət, ru: Общество, en: Society}
places:
  moscow:
    name: {az: Moskva, ru: Москва, en: Moscow}
    country: RU
sources:
  article: {title: Məqalə, language: az}
events:
  - id: broken
    date: May 2019
    type: society
    places: [moscow]
    title: {az: a, ru: b, en: c}
    summary: {az: a, ru: b, en: c}
    sources:
      - source: article
"""


def test_cli_build_succeeds_in_a_project_and_reports_warnings(project: Path, caplog: pytest.LogCaptureFixture):
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    assert (project / "output" / "az" / "index.html").is_file()
    assert "data/events.yaml:66:7: warning: events[2].title: missing the ru translation" in caplog.text


def test_failed_build_keeps_the_previous_site_and_prints_the_check_text(project: Path):
    runner = CliRunner()
    assert runner.invoke(main, ["build"]).exit_code == 0
    before = {path: path.read_bytes() for path in (project / "output").rglob("*") if path.is_file()}
    broken = project / "data" / "broken.yaml"
    broken.write_text(BROKEN_DATA, encoding="utf-8")

    result = runner.invoke(main, ["build", "--data", "data/broken.yaml"])

    checked, lines = check_file(Path("data/broken.yaml"))
    assert result.exit_code == 1
    assert result.stderr == format_text(checked.problems, {"data/broken.yaml": lines})
    assert "data/broken.yaml:11:11: events[0].date:" in result.stderr
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    after = {path: path.read_bytes() for path in (project / "output").rglob("*") if path.is_file()}
    assert after == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".output")) == []


def test_cli_build_says_what_it_built(project: Path):
    runner = CliRunner()
    first = runner.invoke(main, ["build"])
    assert first.exit_code == 0, first.output
    assert re.fullmatch(r"built output/ in \d+\.\d s: 3 events; 62 pages \(20 in az, 20 in ru, 20 in en, 2 for all "
                        r"languages\); 145 files written, 0 removed\n", first.stdout), first.stdout

    # Without its one 1989 event, each language loses two pages (the event's and the year's): six pages, and
    # the event's citation files (three a language), the search index's fragments of the three event pages and its
    # index and meta files of each language; the
    # map of the places and the other place pages' locator maps show Moscow's count, one less; and the three PDF
    # editions, which tell of one event less (their size, 0.1 MB, stays: no footer changes).
    data = project / "data" / "events.yaml"
    text = data.read_text(encoding="utf-8")
    data.write_text(text[:text.index("  - id: ocaq-society")] + text[text.index("  - id: culture-days-moscow-2007"):],
                    encoding="utf-8")
    second = runner.invoke(main, ["build"])
    assert second.exit_code == 0, second.output
    assert re.fullmatch(r"built output/ in \d+\.\d s: 2 events; 56 pages \(18 in az, 18 in ru, 18 in en, 2 for all "
                        r"languages\); 51 files written, 24 removed\n", second.stdout), second.stdout

    assert runner.invoke(main, ["build"]).stdout == "output/ is up to date: nothing changed since the last build\n"


def test_pelican_says_what_is_wrong_but_not_its_own_count(project: Path):
    """Pelican's "Done: Processed 0 articles, …" counts none of the chronology's pages; its problems still show."""
    (project / "content" / "pages" / "untitled.en.md").write_text(
        "Title: Untitled\nLang: en\nSlug: untitled\nStatus: bogus\n\nText.\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "culturelinks", "build"], cwd=project, capture_output=True,
                            text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    assert "Unknown status 'bogus' for file" in result.stderr
    assert result.stdout.startswith("built output/ in "), result.stdout


def test_cli_build_with_base_url_and_output(project: Path):
    result = CliRunner().invoke(main, ["build", "--output", "public", "--base-url", "/pr-7"])
    assert result.exit_code == 0, result.output
    stylesheet = parse(project / "public" / "en" / "index.html").xpath("//link[@rel='stylesheet']/@href")
    assert stylesheet == ["/pr-7/theme/css/style.css"]
