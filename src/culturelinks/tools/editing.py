"""Edits of data/events.yaml made by commands, as text insertions at node positions.

Only the edited lines change: comments, quoting, key order and blank lines elsewhere stay exactly
as the editors wrote them. Every edit is checked before it is written, and written atomically.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..data import loader, model
from ..data.dates import When, parse_date
from ..data.validate import check_source
from ..errors import CulturelinksError, DataError
from ..languages import DEFAULT, Languages
from ..text.folding import slug_words
from .translations import original_language, text_checksum


class EditError(CulturelinksError):
    """A requested edit cannot be made; the message says why."""


@dataclass(frozen=True)
class Document:
    """A valid data file: its text, composed nodes and model."""

    path: Path
    source: loader.SourceFile
    chronology: model.Chronology

    @classmethod
    def open(cls, path: Path, languages: Languages = DEFAULT) -> Document:
        source = loader.load(path)
        checked = check_source(source, languages)
        if not checked.ok or checked.data is None:
            raise DataError(checked.problems)
        return cls(path, source, model.build(checked.data, languages))

    @property
    def text(self) -> str:
        return self.source.text

    def event_nodes(self) -> list[yaml.MappingNode]:
        events = next(v for k, v in self.source.root.value if k.value == "events")
        return list(events.value)

    def event_node(self, event_id: str) -> yaml.MappingNode:
        for node in self.event_nodes():
            if any(k.value == "id" and v.value == event_id for k, v in node.value):
                return node
        raise EditError(f"no event with id '{event_id}'")

    def save(self, text: str) -> None:
        """Write ``text`` if it still checks without errors, atomically (never a half-written file)."""
        checked = check_source(loader.compose(text, str(self.path)), self.chronology.languages)
        if not checked.ok:
            raise EditError("the edit would make the data invalid:\n" +
                            "\n".join(p.headline() for p in checked.problems if p.is_error))
        handle, temp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(temp, self.path)


def _end_of_node(text: str, node: yaml.Node) -> int:
    """Index just past the line holding the node's last character (block scalars end a line later)."""
    last = node.end_mark.index - 1
    while last > 0 and text[last] in " \n\r":
        last -= 1
    newline = text.find("\n", last)
    return len(text) if newline == -1 else newline + 1


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _flow(mapping: dict[str, str]) -> str:
    return "{" + ", ".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in mapping.items()) + "}"


def mark_translation_done(path: Path, event_id: str, lang: str, source_lang: str | None = None,
                          languages: Languages = DEFAULT) -> str:
    """Record that the event's ``lang`` texts are translated from ``source_lang``'s current text.

    Returns the source language used.
    """
    document = Document.open(path, languages)
    event = next((e for e in document.chronology.events if e.id == event_id), None)
    if event is None:
        raise EditError(f"no event with id '{event_id}'")
    if not event.languages_complete(lang):
        raise EditError(f"'{event_id}' has no complete {lang} text to mark as translated")
    source_lang = source_lang or original_language(event, lang)
    if source_lang is None or source_lang == lang or not event.languages_complete(source_lang):
        raise EditError(f"'{event_id}' has no other complete language to be translated from; use --from")
    record = _flow({"from": source_lang, "checksum": text_checksum(event, source_lang)})

    text = document.text
    node = document.event_node(event_id)
    translations = next((v for k, v in node.value if k.value == "translations"), None)
    if translations is None:
        indent = " " * node.value[0][0].start_mark.column
        at = _end_of_node(text, node.value[-1][1])
        text = text[:at] + f"{indent}translations:\n{indent}  {lang}: {record}\n" + text[at:]
    elif translations.flow_style:
        entries = {k.value: v for k, v in translations.value}
        parts = [f"{key}: {text[v.start_mark.index:v.end_mark.index]}" for key, v in entries.items() if key != lang]
        parts.append(f"{lang}: {record}")
        start, end = translations.start_mark.index, translations.end_mark.index
        text = text[:start] + "{" + ", ".join(parts) + "}" + text[end:]
    else:
        existing = next((v for k, v in translations.value if k.value == lang), None)
        if existing is not None:
            text = text[:existing.start_mark.index] + record + text[existing.end_mark.index:]
        else:
            indent = " " * translations.value[0][0].start_mark.column
            at = _end_of_node(text, translations.value[-1][1])
            text = text[:at] + f"{indent}{lang}: {record}\n" + text[at:]
    document.save(text)
    return source_lang


