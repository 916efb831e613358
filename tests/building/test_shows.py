"""A build keeps the pages an edit of some events leaves as they were without making their contexts: the last build
recorded what each page shows (output.shows), as serve does in memory, and the result is still a clean build's."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from culturelinks.build import build_site, cache_folder
from culturelinks.output import publish, render, shows
from culturelinks.site.plan import PlannedPage

from .calls import NotedCalls
from .test_incremental import replace, tree

#: A fourth event, in a year and at a place another event has, so that edits can reorder events and move them
#: between types and places while every year, type and place stays in use.
FOURTH = """\
  - id: second-1997
    date: "1997-06"
    type: society
    places: [baku]
    title:
      az: Bakıda ikinci hadisə
      ru: Второе событие в Баку
      en: A second event in Baku
    summary:
      az: Bakıda keçirilmişdir.
      ru: Прошло в Баку.
      en: Held in Baku.
    sources:
      - source: article
"""


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """The pages (and citation files) whose context a build made, rendering in this process."""
    names: set[str] = set()
    monkeypatch.setattr(render, "MIN_PARALLEL_PAGES", 10 ** 9)
    for method in ("context", "shown_context"):
        original = getattr(PlannedPage, method)

        def counting(page: PlannedPage, original=original):
            names.add(page.route.save_as)
            return original(page)

        monkeypatch.setattr(PlannedPage, method, counting)
    return names


def with_fourth_event(project: Path) -> Path:
    data = project / "data" / "events.yaml"
    replace(data, "people:\n  heydar-aliyev:", FOURTH + "people:\n  heydar-aliyev:")
    return data


def built_then_edited(project: Path, made: set[str], old: str, new: str) -> set[str]:
    """Build, replace ``old`` by ``new`` in the data and build again: every context the first build made (``made``
    then holds those of the second)."""
    build_site(project / "output")
    everything = set(made)
    made.clear()
    replace(project / "data" / "events.yaml", old, new)
    build_site(project / "output")
    return everything


def test_a_one_event_edit_makes_only_the_contexts_of_the_pages_that_show_it(project: Path, made: set[str]):
    output = project / "output"
    everything = built_then_edited(project, made, "They lasted a week.", "They lasted a whole week.")
    assert "en/events/russian-culture-days-baku-1997/index.html" in made
    assert "en/events/culture-days-moscow-2007/index.html" in made  # it shows the edited one as related
    assert "en/years/1997/index.html" in made
    for name in ("en/years/2007/index.html", "en/types/society/index.html", "en/places/moscow/index.html",
                 "en/events/ocaq-society/ocaq-society.bib", "en/about/index.html", "index.html"):
        assert name not in made, name
    assert len(made) < len(everything) / 2
    assert tree(output) == tree(build_site(project / "clean", use_cache=False).output)


EDITS = [
    ("a title", "en: The Ocaq Azerbaijani Cultural Society", "en: The 'Ocaq' Society {of} Moscow"),
    ("a date, the order of a year's events", 'date: "1997-06"', 'date: "1997-02"'),
    ("a type", "    type: society\n    places: [baku]", "    type: culture-days\n    places: [baku]"),
    ("a place", "    places: [baku]\n    title:\n      az: Azərbaycanda", "    places: [moscow]\n    title:\n      az: Azərbaycanda"),
    ("a person named", "      - source: article\n  - id: culture-days-moscow-2007",
     "      - source: article\n    people: [heydar-aliyev]\n  - id: culture-days-moscow-2007"),
    ("a source's locator", 'locator: "[2]"', 'locator: "[2], p. 5"'),
    ("a summary in one language", "az: Bir həftə davam etmişdir.", "az: Bir həftə çəkmişdir."),
    ("a place's name, outside the events", "en: Baku}", "en: Baku city}"),
]


def remove_fourth_event(data: Path) -> None:
    text = data.read_text("utf-8")
    start = text.index("  - id: second-1997\n")
    data.write_text(text[:start] + text[text.index("people:\n", start):], "utf-8")


def test_each_edit_of_the_events_gives_a_clean_builds_site(project: Path, made: set[str]):
    output = project / "output"
    data = with_fourth_event(project)
    build_site(output)
    everything = set(made)
    for step, (what, old, new) in enumerate([*EDITS, ("an event removed", "", "")]):
        made.clear()
        if old:
            replace(data, old, new)
        else:
            remove_fourth_event(data)
        build_site(output)
        rendered = set(made)
        clean = build_site(project / f"clean-{step}", use_cache=False)
        assert tree(output) == tree(clean.output), f"after {what}, the incremental build differs"
        assert rendered, what
        if "outside the events" not in what and "removed" not in what:
            assert len(rendered) < len(everything) / 2, f"{what}: the pages that do not show it are kept"
    assert build_site(output).up_to_date


def test_an_edit_outside_the_events_makes_every_context(project: Path, made: set[str]):
    assert made == built_then_edited(project, made, "en: Baku}", "en: Baku city}")


def test_a_broken_or_stale_record_is_not_trusted(project: Path, made: set[str]):
    output = project / "output"
    build_site(output)
    record = cache_folder(output) / shows.SHOWS_FILE
    kept = json.loads(record.read_text("utf-8"))
    page = "en/events/ocaq-society/index.html"
    for broken in ("{", json.dumps({**kept, "format": 0}),
                   json.dumps({**kept, "facts": []}),  # every page's facts are numbers out of range
                   json.dumps({**kept, "pages": {page: ["zz", "", ""]}})):
        record.write_text(broken, "utf-8")
        made.clear()
        replace(project / "data" / "events.yaml", "They lasted a", "They lasted a whole")
        build_site(output)
        assert page in made, broken[:40]
    # a page changed by hand since is not the file the record was made for: it is rendered again
    (output / page).write_text("edited by hand", "utf-8")
    made.clear()
    replace(project / "data" / "events.yaml", "They lasted a", "They lasted a whole")
    build_site(output)
    assert page in made
    assert tree(output) == tree(build_site(project / "clean", use_cache=False).output)


def digest_of(fact) -> bytes:
    """A fact's digest, as FactDigests would give one."""
    return shows._digest(fact, "")


