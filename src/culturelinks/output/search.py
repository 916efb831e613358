"""Site search with Pagefind: one index per language, fed the pages as they are rendered.

The build feeds every page that search covers (``plan.SEARCHED_TEMPLATES``) to ``SearchIndex`` in
the order of the page plan and writes the index into the staged site. Pagefind splits the index by ``<html lang>``;
event pages and the Markdown pages mark what to index with ``data-pagefind-body`` (so lists,
navigation and the chooser are left out) and their date with ``data-pagefind-meta="date"``.

Pagefind does not fold diacritics: each event page carries its names' folded words (``text.folding``), the
last words the page gives Pagefind, with their count as the meta field ``folded_words``, so that
``static/js/search.js`` keeps them out of the result excerpts.

Pagefind is given each page as ``what_pagefind_reads`` leaves it: the parts it would parse only to skip
them (everything around the ``data-pagefind-body`` element, the ignored lists inside it) cost it a third
of its time and change nothing in the index.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import os
import re
import subprocess
import threading
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import IO

from pagefind.service import get_executable

from ..errors import CulturelinksError
from ..site import routes
from .manifest import searched_digests

OUTPUT_SUBDIR = routes.SEARCH_BUNDLE_DIR
TIMEOUT_SECONDS = 120


@dataclass(frozen=True)
class LiveFile:
    """A file of the live site's search bundle taken as it is (a language none of whose pages changed): its
    SHA-256 stands for its bytes, which are never read; the caller links the live file (plugin.generator)."""

    sha256: bytes


#: A file of a bundle: its bytes, or the live file it is.
BundleFile = bytes | LiveFile


class SearchIndexError(CulturelinksError):
    """Pagefind failed or did not finish."""


#: HTML's void elements: they have no end tag, so nothing after them is theirs.
VOID_ELEMENTS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                           "track", "wbr"})
_TAG_NAME = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)")
_BODY_ATTRIBUTE = " data-pagefind-body"
_IGNORE_ATTRIBUTE = " data-pagefind-ignore"


def what_pagefind_reads(html: str) -> str:
    """The page reduced to what Pagefind indexes of it, for the same index byte for byte: its ``<html>`` tag
    (the language), its ``<title>`` and its one ``data-pagefind-body`` element, without the
    ``data-pagefind-ignore`` elements inside that hold no other ``data-pagefind-`` attribute (no meta,
    filter or indexed attribute) and stand between white space (so no words are joined, nor parted). The
    page itself when it is not shaped so (no body element, or several)."""
    first = _attribute_at(html, _BODY_ATTRIBUTE, 0)
    if first is None or _attribute_at(html, _BODY_ATTRIBUTE, first[1]) is not None:
        return html
    element = _element_at(html, first[0])
    html_start = html.find("<html")
    if element is None or html_start == -1:
        return html
    title_start, title_end = html.find("<title>"), html.find("</title>")
    title = html[title_start:title_end + len("</title>")] if -1 < title_start < title_end else ""
    body, kept, kept_from, search_from = html[element[0]:element[1]], [], 0, 0
    while (found := _attribute_at(body, _IGNORE_ATTRIBUTE, search_from)) is not None:
        search_from = found[1]
        if not body[found[0] - 1:found[0]].isspace():
            continue
        ignored = _element_at(body, found[0])
        if ignored is None or body.count("data-pagefind-", ignored[0], ignored[1]) > 1 \
                or not body[ignored[1]:ignored[1] + 1].isspace():
            continue
        kept.append(body[kept_from:ignored[0]])
        kept_from = search_from = ignored[1]
    kept.append(body[kept_from:])
    return (f"{html[html_start:html.index('>', html_start) + 1]}<head>{title}</head><body>"
            f"{''.join(kept)}</body></html>")


def _attribute_at(html: str, attribute: str, start: int) -> tuple[int, int] | None:
    """The first start tag from ``start`` on that has ``attribute`` (written `` name``, as the templates
    write it): where its ``<`` is and where the attribute ends; None when there is none. An occurrence
    in text or in an attribute's value is not one."""
    while (at := html.find(attribute, start)) != -1:
        end = at + len(attribute)
        tag = html.rfind("<", 0, at)
        if (end == len(html) or html[end] in " =>/\t\n") and tag != -1 and html.find(">", tag, at) == -1 \
                and html.count('"', tag, at) % 2 == 0 and _TAG_NAME.match(html, tag):
            return tag, end
        start = end
    return None


