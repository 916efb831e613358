"""The search index is made one language at a time (output.search.SiteIndex): the files of a finished language are
given to the build (``finished_so_far``), which writes them, and the index keeps nothing of them but what tells
two languages' copies of a shared file apart. At 10,000 events a language's files are about 60 MB, held in the
build's process until the end when they were kept."""

from __future__ import annotations

import time
import tracemalloc

import pytest

from culturelinks.output.search import SearchIndex, SearchIndexError, SiteIndex

WORDS = {"en": "library exhibition monument agreement society forum translation poetry",
         "ru": "библиотека выставка памятник соглашение общество форум перевод поэзия"}


def page(lang: str, number: int) -> str:
    words = WORDS[lang].split()
    text = " ".join(f"{words[(number * 7 + step) % len(words)]}{number * 31 + step}" for step in range(300))
    return f"<html lang='{lang}'><body><main data-pagefind-body><h1>{lang} {number}</h1><p>{text}</p></main>" \
           "</body></html>"


def fed(search: SiteIndex, pages: int) -> SiteIndex:
    """``search``, given ``pages`` pages of each language, a language after the other."""
    for lang in WORDS:
        for number in range(pages):
            search.add(lang, f"/{lang}/{number}/", page(lang, number))
    return search


def given_by_language(search: SiteIndex, languages: tuple[str, ...]) -> dict[str, bytes]:
    """What ``finished_so_far`` gives until every language's own files came (a guard, not a timing: 120 s)."""
    given: dict[str, bytes] = {}
    deadline = time.monotonic() + 120
    while not all(any(f"{lang}_" in path for path in given) for lang in languages):
        assert time.monotonic() < deadline, "Pagefind never finished"
        given.update(search.finished_so_far())
        time.sleep(0.05)
    return given


def test_a_finished_languages_files_are_let_go_once_given():
    tracemalloc.start()
    try:
        with SiteIndex() as search:
            fed(search, 150).finish_feeding()
            given = given_by_language(search, tuple(WORDS))
            size = sum(map(len, given.values()))
            with_them = tracemalloc.get_traced_memory()[0]
            given.clear()
            without_them = tracemalloc.get_traced_memory()[0]
            rest = search.files()
    finally:
        tracemalloc.stop()
    assert size > 200_000
    assert with_them - without_them >= 0.9 * size, "the index still holds the files it gave"
    assert set(rest) == {"pagefind-entry.json"}  # every other file was given: none twice


def test_the_whole_bundle_is_given_once_however_it_is_asked_for():
    """Asked for only at the end (as ``index_pages`` does), the files are the whole bundle: the same as given in
    turns."""
    with SiteIndex() as search:
        whole = fed(search, 20).files()
    with SiteIndex() as search:
        fed(search, 20).finish_feeding()
        in_turns = given_by_language(search, tuple(WORDS))
        in_turns.update(search.files())
    assert whole == dict(sorted(in_turns.items()))
    assert any(path.startswith("pagefind-ui") or path.endswith(".js") for path in whole)  # shared by the languages


def test_two_languages_that_disagree_on_a_shared_file_are_an_error(monkeypatch: pytest.MonkeyPatch):
    """A file both languages' bundles have (Pagefind's scripts) must be the same in both: the check holds when the
    first language's copy was given and let go."""
    from culturelinks.output import search as search_module

    files = search_module.SearchIndex.files
    calls = []

    def second_differs(index):
        made = files(index)
        calls.append(1)
        if len(calls) == 2:
            made = {path: (content + b"//" if path.endswith(".js") else content) for path, content in made.items()}
        return made

    monkeypatch.setattr(search_module.SearchIndex, "files", second_differs)
    with pytest.raises(SearchIndexError, match="two different"), SiteIndex() as search:
        search.add("en", "/en/1/", page("en", 1))
        search.add("ru", "/ru/1/", page("ru", 1))
        search.finish_feeding()
        deadline = time.monotonic() + 120
        while not search.finished_so_far():
            assert time.monotonic() < deadline
            time.sleep(0.05)
        search.files()


def test_pagefinds_answer_with_the_files_is_read_in_about_three_times_their_size():
    """Pagefind sends a language's files base64-encoded in JSON, itself base64-encoded: 1.8 times their size. The
    answer is decoded as it comes and each file as it is taken from it, so that reading it takes about three times
    what it gives (its JSON text, and what that is parsed into), not five, at the moment the build is at its peak
    (the last language's index)."""
    with SearchIndex() as index:
        for number in range(300):
            index.add(f"/en/{number}/", page("en", number))
        for message_id in range(2, index._sent + 1):  # every page is in: what follows is reading the files
            index._wait(message_id)
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            tracemalloc.reset_peak()
            files = index.files()
            peak = tracemalloc.get_traced_memory()[1] - before
        finally:
            tracemalloc.stop()
    size = sum(map(len, files.values()))
    assert size > 400_000
    assert peak <= 3.5 * size, f"{peak / size:.1f} times the files' size"
