"""What each page of the live site shows, kept in the build cache for the next build: the facts its context read
(site.views, ``Views.recording``) and a digest of their values, so that a build finds the pages an edit of some events
leaves as they were without making their contexts. serve finds them the same way, in memory (serve.quick).

A page is kept from the live site, its context never made, when

- the build's scope (``scope_digest``: everything a page reads besides its facts — templates, catalogs, settings and
  code, the data besides the events, which events there are and which years, types, places, sources, people and
  organisations they use, the Markdown pages, the release and the PDF editions' links) is the last build's,
- it is made with the same template, every fact it showed has the value it had (the digest of each fact's value,
  ``FactDigests``, is recorded with the facts: the facts that changed are found once, and each page is then kept
  or not by looking its facts' numbers up among them), and
- the live file is still the one that build wrote (its SHA-256).

These are the changes serve's quick builds take: any other renders the pages as before (output.render, their
contexts' fingerprints deciding).

The record also says where each event's part is in each open-data file made of them (site.exports.Assembled), with
the digest of the event's data: the next build of the same scope takes the part of an event whose digest is the same
from the live file, when the file it reads has the SHA-256 recorded with the parts (plugin.generator.carry_parts).

The record also keeps, for each event, the digest of what each language's pages can show of it (``EventLanguages``):
the next build renders first the pages of the languages an edit changed (``EventLanguages.changed``), so that Pagefind
indexes them again while the other languages' pages are kept.

The file is JSON, never pickle: the cache is not trusted to run code, and at worst a wrong entry keeps a file, or a
piece of one, the live site already has.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import sys
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..site.views import Fact, Views, placement

SHOWS_FILE = "shows.json"
#: Changed whenever what the file holds, or how a fact is digested, changes: an older file is then not read.
FORMAT = 4
#: The length of each digest the record keeps of a fact, or of what a language shows of an event.
DIGEST_SIZE = 16


def scope_digest(base: str, views: Views, data: Mapping[str, Any], content: Sequence[object]) -> str:
    """Of everything the pages read besides their facts (see the module's docstring); ``base`` is the pages'
    fingerprint base (templates, catalogs, settings, code), ``data`` the validated data, ``content`` the Markdown
    pages as plugin.generator.content_pages gives them."""
    digest = hashlib.sha256(f"{FORMAT}\0{base}\0".encode())
    rest = {key: value for key, value in data.items() if key != "events"}
    digest.update(json.dumps(rest, sort_keys=True, ensure_ascii=False, default=str).encode())
    digest.update(repr(sorted(event["id"] for event in data.get("events") or ())).encode())
    digest.update(repr(sorted((name for name, events in views.index.lists.items() if events), key=repr)).encode())
    for part in (views.content_pages, content, views.editions, views.release, views.listing_limit, views.site_url):
        digest.update(b"\0" + repr(part).encode())
    return digest.hexdigest()


class FactDigests:
    """The digest of each fact's value in these views, made once per fact in each process: an event's is of its
    validated data (its model is made of that and the scope), the others' of ``Views.fact_value``.

    The events' digests, and those of the facts every page of a kind shows, are made here, in the build's process:
    forked rendering workers inherit them, and never touch the validated data (which reference counting would copy
    into each of them)."""

    def __init__(self, views: Views, events: Iterable[Mapping[str, Any]]):
        self.views = views
        self._known: dict[Fact, bytes] = {}
        for event in events:
            fact: Fact = ("event", event["id"])
            self._known[fact] = _digest(fact, json.dumps(event, sort_keys=True, ensure_ascii=False, default=str))
        for shared in (("placements",), ("years",), ("history",)):
            self(shared)

    def __call__(self, fact: Fact) -> bytes:
        known = self._known.get(fact)
        if known is None:
            known = self._known[fact] = _digest(fact, self._value(fact))
        return known

    def _value(self, fact: Fact) -> str:
        kind = fact[0]
        if kind == "event":
            return ""  # an event these views do not have (every one they have is digested on making)
        if kind == "placements":
            return repr(sorted((event.id, placement(event)) for event in self.views.chronology.events))
        return repr(self.views.fact_value(fact))  # lists and windows (ids), years, the history (dataclasses)


def _digest(fact: Fact, value: str) -> bytes:
    return hashlib.sha256(repr(fact).encode() + b"\0" + value.encode()).digest()[:DIGEST_SIZE]


def language_digests(event: Mapping[str, Any], codes: Sequence[str]) -> bytes:
    """For each language of ``codes`` in turn, the digest of what its pages can show of ``event`` (its validated
    data): each text given in several languages (a mapping keyed by language codes) as that language's, or whole
    where the language has none, since its pages then show another's."""
    return b"".join(hashlib.sha256(json.dumps(_seen_in(event, lang, frozenset(codes)), sort_keys=True,
                                              ensure_ascii=False, default=str).encode()).digest()[:DIGEST_SIZE]
                    for lang in codes)


def _seen_in(value: Any, lang: str, codes: frozenset[str]) -> Any:
    if isinstance(value, Mapping):
        if value and codes.issuperset(value) and lang in value:
            return _seen_in(value[lang], lang, codes)
        return {key: _seen_in(item, lang, codes) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_seen_in(item, lang, codes) for item in value]
    return value


class EventLanguages(Mapping[str, bytes]):
    """By event id: the digest of the event's data (``FactDigests``), then ``language_digests``; made when read,
    which is when the record is written, beside the build (build._kept_shows). An event whose data has the digest
    it had in ``previous`` (the last build's record, in these languages) has the language digests it had."""

    def __init__(self, events: Iterable[Mapping[str, Any]], codes: Sequence[str], digests: FactDigests,
                 previous: ShownPages | None = None):
        self.codes = tuple(codes)
        self._events = {str(event["id"]): event for event in events}
        self._digests = digests
        self._previous = previous.languages if previous is not None and previous.codes == self.codes else None

    def _before(self, event_id: str) -> bytes | None:
        """What the last build's record says of the event, when it says it in these languages."""
        before = self._previous.get(event_id) if self._previous is not None else None
        return before if before is not None and len(before) == DIGEST_SIZE * (1 + len(self.codes)) else None

    def __getitem__(self, event_id: str) -> bytes:
        digest = self._digests(("event", event_id))
        before = self._before(event_id)
        if before is not None and before[:DIGEST_SIZE] == digest:
            return before
        return digest + language_digests(self._events[event_id], self.codes)

    def __iter__(self):
        return iter(self._events)

    def __len__(self) -> int:
        return len(self._events)

    def changed(self) -> tuple[str, ...]:
        """The languages whose pages can show something of an event that the last build's did not, in their order:
        every one when the record cannot tell (there is none in these languages, or it lacks an event). Only the
        events whose data changed are looked at again."""
        if self._previous is None:
            return self.codes
        changed: set[str] = set()
        for event_id in self._events:
            before = self._before(event_id)
            if before is None:
                return self.codes
            now = self[event_id]
            changed.update(lang for number, lang in enumerate(self.codes, 1)
                           if now[DIGEST_SIZE * number:DIGEST_SIZE * (number + 1)]
                           != before[DIGEST_SIZE * number:DIGEST_SIZE * (number + 1)])
        return tuple(lang for lang in self.codes if lang in changed)


@dataclass
class ShownPages:
    """What each page showed (by name): the template it was made with, the SHA-256 of the file, and its facts, as
    numbers in ``facts``; all made in the scope ``scope``. ``digests`` holds each fact's digest (``FactDigests``) in
    the build that made the record, ``DIGEST_SIZE`` bytes each in the order of ``facts``; a record being written takes
    them from ``digest_of`` instead (``write_shows``), made then, beside the build."""

    scope: str
    facts: list[Fact] = field(default_factory=list)
    pages: dict[str, tuple[str, str, bytes]] = field(default_factory=dict)
    #: Each open-data file made of the events' parts, by name: its SHA-256, what the parts were made with besides
    #: the scope and their events (site.exports.Assembled.key), and each part: its event, the digest of the event's
    #: data (``FactDigests``), where it starts and ends.
    parts: dict[str, tuple[str, str, tuple[tuple[str, bytes, int, int], ...]]] = field(default_factory=dict)
    #: By event: the digest of its data, then what each language of ``codes`` shows of it (``EventLanguages``).
    languages: Mapping[str, bytes] = field(default_factory=dict)
    codes: tuple[str, ...] = ()
    digests: bytes = b""
    digest_of: Callable[[Fact], bytes] | None = field(default=None, compare=False, repr=False)

    def facts_of(self, name: str) -> list[Fact]:
        return [self.facts[number] for number in _numbers(self.pages[name][2])]

    def fact_digests(self) -> bytes:
        """Each fact's digest, in the order of ``facts``: from ``digest_of`` when the record is being written."""
        if self.digest_of is None:
            return self.digests
        digest_of = self.digest_of
        return b"".join([digest_of(fact) for fact in self.facts])


class ShowsWriter:
    """The next build's ``ShownPages``, page by page: facts are numbered once, those of the last build (when it is
    of the same scope) keeping their numbers, so a page kept from it keeps its entry as it is."""

    def __init__(self, scope: str, previous: ShownPages | None, digests: Callable[[Fact], bytes],
                 languages: EventLanguages | None = None):
        self.shown = ShownPages(scope, digest_of=digests) if languages is None else \
            ShownPages(scope, languages=languages, codes=languages.codes, digest_of=digests)
        self.previous = previous if previous is not None and previous.scope == scope else None
        if self.previous is not None:
            self.shown.facts = list(self.previous.facts)
        self._numbers = {fact: number for number, fact in enumerate(self.shown.facts)}

    def add(self, name: str, template: str, sha256: str, facts: Iterable[Fact]) -> None:
        numbers = array("I")  # four bytes each (the platforms Python runs on), little-endian in the file
        for fact in facts:
            number = self._numbers.get(fact)
            if number is None:
                number = self._numbers[fact] = len(self.shown.facts)
                self.shown.facts.append(fact)
            numbers.append(number)
        if sys.byteorder != "little":
            numbers.byteswap()
        self.shown.pages[name] = (template, sha256, numbers.tobytes())

    def add_parts(self, name: str, sha256: str, key: str, parts: Iterable[tuple[str, int, int]],
                  digests: FactDigests) -> None:
        """Where each event's part is in the open-data file ``name`` whose bytes have digest ``sha256``."""
        self.shown.parts[name] = (sha256, key, tuple((event_id, digests(("event", event_id)), start, end)
                                                    for event_id, start, end in parts))

    def keep(self, name: str) -> None:
        """Page ``name`` was kept from the last build: its entry stays as it was."""
        assert self.previous is not None, "a page is kept only in the scope of the last build"
        self.shown.pages[name] = self.previous.pages[name]


class PageShows:
    """How a build's renderer (output.render) uses and records what pages show: ``previous``, the last build's when
    it is of this scope, the pages it may keep; ``digests`` gives the facts' values in this build. ``changed`` is the
    set of the numbers (in ``previous.facts``) of the facts whose value changed since (``changed_facts``): made once,
    in the build's process, before the rendering workers inherit it (53,368 facts at 10,000 events: 0.25 s)."""

    def __init__(self, scope: str, digests: FactDigests, previous: ShownPages | None = None):
        self.scope = scope
        self.digests = digests
        self.previous = previous
        self.changed = changed_facts(previous, digests) if previous is not None else frozenset()

    def kept(self, name: str, template: str) -> str | None:
        """The SHA-256 of the live file page ``name`` may be kept as, when it is made with the same template and
        shows what it showed then: none of its facts changed."""
        previous = self.previous
        entry = previous.pages.get(name) if previous is not None else None
        if entry is None or entry[0] != template:
            return None
        return entry[1] if self.changed.isdisjoint(_numbers(entry[2])) else None


def changed_facts(previous: ShownPages, digests: Callable[[Fact], bytes]) -> frozenset[int]:
    """The numbers of the facts of ``previous`` whose digest is not the one it records."""
    recorded = previous.digests
    return frozenset(number for number, fact in enumerate(previous.facts)
                     if digests(fact) != recorded[DIGEST_SIZE * number:DIGEST_SIZE * (number + 1)])


def read_shows(cache: Path, scope: str) -> ShownPages | None:
    """The last build's record of what each page showed, when it is of ``scope`` and well formed; else None."""
    try:
        data = json.loads((cache / SHOWS_FILE).read_text("utf-8"))
        if data["format"] != FORMAT or data["scope"] != scope:
            return None
        facts = [_fact(fact) for fact in data["facts"]]
        fact_digests = bytes.fromhex(data["digests"])
        pages = {str(name): (str(template), str(sha256), base64.b64decode(numbers, validate=True))
                 for name, (template, sha256, numbers) in data["pages"].items()}
        parts = {str(name): (str(sha256), str(key), tuple(_part(part) for part in file_parts))
                 for name, (sha256, key, file_parts) in data["parts"].items()}
        codes = tuple(map(str, data["languages"]["codes"]))
        languages = {str(event_id): bytes.fromhex(digests) for event_id, digests in data["languages"]["events"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if len(fact_digests) != DIGEST_SIZE * len(facts) or any(
            len(numbers) % 4 or max(_numbers(numbers), default=-1) >= len(facts) for _, _, numbers in pages.values()):
        return None
    return ShownPages(scope, facts, pages, parts, languages, codes, fact_digests)


def _part(value: object) -> tuple[str, bytes, int, int]:
    """An event's part of an open-data file as JSON gives it back: its event, its digest, where it starts and ends."""
    if not isinstance(value, list) or len(value) != 4:
        raise ValueError("not a part")
    event_id, digest, start, end = value
    if not isinstance(event_id, str) or not all(type(number) is int for number in (start, end)) \
            or not 0 <= start <= end:
        raise ValueError("not a part")
    return event_id, bytes.fromhex(digest), start, end


def write_shows(cache: Path, shown: ShownPages) -> None:
    """Keep ``shown`` for the next build (written whole, then renamed into place)."""
    partial = cache / (SHOWS_FILE + ".partial")
    partial.write_text(json.dumps({
        "format": FORMAT, "scope": shown.scope, "facts": shown.facts, "digests": shown.fact_digests().hex(),
        "pages": {name: [template, sha256, base64.b64encode(numbers).decode()]
                  for name, (template, sha256, numbers) in sorted(shown.pages.items())},
        "parts": {name: [sha256, key, [[event_id, digest.hex(), start, end] for event_id, digest, start, end in parts]]
                  for name, (sha256, key, parts) in sorted(shown.parts.items())},
        "languages": {"codes": shown.codes,
                      "events": {event_id: digests.hex() for event_id, digests in sorted(shown.languages.items())}}},
        ensure_ascii=False, separators=(",", ":")), "utf-8")
    os.replace(partial, cache / SHOWS_FILE)


def keep_shows(cache: Path, shown: ShownPages) -> None:
    """``write_shows`` after a build was published: a file it could not write (a full disk) only costs the next
    build its speed, so it is removed rather than left from an older build (which the SHA-256s would refuse)."""
    try:
        write_shows(cache, shown)
    except OSError:
        for name in (SHOWS_FILE, SHOWS_FILE + ".partial"):
            try:
                (cache / name).unlink(missing_ok=True)
            except OSError:
                pass


def _numbers(stored: bytes) -> array:
    """The fact numbers of a page's entry (``ShowsWriter.add``)."""
    numbers = array("I")
    numbers.frombytes(stored)
    if sys.byteorder != "little":
        numbers.byteswap()
    return numbers


def _fact(value: object) -> Fact:
    """A fact as JSON gives it back: its lists as the tuples they were."""
    if not isinstance(value, list) or not value or not isinstance(value[0], str):
        raise ValueError("not a fact")
    return tuple(_fact_part(part) for part in value)


def _fact_part(value: object) -> object:
    if isinstance(value, list):
        return tuple(_fact_part(part) for part in value)
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return value
    raise ValueError("not part of a fact")
