"""Checking many files on every core, the results handed back in the order the files were named.

Files go to worker processes in chunks, so that the cost of a task (pickling, a round trip
through the pipe) is paid once per chunk and not once per file; a few chunks per worker keep the
cores busy to the end. Only a bounded number of chunks is in flight, so the members of a large
archive are inflated as their turn comes instead of all at once. A worker that dies (a crash in a
native PDF library) costs its chunk's files a row each, not the batch.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from itertools import islice
from typing import TYPE_CHECKING

from .result import Checked, check_source
from .sources import Source

if TYPE_CHECKING:
    from concurrent.futures import Future

# Fewer files than this are checked in this process: starting workers would cost more.
MIN_FILES_FOR_WORKERS = 4
# A chunk of a few files costs a task's overhead (well under a millisecond) once per ~100 ms of
# work; many small chunks per worker leave little idle at the end, when the last chunk runs.
MAX_CHUNK = 8
CHUNKS_PER_WORKER = 16
IN_FLIGHT_PER_WORKER = 2


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def chunk_size(files: int, workers: int) -> int:
    return max(1, min(MAX_CHUNK, files // (workers * CHUNKS_PER_WORKER)))


def check_all(
    sources: Iterable[Source],
    count: int,
    *,
    jobs: int | None = None,
    with_cells: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Iterator[Checked]:
    """Every source checked, in order; ``progress`` is told how many are done so far."""
    workers = min(jobs or default_jobs(), max(1, count))
    one = partial(check_source, with_cells=with_cells)
    if workers <= 1 or count < MIN_FILES_FOR_WORKERS:
        for done, source in enumerate(sources, 1):
            yield one(source)
            if progress:
                progress(done)
        return
    yield from _in_workers(iter(sources), workers, chunk_size(count, workers), with_cells, progress)


def _check_chunk(sources: list[Source], with_cells: bool) -> list[Checked]:
    return [check_source(source, with_cells=with_cells) for source in sources]


def _context():
    import multiprocessing

    # fork: the workers start with the engine already imported (spawn would import it again).
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


Task = list[tuple[int, Source]]  # the files of one chunk, each with its place in the batch


def _in_workers(
    sources: Iterator[Source],
    workers: int,
    size: int,
    with_cells: bool,
    progress: Callable[[int], None] | None,
) -> Iterator[Checked]:
    # Imported here: one file is checked in this process, without loading multiprocessing.
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    numbered = enumerate(sources)
    retries: deque[tuple[int, Source]] = deque()
    done: dict[int, Checked] = {}
    running: dict[Future, tuple[Task, bool]] = {}  # future → (its files, whether a retry)
    next_out = 0
    pool = ProcessPoolExecutor(workers, mp_context=_context())

    def submit(task: Task, retry: bool = False) -> None:
        chunk = [source for _, source in task]
        running[pool.submit(_check_chunk, chunk, with_cells)] = (task, retry)

    try:
        while True:
            if retries:
                # Alone on the pool, so that if it breaks the pool again, it is the culprit.
                if not running:
                    submit([retries.popleft()], retry=True)
            else:
                while len(running) < workers * IN_FLIGHT_PER_WORKER:
                    task = list(islice(numbered, size))
                    if not task:
                        break
                    submit(task)
            if not running:
                break
            ready, _ = wait(running, return_when=FIRST_COMPLETED)
            broken: list[tuple[Task, bool]] = []
            for future in ready:
                task, retry = running.pop(future)
                try:
                    done.update(zip((n for n, _ in task), future.result(), strict=True))
                except BrokenProcessPool:
                    broken.append((task, retry))
            if broken:
                # Every task on a broken pool fails, not only the one that crashed it: each
                # file is tried again alone, and lost only if it breaks the pool alone too.
                broken += list(running.values())
                running.clear()
                pool.shutdown(cancel_futures=True)
                pool = ProcessPoolExecutor(workers, mp_context=_context())
                for task, retry in broken:
                    for item in task:
                        if retry:
                            done[item[0]] = _lost(item[1])
                        else:
                            retries.append(item)
            if progress:
                progress(len(done) + next_out)
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
    finally:
        pool.shutdown(cancel_futures=True)


def _lost(source: Source) -> Checked:
    return Checked(source.name, reason="检查进程意外退出（文件可能触发了读取库的崩溃），未校验")
