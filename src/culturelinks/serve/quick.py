"""The steps of a quick rebuild (live.py, for ``culturelinks serve``) after an edit of some events.

``DataFile`` knows where each event is written in the data file; given the new text, it composes and
validates again only the lines of the events that changed, and splices them into the validated data.
``next_views`` models them again, keeping what is known of the others; ``affected_parts`` says which
parts of each language's pages may show them; ``InPlace`` renders those pages over the live ones.

Whatever a quick rebuild cannot do exactly as the full build would — a change outside the events, an
event added, removed or renamed, any problem in the edited events (a warning included), a year, a
page of a listing or a used type, place or source appearing or disappearing — is ``NotQuick``: the
full build takes over, and reports problems exactly as ``build`` does.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pelican.utils import sanitised_join

from ..data import loader, model
from ..data.validate import check_events
from ..errors import DataError
from ..languages import DEFAULT, Languages
from ..output.manifest import FileRecord, Manifest, sha256_of
from ..site.plan import Part
from ..site.views import RELATED_LIMIT, Views, placement

#: What comes before an event's first key on its line: its dash, indented.
_DASH = re.compile(r"( *)- +")


class NotQuick(Exception):
    """This change takes the full build; the message says why (for the curious, in debug logs)."""


def event_uses(event: dict[str, Any]) -> set[tuple[str, str]]:
    """The types, places and sources a validated event refers to, as (table, key)."""
    return {("types", event["type"]), *(("places", key) for key in event["places"]),
            *(("sources", citation["source"]) for citation in event["sources"])}


@dataclass(frozen=True)
class DataFile:
    """The data file as the last build read it: its text, its validated data, and the whole lines each
    event is written on (``data["events"][i]`` in ``text[spans[i][0]:spans[i][1]]``, its dash at
    ``dash_column``), with how many events use each type, place and source."""

    name: str
    text: str
    data: dict[str, Any]
    spans: tuple[tuple[int, int], ...]
    dash_column: int
    uses: Counter
    languages: Languages = DEFAULT

    @classmethod
    def of(cls, source: loader.SourceFile, data: dict[str, Any], languages: Languages = DEFAULT) -> DataFile | None:
        """The spans of a composed, valid file; None when its events are not a block list of ``- key:`` items."""
        root = source.root
        events = next((value for key, value in root.value if key.value == "events"), None) \
            if isinstance(root, yaml.MappingNode) else None
        if not isinstance(events, yaml.SequenceNode) or events.flow_style or not events.value:
            return None
        text, starts, columns = source.text, [], set()
        for item in events.value:
            at = item.start_mark.index
            line_start = text.rfind("\n", 0, at) + 1
            dash = _DASH.fullmatch(text, line_start, at)
            if dash is None:
                return None
            starts.append(line_start)
            columns.add(len(dash.group(1)))
        end = events.end_mark.index
        if end > 0 and text[end - 1] != "\n":
            newline = text.find("\n", end)
            end = len(text) if newline == -1 else newline + 1
        if len(columns) != 1 or end <= starts[-1]:
            return None
        uses: Counter = Counter()
        for event in data["events"]:
            uses.update(event_uses(event))
        return cls(source.name, text, data, tuple(zip(starts, [*starts[1:], end])), columns.pop(), uses, languages)

    def changed(self, text: str) -> tuple[DataFile, dict[int, dict[str, Any]]]:
        """This file with ``text``, when only events' lines changed and they are still valid: the new file
        and the events that changed, by index; NotQuick otherwise."""
        old, spans = self.text, self.spans
        delta = len(text) - len(old)
        first_start, last_end = spans[0][0], spans[-1][1]
        if text[:first_start] != old[:first_start] or text[last_end + delta:] != old[last_end:]:
            raise NotQuick("the change is outside the events")
        first = next((i for i, (start, end) in enumerate(spans) if text[start:end] != old[start:end]), None)
        if first is None and delta == 0:
            return self, {}
        last = next((i for i in range(len(spans) - 1, -1, -1)
                     if text[spans[i][0] + delta:spans[i][1] + delta] != old[spans[i][0]:spans[i][1]]), None)
        found = [index for index in (first, last) if index is not None]
        if not found:
            raise NotQuick("the change is between the events")
        lo, hi = min(found), max(found)
        start, end = spans[lo][0], spans[hi][1] + delta
        block = text[start:end]
        items = self._compose_items(block, hi - lo + 1)
        new_events, problems = check_events(
            loader.SourceFile(self.name, block, yaml.SequenceNode("tag:yaml.org,2002:seq", items)), items, lo,
            self.languages)
        if problems or loader.anchor_problems(block, self.name):
            raise NotQuick("the edited events have problems")
        old_events = self.data["events"][lo:hi + 1]
        if [event["id"] for event in new_events] != [event["id"] for event in old_events]:
            raise NotQuick("an event's id changed")
        uses = Counter(self.uses)
        for before, after in zip(old_events, new_events):
            uses.subtract(event_uses(before))
            uses.update(event_uses(after))
        if any(key not in self.data[table] for table, key in +uses) or set(+uses) != set(+self.uses):
            raise NotQuick("the types, places or sources in use changed")
        starts = [start + item.start_mark.index - item.start_mark.column for item in items]  # their lines' starts
        new_spans = list(zip(starts, [*starts[1:], end]))
        spans = (*spans[:lo], *new_spans, *((s + delta, e + delta) for s, e in spans[hi + 1:]))
        events = [*self.data["events"][:lo], *new_events, *self.data["events"][hi + 1:]]
        changed = {lo + n: after for n, (before, after) in enumerate(zip(old_events, new_events)) if before != after}
        return DataFile(self.name, text, {**self.data, "events": events}, spans, self.dash_column, +uses,
                        self.languages), changed

    def _compose_items(self, block: str, count: int) -> list[yaml.MappingNode]:
        """The ``count`` events written in ``block`` (whole lines of the file), composed on their own."""
        for line in block.splitlines():
            content = line.lstrip(" ")
            indent = len(line) - len(content)
            if not content or content.startswith("#") or indent > self.dash_column:
                continue
            if indent < self.dash_column or not content.startswith("- "):
                raise NotQuick("a line of the edited events is not inside the list of events")
        try:
            root = loader.compose(block, self.name).root
        except DataError:
            raise NotQuick("the edited events do not compose") from None
        if not isinstance(root, yaml.SequenceNode) or root.flow_style or len(root.value) != count \
                or not all(isinstance(item, yaml.MappingNode) for item in root.value):
            raise NotQuick("events were added, removed or reshaped")
        return list(root.value)


def affected_parts(before: Views, after: Views, changed: Iterable[str]) -> set[Part]:
    """Each language's parts whose pages may show one of the ``changed`` events (by id), before or after the
    change: the timeline and the bibliography, every listing either version is in, the events' own
    pages and those that show them as previous, next or related. NotQuick when the change adds or
    removes a year or a page of a listing (the site's set of pages, hence its sitemap, would change)."""
    if before.years != after.years:
        raise NotQuick("a year appears or disappears")
    for event_id in changed:
        old, new = (views.chronology.events[views.event_numbers[event_id]] for views in (before, after))
        codes = before.languages.codes
        if [lang for lang in codes if old.languages_complete(lang)] != \
                [lang for lang in codes if new.languages_complete(lang)]:
            raise NotQuick("a translation is added or removed (the sitemap's alternates change)")
    parts: set[Part] = {("timeline",), ("sources",)}
    for views in (before, after):
        index, events, numbers = views.index, views.chronology.events, views.event_numbers
        for event_id in changed:
            event = events[numbers[event_id]]
            parts |= {("year", event.when.year), ("type", event.type.id),
                      *(("place", place.id) for place in event.places),
                      *(("source", citation.source.id) for citation in event.sources)}
            number = numbers[event_id]
            parts |= {("event", events[n].id) for n in (number - 1, number, number + 1) if 0 <= n < len(events)}
            parts |= {("event", other.id) for other in index.neighbours(event, RELATED_LIMIT)}
    lists = {"year": "by_year", "type": "by_type", "place": "by_place", "source": "by_source"}
    for part in parts:
        if part[0] in lists:
            counts = {len(views.listing_shares(getattr(views.index, lists[part[0]]).get(part[1], ())))
                      for views in (before, after)}
            if len(counts) != 1:
                raise NotQuick(f"the {part[0]} listing {part[1]} gains or loses a page")
    return parts


def next_views(views: Views, data: dict[str, Any], changed: dict[int, dict[str, Any]]) -> Views:
    """``views`` with the ``changed`` events (validated data, by index) modelled again; what the edit leaves as
    it was is kept: the other events' entries; when no edited event moved, the order of the events; and when
    none changed its year, type, places or sources either (``views.placement``), the index's other lists and
    each language's chart and filters."""
    chronology = views.chronology
    old_events = chronology.events
    edited = {}
    for event in changed.values():
        new_event = model.event(event, chronology.types, chronology.places, chronology.sources, chronology.languages)
        edited[new_event.id] = (old_events[views.event_numbers[new_event.id]], new_event)
    replaced = {event_id: new_event for event_id, (_, new_event) in edited.items()}
    in_place = all(model.order_key(old) == model.order_key(new_event) for old, new_event in edited.values())
    if in_place:
        in_order = list(old_events)
        for event_id, new_event in replaced.items():
            in_order[views.event_numbers[event_id]] = new_event
        events = tuple(in_order)
    else:
        events = model.in_order([replaced.get(event.id, event) for event in old_events])
    overviews = in_place and all(placement(old) == placement(new_event) for old, new_event in edited.values())
    new = Views(dataclasses.replace(chronology, events=events),
                views.translations, views.summaries, views.site_url, views.listing_limit, views.content_pages,
                index=views.index.with_replaced(replaced) if overviews else None)
    new.adopt(views, set(replaced), overviews)
    return new


class InPlace:
    """The pages of a quick rebuild, replaced in the live site: ``reuse`` and ``put`` as Staging's (see
    generator.PageRenderer), but nothing is written before ``commit``, and then each file atomically."""

    def __init__(self, live: Path, manifest: Manifest):
        self.live = live
        self.manifest = manifest
        self.pending: dict[str, bytes] = {}

    def reuse(self, name: str, fingerprint: str) -> FileRecord | None:
        record = self.manifest.record_in(self.live, name)
        return record if record is not None and record.fingerprint == fingerprint else None

    def put(self, name: str, content: bytes, fingerprint: str | None = None) -> FileRecord:
        sha = sha256_of(content)
        record = self.manifest.record_in(self.live, name)
        if record is not None and record.sha256 == sha:
            return FileRecord(sha, record.size, record.mtime_ns, fingerprint)
        self.pending[name] = content
        return FileRecord(sha, len(content), 0, fingerprint)

    def commit(self, records: dict[str, FileRecord]) -> dict[str, FileRecord]:
        """Write every pending file over the live one, each atomically; ``records`` (as ``put`` returned
        them) with the written files' true modification times."""
        done = dict(records)
        for name, content in sorted(self.pending.items()):
            target = Path(sanitised_join(str(self.live), name))
            partial = target.with_name(f".{target.name}.partial")
            partial.write_bytes(content)
            os.replace(partial, target)
            stat = target.stat()
            done[name] = FileRecord(done[name].sha256, stat.st_size, stat.st_mtime_ns, done[name].fingerprint)
        return done


