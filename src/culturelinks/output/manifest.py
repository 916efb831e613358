"""Incremental bookkeeping: what the last build published, so the next one redoes only what changed.

The manifest records every file of the published site: its SHA-256, size and modification time,
and for a page the fingerprint of everything it was rendered from. It is kept in the cache beside
the output, named by the build it describes; the site's marker file names the same build. A
manifest that does not describe the site as it is (another build, a file edited or deleted by
hand, a damaged file) is simply not trusted for that file, or at all: that costs time, never
correctness.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from json.encoder import encode_basestring_ascii as _quoted
from pathlib import Path

from ..collector import paused_gc

CODE_FOLDER = Path(__file__).parent.parent

#: Settings that differ from build to build without changing any page.
VOLATILE_SETTINGS = frozenset({"OUTPUT_PATH", "CULTURELINKS_WORKERS"})


@dataclass(frozen=True, slots=True)
class FileRecord:
    """One published file as the last build left it; ``fingerprint`` is set for rendered pages."""

    sha256: str
    size: int
    mtime_ns: int
    fingerprint: str | None = None

    def matches(self, path: str | Path) -> bool:
        """Whether the file at ``path`` is still the one recorded (same size and modification time)."""
        try:
            stat = os.stat(path)
        except OSError:
            return False
        return stat.st_size == self.size and stat.st_mtime_ns == self.mtime_ns


def _record_json(name: str, record: FileRecord) -> str:
    """``"name": {record}`` as ``json.dumps(..., sort_keys=True)`` writes it: the fields in the order of their names."""
    fingerprint = "null" if record.fingerprint is None else _quoted(record.fingerprint)
    return f'{_quoted(name)}: {{"fingerprint": {fingerprint}, "mtime_ns": {int(record.mtime_ns)}, ' \
           f'"sha256": {_quoted(record.sha256)}, "size": {int(record.size)}}}'


@dataclass(frozen=True)
class Inputs:
    """What a build read: the key of its settings and release tags (``settings_key``, with the tags:
    build.ProjectSettings.inputs_key), the files and folders it read besides
    culturelinks' code (``sources``: the data, the settings file, the content, the theme, the UI catalogs),
    and the digest of them all (``inputs_digest``). Another build with the same settings key reads the
    same sources, so that digest, made again, says whether anything changed, without Pelican."""

    digest: str
    settings: str = ""
    sources: tuple[str, ...] = ()

    @classmethod
    def of(cls, settings: str, sources: Iterable[str]) -> Inputs:
        sources = tuple(sources)
        return cls(inputs_digest(settings, sources), settings, sources)

    def unchanged(self, settings: str | None) -> bool:
        """Whether a build whose settings have the key ``settings`` would read the same as this one."""
        return bool(self.digest) and settings == self.settings and inputs_digest(settings, self.sources) == self.digest


#: The inputs of a site whose search index is not yet made from its pages: no build is up to date with it.
UNKNOWN_INPUTS = Inputs("")


@dataclass(frozen=True)
class Manifest:
    """Every file of one build of the site, the inputs it was built from, and for each language the digest of
    the list of pages its search index was made from (``searched_digests``)."""

    inputs: Inputs
    files: Mapping[str, FileRecord]
    searched: Mapping[str, str] = field(default_factory=dict)

    @functools.cached_property
    def build_id(self) -> str:
        """Names the build by its content alone (paths and bytes), so identical builds have one id (made once: it
        digests every record of tens of thousands)."""
        digest = hashlib.sha256()
        for name in sorted(self.files):
            digest.update(f"{name}\0{self.files[name].sha256}\n".encode())
        return digest.hexdigest()[:32]

    def to_json(self) -> str:
        """The manifest as JSON, every object's keys in order: the text ``json.dumps(..., sort_keys=True)`` writes,
        each record formatted in one step (``_record_json``) rather than made a dict first (0.6 s of 170,000 records
        at 10,000 events, 0.3 s now), with the collector paused: nothing made here is garbage until it is written."""
        with paused_gc():
            records = ", ".join([_record_json(name, record) for name, record in sorted(self.files.items())])
            rest = json.dumps({"inputs": {"digest": self.inputs.digest, "settings": self.inputs.settings,
                                          "sources": list(self.inputs.sources)},
                               "searched": dict(sorted(self.searched.items()))})
        return f'{{"files": {{{records}}}, {rest[1:]}'

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        with paused_gc():  # hundreds of thousands of objects, none garbage: the collector would scan them in vain
            return cls._from_data(json.loads(text))

    @classmethod
    def _from_data(cls, data: dict) -> Manifest:
        inputs = data["inputs"]  # a bare digest in manifests older than the sources: trusted for no build
        inputs = Inputs(str(inputs["digest"]), str(inputs["settings"]), tuple(map(str, inputs["sources"]))) \
            if isinstance(inputs, dict) else UNKNOWN_INPUTS
        return cls(inputs, {str(name): FileRecord(**record) for name, record in data["files"].items()},
                   {str(lang): str(digest) for lang, digest in data.get("searched", {}).items()})

    def record_in(self, site: Path, name: str) -> FileRecord | None:
        """The record of ``name``, when ``site`` still has that file as recorded."""
        record = self.files.get(name)
        return record if record is not None and record.matches(os.path.join(str(site), name)) else None

    def describes(self, site: Path) -> bool:
        """Whether every recorded file is in ``site`` as recorded (none deleted or edited since): what a build
        with nothing to do spends most of its time on, so without a Path for each file."""
        folder = str(site)
        return all(record.matches(os.path.join(folder, name)) for name, record in self.files.items())


def searched_digests(searched: Iterable[tuple[str, str]]) -> dict[str, str]:
    """For each language, a digest of the names of the pages its search index is made from, in order. Two
    builds whose pages of a language have the same digest and fingerprints fed Pagefind the same."""
    digests: dict[str, hashlib._Hash] = {}
    for lang, name in searched:
        digests.setdefault(lang, hashlib.sha256()).update(name.encode() + b"\0")
    return {lang: digest.hexdigest() for lang, digest in digests.items()}


def manifest_path(cache: Path, build_id: str) -> Path:
    return cache / f"manifest-{build_id}.json"


#: The manifests this process has read, by path, with the identity of the file read (device, inode, size,
#: modification time): a build reads the live site's several times (is it up to date, is the folder ours, what
#: can be linked), seconds each at 10,000 events. A manifest file is written whole under a new name, never changed.
_READ: dict[Path, tuple[tuple[int, int, int, int], Manifest]] = {}


def read_manifest(cache: Path, build_id: str | None) -> Manifest | None:
    """The manifest of build ``build_id``, or None when there is none or it is damaged."""
    if not build_id:
        return None
    path = manifest_path(cache, build_id)
    try:
        stat = os.stat(path)
        identity = (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)
        if path in _READ and _READ[path][0] == identity:
            return _READ[path][1]
        manifest = Manifest.from_json(path.read_text("utf-8"))
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    if manifest.build_id != build_id:
        return None
    while len(_READ) >= 2:  # the live site's and the new one's are all a build asks for again
        del _READ[next(iter(_READ))]
    _READ[path] = (identity, manifest)
    return manifest


def read_manifests(cache: Path) -> list[Manifest]:
    """Every manifest the cache holds (the live site's, and the new one's while it is swapped in)."""
    found = []
    for path in sorted(cache.glob("manifest-*.json")):
        manifest = read_manifest(cache, path.stem.removeprefix("manifest-"))
        if manifest is not None:
            found.append(manifest)
    return found


def write_manifest(cache: Path, manifest: Manifest) -> None:
    """Keep ``manifest`` (atomically: a reader sees the whole file or none); the others stay until the site it
    describes is in place (``prune_manifests``)."""
    cache.mkdir(parents=True, exist_ok=True)
    target = manifest_path(cache, manifest.build_id)
    partial = target.with_suffix(".partial")
    partial.write_text(manifest.to_json(), "utf-8")
    os.replace(partial, target)


def prune_manifests(cache: Path, build_id: str) -> None:
    """Drop the manifests of the builds before ``build_id``, now live."""
    for old in cache.glob("manifest-*.json"):
        if old != manifest_path(cache, build_id):
            old.unlink(missing_ok=True)


@functools.cache
def _summaries_version() -> str:
    """What a rendered summary depends on besides its text: the renderer and its libraries."""
    import markdown_it
    import nh3

    code = (CODE_FOLDER / "text" / "markup.py").read_bytes()
    return sha256_of(code + f"{markdown_it.__version__} {getattr(nh3, '__version__', '')}".encode())


def summary_key(version: str, text: str) -> str:
    """What a kept rendering is filed under: the digest of the renderer's version and of the Markdown text, so
    a rendering is never taken for another text or from another renderer."""
    return sha256_of(f"{version}\0{text}".encode())


def summary_keys() -> Callable[[str], str]:
    """``summary_key`` with this renderer's version: the key ``markup.Summaries`` files kept renderings under."""
    version = _summaries_version()
    return lambda text: summary_key(version, text)


