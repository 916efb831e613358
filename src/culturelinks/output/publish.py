"""Publishing that can never hurt a site: a guarded output folder, a staged site, one atomic swap.

A build assembles the complete new site in a staging folder inside the cache (same filesystem as
the output): new and changed files are written there, unchanged ones hard-linked from the live site
(they keep their inode and modification time, so syncs to a host stay cheap). Then the staging
folder and the output are exchanged in one ``renameat2(RENAME_EXCHANGE)``, so at any instant a
reader sees the whole old site or the whole new one; the old one is kept (``SKELETON``) for the next build,
which removes its files beside the build (output.side) while it reads the data and stages its site in its
folders, so that a rebuild makes and removes no folder the site keeps. A build killed at any moment leaves the
old site whole and a staging folder that the next build removes.

A folder is published into only when it is empty, holds only what a build keeps (``RETAINED``: version
control and the files hosts read, such as ``.git`` and ``CNAME``), or is a site this project built:
its marker names a build whose manifest the cache holds (or whose files the folder holds exactly, as
a fresh clone of a deployment branch does), and it holds no file that build did not write. The retained
entries are moved from the old site into the new one right after the swap; a build never deletes a
file it did not write. An output folder that is a mount point cannot be renamed: its site is staged
inside it and swapped in entry by entry (each top-level folder and file atomically).
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import functools
import json
import os
import re
import shutil
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path
from stat import S_IMODE, S_ISDIR

from ..errors import BuildError, UsageError, os_error_text
from .manifest import (
    UNKNOWN_INPUTS,
    FileRecord,
    Inputs,
    Manifest,
    prune_manifests,
    read_manifest,
    read_manifests,
    sha256_of,
    write_manifest,
)
from .side import SideWork

#: The file that makes a folder a site culturelinks built; it names the build (see output.manifest).
MARKER = ".culturelinks-site"
CACHE_FOLDER = ".culturelinks-cache"
STAGING_PREFIX = "staging-"
#: The last old site, kept whole, in whose folders the next build stages its site once it has removed its files (in
#: the cache, beside the staging folders). Making and removing folders is most of a rebuild's file work where the
#: filesystem frees inodes slowly: ext4 without a journal walks past every recently freed inode each time it makes one.
SKELETON = "skeleton"
#: The staging folder's name inside an output folder that is a mount point (``Staging.in_place``).
IN_PLACE_PREFIX = ".culturelinks-staging-"
#: What a build keeps in the output folder across its swap, by default (CULTURELINKS_OUTPUT_RETENTION; Pelican's
#: OUTPUT_RETENTION adds to it): version control, and the files static hosts read.
RETAINED = (".git", ".hg", ".svn", "CNAME", ".nojekyll")
#: How many of the files a build did not write its refusal lists.
LISTED_STRANGERS = 10


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
    """Refuse (exit 2) an output folder that is, holds or lies inside anything of the project's, or that is
    not a folder. ``protected`` names what must never be replaced. Whether the folder is ours is ``claimed``'s."""
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


def _refusal(output: Path, why: str, fix: str) -> UsageError:
    return UsageError(f"refusing to publish into {output}: {why}; {fix}")


def _is_ours_anyway(name: str) -> bool:
    """Top-level entries of an output folder no site lists: the marker, and a staging folder inside it."""
    return name == MARKER or name.startswith(IN_PLACE_PREFIX)


#: What a refused output folder's message says to do.
_RETRY = "choose another --output, or move the folder's files out of it yourself"


def claimed(output: Path, cache: Path, retained: Collection[str]) -> tuple[Manifest | None, set[str]]:
    """The manifest of the site in ``output`` when it is a site this project built, None when there is nothing to
    replace (no folder, an empty one, or one holding only ``retained`` entries); UsageError (exit 2) otherwise,
    saying why and what to do. A marker proves nothing by itself (anyone can write one): it must name a
    build whose manifest ``cache`` holds, or whose files the folder holds exactly (a deployment branch's
    checkout, committed from a build elsewhere: its manifest is then made again from the files and recorded).
    With it, the names the builds the cache knows wrote (none when there is nothing to replace): the folder must
    hold no other file, which ``refuse_strangers`` walks it for (``LiveSite.claim``, now or beside the build)."""
    build_id = marked_build(output, retained)
    if build_id is None:
        return None, set()
    known_builds = {manifest.build_id: manifest for manifest in read_manifests(cache)}
    manifest = known_builds.get(build_id) or recognised(output, build_id, retained)
    if manifest is None:
        raise _refusal(output, f"its {MARKER} names a build this project did not make (the cache, {cache}, has no "
                               "record of it) and the folder does not hold exactly that build's files", _RETRY)
    return manifest, {name for other in (manifest, *known_builds.values()) for name in other.files}


