"""What a change to the data does, summarised for the people reviewing it: ``culturelinks diff BASE HEAD``.

Each side is a dataset file or a git ref (the dataset as committed there), compared by data.comparison on the
values validation could read, so a HEAD with errors still gets a summary of what did parse, and says so.
The output is deterministic: the same two datasets always give the same text, byte for byte.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from ..data.comparison import Comparison, Side
from ..data.model import Localized
from ..errors import summary_line
from ..languages import DEFAULT, Languages
from ..site import routes

#: How many entries each list shows before "… and N more" (keeps a PR comment under GitHub's size limit).
MAX_LISTED = 100
#: How many check problems the summary quotes; the rest are counted.
MAX_PROBLEMS = 10


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
