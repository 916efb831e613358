"""A build takes each event's part of the open data (events.json, events.csv, events.ics, events.ttl) from the live
files when the event is as it was: the last build recorded where each part is in each file (output.shows), and a
part is taken only from the very file it recorded (its SHA-256), in the same scope, for an event whose data has the
same digest. At 10,000 events, making every part again took 5 s of a one-event build."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest

from culturelinks.build import build_site, cache_folder
from culturelinks.output import render, shows
from culturelinks.site import exports, turtle

from .test_incremental import clean_tree, replace, tree

#: What makes one event's part of each open-data file.
MAKERS = [(exports, "_event_object", "events.json"), (exports, "_csv_row", "events.csv"),
          (exports, "_calendar_entry", "events.ics"), (turtle, "_event_block", "events.ttl")]
EDIT = ("They lasted a week.", "They lasted a whole week.")


@pytest.fixture
def parts_made(monkeypatch: pytest.MonkeyPatch) -> Counter:
    """How many events' parts of each file the builds made, rendering in this process."""
    made: Counter = Counter()
    monkeypatch.setattr(render, "MIN_PARALLEL_PAGES", 10 ** 9)
    for module, name, file in MAKERS:
        original = getattr(module, name)

        def counting(*args, original=original, file=file, **kwargs):
            made[file] += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, counting)
    return made


def edited_and_built(project: Path, old: str = EDIT[0], new: str = EDIT[1]) -> Path:
    replace(project / "data" / "events.yaml", old, new)
    return build_site(project / "output").output


def test_a_one_event_edit_makes_only_that_events_parts(project: Path, parts_made: Counter):
    build_site(project / "output")
    assert parts_made == {"events.json": 3, "events.csv": 3, "events.ics": 3, "events.ttl": 3}
    parts_made.clear()
    output = edited_and_built(project)
    assert parts_made == {"events.json": 1, "events.csv": 1, "events.ics": 1, "events.ttl": 1}
    assert "They lasted a whole week." in (output / "data" / "events.csv").read_text("utf-8")
    assert tree(output) == clean_tree(project)


def test_the_parts_are_taken_by_whoever_makes_the_file_not_before_the_first_page(
        project: Path, parts_made: Counter, monkeypatch: pytest.MonkeyPatch):
    """Reading and splitting the live open-data files (300 MB at 30,000 events) took the build's process 2 to 3.6 s
    before its first page, and so before Pagefind had its first page to index. Each file's parts are now taken by
    the process that makes the file, just before (here the build's own: it renders alone)."""
    order: list[str] = []
    carry, render_pages = exports.carry_parts, render.PageRenderer.render
    monkeypatch.setattr(exports, "carry_parts", lambda *args: order.append("parts") or carry(*args))
    monkeypatch.setattr(render.PageRenderer, "render", lambda self, numbers: order.append("page")
                        or render_pages(self, numbers))
    build_site(project / "output")
    assert "parts" not in order  # nothing to take from in a first build
    order.clear()
    parts_made.clear()
    output = edited_and_built(project)
    assert order[0] == "page" and order.count("parts") == 4
    assert parts_made == {"events.json": 1, "events.csv": 1, "events.ics": 1, "events.ttl": 1}
    assert tree(output) == clean_tree(project)


def test_a_live_file_changed_by_hand_gives_no_part(project: Path, parts_made: Counter):
    """Same size, same modification time, other bytes: the SHA-256 of what is read is not the recorded one."""
    output = build_site(project / "output").output
    changed = output / "data" / "events.csv"
    stat = changed.stat()
    text = changed.read_bytes()
    changed.write_bytes(text.replace(b"Ocaq", b"Oxaq"))
    os.utime(changed, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    parts_made.clear()
    edited_and_built(project)
    assert parts_made["events.csv"] == 3 and parts_made["events.json"] == 1
    assert tree(output) == clean_tree(project)


def ocaq_past_the_end(parts: list) -> list:
    """The unedited event's part, with its own digest, said to end past the end of the file."""
    return [[event_id, digest, start, 10 ** 9 if event_id == "ocaq-society" else end]
            for event_id, digest, start, end in parts]


UNREADABLE = {"events.json": 3, "events.csv": 3, "events.ics": 3, "events.ttl": 3}


@pytest.mark.parametrize(("broken", "expected"), [
    (lambda parts: [["ocaq-society", "00" * 16, 5, 2]], UNREADABLE),  # a record that cannot be read is not used
    (lambda parts: [["ocaq-society", "zz", 0, 1]], UNREADABLE),
    (lambda parts: "parts", UNREADABLE),
    (lambda parts: [[1, 2, 3, 4]], UNREADABLE),
    (lambda parts: [[event_id, digest, -1, end] for event_id, digest, _, end in parts], UNREADABLE),
    # a part past the end of its file is made again; the edited event's too, the third is taken
    (ocaq_past_the_end, {"events.json": 2, "events.csv": 1, "events.ics": 1, "events.ttl": 1}),
])
def test_a_broken_record_of_parts_is_not_trusted(project: Path, parts_made: Counter, broken, expected):
    output = build_site(project / "output").output
    record = cache_folder(output) / shows.SHOWS_FILE
    kept = json.loads(record.read_text("utf-8"))
    sha256, key, parts = kept["parts"]["data/events.json"]
    kept["parts"]["data/events.json"] = [sha256, key, broken(parts)]
    record.write_text(json.dumps(kept), "utf-8")
    parts_made.clear()
    edited_and_built(project)
    assert parts_made == expected
    assert tree(output) == clean_tree(project)


def test_a_part_whose_event_changed_is_made_again_even_at_the_same_place(project: Path, parts_made: Counter):
    """The digest decides, not the offsets: an edit that keeps the part's length still makes it again."""
    build_site(project / "output")
    parts_made.clear()
    output = edited_and_built(project, "They lasted a week.", "They lasted a wéek.")
    assert parts_made["events.json"] == 1
    assert tree(output) == clean_tree(project)


def test_a_new_latest_day_makes_every_calendar_entry_again(project: Path, parts_made: Counter):
    """Each entry's DTSTAMP is the data's latest day (exports.data_timestamp): moving it remakes them all, and only
    the edited event's part of the other files."""
    build_site(project / "output")
    parts_made.clear()
    output = edited_and_built(project, 'end: "2007-04-18"', 'end: "2007-04-19"')
    assert parts_made == {"events.json": 1, "events.csv": 1, "events.ics": 3, "events.ttl": 1}
    assert b"DTSTAMP:20070419T000000Z" in (output / "data" / "events.ics").read_bytes()
    assert tree(output) == clean_tree(project)