@dataclass(frozen=True)
class NewEvent:
    """What an editor gives for a new event, in one language; the others are left to translate."""

    date: str
    type: str
    title: str
    summary: str
    source: str
    lang: str = "en"
    places: tuple[str, ...] = ()
    locator: str | None = None
    id: str | None = None
    people: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()


def slug_for(title: str, date: str, taken: set[str]) -> str:
    """A fresh, safe id from the title (any script, ə included) and the year: 'ocaq-society-1989'."""
    words = slug_words(title)
    base = "-".join(filter(None, [words[:60].rstrip("-"), date[:4]]))
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _problems_with(new: NewEvent, chronology: model.Chronology) -> list[str]:
    problems = []
    try:
        parse_date(new.date)
    except ValueError as exc:
        problems.append(f"--date: {exc}")
    if new.type not in chronology.types:
        problems.append(f"--type: unknown type '{new.type}'; known: {', '.join(sorted(chronology.types))}")
    problems += [f"--place: unknown place '{p}'; known: {', '.join(sorted(chronology.places))}"
                 for p in new.places if p not in chronology.places]
    problems += [f"--person: unknown person '{p}'; known: {', '.join(sorted(chronology.people)) or 'none'}"
                 for p in new.people if p not in chronology.people]
    problems += [f"--organisation: unknown organisation '{o}'; "
                 f"known: {', '.join(sorted(chronology.organisations)) or 'none'}"
                 for o in new.organisations if o not in chronology.organisations]
    if new.source not in chronology.sources:
        problems.append(f"--source: unknown source '{new.source}'; known: {', '.join(sorted(chronology.sources))}")
    if new.lang not in chronology.languages:
        problems.append(f"--lang: expected one of {', '.join(chronology.languages.codes)}")
    if not new.title.strip() or not new.summary.strip():
        problems.append("--title and --summary must not be empty")
    return problems


def _event_yaml(new: NewEvent, event_id: str, indent: str, languages: Languages) -> str:
    """The new event in the file's own layout; the other languages as comments to fill in."""
    inner = indent + "  "
    todo = [lang for lang in languages.codes if lang != new.lang]
    summary = "\n".join(f"{inner}    {line}".rstrip() for line in new.summary.strip().splitlines())
    lines = [
        f"{indent}- id: {event_id}",
        f"{inner}date: {json.dumps(new.date)}",
        f"{inner}type: {new.type}",
        f"{inner}places: [{', '.join(new.places)}]",
        f"{inner}title:",
        f"{inner}  {new.lang}: {json.dumps(new.title.strip(), ensure_ascii=False)}",
        *[f"{inner}  # {lang}: (to translate)" for lang in todo],
        f"{inner}summary:",
        f"{inner}  {new.lang}: |-",
        summary,
        *[f"{inner}  # {lang}: (to translate)" for lang in todo],
        f"{inner}sources:",
        f"{inner}  - source: {new.source}",
    ]
    if new.locator:
        lines.append(f"{inner}    locator: {json.dumps(new.locator, ensure_ascii=False)}")
    if new.people:
        lines.append(f"{inner}people: [{', '.join(new.people)}]")
    if new.organisations:
        lines.append(f"{inner}organisations: [{', '.join(new.organisations)}]")
    return "\n".join(lines) + "\n"


def add_event(path: Path, new: NewEvent, languages: Languages = DEFAULT) -> str:
    """Insert the event in chronological position; return its id."""
    document = Document.open(path, languages)
    chronology = document.chronology
    problems = _problems_with(new, chronology)
    if problems:
        raise EditError("\n".join(problems))
    taken = {e.id for e in chronology.events}
    event_id = new.id or slug_for(new.title, new.date, taken)
    if event_id in taken:
        raise EditError(f"--id: '{event_id}' is already used")

    text = document.text
    nodes = document.event_nodes()
    indent = " " * (nodes[0].start_mark.column - 2)
    key = (When(parse_date(new.date)).sort_key(), event_id)
    ids = [next(v.value for k, v in n.value if k.value == "id") for n in nodes]
    order = {e.id: (e.when.sort_key(), e.id) for e in chronology.events}
    later = next((n for n, i in zip(nodes, ids) if order[i] > key), None)
    spaced = len(nodes) > 1 and "\n\n" in text[_end_of_node(text, nodes[0]) - 1:nodes[1].start_mark.index]
    block = _event_yaml(new, event_id, indent, document.chronology.languages)
    if later is not None:
        at = _line_start(text, later.start_mark.index)
        insertion = block + ("\n" if spaced else "")
    else:
        at = _end_of_node(text, nodes[-1])
        insertion = ("\n" if spaced else "") + block
    document.save(text[:at] + insertion + text[at:])
    return event_id

