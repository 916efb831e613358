"""Pages are rendered searched first (output.render.render_order), so that Pagefind finishes the last language's
index while the rest of the site is rendered, and the languages an edit changed come first, so that Pagefind indexes
them again while the other languages' pages are kept; the site is the same."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from culturelinks.build import build_site
from culturelinks.errors import BuildError
from culturelinks.output import render, search
from culturelinks.output.manifest import FileRecord
from culturelinks.plugin import generator
from culturelinks.site import views

from .test_incremental import clean_tree, replace, tree


def test_searched_pages_first_each_in_plan_order(project: Path, monkeypatch):
    plans = []
    original = generator.rendering

    def spy(renderer, files, workers, *rest):
        plans.append(renderer.pages)
        return original(renderer, files, workers, *rest)

    monkeypatch.setattr(generator, "rendering", spy)
    build_site(project / "output")
    (pages,) = plans
    order = render.render_order(pages)
    assert sorted(order) == list(range(len(pages)))
    searched = [number for number in order if pages[number].searched]
    assert order[:len(searched)] == searched == sorted(searched)
    assert order[len(searched):] == sorted(order[len(searched):])
    assert {pages[number].template for number in searched} == {"event", "page", "entity"}
    assert pages[order[-1]].template not in ("event", "page", "entity")


@pytest.fixture
def indexed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The languages of the search index in the order the build took them up: fed to Pagefind, or their part of
    the live index kept."""
    taken: list[str] = []
    add, reuse = search.SiteIndex.add, search.SiteIndex.reuse

    def adding(index, lang, url, html):
        if not taken or taken[-1] != lang:
            taken.append(lang)
        return add(index, lang, url, html)

    def reusing(index, lang, bundle):
        taken.append(lang)
        return reuse(index, lang, bundle)

    monkeypatch.setattr(search.SiteIndex, "add", adding)
    monkeypatch.setattr(search.SiteIndex, "reuse", reusing)
    return taken


@pytest.mark.parametrize(("old", "new", "first"), [
    # English alone: its pages are rendered and indexed first, while the others' are kept
    ("held in Moscow once again.", "held in Moscow once more.", ["en"]),
    # an event with no Russian summary: the Russian pages show another language's, so they change too
    ("They lasted a week.", "They lasted a whole week.", ["ru", "en"]),
    # a date: every language, in the plan's order
    ('date: "1989-10"', 'date: "1989-11"', ["az", "ru", "en"]),
])
def test_the_languages_an_edit_changed_are_indexed_first(project: Path, indexed: list[str], old: str, new: str,
                                                          first: list[str]):
    build_site(project / "output")
    assert indexed == ["az", "ru", "en"]
    indexed.clear()
    replace(project / "data" / "events.yaml", old, new)
    output = build_site(project / "output").output
    assert indexed[:len(first)] == first and sorted(indexed) == ["az", "en", "ru"]
    assert tree(output) == clean_tree(project)


class NotedIndex:
    """Stands in for output.search.SiteIndex, noting what SearchFeed asks of it."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, ...]] = []

    def add(self, lang: str, url: str, html: str) -> None:
        self.asked.append(("add", lang))

    def reuse(self, lang: str, bundle) -> None:
        self.asked.append(("reuse", lang))

    def finish_feeding(self) -> None:
        self.asked.append(("finish",))


def test_pagefind_finishes_a_language_as_soon_as_the_next_ones_pages_come():
    """The Azerbaijani pages changed, the Russian ones did not: Pagefind finishes the Azerbaijani index while the
    Russian pages come, not once they are all in."""
    index = NotedIndex()
    feed = search.SearchFeed(index, lambda name: "<html></html>", {}, lambda: None)  # type: ignore[arg-type]
    feed.add("az", "az/events/a/index.html", "<html></html>")
    feed.add("az", "az/events/b/index.html", None)
    feed.add("ru", "ru/events/a/index.html", None)
    assert index.asked == [("add", "az"), ("add", "az"), ("finish",)]


def test_the_kept_languages_index_is_written_while_pagefind_indexes_the_edited_one(project: Path,
                                                                                   monkeypatch: pytest.MonkeyPatch):
    """After an English edit, the Azerbaijani and Russian parts of the live index go into the new site as soon as
    their pages are all in, while the main thread would otherwise wait for Pagefind's English index."""
    build_site(project / "output")
    written: list[tuple[bool, set[str]]] = []  # (all of Pagefind's work waited for yet, languages of the files)
    waited: list[bool] = []
    put, files = generator.put_search_index, search.SiteIndex.files

    def putting(staging, bundle):
        written.append((bool(waited), {path.split("/")[-1].split("_")[0]
                                       for path in bundle if path.endswith((".pf_fragment", ".pf_index"))}))
        return put(staging, bundle)

    def waiting(index):
        waited.append(True)
        return files(index)

    monkeypatch.setattr(generator, "put_search_index", putting)
    monkeypatch.setattr(search.SiteIndex, "files", waiting)
    replace(project / "data" / "events.yaml", "held in Moscow once again.", "held in Moscow once more.")
    output = build_site(project / "output").output
    before = set().union(*(languages for waited_yet, languages in written if not waited_yet))
    assert {"az", "ru"} <= before
    assert tree(output) == clean_tree(project)


