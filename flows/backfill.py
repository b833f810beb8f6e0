"""Manual backfill: re-process a URL list, the stored documents, or the feeds' entries in a date range.

Facts found are dated by their sources' publication dates, and a fact already known never alerts again.
The alert policy defaults to `none`: replaying history must not flood anyone.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from typing import Literal

from prefect import flow
from prefect.client.schemas.objects import State

from flows import tasks
from flows.baseline import baseline_first
from flows.common import Progress, build_settings, database_outage, finish, on_runner, retrying, task_runner
from flows.monitor import fetch_all
from flows.tail import conclude, ingest_all
from pipeline import checks, extraction
from pipeline import monitor as stages
from pipeline.errors import InputError
from pipeline.records import AlertPolicy, FeedPoll, IngestResult, RunSummary
from pipeline.settings import Settings
from pipeline.store import Store


@flow(name="ilrs-backfill", description="Re-process URLs, stored documents or a date range of feed entries.")
def backfill(
    urls: list[str] | None = None,
    url_file: str | None = None,
    stored: bool = False,
    since: date | datetime | str | None = None,
    until: date | datetime | str | None = None,
    feeds_file: str | None = None,
    alert: Literal["none", "digest", "live"] = "none",
) -> RunSummary | State[RunSummary]:
    """Pick one mode: `urls`/`url_file`, `stored`, or a `since`/`until` range of the feeds' entries.

    Args:
        urls: Article URLs to fetch and re-extract.
        url_file: Path (on the worker) of a file with one URL per line; `#` starts a comment.
        stored: Re-extract the documents already stored (after the extractor improved); `since`/`until`
            narrow them by publication date.
        since: First publication date, UTC, e.g. 2025-11-01 or 2025-11-01T08:00 (or +02:00 for another zone).
            Alone, or without another mode: re-process every feed entry in the range, seen before or not.
        until: Last publication date, inclusive: a plain date such as 2025-11-30 means the end of that day.
        feeds_file: Feed list (YAML or OPML, a path on the worker) for a date range; default: the configured one.
        alert: none (default: record quietly), digest (one notification) or live (one per change). Facts
            already known never alert again.
    """
    settings = build_settings(feeds_file=feeds_file)
    runner = on_runner(settings)
    if runner is not None:  # a distributed runner named in settings: this flow again, as a subflow on it
        summary = backfill.with_options(task_runner=runner)(urls, url_file, stored, since, until, feeds_file, alert)
        return finish(summary) if isinstance(summary, RunSummary) else summary
    since_at = checks.date_bound(since, name="since")
    until_at = checks.date_bound(until, end_of_day=True, name="until")
    run_id = stages.new_run_id()
    policy: AlertPolicy = alert
    polls: list[FeedPoll] = []
    triaged = None
    notes: list[str] = []
    # A digest backfill records its changes quietly and sends them once, in its own digest: they never
    # reach a daily digest again.
    record_as: AlertPolicy = "live" if policy == "live" else "none"
    digest_id = f"backfill:{run_id}" if policy == "digest" else None
    # A date range reads the feed list: checked before anything is written, so a bad list writes nothing.
    configs = stages.load_feed_configs(settings) if since_at or until_at else []
    if not (urls or url_file or stored or since_at or until_at):
        raise InputError("backfill needs a mode: `urls`/`url_file`, `stored=True`, or a `since`/`until` range")
    with database_outage(), Store(settings.database()) as store:  # one store per run, closed at its end
        tasks.prepare_database(store)
        notes = baseline_first(store, settings, run_id)
        if urls or url_file:
            listed = list(urls or []) + (stages.read_url_file(Path(url_file)) if url_file else [])
            processed = fetch_all(store, settings, stages.url_entries(listed))
        elif stored:
            result, read = reextract_stored(store, settings, since_at, until_at, run_id, record_as, digest_id)
            ingested, processed = [result], []
            notes.append(f"{read} stored document(s) re-extracted")
        elif since_at or until_at:
            polls = retrying(tasks.poll_feeds, settings)(store, settings, configs, conditional=False)
            triaged = tasks.entries_in_range(store, polls, since_at, until_at)
            processed = fetch_all(store, settings, list(triaged.relevant))
        else:
            raise InputError("backfill needs a mode: `urls`/`url_file`, `stored=True`, or a `since`/`until` range")

        if not stored:
            ingested = ingest_all(store, settings, processed, run_id, record_as, digest_id)
        return conclude(
            store, settings, run_id, "backfill", ingested, digest_id=digest_id, deliver_alerts=policy != "none",
            polls=polls, triaged=triaged, processed=processed, notes=notes,
        )  # fmt: skip


def reextract_stored(
    store: Store,
    settings: Settings,
    since: datetime | None,
    until: datetime | None,
    run_id: str,
    record_as: AlertPolicy,
    digest_id: str | None = None,
) -> tuple[IngestResult, int]:
    """The stored documents, a batch at a time, each batch an extraction task: on this machine's process pool
    (one process per core), or on a distributed runner's workers, which are then the parallelism."""
    distributed = task_runner(settings) is not None
    workers = 1 if distributed else extraction.worker_count(settings.extract_workers)
    extract = retrying(tasks.extract_documents, settings)
    total = store.count_documents(since=since, until=until)
    with Progress("re-extracting stored documents", total) as progress:
        result = extraction.reextract(
            store, lambda documents: extract.submit(documents, workers), policy=record_as, run_id=run_id,
            since=since, until=until, batch=settings.articles_per_task,
            ahead=2 * max(workers, os.cpu_count() or 1), advance=progress.advance, digest_id=digest_id,
            extracted=lambda: extraction.release(workers),
        )  # fmt: skip
    return result, progress.done


if __name__ == "__main__":
    backfill(stored=True)
