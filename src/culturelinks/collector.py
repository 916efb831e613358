"""The cycle collector, paused while a build makes many objects that are not garbage (a light module: a build with
nothing to do uses it too)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused_gc"]


@contextmanager
def paused_gc(keep: bool = False) -> Iterator[None]:
    """Pause the cycle collector while millions of acyclic nodes are made: it would scan them in vain.

    ``keep``: what is made is kept for the whole build (the data, the model, the page plan): freeze it
    too (``gc.freeze``), or every later collection scans it again (at 10,000 events, 4 s of a build).
    A build made for ``serve`` unfreezes it when it ends (build.build_site)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if keep:
            gc.freeze()
        if was_enabled:
            gc.enable()
