"""The dataset's releases, from its git history: what each one added, removed and corrected (the Changes page).

A release is a commit tagged ``v<major>.<minor>.<patch>`` (``v1.0.0``; CITATION.cff says its version and date,
data.release). The history reads the data file as committed at each release tag of the git repository that
holds it, compares each release with the one before (data.comparison, as ``culturelinks diff`` does) and the
data being built with the last release ("not yet released"). A build without that history — no git, the data
outside a repository, a shallow clone without its tags, no tag yet — gets a ``History`` that says why
(``missing``), never a failure; a release whose data does not validate is compared on what could be read, and
says so.

git is run with fixed argument lists (never a shell), options that keep it from running anything the
repository's configuration names or fetching anything, the environment's repository variables removed (the
repository is the one holding the data file) and a timeout.

Reading and validating a release's data is what costs (about 5 s at 10,000 events), and the comparison of two
commits never changes: each is kept in the build's cache folder (``history.json``, by the two commit ids, for
the code that compares them) and in the build's memory (serve's next build); so is the last release's data
(``last-release-<commit>-<code>.json``), which the working data is compared with.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import os
import re
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DataError
from ..languages import DEFAULT, Languages
from ..memory import Kept
from .comparison import Comparison, Side, compare, read_file, validated
from .release import read_release

#: A release tag: ``v`` and semantic versioning's three numbers, without leading zeros.
TAG = re.compile(r"v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")
#: The longest a git command may take (a huge repository on a slow disk), in seconds.
GIT_TIMEOUT = 60.0
#: git as the history runs it: no pager, no replacement objects, no file-system monitor or hook (programs the
#: repository's configuration could name), nothing fetched by a partial clone, no prompt, no lock taken.
GIT = ("git", "--no-pager", "--no-replace-objects", "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null",
       "-c", "core.untrackedCache=false")
GIT_ENVIRONMENT = {"GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "GIT_NO_LAZY_FETCH": "1", "LC_ALL": "C"}
#: Variables that would make git read another repository than the one holding the data file.
GIT_REPOSITORY_VARIABLES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY",
                            "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE", "GIT_CEILING_DIRECTORIES")
#: Why a build has no history (``History.missing``); the Changes page says each in its language.
NO_GIT, NO_REPOSITORY, SHALLOW, NO_TAGS, GIT_FAILED = "no-git", "no-repository", "shallow", "no-tags", "git-failed"
#: The for-each-ref fields of a tag: its name, what it points to, and for an annotated tag what that peels to.
_TAG_FORMAT = "%00".join(("%(refname)", "%(objecttype)", "%(objectname)", "%(committerdate:short)",
                          "%(*objecttype)", "%(*objectname)", "%(*committerdate:short)"))
#: What is cached is valid for this version of what makes it.
_CACHE_FORMAT = 1


class NoHistory(Exception):
    """The history cannot be read: ``reason`` (one of NO_GIT, …) and what exactly, for the build's log."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class ChangedEvent:
    """An event a release added, removed or corrected: its id, its title in each language as the data wrote it
    then, and for a correction the fields that changed (the schema's names, in its order)."""

    id: str
    titles: tuple[tuple[str, str], ...]
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReleaseChanges:
    """One release and what it changed since the one before; ``tag`` None for the data not yet released (since
    the last release, ``since``). ``first`` for the first release (everything in it is new: only counted)."""

    tag: str | None
    version: str | None
    #: The release's day: CITATION.cff's at the tag when it names that version, else the tagged commit's.
    date: dt.date | None
    commit: str
    events: int
    events_before: int
    added: tuple[ChangedEvent, ...]
    removed: tuple[ChangedEvent, ...]
    corrected: tuple[ChangedEvent, ...]
    first: bool = False
    #: The release's data could not be read at all (not YAML, or no data file at the tag).
    unreadable: bool = False
    #: Errors ``check`` finds in the release's data (it is compared on what could be read).
    errors: int = 0
    #: The release the changes are counted from (for the data not yet released).
    since: str | None = None

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.corrected)

    def to_json(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out["date"] = self.date.isoformat() if self.date else None
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ReleaseChanges:
        def events(items: Any) -> tuple[ChangedEvent, ...]:
            return tuple(ChangedEvent(str(item["id"]), tuple((str(lang), str(text)) for lang, text in item["titles"]),
                                      tuple(map(str, item["fields"]))) for item in items)

        return cls(None if data["tag"] is None else str(data["tag"]),
                   None if data["version"] is None else str(data["version"]),
                   dt.date.fromisoformat(data["date"]) if data["date"] else None, str(data["commit"]),
                   int(data["events"]), int(data["events_before"]), events(data["added"]), events(data["removed"]),
                   events(data["corrected"]), bool(data["first"]), bool(data["unreadable"]), int(data["errors"]),
                   None if data["since"] is None else str(data["since"]))


@dataclass(frozen=True)
class Tag:
    """A release tag: its name, its version's numbers, the commit it marks and that commit's day."""

    name: str
    version: tuple[int, int, int]
    commit: str
    day: dt.date | None


@dataclass(frozen=True)
class History:
    """The releases, newest first, and the data's changes since the last one (None when there are none); or,
    with ``missing`` (NO_GIT, …), why this build has no history (``detail`` says exactly, for the log)."""

    releases: tuple[ReleaseChanges, ...] = ()
    unreleased: ReleaseChanges | None = None
    missing: str | None = None
    detail: str = ""
    #: Compares other working data with the last release (serve's quick builds): ``with_working``.
    last: LastRelease | None = field(default=None, compare=False, repr=False)

    def with_working(self, data: dict[str, Any]) -> History:
        """The history with ``data`` (validated, without errors) as the data not yet released."""
        return self if self.last is None else dataclasses.replace(self, unreleased=self.last.unreleased(data))


# -- git ---------------------------------------------------------------------------------------------------------

def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    environment = {name: value for name, value in os.environ.items() if name not in GIT_REPOSITORY_VARIABLES}
    try:
        return subprocess.run([*GIT, "-C", str(folder), *args], stdin=subprocess.DEVNULL, capture_output=True,
                              env={**environment, **GIT_ENVIRONMENT}, timeout=GIT_TIMEOUT, check=False)
    except FileNotFoundError:
        raise NoHistory(NO_GIT, "git is not installed") from None
    except subprocess.TimeoutExpired:
        raise NoHistory(GIT_FAILED, f"git {args[0]} took longer than {GIT_TIMEOUT:.0f} s") from None
    except OSError as exc:
        raise NoHistory(GIT_FAILED, f"git could not run: {exc}") from None


def _output(folder: Path, *args: str) -> str:
    done = _git(folder, *args)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise NoHistory(GIT_FAILED, f"git {args[0]} failed: {message[-1] if message else done.returncode}")
    return done.stdout.decode("utf-8", "replace")


@dataclass(frozen=True)
class Repository:
    """The git repository holding the data file: its top folder, whether it is a shallow clone, and where the
    data file and the release file are in it (the release file None when it is elsewhere)."""

    top: Path
    shallow: bool
    data: str
    release: str | None

    @classmethod
    def holding(cls, data_path: Path, release_path: Path | None = None) -> Repository:
        folder = data_path.resolve().parent
        done = _git(folder, "rev-parse", "--is-shallow-repository", "--show-toplevel")
        lines = done.stdout.decode("utf-8", "replace").splitlines()
        if done.returncode != 0 or len(lines) != 2:
            if b"safe.directory" in done.stderr:  # another user's repository: git will not read it
                raise NoHistory(GIT_FAILED, "git refuses the repository, which another user owns (safe.directory)")
            raise NoHistory(NO_REPOSITORY, "the data file is not in a git repository")
        top = Path(lines[1]).resolve()

        def inside(path: Path | None) -> str | None:
            if path is None:
                return None
            try:
                return path.resolve().relative_to(top).as_posix()
            except ValueError:
                return None

        data = inside(data_path)
        if data is None:
            raise NoHistory(NO_REPOSITORY, "the data file is not in a git repository")
        return cls(top, lines[0] == "true", data, inside(release_path))

    def tags(self) -> list[Tag]:
        """The release tags that mark commits, oldest version first."""
        found = []
        for line in _output(self.top, "for-each-ref", f"--format={_TAG_FORMAT}", "refs/tags/v*").splitlines():
            name, kind, commit, day, peeled_kind, peeled, peeled_day = (line.split("\0") + [""] * 7)[:7]
            name = name.removeprefix("refs/tags/")
            match = TAG.fullmatch(name)
            if match is None:
                continue
            if kind == "tag":
                kind, commit, day = peeled_kind, peeled, peeled_day
            if kind != "commit":
                continue
            found.append(Tag(name, (int(match[1]), int(match[2]), int(match[3])), commit, _day(day)))
        return sorted(found, key=lambda tag: (tag.version, tag.name))

    def blob(self, commit: str, path: str) -> bytes | None:
        """The file ``path`` as committed at ``commit``; None when it is not there (or cannot be read)."""
        done = _git(self.top, "cat-file", "blob", f"{commit}:{path}")
        return done.stdout if done.returncode == 0 else None

    def blob_id(self, commit: str, path: str) -> str | None:
        done = _git(self.top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{commit}:{path}")
        return done.stdout.decode().strip() if done.returncode == 0 else None

    def file_id(self, path: Path) -> str | None:
        """The id git would give the file's bytes as they are (``hash-object``, no filters)."""
        done = _git(self.top, "hash-object", "--no-filters", "--", str(path.resolve()))
        return done.stdout.decode().strip() if done.returncode == 0 else None


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def refs_key(data_path: Path, release_path: Path | None = None) -> str:
    """What the history of a build depends on besides the data file itself, in a few milliseconds: the release
    tags and the commits they mark (or why there are none). A new or moved tag changes it, so ``build`` does not
    take its site for up to date."""
    try:
        repository = Repository.holding(data_path, release_path)
        tags = repository.tags()
    except NoHistory as exc:
        return f"none: {exc.reason}"
    lines = [f"{tag.name} {tag.commit}" for tag in tags]
    return "\n".join([f"{repository.data} {repository.release} shallow={repository.shallow}", *lines])


# -- the releases ---------------------------------------------------------------------------------------------------

@functools.cache
def _code_version() -> str:
    """What a kept comparison depends on besides the two commits: the code that reads, checks and compares data."""
    digest = hashlib.sha256(str(_CACHE_FORMAT).encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _titles(event: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    texts = event.get("title")
    return tuple((lang, text) for lang, text in texts.items() if isinstance(text, str) and text) \
        if isinstance(texts, dict) else ()


def _fields(labels: list[str]) -> tuple[str, ...]:
    """The fields of diff's labels ("title (ru)", "summary (en, added)", "date"), each once."""
    return tuple(dict.fromkeys(label.split(" (", 1)[0] for label in labels))


def changes_of(comparison: Comparison, tag: str | None, version: str | None, day: dt.date | None, commit: str,
               first: bool = False, since: str | None = None) -> ReleaseChanges:
    """A release's changes as the Changes page shows them, from ``comparison`` (the release before → this one)."""
    base, head = comparison.base, comparison.head
    events = comparison.events
    return ReleaseChanges(
        tag, version, day, commit, len(head.events), len(base.events),
        () if first else tuple(ChangedEvent(key, _titles(head.events[key])) for key in events.added),
        tuple(ChangedEvent(key, _titles(base.events[key])) for key in events.removed),
        tuple(ChangedEvent(key, _titles(head.events[key]), _fields(labels)) for key, labels in events.changed),
        first, head.data is None or head.absent, head.errors, since)


class Releases:
    """Reads the releases of one repository, with what earlier builds kept: in ``memory`` (serve) and in the
    ``cache`` folder (every build of the same output)."""

    def __init__(self, repository: Repository, languages: Languages, cache: Path | None, memory: Kept | None):
        self.repository = repository
        self.languages = languages
        self.cache = cache
        self.memory = memory if memory is not None else Kept()
        self.kept = self._read_cache()
        self.used: dict[str, Any] = {}

    def _read_cache(self) -> dict[str, Any]:
        if self.cache is None:
            return {}
        try:
            data = json.loads((self.cache / "history.json").read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        valid = isinstance(data, dict) and data.get("version") == self._version() \
            and isinstance(data.get("releases"), dict)
        return data["releases"] if valid else {}

    def _version(self) -> str:
        return f"{_code_version()} {' '.join(self.languages.codes)}"

    def write_cache(self) -> None:
        """Keep the comparisons this build used (only those: the file never grows stale), when they changed."""
        if self.cache is None or self.used == self.kept:
            return
        try:
            self.cache.mkdir(parents=True, exist_ok=True)
            partial = self.cache / "history.json.partial"
            partial.write_text(json.dumps({"version": self._version(), "releases": self.used}, ensure_ascii=False,
                                          sort_keys=True), "utf-8")
            os.replace(partial, self.cache / "history.json")
        except OSError:
            pass  # a read-only cache only makes the next build read the releases again

    def side(self, tag: Tag) -> Side:
        """The data as committed at ``tag``, as ``culturelinks diff`` reads a side."""
        kept = self.memory.get(("side", tag.commit, self.repository.data), self.languages)
        if kept is not None:
            return kept
        text = self.repository.blob(tag.commit, self.repository.data)
        if text is None:
            side = Side(tag.name, {}, [], absent=True)
        else:
            with tempfile.TemporaryDirectory(prefix="culturelinks-history-") as folder:
                copy = Path(folder) / "events.yaml"
                copy.write_bytes(text)
                side = read_file(copy, tag.name, f"{self.repository.data} at {tag.name}", self.languages)
        return self.memory.put(("side", tag.commit, self.repository.data), self.languages, side)

    def day(self, tag: Tag) -> dt.date | None:
        """CITATION.cff's release day at ``tag`` when it names the tag's version; else the tagged commit's day."""
        path = self.repository.release
        text = self.repository.blob(tag.commit, path) if path else None
        if text is not None:
            with tempfile.TemporaryDirectory(prefix="culturelinks-history-") as folder:
                copy = Path(folder) / "CITATION.cff"
                copy.write_bytes(text)
                try:
                    stated = read_release(copy, f"{path} at {tag.name}")
                except DataError:
                    stated = None
            if stated is not None and stated.tag == tag.name:
                return stated.date
        return tag.day

    def changes(self, before: Tag | None, tag: Tag) -> ReleaseChanges:
        key = f"{before.commit if before else '-'}..{tag.commit} {tag.name}"
        made_of = (self.languages, self.repository.data, self.repository.release)
        found = self.memory.get(("changes", key), made_of)
        if found is None and key in self.kept:
            try:
                found = ReleaseChanges.from_json(self.kept[key])
            except (KeyError, TypeError, ValueError, AttributeError):
                found = None
        if found is None:
            base = self.side(before) if before else Side("", {}, [], absent=True)
            found = changes_of(compare(base, self.side(tag), self.languages), tag.name,
                               ".".join(map(str, tag.version)), self.day(tag), tag.commit, first=before is None)
        self.memory.put(("changes", key), made_of, found)
        self.used[key] = found.to_json()
        return found


class LastRelease:
    """The last release, for comparing working data with it; its data is read only when needed (from memory, the
    cache's ``last-release.json``, or git)."""

    def __init__(self, releases: Releases, tag: Tag):
        self.releases = releases
        self.tag = tag

    @functools.cached_property
    def side(self) -> Side:
        releases, tag = self.releases, self.tag
        key = ("side", tag.commit, releases.repository.data)
        version = releases._version()
        name = f"last-release-{tag.commit}-{hashlib.sha256(version.encode()).hexdigest()[:16]}.json"
        path = releases.cache / name if releases.cache else None
        side = releases.memory.get(key, releases.languages)
        if side is None and path is not None and path.exists():
            try:
                data = json.loads(path.read_text("utf-8"))
                if data.get("version") == version and isinstance(data.get("data"), dict):
                    side = releases.memory.put(key, releases.languages, Side(tag.name, data["data"], []))
            except (OSError, ValueError, AttributeError):
                pass
            if side is None:
                path.unlink(missing_ok=True)  # damaged: written again below
        if side is None:
            side = releases.side(tag)
        if path is not None and not path.exists() and side.data is not None:
            try:
                for old in releases.cache.glob("last-release-*.json"):  # type: ignore[union-attr]
                    old.unlink()
                partial = path.with_suffix(".partial")
                partial.write_text(json.dumps({"version": version, "data": side.data},
                                              ensure_ascii=False), "utf-8")
                os.replace(partial, path)
            except (OSError, TypeError, ValueError):
                pass
        return side

    def unreleased(self, data: dict[str, Any]) -> ReleaseChanges | None:
        """What ``data`` changed since the last release; None when its events are the same."""
        comparison = compare(self.side, validated("", data), self.releases.languages)
        found = changes_of(comparison, None, None, None, "", since=".".join(map(str, self.tag.version)))
        return None if found.empty else found


def read_history(data_path: Path, data: dict[str, Any], release_path: Path | None = None,
                 languages: Languages = DEFAULT, cache: Path | None = None, memory: Kept | None = None) -> History:
    """The releases of the data at ``data_path`` (validated as ``data``), newest first, with the changes not yet
    released; a History that says why when there is none."""
    try:
        repository = Repository.holding(data_path, release_path)
        tags = repository.tags()
        if not tags:
            raise NoHistory(SHALLOW if repository.shallow else NO_TAGS,
                            "the repository is a shallow clone without its release tags" if repository.shallow
                            else "no release is tagged (v1.0.0, …)")
        releases = Releases(repository, languages, cache, memory)
        made = [releases.changes(before, tag) for before, tag in zip([None, *tags], tags, strict=False)]
        releases.write_cache()
        last = LastRelease(releases, tags[-1])
        same = repository.blob_id(tags[-1].commit, repository.data) == repository.file_id(data_path)
        unreleased = None if same else last.unreleased(data)
    except NoHistory as exc:
        return History(missing=exc.reason, detail=exc.detail)
    return History(tuple(reversed(made)), unreleased, last=last)