def _element_at(html: str, start: int) -> tuple[int, int] | None:
    """Where the element whose start tag is at ``start`` ends (after its end tag), counting the elements of
    the same name inside it; None for a void element or one whose end is not found."""
    name = _TAG_NAME.match(html, start)
    if name is None or name.group(1).lower() in VOID_ELEMENTS:
        return None
    depth = 0
    for tag in _tags_named(name.group(1).lower()).finditer(html, start):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            close = html.find(">", tag.end() - 1)
            return (start, close + 1) if close != -1 else None
    return None


@functools.cache
def _tags_named(name: str) -> re.Pattern[str]:
    """The start and end tags of the elements named ``name``."""
    return re.compile(rf"<(/?){re.escape(name)}[\s/>]", re.IGNORECASE)


class SearchIndex:
    """Pagefind's index of the site, fed page by page (Pagefind's service protocol, as its Python API speaks it).

    Pages go in the order of the page plan, so the index is the same bytes on any filesystem (the
    Pagefind CLI follows directory order instead). Pagefind runs as its own process and indexes
    while this one renders: ``add`` does not wait for it. The ``pagefind`` package's own async client
    waits a tenth of a second per answer (its reader sleeps between reads), 100 s for 1,000 pages, so
    this one speaks the same protocol directly, with a thread that reads the answers as they come.
    Use it as a context manager: the service stops on leaving it.
    """

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._input: IO[bytes] | None = None
        self._reader: threading.Thread | None = None
        self._answers: dict[int, dict] = {}
        self._arrived = threading.Condition()
        self._sent = 0
        self._index_id: int | None = None

    def __enter__(self) -> SearchIndex:
        executable = get_executable()
        if executable is None:
            raise SearchIndexError("the Pagefind binary is not installed (pip install 'pagefind[extended]')")
        try:
            self._process = subprocess.Popen([str(executable), "--service"], stdin=subprocess.PIPE,
                                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except OSError as exc:
            raise SearchIndexError(f"cannot start Pagefind: {exc.strerror}") from exc
        self._input = self._process.stdin
        self._reader = threading.Thread(target=self._read_answers, args=(self._process.stdout,), name="pagefind",
                                        daemon=True)
        self._reader.start()
        self._index_id = self._wait(self._send({"type": "NewIndex", "config": None}))["index_id"]
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Close Pagefind's input, so that it exits, and wait for it and for the reader."""
        if self._process is None or self._input is None:
            return
        try:
            self._input.close()
        except BrokenPipeError:  # it was stopped (abort)
            pass
        try:
            self._process.wait(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        if self._reader is not None:
            self._reader.join(timeout=TIMEOUT_SECONDS)
        if self._process.stdout is not None:
            self._process.stdout.close()

    def abort(self) -> None:
        """Stop Pagefind now, from any thread: whoever waits for it gets a SearchIndexError."""
        if self._process is not None:
            self._process.kill()

    def _read_answers(self, stream: IO[bytes]) -> None:
        """The reader thread: every answer, by the number of the request it answers, until the pipe closes.

        An answer can be a hundred megabytes (a language's files at 10,000 events, base64 in JSON in base64), and
        comes while the build is at its peak: it is decoded from base64 as it comes, and only its JSON text is
        ever whole, so that at most two copies of it live at once (the text and what it is parsed into)."""
        decoded = bytearray()  # the JSON of the answer not yet whole
        undecoded = b""  # its base64 characters after the last four
        while chunk := os.read(stream.fileno(), 1 << 16):
            *ends, rest = chunk.split(b",")
            for end in ends:
                decoded += base64.b64decode(undecoded + end)
                undecoded = b""
                if decoded:
                    text, decoded = decoded.decode(), bytearray()
                    self._arrive(json.loads(text))
                    del text
            encoded = undecoded + rest
            whole = len(encoded) - len(encoded) % 4
            decoded += base64.b64decode(encoded[:whole])
            undecoded = encoded[whole:]
        with self._arrived:
            self._answers[-1] = {"type": "Error", "message": "Pagefind stopped"}
            self._arrived.notify_all()

    def _arrive(self, answer: dict) -> None:
        with self._arrived:
            self._answers[answer.get("message_id") or 0] = answer["payload"]
            self._arrived.notify_all()

    def _send(self, payload: dict) -> int:
        self._sent += 1
        request = {"message_id": self._sent, "payload": payload}
        assert self._input is not None, "enter the index first"
        try:
            # UTF-8, not \u escapes: a page in Russian or Azerbaijani is then half the bytes Pagefind decodes
            self._input.write(base64.b64encode(json.dumps(request, ensure_ascii=False).encode()) + b",")
            self._input.flush()
        except OSError as exc:
            raise SearchIndexError(f"Pagefind stopped: {exc.strerror}") from exc
        return self._sent

    def _wait(self, message_id: int) -> dict:
        with self._arrived:
            if not self._arrived.wait_for(lambda: message_id in self._answers or -1 in self._answers
                                          or 0 in self._answers, TIMEOUT_SECONDS):
                raise SearchIndexError(f"Pagefind did not answer in {TIMEOUT_SECONDS} s")
            answer = self._answers.get(message_id) or self._answers.get(0) or self._answers[-1]
        if answer.get("type") == "Error":
            raise SearchIndexError(f"Pagefind failed: {answer.get('message')}")
        return answer

    def add(self, url: str, html: str) -> None:
        """Index one page, found at ``url`` (as search results link to it); Pagefind answers later."""
        self._send({"type": "AddFile", "index_id": self._index_id, "url": url,
                    "file_contents": what_pagefind_reads(html), "file_path": None})

    def files(self) -> dict[str, bytes]:
        """Once every page is in: the index and Pagefind's scripts and styles, by path in the bundle, in order.

        Pagefind's answer to "write the files" comes before they are all written (and it stops writing
        when its input closes), so the bundle is asked for as data and written by the caller instead."""
        for message_id in range(2, self._sent + 1):
            self._wait(message_id)
        listed = self._wait(self._send({"type": "GetFiles", "index_id": self._index_id}))["files"]
        bundle = {}
        while listed:  # each file's base64 let go as soon as it is decoded (the answer keeps the emptied list)
            file = listed.pop()
            bundle[file["path"].lstrip("/")] = base64.b64decode(file["content"])
        if "pagefind.js" not in bundle or "pagefind-entry.json" not in bundle:
            raise SearchIndexError("Pagefind made no pagefind.js or pagefind-entry.json")
        bundle["pagefind-entry.json"] = _sorted_entry(bundle["pagefind-entry.json"])
        return dict(sorted(bundle.items()))


class SiteIndex:
    """The site's search index, made one language at a time: a Pagefind process for each language in
    turn (pages come grouped by language, in plan order), so at most one language's index is being fed
    while the last one finishes (a thread waits for its files, so feeding never stops). Pagefind keeps
    the languages apart anyway (files named by language, one entry file listing them), so the bundles
    are merged file by file and their entry files into one.

    ``enabled`` False makes a stand-in that indexes nothing (a build that keeps the live index for now).
    """

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self._language: str | None = None
        self._index: SearchIndex | None = None
        self._done: set[str] = set()
        #: The SHA-256 of each file of the bundle merged so far: what tells two languages' copies of a shared file
        #: apart once the first was given and let go (a language's files are about 60 MB at 10,000 events).
        self._digests: dict[str, bytes] = {}
        #: The bundle's files not given yet (by ``finished_so_far``, or ``files``).
        self._fresh: dict[str, BundleFile] = {}
        self._entry: dict | None = None
        #: Languages whose pages are all in, each with its index, the thread waiting for its files, and
        #: what the wait gave (the files, or the exception).
        self._finishing: list[tuple[SearchIndex, threading.Thread, list[dict[str, bytes] | BaseException]]] = []

    def __enter__(self) -> SiteIndex:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if exc_info[0] is not None:
            self.abort()
        for _, thread, _ in self._finishing:
            thread.join()
        self._finishing = []
        if self._index is not None:
            self._index.__exit__(*exc_info)
            self._index = None

    def add(self, lang: str, url: str, html: str) -> None:
        """Index one page of ``lang``; the pages of a language come together."""
        if lang != self._language:
            self._finish_language()
            if lang in self._done:
                raise SearchIndexError(f"the {lang} pages do not come together in the page plan")
            self._language, self._index = lang, SearchIndex().__enter__()
        assert self._index is not None
        self._index.add(url, html)

    def abort(self) -> None:
        """Stop every Pagefind process now, the finishing ones too (SearchIndex.abort)."""
        for index, _, _ in list(self._finishing):  # a copy: the thread that merges takes them out meanwhile
            index.abort()
        if (feeding := self._index) is not None:
            feeding.abort()

    def reuse(self, lang: str, bundle: Mapping[str, BundleFile]) -> None:
        """Take ``lang``'s part of a finished bundle made before (``language_part``), as if it were indexed again:
        for a language none of whose searched pages changed."""
        if lang == self._language or lang in self._done:
            raise SearchIndexError(f"the {lang} pages do not come together in the page plan")
        self._finish_language()
        files, entry = language_part(bundle, lang)
        self._done.add(lang)
        self._merge(files, entry)

    def finish_feeding(self) -> None:
        """No more pages come: let Pagefind finish the last language now, while the caller does other work."""
        self._finish_language()

    def _finish_language(self) -> None:
        """Let Pagefind finish the language fed so far while the next one is fed: a thread waits for its files."""
        if self._index is None or self._language is None:
            return
        index = self._index
        outcome: list[dict[str, bytes] | BaseException] = []
        self._index = None
        self._done.add(self._language)

        def wait_for_files() -> None:
            try:
                outcome.append(index.files())
            except BaseException as exc:  # noqa: BLE001 - handed to the thread that merges
                outcome.append(exc)
            finally:
                index.__exit__(None, None, None)

        thread = threading.Thread(target=wait_for_files, name=f"pagefind-{self._language}", daemon=True)
        thread.start()
        self._finishing.append((index, thread, outcome))

    def idle(self) -> bool:
        """Whether no Pagefind is at work: no language is being fed, and each one fed so far is finished."""
        return self._index is None and not any(thread.is_alive() for _, thread, _ in self._finishing)

    def finished_so_far(self) -> dict[str, BundleFile]:
        """Without waiting: the files of the languages Pagefind has finished, or taken from the live index
        (``reuse``), since the last call (their entry files are merged into the one ``files`` gives), each file
        once, so the caller can write them while the other languages are indexed, and this index keeps none of
        them."""
        while self._finishing and not self._finishing[0][1].is_alive():
            self._merge_next()
        fresh, self._fresh = self._fresh, {}
        return fresh

    def _merge_finished(self) -> None:
        """Wait for every finishing language and merge their files, in the order they were fed."""
        while self._finishing:
            self._merge_next()

    def _merge_next(self) -> None:
        """Wait for the first finishing language and merge its files. The language stays in ``_finishing``
        while it is waited for, so that ``abort`` stops its Pagefind too."""
        _, thread, outcomes = self._finishing[0]
        thread.join()
        self._finishing.pop(0)
        (outcome,) = outcomes
        if isinstance(outcome, BaseException):
            raise outcome
        self._merge(outcome, json.loads(outcome.pop("pagefind-entry.json")))

    def _merge(self, files: Mapping[str, BundleFile], entry: dict) -> None:
        if self._entry is None:
            self._entry = entry
        elif {**self._entry, "languages": None} != {**entry, "languages": None}:
            raise SearchIndexError("Pagefind made entry files that disagree beyond their languages")
        else:
            self._entry["languages"].update(entry["languages"])
        for path, content in files.items():
            digest = content.sha256 if isinstance(content, LiveFile) else hashlib.sha256(content).digest()
            known = self._digests.setdefault(path, digest)
            if known is digest:
                self._fresh[path] = content
            elif known != digest:
                raise SearchIndexError(f"Pagefind made two different {path} for two languages")

    def files(self) -> dict[str, BundleFile]:
        """Once every page is in: the merged bundle, by path in it, in order, but for the files ``finished_so_far``
        gave (all of it when that was never asked); its entry file always, with every language."""
        self._finish_language()
        self._merge_finished()
        if self._entry is None:
            with SearchIndex() as empty:  # a site with nothing to search still gets Pagefind's scripts
                return dict(empty.files())
        fresh, self._fresh = self._fresh, {}
        return dict(sorted({**fresh, "pagefind-entry.json": _sorted_entry(json.dumps(self._entry).encode())
                            }.items()))


def language_part(bundle: Mapping[str, BundleFile], lang: str) -> tuple[dict[str, BundleFile], dict]:
    """What indexing only ``lang``'s pages of a bundle would have made: the bundle without the files of its
    other languages (their meta, index and fragment files and their stemmers), and its entry file
    listing only ``lang``."""
    entry = _entry_of(bundle)
    languages = entry["languages"]
    if lang not in languages:
        raise SearchIndexError(f"the search index has no {lang} pages to keep")
    own_wasm = f"wasm.{languages[lang]['wasm']}.pagefind" if languages[lang]["wasm"] else None
    others = tuple(f"{prefix}{code}_" for code in languages if code != lang
                   for prefix in ("pagefind.", "index/", "fragment/"))
    other_wasm = {f"wasm.{record['wasm']}.pagefind" for code, record in languages.items()
                  if code != lang and record["wasm"]} - {own_wasm}
    files = {path: content for path, content in bundle.items()
             if path != "pagefind-entry.json" and not path.startswith(others) and path not in other_wasm}
    return files, {**entry, "languages": {lang: languages[lang]}}


def _entry_of(bundle: Mapping[str, BundleFile]) -> dict:
    """The bundle's entry file, read (a live bundle's always is: plugin.generator.live_search_bundle)."""
    entry = bundle["pagefind-entry.json"]
    assert isinstance(entry, bytes), "a bundle's entry file is read"
    return json.loads(entry)


def _sorted_entry(entry: bytes) -> bytes:
    """Pagefind lists the languages in its entry file in no fixed order; sort them, so two builds are identical."""
    return json.dumps(json.loads(entry), ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


class SearchFeed:
    """The one way the search index is made, in every build: the searched pages come (``add``) each language
    after the other (in any order of the languages), each language's in plan order, with their HTML when they
    were rendered or written anew, None when they are as they were when the live index was made; a language
    none of whose pages is new, with the very pages the live index was made from (``previous``:
    Manifest.searched), takes its part of the live index (``live``), which Pagefind would make again byte for
    byte. Otherwise its pages are fed to Pagefind, those not rendered read with ``read`` (from the staged site,
    or the live one); Pagefind finishes a language's index as soon as the next language's pages come."""

    def __init__(self, search: SiteIndex, read: Callable[[str], str], previous: Mapping[str, str],
                 live: Callable[[], Mapping[str, BundleFile] | None]):
        self.search = search
        self.read = read
        self.previous = previous
        self.live = live
        self.lang: str | None = None
        self.names: list[str] = []
        self.waiting: list[str] = []
        self.feeding = False
        self.languages: list[str] = []

    def add(self, lang: str, name: str, html: str | None) -> None:
        """A searched page of ``lang``: its HTML when it is new, None when it is as the live index has it."""
        if lang != self.lang:
            if self.feeding:  # its pages are all in: Pagefind finishes it while this language's come
                self.search.finish_feeding()
            self._finish_language()
            self.lang, self.names, self.waiting, self.feeding = lang, [], [], False
            self.languages.append(lang)
        self.names.append(name)
        if not self.feeding and html is None:
            self.waiting.append(name)
            return
        if not self.feeding:
            self.feeding = True
            self._feed_waiting()
        self._feed(name, html)

    def finish(self) -> None:
        """Every searched page is in: the last language's index is made now, in the background."""
        self._finish_language()
        self.search.finish_feeding()

    def _feed(self, name: str, html: str | None) -> None:
        assert self.lang is not None
        self.search.add(self.lang, routes.of_saved(name).url, html if html is not None else self.read(name))

    def _feed_waiting(self) -> None:
        for name in self.waiting:
            self._feed(name, None)
        self.waiting = []

    def _finish_language(self) -> None:
        if self.lang is None or self.feeding:
            return
        same_pages = self.previous.get(self.lang) == searched_digests((self.lang, name) for name in self.names)[
            self.lang]
        bundle = self.live() if same_pages else None
        if bundle is not None and self.lang in _entry_of(bundle)["languages"]:
            self.search.reuse(self.lang, bundle)
            self.waiting = []
        else:
            self._feed_waiting()


def index_pages(searched: Sequence[tuple[str, str]], new: Callable[[str], str | None], read: Callable[[str], str],
                previous: Mapping[str, str], live: Callable[[], Mapping[str, bytes] | None],
                check: Callable[[], None] = lambda: None, started: Callable[[SiteIndex], None] = lambda search: None
                ) -> dict[str, bytes]:
    """The search index of the ``searched`` pages (language, name; in plan order) of a site already written:
    ``new(name)`` is the page's HTML when it changed since the live index was made, else None (``SearchFeed``).
    ``check`` is called between pages, to raise when the work must stop; ``started`` is told the index, which
    can be aborted."""
    with SiteIndex() as search:
        started(search)
        feed = SearchFeed(search, read, previous, live)
        for lang, name in searched:
            check()
            feed.add(lang, name, new(name))
        feed.finish()
        files = search.files()
    assert all(isinstance(content, bytes) for content in files.values()), "``live`` gives the live bundle's bytes"
    return typing.cast(dict[str, bytes], files)
