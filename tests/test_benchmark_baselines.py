"""The benchmark's baselines make the pages culturelinks makes (benchmarks/, issue 26): Hugo's project builds
the floor's pages, each language's pages in its folder, so that Pagefind's CLI indexes the same site."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from benchmarks import floor, hugo_baseline, synthetic
from benchmarks.__main__ import ROOT, hugo_command, pages_per_language


def _html_pages(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*.html") if "pagefind" not in path.parts}


def test_hugo_builds_the_floors_pages(tmp_path: Path) -> None:
    data = tmp_path / "events.yaml"
    data.write_text(synthetic.dataset(40), encoding="utf-8")
    assert hugo_baseline.write_project(data, tmp_path / "hugo") == 120  # one Markdown file per event and language
    floor.build(data, tmp_path / "floor-output")
    subprocess.run(hugo_command(tmp_path), check=True, capture_output=True)
    hugo_pages, floor_pages = _html_pages(tmp_path / "hugo-output"), _html_pages(tmp_path / "floor-output")
    assert floor_pages <= hugo_pages, sorted(floor_pages - hugo_pages)[:5]
    counts = pages_per_language(tmp_path / "hugo-output")
    assert len(set(counts.values())) == 1 and sum(counts.values()) == len(hugo_pages) - 1  # and the root's redirect
    page = (tmp_path / "hugo-output" / "ru" / "events" / "event-00007" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ru">' in page and "<em>" in page  # the Markdown summary, rendered
    for suffix in ("bib", "ris", "json"):  # the citation files the floor writes too
        text = (tmp_path / "hugo-output" / "ru" / "events" / "event-00007" / f"index.{suffix}").read_text("utf-8")
        assert "/ru/events/event-00007/" in text
    index = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(tmp_path / "hugo-output")],
                           capture_output=True, text=True, cwd=ROOT)
    assert index.returncode == 0 and "3 languages" in index.stdout, index.stdout
