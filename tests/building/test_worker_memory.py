"""What rendering keeps in memory (output.render): a worker, in a build whose memory ends with it, only what it reads
again itself (memory.Memory.for_this_run), and in serve's builds what the next build reuses, sent back; the build's
process, each file the workers made only until it is written (output.render.MadeFiles)."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from culturelinks import progress
from culturelinks.build import build_site
from culturelinks.output import publish, render

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


def test_the_open_data_files_are_written_as_soon_as_a_worker_made_them(project: Path, monkeypatch: pytest.MonkeyPatch):
    """The workers make the open data files once they have rendered the pages search covers; each is written (and its
    bytes dropped) as soon as it comes, not after the last page: at 10,000 events they are 94 MB, which waited beside
    Pagefind's last index. The site is the same."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from benchmarks import synthetic

    (project / "data" / "events.yaml").write_text(synthetic.dataset(60), "utf-8")
    monkeypatch.setattr(render, "MIN_PARALLEL_PAGES", 1)
    order: list[str] = []
    put, advance = publish.Staging.put, progress.Silent.advance

    def putting(staging, name, *args, **kwargs):
        if os.getpid() == parent:
            order.append(name)
        return put(staging, name, *args, **kwargs)

    def advancing(report, amount=1):
        order.append("a page")
        return advance(report, amount)

    parent = os.getpid()
    monkeypatch.setattr(publish.Staging, "put", putting)
    monkeypatch.setattr(progress.Silent, "advance", advancing)
    output = build_site(project / "output").output
    last_page = len(order) - order[::-1].index("a page") - 1
    assert "data/events.json" in order[:last_page]
    assert tree(output) == clean_tree(project)
