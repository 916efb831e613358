"""``culturelinks serve``'s quick rebuilds (issue 11): an edit of some events re-reads only their lines and
re-renders only the pages that may show them, and the site it leaves is the one a clean build makes."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pytest
import yaml

from culturelinks.build import build_site
from culturelinks.errors import DataError
from culturelinks.languages import DEFAULT
from culturelinks.serve.live import LiveBuild
from culturelinks.serve.quick import DataFile, NotQuick

from ..building.test_incremental import tree

LANGUAGES = DEFAULT.codes

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from benchmarks import synthetic  # noqa: E402

EDITED = "event-00020"


@pytest.fixture
def synthetic_project(project: Path) -> Path:
    (project / "data" / "events.yaml").write_text(synthetic.dataset(40), "utf-8")
    return project


def edit(project: Path, change) -> None:
    """Apply ``change`` (text → text) to the lines of event EDITED, and tell nothing else."""
    path = project / "data" / "events.yaml"
    text = path.read_text("utf-8")
    start = text.index(f"  - id: {EDITED}\n")
    end = text.index("\n  - id: ", start + 1) + 1
    path.write_text(text[:start] + change(text[start:end]) + text[end:], "utf-8")


def rebuild(live: LiveBuild, project: Path) -> list[dict[str, bytes]]:
    """One rebuild as serve runs it; returns the site as it was when the pages were ready (tabs reload)."""
    seen: list[dict[str, bytes]] = []
    live.notice({(2, str(project / "data" / "events.yaml"))})
    live(lambda: seen.append(tree(live.output)))
    live.settle()  # the search index and the open data follow the pages in a thread of their own
    return seen


def clean(project: Path, name: str) -> dict[str, bytes]:
    return tree(build_site(project / name, use_cache=False).output)


def used_elsewhere(project: Path, table: str) -> str:
    """A key of ``table`` that an event other than EDITED uses and EDITED does not."""
    data = yaml.safe_load((project / "data" / "events.yaml").read_text("utf-8"))
    edited = next(event for event in data["events"] if event["id"] == EDITED)
    for event in data["events"]:
        keys = event["places"] if table == "places" else [event["type"]]
        mine = edited["places"] if table == "places" else [edited["type"]]
        for key in keys:
            if event["id"] != EDITED and key not in mine:
                return key
    raise AssertionError(f"no other {table} in use")


@pytest.mark.slow
def test_an_edit_of_one_event_is_quick_and_leaves_the_site_a_clean_build_makes(synthetic_project: Path):
    project = synthetic_project
    live = LiveBuild(project / "output")
    live(lambda: None)
    assert live.quick_builds == 0
    other_type, other_place = used_elsewhere(project, "type"), used_elsewhere(project, "places")
    page = f"en/events/{EDITED}/index.html"
    edits = [
        ("title", lambda block: re.sub(r"      en: .*\n", '      en: "A title edited in serve"\n', block, count=1),
         b"A title edited in serve"),
        ("date within its year", lambda block: block.replace('date: "2020-12"', 'date: "2020-01-15"'), b"2020"),
        ("type", lambda block: re.sub(r"    type: .*\n", f"    type: {other_type}\n", block), other_type.encode()),
        ("places", lambda block: block.replace("places: [", f"places: [{other_place}, "), other_place.encode()),
        ("summary", lambda block: block.replace("      en: |-\n", "      en: |-\n        **Quickly** rebuilt.\n"),
         b"<strong>Quickly</strong> rebuilt."),
    ]
    for number, (what, change, shown) in enumerate(edits, start=1):
        before = tree(live.output)
        edit(project, change)
        (at_reload,) = rebuild(live, project)
        assert live.quick_builds == number, f"the {what} edit took the full build"
        assert shown in at_reload[page], what
        assert {name: data for name, data in at_reload.items() if name.startswith("pagefind/")} == \
            {name: data for name, data in before.items() if name.startswith("pagefind/")}, \
            f"{what}: the search index should follow the pages, not come with them"
        assert tree(live.output) == clean(project, f"clean-{number}"), what
    assert build_site(live.output).up_to_date


@pytest.mark.slow
def test_a_move_across_years_and_pages_of_listings_is_the_same_site(synthetic_project: Path):
    project = synthetic_project
    settings = project / "pelicanconf.py"
    settings.write_text(settings.read_text("utf-8") + "\nCULTURELINKS_LISTING_LIMIT = 3\n", "utf-8")
    live = LiveBuild(project / "output")
    live(lambda: None)
    data = yaml.safe_load((project / "data" / "events.yaml").read_text("utf-8"))
    years = sorted({synthetic.listed_date(event["date"])[:4] for event in data["events"]})
    for number, year in enumerate([years[0], years[len(years) // 2], years[-1]], start=1):
        edit(project, lambda block, year=year: re.sub(r"    date: .*\n", f'    date: "{year}-06-01"\n', block))
        rebuild(live, project)
        assert tree(live.output) == clean(project, f"clean-{number}"), year


def test_a_quick_build_makes_again_only_what_the_edit_can_change(synthetic_project: Path):
    """serve keeps, from one quick build to the next, what an edit of some events cannot change: the other
    events' entries and the HTML made of them (in the build's memory), the lists of events they are in, and
    each language's chart and filters; those follow an edit that moves an event to another type (and the site
    is still a clean build's)."""
    project = synthetic_project
    live = LiveBuild(project / "output")
    live(lambda: None)

    def retitle(title: str) -> None:
        edit(project, lambda block: re.sub(r"      en: .*\n", f'      en: "{title}"\n', block, count=1))
        rebuild(live, project)

    def english_entries() -> dict:
        return {key: html for key, html in live.memory.entry_html.items().items() if key[0] == "en"}

    retitle("First title")
    assert live.last is not None
    views, entry_html = live.last.views, english_entries()
    assert any(event_id == EDITED for _, event_id, _ in entry_html) and len(entry_html) > 1
    retitle("Second title")
    assert live.quick_builds == 2
    again = live.last.views
    for lang in LANGUAGES:
        assert again.chart(lang) is views.chart(lang) and again.filters(lang) is views.filters(lang), lang
    edited = views.chronology.events[views.event_numbers[EDITED]]
    assert all(again.index.by_year[year] is events for year, events in views.index.by_year.items()
               if year != edited.when.year)
    after = english_entries()
    assert all(after[key] is html for key, html in entry_html.items() if key[1] != EDITED and key in after), \
        "the other events' HTML is made again"
    assert all("Second title" in after[key] for key in entry_html if key[1] == EDITED and key in after)

    other_type = used_elsewhere(project, "type")
    edit(project, lambda block: re.sub(r"    type: .*\n", f"    type: {other_type}\n", block))
    rebuild(live, project)
    assert live.quick_builds == 3
    moved = live.last.views
    assert all(moved.chart(lang) is not views.chart(lang) for lang in LANGUAGES)
    assert tree(live.output) == clean(project, "clean")


