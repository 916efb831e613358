"""A build waiting for another build of the same output touches nothing of it (output.publish.LiveSite.locked):
what killed builds left in the cache is removed under the lock only, never the staging folder of the build that
holds it; and a build that finds the lock free checks the output folder once before it starts, not twice."""

from __future__ import annotations

import fcntl
import threading
from pathlib import Path

import pytest

from culturelinks.build import build_site, cache_folder
from culturelinks.errors import UsageError
from culturelinks.output import publish

from .calls import NotedCalls


def test_a_waiting_build_leaves_the_running_builds_staging_folder_alone(project: Path):
    output = project / "output"
    build_site(output)
    cache = cache_folder(output)
    running = cache / f"{publish.STAGING_PREFIX}999999"  # the staging folder of a build holding the lock
    (running / "en").mkdir(parents=True)
    (running / "en" / "index.html").write_text("<p>being staged</p>", encoding="utf-8")
    outcome: list[object] = []
    with open(cache / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        waiting = threading.Thread(target=lambda: outcome.append(build_site(output, use_cache=False)))
        waiting.start()
        waiting.join(3)
        assert waiting.is_alive(), "the second build waits for the lock"
        assert (running / "en" / "index.html").read_text(encoding="utf-8") == "<p>being staged</p>"
        fcntl.flock(lock, fcntl.LOCK_UN)
    waiting.join(60)
    assert outcome and not running.exists(), "once the lock is its own, what the other build left goes"


def test_a_waiting_build_still_refuses_a_folder_that_is_not_a_site_at_once(project: Path):
    output = project / "output"
    output.mkdir()
    (output / "notes.txt").write_text("mine", encoding="utf-8")
    cache = cache_folder(output)
    cache.mkdir(parents=True)
    with open(cache / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with pytest.raises(UsageError, match="not a site culturelinks built"):
            build_site(output)  # said while the other build runs, not after it
    assert (output / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_build_with_the_lock_free_walks_the_output_folder_once_before_it_starts(project: Path,
                                                                                 noted_calls: NotedCalls):
    """Once under the lock, beside the build (output.side: in a process of its own while the data is read), and once
    in the build's own thread before the swap, for files added meanwhile."""
    output = project / "output"
    build_site(output)
    noted_calls.note(publish, "strangers")
    build_site(output, use_cache=False)
    walks = noted_calls.made("strangers")
    assert len(walks) == 2, walks
    assert [in_build for _, in_build in walks] == [False, True], "the first beside the build, the second in it"
