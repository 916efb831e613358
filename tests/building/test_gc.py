"""The data, model and page plan a build keeps are frozen out of the cycle collector's scans
(collector.paused_gc); a build made for ``serve`` unfreezes them when it ends."""

from __future__ import annotations

import gc
from pathlib import Path

from culturelinks.build import build_site
from culturelinks.collector import paused_gc
from culturelinks.serve.live import LiveBuild


def test_what_is_kept_is_frozen():
    gc.unfreeze()
    with paused_gc(keep=True):
        kept = [{"id": number} for number in range(1000)]
    assert gc.get_freeze_count() >= len(kept)
    assert gc.isenabled()
    gc.unfreeze()


def test_a_build_freezes_its_model_and_a_serve_build_lets_it_go(project: Path):
    gc.unfreeze()
    build_site(project / "output")
    assert gc.get_freeze_count() > 10_000  # the model, views and plan of the three events, and all before them
    gc.unfreeze()
    live = LiveBuild(project / "served")
    live(lambda: None)
    live.settle()
    assert live.last is not None and gc.get_freeze_count() == 0


def test_a_build_lets_the_yaml_tree_and_text_go_and_serve_keeps_them(project: Path, monkeypatch):
    """The composed YAML tree is most of what the data takes (180 MB at 10,000 events), and the text 45 MB more: a
    build lets them go once the data is validated, before the pages are rendered (nothing is located in the data
    without its tree); serve keeps them to re-read edited events."""
    import culturelinks.build as building

    made = []
    full_build = building.full_build
    monkeypatch.setattr(building, "full_build", lambda *args, **kwargs: made.append(full_build(*args, **kwargs))
                        or made[-1])
    build_site(project / "output")
    (outcome, _), = made
    assert outcome.source.root.value == [] and outcome.source.text == ""
    assert outcome.source.name.endswith("events.yaml")
    live = LiveBuild(project / "served")
    live(lambda: None)
    live.settle()
    assert live.last is not None and live.last.data_file is not None  # serve's build found each event in the tree
    gc.unfreeze()


def test_the_last_builds_record_is_read_with_the_collector_paused(project: Path, monkeypatch):
    """The record of what each page showed is a million objects at 10,000 events, kept for the whole build: the
    collector would scan them as they are made, and at every collection after."""
    from culturelinks.plugin import generator

    build_site(project / "output")
    collecting = []
    read_shows = generator.read_shows
    monkeypatch.setattr(generator, "read_shows", lambda *args: collecting.append(gc.isenabled()) or read_shows(*args))
    gc.unfreeze()
    build_site(project / "output", base_url="https://example.org/moved")
    assert collecting == [False]
    assert gc.get_freeze_count() > 10_000
    gc.unfreeze()
