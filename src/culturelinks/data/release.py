"""The dataset's release: its version, its date and its editors, kept in one place, ``CITATION.cff``.

The Citation File Format file at the repository's root is what GitHub, Zenodo and reference managers read to
cite the repository; the build reads the same file, so the Open data page, every "Cite this event", the
citation files, the Data Package and the Turtle all say the version, the date and the editors it says, and a
release is one edit of one file (and a git tag ``v{version}``, which the Changes page reads).

Only what culturelinks uses is read here; the file's validity as a whole is the CFF schema's business
(tests/site/test_release.py validates it). A problem is reported as the data's are: file, line, column, the
field, and what would be right.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import DataError, Problem

#: The setting naming the file, relative to the folder holding pelicanconf.py, and its default.
SETTING = "CULTURELINKS_RELEASE"
DEFAULT_FILE = "CITATION.cff"
#: A version as release tags are named (``v1.0.0``): semantic versioning's numbers.
VERSION = re.compile(r"\d+\.\d+\.\d+")
#: The licences culturelinks knows the address of (SPDX ids, as CFF writes them).
LICENCE_URLS = {"CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
                "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
                "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
                "ODbL-1.0": "https://opendatacommons.org/licenses/odbl/1-0/",
                "MIT": "https://opensource.org/license/mit"}


@dataclass(frozen=True)
class Editor:
    """One of the dataset's editors, as CFF names them: a person (``family``, ``given``) or a body (``name``)."""

    family: str | None = None
    given: str | None = None
    name: str | None = None

    @property
    def is_person(self) -> bool:
        return self.family is not None

    @property
    def display(self) -> str:
        """The name as prose writes it: "Leyla Məmmədova", or the body's name."""
        if self.family is None:
            return self.name or ""
        return f"{self.given} {self.family}" if self.given else self.family

    @property
    def inverted(self) -> str:
        """The name as bibliographies sort it: "Məmmədova, Leyla", or the body's name."""
        if self.family is None:
            return self.name or ""
        return f"{self.family}, {self.given}" if self.given else self.family


@dataclass(frozen=True)
class Release:
    """The dataset's release as CITATION.cff states it."""

    version: str
    date: dt.date
    editors: tuple[Editor, ...]
    #: The dataset's licence, an SPDX id, and its address.
    licence: str
    licence_url: str
    #: The repository the site is made from, when the file says (``repository-code``).
    repository: str | None = None

    @property
    def tag(self) -> str:
        """The git tag that marks this release."""
        return f"v{self.version}"


def release_path(settings_file: Path, setting: object = None) -> Path:
    """Where the release file is: the setting's path (relative to the settings file's folder), or CITATION.cff."""
    path = Path(str(setting or DEFAULT_FILE))
    return path if path.is_absolute() else settings_file.resolve().parent / path


def read_release(path: Path, shown: str | None = None) -> Release:
    """The release ``path`` states; a DataError naming every problem (``shown`` is the name problems use)."""
    name = shown or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError([Problem(name, 0, 0, "", "not found: the dataset's version, release date and editors are "
                                 "kept there", "write a CITATION.cff (https://citation-file-format.github.io) with "
                                 "version, date-released, authors and license")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError([Problem(name, 0, 0, "", f"cannot be read: {exc}", "save it as UTF-8 text")]) from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataError([Problem(name, mark.line + 1 if mark else 0, mark.column + 1 if mark else 0, "",
                                 f"is not valid YAML: {getattr(exc, 'problem', exc)}", "")]) from None
    return _Reader(name).release(root)


class _Reader:
    def __init__(self, name: str):
        self.name = name
        self.problems: list[Problem] = []

    def problem(self, node: yaml.Node | None, path: str, message: str, hint: str) -> None:
        line, column = (node.start_mark.line + 1, node.start_mark.column + 1) if node is not None else (0, 0)
        self.problems.append(Problem(self.name, line, column, path, message, hint))

    def release(self, root: yaml.Node | None) -> Release:
        if not isinstance(root, yaml.MappingNode):
            self.problem(root, "", "must be a mapping of CFF keys", "start with 'cff-version: 1.2.0'")
            raise DataError(self.problems)
        fields = {key.value: value for key, value in root.value if isinstance(key, yaml.ScalarNode)}
        version = self.text(fields, root, "version", "the dataset's version, as its tag names it: \"1.0.0\"")
        if version is not None and not VERSION.fullmatch(version):
            self.problem(fields["version"], "version", f"{version!r} is not a version like 1.0.0",
                         "write three numbers, major.minor.patch: \"1.0.0\"")
        day = self.date(fields, root)
        editors = self.editors(fields.get("authors"), root)
        licence = self.text(fields, root, "license", "the dataset's licence, an SPDX id: CC-BY-4.0")
        if licence is not None and licence not in LICENCE_URLS:
            self.problem(fields["license"], "license", f"{licence!r} is not a licence culturelinks knows",
                         "one of " + ", ".join(sorted(LICENCE_URLS)))
        repository = fields.get("repository-code")
        if self.problems:
            raise DataError(self.problems)
        assert version is not None and day is not None and licence is not None
        return Release(version, day, editors, licence, LICENCE_URLS[licence],
                       repository.value if isinstance(repository, yaml.ScalarNode) else None)

    def text(self, fields: dict[str, yaml.Node], root: yaml.Node, key: str, what: str) -> str | None:
        node = fields.get(key)
        if node is None:
            self.problem(root, key, "is missing", f"add {key}: {what}")
            return None
        if not isinstance(node, yaml.ScalarNode) or not node.value.strip():
            self.problem(node, key, "must be a text", f"write {what}")
            return None
        return node.value.strip()

    def date(self, fields: dict[str, yaml.Node], root: yaml.Node) -> dt.date | None:
        written = self.text(fields, root, "date-released", "the release's day, quoted: \"2026-12-06\"")
        if written is None:
            return None
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", written):
                return dt.date.fromisoformat(written)
        except ValueError:
            pass
        self.problem(fields["date-released"], "date-released", f"{written!r} is not a day",
                     "write it quoted, YYYY-MM-DD: \"2026-12-06\"")
        return None

    def editors(self, node: yaml.Node | None, root: yaml.Node) -> tuple[Editor, ...]:
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            self.problem(node or root, "authors", "must list the dataset's editors",
                         "add authors: a list of people (family-names, given-names) or bodies (name)")
            return ()
        found = []
        for number, item in enumerate(node.value):
            path = f"authors[{number}]"
            fields = {key.value: value for key, value in item.value if isinstance(key, yaml.ScalarNode)} \
                if isinstance(item, yaml.MappingNode) else {}
            values = {key: value.value.strip() for key, value in fields.items()
                      if isinstance(value, yaml.ScalarNode) and value.value.strip()}
            if "family-names" in values:
                found.append(Editor(family=values["family-names"], given=values.get("given-names")))
            elif "name" in values:
                found.append(Editor(name=values["name"]))
            else:
                self.problem(item, path, "names no one", "give family-names (and given-names) for a person, "
                             "name for a body")
        return tuple(found)
