"""A page's fingerprint is of the values its template sees: shared records (views.SHARED_RECORDS) are
taken as the digest of their fields, made once, and still change it when any of their values does."""

from __future__ import annotations

from culturelinks.output.manifest import fingerprint, forget_records
from culturelinks.site.views import Link, Listing, LocalText, YearGroup


def listing(title: str, url: str = "/en/events/a/") -> dict[str, object]:
    entry_title = LocalText(title, "en")
    link = Link(title, url)
    return {"page": Listing("Year 2001", (YearGroup(2001, "/en/2001/", (entry_title, link) * 3, 6),)),  # type: ignore[arg-type]
            "lang": "en"}


def test_equal_values_give_equal_fingerprints():
    first = fingerprint("base", "listing", "en/2001/index.html", listing("Days of culture"))
    assert fingerprint("base", "listing", "en/2001/index.html", listing("Days of culture")) == first


def test_a_value_inside_a_shared_record_changes_the_fingerprint():
    shown = listing("Days of culture")
    first = fingerprint("base", "listing", "en/2001/index.html", shown)
    assert fingerprint("base", "listing", "en/2001/index.html", shown) == first  # its digest, made once
    assert fingerprint("base", "listing", "en/2001/index.html", listing("Days of Culture")) != first
    assert fingerprint("base", "listing", "en/2001/index.html", listing("Days of culture", "/en/events/b/")) != first
    forget_records()
    assert fingerprint("base", "listing", "en/2001/index.html", shown) == first