def marked_build(output: Path, retained: Collection[str]) -> str | None:
    """The build the marker of ``output`` names, None when there is nothing to replace (``claimed``); UsageError when
    the folder plainly is not a site culturelinks built (no marker, or not one it wrote). Reads no more than the
    folder's top: whether the build is ours and the folder holds only its files is ``claimed``'s to say."""
    if not output.is_dir():
        return None
    entries = [name for name in os.listdir(output) if name not in retained]
    if not [name for name in entries if not name.startswith(IN_PLACE_PREFIX)]:
        return None
    marker = output / MARKER
    if not os.path.lexists(marker):
        found = strangers(output, (), retained)
        raise _refusal(output, f"it is not a site culturelinks built (it has no {MARKER}), and publishing would "
                               f"replace what it holds ({_listed(found)})", _RETRY)
    if marker.is_symlink() or not marker.is_file():
        raise _refusal(output, f"its {MARKER} is a symbolic link or a folder, not the marker of a site "
                               "culturelinks built here", _RETRY)
    build_id = read_marker(output)
    if build_id is None:
        raise _refusal(output, f"its {MARKER} is not a marker culturelinks wrote", _RETRY)
    return build_id


def recognised(output: Path, build_id: str, retained: Collection[str]) -> Manifest | None:
    """The manifest of ``output`` made again from its files, when they are exactly those of build ``build_id``
    (a build id is the digest of its files' names and contents): the site a fresh checkout of a deployment
    branch holds, whose build's manifest this cache never had."""
    files: dict[str, FileRecord] = {}
    for name, path in _walk(output, retained):
        if not path.is_file() or path.is_symlink():
            return None
        content = path.read_bytes()
        stat = path.stat()
        files[name] = FileRecord(sha256_of(content), stat.st_size, stat.st_mtime_ns)
    manifest = Manifest(UNKNOWN_INPUTS, files)
    return manifest if manifest.build_id == build_id else None


def _walk(site: Path, retained: Collection[str]) -> Iterator[tuple[str, Path]]:
    """Every file (or other entry that is not a folder) of ``site`` by its name in the site, the retained entries,
    the marker and a staging folder inside it left out."""
    for top in sorted(os.listdir(site)):
        if top in retained or _is_ours_anyway(top):
            continue
        path = site / top
        if path.is_dir() and not path.is_symlink():
            for folder, folders, files in os.walk(path):
                folders.sort()
                relative = Path(folder).relative_to(site).as_posix()
                for file in sorted(files):
                    yield f"{relative}/{file}", Path(folder) / file
        else:
            yield top, path


def strangers(site: Path, known: Collection[str], retained: Collection[str], shared: bool = False) -> list[str]:
    """What ``site`` holds that no name of ``known`` accounts for (files, links, folders with none of them
    inside: a folder is listed as ``name/``), the retained entries, the marker and staging folders left out; in
    the order of a walk that visits each folder's entries by name. (The walk itself takes them as the folder
    lists them, and only what it finds is sorted: it runs before every swap, over tens of thousands of folders.)
    With ``shared``, a large site's folders below the second level are walked by two processes, this one and a
    forked one (``SHARED_WALK_NAMES``)."""
    folders: set[str] = set()
    for name in known:
        while "/" in name:
            name = name.rsplit("/", 1)[0]
            if name in folders:
                break
            folders.add(name)
    found: list[str] = []

    def visit(folder: str, prefix: str, into: list[str], below: list[tuple[str, str]] | None = None) -> None:
        """Walk ``folder`` (named ``prefix`` in the site), what it finds into ``into``; with ``below``, the known
        folders it holds are listed there instead of walked."""
        with os.scandir(folder) as entries:
            for entry in entries:
                name = prefix + entry.name
                if not prefix and (entry.name in retained or _is_ours_anyway(entry.name)):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    if name not in folders:
                        into.append(name + "/")
                    elif below is None:
                        visit(entry.path, name + "/", into)
                    else:
                        below.append((entry.path, name + "/"))
                elif name not in known:
                    into.append(name)

    if not shared or len(known) < SHARED_WALK_NAMES or not _can_fork():
        visit(str(site), "", found)
    else:
        tops: list[tuple[str, str]] = []
        visit(str(site), "", found, tops)
        seconds: list[tuple[str, str]] = []
        for path, prefix in tops:
            visit(path, prefix, found, seconds)
        mine, theirs = _halves(seconds, folders)

        def walk_theirs() -> str:
            into: list[str] = []
            for path, prefix in theirs:
                visit(path, prefix, into)
            return "\0".join(into)

        side = SideWork(walk_theirs)
        try:
            for path, prefix in mine:
                visit(path, prefix, found)
        finally:
            walked = side.result()
        if walked is None:  # the forked process failed: its half is walked here
            walked = walk_theirs()
        found.extend(walked.split("\0") if walked else ())
    return sorted(found, key=lambda name: name.split("/"))


#: From this many names known to the builds on, the walk before a swap is shared with a forked process (at 30,000
#: events, 392,714 names in 122,728 folders: 2.9 s for one process).
SHARED_WALK_NAMES = 50_000


def _can_fork() -> bool:
    from ..text.markup import can_fork  # Markdown's libraries: not for a build with nothing to do

    return can_fork()


