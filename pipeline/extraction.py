"""Extraction on every core: batches of documents go to worker processes that load the extractor once.

The workers are forked from a fork server that has already imported and warmed the extractor (its language
model, dictionaries and compiled cues, about 200 MB), so they share those pages rather than each loading a copy.
A fork server rather than a plain fork: the run's own process has threads (Prefect's), which a fork must not copy.
This module stays light (no store, no extractor at import), so the run's own process holds neither for its workers.
"""

from __future__ import annotations

import atexit
import multiprocessing
import multiprocessing.forkserver
import os
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Protocol, TypeVar

from pipeline.records import AlertPolicy, Document, Extraction, IngestResult

if TYPE_CHECKING:
    from pipeline.store import Store

T = TypeVar("T")
R_co = TypeVar("R_co", covariant=True)
Pairs = tuple[tuple[Document, Extraction], ...]


def extract(documents: Iterable[Document]) -> Pairs:
    """Each document with what the extractor finds in it, in this process."""
    from pipeline import entities  # here, not at the top: a run whose workers extract never loads it itself

    return tuple((doc, entities.extract(doc.text, title=doc.title, language=doc.language)) for doc in documents)


def worker_count(setting: int) -> int:
    """The setting `extract_workers`: 0 means one process per core; a forked child works in its own process."""
    if _forked:
        return 1
    return setting if setting > 0 else (os.cpu_count() or 1)


class Extractor:
    """Extracts batches on `workers` processes; with one worker, in the calling process (no pool, no copies)."""

    def __init__(self, workers: int) -> None:
        self.workers = worker_count(workers)
        self._pool: ProcessPoolExecutor | None = None
        if self.workers > 1:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["pipeline.warm"])  # only before the server starts; else no effect
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context)
            with _live_lock:
                _live.add(id(self))

    @property
    def executor(self) -> Executor | None:
        """The pool, for work other than whole batches (one page's reading, in `articles`); None in-process."""
        return self._pool

    def submit(self, documents: Sequence[Document]) -> Future[Pairs]:
        if self._pool is not None:
            return self._pool.submit(extract, list(documents))
        done: Future[Pairs] = Future()
        try:
            done.set_result(extract(documents))
        except Exception as exc:  # handed back through the future, as the pool would
            done.set_exception(exc)
        return done

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
            with _live_lock:
                _live.discard(id(self))
                last = not _live
            if last:
                _stop_fork_server()

    def __enter__(self) -> Extractor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_live: set[int] = set()  # the pools open in this process, which share one fork server
_live_lock = threading.Lock()


def _stop_fork_server() -> None:
    """Stop the fork server once no pool needs it: it holds the warmed extractor (about 200 MB) and would
    otherwise stay for the life of the process, after the pool it served. The next pool starts a new one.
    `_stop` is how CPython's own tests stop it; where a Python lacks it, the server simply stays."""
    stop = getattr(multiprocessing.forkserver._forkserver, "_stop", None)
    if stop is not None:
        stop()


_shared: dict[int, Extractor] = {}
_shared_lock = threading.Lock()


_forked = False


def _forget_parents_pools() -> None:
    """A forked child inherits the parent's pools without their manager threads (submitting to one would wait
    forever) and the parent's fork server: it extracts in its own process, and leaves the parent's pools alone."""
    global _shared_lock, _live_lock, _forked
    _shared.clear()
    _shared_lock = threading.Lock()
    _live.clear()  # the parent's pools and fork server are the parent's to stop
    _live_lock = threading.Lock()
    _forked = True


os.register_at_fork(after_in_child=_forget_parents_pools)


def shared(workers: int) -> Extractor:
    """This process's extractor of that size, started on first use and kept for the process's life: tasks of a
    run (and runs of a worker) reuse it instead of paying the workers' start again."""
    size = worker_count(workers)
    with _shared_lock:
        extractor = _shared.get(size)
        if extractor is None:
            extractor = _shared[size] = Extractor(size)
        return extractor


def pool_here(workers: int) -> Executor | None:
    """The extraction pool for pages read in this process, or None where a task runner started this process (a
    process-pool or Dask worker): that runner's processes are then the parallelism, and no pool nests in them."""
    if multiprocessing.parent_process() is not None or _forked:
        return None
    return shared(workers).executor


def release(workers: int) -> None:
    """Stop this process's extractor of that size, if started: a re-extraction that has read the whole archive
    gives its workers' memory back before it resolves the register (a later run starts a new one)."""
    with _shared_lock:
        extractor = _shared.pop(worker_count(workers), None)
    if extractor is not None:
        extractor.close()


@atexit.register
def _close_shared() -> None:
    for extractor in _shared.values():
        extractor.close()


class Pending(Protocol[R_co]):
    """A result on its way: a `concurrent.futures.Future`, or a Prefect future from any task runner."""

    def result(self) -> R_co: ...


def in_order(items: Iterable[T], submit: Callable[[T], Pending[R_co]], ahead: int) -> Iterator[tuple[T, R_co]]:
    """Each item with its result, in order, keeping at most `ahead` items submitted and unanswered: the
    workers stay busy while the caller handles a result, and memory holds `ahead` items, not the whole input."""
    waiting: deque[tuple[T, Pending[R_co]]] = deque()
    for item in items:
        waiting.append((item, submit(item)))
        if len(waiting) >= max(ahead, 1):
            first, pending = waiting.popleft()
            yield first, pending.result()
    while waiting:
        first, pending = waiting.popleft()
        yield first, pending.result()


def reextract(
    store: Store,
    submit: Callable[[list[Document]], Pending[Pairs]],
    *,
    policy: AlertPolicy,
    run_id: str,
    since: datetime | None = None,
    until: datetime | None = None,
    batch: int = 200,
    ahead: int = 4,
    advance: Callable[[int], None] = lambda n: None,
    digest_id: str | None = None,
    extracted: Callable[[], None] = lambda: None,
) -> IngestResult:
    """Re-extract the stored documents (after the extractor improved) in flat memory: read `batch` at a time,
    hand each to `submit` (a process pool, or a task on a distributed runner) with `ahead` batches in flight,
    store each batch's findings as it comes back, then resolve every key they name once, at the end, so the
    register moves by what the whole archive says (and the work per batch does not grow with the archive).
    `extracted` is called when every batch is back, before that resolution: the time to stop an extraction pool,
    whose memory the resolution of a key with tens of thousands of claims would otherwise come on top of."""
    new = updated = 0
    keys: set[str] = set()
    languages: Counter[str] = Counter()
    batches = store.document_batches(since=since, until=until, size=batch)
    for documents, pairs in in_order(batches, submit, ahead):
        stored_new, stored_updated, named = store.store_documents(pairs, datetime.now(UTC))
        new, updated, keys = new + stored_new, updated + stored_updated, keys | named
        languages.update(found.language for _, found in pairs if found.relevant)
        advance(len(documents))
    extracted()
    resolved = store.resolve(keys, policy=policy, run_id=run_id, now=datetime.now(UTC), digest_id=digest_id)
    read = tuple(sorted(languages.items(), key=lambda item: (-item[1], item[0])))
    return IngestResult(new, updated, resolved.changes, resolved.alerts_queued, read)
