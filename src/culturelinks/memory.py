"""What a build keeps in memory for the next build in the same process (``culturelinks serve``), with one owner
and one eviction rule.

Everything kept is something a build made from some inputs and the next may reuse unchanged: an event's
part of each open-data file, an entry's HTML, the digest of a shared view record. Each kind is a ``Kept``
store: a thing is reused only when asked for with the very inputs it was made of (the same objects, or
equal ones: a worker's copies); what a build did not use is dropped when it ends (``Memory.sweep``).
Forked rendering workers fill their own copy of the memory; what they made comes back with their
pages (``Memory.take_new``, ``Memory.merge``), so serve's first quick build after a full build finds it.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

Value = TypeVar("Value")


class Kept(Generic[Value]):
    """Things made from some inputs, by key: ``get(key, made_of)`` gives the one made of ``made_of``."""

    def __init__(self) -> None:
        self._made: dict[Hashable, tuple[object, Value]] = {}
        #: What was used since the last sweep, and what was made since the last ``take_new``: None in a store that
        #: is never swept nor asked (``for_this_run``).
        self._used: set[Hashable] | None = set()
        self._new: dict[Hashable, tuple[object, Value]] | None = {}
        #: False: what is made is given back, not kept (``Memory.for_this_run``).
        self._keeping = True

    def __len__(self) -> int:
        return len(self._made)

    def items(self) -> dict[Hashable, Value]:
        """What is kept, by key (for the curious and the tests)."""
        return {key: made[1] for key, made in self._made.items()}

    def get(self, key: Hashable, made_of: object) -> Value | None:
        """The thing filed under ``key`` when it was made of ``made_of`` (the same object, or an equal one)."""
        found = self._made.get(key)
        if found is None:
            return None
        if found[0] is not made_of:
            if found[0] != made_of:
                return None
            found = self._made[key] = (made_of, found[1])  # the next look-up is by identity
        if self._used is not None:
            self._used.add(key)
        return found[1]

    def put(self, key: Hashable, made_of: object, value: Value, always: bool = False) -> Value:
        """File ``value`` under ``key``, made of ``made_of``; in a run that keeps nothing (``for_this_run``), only
        ``always``: what is taken from the last build's files, to be read in this run (site.exports.carry_parts)."""
        if self._keeping or always:
            self._made[key] = made = (made_of, value)
            if self._used is not None:
                self._used.add(key)
            if self._new is not None:
                self._new[key] = made
        return value

    def sweep(self) -> None:
        """Drop what was not used since the last sweep."""
        if self._used is not None:
            used = self._used
            self._made = {key: made for key, made in self._made.items() if key in used}
            self._used = set()
        self._new = {} if self._new is not None else None

    def take_new(self) -> dict[Hashable, tuple[object, Value]]:
        """What was made since the last ``take_new`` (a worker's, to send to the build's process)."""
        new, self._new = self._new, {} if self._new is not None else None
        return new if new is not None else {}

    def for_this_run(self, keeping: bool) -> None:
        """Stop noting what is used (for ``sweep``) and what is made (for ``take_new``); with ``keeping`` False,
        ``put`` only gives back what it is given."""
        self._used = None
        self._new = None
        self._keeping = keeping

    def merge(self, made: dict[Hashable, tuple[object, Value]]) -> None:
        """Keep what another process made (``take_new``), as if made here."""
        self._made.update(made)
        if self._used is not None:
            self._used.update(made)


@dataclass
class Memory:
    """Everything a build keeps for the next in the same process, each kind in a store of its own."""

    #: Each event's part of events.json, row of events.csv, entry of events.ics and block of events.ttl
    #: (site.exports, site.turtle).
    json_parts: Kept[str] = field(default_factory=Kept)
    csv_rows: Kept[str] = field(default_factory=Kept)
    calendar_entries: Kept[bytes] = field(default_factory=Kept)
    turtle_parts: Kept[str] = field(default_factory=Kept)
    #: Each entry's HTML, by language, event and heading level (output.render).
    entry_html: Kept[str] = field(default_factory=Kept)
    #: The digest of each shared view record a fingerprint pickled, by the record's id (output.fingerprint).
    record_digests: Kept[bytes] = field(default_factory=Kept)
    #: Each release's comparison with the one before, and the releases' data, by commit (data.history).
    releases: Kept[object] = field(default_factory=Kept)

    def stores(self) -> dict[str, Kept]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    def sweep(self) -> None:
        """The one eviction rule: what the build that ends did not use is dropped."""
        for store in self.stores().values():
            store.sweep()

    def take_new(self) -> dict[str, dict]:
        """What was made since the last call, by store: what a worker sends to the build's process; the record
        digests stay (they are filed by the identity of objects of this process)."""
        return {name: store.take_new() for name, store in self.stores().items() if name != "record_digests"}

    def merge(self, made: dict[str, dict]) -> None:
        for name, things in made.items():
            self.stores()[name].merge(things)

    def for_this_run(self) -> None:
        """In a build whose memory ends with it (not serve's), from its rendering on, in its process and each forked
        worker: keep only what a renderer reuses itself (entries' HTML, records' digests), and no note of what is
        used or new: nothing is swept there, nor sent back. What it holds already stays readable, and what is put
        ``always`` is kept (the open data's parts taken from the live files by whoever makes the file). At 10,000
        events a worker of a cold build kept about 100 MB of events' parts and notes for nothing, to the build's end
        (the notes of use alone: about 300,000 keys of records' digests, 11 MB)."""
        for name, store in self.stores().items():
            store.for_this_run(keeping=name in _REUSED_IN_A_RUN)


#: The stores a rendering worker reads again what it put in them during one build (the others serve a next build).
_REUSED_IN_A_RUN = frozenset({"entry_html", "record_digests"})


def part_spans(ids: Sequence[str], parts: Sequence[str | bytes], start: int, separator: int
               ) -> tuple[tuple[str, int, int], ...]:
    """Where each of ``parts`` (an event's part of a file: ``ids`` are the events') is in a file where they follow
    each other from ``start``, ``separator`` apart: (id, start, end), for the next build to take them from the file
    (output.shows, site.exports.carry_parts)."""
    spans = []
    for part_id, part in zip(ids, parts):
        spans.append((part_id, start, start + len(part)))
        start += len(part) + separator
    return tuple(spans)