def _halves(folders: list[tuple[str, str]], known_folders: Collection[str]
            ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """``folders`` (path, prefix) in two shares of about as many known folders below them each, the largest first."""
    weights = dict.fromkeys((prefix for _, prefix in folders), 0)
    for folder in known_folders:
        second = folder.find("/", folder.find("/") + 1)
        prefix = folder[:second + 1] if second != -1 else folder + "/"
        if prefix in weights:
            weights[prefix] += 1
    shares: tuple[list[tuple[str, str]], list[tuple[str, str]]] = ([], [])
    sums = [0, 0]
    for place in sorted(folders, key=lambda place: -weights[place[1]]):
        lighter = 0 if sums[0] <= sums[1] else 1
        shares[lighter].append(place)
        sums[lighter] += weights[place[1]] + 1
    return shares


def _listed(names: list[str]) -> str:
    more = len(names) - LISTED_STRANGERS
    return ", ".join(names[:LISTED_STRANGERS]) + (f" and {more} more" if more > 0 else "")


def refuse_strangers(site: Path, known: Collection[str], retained: Collection[str], shared: bool = False) -> None:
    """UsageError listing what ``site`` holds that no build wrote (see ``strangers``), when it holds any."""
    found = strangers(site, known, retained, shared)
    if found:
        raise strangers_refusal(site, found)


def strangers_refusal(site: Path, found: list[str]) -> UsageError:
    """The refusal to publish into ``site``, which holds ``found`` that no build wrote."""
    return _refusal(site, f"it holds files no culturelinks build wrote ({_listed(found)}), which publishing would "
                          "delete",
                    "move them out of it, or name them in CULTURELINKS_OUTPUT_RETENTION in pelicanconf.py to "
                    "keep them across builds (it keeps .git, CNAME and the like by default)")


def carry_retained(old_site: Path, new_site: Path, retained: Collection[str]) -> None:
    """Move the ``retained`` entries of the old site (swapped out) into the new one: renamed, never copied or deleted.
    An entry the new site has too stays where it is (``remove_leftovers`` sets it aside)."""
    for name in retained:
        if os.path.lexists(old_site / name) and not os.path.lexists(new_site / name):
            os.rename(old_site / name, new_site / name)


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


def keep_skeleton(folder: Path, skeleton: Path) -> None:
    """Keep ``folder`` (an old site swapped out, or a staged one never swapped in) at ``skeleton`` for the next build
    to stage in, as it is: the next build removes its files in a process of its own while it reads the data
    (``take_skeleton``, ``_staging_ahead``), not this one at its end, where the wait was the editor's (2 s of a
    one-event build at 10,000 events). Its files are mostly hard links to the live site's, so keeping them costs
    little room. It is removed whole instead when a skeleton is kept already, or it cannot be renamed."""
    if os.path.lexists(skeleton):
        remove_now(folder)
        return
    try:
        os.rename(folder, skeleton)
    except OSError:
        remove_now(folder)


class _NotOurs(OSError):
    """A folder of a skeleton that a new one would not be: another user's, or with other permissions."""


def _only_folders(path: str, found: set[str] | None = None, mode: int | None = None, *,
                  name: str | None = None, dir_fd: int | None = None) -> None:
    """Remove every entry under the folder ``path`` that is not a folder (links to folders too). Each folder is
    opened without following a link, by its name relative to its parent's descriptor (as ``shutil.rmtree`` does), so
    that nothing put in its place meanwhile leads outside. ``found`` gets the path of each folder, ``path``
    itself included; with ``mode``, a folder not this user's or whose permissions are not ``mode`` raises
    ``_NotOurs``."""
    fd = os.open(path if name is None else name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=dir_fd)
    try:
        if mode is not None:
            status = os.fstat(fd)
            if status.st_uid != os.geteuid() or S_IMODE(status.st_mode) & 0o777 != mode:
                raise _NotOurs(errno.EPERM, "a folder another build would not make", path)
        if found is not None:
            found.add(path)
        with os.scandir(fd) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    _only_folders(os.path.join(path, entry.name), found, mode, name=entry.name, dir_fd=fd)
                else:
                    os.unlink(entry.name, dir_fd=fd)
    finally:
        os.close(fd)


def current_umask() -> int:
    """The process's umask, read without changing it (``os.umask`` sets it, for every thread)."""
    try:
        for line in Path("/proc/self/status").read_text("utf-8").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


#: What a skeleton that cannot be used is renamed to when it cannot be removed either (another user's folders):
#: out of the staging folder's way; the next builds try again to remove it (``remove_leftovers``).
REFUSED_SKELETON_PREFIX = "skeleton-refused-"


def _at_or_under(path: str, places: Collection[str], root: str) -> bool:
    """Whether ``path`` (a folder under ``root``) is one of ``places`` or lies under one: its folders looked up, not
    every place compared with it (Pelican's static copies may be hundreds of files)."""
    while path != root and len(path) > len(root):
        if path in places:
            return True
        path = os.path.dirname(path)
    return False


def _outside(paths: set[str], folder: str) -> set[str]:
    """``paths`` but ``folder`` and what lies under it."""
    return {path for path in paths if path != folder and not path.startswith(folder + "/")}


def take_skeleton(skeleton: Path, folder: Path, retained: Collection[str] = ()) -> set[str]:
    """Move the kept ``skeleton`` to ``folder``, to stage a site in: the absolute path of each of its folders
    (none when there is no skeleton, and ``folder`` is to be made). Anything in it that is not a folder is
    removed first, and so are its top folders named as ``retained`` entries (which a failed build would carry into
    the live site), so that nothing put there reaches the new site; none is followed. A skeleton with a folder that
    a build would not make now (another user's, or with permissions other than the umask gives) is not used."""
    try:
        kind = os.lstat(skeleton).st_mode
    except OSError:
        return set()
    if not S_ISDIR(kind):  # not ours to follow: a link, or a file
        os.unlink(skeleton)
        return set()
    found: set[str] = set()
    try:
        os.rename(skeleton, folder)
        root = os.path.abspath(folder)
        _only_folders(root, found, 0o777 & ~current_umask())
        for name in retained:
            kept = os.path.join(root, name)
            if kept in found:
                shutil.rmtree(kept)
                found = _outside(found, kept)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        if os.path.lexists(folder):
            try:
                os.rename(folder, folder.with_name(f"{REFUSED_SKELETON_PREFIX}{folder.name}"))
            except OSError:
                pass  # the staging folder cannot be made: the build says so
        return set()
    return found


_SET_ASIDE = count(1)
#: A file's name in the site made of plain parts: none empty, none starting with a dot (so neither ``.`` nor ``..``),
#: the first not after a ``/``. Joined to the staging folder, it is already an absolute, normal path inside it.
_PLAIN_NAME = re.compile(r"[^/.][^/]*(?:/[^/.][^/]*)*")
#: How ``Staging.put`` opens a file: a new one (never through one linked from the live site), not inherited.
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC


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


def remove_leftovers(cache: Path, live: Path, retained: Collection[str] = RETAINED) -> None:
    """The staging folders of builds that were killed, and the old sites a killed build did not remove or
    a ``serve`` that stopped had not finished removing (``remove_later``). A retained entry one of them still holds
    (a build killed between its swap and ``carry_retained``) is moved back into the live site; should the live
    site have one by that name, the folder is set aside in the cache, not removed."""
    for refused in cache.glob(REFUSED_SKELETON_PREFIX + "*"):  # only folders: nothing of the site, nothing of yours
        shutil.rmtree(refused, ignore_errors=True)
    leftovers = list(cache.glob(STAGING_PREFIX + "*"))
    if live.is_dir():
        leftovers += [live / name for name in os.listdir(live) if name.startswith(IN_PLACE_PREFIX)]
    for folder in leftovers:
        if live.is_dir() and folder.parent == cache:
            carry_retained(folder, live, retained)
        if folder.parent == cache and any(os.path.lexists(folder / name) for name in retained):
            os.rename(folder, cache / f"set-aside-{folder.name}")
            continue
        shutil.rmtree(folder, ignore_errors=True)


def _manifest_written(cache: Path, manifest: Manifest) -> str:
    """As side work: ``write_manifest``, and what stopped it ("" when nothing did)."""
    try:
        write_manifest(cache, manifest)
    except OSError as exc:
        return os_error_text(exc) or "cannot write it"
    return ""


def _wait_for_manifest(writing: SideWork, cache: Path) -> None:
    """Once the manifest is written (``LiveSite.publish``); a BuildError when it could not be."""
    failed = writing.result()
    if failed is None or failed:
        raise BuildError(f"could not record the new site in {cache}: {failed or 'the work stopped'}")


def _folders_of(root: str, names: Iterable[str], retained: Collection[str]) -> set[str]:
    """The absolute path of each folder that files ``names`` of a site staged in ``root`` are in, ``root`` included;
    none under a ``retained`` entry (the new site gets those from the old one), none outside ``root`` (the names
    come from a manifest in the cache, which is not trusted). Each folder's path is made once, not once for each of
    its files (171,000 files in 41,000 folders at 10,000 events)."""
    found = {root}
    seen: set[str] = set()
    for name in names:
        relative = name.rpartition("/")[0]
        if relative in seen:
            continue
        seen.add(relative)
        if not relative or relative.split("/", 1)[0] in retained:  # a file at the top is in ``root``
            continue
        folder = os.path.normpath(os.path.join(root, relative))
        if not (folder + os.sep).startswith(root + os.sep):
            continue
        while folder not in found:
            found.add(folder)
            folder = os.path.dirname(folder)
    return found


def _staging_folder(folder: Path, skeleton: Path, previous: Manifest | None, retained: Collection[str]
                    ) -> tuple[set[str], bool]:
    """Make the staging ``folder``: the last old site's folders (``take_skeleton``), or, when there is none, a new
    folder with the live site's folders made in it (from ``previous``, the live site's manifest), parents first. The
    absolute path of each folder it has, and whether every one was made (when one cannot be, each is made when a
    file needs it)."""
    found = take_skeleton(skeleton, folder, retained)
    if found:
        return found, True
    folder.mkdir(parents=True, exist_ok=True)  # the umask's mode, as every folder and file of the site
    if previous is None:
        return {os.path.abspath(folder)}, True
    found = _folders_of(os.path.abspath(folder), previous.files, retained)
    try:
        _make_folders(sorted(found))
    except OSError:
        return found, False
    return found, True


#: Fewer folders missing than this are made as files need them: forking would cost more than it saves.
MIN_FOLDERS_AHEAD = 200


def _make_folders(folders: list[str]) -> str:
    """Make ``folders`` (sorted: each after its parent), those already there left as they are (``_staging_folder``,
    and ``Staging.make_folders_ahead`` in a process of its own). One that cannot be made raises: each file's folder
    is then made when the file is written, and says why it cannot be."""
    for folder in folders:
        try:
            os.mkdir(folder)
        except FileExistsError:
            pass
    return ""


def _staging_ahead(folder: Path, skeleton: Path, previous: Manifest | None, retained: Collection[str], live: Path,
                   unwalked: Collection[str] | None) -> str:
    """The work of ``Staging.create`` done beside the build (output.side): the live site walked for files no build
    wrote when ``unwalked`` gives the names builds wrote (``LiveSite.claim``), then the staging folder made; as JSON."""
    found_strangers = strangers(live, unwalked, retained) if unwalked is not None else []
    folders, complete = _staging_folder(folder, skeleton, previous, retained)
    return json.dumps({"strangers": found_strangers, "folders": sorted(folders), "complete": complete})


@dataclass
class Staging:
    """The new site being assembled: ``folder`` inside the cache (inside ``live`` when that is a mount point:
    ``in_place``), ``live`` the published output, ``previous`` the manifest of the live site when it can be
    trusted, ``retained`` the names of the live site's entries carried into the new one."""

    folder: Path
    live: Path
    previous: Manifest | None
    reuse_pages: bool = True
    records: dict[str, FileRecord] = field(default_factory=dict)
    #: The folders of the new site made so far, or taken from the skeleton (each is made once, not asked for again
    #: at every file); one a file made way for (``_make_way``) may stay listed: nothing of the site lies under a file.
    folders: set[str] = field(default_factory=set)
    #: How the old site, once swapped out to ``folder``, is removed (``remove_now`` or ``remove_later``).
    remove: Callable[[Path], None] = remove_now
    cache: Path = Path()
    retained: Collection[str] = RETAINED
    in_place: bool = False
    #: The folders the staging folder had when it was made from the last old site's (``take_skeleton``), or those
    #: made ahead from the live site's manifest when there was none: those the new site leaves empty are removed
    #: before the swap.
    skeleton: frozenset[str] = frozenset()
    #: The staging folder being made (``_staging_ahead``), while the data is read and planned; None once it is there.
    ahead: SideWork | None = None
    #: The folders of the planned files being made (``make_folders_ahead``); None once they are there.
    making: SideWork | None = None

    @classmethod
    def create(cls, live: Path, cache: Path, previous: Manifest | None, reuse_pages: bool = True,
               retained: Collection[str] = RETAINED, unwalked: Collection[str] | None = None) -> Staging:
        """A new staging folder for ``live``, whose manifest (as the caller read it) is ``previous``;
        ``reuse_pages`` False renders every page (files with unchanged bytes are still linked, so they
        keep their modification time). With ``unwalked``, the names the builds the cache knows wrote, ``live`` is
        walked for files no build wrote (``refuse_strangers``) beside the build, and the first write refuses."""
        in_place = cannot_be_renamed(live)
        folder = live / f"{IN_PLACE_PREFIX}{os.getpid()}" if in_place else cache / f"{STAGING_PREFIX}{os.getpid()}"
        shutil.rmtree(folder, ignore_errors=True)
        if in_place:
            if unwalked is not None:
                refuse_strangers(live, unwalked, retained)
            folder.mkdir(parents=True)  # the umask's mode, as every folder and file of the site
            return cls(folder, live, previous, reuse_pages, cache=cache, retained=retained, in_place=True)
        ahead = SideWork(functools.partial(_staging_ahead, folder, cache / SKELETON, previous, retained, live,
                                           unwalked))
        return cls(folder, live, previous, reuse_pages, cache=cache, retained=retained, ahead=ahead)

    def _target(self, name: str) -> str:
        """Where ``name`` goes in the new site, never outside it. A string, not a Path: a build asks it for each of
        its 170,000 files at 10,000 events."""
        if self.ahead is not None:
            self._wait_for_folders(refuse=True)
        if _PLAIN_NAME.fullmatch(name):  # what sanitised_join gives it, without making the paths absolute twice
            return f"{self._absolute_folder}/{name}"
        from pelican.utils import sanitised_join  # Pelican: not for a build with nothing to do

        return sanitised_join(self._absolute_folder, name)

    @functools.cached_property
    def _absolute_folder(self) -> str:
        """The staging folder's absolute path: ``sanitised_join`` makes a relative one absolute twice a call, asking
        the system for the working folder each time."""
        return os.path.abspath(self.folder)

    def _wait_for_folders(self, refuse: bool) -> None:
        """Before anything goes into the staging folder: it is made, with its folders (``_staging_folder``); when one
        could not be made, each is made when a file needs it, and when the work failed, the folder is made anew.
        With ``refuse``, the refusal when the live site holds files no build wrote (``Staging.create``)."""
        assert self.ahead is not None
        made, self.ahead = self.ahead.result(), None
        if made is None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder.mkdir(parents=True)
            return
        outcome = json.loads(made)
        self.skeleton = frozenset(outcome["folders"])
        self.folders = set(outcome["folders"]) if outcome["complete"] else set()
        if refuse and outcome["strangers"]:
            raise strangers_refusal(self.live, outcome["strangers"])

    def make_folders_ahead(self, names: Iterable[str], besides: Collection[str] = ()) -> None:
        """Make the folders the files ``names`` (the plan's) go in beside the build, when the staging folder lacks
        many of them (a build into a new folder): 41,000 at 10,000 events, each a system call the rendering would
        otherwise wait for. None at or under ``besides`` (where Pelican copies the static files). They are the
        skeleton's: one that no file ends up in is removed before the swap."""
        if not self.cache.parts:  # Pelican's own run writes straight into its output: nothing is staged
            return
        if self.ahead is not None:
            self._wait_for_folders(refuse=True)
        root = self._absolute_folder
        elsewhere = {self._target(place) for place in besides}
        missing = {folder for folder in _folders_of(root, names, self.retained) - self.folders
                   if not _at_or_under(folder, elsewhere, root)}
        if len(missing) < MIN_FOLDERS_AHEAD or self.making is not None:
            return
        self.skeleton = self.skeleton | missing
        self.making = SideWork(functools.partial(_make_folders, sorted(missing)))

    def _folders_made(self) -> None:
        """Once the folders made ahead (``make_folders_ahead``) are there: nothing is made in the folder after."""
        if self.making is not None:
            self.making.result()
            self.making = None

    def live_record(self, name: str) -> FileRecord | None:
        """The live file's record, when the live site still has it as recorded."""
        return self.previous.record_in(self.live, name) if self.previous else None

    def _folder_for(self, target: str) -> None:
        parent = os.path.dirname(target)
        if parent not in self.folders:
            try:  # one system call when the folder's parent is there (or the folder: made ahead, or by a worker)
                os.mkdir(parent)
            except FileExistsError:
                if not os.path.isdir(parent):
                    raise
            except FileNotFoundError:
                os.makedirs(parent, exist_ok=True)
            self.folders.add(parent)

    def _link(self, name: str, record: FileRecord, target: str) -> FileRecord:
        self._folder_for(target)
        try:
            os.link(os.path.join(str(self.live), name), target)
        except FileExistsError:
            self._make_way(target)
            os.link(os.path.join(str(self.live), name), target)
        return record

    def clear_skeleton(self, names: Iterable[str]) -> None:
        """Remove the skeleton's folders at and under ``names``: where Pelican copies static files, which it does
        itself (``shutil.copyfile``), so that no folder of the skeleton stands where it puts a file (it would say so
        in a warning only, and leave the file out). It makes the few folders it needs."""
        for name in names:
            target = self._target(name)
            if self._remove_skeleton_folder(target):
                self.folders = _outside(self.folders, target)

    def _make_way(self, target: str) -> None:
        """Remove the skeleton's folder where the new site has a file; anything else that is in the way stays, and
        the write fails."""
        if not self._remove_skeleton_folder(target):
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), target)

    def _remove_skeleton_folder(self, target: str) -> bool:
        """Remove ``target`` with all below it, when it is a folder of the skeleton (which holds folders only,
        ``take_skeleton``); whether it was."""
        if target not in self.skeleton or not os.path.isdir(target) or os.path.islink(target):
            return False
        shutil.rmtree(target)
        return True

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

    def keep_as(self, name: str, sha256: str) -> FileRecord | None:
        """Link the live file ``name`` into the new site if it is the one whose bytes have digest ``sha256``, as
        the live site recorded it (a page kept because it shows what it showed: output.shows)."""
        record = self.live_record(name) if self.reuse_pages else None
        if record is None or record.sha256 != sha256:
            return None
        return self._link(name, record, self._target(name))

    def put(self, name: str, content: bytes, fingerprint: str | None = None) -> FileRecord:
        """Add ``name`` with ``content``: linked from the live site when its bytes are the same, else written."""
        target = self._target(name)
        sha = sha256_of(content)
        record = self.live_record(name)
        if record is not None and record.sha256 == sha:
            return self._link(name, FileRecord(sha, record.size, record.mtime_ns, fingerprint), target)
        self._folder_for(target)
        try:  # a new file, never one linked from the live site: writing through it would change the live one
            file = os.open(target, _NEW_FILE, 0o666)
        except FileExistsError:
            if target in self.skeleton:
                self._make_way(target)
            else:
                os.unlink(target)
            file = os.open(target, _NEW_FILE, 0o666)
        try:  # the system's calls, not a file object: a build writes 17,000 files at 1,000 events
            written = os.write(file, content)
            if written < len(content):
                with memoryview(content) as rest:
                    while written < len(content):
                        written += os.write(file, rest[written:])
            stat = os.fstat(file)
        finally:
            os.close(file)
        return FileRecord(sha, stat.st_size, stat.st_mtime_ns, fingerprint)

    def adopt(self, name: str) -> FileRecord:
        """A file something else (Pelican's static copy, Pagefind) wrote into the new site: replace it by
        the live one when their bytes are the same."""
        target = self._target(name)
        content = Path(target).read_bytes()
        sha = sha256_of(content)
        record = self.live_record(name)
        if record is not None and record.sha256 == sha:
            os.unlink(target)
            return self._link(name, record, target)
        stat = os.stat(target)
        return FileRecord(sha, stat.st_size, stat.st_mtime_ns)

    def unrecorded(self, within: Iterable[str]) -> list[str]:
        """Files of the new site under the folders or at the paths ``within`` (what Pelican copied there) that
        no ``put``, ``reuse`` or ``adopt`` accounted for, in a fixed order."""
        found = []
        for place in within:
            top = self._target(place)
            if os.path.isfile(top):
                found.append(place)
            for folder, _, files in os.walk(top):
                found += [(Path(folder) / file).relative_to(self.folder).as_posix() for file in files]
        return sorted(name for name in set(found) if name not in self.records)

    def swap_in(self, ready: Callable[[], None] = lambda: None) -> None:
        """Put the new site in place of the live one (``discard`` then removes the old one), once ``ready`` returns.
        Refused (UsageError, nothing changed) when the live site holds a file no build wrote, as it may since the
        build began."""
        self._folders_made()
        self._remove_empty_skeleton_folders()
        known: Mapping[str, FileRecord] = self.previous.files if self.previous else {}
        if self.live.is_dir():
            refuse_strangers(self.live, known, self.retained, shared=True)  # the build waits for it: both cores
        ready()
        try:
            if self.in_place:
                self._swap_entries()
            elif self.live.exists():
                exchange(self.folder, self.live)
                carry_retained(self.folder, self.live, self.retained)
            else:
                os.rename(self.folder, self.live)
        except OSError as exc:
            raise BuildError(f"could not put the new site in place of {self.live}: {exc.strerror}") from exc

    def _remove_empty_skeleton_folders(self) -> None:
        """Remove the folders of the skeleton the new site put nothing in, the deepest first. One that holds
        something after all (nothing this build recorded) stays, as it would have been made."""
        needed = _folders_of(self._absolute_folder, self.records, retained=())
        for folder in sorted(self.skeleton - needed, key=lambda path: -path.count("/")):
            try:
                os.rmdir(folder)
            except OSError:
                pass

    def discard(self) -> None:
        """Remove the staging folder (the old site once swapped out, or a new one that was never swapped in),
        after putting back into the live site any retained entry it holds (a swap stopped before ``carry_retained``).
        A build (``remove_now``) keeps it for the next build, which removes its files (``keep_skeleton``)."""
        if self.ahead is not None:  # a build that failed before writing anything: no folder is made meanwhile
            self._wait_for_folders(refuse=False)
        self._folders_made()
        if not self.in_place and self.live.is_dir():
            carry_retained(self.folder, self.live, self.retained)
        if any(os.path.lexists(self.folder / name) for name in self.retained):
            os.rename(self.folder, self.cache / f"set-aside-{self.folder.name}")
            return
        if self.remove is remove_now and not self.in_place and self.cache.parts:
            keep_skeleton(self.folder, self.cache / SKELETON)
        else:
            self.remove(self.folder)

    def _swap_entries(self) -> None:
        """Swap the new site in entry by entry (``in_place``): each top-level folder and file atomically, the
        marker last; the old site's entries end in the staging folder."""
        new = sorted(os.listdir(self.folder), key=lambda name: (name == MARKER, name))
        for name in new:
            if os.path.lexists(self.live / name):
                exchange(self.folder / name, self.live / name)
            else:
                os.rename(self.folder / name, self.live / name)
        for name in os.listdir(self.live):
            if name not in new and name not in self.retained and not _is_ours_anyway(name):
                os.rename(self.live / name, self.folder / name)


