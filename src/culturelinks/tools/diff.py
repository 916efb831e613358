"""What a change to the data does, summarised for the people reviewing it: ``culturelinks diff BASE HEAD``.

Each side is a dataset file or a git ref (the dataset as committed there). The comparison works on the
values validation could read, so a HEAD with errors still gets a summary of what did parse, and says so.
The output is deterministic: the same two datasets always give the same text, byte for byte.
"""

from __future__ import annotations

import functools
import html
import json
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..data import schema
from ..data.dataset import check_file
from ..data.model import Localized
from ..data.schema import DATASET, EVENT
from ..data.validate import INVALID
from ..errors import Problem, errors_in, summary_line
from ..languages import DEFAULT, Languages
from ..site import routes

#: How many entries each list shows before "… and N more" (keeps a PR comment under GitHub's size limit).
MAX_LISTED = 100
#: How many check problems the summary quotes; the rest are counted.
MAX_PROBLEMS = 10
TABLES = ("types", "places", "people", "organisations", "sources")


class UnreadableInput(Exception):
    """A side that names no dataset (neither a file nor a commit), or a dataset at neither commit: a usage error."""


@dataclass(frozen=True)
class Side:
    """One dataset being compared: how it was named, the values that could be read, and its problems.

    ``data`` is None when the file could not be read as a mapping at all (a YAML syntax error, say).
    """

    label: str
    data: dict[str, Any] | None
    problems: list[Problem]
    absent: bool = False
    """The side is a commit without the dataset (the one before it was added, say): nothing in it."""

    @functools.cached_property
    def events(self) -> dict[str, dict[str, Any]]:
        """Readable events by id, in file order; an id listed twice keeps its first event, as check reports."""
        by_id: dict[str, dict[str, Any]] = {}
        for event in (self.data or {}).get("events", []):
            if isinstance(event, dict) and isinstance(event.get("id"), str):
                by_id.setdefault(event["id"], event)
        return by_id

    def table(self, name: str) -> dict[str, Any]:
        table = (self.data or {}).get(name)
        return table if isinstance(table, dict) else {}

    @property
    def errors(self) -> int:
        return len(errors_in(self.problems))

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors


def _readable(value: Any) -> Any:
    """The value without the parts validation refused (it marks them INVALID and reports each)."""
    if isinstance(value, dict):
        return {key: _readable(item) for key, item in value.items() if item is not INVALID}
    if isinstance(value, list):
        return [_readable(item) for item in value if item is not INVALID]
    return value


def _git(*args: str, stdout: Any = subprocess.PIPE) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], stdout=stdout, stderr=subprocess.PIPE, check=False)
    except FileNotFoundError:
        raise UnreadableInput("git is not installed, so only dataset files can be compared") from None


def read_side(spec: str, data_path: Path, languages: Languages = DEFAULT) -> Side:
    """The dataset named by ``spec``: an existing file, else ``data_path`` as committed at the git ref ``spec``."""
    if Path(spec).is_file():
        checked, _ = check_file(Path(spec), spec, languages)
        return Side(spec, _readable(checked.data), checked.problems)
    if _git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{spec}^{{commit}}").returncode != 0:
        raise UnreadableInput(f"'{spec}' is neither a dataset file nor a git commit")
    with tempfile.TemporaryDirectory(prefix="culturelinks-diff-") as folder:
        copy = Path(folder) / "events.yaml"
        with copy.open("wb") as out:
            shown = _git("show", f"{spec}:./{data_path.as_posix()}", stdout=out)
        if shown.returncode != 0:
            return Side(spec, {}, [], absent=True)
        checked, _ = check_file(copy, str(data_path), languages)
    return Side(spec, _readable(checked.data), checked.problems)


def read_sides(base: str, head: str, data_path: Path, languages: Languages = DEFAULT) -> tuple[Side, Side]:
    """Both sides; a dataset missing at one commit is empty there (added or deleted), at both a usage error."""
    sides = read_side(base, data_path, languages), read_side(head, data_path, languages)
    if all(side.absent for side in sides):
        raise UnreadableInput(f"{data_path} exists at neither {base} nor {head} (pass --data for its path)")
    return sides


