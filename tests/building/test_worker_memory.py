"""What rendering keeps in memory (output.render): a worker, in a build whose memory ends with it, only what it reads
again itself (memory.Memory.for_this_run), and in serve's builds what the next build reuses, sent back; the build's
process, each file the workers made only until it is written (output.render.MadeFiles). The build's process renders
too, beside one forked worker fewer: each forked one ends up with a copy of most of its memory."""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import SimpleNamespace

import pytest

from culturelinks import progress
from culturelinks.build import build_site
from culturelinks.memory import Memory
from culturelinks.output import publish, render
from culturelinks.output.manifest import FileRecord

from .test_incremental import clean_tree, tree

#: Where the workers note their stores (set by ``kept_in_workers``, inherited by the forked workers).
LOG: list[Path] = []
RENDER_SHARE, MAKE_FILE = render._render_in_worker, render._make_in_worker


def noted(made):
    """``made``, after noting the worker's stores in ``LOG``."""
    memory = render._RENDERER.memory  # type: ignore[union-attr] # set in the worker
    with open(LOG[0], "a", encoding="utf-8") as file:
        for name, store in memory.stores().items():
            file.write(json.dumps([os.getpid(), name, len(store)]) + "\n")
            file.write(json.dumps([os.getpid(), f"{name} used", len(store._used or ())]) + "\n")
    return made


def noted_share(numbers):
    return noted(RENDER_SHARE(numbers))


def noted_file(number):
    return noted(MAKE_FILE(number))


@pytest.fixture
def kept_in_workers(monkeypatch: pytest.MonkeyPatch, tmp_path_factory) -> Iterator[Path]:
    """A log of each forked worker's stores, after each share of pages and each file it made: (pid, store, size),
    and (pid, "store used", how many of its keys it noted as used since the last sweep)."""
    log = tmp_path_factory.mktemp("kept") / "log"
    log.write_text("", "utf-8")
    monkeypatch.setattr(render, "MIN_PARALLEL_PAGES", 1)  # the fixture's few pages rendered by workers too
    monkeypatch.setattr(render, "_render_in_worker", noted_share)
    monkeypatch.setattr(render, "_make_in_worker", noted_file)
    LOG.append(log)
    yield log
    LOG.clear()


def most_kept(log: Path) -> dict[str, int]:
    """The most any worker kept in each store."""
    kept: dict[str, int] = {}
    for line in log.read_text("utf-8").splitlines():
        pid, name, size = json.loads(line)
        assert pid != os.getpid(), "noted in a forked worker"
        kept[name] = max(kept.get(name, 0), size)
    return kept


def test_a_builds_workers_keep_no_events_part_for_a_next_build(project: Path, kept_in_workers: Path):
    """The open data's parts (each event's part of events.json, .csv, .ics, .ttl) are kept for a next build in the
    same process, which a build run by the command never has: at 10,000 events a cold build's workers kept about
    100 MB each of them until the build's end. The entries' HTML, which the same worker reads again on the year,
    type, place and source pages, stays."""
    output = build_site(project / "output").output
    kept = most_kept(kept_in_workers)
    assert kept, "the pages were rendered by forked workers"
    assert {name: kept[name] for name in ("json_parts", "csv_rows", "calendar_entries", "turtle_parts")} == \
        {"json_parts": 0, "csv_rows": 0, "calendar_entries": 0, "turtle_parts": 0}
    assert kept["entry_html"] > 0 and kept["record_digests"] > 0
    assert {name: size for name, size in kept.items() if name.endswith(" used") and size} == {}  # never swept
    assert tree(output) == clean_tree(project)


def test_serves_workers_keep_and_send_back_what_the_next_build_reuses(project: Path, kept_in_workers: Path):
    """``culturelinks serve`` keeps its memory from build to build: its workers keep the events' parts they make and
    send them back (Memory.take_new), so the first quick build after a full one finds them all."""
    from culturelinks.serve.live import LiveBuild

    live = LiveBuild(project / "output")
    live(lambda: None)
    kept = most_kept(kept_in_workers)
    assert kept["json_parts"] == kept["csv_rows"] == kept["turtle_parts"] == 3
    assert len(live.memory.json_parts) == 3
    live.stop()