@pytest.mark.slow
def test_what_a_quick_build_cannot_do_takes_the_full_build(synthetic_project: Path):
    project = synthetic_project
    live = LiveBuild(project / "output")
    live(lambda: None)
    path = project / "data" / "events.yaml"
    site = tree(live.output)
    edit(project, lambda block: re.sub(r"    type: .*\n", "    type: exhibitoin\n", block))
    with pytest.raises(DataError) as failed:
        rebuild(live, project)
    assert "unknown type 'exhibitoin'" in failed.value.problems[0].message
    assert failed.value.problems[0].line > 1  # the full build says where, in the whole file
    assert tree(live.output) == site
    edit(project, lambda block: re.sub(r"    type: .*\n", "    type: exhibition\n", block))
    rebuild(live, project)
    title = re.search(r"\n      az: [^\n]*", (project / "data" / "events.yaml").read_text("utf-8").split(
        f"id: {EDITED}\n")[1]).group()
    edit(project, lambda block: block.replace(title, "", 1))  # no Azerbaijani title: a warning, a full build
    rebuild(live, project)
    edit(project, lambda block: block.replace("    title:", "    title:" + title, 1))  # translated again
    rebuild(live, project)
    assert tree(live.output) == clean(project, "clean-translated"), "the sitemap lists the new alternate"
    edit(project, lambda block: block.replace(f"id: {EDITED}", "id: renamed-event"))
    rebuild(live, project)
    assert (live.output / "en/events/renamed-event/index.html").is_file()
    text = path.read_text("utf-8")
    at = text.index("  - id: renamed-event")
    path.write_text(text[:at] + text[at:].replace("renamed-event", "added-event", 1).split("\n  - id: ")[0] + "\n"
                    + text[at:], "utf-8")
    rebuild(live, project)
    assert live.quick_builds == 1  # translated again: quick (the follow-up makes the sitemap with its alternate)
    assert tree(live.output) == clean(project, "clean")


