"""A page's fingerprint is of the values its template sees: shared records (views.SHARED_RECORDS) are
taken as the digest of their fields, made once, and still change it when any of their values does."""

from __future__ import annotations

from culturelinks.memory import Memory
from culturelinks.output.fingerprint import fingerprint
from culturelinks.site.views import Link, Listing, LocalText, YearGroup


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
