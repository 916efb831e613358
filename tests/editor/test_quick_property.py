"""Incremental = clean, whatever the edit (issue 22): Hypothesis draws sequences of edits of every kind — an
event's title, summary, date (across a year or a decade), type, place, source, people or organisations, an id
renamed, an event added or deleted, a person's name (issue 24), a content page, a template, a catalog — and after each one the site ``serve`` leaves (its quick
build when it can take the edit, the full one otherwise, each with its follow-up) and the site an incremental
``culturelinks build`` leaves are byte for byte the site a clean build makes. No page type has a rule of its
own: the quick build renders the pages whose recorded facts changed (serve.quick.outdated_pages)."""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from culturelinks.build import build_site
from culturelinks.serve.live import LiveBuild
from culturelinks.site import i18n

from ..building.test_incremental import tree
from ..conftest import ROOT

TYPES = ("agreement", "exhibition", "society", "forum")
PLACES = ("baku", "moscow", "kazan", "ganja")
SOURCES = ("article", "interview")
PEOPLE = ("gara-garayev", "heydar-aliyev", "nizami-ganjavi")
ORGANISATIONS = ("rudomino-library", "birlik-society")
COORDINATES = {"baku": "{lat: 40.4093, lon: 49.8671}", "moscow": "{lat: 55.7558, lon: 37.6173}",
               "kazan": "{lat: 55.7908, lon: 49.1144}"}
EVENTS = 18


def event_yaml(number: int, year: int, event_id: str | None = None) -> str:
    event_id = event_id or f"event-{number:02d}"
    return (f"  - id: {event_id}\n"
            f"    date: \"{year}-{1 + number % 12:02d}\"\n"
            f"    type: {TYPES[number % len(TYPES)]}\n"
            f"    places: [{PLACES[number % len(PLACES)]}]\n"
            f"    title:\n      az: Hadisə {number}\n      ru: Событие {number}\n      en: Event {number}\n"
            f"    summary:\n      az: Xülasə {number}.\n      ru: Описание {number}.\n      en: Summary {number}.\n"
            f"    sources:\n      - source: {SOURCES[number % len(SOURCES)]}\n"
            f"    people: [{PEOPLE[number % len(PEOPLE)]}]\n"
            f"    organisations: [{ORGANISATIONS[number % len(ORGANISATIONS)]}]\n")


def dataset() -> str:
    names = lambda key: f"{{az: {key} az, ru: {key} ru, en: {key} en}}"  # noqa: E731
    head = ["types:", *(f"  {key}: {names(key)}" for key in TYPES), "places:",
            *(f"  {key}:\n    name: {names(key)}\n    country: AZ"
              + (f"\n    coordinates: {COORDINATES[key]}" if key in COORDINATES else "") for key in PLACES),
            "people:", *(f"  {key}:\n    name: {names(key)}" for key in PEOPLE),
            "organisations:", *(f"  {key}:\n    name: {names(key)}" for key in ORGANISATIONS), "sources:",
            *(f"  {key}:\n    title: The {key}\n    language: en" for key in SOURCES), "events:"]
    return "\n".join(head) + "\n" + "".join(event_yaml(number, 1995 + number) for number in range(EVENTS))


def event_block(text: str, event_id: str) -> tuple[int, int]:
    start = text.index(f"  - id: {event_id}\n")
    end = text.find("\n  - id: ", start + 1)
    return start, len(text) if end == -1 else end + 1


def event_ids(text: str) -> list[str]:
    return re.findall(r"^  - id: (\S+)$", text, re.MULTILINE)


def change_event(project: Path, which: int, change: Callable[[str], str]) -> Path:
    path = project / "data" / "events.yaml"
    text = path.read_text("utf-8")
    ids = event_ids(text)
    start, end = event_block(text, ids[which % len(ids)])
    path.write_text(text[:start] + change(text[start:end]) + text[end:], "utf-8")
    return path


def edit(project: Path, kind: str, which: int, number: int) -> Path:
    """Make an edit of ``kind`` to the ``which``-th event (or a file); the file changed."""
    sub = re.sub
    if kind == "title":
        return change_event(project, which, lambda b: sub(r"      en: Event .*\n", f"      en: Event edited {number}\n", b))
    if kind == "summary":
        return change_event(project, which, lambda b: sub(r"      ru: Описание .*\n",
                                                           f"      ru: Описание, правка {number}.\n", b))
    if kind in ("year", "decade"):
        shift = 1 + number % 3 if kind == "year" else 10

        def move(block: str) -> str:
            year = int(re.search(r'date: "(\d{4})', block).group(1))
            return sub(r'date: "\d{4}', f'date: "{year + shift if year + shift < 2030 else year - shift}', block)

        return change_event(project, which, move)
    if kind == "type":
        return change_event(project, which, lambda b: sub(r"    type: \S+", f"    type: {TYPES[number % 4]}", b))
    if kind == "place":
        return change_event(project, which, lambda b: sub(r"    places: \[.*\]", f"    places: [{PLACES[number % 4]}]",
                                                           b))
    if kind == "source":
        return change_event(project, which, lambda b: sub(r"      - source: \S+",
                                                           f"      - source: {SOURCES[number % 2]}", b))
    if kind == "people":
        return change_event(project, which, lambda b: sub(r"    people: \[.*\]",
                                                           f"    people: [{', '.join(PEOPLE[:1 + number % 3])}]", b))
    if kind == "organisations":
        return change_event(project, which, lambda b: sub(r"    organisations: \[.*\]",
                                                           f"    organisations: [{ORGANISATIONS[number % 2]}]", b))
    if kind == "rename":
        return change_event(project, which, lambda b: sub(r"  - id: (\S+)", rf"  - id: \1-r{number}", b))
    path = project / "data" / "events.yaml"
    text = path.read_text("utf-8")
    if kind == "add":
        path.write_text(text + event_yaml(number, 1990 + number % 35, f"added-{number}"), "utf-8")
        return path
    if kind == "person name":
        path.write_text(text.replace(f"{PEOPLE[number % 3]} az,", f"{PEOPLE[number % 3]} az {number},", 1), "utf-8")
        return path
    if kind == "delete":
        ids = event_ids(text)
        if len(ids) > 3:
            start, end = event_block(text, ids[which % len(ids)])
            path.write_text(text[:start] + text[end:], "utf-8")
        return path
    if kind == "content page":
        page = project / "content" / "pages" / "about.en.md"
        page.write_text(page.read_text("utf-8") + f"\nAn added paragraph, {number}.\n", "utf-8")
        return page
    if kind == "template":
        template = project / "templates" / "event.html"
        template.write_text(sub(r'<article (data-v="\d+" )?class="event"', f'<article data-v="{number}" class="event"',
                                template.read_text("utf-8"), count=1), "utf-8")
        return template
    assert kind == "catalog"
    catalog = project / "locale" / "ru" / "LC_MESSAGES" / "messages.po"
    catalog.write_text(sub(r'msgid "Sources"\nmsgstr "[^"]*"', f'msgid "Sources"\nmsgstr "Источники {number}"',
                           catalog.read_text("utf-8"), count=1), "utf-8")
    return catalog


