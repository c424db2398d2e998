"""Both cores for a big build: work that runs in a forked child while this process goes on,
its result read back when it is needed. A long article's later section files are read,
checked, parsed and anchored in one (`content`), and its open data is made in another
(`pipeline`).

Fork, not spawn: the child starts with everything loaded so far (the resolved article, the
compiled templates) already in its memory, so nothing is pickled on the way in; only the
result comes back, through a pipe. The work runs here instead, when it is asked for, where
fork is missing (Windows), where other threads run (a fork copies their locks mid-use:
`serve`), or when the child fails, so an error surfaces as it would without a fork. The
result is the same either way.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from typing import BinaryIO, Generic, TypeVar

Item = TypeVar("Item")


# Below this many sections, a forked child costs more than it saves.
PARALLEL_SECTIONS = 200


def can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


def worth_a_child(sections: int) -> bool:
    return sections >= PARALLEL_SECTIONS and can_fork()


class Background(Generic[Item]):
    """`work()` started in a forked child; `items()` gives the list it returns, one item at a time.

    The child sends its items one by one, so this process holds one at a time rather than the
    whole list twice over (pickled and unpickled)."""

    def __init__(self, work: Callable[[], list[Item]]) -> None:
        self._work = work
        self._child: int | None = None
        self._pipe: BinaryIO | None = None
        if not can_fork():
            return
        reader, writer = os.pipe()
        try:
            child = os.fork()
        except OSError:  # at a process limit, or out of memory: the work runs here, when asked for
            os.close(reader)
            os.close(writer)
            return
        if child == 0:
            _run_child(work, reader, writer)
        os.close(writer)
        self._child, self._pipe = child, os.fdopen(reader, "rb")

    def items(self) -> Iterator[Item]:
        sent = 0
        if self._pipe is not None:
            while (item := _next_item(self._pipe)) is not _END:
                sent += 1
                yield item  # type: ignore[misc]
            if self.close() == 0:
                return
        yield from self._work()[sent:]  # no child, or it failed: the rest is done here

    def close(self) -> int:
        """Stop reading: a child still writing gets a broken pipe and leaves. Its exit code."""
        if self._pipe is None:
            return 0
        self._pipe.close()
        _, status = os.waitpid(self._child, 0)  # type: ignore[arg-type]
        self._pipe = self._child = None
        return os.waitstatus_to_exitcode(status)


_END = object()


def _next_item(pipe: BinaryIO) -> object:
    import pickle  # here, not at the top: `check` of a short article never forks, and pays for no import

    try:
        return pickle.load(pipe)
    except (EOFError, pickle.UnpicklingError):
        return _END


def _run_child(work: Callable[[], list[object]], reader: int, writer: int) -> None:
    """Never returns: the child leaves with os._exit, so none of the parent's cleanup or buffered output runs twice."""
    import pickle

    code = 1
    try:
        os.close(reader)
        done = work()  # all of it first: the parent reads only when it needs the first item
        with os.fdopen(writer, "wb") as pipe:
            for item in done:
                pickle.dump(item, pipe, protocol=pickle.HIGHEST_PROTOCOL)
        code = 0
    finally:
        os._exit(code)