def _unsafe(rendered: Mapping[str, str]) -> set[str]:
    """The keys of the renderings the sanitizer would change."""
    from ..text import markup

    return {key for key, html in rendered.items() if markup.sanitize(html) != html}


def _read_summaries_file(cache: Path) -> bytes:
    try:
        return (cache / "summaries.json").read_bytes()
    except OSError:
        return b""


def _cached_summaries(content: bytes, version: str) -> dict[str, str]:
    """The renderings a summaries file holds, unchecked: none when it is not one of this renderer's."""
    try:
        data = json.loads(content)
    except ValueError:
        return {}
    if not isinstance(data, dict) or data.get("version") != version or not isinstance(data.get("rendered"), dict):
        return {}
    return {str(key): html for key, html in data["rendered"].items() if isinstance(html, str)}


class KnownSummaries(Mapping[str, str]):
    """The summaries the last build rendered (Markdown → HTML) by ``summary_key``, when the renderer has not changed
    since. The cache is not trusted: a rendering the sanitizer would change (one edited by hand, or by an untrusted
    build that shared the cache) is dropped, and its text rendered again. That check (0.8 s at 10,000 events) is made
    beside the build (output.side) while the build reads the data: it reads the file and names the renderings the
    sanitizer would change, with the SHA-256 of the bytes it checked; this process reads the file when the summaries
    are first asked for, and takes the check's word only for those very bytes (else it checks them itself)."""

    def __init__(self, cache: Path):
        from ..text import markup  # noqa: F401 - imported before the check forks, not in it
        from .side import SideWork

        self._cache = cache
        self._version = _summaries_version()
        self._known: dict[str, str] | None = None

        def unsafe() -> str:
            content = _read_summaries_file(cache)
            rendered = _cached_summaries(content, self._version)
            return json.dumps({"sha256": sha256_of(content), "unsafe": sorted(_unsafe(rendered))})

        self._check = SideWork(unsafe)

    def _resolved(self) -> dict[str, str]:
        if self._known is None:
            content = _read_summaries_file(self._cache)
            rendered = _cached_summaries(content, self._version)
            verdict = self._check.result()
            checked = json.loads(verdict) if verdict is not None else None
            unsafe = set(checked["unsafe"]) if checked is not None and checked["sha256"] == sha256_of(content) \
                else _unsafe(rendered)  # other bytes than the check read, or no check: checked here
            self._known = {key: html for key, html in rendered.items() if key not in unsafe}
        return self._known

    def __getitem__(self, key: str) -> str:
        return self._resolved()[key]

    def __iter__(self):
        return iter(self._resolved())

    def __len__(self) -> int:
        return len(self._resolved())


