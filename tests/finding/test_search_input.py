"""Pagefind is given each page reduced to what it indexes (search.what_pagefind_reads), and makes the same
index from it as from the whole page."""

from __future__ import annotations

import base64
import io
import json

import pytest

from culturelinks.output import search
from culturelinks.output.search import SearchIndex, what_pagefind_reads


def bundle(pages: dict[str, str], reduce: bool, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    with monkeypatch.context() as patch:
        if not reduce:
            patch.setattr(search, "what_pagefind_reads", lambda html: html)
        with SearchIndex() as index:
            for url, html in pages.items():
                index.add(url, html)
            return index.files()


@pytest.mark.parametrize("lang", ["az", "ru", "en"])
def test_pagefind_makes_the_same_index_from_what_it_reads_of_the_site(built_sites, lang, monkeypatch):
    root = built_sites.plain.root
    pages = {f"/{path.parent.relative_to(root).as_posix()}/": path.read_text("utf-8")
             for path in sorted((root / lang).rglob("index.html"))}
    searched = {url: html for url, html in pages.items() if "data-pagefind-body" in html}
    assert any("/events/" in url for url in searched) and any("/about/" in url for url in searched)
    reduced = {url: what_pagefind_reads(html) for url, html in searched.items()}
    assert sum(map(len, reduced.values())) < 0.6 * sum(map(len, searched.values()))
    assert bundle(searched, False, monkeypatch) == bundle(searched, True, monkeypatch)


def test_an_event_page_loses_the_ignored_lists_and_keeps_what_search_shows(built_sites, event_id):
    html = (built_sites.plain.root / "en" / "events" / event_id / "index.html").read_text("utf-8")
    reduced = what_pagefind_reads(html)
    assert reduced.startswith('<html lang="en"><head><title>')
    assert 'data-pagefind-meta="date"' in reduced  # an ignored element that carries meta stays
    assert "<h1" in reduced and 'class="summary"' in reduced
    for gone in ('class="references"', 'class="related"', 'class="pager"', "site-header", "site-footer",
                 "application/ld+json"):
        assert gone in html and gone not in reduced


TRICKY_PAGES = {
    # Text and attribute values that read like the attributes, nested elements of one name, a void element.
    "/a/": '<!DOCTYPE html><html lang="en"><head><title>A</title></head><body><nav>menu words</nav>'
           '<main><article data-pagefind-body><h1>Alpha data-pagefind-ignore</h1>'
           '<p title="x data-pagefind-ignore y">kept paragraph</p>\n'
           '<section data-pagefind-ignore><section><p>inner ignored</p></section><p>outer ignored</p></section>\n'
           '<p>after the nest</p>\n<img data-pagefind-ignore src="a.png" alt="">\n'
           '<p>glued<span data-pagefind-ignore>hidden</span>word</p>\n'
           '<div data-pagefind-ignore><span data-pagefind-filter="kind">event</span> ignored text</div>\n'
           '</article></main><footer>foot</footer></body></html>',
    # Two body elements: given whole.
    "/b/": '<html lang="en"><head><title>B</title></head><body><div data-pagefind-body>first part</div>'
           '<p>between</p><div data-pagefind-body>second part <section data-pagefind-ignore>x</section> end</div>'
           '</body></html>',
    # No body element: given whole, and Pagefind indexes all of it.
    "/c/": '<html lang="en"><head><title>C</title></head><body><h1>Gamma</h1><p>plain words</p></body></html>',
}


def test_tricky_pages_give_the_same_index(monkeypatch):
    assert bundle(TRICKY_PAGES, False, monkeypatch) == bundle(TRICKY_PAGES, True, monkeypatch)


def test_what_is_cut_and_what_is_not():
    reduced = what_pagefind_reads(TRICKY_PAGES["/a/"])
    assert "menu words" not in reduced and "foot" not in reduced
    assert "inner ignored" not in reduced and "outer ignored" not in reduced and "after the nest" in reduced
    assert 'title="x data-pagefind-ignore y">kept paragraph' in reduced
    assert "glued<span data-pagefind-ignore>hidden</span>word" in reduced  # removing it would join the words
    assert 'data-pagefind-filter="kind"' in reduced
    assert '<img data-pagefind-ignore src="a.png" alt="">' in reduced
    assert what_pagefind_reads(TRICKY_PAGES["/b/"]) == TRICKY_PAGES["/b/"]
    assert what_pagefind_reads(TRICKY_PAGES["/c/"]) == TRICKY_PAGES["/c/"]


def sent_to_pagefind(html: str) -> bytes:
    """The bytes ``SearchIndex.add`` writes to Pagefind's input for one page (base64 undone)."""
    index = SearchIndex()
    index._input = io.BytesIO()  # as __enter__ would have it: Pagefind's input
    index._index_id = 1
    index.add("/ru/a/", html)
    return base64.b64decode(index._input.getvalue().rstrip(b","))


def test_a_page_goes_to_pagefind_as_utf8_not_escapes():
    """A page in Russian or Azerbaijani is written to Pagefind in UTF-8: as ``\\u`` escapes it was three times the
    bytes for Pagefind to decode and parse (about a tenth of its work)."""
    html = '<html lang="ru"><head><title>Москва</title></head><body><p>Дни культуры, Şəki</p></body></html>'
    sent = sent_to_pagefind(html)
    assert "Дни культуры, Şəki".encode() in sent and b"\\u" not in sent
    assert json.loads(sent)["payload"]["file_contents"] == what_pagefind_reads(html)


def test_utf8_and_escaped_pages_give_the_same_index(monkeypatch):
    """Pagefind reads the same text from either form: the index is the same bytes."""
    def escaped(self: SearchIndex, payload: dict) -> int:  # how pages were sent before: \u escapes
        self._sent += 1
        self._input.write(base64.b64encode(json.dumps({"message_id": self._sent, "payload": payload}).encode()) + b",")
        self._input.flush()
        return self._sent

    pages = {"/ru/a/": '<html lang="ru"><head><title>Москва</title></head><body><main data-pagefind-body>'
                       '<h1>Дни культуры Азербайджана</h1><p>«Ханская дочь», Şəki, Gəncə — 1995</p></main>'
                       '</body></html>'}
    as_utf8 = bundle(pages, True, monkeypatch)
    monkeypatch.setattr(SearchIndex, "_send", escaped)
    assert bundle(pages, True, monkeypatch) == as_utf8