def test_the_record_reads_back_as_it_was_written(tmp_path: Path):
    writer = shows.ShowsWriter("scope", None, digest_of)
    facts = [("event", "a"), ("window", ("all",), "a", 1), ("list", "year", 1997), ("years",)]
    writer.add("en/a/index.html", "event", "ab" * 32, facts)
    writer.add("en/b/index.html", "listing", "cd" * 32, facts[2:])
    shown = writer.shown
    shows.write_shows(tmp_path, shown)
    assert shows.read_shows(tmp_path, "another scope") is None
    back = shows.read_shows(tmp_path, "scope")
    assert back is not None and back.digests == b"".join(map(digest_of, facts))
    assert (back.scope, back.facts, back.pages) == (shown.scope, shown.facts, shown.pages)
    assert back.facts_of("en/a/index.html") == facts
    again = shows.ShowsWriter("scope", back, digest_of)
    again.keep("en/b/index.html")
    again.add("en/a/index.html", "event", "ef" * 32, [("event", "b"), ("years",)])
    assert again.shown.facts_of("en/b/index.html") == facts[2:]
    assert again.shown.facts_of("en/a/index.html") == [("event", "b"), ("years",)]



def test_a_page_is_kept_when_its_template_is_the_same_and_none_of_its_facts_changed(tmp_path: Path):
    """The facts that changed are found once, from the digests the record keeps of every fact; a page is then kept
    or not by its template and its facts' numbers, with no digest of its own."""
    facts = [("event", "a"), ("event", "b"), ("list", "year", 1997), ("years",)]
    writer = shows.ShowsWriter("scope", None, digest_of)
    writer.add("en/a/index.html", "event", "aa" * 32, facts[:1])
    writer.add("en/b/index.html", "event", "bb" * 32, facts[1:2])
    writer.add("en/years/1997/index.html", "listing", "cc" * 32, facts)
    shows.write_shows(tmp_path, writer.shown)
    back = shows.read_shows(tmp_path, "scope")
    assert back is not None
    now = {**{fact: digest_of(fact) for fact in facts}, ("event", "b"): b"changed".ljust(shows.DIGEST_SIZE)}
    page_shows = shows.PageShows("scope", now.__getitem__, back)  # type: ignore[arg-type]
    assert page_shows.changed == {1}
    assert page_shows.kept("en/a/index.html", "event") == "aa" * 32
    assert page_shows.kept("en/b/index.html", "event") is None
    assert page_shows.kept("en/years/1997/index.html", "listing") is None
    assert page_shows.kept("en/a/index.html", "listing") is None, "another template"
    assert page_shows.kept("en/c/index.html", "event") is None, "not in the record"


