"""Publishing that can never hurt a site: a guarded output folder, a staged site, one atomic swap.

A build assembles the complete new site in a staging folder inside the cache (same filesystem as
the output): new and changed files are written there, unchanged ones hard-linked from the live site
(they keep their inode and modification time, so syncs to a host stay cheap). Then the staging
folder and the output are exchanged in one ``renameat2(RENAME_EXCHANGE)``, so at any instant a
reader sees the whole old site or the whole new one; the old one is removed afterwards. A build
killed at any moment leaves the old site whole and a staging folder that the next build removes.

Only a folder culturelinks built (it carries ``MARKER``) or an empty one is ever published into, and
never one that is or holds the project, its data, content, templates or static files. Nothing
outside the output and its cache is ever removed.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import os
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path

from .errors import BuildError, UsageError
from .incremental import FileRecord, Manifest, sha256_of

#: The file that makes a folder a site culturelinks built; it names the build (see incremental.py).
MARKER = ".culturelinks-site"
CACHE_FOLDER = ".culturelinks-cache"
STAGING_PREFIX = "staging-"


def cache_folder(output: Path) -> Path:
    """Where a build keeps what the next build of the same output can reuse, and stages the new site."""
    return output.parent / CACHE_FOLDER / output.name


def read_marker(site: Path) -> str | None:
    """The build id a site's marker names; None when there is no readable marker."""
    try:
        data = json.loads((site / MARKER).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data.get("build") if isinstance(data, dict) and data.get("generator") == "culturelinks" else None


def marker_bytes(build_id: str) -> bytes:
    return json.dumps({"generator": "culturelinks", "build": build_id}, sort_keys=True).encode() + b"\n"


def guard_output(output: Path, protected: Iterable[tuple[str, Path]]) -> None:
    """Refuse (exit 2) an output folder that is, holds or lies inside anything of the project's, or
    that exists and is not a site culturelinks built. ``protected`` names what must never be replaced."""
    output = output.resolve()
    for what, path in protected:
        path = path.resolve()
        if output == path or path.is_relative_to(output):
            raise UsageError(f"refusing to publish into {output}: it {'is' if output == path else 'holds'} "
                             f"{what} ({path}); choose another --output")
        if output.is_relative_to(path) and path.is_dir() and what != "the project":
            raise UsageError(f"refusing to publish into {output}: it is inside {what} ({path}); "
                             "choose another --output")
    if output.is_symlink() or (output.exists() and not output.is_dir()):
        raise UsageError(f"refusing to publish into {output}: it is not a folder; choose another --output")
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).is_file() \
            and not (cache_folder(output) / "manifest.json").is_file():  # built before the marker existed
        raise UsageError(f"refusing to publish into {output}: it is not a site culturelinks built (it has no "
                         f"{MARKER}), and publishing would replace its files; choose another --output, "
                         "or empty the folder yourself")


@contextmanager
def locked(cache: Path) -> Iterator[None]:
    """One build of an output at a time; the lock goes with the process, even when it is killed."""
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def remove_now(folder: Path) -> None:
    """Remove a staging folder, or an old site swapped out to one, before going on."""
    shutil.rmtree(folder, ignore_errors=True)


_SET_ASIDE = count(1)


def remove_later(folder: Path) -> None:
    """Set ``folder`` aside under a name of its own and remove it in a thread of its own: ``serve``'s next
    build need not wait while tens of thousands of files are deleted (seconds at 10,000 events). What a
    process that ends first leaves there goes with the next build's leftovers (``remove_leftovers``)."""
    aside = folder.with_name(f"{folder.name}-removed-{next(_SET_ASIDE)}")
    try:
        os.rename(folder, aside)
    except FileNotFoundError:
        return
    except OSError:
        remove_now(folder)
        return
    threading.Thread(target=remove_now, args=(aside,), name="culturelinks-remove", daemon=True).start()


