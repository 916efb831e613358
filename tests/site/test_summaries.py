"""Summaries rendered ahead, on forked processes (markup.Summaries.prepare), are those rendered when shown."""

from __future__ import annotations

import sys

import pytest

from culturelinks.text import markup

TEXTS = [f"Text *{number}* with a [link](https://example.org/{number}) and <b>raw</b> & more" for number in range(40)]


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_prepared_summaries_are_the_rendered_ones(workers, monkeypatch):
    monkeypatch.setattr(markup, "MIN_PARALLEL_TEXTS", 10)
    # Earlier tests may leave threads behind (a build forks only from a single-threaded process); the
    # children here only render Markdown.
    monkeypatch.setattr(markup, "can_fork", lambda: True)
    prepared = markup.Summaries({TEXTS[0]: "<p>known before</p>"})
    prepared.prepare([*TEXTS, *TEXTS[:5]], workers)
    if workers > 1:
        assert set(prepared.rendered) == set(TEXTS[1:])  # rendered ahead, the known one excepted
    on_demand = markup.Summaries({TEXTS[0]: "<p>known before</p>"})
    for text in TEXTS:
        assert prepared.html(text) == on_demand.html(text)
        assert prepared.excerpt(text) == on_demand.excerpt(text)
    assert prepared.rendered == on_demand.rendered
    assert "<b>" not in prepared.html(TEXTS[3]) and 'rel="noopener noreferrer"' in prepared.html(TEXTS[3])


def test_texts_rendered_ahead_keep_no_utf8_copy(monkeypatch):
    """The forked processes inherit the texts they render instead of receiving them pickled: pickling a text that is
    not ASCII leaves its UTF-8 encoding cached in it for as long as it lives (at 10,000 events, 17 MB in the build's
    process, which each worker rendering the pages then copies too)."""
    monkeypatch.setattr(markup, "MIN_PARALLEL_TEXTS", 10)
    monkeypatch.setattr(markup, "can_fork", lambda: True)
    texts = [f"Mədəniyyət günləri, Дни культуры *{number}*" for number in range(40)]
    sizes = [sys.getsizeof(text) for text in texts]
    prepared = markup.Summaries()
    prepared.prepare(texts, 2)
    assert prepared.rendered == {text: markup.render(text) for text in texts}
    assert [sys.getsizeof(text) for text in texts] == sizes


def test_a_build_that_shows_few_summaries_keeps_the_others_known():
    """A build after an edit keeps most pages and shows few summaries: what it keeps for the next build is still the
    rendering of every text the data has, so the next build renders none of them again (at 10,000 events, every other
    build rendered 30,000 summaries, 1.8 s, and wrote the 27 MB file). A text the data no longer has is dropped."""
    def key(text: str) -> str:
        return "key of " + text

    known = {key(text): str(markup.render(text)) for text in TEXTS}
    shown_few = markup.Summaries(known, key)
    shown_few.prepare(TEXTS, 2)  # all known: nothing to render ahead
    assert shown_few.rendered == {}
    shown_few.html(TEXTS[3])
    assert not shown_few.changed_from(known)
    assert shown_few.to_keep() == {text: known[key(text)] for text in TEXTS}

    one_fewer = markup.Summaries(known, key)
    one_fewer.prepare(TEXTS[1:], 2)
    assert one_fewer.changed_from(known)
    assert set(one_fewer.to_keep()) == set(TEXTS[1:])