def test_a_record_without_a_digest_for_each_fact_is_not_read(tmp_path: Path):
    writer = shows.ShowsWriter("scope", None, digest_of)
    writer.add("en/a/index.html", "event", "aa" * 32, [("event", "a"), ("years",)])
    shows.write_shows(tmp_path, writer.shown)
    record = json.loads((tmp_path / shows.SHOWS_FILE).read_text("utf-8"))
    for damaged in ({k: v for k, v in record.items() if k != "digests"}, {**record, "digests": record["digests"][:32]},
                    {**record, "digests": "not hex"}):
        (tmp_path / shows.SHOWS_FILE).write_text(json.dumps(damaged), "utf-8")
        assert shows.read_shows(tmp_path, "scope") is None

LANGUAGES = ("az", "ru", "en")
EVENT = {"id": "a", "date": "1997-04", "title": {"az": "Günlər", "ru": "Дни", "en": "Days"},
         "summary": {"az": "Bir həftə.", "en": "A week."}, "sources": [{"source": "article", "locator": "[3]"}]}


def event_digests(*events: dict):
    """What FactDigests gives of these events' facts."""
    return {("event", event["id"]): shows._digest(("event", event["id"]), json.dumps(event, sort_keys=True))
            for event in events}.__getitem__


@pytest.mark.parametrize(("edit", "changed"), [
    ({}, ()),
    ({"title": {**EVENT["title"], "en": "The days"}}, ("en",)),
    ({"title": {**EVENT["title"], "ru": "Дни культуры"}}, ("ru",)),
    # no Russian summary: the Russian pages show another language's
    ({"summary": {**EVENT["summary"], "en": "A whole week."}}, ("ru", "en")),
    ({"date": "1997-05"}, LANGUAGES),
    ({"sources": [{"source": "article", "locator": "[4]"}]}, LANGUAGES),
])
def test_the_record_tells_which_languages_an_edit_changed(tmp_path: Path, edit: dict, changed: tuple):
    writer = shows.ShowsWriter("scope", None, digest_of, shows.EventLanguages([EVENT], LANGUAGES, event_digests(EVENT)))
    shows.write_shows(tmp_path, writer.shown)
    back = shows.read_shows(tmp_path, "scope")
    assert back is not None and back.codes == LANGUAGES and dict(back.languages) == dict(writer.shown.languages)
    edited = {**EVENT, **edit}
    assert shows.EventLanguages([edited], LANGUAGES, event_digests(edited), back).changed() == changed


def test_a_new_event_or_other_languages_change_every_language(tmp_path: Path):
    writer = shows.ShowsWriter("scope", None, digest_of, shows.EventLanguages([EVENT], LANGUAGES, event_digests(EVENT)))
    shows.write_shows(tmp_path, writer.shown)
    back = shows.read_shows(tmp_path, "scope")
    assert back is not None
    other = {**EVENT, "id": "b"}
    assert shows.EventLanguages([EVENT, other], LANGUAGES, event_digests(EVENT, other), back).changed() == LANGUAGES
    assert shows.EventLanguages([EVENT], ("ru", "en"), event_digests(EVENT), back).changed() == ("ru", "en")


