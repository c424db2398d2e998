"""Both cores for a big build (part of stage 4, render): work that runs in a forked child
while this process goes on, its result read back when it is needed.

Fork, not spawn: the child starts with the resolved article and the compiled templates
already in its memory, so nothing is pickled on the way in; only the result comes back,
through a pipe. The work runs here instead, when it is asked for, where fork is missing
(Windows), where other threads run (a fork copies their locks mid-use: `serve`), or when
the child fails, so an error surfaces as it would without a fork. The result is the same
either way.
"""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

Result = TypeVar("Result")


def can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


class Background(Generic[Result]):
    """`work()` started in a forked child; `result()` waits for it, `close()` abandons it."""

    def __init__(self, work: Callable[[], Result]) -> None:
        self._work = work
        self._child: int | None = None
        self._pipe = None
        if not can_fork():
            return
        reader, writer = os.pipe()
        child = os.fork()
        if child == 0:
            _run_child(work, reader, writer)
        os.close(writer)
        self._child, self._pipe = child, os.fdopen(reader, "rb")

    def result(self) -> Result:
        if self._child is None or self._pipe is None:
            return self._work()
        data = self._pipe.read()
        if self.close() != 0:
            return self._work()
        return pickle.loads(data)

    def close(self) -> int:
        """Stop waiting: a child still writing gets a broken pipe and leaves. Its exit code."""
        if self._child is None or self._pipe is None:
            return 0
        self._pipe.close()
        _, status = os.waitpid(self._child, 0)
        self._child = self._pipe = None
        return os.waitstatus_to_exitcode(status)


def _run_child(work: Callable[[], object], reader: int, writer: int) -> None:
    """Never returns: the child leaves with os._exit, so none of the parent's cleanup or buffered output runs twice."""
    code = 1
    try:
        os.close(reader)
        data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(data)
        code = 0
    finally:
        os._exit(code)
