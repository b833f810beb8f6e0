"""Tasks: one per stage and per batch (a chunk of feeds or articles), never one per article.

Task bodies are the pipeline's functions; `cache_policy=NO_CACHE` because every stage talks to the world.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from prefect import task
from prefect.cache_policies import NO_CACHE

from pipeline import monitor
from pipeline.alerts import DeliveryReport
from pipeline.records import AlertPolicy, Change, Document, Extraction, FeedConfig, FeedEntry, FeedPoll
from pipeline.settings import Settings


@task(name="prepare-database", cache_policy=NO_CACHE)
def prepare_database(settings: Settings) -> None:
    monitor.prepare(settings)


@task(name="poll-feeds", cache_policy=NO_CACHE)
def poll_feeds(settings: Settings, configs: list[FeedConfig], conditional: bool = True) -> list[FeedPoll]:
    return monitor.poll(settings, configs, conditional=conditional)


@task(name="triage-entries", cache_policy=NO_CACHE)
def triage_entries(
    settings: Settings, polls: list[FeedPoll], since: datetime | None = None, until: datetime | None = None
) -> monitor.Triage:
    return monitor.triage(settings, polls, since=since, until=until)


@task(name="entries-in-range", cache_policy=NO_CACHE)
def entries_in_range(
    settings: Settings, polls: list[FeedPoll], since: datetime | None, until: datetime | None
) -> monitor.Triage:
    return monitor.entries_in_range(settings, polls, since, until)


@task(name="fetch-and-extract", cache_policy=NO_CACHE)
def fetch_and_extract(settings: Settings, entries: list[FeedEntry]) -> monitor.Processed:
    return monitor.fetch_and_extract(settings, entries)


@task(name="extract-documents", cache_policy=NO_CACHE)
def extract_documents(documents: list[Document]) -> tuple[tuple[Document, Extraction], ...]:
    return monitor.extract(documents)


@task(name="ingest", cache_policy=NO_CACHE)
def ingest(
    settings: Settings,
    pairs: Sequence[tuple[Document, Extraction]],
    policy: AlertPolicy,
    run_id: str,
    done: Sequence[FeedEntry] = (),
    failed: Sequence[FeedEntry] = (),
):
    return monitor.ingest(settings, pairs, policy=policy, run_id=run_id, done=done, failed=failed)


@task(name="queue-digest", cache_policy=NO_CACHE)
def queue_digest(settings: Settings, alert_id: str, changes: Sequence[Change]) -> int:
    return monitor.queue_digest(settings, alert_id, changes)


@task(name="deliver-alerts", cache_policy=NO_CACHE)
def deliver_alerts(settings: Settings, owner: str) -> DeliveryReport:
    """Never raises for a target that failed: the outbox retries each (alert, target) on its own, whereas a
    task retry would send again to the targets that already accepted."""
    return monitor.deliver(settings, owner)