KINDS = ["title", "summary", "year", "decade", "type", "place", "source", "people", "organisations", "rename",
         "add", "delete", "person name", "content page", "template", "catalog"]
EDITS = st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, EVENTS - 1)), min_size=1, max_size=5)


@pytest.mark.slow
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=EDITS, limit=st.sampled_from([4, 100]))
def test_serve_and_build_after_any_edits_are_a_clean_build(edits: list[tuple[str, int]], limit: int,
                                                            monkeypatch: pytest.MonkeyPatch):
    with tempfile.TemporaryDirectory(prefix="culturelinks-quick-") as scratch, monkeypatch.context() as patch:
        project = Path(scratch)
        for name in ("content", "templates", "static"):
            shutil.copytree(ROOT / name, project / name)
        shutil.copytree(i18n.LOCALE_DIR, project / "locale")
        shutil.copy(ROOT / "CITATION.cff", project / "CITATION.cff")
        (project / "pelicanconf.py").write_text((ROOT / "pelicanconf.py").read_text("utf-8")
                                                + f"\nCULTURELINKS_LISTING_LIMIT = {limit}\n", "utf-8")
        shutil.copy(ROOT / "CITATION.cff", project / "CITATION.cff")
        (project / "data").mkdir()
        (project / "data" / "events.yaml").write_text(dataset(), "utf-8")
        patch.chdir(project)
        patch.setattr(i18n, "LOCALE_DIR", project / "locale")
        live = LiveBuild(project / "served")
        live(lambda: None)
        live.settle()
        build_site(project / "built")
        for number, (kind, which) in enumerate(edits, start=1):
            changed = edit(project, kind, which, number)
            live.notice({(2, str(changed))})
            live(lambda: None)
            live.settle()
            build_site(project / "built")
            clean = tree(build_site(project / f"clean-{number}", use_cache=False).output)
            shutil.rmtree(project / f"clean-{number}")
            assert tree(project / "served") == clean, f"serve, after {edits[:number]}"
            assert tree(project / "built") == clean, f"build, after {edits[:number]}"
        live.stop()


def test_a_new_page_type_stays_exact_under_serve_without_a_rule_of_its_own(project: Path,
                                                                          monkeypatch: pytest.MonkeyPatch):
    """A page type the plan gains (here: each language's page of the ten latest events) needs nothing but its
    context: what it reads from the views is recorded, and serve's quick build renders it when that changes."""
    from culturelinks.site import plan, routes
    from culturelinks.site.views import Listing, PageMeta

    language_parts, part_pages = plan.language_parts, plan.part_pages

    def with_latest(views):
        return [*language_parts(views), ("latest",)]

    def latest_pages(views, lang, part):
        if part != ("latest",):
            return part_pages(views, lang, part)
        route = routes.Route(f"{lang}/latest/")
        versions = views.versions(lambda code: routes.Route(f"{code}/latest/"))
        meta = PageMeta(lang, route, "Latest", "The latest events.", versions, versions)
        return [plan._page(views, "listing", meta, lambda: {
            "listing": Listing("Latest", views.year_groups(views.listed(("all",))[-10:], lang))}, part)]

    monkeypatch.setattr(plan, "language_parts", with_latest)
    monkeypatch.setattr(plan, "part_pages", latest_pages)
    (project / "data" / "events.yaml").write_text(dataset(), "utf-8")
    live = LiveBuild(project / "served")
    live(lambda: None)
    live.settle()
    assert b"Event 17" in (project / "served" / "en" / "latest" / "index.html").read_bytes()
    changed = edit(project, "title", EVENTS - 1, 1)
    live.notice({(2, str(changed))})
    live(lambda: None)
    live.settle()
    assert live.quick_builds == 1
    assert b"Event edited 1" in (project / "served" / "en" / "latest" / "index.html").read_bytes()
    assert tree(project / "served") == tree(build_site(project / "clean", use_cache=False).output)
