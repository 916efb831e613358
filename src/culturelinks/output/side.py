"""Work done beside a build: file work that needs no result until later (removing the last old site's files, walking
the output folder for files no build wrote, checking the cached summaries) runs in a forked process while the build's
process reads and plans the data, on the core that would otherwise wait. A process, not a thread: such work makes a
system call for every file, and a thread would wait for the interpreter lock after each one while the build's
process holds it. In a process that runs other threads (``serve``), where forking is not safe, it is a thread.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable


class SideWork:
    """``work`` started now; its result (text) read with ``result``."""

    def __init__(self, work: Callable[[], str]):
        from ..text.markup import can_fork  # Markdown's libraries: not for a build with nothing to do

        self._outcome: list[str] = []
        self._pid: int | None = None
        self._pipe: int | None = None
        self._thread: threading.Thread | None = None
        if can_fork():
            self._pipe, writing = os.pipe()
            self._pid = os.fork()
            if self._pid == 0:  # the child: the work, its result into the pipe, then out without Python's shutdown
                code = 1
                try:
                    os.close(self._pipe)
                    payload = work().encode("utf-8", "surrogateescape")
                    with os.fdopen(writing, "wb") as pipe:
                        pipe.write(payload)
                    code = 0
                finally:
                    os._exit(code)
            os.close(writing)
        else:
            self._thread = threading.Thread(target=self._work_in_thread, args=(work,), name="culturelinks-side",
                                            daemon=True)
            self._thread.start()

    def _work_in_thread(self, work: Callable[[], str]) -> None:
        try:
            self._outcome.append(work())
        except BaseException:  # noqa: BLE001 - as a forked process's failure: no result (``result`` says None)
            pass

    def result(self) -> str | None:
        """What the work gave, once it is done; None when it failed (an exception, or a process that was killed)."""
        if self._thread is not None:
            self._thread.join()
        elif self._pipe is not None:  # not read yet
            with os.fdopen(self._pipe, "rb") as pipe:
                payload = pipe.read()
            self._pipe = None
            assert self._pid is not None
            _, status = os.waitpid(self._pid, 0)
            if os.waitstatus_to_exitcode(status) == 0:
                self._outcome.append(payload.decode("utf-8", "surrogateescape"))
        return self._outcome[0] if self._outcome else None