def test_the_plan_makes_no_event_pages_title_nor_description(project: Path, monkeypatch: pytest.MonkeyPatch):
    """An event page's title and description (its excerpt, from the summary's HTML) are made with the page, not with
    the plan: a build after an edit keeps most event pages (output.shows), and at 10,000 events the plan made them
    all for nothing (1 s, before Pagefind gets its first page). The site is the same."""
    planning, made_in_plan = [False], []
    excerpt, make_plan = views.Views.excerpt, generator.make_plan

    def noting(self, event, lang):
        if planning[0]:
            made_in_plan.append((event.id, lang))
        return excerpt(self, event, lang)

    def planned(*args, **kwargs):
        planning[0] = True
        try:
            return make_plan(*args, **kwargs)
        finally:
            planning[0] = False

    monkeypatch.setattr(views.Views, "excerpt", noting)
    monkeypatch.setattr(generator, "make_plan", planned)
    output = project / "output"
    build_site(output)
    replace(project / "data" / "events.yaml", "They lasted a week.", "They lasted a whole week.")
    build_site(output)
    assert made_in_plan == []
    assert tree(output) == clean_tree(project)


@pytest.mark.parametrize("page", [
    render.RenderedPage("az/events/a/a.bib", "az", FileRecord("a" * 64, 120, 1_796_607_941_965_724_860), False, None,
                        kept=True),
    render.RenderedPage("en/events/a/index.html", "en", FileRecord("b" * 64, 11_083, 1, "c" * 64), True, "<p>ə «»</p>",
                        frozenset({("event", "a"), ("window", ("all",), "a", 1)}), "event"),
])
def test_a_page_a_worker_sends_back_reads_back_as_it_was(page: render.RenderedPage):
    """Workers send their pages through a pipe as plain values (RenderedPage.__reduce__), 130,988 of them in a
    one-event build at 10,000 events: each reads back equal, its record too."""
    back = pickle.loads(pickle.dumps(page, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == page and back.record == page.record and type(back.record) is FileRecord


def test_the_kept_languages_index_files_are_linked_never_read(project: Path, monkeypatch: pytest.MonkeyPatch):
    """After an English edit, the Azerbaijani and Russian parts of the live index go into the new site as the live
    files they are (search.LiveFile): linked, not read and written again (18 MB at 1,000 events, read in the build's
    process on its way to the last pages); of the live index only its entry file is read. The site is the same."""
    output = project / "output"
    build_site(output)
    bundle = output / "pagefind"
    kept = {path.relative_to(output): path.stat().st_ino for path in bundle.rglob("*")
            if path.is_file() and path.name.startswith(("az_", "ru_", "pagefind.az_", "pagefind.ru_"))}
    assert len(kept) > 6  # fragments, index chunks and meta of both languages
    read, read_bytes = [], Path.read_bytes

    def reading(path: Path) -> bytes:
        if bundle in path.parents:
            read.append(path.relative_to(bundle).as_posix())
        return read_bytes(path)

    replace(project / "data" / "events.yaml", "held in Moscow once again.", "held in Moscow once more.")
    with monkeypatch.context() as patched:
        patched.setattr(Path, "read_bytes", reading)
        build_site(output)
    assert read == ["pagefind-entry.json"]
    assert {name: (output / name).stat().st_ino for name in kept} == kept
    assert tree(output) == clean_tree(project)


def test_a_kept_index_file_edited_while_the_site_is_built_stops_the_build(project: Path,
                                                                          monkeypatch: pytest.MonkeyPatch):
    """A file of a kept language's live index that changes after the build took its record cannot go into the new
    site (its bytes are not the index's any more, and were never read): the build says so and publishes nothing."""
    output = project / "output"
    build_site(output)
    fragment = next((output / "pagefind" / "fragment").glob("az_*"))
    live_bundle = generator.live_search_bundle

    def then_edited(staging):
        bundle = live_bundle(staging)
        fragment.write_bytes(fragment.read_bytes() + b"!")
        return bundle

    monkeypatch.setattr(generator, "live_search_bundle", then_edited)
    before = tree(output)
    replace(project / "data" / "events.yaml", "held in Moscow once again.", "held in Moscow once more.")
    with pytest.raises(BuildError, match=f"{fragment} changed while the site was built: build it again"):
        build_site(output)
    edited = fragment.relative_to(output).as_posix()
    assert tree(output) == {**before, edited: before[edited] + b"!"}  # the edit itself, and nothing of the build
