"""What the page plan takes in memory (site.plan): at 10,000 events it holds 131,000 pages, 90,000 of them an event's
citation files, in the build's process and, copied as they are touched, in each forked worker. A page is a few
slotted objects, and an event's three citation files in one language share what makes them: no function or
dictionary of their own."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from culturelinks.build import build_site
from culturelinks.plugin import generator
from culturelinks.site import citations, plan

#: What one planned citation file may take: its route (a slotted object and its URL), its slotted page, and a third
#: of what its event's three files in that language share: about 330 bytes. It took about 1,060 bytes with a closure
#: and a dictionary per object.
CITATION_FILE_BYTES = 360


def planned_pages(project: Path, monkeypatch) -> tuple[plan.PlannedPage, ...]:
    pages: list[tuple[plan.PlannedPage, ...]] = []
    original = generator.rendering

    def spy(renderer, *rest):
        pages.append(renderer.pages)
        return original(renderer, *rest)

    monkeypatch.setattr(generator, "rendering", spy)
    build_site(project / "output")
    return pages[0]


def test_an_events_citation_files_take_a_few_hundred_bytes_each(project: Path, monkeypatch):
    pages = planned_pages(project, monkeypatch)
    views = pages[0].views
    events = views.chronology.events
    rounds = 200
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        kept = [plan._citation_files(views, lang, event) for _ in range(rounds) for event in events
                for lang in views.languages.codes]
        taken = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    files = [file for made in kept for file in made]
    assert len(files) == rounds * len(events) * len(views.languages.codes) * len(citations.FILE_FORMATS)
    assert taken / len(files) <= CITATION_FILE_BYTES, f"{taken / len(files):.0f} bytes per citation file"


def test_pages_and_routes_have_no_dictionary_of_their_own(project: Path, monkeypatch):
    pages = planned_pages(project, monkeypatch)
    assert not any(hasattr(page, "__dict__") or hasattr(page.route, "__dict__") for page in pages)


def test_citation_files_are_written_as_before(project: Path, monkeypatch):
    """Sharing what makes them changes nothing in the files: each is its format's writing of the event's citation."""
    pages = planned_pages(project, monkeypatch)
    views = pages[0].views
    files = [page for page in pages if not page.is_html]
    assert len(files) == len(views.chronology.events) * len(views.languages.codes) * len(citations.FILE_FORMATS)
    for page in files:
        event_id, extension = page.route.url.rsplit("/", 1)[1].rsplit(".", 1)
        event = views.chronology.events[views.event_numbers[event_id]]
        assert page.write is not None
        written = page.write(page.context())
        assert written == citations.FILE_FORMATS[extension].write(views.citation(event, page.lang).cited)
        assert written.encode() == (project / "output" / page.route.save_as).read_bytes()
