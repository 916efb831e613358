"""What still needs translating: missing texts, and translations whose original changed since."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass

from ..data.model import Chronology, Event

FIELDS = ("title", "summary")


def text_checksum(event: Event, lang: str) -> str:
    """A checksum of the event's title and summary in ``lang``: what a translation was made from."""
    text = f"{event.title.get(lang) or ''}\0{event.summary.get(lang) or ''}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def original_language(event: Event, lang: str) -> str | None:
    """The language ``lang`` is most likely translated from: that of the first cited source, else the
    first other language with a complete text."""
    codes = event.title.site.codes
    preferred = [c.source.language for c in event.sources] + list(codes)
    for candidate in preferred:
        if candidate != lang and candidate in codes and event.languages_complete(candidate):
            return candidate
    return None


@dataclass(frozen=True)
class Gap:
    event: str
    field: str
    lang: str
    state: str  # "missing" or "outdated"
    detail: str = ""


@dataclass(frozen=True)
class Progress:
    lang: str
    done: int
    total: int

    @property
    def percent(self) -> float:
        return 100.0 * self.done / self.total if self.total else 100.0


@dataclass(frozen=True)
class TranslationReport:
    gaps: tuple[Gap, ...]
    progress: tuple[Progress, ...]


def _gaps(event: Event) -> list[Gap]:
    gaps = []
    for lang in event.title.site.codes:
        record = next((t for t in event.translated if t.lang == lang), None)
        outdated = record is not None and text_checksum(event, record.source_lang) != record.checksum
        for field in FIELDS:
            if not getattr(event, field).get(lang):
                gaps.append(Gap(event.id, field, lang, "missing"))
            elif outdated and record is not None:
                gaps.append(Gap(event.id, field, lang, "outdated",
                                f"the {record.source_lang} text changed since it was translated"))
    return gaps


def report(chronology: Chronology) -> TranslationReport:
    gaps = [gap for event in chronology.events for gap in _gaps(event)]
    total = len(chronology.events) * len(FIELDS)
    progress = tuple(Progress(lang, total - sum(g.lang == lang for g in gaps), total)
                     for lang in chronology.languages.codes)
    return TranslationReport(tuple(gaps), progress)


def format_text(result: TranslationReport) -> str:
    lines = [f"{p.lang}  {p.percent:5.1f}%  ({p.done}/{p.total})" for p in result.progress]
    if result.gaps:
        lines.append("")
        lines += [f"{g.state:<8}  {g.lang}  {g.event}  {g.field}" + (f"  ({g.detail})" if g.detail else "")
                  for g in result.gaps]
    return "\n".join(lines) + "\n"


def format_markdown(result: TranslationReport) -> str:
    lines = ["| language | translated | done / total |", "|---|---:|---:|"]
    lines += [f"| {p.lang} | {p.percent:.1f}% | {p.done} / {p.total} |" for p in result.progress]
    if result.gaps:
        lines += ["", "| event | field | language | state |", "|---|---|---|---|"]
        lines += [f"| `{g.event}` | {g.field} | {g.lang} | {g.state}" + (f": {g.detail}" if g.detail else "") + " |"
                  for g in result.gaps]
    else:
        lines += ["", "Every text is translated and up to date."]
    return "\n".join(lines) + "\n"


def format_json(result: TranslationReport) -> str:
    payload = {"progress": [{**asdict(p), "percent": round(p.percent, 1)} for p in result.progress],
               "gaps": [asdict(g) for g in result.gaps]}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