def test_only_the_edited_events_lines_are_read_again():
    text = synthetic.dataset(5)
    from culturelinks.data import dataset, loader

    source = loader.compose(text, "events.yaml")
    data = dataset.check_source(source).data
    data_file = DataFile.of(source, data)
    assert data_file is not None
    edited = text.replace('en: "', 'en: "Edited ', 1)
    new_file, changed = data_file.changed(edited)
    assert list(changed) == [0] and changed[0]["title"]["en"].startswith("Edited ")
    again = DataFile.of(loader.compose(edited, "events.yaml"), dataset.check_source(
        loader.compose(edited, "events.yaml")).data)
    assert again is not None and new_file.spans == again.spans and new_file.data == again.data
    assert data_file.changed(text + "# a comment at the end\n")[1] == {}
    for outside in [text.replace("types:", "types:\n  new-type: {az: a, ru: b, en: c}", 1),
                    text.replace('en: "', 'en: *anchor "', 1),
                    text + "  - id: one-more\n"]:
        with pytest.raises(NotQuick):
            data_file.changed(outside)


def test_a_new_edit_does_not_wait_for_the_last_ones_search_index(synthetic_project: Path,
                                                                  monkeypatch: pytest.MonkeyPatch):
    """What follows the pages is made in a thread that gives way to the next build; the site still ends as a
    clean build makes it."""
    from culturelinks.output import search

    project = synthetic_project
    live = LiveBuild(project / "output")
    live(lambda: None)
    slow_add = search.SearchIndex.add

    def slowly(index, url: str, html: str) -> None:
        time.sleep(0.05)
        slow_add(index, url, html)

    monkeypatch.setattr(search.SearchIndex, "add", slowly)
    page = f"en/events/{EDITED}/index.html"
    for number in range(1, 4):
        edit(project, lambda block, number=number: re.sub(r"      en: .*\n", f'      en: "Save number {number}"\n',
                                                          block, count=1))
        live.notice({(2, str(project / "data" / "events.yaml"))})
        following = live._follower is not None and live._follower.is_alive()
        assert following or number == 1, "the last save's search index is still being made"
        live(lambda: None)
        assert f"Save number {number}".encode() in (live.output / page).read_bytes()
    assert live.quick_builds == 3
    live.settle()
    monkeypatch.setattr(search.SearchIndex, "add", slow_add)
    assert tree(live.output) == clean(project, "clean")


def test_a_new_edit_does_not_wait_for_the_old_site_to_be_deleted(synthetic_project: Path,
                                                                  monkeypatch: pytest.MonkeyPatch):
    """What follows a quick build's pages ends by swapping in the whole site; the old one, tens of thousands
    of files at 10,000 events, is deleted in a thread of its own, not by the work the next save waits for.
    Here deleting an old site waits until the test lets it go on, so only such a thread lets the save in."""
    import shutil
    import threading

    from culturelinks.output import publish

    project = synthetic_project
    live = LiveBuild(project / "output")
    live(lambda: None)
    deleting, go_on = threading.Event(), threading.Event()
    rmtree = shutil.rmtree

    def slow_rmtree(path, *args, **kwargs) -> None:
        if (Path(path) / publish.MARKER).is_file():  # an old site
            deleting.set()
            go_on.wait(120)
        rmtree(path, *args, **kwargs)

    monkeypatch.setattr(publish.shutil, "rmtree", slow_rmtree)
    try:
        edit(project, lambda block: re.sub(r"      en: .*\n", '      en: "First save"\n', block, count=1))
        live.notice({(2, str(project / "data" / "events.yaml"))})
        live(lambda: None)  # what follows the pages ends by deleting the old site
        assert deleting.wait(120), "the old site was not deleted"
        edit(project, lambda block: re.sub(r"      en: .*\n", '      en: "Second save"\n', block, count=1))
        live.notice({(2, str(project / "data" / "events.yaml"))})
        saving = threading.Thread(target=live, args=(lambda: None,), daemon=True)
        saving.start()
        saving.join(60)  # a guard against hanging, not a timing: the old site is deleted only once let go on
        assert not saving.is_alive(), "the save waits for the old site to be deleted"
        assert b"Second save" in (live.output / f"en/events/{EDITED}/index.html").read_bytes()
    finally:
        go_on.set()
    live.settle()
    for thread in threading.enumerate():
        if thread.name == "culturelinks-remove":
            thread.join()
    assert live.quick_builds == 2
    assert not list(publish.cache_folder(live.output).glob(publish.STAGING_PREFIX + "*")), "an old site is left"
    monkeypatch.setattr(publish.shutil, "rmtree", rmtree)
    assert tree(live.output) == clean(project, "clean")