def test_the_open_data_files_are_written_by_the_worker_that_makes_them_before_the_last_page(
        project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path_factory):
    """The workers make the open data files, and write each one themselves: its bytes (94 MB at 10,000 events) never
    cross a pipe, to be copied again into the build's process; the build's process takes each record as it comes,
    not after the last page. The site is the same."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from benchmarks import synthetic

    (project / "data" / "events.yaml").write_text(synthetic.dataset(60), "utf-8")
    monkeypatch.setattr(render, "MIN_PARALLEL_PAGES", 1)
    log = tmp_path_factory.mktemp("written") / "log"
    put, advance = publish.Staging.put, progress.Silent.advance

    def note(line: str) -> None:
        with open(log, "a", encoding="utf-8") as file:  # one write each, appended: in the order they happen
            file.write(line + "\n")

    def putting(staging, name, *args, **kwargs):
        note(f"{os.getpid()} put {name}")
        return put(staging, name, *args, **kwargs)

    def advancing(report, amount=1):
        note(f"{os.getpid()} a page")
        return advance(report, amount)

    monkeypatch.setattr(publish.Staging, "put", putting)
    monkeypatch.setattr(progress.Silent, "advance", advancing)
    # Made as soon as the searched pages are given out: held until Pagefind's last index (as a cold build does,
    # test_a_build_that_renders_every_page_holds_the_files_...), they may come with the last pages at this size.
    monkeypatch.setattr(render.MadeFiles, "hold_until", lambda made, ready: None)
    output = build_site(project / "output").output
    lines = log.read_text("utf-8").splitlines()
    written = {line.split(" put ")[1]: (number, int(line.split()[0])) for number, line in enumerate(lines)
               if " put data/" in line}
    last_page = max(number for number, line in enumerate(lines) if line.endswith(" a page"))
    assert {"data/events.json", "data/events.csv", "data/events.ics", "data/events.ttl"} <= set(written)
    assert all(pid != os.getpid() for _, pid in written.values()), written
    assert written["data/events.json"][0] < last_page
    assert tree(output) == clean_tree(project)


class PidRenderer:
    """Stands in for output.render.PageRenderer: each page "rendered" as its number and the renderer's process."""

    def __init__(self, pages: Sequence[SimpleNamespace]) -> None:
        self.pages = pages
        self.memory = Memory()
        self.remember = False
        self.sink = None  # no files

    def render(self, numbers: Sequence[int]) -> list[tuple[int, int]]:
        time.sleep(0.0002 * len(numbers))  # a page takes time: the workers are not done before they are asked
        return [(number, os.getpid()) for number in numbers]


@pytest.mark.parametrize("workers", [2, 3])
def test_the_builds_process_renders_beside_one_forked_worker_fewer(workers: int, monkeypatch: pytest.MonkeyPatch):
    """Each forked worker ends up with a copy of most of the build's process's memory (reference counts written page
    by page): the build's process is one of the ``workers``, and renders the next share of pages itself whenever the
    forked ones have not finished the one it is to read next. At 10,000 events a cold build's peak went from
    2,463 MB to 2,045 MB, in the same time. The pages still come in ``render_order``, each once."""
    monkeypatch.setattr(render, "can_fork", lambda: True)  # earlier tests may leave threads behind
    pages = [SimpleNamespace(searched=number % 4 != 0, lang=("az", "ru", "en")[number % 3]) for number in range(3000)]
    renderer = PidRenderer(pages)
    with render.rendering(renderer, (), workers) as (rendered, _):  # type: ignore[arg-type]
        got = list(rendered)
    assert [number for number, _ in got] == render.render_order(pages)  # type: ignore[arg-type]
    by_process = Counter(pid for _, pid in got)
    assert len(by_process) == workers and by_process[os.getpid()] > 0, by_process


