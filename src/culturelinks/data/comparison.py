"""Two versions of the dataset compared: the events added, removed and changed (with the fields that changed), and
the other tables' entries likewise. ``culturelinks diff`` (tools.diff) presents a comparison for the people
reviewing a change; the Changes page (data.history) compares the releases tagged in the data's git history.

Each side is a dataset file or a git ref (the dataset as committed there). The comparison works on the values
validation could read, so a side with errors still gets compared on what did parse, and says so.
"""

from __future__ import annotations

import functools
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Problem, errors_in
from ..languages import DEFAULT, Languages
from . import schema
from .dataset import check_file
from .schema import DATASET, EVENT
from .validate import INVALID

#: The tables besides the events, in the order comparisons list them.
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


def read_file(path: Path, label: str, shown: str | None = None, languages: Languages = DEFAULT) -> Side:
    """The dataset in the file ``path``, checked as ``shown`` names it (problems say that name), as ``label``."""
    checked, _ = check_file(path, shown or str(path), languages)
    return Side(label, _readable(checked.data), checked.problems)


def validated(label: str, data: dict[str, Any]) -> Side:
    """A side of data a build has already validated without errors (its warnings do not count here): as is, since
    validation marks INVALID only a value it reports an error for (and the model could not be built of one)."""
    return Side(label, data, [])


def read_side(spec: str, data_path: Path, languages: Languages = DEFAULT) -> Side:
    """The dataset named by ``spec``: an existing file, else ``data_path`` as committed at the git ref ``spec``."""
    if Path(spec).is_file():
        return read_file(Path(spec), spec, spec, languages)
    if _git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{spec}^{{commit}}").returncode != 0:
        raise UnreadableInput(f"'{spec}' is neither a dataset file nor a git commit")
    with tempfile.TemporaryDirectory(prefix="culturelinks-diff-") as folder:
        copy = Path(folder) / "events.yaml"
        with copy.open("wb") as out:
            shown = _git("show", f"{spec}:./{data_path.as_posix()}", stdout=out)
        if shown.returncode != 0:
            return Side(spec, {}, [], absent=True)
        return read_file(copy, spec, str(data_path), languages)


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
