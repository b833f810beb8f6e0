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
from flows.baseline import baseline_first
from flows.common import build_settings, database_outage, retrying
from flows.monitor import fetch_all
from flows.tail import conclude, ingest_all
from pipeline import checks
from pipeline import monitor as stages
from pipeline.errors import InputError
from pipeline.records import AlertPolicy, FeedPoll, RunSummary
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
    since_at = checks.date_bound(since, name="since")
    until_at = checks.date_bound(until, end_of_day=True, name="until")
    run_id = stages.new_run_id()
    policy: AlertPolicy = alert
    polls: list[FeedPoll] = []
    triaged = None
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
            documents = stages.stored_documents(store, since=since_at, until=until_at)
            processed = [
                stages.Processed(tasks.extract_documents(chunk), (), ())
                for chunk in stages.chunked(documents, settings.articles_per_task)
            ]
        elif since_at or until_at:
            polls = retrying(tasks.poll_feeds, settings)(store, settings, configs, conditional=False)
            triaged = tasks.entries_in_range(store, polls, since_at, until_at)
            processed = fetch_all(store, settings, list(triaged.relevant))
        else:
            raise InputError("backfill needs a mode: `urls`/`url_file`, `stored=True`, or a `since`/`until` range")

        # A digest backfill records its changes quietly and sends them once, in its own digest: they never
        # reach a daily digest again.
        digest_id = f"backfill:{run_id}" if policy == "digest" else None
        ingested = ingest_all(store, settings, processed, run_id, "live" if policy == "live" else "none", digest_id)
        return conclude(
            store, settings, run_id, "backfill", ingested, digest_id=digest_id, deliver_alerts=policy != "none",
            polls=polls, triaged=triaged, processed=processed, notes=notes,
        )  # fmt: skip


if __name__ == "__main__":
    backfill(stored=True)
