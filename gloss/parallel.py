"""Both cores for a big build: work that runs in a forked child while this process goes on,
its items sent back one by one as they are made. A long article's later section files are read,
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

import gc
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Generic, TypeVar

Item = TypeVar("Item")


# Below this many sections, a forked child costs more than it saves.
PARALLEL_SECTIONS = 200


def can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


def worth_a_child(sections: int) -> bool:
    return sections >= PARALLEL_SECTIONS and can_fork()


class Background(Generic[Item]):
    """`work()`'s items, made in a forked child and sent back one by one as each is made.

    A caller with work of its own calls `collect()` between pieces of it: the items sent so far
    are taken in then, so the child never waits on a full pipe, and the unpickling fills gaps in
    this process rather than following the child's last item. `items()` gives them all, in order.
    """

    def __init__(self, work: Callable[[], Iterable[Item]]) -> None:
        self._work = work
        self._child: int | None = None
        self._pipe: int | None = None
        self._unread = bytearray()  # what came through the pipe, up to the end of the last whole item
        self._received: list[Item] = []  # collected, not yet given by items()
        self._count = 0  # items received in all
        if not can_fork():
            return
        reader, writer = os.pipe()
        # Python's recipe for a fork without exec: what exists now is left out of every later collection,
        # here and in the child, so neither copies the pages they share just to scan them. In a build it all
        # lives to the end anyway; only a cycle among these objects that becomes garbage would stay.
        gc.freeze()
        try:
            child = os.fork()
        except OSError:  # at a process limit, or out of memory: the work runs here, when asked for
            os.close(reader)
            os.close(writer)
            return
        if child == 0:
            _run_child(work, reader, writer)
        os.close(writer)
        self._child, self._pipe = child, reader

    def collect(self) -> None:
        """Take in what the child has sent so far, without waiting for more."""
        from select import select

        while self._pipe is not None and select([self._pipe], [], [], 0)[0] and self._read():
            pass

    def items(self) -> Iterator[Item]:
        forked = self._pipe is not None
        while self._received or (self._pipe is not None and self._read()):
            received, self._received = self._received, []
            yield from received
        if not forked or self.close() != 0:
            yield from islice(self._work(), self._count, None)  # no child, or it failed: the rest is done here

    def close(self) -> int:
        """Stop reading: a child still writing gets a broken pipe and leaves. Its exit code."""
        if self._pipe is None:
            return 0
        os.close(self._pipe)
        _, status = os.waitpid(self._child, 0)  # type: ignore[arg-type]
        self._pipe = self._child = None
        return os.waitstatus_to_exitcode(status)

    def _read(self) -> bool:
        """Read what the pipe holds (waiting only if it is empty); False at its end."""
        data = os.read(self._pipe, _CHUNK)  # type: ignore[arg-type]
        if not data:
            return False
        import pickle  # here, not at the top: `check` of a short article never forks, and pays for no import

        self._unread += data
        while len(self._unread) >= _HEADER:
            end = _HEADER + int.from_bytes(self._unread[:_HEADER], "little")
            if len(self._unread) < end:
                break
            self._received.append(pickle.loads(self._unread[_HEADER:end]))
            del self._unread[:end]
            self._count += 1
        return True


_HEADER = 8  # each item crosses as its pickle's length, then the pickle
_CHUNK = 1 << 16


def _run_child(work: Callable[[], Iterable[object]], reader: int, writer: int) -> None:
    """Never returns: the child leaves with os._exit, so none of the parent's cleanup or buffered output runs twice."""
    import pickle

    code = 1
    try:
        os.close(reader)
        # Each item goes into the pipe as soon as it is made, as far as the pipe takes it without waiting:
        # the parent may be busy with work of its own, and this child goes on with its work meanwhile.
        os.set_blocking(writer, False)
        unsent = bytearray()
        for item in work():
            data = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
            unsent += len(data).to_bytes(_HEADER, "little")
            unsent += data
            _send(writer, unsent)
        os.set_blocking(writer, True)
        while unsent:
            _send(writer, unsent)
        code = 0
    finally:
        os._exit(code)


def _send(pipe: int, unsent: bytearray) -> None:
    """Write what the pipe takes of `unsent` and drop that from it."""
    try:
        del unsent[: os.write(pipe, unsent)]
    except BlockingIOError:  # the pipe is full: the parent has not read yet
        pass
