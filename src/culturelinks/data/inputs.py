"""What a build reads besides the data, checked as the data is: where things are (``pelicanconf.py``'s paths),
the Markdown pages' metadata, and links out of the project.

``check`` and ``build`` both ask ``problems``; a problem here is reported like one in the data (file, line,
column, what would be right), and a build with one publishes nothing. Nothing here imports Pelican: the
settings file is run as Python, as Pelican runs it, and only the paths are taken from it.
"""

from __future__ import annotations

import os
import re
import runpy
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError, Problem
from ..languages import DEFAULT, Language, Languages
from . import release
from .schema import SLUG
from .validate import prose_findings

SETTINGS_FILE = Path("pelicanconf.py")
DEFAULT_DATA = "data/events.yaml"

#: A Markdown page's metadata line (``Title: About``), as Python-Markdown's meta extension reads it.
_META = re.compile(r"^([A-Za-z0-9_-]+):[ \t]*(.*)$")
_SLUG = re.compile(SLUG.pattern or "")
#: Metadata that would let a page choose where it is written or how: culturelinks decides (site.routes).
_DECIDED = {"save_as": "where it is written", "url": "its address", "lang_save_as": "where it is written",
            "lang_url": "its address", "override_url": "its address", "override_save_as": "where it is written"}


@dataclass(frozen=True)
class Project:
    """Where a project's inputs are: ``root`` holds ``pelicanconf.py``; the others are what it says (or
    culturelinks' defaults), relative to the folder Pelican runs in."""

    root: Path
    data: Path
    content: Path
    page_folders: tuple[Path, ...]
    theme: Path
    languages: Languages = DEFAULT
    #: The release file (data.release): the dataset's version, date, editors and licence.
    release: Path = Path(release.DEFAULT_FILE)

    @classmethod
    def read(cls, settings_file: Path = SETTINGS_FILE, data: Path | None = None) -> Project:
        """The project ``settings_file`` describes; ``data`` overrides its CULTURELINKS_DATA. A missing or
        broken settings file gives the defaults (the build reports what is wrong with it); ValueError when its
        CULTURELINKS_LANGUAGES is not a table of languages."""
        values: dict[str, object] = {}
        if settings_file.is_file():
            try:
                values = runpy.run_path(str(settings_file))
            except Exception:  # noqa: BLE001 - pelicanconf.py can raise anything; the build reports it
                values = {}
        return cls.of_settings(values, settings_file, data)

    @classmethod
    def of_settings(cls, values: dict[str, object], settings_file: Path = SETTINGS_FILE,
                    data: Path | None = None) -> Project:
        """The project of settings ``values`` (Pelican's, or the settings file's own); ValueError when their
        CULTURELINKS_LANGUAGES is not a table of languages."""
        content = Path(str(values.get("PATH", "content")))
        pages = values.get("PAGE_PATHS", ["pages"])
        folders = tuple(content / str(folder) for folder in pages) if isinstance(pages, (list, tuple)) else ()
        return cls(settings_file.resolve().parent, data or Path(str(values.get("CULTURELINKS_DATA", DEFAULT_DATA))),
                   content, folders, Path(str(values.get("THEME", "."))),
                   Languages.of(values.get("CULTURELINKS_LANGUAGES")),  # type: ignore[arg-type]
                   release.release_path(settings_file, values.get(release.SETTING)))

    @property
    def templates(self) -> Path:
        return self.theme / "templates"

    @property
    def static(self) -> Path:
        return self.theme / "static"

    def markdown_pages(self) -> list[Path]:
        """The Markdown pages, in a fixed order."""
        return sorted({path for folder in self.page_folders if folder.is_dir() for path in folder.rglob("*.md")})


def problems(project: Project) -> list[Problem]:
    """Every problem of the project's inputs besides the data: links out of the project, pages' metadata."""
    found = links_out(project)
    try:
        release.read_release(project.release, _shown(project.release))
    except DataError as exc:
        found += exc.problems
    refused = {problem.file for problem in found}
    seen: dict[tuple[str, str], str] = {}
    for page in project.markdown_pages():
        if _shown(page) not in refused:
            found += page_problems(page, seen, project.languages)
    return found


def links_out(project: Project) -> list[Problem]:
    """A symbolic link among the inputs that resolves outside the project: a pull request could otherwise
    publish a file of the machine that builds it (the CI runner's secrets, say)."""
    found = []
    roots = [project.data, project.content, project.templates, project.static]
    for link in sorted({link for root in roots for link in _links_under(root)}):
        target = Path(os.path.realpath(link))
        if not target.is_relative_to(project.root):
            found.append(Problem(_shown(link), 0, 0, "", f"a symbolic link to {os.readlink(link)}, which is outside "
                                 "the project: refused", "copy what it should show into the project instead"))
    return found


