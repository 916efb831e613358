"""The steps of a quick rebuild (serve.live) after an edit of some events.

``DataFile`` knows where each event is written in the data file; given the new text, it composes and
validates again only the lines of the events that changed, and splices them into the validated data.
``next_views`` models them again, keeping what is known of the others. ``outdated_pages`` asks the record
of what each page shows (``Shown``: the facts each page's context read when the plan made it, site.views)
which pages the edit touches: those that show a fact whose value changed. ``InPlace`` renders them over the
live pages.

Whatever a quick rebuild cannot do exactly as the full build would — a change outside the events, an
event added, removed or renamed, any problem in the edited events (a warning included), a used type,
place, source, person or organisation appearing or disappearing, the site's set of pages changing (a year, a
page of a listing) — is ``NotQuick``: the full build takes over, and reports problems exactly as ``build`` does.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from ..data import loader, model
from ..data.validate import check_events
from ..errors import DataError
from ..languages import DEFAULT, Languages
from ..output.manifest import FileRecord, sha256_of
from ..output.publish import LiveSite
from ..site import plan
from ..site.plan import Part, PlannedPage
from ..site.views import Fact, Views, placement

#: What comes before an event's first key on its line: its dash, indented.
_DASH = re.compile(r"( *)- +")


class NotQuick(Exception):
    """This change takes the full build; the message says why (for the curious, in debug logs)."""


def event_uses(event: dict[str, Any]) -> set[tuple[str, str]]:
    """The types, places, sources, people and organisations a validated event refers to, as (table, key)."""
    return {("types", event["type"]), *(("places", key) for key in event["places"]),
            *(("sources", citation["source"]) for citation in event["sources"]),
            *(("people", key) for key in event.get("people", ())),
            *(("organisations", key) for key in event.get("organisations", ()))}


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
            self.languages, self.data)
        if problems or loader.anchor_problems(block, self.name):
            raise NotQuick("the edited events have problems")
        old_events = self.data["events"][lo:hi + 1]
        if [event["id"] for event in new_events] != [event["id"] for event in old_events]:
            raise NotQuick("an event's id changed")
        uses = Counter(self.uses)
        for before, after in zip(old_events, new_events):
            uses.subtract(event_uses(before))
            uses.update(event_uses(after))
        if any(key not in (self.data.get(table) or {}) for table, key in +uses) or set(+uses) != set(+self.uses):
            raise NotQuick("the types, places, sources, people or organisations in use changed")
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


class Shown:
    """What each page of the live site shows (its facts, by page name), the pages that show each fact, and the
    pages of each part of the plan (by language and part; ``parts`` gives each page's)."""

    def __init__(self, by_page: Mapping[str, frozenset[Fact]], parts: Mapping[str, tuple[str, Part]]):
        self.by_page = dict(by_page)
        self._by_fact: dict[Fact, set[str]] | None = None
        self.part_pages: dict[tuple[str, Part], set[str]] = {}
        self.plan_parts(parts)

    def plan_parts(self, parts: Mapping[str, tuple[str, Part]]) -> None:
        """The parts of the plan, as it was made again (serve's follow-up)."""
        self.part_pages = {}
        for name, part in parts.items():
            self.part_pages.setdefault(part, set()).add(name)

    def prepare(self) -> None:
        """Index the pages by fact now (serve's follow-up does it, so the next quick build need not)."""
        self._index()

    def facts(self) -> Iterable[Fact]:
        return self._index().keys()

    def pages_showing(self, facts: Iterable[Fact]) -> set[str]:
        index = self._index()
        return {name for fact in facts for name in index.get(fact, ())}

    def update(self, name: str, facts: frozenset[Fact]) -> None:
        """Page ``name`` now shows ``facts``."""
        index = self._index()
        for fact in self.by_page.get(name, frozenset()) - facts:
            index[fact].discard(name)
        for fact in facts:
            index.setdefault(fact, set()).add(name)
        self.by_page[name] = facts

    def _index(self) -> dict[Fact, set[str]]:
        if self._by_fact is None:  # made at the first quick build, not in the full build before it
            self._by_fact = {}
            for name, facts in self.by_page.items():
                for fact in facts:
                    self._by_fact.setdefault(fact, set()).add(name)
        return self._by_fact


def outdated_pages(before: Views, after: Views, shown: Shown, parts: Mapping[str, tuple[str, Part]],
                   ) -> list[PlannedPage]:
    """The pages, as ``after`` plans them, that show something the edit from ``before`` changed: every page that
    shows a fact whose value differs (``changed_facts``). NotQuick when the site's set of pages changes: a part
    appears or disappears (a year), or an outdated part has other pages (a listing gains or loses a page)."""
    parts_after = plan.language_parts(after)
    if plan.language_parts(before) != parts_after:
        raise NotQuick("the site's parts change")
    names = shown.pages_showing(after.changed_facts(before, shown.facts()))
    outdated: dict[tuple[str, Part], list[str]] = {}
    for name in sorted(names):
        outdated.setdefault(parts[name], []).append(name)
    pages = []
    order = {part: number for number, part in enumerate(parts_after)}
    for (lang, part), old_names in sorted(outdated.items(), key=lambda item: (
            after.languages.codes.index(item[0][0]), order[item[0][1]])):
        made = plan.part_pages(after, lang, part)
        if {page.route.save_as for page in made} != shown.part_pages[(lang, part)]:
            raise NotQuick(f"the pages of {part!r} change")
        pages += [page for page in made if page.route.save_as in old_names]
    return pages


def next_views(views: Views, data: dict[str, Any], changed: dict[int, dict[str, Any]]) -> Views:
    """``views`` with the ``changed`` events (validated data, by index) modelled again; what the edit leaves as
    it was is kept: the other events' entries; when no edited event moved, the order of the events; and when
    none changed its year, type, places or sources either (``views.placement``), the index's other lists and
    each language's chart and filters."""
    chronology = views.chronology
    old_events = chronology.events
    edited = {}
    for event in changed.values():
        new_event = model.event(event, chronology, chronology.languages)
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
                index=views.index.with_replaced(replaced) if overviews else None,
                release=views.release, history=views.history.with_working(data))
    new.adopt(views, set(replaced), overviews)
    return new


class InPlace:
    """The pages of a quick rebuild, written over the live ones: ``reuse`` and ``put`` as Staging's (see
    output.render.PageRenderer), but nothing is written before ``commit``, and then each file atomically
    (output.publish.LiveSite.write_in_place)."""

    def __init__(self, site: LiveSite):
        self.site = site
        self.pending: dict[str, tuple[bytes, str | None]] = {}

    def reuse(self, name: str, fingerprint: str) -> FileRecord | None:
        assert self.site.manifest is not None, "a quick build follows a build"
        record = self.site.manifest.record_in(self.site.output, name)
        return record if record is not None and record.fingerprint == fingerprint else None

    def keep_as(self, name: str, sha256: str) -> FileRecord | None:
        return None  # a quick build renders only the pages an edit touches

    def put(self, name: str, content: bytes, fingerprint: str | None = None) -> FileRecord:
        self.pending[name] = (content, fingerprint)
        return FileRecord(sha256_of(content), len(content), 0, fingerprint)

    def commit(self) -> set[str]:
        """Write every pending page over the live one; the names of those whose bytes changed."""
        return self.site.write_in_place(self.pending)