def test_a_build_renders_in_its_own_process_too_and_the_site_is_the_same(project: Path,
                                                                         monkeypatch: pytest.MonkeyPatch,
                                                                         tmp_path_factory):
    """With three workers set, the build forks two and renders pages itself; its site is a clean build's."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from benchmarks import synthetic

    (project / "data" / "events.yaml").write_text(synthetic.dataset(60), "utf-8")
    settings = project / "pelicanconf.py"
    settings.write_text(settings.read_text("utf-8") + "\nCULTURELINKS_WORKERS = 3\n", "utf-8")
    monkeypatch.setattr(render, "MIN_PARALLEL_PAGES", 1)
    log = tmp_path_factory.mktemp("rendered") / "log"
    _render = render.PageRenderer._render

    def rendering(renderer, page):
        with open(log, "a", encoding="utf-8") as file:
            file.write(f"{os.getpid()}\n")
        return _render(renderer, page)

    monkeypatch.setattr(render.PageRenderer, "_render", rendering)
    output = build_site(project / "output").output
    by_process = Counter(int(pid) for pid in log.read_text("utf-8").split())
    assert len(by_process) == 3 and by_process[os.getpid()] > 0, by_process
    assert tree(output) == clean_tree(project)


def noted_making(number: int) -> tuple[render.WrittenFile, dict]:
    """Stands in for ``render._make_in_worker``: notes that the worker makes file ``number`` (in ``LOG``)."""
    with open(LOG[0], "a", encoding="utf-8") as file:
        file.write(f"file {number}\n")
    return render.WrittenFile(FileRecord("", 0, 0), "", ()), {}


@pytest.mark.parametrize("ready_at", [1500, None])
def test_the_files_are_made_once_the_build_says_or_once_every_share_is_given(
        ready_at: int | None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """A build that renders every page has the files made once Pagefind has made its last index (``hold_until``):
    the worker making them beside it was the build's peak at 10,000 events (150 MB more), and there are pages
    enough to render meanwhile. Were the pages given out first, the files are made then."""
    monkeypatch.setattr(render, "can_fork", lambda: True)
    monkeypatch.setattr(render, "_make_in_worker", noted_making)
    log = tmp_path / "log"
    monkeypatch.setattr(sys.modules[__name__], "LOG", [log])
    pages = [SimpleNamespace(searched=number % 4 != 0, lang=("az", "ru", "en")[number % 3]) for number in range(3000)]
    read = 0
    with render.rendering(PidRenderer(pages), [SimpleNamespace()] * 3, 2) as (rendered, made):  # type: ignore
        made.hold_until(lambda: ready_at is not None and read >= ready_at)
        for _ in rendered:
            read += 1
            if read == ready_at:
                with open(log, "a", encoding="utf-8") as file:
                    file.write("ready\n")
        assert len(list(made.given(waiting=True))) == 3
    lines = log.read_text("utf-8").splitlines()
    assert [line for line in lines if line.startswith("file")] == ["file 0", "file 1", "file 2"]  # by the worker
    if ready_at is not None:
        assert lines.index("ready") < lines.index("file 0")


def test_a_build_that_renders_every_page_holds_the_files_until_pagefind_made_its_last_index(
        project: Path, monkeypatch: pytest.MonkeyPatch):
    """What the build tells ``MadeFiles.hold_until`` is False while Pagefind makes each language's index, and True
    after; a build that keeps most pages (an edit) holds nothing back: it has few pages to render meanwhile."""
    from culturelinks.output import search

    from .test_incremental import replace

    held: list = []
    hold_until = render.MadeFiles.hold_until
    monkeypatch.setattr(render.MadeFiles, "hold_until", lambda made, ready: held.append(ready) or hold_until(made, ready))
    while_indexing: list[bool] = []
    files = search.SearchIndex.files

    def indexing(index):
        if held:
            while_indexing.append(held[-1]())
        return files(index)

    monkeypatch.setattr(search.SearchIndex, "files", indexing)
    build_site(project / "output")
    assert len(held) == 1 and len(while_indexing) == 3 and not any(while_indexing)
    assert held[0]()
    held.clear()
    replace(project / "data" / "events.yaml", "Bir həftə davam etmişdir.", "Bir həftə davam etdi.")
    build_site(project / "output")
    assert held == []
