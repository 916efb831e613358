"""A page's fingerprint is of the values its template sees: shared records (views.SHARED_RECORDS) are
taken as the digest of their fields, made once, and still change it when any of their values does."""

from __future__ import annotations

from culturelinks.memory import Memory
from culturelinks.output.fingerprint import digest_records, fingerprint
from culturelinks.site.i18n import LocalDate
from culturelinks.site.views import Entry, Facets, Link, Listing, LocalText, YearGroup


def listing(title: str, url: str = "/en/events/a/") -> dict[str, object]:
    entry_title = LocalText(title, "en")
    link = Link(title, url)
    return {"page": Listing("Year 2001", (YearGroup(2001, "2001", "2001", "/en/2001/", (entry_title, link) * 3, 6),)),  # type: ignore[arg-type]
            "lang": "en"}


def test_equal_values_give_equal_fingerprints():
    first = fingerprint("base", "listing", "en/2001/index.html", listing("Days of culture"), Memory())
    assert fingerprint("base", "listing", "en/2001/index.html", listing("Days of culture"), Memory()) == first


def test_a_value_inside_a_shared_record_changes_the_fingerprint():
    memory = Memory()
    shown = listing("Days of culture")
    first = fingerprint("base", "listing", "en/2001/index.html", shown, memory)
    made = len(memory.record_digests)
    assert fingerprint("base", "listing", "en/2001/index.html", shown, memory) == first
    assert len(memory.record_digests) == made  # its digest, made once
    assert fingerprint("base", "listing", "en/2001/index.html", listing("Days of Culture"), memory) != first
    assert fingerprint("base", "listing", "en/2001/index.html", listing("Days of culture", "/en/events/b/"),
                       memory) != first
    assert fingerprint("base", "listing", "en/2001/index.html", shown, Memory()) == first


def entry(title: str) -> Entry:
    return Entry("days", "/en/events/days/", 2001, LocalDate("2001", None, "2001", "2001"),
                 Link("Culture days", "/en/types/culture-days/"), (Link("Baku", "/en/places/baku/"),),
                 LocalText(title, "en"), LocalText("A week of concerts.", "en"), Facets("culture-days", "baku", "2000"))


def test_an_entrys_own_parts_are_digested_with_it_and_not_kept():
    """An entry's links, texts, date and facets are made for it alone: their digests go into the entry's, which is
    kept, and are never asked for again. Keeping them was about 200,000 digests at 10,000 events (about 45 MB in
    the build's process, and as much in each worker). The fingerprint is the one their kept digests gave."""
    memory = Memory()
    shown = entry("Days of culture")
    first = fingerprint("base", "listing", "en/2001/index.html", {"entries": (shown,)}, memory)
    assert list(memory.record_digests.items()) == [id(shown)]
    parts = [shown.date, shown.type, *shown.places, shown.title, shown.excerpt, shown.facets]
    with_parts_kept = Memory()
    digest_records(parts, with_parts_kept)
    assert len(with_parts_kept.record_digests) == len(parts)
    assert fingerprint("base", "listing", "en/2001/index.html", {"entries": (shown,)}, with_parts_kept) == first
    assert fingerprint("base", "listing", "en/2001/index.html", {"entries": (entry("Days of Culture"),)},
                       memory) != first


def test_a_link_met_outside_an_entry_is_kept():
    """A link a page holds itself (the menu's, on every page of a language) is digested once."""
    memory = Memory()
    link = Link("Sources", "/en/sources/")
    fingerprint("base", "page", "en/a/index.html", {"nav": (link,)}, memory)
    assert list(memory.record_digests.items()) == [id(link)]