# -- the comparison --------------------------------------------------------------------------------


def _text_changes(name: str, before: Any, after: Any, languages: Languages) -> list[str]:
    """``summary (ru)`` for a changed translation, ``title (en, added)`` / ``(…, removed)`` for the others."""
    before = before if isinstance(before, dict) else {}
    after = after if isinstance(after, dict) else {}
    labels = []
    for lang in languages.codes:
        old, new = before.get(lang), after.get(lang)
        if old != new:
            state = ", added" if old is None else ", removed" if new is None else ""
            labels.append(f"{name} ({lang}{state})")
    return labels


def _record_changes(record: schema.Record, before: dict[str, Any], after: dict[str, Any], languages: Languages
                    ) -> list[str]:
    """The fields that differ, in the schema's order; texts per language."""
    labels = []
    for spec in record.fields:
        old, new = before.get(spec.name), after.get(spec.name)
        if isinstance(spec.schema, schema.Localized):
            labels += _text_changes(spec.name, old, new, languages)
        elif old != new:
            labels.append(spec.name)
    return labels


def _entry_changes(table: str, before: Any, after: Any, languages: Languages) -> list[str]:
    value_schema = DATASET.field_named(table).schema.value  # type: ignore[union-attr]
    if isinstance(value_schema, schema.Record):
        return _record_changes(value_schema, before if isinstance(before, dict) else {},
                               after if isinstance(after, dict) else {}, languages)
    return _text_changes("label", before, after, languages)


@dataclass(frozen=True)
class KeyedChanges:
    """Entries added, changed (with the labels of what changed) and removed; in file order."""

    added: list[str]
    changed: list[tuple[str, list[str]]]
    removed: list[str]


def _keyed_changes(before: dict[str, Any], after: dict[str, Any], changes: Any) -> KeyedChanges:
    changed = [(key, labels) for key, value in after.items() if key in before
               for labels in [changes(before[key], value)] if labels]
    return KeyedChanges([key for key in after if key not in before], changed,
                        [key for key in before if key not in after])


def _translated(events: dict[str, dict[str, Any]], lang: str) -> int:
    """Events with their own title and summary in ``lang`` (as ``Event.languages_complete``)."""
    return sum(1 for e in events.values()
               if all(isinstance(e.get(f), dict) and e[f].get(lang) for f in ("title", "summary")))


@dataclass(frozen=True)
class Comparison:
    base: Side
    head: Side
    events: KeyedChanges
    tables: dict[str, KeyedChanges]
    languages: Languages = DEFAULT

    @property
    def comparable(self) -> bool:
        return self.base.data is not None and self.head.data is not None

    def preview(self, base_url: str | None) -> str | None:
        """Where HEAD's site is previewed; None when it has errors, as the site is not built from such data."""
        return None if self.head.errors else base_url

    def translations(self, side: Side) -> dict[str, tuple[int, int]] | None:
        """Per language: (events translated, events), or None when the side could not be read."""
        if side.data is None:
            return None
        events = side.events
        return {lang: (_translated(events, lang), len(events)) for lang in self.languages.codes}


def compare(base: Side, head: Side, languages: Languages = DEFAULT) -> Comparison:
    events = _keyed_changes(base.events, head.events, lambda old, new: _record_changes(EVENT, old, new, languages))
    tables = {name: _keyed_changes(base.table(name), head.table(name),
                                   lambda old, new, name=name: _entry_changes(name, old, new, languages))
              for name in TABLES}
    return Comparison(base, head, events, tables, languages)


# -- presenting it ---------------------------------------------------------------------------------


def _title(event: dict[str, Any], languages: Languages) -> str:
    texts = event.get("title")
    title = Localized.of({code: text for code, text in texts.items() if isinstance(text, str)}, languages) \
        if isinstance(texts, dict) else None
    return title.choose(languages.common.code)[0] if title is not None else ""