def cannot_be_renamed(output: Path) -> bool:
    """Whether ``output`` is a mount point (a Docker volume, a bind mount) or on another filesystem than its
    parent: it cannot be renamed or exchanged, nor its files linked from the cache beside it."""
    if not output.is_dir():
        return False
    if os.path.ismount(output) or output.stat().st_dev != output.parent.stat().st_dev:
        return True
    return os.path.realpath(output) in _mount_points()


def _mount_points() -> set[str]:
    """The mount points Linux lists for this process (bind mounts within one filesystem included)."""
    try:
        lines = Path("/proc/self/mountinfo").read_text("utf-8").splitlines()
    except OSError:
        return set()
    return {line.split()[4].encode().decode("unicode_escape") for line in lines if len(line.split()) > 4}


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


class LiveSite:
    """The published output folder and what is known of it (``manifest``, the build its marker names): every
    write of the live site goes through here, under its lock (``locked``). A build stages a whole new site and
    swaps it in (``stage``, ``publish``); serve's quick builds write pages over the live ones, each atomically
    (``write_in_place``), and its follow-up swaps in the same site with some files new (``republish``)."""

    def __init__(self, output: Path, retained: Collection[str] = RETAINED):
        self.output = output
        self.cache = cache_folder(output)
        self.retained = retained
        self.manifest: Manifest | None = None
        #: The names the builds the cache knows wrote, when ``claim`` left its walk for later.
        self.unwalked: set[str] | None = None

    @contextmanager
    def locked(self) -> Iterator[None]:
        with locked(self.cache):
            yield

    def check(self) -> None:
        """UsageError when the folder plainly is not a site this project built (``marked_build``), removing and
        recording nothing: what a build says before it takes the output's lock, which alone may touch the cache.
        The whole claim follows under it."""
        marked_build(self.output, self.retained)

    def claim(self, walk_later: bool = False) -> Manifest | None:
        """Remove what killed builds left, and the manifest of the live site when it is ours (UsageError when the
        folder is not: ``claimed``); a site recognised by its files is recorded for the next builds. Under the lock
        only: a staging folder in the cache may be another build's, that holds it. With ``walk_later``, the folder
        is walked for files no build wrote by ``stage`` (beside the build) or ``walk_now``, not here."""
        if self.cache.is_dir():
            remove_leftovers(self.cache, self.output, self.retained)
        self.manifest, known = claimed(self.output, self.cache, self.retained)
        self.unwalked = known if self.manifest is not None else None
        if not walk_later:
            self.walk_now()
        if self.manifest is not None and self.cache.is_dir() and read_manifest(self.cache, self.manifest.build_id) \
                is None:
            write_manifest(self.cache, self.manifest)
        return self.manifest

    @property
    def marker(self) -> str | None:
        """The build the live site's marker names."""
        return read_marker(self.output)

    def walk_now(self) -> None:
        """The walk ``claim`` left for later, now: UsageError when the folder holds files no build wrote."""
        if self.unwalked is not None:
            unwalked, self.unwalked = self.unwalked, None
            refuse_strangers(self.output, unwalked, self.retained)

    def stage(self, previous: Manifest | None, reuse_pages: bool = True, remove_old_later: bool = False) -> Staging:
        """A staging folder for a new site replacing the live one (described by ``previous``), the walk ``claim`` left
        for later made beside the build."""
        unwalked, self.unwalked = self.unwalked, None
        staging = Staging.create(self.output, self.cache, previous, reuse_pages, self.retained, unwalked)
        staging.remove = remove_later if remove_old_later else remove_now
        return staging

    def publish(self, staging: Staging, manifest: Manifest) -> None:
        """Mark the staged site with its build, record it, and swap it in. The manifest (35 MB at 10,000 events) is
        written beside the swap's last checks (output.side), and is in place before the swap."""
        staging.put(MARKER, marker_bytes(manifest.build_id))
        writing = SideWork(functools.partial(_manifest_written, self.cache, manifest))
        try:
            staging.swap_in(ready=lambda: _wait_for_manifest(writing, self.cache))
        finally:
            writing.result()  # the side process is reaped, whatever stopped the swap
        prune_manifests(self.cache, manifest.build_id)
        self.manifest = manifest

    def write_in_place(self, pages: Mapping[str, tuple[bytes, str | None]]) -> set[str]:
        """Write each of ``pages`` (its bytes and fingerprint, by name) over the live file, each atomically, and
        record them in ``manifest``; the names of those written. A page whose bytes are the live ones is left
        alone (its fingerprint recorded)."""
        assert self.manifest is not None, "a quick build follows a build"
        records: dict[str, FileRecord] = {}
        written: set[str] = set()
        for name, (content, print_) in sorted(pages.items()):
            sha = sha256_of(content)
            record = self.manifest.record_in(self.output, name)
            if record is not None and record.sha256 == sha:
                records[name] = FileRecord(sha, record.size, record.mtime_ns, print_)
                continue
            written.add(name)
            from pelican.utils import sanitised_join  # Pelican: not for a build with nothing to do

            target = Path(sanitised_join(str(self.output), name))
            partial = target.with_name(f".{target.name}.partial")
            partial.write_bytes(content)
            os.replace(partial, target)
            stat = target.stat()
            records[name] = FileRecord(sha, stat.st_size, stat.st_mtime_ns, print_)
        self.manifest = Manifest(self.manifest.inputs, {**self.manifest.files, **records}, self.manifest.searched)
        return written

    def republish(self, files: Mapping[str, bytes], inputs: Inputs, searched: Mapping[str, str],
                  drop: Callable[[str], bool] = lambda name: False, check: Callable[[], None] = lambda: None,
                  remove_old_later: bool = False) -> Manifest:
        """The live site as ``manifest`` describes it, with ``files`` added or put in place of the live ones and
        the files ``drop`` names left out, swapped in atomically; its manifest records ``inputs`` and the
        ``searched`` digests. ``check`` is called now and then, to raise when the work must stop."""
        assert self.manifest is not None, "a republish follows a build"
        live = self.manifest
        staging = self.stage(live, remove_old_later=remove_old_later)
        try:
            for number, name in enumerate(live.files):
                if number % 100 == 0:
                    check()
                if name in files or drop(name):
                    continue
                record = staging.keep(name)
                if record is None:
                    raise BuildError(f"{self.output / name} changed while the site was rebuilt; build again")
                staging.records[name] = record
            for number, (name, content) in enumerate(files.items()):  # thousands: the search index's fragments
                if number % 100 == 0:
                    check()
                staging.records[name] = staging.put(name, content)
            manifest = Manifest(inputs, dict(staging.records), dict(searched))
            check()
            self.publish(staging, manifest)
        finally:
            staging.discard()  # the old site, or what was staged when the work stopped before the swap
        return manifest
