"""Summaries rendered ahead, on forked processes (markup.Summaries.prepare), are those rendered when shown."""

from __future__ import annotations

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
