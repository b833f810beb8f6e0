"""Tasks: one per stage and per batch (a chunk of feeds or articles), never one per article.

Task bodies are the pipeline's functions, given the run's store; `cache_policy=NO_CACHE` because every stage
talks to the world. A task that talks to the web builds its own HTTP client (see `_with_client`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import TypeVar

from prefect import task
from prefect.cache_policies import NO_CACHE

from pipeline import extraction, monitor
from pipeline.alerts import DeliveryReport
from pipeline.http import HttpClient
from pipeline.records import (
    AlertPolicy,
    Change,
    Document,
    Extraction,
    FeedConfig,
    FeedEntry,
    FeedPoll,
    IngestResult,
)
from pipeline.settings import Settings
from pipeline.store import Store

T = TypeVar("T")


@contextmanager
def _given(store: Store) -> Iterator[Store]:
    """The run's store for one task; a copy that a process or Dask runner made for it is closed after it."""
    try:
        yield store
    finally:
        store.release()


def _with_client(settings: Settings, work: Callable[[HttpClient], Awaitable[T]]) -> T:
    """`work` on this task's own event loop, with an HTTP client of its own. A client's connections and limits
    belong to the event loop that made them, and each task runs its own loop (on a worker thread, or in another
    process), so the client is the one thing built per task rather than once per run."""

    async def run() -> T:
        async with HttpClient(settings) as client:
            return await work(client)

    return asyncio.run(run())


@task(name="prepare-database", cache_policy=NO_CACHE)
def prepare_database(store: Store) -> None:
    with _given(store):
        monitor.prepare(store)


@task(name="poll-feeds", cache_policy=NO_CACHE)
def poll_feeds(store: Store, settings: Settings, configs: list[FeedConfig], conditional: bool = True) -> list[FeedPoll]:
    with _given(store):
        return _with_client(
            settings, lambda client: monitor.poll(store, client, settings, configs, conditional=conditional)
        )


@task(name="triage-entries", cache_policy=NO_CACHE)
def triage_entries(
    store: Store, polls: list[FeedPoll], since: datetime | None = None, until: datetime | None = None
) -> monitor.Triage:
    with _given(store):
        return monitor.triage(store, polls, since=since, until=until)


@task(name="entries-in-range", cache_policy=NO_CACHE)
def entries_in_range(
    store: Store, polls: list[FeedPoll], since: datetime | None, until: datetime | None
) -> monitor.Triage:
    with _given(store):
        return monitor.entries_in_range(store, polls, since, until)


@task(name="fetch-and-extract", cache_policy=NO_CACHE)
def fetch_and_extract(store: Store, settings: Settings, entries: list[FeedEntry]) -> monitor.Processed:
    with _given(store):
        pool = extraction.pool_here(settings.extract_workers)  # pages are read on every core
        return _with_client(
            settings, lambda client: monitor.fetch_and_extract(store, client, settings, entries, pool)
        )


@task(name="extract-documents", cache_policy=NO_CACHE)
def extract_documents(documents: list[Document], workers: int = 1) -> tuple[tuple[Document, Extraction], ...]:
    """One batch, on this process's pool of `workers` extractor processes (1: in this process; on a
    distributed runner the cluster's workers are the parallelism)."""
    return extraction.shared(workers).submit(documents).result()


@task(name="ingest", cache_policy=NO_CACHE)
def ingest(
    store: Store,
    pairs: Sequence[tuple[Document, Extraction]],
    policy: AlertPolicy,
    run_id: str,
    done: Sequence[FeedEntry] = (),
    failed: Sequence[FeedEntry] = (),
    digest_id: str | None = None,
) -> IngestResult:
    with _given(store):
        return monitor.ingest(store, pairs, policy=policy, run_id=run_id, done=done, failed=failed, digest_id=digest_id)


@task(name="queue-digest", cache_policy=NO_CACHE)
def queue_digest(store: Store, alert_id: str | None, changes: Sequence[Change]) -> int:
    with _given(store):
        return monitor.queue_digest(store, alert_id, changes)


@task(name="deliver-alerts", cache_policy=NO_CACHE)
def deliver_alerts(store: Store, settings: Settings, owner: str) -> DeliveryReport:
    """Never raises for a target that failed: the outbox retries each (alert, target) on its own, whereas a
    task retry would send again to the targets that already accepted."""
    with _given(store):
        return monitor.deliver(store, settings, owner)
