"""Both cores for a build: work that runs in a forked child while this process goes on, its
items sent back one by one as they are made. The content files are loaded and validated in one
(`content`), and a long article's open data is made in another (`pipeline`).

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
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO, Generic, TypeVar

Item = TypeVar("Item")


# Below this many sections, a child making the open data costs more than it saves; and where
# markdown-it is already imported (a long-lived process), so does a child loading the files.
PARALLEL_SECTIONS = 200


def receiver_behind() -> bool:
    """In a forked child, whether the process it sends to has fallen behind: items made wait to be
    sent. Work that either process could do is then better done in the child. False elsewhere."""
    return _sending is not None and _sending.backlog()


def can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


def worth_a_child(sections: int) -> bool:
    return sections >= PARALLEL_SECTIONS and can_fork()


def meanwhile(work: Callable[[], Item], sections: int) -> Callable[[], Item]:
    """`work()` done in a forked child while this process goes on, where the article is long enough
    (`worth_a_child`): call what this returns for the result, waiting for it if need be. Else `work` itself."""
    if not worth_a_child(sections):
        return work
    job = Background(lambda start: [] if start else [work()])  # after the child sent it, nothing is left to do here

    def result() -> Item:
        [item] = job.items()  # all of them, so that the child is reaped
        return item

    return result


class Background(Generic[Item]):
    """The items `work(0)` makes, in a forked child, sent back one by one as each is made.
    `items()`, called once, gives them all, in order, each as soon as it has come. `work(n)`
    makes the items from the nth on: after a failure this process makes only those not received."""

    def __init__(self, work: Callable[[int], Iterable[Item]]) -> None:
        self._work = work
        self._child: int | None = None
        self._pipe: BinaryIO | None = None
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
        self._child, self._pipe = child, os.fdopen(reader, "rb")

    def items(self) -> Iterator[Item]:
        forked = self._pipe is not None
        while self._pipe is not None and (item := self._next_item()) is not _END:
            yield item  # type: ignore[misc]
        if not forked or self.close() != 0:
            yield from self._work(self._count)  # no child, or it failed: the rest is done here

    def close(self) -> int:
        """Stop reading: a child still writing gets a broken pipe and leaves. Its exit code."""
        if self._pipe is None:
            return 0
        self._pipe.close()
        _, status = os.waitpid(self._child, 0)  # type: ignore[arg-type]
        self._pipe = self._child = None
        return os.waitstatus_to_exitcode(status)

    def _next_item(self) -> object:
        """The next item, waiting for it; _END when the child sends no more. A pickle marks its own
        end, and a big file's bytes are read from the pipe straight into their object."""
        import pickle

        try:
            item = pickle.load(self._pipe)  # type: ignore[arg-type]
        except (EOFError, pickle.UnpicklingError):  # done, or the child left halfway through the item
            return _END
        self._count += 1
        return item


_END = object()


def _run_child(work: Callable[[int], Iterable[object]], reader: int, writer: int) -> None:
    """Never returns: the child leaves with os._exit, so none of the parent's cleanup or buffered output runs twice."""
    import pickle

    global _sending
    code = 1
    try:
        os.close(reader)
        pipe = _sending = _Sender(writer)
        for item in work(0):
            pickled = _Pieces()
            pickle.Pickler(pickled, protocol=pickle.HIGHEST_PROTOCOL).dump(item)
            pipe.send(*pickled)
        pipe.finish()
        code = 0
    finally:
        os._exit(code)


class _Pieces(list):  # type: ignore[type-arg]
    """A pickle as the pieces the pickler writes. A bytes object of 64 KiB or more (a file of the
    site) is that very object, not a copy, so the child holds each file once while it waits to be sent."""

    write = list.append


_sending: _Sender | None = None  # in a forked child: its end of the pipe


class _Sender:
    """The child's end of the pipe. The parent may be busy with work of its own: what the pipe does not
    take now waits here, uncopied, and the child goes on with its work meanwhile."""

    def __init__(self, pipe: int) -> None:
        self._pipe = pipe
        self._unsent: deque[memoryview] = deque()
        os.set_blocking(pipe, False)

    def send(self, *pieces: bytes) -> None:
        self._unsent.extend(memoryview(piece) for piece in pieces)
        self._write()

    def backlog(self) -> bool:
        return bool(self._unsent)

    def finish(self) -> None:
        """Send the rest, waiting for the parent to read it."""
        os.set_blocking(self._pipe, True)
        self._write()

    def _write(self) -> None:
        while self._unsent:
            try:
                written = os.write(self._pipe, self._unsent[0])
            except BlockingIOError:  # the pipe is full: the parent has not read yet
                return
            if written < len(self._unsent[0]):
                self._unsent[0] = self._unsent[0][written:]
            else:
                self._unsent.popleft()
