"""Render pages on every core: the page list is split between forked workers.

Forking keeps it simple and cheap: each worker inherits the ready model, views and templates, and
writes its own share of files, so the output is the same bytes whichever process wrote a page.
It is used only where forking is safe (a single-threaded process on a system with ``fork``);
elsewhere — under ``culturelinks serve``, whose server runs in threads — pages render in-process.
"""

from __future__ import annotations

import os
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")

#: Below this many items per worker, starting a worker costs more than it saves.
MIN_SHARE = 50


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


def run_split(items: Sequence[Item], work: Callable[[Sequence[Item], int], None], workers: int) -> None:
    """Run ``work(share, weight)`` over ``items``, split into interleaved shares among ``workers`` processes.

    The calling process does the first share with ``weight`` the number of workers (each of its items
    stands for that many, for progress reports); the workers get ``weight`` 0 (they report nothing).
    A failing worker makes the whole call fail.
    """
    workers = min(workers, max(1, len(items) // MIN_SHARE))
    if workers <= 1 or not can_fork():
        work(items, 1)
        return
    shares = [items[i::workers] for i in range(workers)]
    sys.stdout.flush()
    sys.stderr.flush()
    children = []
    for share in shares[1:]:
        pid = os.fork()
        if pid == 0:  # the worker: do the share, report by exit status, never return into the caller
            status = 0
            try:
                work(share, 0)
            except BaseException:  # noqa: BLE001 - reported to the parent through the exit status
                traceback.print_exc()
                status = 1
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(status)
        children.append(pid)
    error: BaseException | None = None
    try:
        work(shares[0], workers)
    except BaseException as exc:  # noqa: BLE001 - re-raised once the workers are reaped
        error = exc
    failed = [pid for pid in children if os.waitpid(pid, 0)[1] != 0]
    if error is not None:
        raise error
    if failed:
        raise RuntimeError(f"{len(failed)} of {workers} rendering workers failed (their errors are above)")
