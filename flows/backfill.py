"""Manual backfill: re-process a URL list, the stored documents, or the feeds' entries in a date range.

Facts found are dated by their sources' publication dates, and a fact already known never alerts again.
The alert policy defaults to `none`: replaying history must not flood anyone.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Literal

from prefect import flow
from prefect.client.schemas.objects import State

from flows import tasks
from flows.common import build_settings, finish, publish, retrying
from flows.monitor import collect, deliver, delivery_notes
from pipeline import checks
from pipeline import monitor as stages
from pipeline.errors import InputError
from pipeline.records import AlertPolicy, FeedEntry, RunSummary
from pipeline.settings import Settings


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
    since_at = checks.date_bound(since, name="since")
    until_at = checks.date_bound(until, end_of_day=True, name="until")
    run_id = stages.new_run_id()
    tasks.prepare_database(settings)
    policy: AlertPolicy = alert
    ingest = retrying(tasks.ingest, settings)
    polls, triaged = [], None

    if urls or url_file:
        listed = list(urls or []) + (stages.read_url_file(Path(url_file)) if url_file else [])
        processed = fetch_all(settings, stages.url_entries(listed))
    elif stored:
        documents = stages.stored_documents(settings, since=since_at, until=until_at)
        processed = [
            stages.Processed(tasks.extract_documents(chunk), (), ())
            for chunk in stages.chunked(documents, settings.articles_per_task)
        ]
    elif since_at or until_at:
        configs = stages.load_feed_configs(settings)
        polls = retrying(tasks.poll_feeds, settings)(settings, configs, conditional=False)
        triaged = tasks.entries_in_range(settings, polls, since_at, until_at)
        processed = fetch_all(settings, list(triaged.relevant))
    else:
        raise InputError("backfill needs a mode: `urls`/`url_file`, `stored=True`, or a `since`/`until` range")

    live = "live" if policy == "live" else "none"
    ingested = [ingest(settings, p.pairs, live, run_id, p.done, p.failed) for p in processed]
    queued = 0
    if policy == "digest":
        queued = tasks.queue_digest(settings, f"backfill:{run_id}", [c for r in ingested for c in r.changes])
    delivery = deliver(settings, run_id) if policy != "none" else None
    summary = stages.summarise(
        run_id,
        "backfill",
        polls=polls,
        triaged=triaged,
        processed=processed,
        ingested=ingested,
        queued_digests=queued,
        delivery=delivery,
        notes=delivery_notes(settings, delivery) if delivery else (),
    )
    publish(summary, settings)
    return finish(summary)


def fetch_all(settings: Settings, entries: list[FeedEntry]) -> list[stages.Processed]:
    fetch = retrying(tasks.fetch_and_extract, settings)
    chunks = stages.chunked_by_host(entries, settings.articles_per_task, lambda e: e.link)
    return collect(fetch, settings, chunks, "fetching pages")


if __name__ == "__main__":
    backfill(stored=True)
