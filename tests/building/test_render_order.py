"""Pages are rendered searched first (output.render.render_order), so that Pagefind finishes the last language's
index while the rest of the site is rendered; the site is the same."""

from __future__ import annotations

from pathlib import Path

from culturelinks.build import build_site
from culturelinks.output import render
from culturelinks.plugin import generator


def test_searched_pages_first_each_in_plan_order(project: Path, monkeypatch):
    plans = []
    original = generator.rendering

    def spy(renderer, files, workers):
        plans.append(renderer.pages)
        return original(renderer, files, workers)

    monkeypatch.setattr(generator, "rendering", spy)
    build_site(project / "output")
    (pages,) = plans
    order = render.render_order(pages)
    assert sorted(order) == list(range(len(pages)))
    searched = [number for number in order if pages[number].searched]
    assert order[:len(searched)] == searched == sorted(searched)
    assert order[len(searched):] == sorted(order[len(searched):])
    assert {pages[number].template for number in searched} == {"event", "page", "entity"}
    assert pages[order[-1]].template not in ("event", "page", "entity")