def test_an_event_as_it_was_keeps_what_its_languages_showed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Only the events whose data changed are digested again for the next build's record."""
    other = {**EVENT, "id": "b"}
    writer = shows.ShowsWriter("scope", None, digest_of,
                               shows.EventLanguages([EVENT, other], LANGUAGES, event_digests(EVENT, other)))
    shows.write_shows(tmp_path, writer.shown)
    back = shows.read_shows(tmp_path, "scope")
    edited = {**other, "date": "1998"}
    fresh = dict(shows.EventLanguages([EVENT, edited], LANGUAGES, event_digests(EVENT, edited)))
    digested = []
    original = shows.language_digests
    monkeypatch.setattr(shows, "language_digests", lambda event, codes: digested.append(event["id"]) or
                        original(event, codes))
    assert dict(shows.EventLanguages([EVENT, edited], LANGUAGES, event_digests(EVENT, edited), back)) == fresh
    assert digested == ["b"]


def test_a_record_without_what_the_languages_show_is_not_read(tmp_path: Path):
    writer = shows.ShowsWriter("scope", None, digest_of, shows.EventLanguages([EVENT], LANGUAGES, event_digests(EVENT)))
    shows.write_shows(tmp_path, writer.shown)
    record = json.loads((tmp_path / shows.SHOWS_FILE).read_text("utf-8"))
    for damaged in ({k: v for k, v in record.items() if k != "languages"},
                    {**record, "languages": {"codes": LANGUAGES, "events": {"a": "not hex"}}},
                    {**record, "languages": []}):
        (tmp_path / shows.SHOWS_FILE).write_text(json.dumps(damaged), "utf-8")
        assert shows.read_shows(tmp_path, "scope") is None


def test_the_record_is_written_beside_the_build_while_it_publishes(project: Path, noted_calls: NotedCalls,
                                                                  monkeypatch: pytest.MonkeyPatch):
    """A build that renders every page writes the record (31 MB at 10,000 events) once the pages are made, in a
    process of its own (output.side), so it is done while the build writes its manifest and swaps the site in, not
    after."""
    output = project / "output"
    noted_calls.note(shows, "write_shows")
    swap_in = publish.Staging.swap_in
    begun: list[bool] = []

    def swap_in_once_begun(staging: publish.Staging, **options) -> None:
        deadline = time.monotonic() + 10
        while not noted_calls.made("write_shows") and time.monotonic() < deadline:
            time.sleep(0.01)
        begun.append(bool(noted_calls.made("write_shows")))
        swap_in(staging, **options)

    monkeypatch.setattr(publish.Staging, "swap_in", swap_in_once_begun)
    build_site(output)
    assert begun == [True], "the record was begun before the swap"
    assert [in_build for _, in_build in noted_calls.made("write_shows")] == [False], "beside the build"
    record = json.loads((cache_folder(output) / shows.SHOWS_FILE).read_text("utf-8"))
    assert "en/events/ocaq-society/index.html" in record["pages"]


def test_after_an_edit_the_record_is_kept_while_pagefind_makes_the_last_index(project: Path, noted_calls: NotedCalls):
    """A build after an edit keeps most pages, and has little left to do while Pagefind makes the last language's
    index: it keeps the record then, in its own process. A process forked after the build (as above) copied most of
    the build's memory page by page as it read the record: at 30,000 events 6.5 s rather than 1.5 s, which the swap
    then waited for."""
    from culturelinks.plugin import generator

    output = project / "output"
    build_site(output)
    noted_calls.note(shows, "write_shows")
    noted_calls.note(generator, "put_search_index")
    replace(project / "data" / "events.yaml", "They lasted a week.", "They lasted a whole week.")
    build_site(output)
    assert [in_build for _, in_build in noted_calls.made("write_shows")] == [True], "in the build's process"
    called = [json.loads(line)[2] for line in noted_calls.log.read_text("utf-8").splitlines()]
    assert called[-1] == "put_search_index", "the last language's index is put in after the record is written"
    record = json.loads((cache_folder(output) / shows.SHOWS_FILE).read_text("utf-8"))
    assert "en/events/ocaq-society/index.html" in record["pages"]
    assert tree(output) == tree(build_site(project / "clean", use_cache=False).output)
