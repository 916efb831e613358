"""The bare-work floor: the same pages from the same data with no framework at all.

C YAML load, Markdown (markdown-it-py + nh3, as culturelinks renders summaries), one Jinja template,
and a write per page — the least any generator must do to publish these pages.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jinja2
import nh3
import yaml
from markdown_it import MarkdownIt

from ..synthetic import LANGUAGES, listed_date
from ..synthetic import pick as _pick


def _citation_files(folder: Path, lang: str, entry: dict) -> int:
    """The event page's BibTeX, RIS and CSL-JSON files, written as plainly as they can be."""
    key, title, url = entry["id"], entry["title"], f"/{lang}/events/{entry['id']}/"
    (folder / f"{key}.bib").write_text(f"@online{{{key},\n  title = {{{title}}},\n  url = {{{url}}}\n}}\n",
                                       encoding="utf-8")
    (folder / f"{key}.ris").write_text(f"TY  - ELEC\r\nTI  - {title}\r\nUR  - {url}\r\nER  - \r\n", encoding="utf-8")
    (folder / f"{key}.json").write_text(json.dumps([{"id": key, "type": "webpage", "title": title, "URL": url,
                                                     "language": lang}], ensure_ascii=False), encoding="utf-8")
    return 3


def build(data: Path, output: Path) -> int:
    """Write every page culturelinks writes (timeline, events, years, types, places, people, organisations,
    sources, and the indexes of places, people and organisations) per language, and each event page's
    citation files."""
    dataset = yaml.load(data.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    markdown = MarkdownIt("commonmark", {"html": False})
    template = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent), autoescape=True
                                  ).get_template("page.html")
    events = sorted(dataset["events"], key=lambda e: (listed_date(e["date"]), e["id"]))
    rendered = {}
    written = 0

    def write(folder: str, **context) -> None:
        nonlocal written
        target = output / folder / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(template.render(languages=LANGUAGES, **context), encoding="utf-8")
        written += 1

    for lang in LANGUAGES:
        entries = []
        for event in events:
            summary = _pick(event["summary"], lang)
            if summary not in rendered:
                rendered[summary] = nh3.clean(markdown.render(summary))
            html = rendered[summary]
            date = listed_date(event["date"])
            entries.append({"id": event["id"], "date": date, "title": _pick(event["title"], lang),
                            "type": event["type"], "type_label": dataset["types"][event["type"]][lang],
                            "places": [{"id": p, "name": dataset["places"][p]["name"][lang]} for p in event["places"]],
                            "excerpt": re.sub(r"<[^>]*>", "", html)[:160], "html": html,
                            "sources": [{"title": dataset["sources"][c["source"]]["title"],
                                         "locator": c.get("locator")} for c in event["sources"]],
                            "people": event.get("people", ()), "organisations": event.get("organisations", ())})
        write(lang, lang=lang, path="", title="Chronology", description="", entries=entries)
        for entry in entries:
            write(f"{lang}/events/{entry['id']}", lang=lang, path=f"events/{entry['id']}/", title=entry["title"],
                  description=entry["excerpt"], event=entry, entries=())
            written += _citation_files(output / lang / "events" / entry["id"], lang, entry)
        groups: dict[str, list] = {}
        for entry in entries:
            groups.setdefault(f"years/{entry['date'][:4]}", []).append(entry)
            groups.setdefault(f"types/{entry['type']}", []).append(entry)
            for place in entry["places"]:
                groups.setdefault(f"places/{place['id']}", []).append(entry)
            for table in ("people", "organisations"):
                for entity_id in entry[table]:
                    groups.setdefault(f"{table}/{entity_id}", []).append(entry)
        for path, members in sorted(groups.items()):
            write(f"{lang}/{path}", lang=lang, path=f"{path}/", title=path, description="", entries=members)
        for table in ("places", "people", "organisations"):
            index = [{"id": key, "date": "", "title": _pick(record["name"], lang), "type": "", "type_label": "",
                      "places": [], "excerpt": "", "html": "", "sources": []}
                     for key, record in (dataset.get(table) or {}).items()]
            write(f"{lang}/{table}", lang=lang, path=f"{table}/", title=table, description="", entries=index)
        write(f"{lang}/sources", lang=lang, path="sources/", title="Sources", description="", entries=entries)
    return written