def _links_under(root: Path) -> Iterator[Path]:
    if root.is_symlink():
        yield root
        return
    if not root.is_dir():
        return
    for folder, folders, files in os.walk(root):
        for name in folders + files:
            if os.path.islink(os.path.join(folder, name)):
                yield Path(folder) / name


def _shown(path: Path) -> str:
    """A path as messages write it: relative to where the command runs, when it is inside."""
    absolute = Path(os.path.abspath(path))
    return os.path.relpath(absolute) if absolute.is_relative_to(Path.cwd()) else str(absolute)


#: What a Markdown page's prose check leaves out: HTML tags (their attributes' quotes are not prose).
_TAG = re.compile(r"<[^>]*>")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def house_style(name: str, lines: list[str], body: int, meta: dict[str, tuple[str, int, int]],
                language: Language) -> list[Problem]:
    """The house style of a Markdown page's title, summary and text (data.validate.prose_findings), outside its
    code blocks and HTML tags, at each finding's line and column."""
    texts = [(meta[key][1], meta[key][2] - 1, meta[key][0]) for key in ("title", "summary") if key in meta]
    fenced = False
    for number, text_line in enumerate(lines[body:], start=body + 1):
        if _FENCE.match(text_line):
            fenced = not fenced
        elif not fenced and text_line.strip():  # its indentation and a line break's trailing spaces are Markdown's
            content = text_line.strip(" ")
            start = len(text_line) - len(text_line.lstrip(" "))
            texts.append((number, start, _TAG.sub(lambda match: "\0" * len(match.group()), content)))
    return [Problem(name, number, start + index + 1, "", message, hint)
            for number, start, text in texts for index, message, hint in prose_findings(text, language)]


def page_problems(page: Path, seen: dict[tuple[str, str], str], languages: Languages = DEFAULT) -> list[Problem]:
    """The problems of one Markdown page's metadata; ``seen`` records each (lang, slug) and where, across pages."""
    name = _shown(page)
    try:
        text = page.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [Problem(name, 1, 1, "", f"cannot read the page: {exc}", "save it as UTF-8")]
    meta: dict[str, tuple[str, int, int]] = {}
    lines = text.splitlines()
    body = len(lines)
    for number, text_line in enumerate(lines, start=1):
        if not text_line.strip():
            body = number
            break
        match = _META.match(text_line)
        if match:
            meta[match.group(1).lower()] = (match.group(2).strip(), number, match.start(2) + 1)
    found: list[Problem] = []
    lang = meta.get("lang", ("", 0, 0))[0]
    if lang in languages:
        found += house_style(name, lines, body, meta, languages[lang])
    first_line = len(meta) + 1 if meta else 1
    for required in ("title", "lang", "slug"):
        if required not in meta or not meta[required][0]:
            found.append(Problem(name, first_line, 1, required, f"missing {required}",
                                 "a page starts with Title:, Lang: and Slug: lines (see content/pages/about.en.md)"))
    value, line, column = meta.get("lang", ("", 0, 0))
    if value and value not in languages:
        found.append(Problem(name, line, column, "lang", f"expected one of {', '.join(languages.codes)}, "
                             f"found {value!r}"))
    value, line, column = meta.get("slug", ("", 0, 0))
    if value and not _SLUG.fullmatch(value):
        found.append(Problem(name, line, column, "slug", f"expected a lowercase ASCII slug, found {value!r}",
                             "letters a-z, digits and single hyphens, as in 'about'"))
    elif value and meta.get("lang", ("", 0, 0))[0] in languages:
        page_key = (meta["lang"][0], value)
        if page_key in seen:
            found.append(Problem(name, line, column, "slug", f"another {page_key[0]} page has the slug {value!r} "
                                 f"({seen[page_key]})", "each page of a language needs its own slug"))
        seen.setdefault(page_key, name)
    value, line, column = meta.get("template", ("", 0, 0))
    if value and value != "page":
        found.append(Problem(name, line, column, "template", f"a page cannot choose its template, found {value!r}",
                             "remove this line: every Markdown page is shown with templates/page.html"))
    for decided, what in _DECIDED.items():
        if decided in meta:
            _, line, _ = meta[decided]
            found.append(Problem(name, line, 1, decided, f"a page cannot choose {what}",
                                 "remove this line: a page lives at /{lang}/{slug}/"))
    return found