def test_stopping_the_search_index_stops_the_language_it_waits_for():
    """A new save stops the search index being made (SiteIndex.abort), also while it waits for Pagefind to
    finish a language: were that language's Pagefind left running, the save would wait for it (seconds at
    10,000 events). Here Pagefind is frozen, so only the stop can end the wait."""
    import os
    import signal
    import threading

    from culturelinks.output.search import SearchIndexError, SiteIndex

    outcome: list[object] = []
    with SiteIndex() as search:
        search.add("en", "/en/", "<html lang='en'><body><main data-pagefind-body><h1>One</h1></main></body></html>")
        search.finish_feeding()
        pagefind = search._finishing[0][0]._process
        assert pagefind is not None
        os.kill(pagefind.pid, signal.SIGSTOP)
        try:
            def wait_for_files() -> None:
                try:
                    outcome.append(search.files())
                except SearchIndexError as exc:
                    outcome.append(exc)

            waiting = threading.Thread(target=wait_for_files, daemon=True)
            waiting.start()
            while waiting.is_alive() and not any(frame.f_code.co_name == "_merge_next" for frame in _stack(waiting)):
                waiting.join(0.01)
            search.abort()
            waiting.join(60)  # a guard against hanging, not a timing: Pagefind never answers
            assert not waiting.is_alive(), "files() still waits for the stopped Pagefind"
        finally:
            if pagefind.poll() is None:
                os.kill(pagefind.pid, signal.SIGKILL)
    assert len(outcome) == 1 and isinstance(outcome[0], SearchIndexError), outcome


def _stack(thread) -> list:
    """The frames ``thread`` is running, innermost first."""
    frame, frames = sys._current_frames().get(thread.ident), []
    while frame is not None:
        frames.append(frame)
        frame = frame.f_back
    return frames


def test_a_file_being_written_in_place_is_read_once_written(tmp_path: Path):
    """An editor that writes in place truncates the file first, then writes it (Python's write_text encodes
    in between): the quick build waits for the whole text instead of reading an empty or cut file."""
    import threading

    from culturelinks.serve.live import read_settled

    path = tmp_path / "events.yaml"
    path.write_text("events: []\n", "utf-8")
    truncated = threading.Event()

    def editor() -> None:
        with open(path, "w", encoding="utf-8") as file:
            truncated.set()
            time.sleep(0.1)
            file.write("events:\n  - id: x\n" * 1000)

    writing = threading.Thread(target=editor)
    writing.start()
    truncated.wait()
    assert read_settled(path, "events.yaml") == "events:\n  - id: x\n" * 1000
    writing.join()


def test_a_file_cut_inside_a_character_while_written_is_read_once_written(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch):
    """A file read while it is written may end inside a character (ə, ş, Cyrillic: two bytes in UTF-8); that
    is not a broken file, only one not yet whole: the quick build reads it again once it is, rather than
    handing an edit of one event over to the full build. Here the editor ends its write just after the
    first read."""
    from culturelinks.data import loader
    from culturelinks.serve.live import read_settled

    path = tmp_path / "events.yaml"
    whole = ("events:\n  - id: x\n    title: {az: \"Azərbaycan mədəniyyəti\"}\n" * 100).encode()
    cut = whole.index("ə".encode()) + 1
    path.write_bytes(whole[:cut])
    read_text, reads = loader.read_text, []

    def read_while_written(path: Path, name: str) -> str:
        reads.append(name)
        try:
            return read_text(path, name)
        finally:
            if len(reads) == 1:
                with open(path, "ab") as file:
                    file.write(whole[cut:])

    monkeypatch.setattr(loader, "read_text", read_while_written)
    assert read_settled(path, "events.yaml") == whole.decode()
    assert len(reads) == 2

    path.write_bytes(whole[:cut])  # a file that stays so is not UTF-8: the full build says where
    with pytest.raises(NotQuick):
        read_settled(path, "events.yaml")