def event_links(base_url: str | None, event_id: str, languages: Languages = DEFAULT) -> dict[str, str]:
    """The event's page in each language of the preview (none without a base URL)."""
    if not base_url:
        return {}
    root = base_url.rstrip("/")
    return {lang: routes.event(lang, event_id).absolute(root) for lang in languages.codes}


def _inline(text: str, limit: int = 120) -> str:
    """Data as inert Markdown: one line, no markup, no HTML, no @mentions (the data comes from a pull request)."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    text = re.sub(r"([\\`*_\[\]|#~!])", r"\\\1", html.escape(text, quote=False))
    return text.replace("@", "&#64;")


def _label(side: Side) -> str:
    """A ref or path as code (a full commit id shortened); refs may hold any character but a backtick."""
    label = side.label[:12] if re.fullmatch(r"[0-9a-f]{40}", side.label) else " ".join(side.label.split())
    return f"`{label}`" if "`" not in label else _inline(label, 60)


def _percent(counts: tuple[int, int] | None) -> str:
    if counts is None:
        return "—"
    done, total = counts
    return f"{100 * done / total:.1f}% ({done} of {total})" if total else "— (no events)"


def _capped(items: list[str]) -> list[str]:
    extra = len(items) - MAX_LISTED
    return items[:MAX_LISTED] + ([f"- … and {extra} more"] if extra > 0 else [])


def _fenced(lines: list[str]) -> list[str]:
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + "text", *lines, fence]


def _event_line(event_id: str, event: dict[str, Any], detail: str, base_url: str | None, languages: Languages
                ) -> str:
    line = f"- `{event_id}`"
    title = _title(event, languages)
    if title:
        line += f" {_inline(title)}"
    if detail:
        line += f" — {detail}"
    links = event_links(base_url, event_id, languages)
    if links:
        line += " — preview: " + " · ".join(f"[{lang}]({url})" for lang, url in links.items())
    return line


def _keys(keys: list[str]) -> str:
    return ", ".join(f"`{key}`" for key in keys)


def _notices(comparison: Comparison) -> list[str]:
    """What the reader must know before trusting the rest: a side missing, unreadable, or with errors."""
    out = []
    for side, name in ((comparison.head, "HEAD"), (comparison.base, "BASE")):
        if side.absent:
            outcome = "new" if name == "BASE" else "removed"
            out += ["> [!NOTE]", f"> There is no dataset at {name} ({_label(side)}): everything is {outcome}.", ""]
        if side.data is None:
            out += ["> [!CAUTION]",
                    (f"> **{name} ({_label(side)}) could not be read at all** ({summary_line(side.problems)}): "
                     "there is nothing to compare. See *Check* below."), ""]
    if comparison.comparable and comparison.head.errors:
        out += ["> [!CAUTION]",
                (f"> **HEAD has {summary_line(comparison.head.problems)}.** This summary covers only what could be "
                 "read: events or fields with errors may show as removed or changed, and the site is not built, so "
                 "there are no preview links. See *Check* below."), ""]
    return out


def _event_sections(comparison: Comparison, base_url: str | None) -> list[str]:
    events, before, after = comparison.events, comparison.base.events, comparison.head.events
    languages = comparison.languages
    out = [(f"Events: {len(before)} → {len(after)} · {len(events.added)} added · {len(events.changed)} changed · "
            f"{len(events.removed)} removed"), ""]
    if events.added:
        out += [f"### Added ({len(events.added)})", ""]
        out += _capped([_event_line(key, after[key], "", base_url, languages) for key in events.added]) + [""]
    if events.changed:
        out += [f"### Changed ({len(events.changed)})", ""]
        out += _capped([_event_line(key, after[key], ", ".join(labels), base_url, languages)
                        for key, labels in events.changed]) + [""]
    if events.removed:
        out += [f"### Removed ({len(events.removed)})", "",
                "An event id is its permalink: the pages of these events will stop working.", ""]
        out += _capped([_event_line(key, before[key], "", None, languages) for key in events.removed]) + [""]
    return out


def _table_section(comparison: Comparison) -> list[str]:
    lines = []
    for name, changes in comparison.tables.items():
        parts = []
        if changes.added:
            parts.append(f"added {_keys(changes.added)}")
        if changes.changed:
            parts.append("changed " + ", ".join(f"`{key}` ({', '.join(labels)})" for key, labels in changes.changed))
        if changes.removed:
            parts.append(f"removed {_keys(changes.removed)}")
        if parts:
            lines.append(f"- {name}: " + "; ".join(parts))
    return ["### Types, places, people, organisations and sources", "", *(lines or ["No changes."]), ""]


def _translation_section(comparison: Comparison) -> list[str]:
    before, after = comparison.translations(comparison.base), comparison.translations(comparison.head)
    out = ["### Translations", "", "Events with their own title and summary in each language.", "",
           "| language | before | after |", "|---|---:|---:|"]
    for lang in comparison.languages.codes:
        was, now = (_percent(counts[lang] if counts else None) for counts in (before, after))
        out.append(f"| {lang} | {was} | {now} |")
    return [*out, ""]


def _check_section(comparison: Comparison) -> list[str]:
    head, base = comparison.head, comparison.base
    out = ["### Check", "", f"HEAD: {summary_line(head.problems)} (BASE: {summary_line(base.problems)}).", ""]
    if head.problems:
        out += _fenced([p.headline() for p in head.problems[:MAX_PROBLEMS]])
        hidden = len(head.problems) - MAX_PROBLEMS
        if hidden > 0:
            out += ["", f"… and {hidden} more: run `culturelinks check` for all of them."]
        out.append("")
    return out


def to_markdown(comparison: Comparison, base_url: str | None = None) -> str:
    """The review summary a pull request's comment shows; links only when HEAD's site can be built."""
    out = [f"## Data changes: {_label(comparison.base)} → {_label(comparison.head)}", "", *_notices(comparison)]
    if comparison.comparable:
        out += _event_sections(comparison, comparison.preview(base_url)) + _table_section(comparison)
    out += _translation_section(comparison) + _check_section(comparison)
    return "\n".join(out)


def to_json(comparison: Comparison, base_url: str | None = None) -> str:
    """The same review for tools; every list in file order, nothing truncated."""
    base, head = comparison.base, comparison.head
    preview_url = comparison.preview(base_url)

    def side(s: Side) -> dict[str, Any]:
        return {"label": s.label, "absent": s.absent, "readable": s.data is not None, "events": len(s.events),
                "errors": s.errors, "warnings": s.warnings}

    def event(key: str, record: dict[str, Any], fields: list[str] | None = None) -> dict[str, Any]:
        item: dict[str, Any] = {"id": key, "title": _title(record, comparison.languages)}
        if fields is not None:
            item["fields"] = fields
        return item

    def translated(counts: dict[str, tuple[int, int]] | None, lang: str) -> dict[str, int] | None:
        return {"translated": counts[lang][0], "events": counts[lang][1]} if counts else None

    payload: dict[str, Any] = {"base": side(base), "head": side(head), "comparable": comparison.comparable}
    if comparison.comparable:
        events = comparison.events
        payload["events"] = {
            "added": [{**event(key, head.events[key]), "links": event_links(preview_url, key, comparison.languages)}
                      for key in events.added],
            "changed": [{**event(key, head.events[key], labels),
                         "links": event_links(preview_url, key, comparison.languages)}
                        for key, labels in events.changed],
            "removed": [event(key, base.events[key]) for key in events.removed],
        }
        payload["tables"] = {name: {"added": changes.added, "changed": dict(changes.changed),
                                    "removed": changes.removed}
                             for name, changes in comparison.tables.items()}
    before, after = comparison.translations(base), comparison.translations(head)
    payload["translations"] = {lang: {"before": translated(before, lang), "after": translated(after, lang)}
                               for lang in comparison.languages.codes}
    payload["problems"] = [p.headline() for p in head.problems]
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
