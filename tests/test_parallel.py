"""A build shares its work with forked children (loading the content files, making the open
data): the site is the same, byte for byte, and a failure anywhere still ends in a
message with the old site untouched."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from conftest import MINI, REPO, build_site, check_report, edit, files_of
from synthetic import generate  # bench/ is on pytest's pythonpath

from gloss import parallel
from gloss.parallel import Background

Result = TypeVar("Result")


@pytest.fixture
def child_codes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Fork from two sections up, even if other tests left threads running; each child's exit code, as it is reaped."""
    codes: list[int] = []
    real_close = Background.close

    def close(job: Background) -> int:
        had_child = job._child is not None
        code = real_close(job)
        if had_child:
            codes.append(code)
        return code

    monkeypatch.setattr(parallel, "PARALLEL_SECTIONS", 2)  # the shipped article has 6 sections; a book, thousands
    monkeypatch.setattr(parallel, "can_fork", lambda: True)
    monkeypatch.setattr(Background, "close", close)
    return codes


@pytest.mark.parametrize("root", [MINI, REPO], ids=["mini", "real"])
def test_a_site_built_with_a_forked_child_is_the_same_site(root: Path, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    alone = files_of(in_one_process(request, lambda: build_site(root, tmp_path / "alone")))
    child_codes: list[int] = request.getfixturevalue("child_codes")  # from here on, children are forked
    shared = files_of(build_site(root, tmp_path / "shared"))
    assert child_codes == [0, 0, 0], "children loaded the content files, compared the seed and made the open data, and all succeeded"
    assert shared == alone


@pytest.mark.parametrize("behind", [True, False], ids=["child-renders-every-note", "child-renders-none"])
def test_the_notes_are_the_same_whichever_process_renders_them(behind: bool, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """The child renders a section's notes when this process is behind (see `content.Reading`)."""
    from gloss import body

    root = generate(tmp_path / "book", 12)
    alone = files_of(in_one_process(request, lambda: build_site(root, tmp_path / "alone")))
    request.getfixturevalue("child_codes")  # from here on, children are forked
    patch: pytest.MonkeyPatch = request.getfixturevalue("monkeypatch")
    patch.setattr(parallel, "receiver_behind", lambda: behind)  # as the child, a copy of this process, will find
    came_rendered: list[bool] = []
    real = body.read_body

    def read_body(record: Any, report: Any, md: Any, notes: bool = False, rendered: dict[str, str] | None = None) -> body.Body:
        came_rendered.append(rendered is not None)
        return real(record, report, md, notes, rendered)

    patch.setattr(body, "read_body", read_body)
    assert files_of(build_site(root, tmp_path / "shared")) == alone
    assert came_rendered == [behind] * 12


def in_one_process(request: pytest.FixtureRequest, work: Callable[[], Result]) -> Result:
    """What `work` gives with no fork at all (a fresh process would fork to load the files)."""
    with request.getfixturevalue("monkeypatch").context() as patch:
        patch.setattr(parallel, "can_fork", lambda: False)
        return work()


@pytest.fixture
def fork(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fork even if other tests left threads running (the build refuses to, to be safe)."""
    monkeypatch.setattr(parallel, "can_fork", lambda: True)


@pytest.mark.usefixtures("fork")
def test_when_the_child_fails_its_work_is_done_here() -> None:
    def work(start: int) -> list[int]:
        if os.getpid() != parent:
            raise RuntimeError("the child breaks")
        return [1, 2, 3][start:]

    parent = os.getpid()
    assert list(Background(work).items()) == [1, 2, 3]


@pytest.mark.usefixtures("fork")
def test_a_child_left_behind_is_reaped() -> None:
    job = Background(lambda start: [b"x" * 1_000_000][start:])  # more than a pipe holds: the child is still sending it
    assert job.close() != 0  # it got a broken pipe and left
    assert list(job.items()) == [b"x" * 1_000_000]  # asked after all, the work is done here


def test_without_fork_the_work_runs_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "can_fork", lambda: False)
    assert list(Background(lambda start: [os.getpid()][start:]).items()) == [os.getpid()]


def test_no_fork_while_other_threads_run() -> None:
    """A fork copies every lock as it stands, held or not: with `serve`'s threads about, the work stays here."""
    release = threading.Event()
    waiter = threading.Thread(target=release.wait)
    waiter.start()
    try:
        assert not parallel.can_fork()
    finally:
        release.set()
        waiter.join()


@pytest.mark.usefixtures("fork")
def test_the_child_sends_its_items_one_by_one_in_order() -> None:
    items = list(Background(lambda start: [{"section": n, "html": "<p>✓</p>" * n, "by": os.getpid()} for n in range(start, 50)]).items())
    assert [item["section"] for item in items] == list(range(50))
    assert {item["by"] for item in items} != {os.getpid()}  # made in the child, not done again here


@pytest.mark.usefixtures("fork")
def test_an_item_bigger_than_the_pipe_crosses_whole() -> None:
    """A site file of a megabyte between two small items: it crosses in many reads, and whole."""
    big = os.urandom(1_000_000)
    items = list(Background(lambda start: ((data, os.getpid()) for data in (b"small", big, b"last")[start:])).items())
    assert [data for data, _ in items] == [b"small", big, b"last"]
    assert os.getpid() not in {by for _, by in items}


@pytest.mark.usefixtures("fork")
def test_a_child_knows_when_this_process_is_behind() -> None:
    """Behind: what the child made waits to be sent, as after an item bigger than the pipe holds
    (the rest goes with the next item); not behind when the pipe took it all; never outside a child."""

    def work(start: int) -> Iterator[object]:
        made = [lambda: b"small", parallel.receiver_behind, lambda: os.urandom(1_000_000), parallel.receiver_behind]
        for make in made[start:]:
            yield make()  # each made once the one before has gone to the pipe
        os.write(asked, b".")  # this process reads nothing before: else it might take the big item as fast as it is sent

    answered, asked = os.pipe()
    job = Background(work)
    os.close(asked)
    assert os.read(answered, 1) == b"."
    os.close(answered)
    items = list(job.items())
    assert items[1] is False and items[3] is True
    assert parallel.receiver_behind() is False


@pytest.mark.usefixtures("fork")
def test_when_the_child_fails_midway_what_it_sent_stands_and_the_rest_is_done_here() -> None:
    def work(start: int) -> Iterator[tuple[int, int]]:
        for n in range(start + 1, 4):
            if n == 3 and os.getpid() != parent:
                raise RuntimeError("the child breaks after two items")
            if os.getpid() == parent:
                made_here.append(n)
            yield n, os.getpid()

    parent = os.getpid()
    made_here: list[int] = []
    items = list(Background(work).items())
    assert [n for n, _ in items] == [1, 2, 3]
    assert [by == parent for _, by in items] == [False, False, True]
    assert made_here == [3]  # what the child sent is not made again


@pytest.mark.usefixtures("fork")
def test_when_fork_fails_the_work_runs_here_and_nothing_leaks(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    before = len(os.listdir("/proc/self/fd"))
    assert list(Background(lambda start: [1, 2][start:]).items()) == [1, 2]
    assert len(os.listdir("/proc/self/fd")) == before


@pytest.mark.parametrize(
    ("old", "new", "children"),
    [
        ("verdict: opinion", "verdict: opinon", 2),  # a mistake in a value: the record comes back without it
        ("title: What comes next", "title: [What comes next", 1),  # unreadable YAML: one section, too few for a seed child
        ("factory in 2027, its", "factory in 2028, its", 2),  # the seed, compared in a child of its own
    ],
)
def test_problems_in_files_a_child_read_are_reported_as_if_read_here(
    old: str, new: str, children: int, mini_copy: Path, request: pytest.FixtureRequest
) -> None:
    edit(mini_copy, "content/sections/020-next.yml", old, new)
    alone = in_one_process(request, lambda: check_report(mini_copy))
    codes: list[int] = request.getfixturevalue("child_codes")  # from here on, children are forked
    shared = check_report(mini_copy)
    assert codes == [0] * children, "a child loaded the files, another compared the seed where two sections were read, and all succeeded"
    assert any(problem.mark.path.endswith("020-next.yml") for problem in shared.errors)
    assert [(str(p), p.incomplete) for p in shared.problems] == [(str(p), p.incomplete) for p in alone.problems]  # in the order found


def test_serve_reads_through_its_file_cache_and_forks_no_child(mini_copy: Path, tmp_path: Path, child_codes: list[int]) -> None:
    """A child's results come one per file, and the cache skips the files it holds: serve reads alone
    (and `serve`'s first build writes its open data itself)."""
    from gloss.incremental import Builder

    builder = Builder(mini_copy, tmp_path / "site", None)
    builder.build()
    edit(mini_copy, "content/sections/020-next.yml", "title: What comes next", "title: What follows")
    assert builder.build([mini_copy / "content/sections/020-next.yml"]).report.errors == []
    assert child_codes == [], "serve forked no child"


def test_a_record_crosses_the_pipe_as_it_was_made(monkeypatch: pytest.MonkeyPatch) -> None:
    """Records are pickled flat (see `Record.__reduce__`): what comes back is equal, and of the same
    types all the way down, down to each id of a claim's `sources` with its own place."""
    import pickle

    from gloss.content import Paths, read_content
    from gloss.markup import make_parser
    from gloss.problems import Report
    from gloss.records import Value

    def types(item: object) -> object:
        if isinstance(item, tuple):
            return type(item).__name__, [types(part) for part in item]
        if isinstance(item, dict):
            return {key: types(part) for key, part in item.items()}
        return type(item).__name__

    monkeypatch.setattr(parallel, "can_fork", lambda: False)
    content = read_content(Paths(MINI), Report(), make_parser())
    records = (content.article, *content.sources, *(body.record for body in content.sections))
    cited = [ref for body in content.sections for claim in body.record.get("claims", ()) for ref in claim.get("sources", ())]
    assert cited and all(isinstance(ref, Value) for ref in cited)
    back = pickle.loads(pickle.dumps(records, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == records
    assert types(back) == types(records)