def remove_leftovers(cache: Path) -> None:
    """The staging folders of builds that were killed, and the old sites a killed build did not remove or
    a ``serve`` that stopped had not finished removing (``remove_later``)."""
    for folder in cache.glob(STAGING_PREFIX + "*"):
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Staging:
    """The new site being assembled: ``folder`` inside the cache, ``live`` the published output,
    ``previous`` the manifest of the live site when it can be trusted."""

    folder: Path
    live: Path
    previous: Manifest | None
    reuse_pages: bool = True
    records: dict[str, FileRecord] = field(default_factory=dict)
    #: The folders of the new site made so far (each is made once, not asked for again at every file).
    folders: set[Path] = field(default_factory=set)
    #: How the old site, once swapped out to ``folder``, is removed (``remove_now`` or ``remove_later``).
    remove: Callable[[Path], None] = remove_now

    @property
    def cache(self) -> Path:
        """The output's cache folder, which holds the staging folder."""
        return self.folder.parent

    @classmethod
    def create(cls, live: Path, cache: Path, previous: Manifest | None, reuse_pages: bool = True) -> Staging:
        """A new staging folder for ``live``, whose manifest (as the caller read it) is ``previous``;
        ``reuse_pages`` False renders every page (files with unchanged bytes are still linked, so they
        keep their modification time)."""
        folder = cache / f"{STAGING_PREFIX}{os.getpid()}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)  # the umask's mode, as every folder and file of the site
        return cls(folder, live, previous, reuse_pages)

    def _target(self, name: str) -> Path:
        from pelican.utils import sanitised_join  # Pelican: not for a build with nothing to do

        return Path(sanitised_join(str(self.folder), name))

    def live_record(self, name: str) -> FileRecord | None:
        """The live file's record, when the live site still has it as recorded."""
        return self.previous.record_in(self.live, name) if self.previous else None

    def _folder_for(self, target: Path) -> None:
        if target.parent not in self.folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self.folders.add(target.parent)

    def _link(self, name: str, record: FileRecord, target: Path) -> FileRecord:
        self._folder_for(target)
        os.link(self.live / name, target)
        return record

    def reuse(self, name: str, fingerprint: str) -> FileRecord | None:
        """Link the live page ``name`` into the new site if it was rendered from the same ``fingerprint``."""
        record = self.live_record(name) if self.reuse_pages else None
        if record is None or record.fingerprint != fingerprint:
            return None
        return self._link(name, record, self._target(name))

    def keep(self, name: str) -> FileRecord | None:
        """Link the live file ``name`` into the new site as it is, if the live site still has it as recorded."""
        record = self.live_record(name)
        return None if record is None else self._link(name, record, self._target(name))

    def put(self, name: str, content: bytes, fingerprint: str | None = None) -> FileRecord:
        """Add ``name`` with ``content``: linked from the live site when its bytes are the same, else written."""
        target = self._target(name)
        sha = sha256_of(content)
        record = self.live_record(name)
        if record is not None and record.sha256 == sha:
            return self._link(name, FileRecord(sha, record.size, record.mtime_ns, fingerprint), target)
        self._folder_for(target)
        try:  # a new file, never one linked from the live site: writing through it would change the live one
            file = open(target, "xb")
        except FileExistsError:
            target.unlink()
            file = open(target, "xb")
        with file:
            file.write(content)
            file.flush()
            stat = os.fstat(file.fileno())
        return FileRecord(sha, stat.st_size, stat.st_mtime_ns, fingerprint)

    def adopt(self, name: str) -> FileRecord:
        """A file something else (Pelican's static copy, Pagefind) wrote into the new site: replace it by
        the live one when their bytes are the same."""
        target = self._target(name)
        content = target.read_bytes()
        sha = sha256_of(content)
        record = self.live_record(name)
        if record is not None and record.sha256 == sha:
            target.unlink()
            return self._link(name, record, target)
        stat = target.stat()
        return FileRecord(sha, stat.st_size, stat.st_mtime_ns)

    def unrecorded(self, within: Iterable[str]) -> list[str]:
        """Files of the new site under the folders or at the paths ``within`` (what Pelican copied there) that
        no ``put``, ``reuse`` or ``adopt`` accounted for, in a fixed order."""
        found = []
        for place in within:
            top = self._target(place)
            if top.is_file():
                found.append(place)
            for folder, _, files in os.walk(top):
                found += [(Path(folder) / file).relative_to(self.folder).as_posix() for file in files]
        return sorted(name for name in set(found) if name not in self.records)

    def swap_in(self) -> None:
        """Exchange the new site and the live one in one step; then remove the old one."""
        try:
            if self.live.exists():
                exchange(self.folder, self.live)
            else:
                os.rename(self.folder, self.live)
        except OSError as exc:
            raise BuildError(f"could not put the new site in place of {self.live}: {exc.strerror}") from exc
        self.remove(self.folder)  # the old site, now at the staging path


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def exchange(first: Path, second: Path) -> None:
    """Swap two paths atomically (Linux ``renameat2`` with ``RENAME_EXCHANGE``). Where the system or the
    filesystem cannot, fall back to two renames, between which the output is briefly absent."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is not None:
        if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
            return
        code = ctypes.get_errno()
        if code not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
            raise OSError(code, os.strerror(code), str(second))
    aside = first.with_name(first.name + ".old")
    os.rename(second, aside)
    os.rename(first, second)
    os.rename(aside, first)