def write_summaries(cache: Path, rendered: Mapping[str, str]) -> None:
    """Keep the summaries' renderings for the next build (``markup.Summaries.to_keep``: those of the texts the data
    still has, so the file never grows stale)."""
    version = _summaries_version()
    partial = cache / "summaries.json.partial"
    partial.write_text(json.dumps({"version": version, "rendered": dict(sorted(
        (summary_key(version, text), html) for text, html in rendered.items()))}, ensure_ascii=False), "utf-8")
    os.replace(partial, cache / "summaries.json")


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def digest_code(digest) -> None:
    """Feed ``digest`` culturelinks' own code (its modules and the script it serves) and the versions of the
    libraries it runs with (``installed_libraries``)."""
    for path in sorted([*CODE_FOLDER.rglob("*.py"), *CODE_FOLDER.rglob("*.js")]):
        digest.update(path.relative_to(CODE_FOLDER).as_posix().encode() + b"\0" + path.read_bytes())
    digest.update(installed_libraries())


def digest_files(digest, files: Iterable[Path]) -> None:
    for path in sorted(set(files)):
        digest.update(str(path).encode() + b"\0" + (path.read_bytes() if path.is_file() else b"-"))


@functools.cache
def _pelican_folder() -> Path | None:
    """Where Pelican's package is, found without importing it."""
    spec = importlib.util.find_spec("pelican")
    folders = spec.submodule_search_locations if spec is not None else None
    return Path(next(iter(folders))) if folders else None


def pelican_settings_code() -> bytes:
    """Pelican's code that turns a settings file's values into its settings (its defaults, its paths)."""
    folder = _pelican_folder()
    return (folder / "settings.py").read_bytes() if folder else b""


def installed_libraries() -> bytes:
    """The names and versions of the packages installed beside Pelican (their ``.dist-info`` folders), listed
    without importing any: a new Pelican, Jinja, Markdown, Babel or Pagefind may make other pages."""
    folder = _pelican_folder()
    if folder is None:
        return b""
    return "\n".join(sorted(name for name in os.listdir(folder.parent)
                            if name.endswith((".dist-info", ".egg-info")))).encode()


def settings_key(settings_file: Path, values: Mapping[str, object], override: Mapping[str, object]) -> str:
    """The digest of what Pelican makes a build's settings from: the ``values`` ``settings_file`` gave as it ran
    (it is Python: it may read the environment or other files), the command's ``override``, where the file
    is and where it runs, and Pelican's settings code."""
    given = {**values, **override}  # as Pelican merges them
    digest = hashlib.sha256(pelican_settings_code())
    where = [os.path.abspath(settings_file), os.getcwd()]
    digest.update(json.dumps([*where, given], sort_keys=True, default=repr).encode())
    return digest.hexdigest()


def inputs_digest(settings: str, sources: Iterable[str]) -> str:
    """The digest of a build's inputs: its settings' key (``settings_key``), every file in ``sources`` (a
    folder stands for every file in it), culturelinks' code and the libraries' versions (``digest_code``)."""
    digest = hashlib.sha256(settings.encode() + b"\0")
    files: list[Path] = []
    for source in map(Path, sources):
        files += [path for path in source.rglob("*") if path.is_file()] if source.is_dir() else [source]
    digest_files(digest, files)
    digest_code(digest)
    return digest.hexdigest()
