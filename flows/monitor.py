"""The scheduled monitor: poll feeds, fetch and extract new coverage, diff the register, alert once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from prefect import flow, get_run_logger
from prefect.client.schemas.objects import State
from prefect.context import FlowRunContext

from flows import tasks
from flows.baseline import baseline_first
from flows.common import Progress, build_settings, database_outage, finish, retrying, task_runner
from flows.crashes import mark_dead_runs
from flows.tail import conclude, ingest_all
from pipeline import monitor as stages
from pipeline.records import AlertPolicy, FeedEntry, RunSummary
from pipeline.settings import Settings
from pipeline.store import Store


@flow(name="ilrs-monitor", description="Poll the feeds, update the register, send alerts for what changed.")
def monitor(
    feeds_file: str | None = None, alert_mode: Literal["change", "digest"] | None = None
) -> RunSummary | State[RunSummary]:
    settings = build_settings(feeds_file=feeds_file, alert_mode=alert_mode)
    crashed = _mark_dead_runs(settings)
    runner = task_runner(settings)
    current = FlowRunContext.get()
    if runner is None or (current and isinstance(current.task_runner, type(runner))):
        with database_outage(), Store(settings.database()) as store:  # one store per run, closed at its end
            return run_monitor(store, settings, notes=crashed)
    # A distributed task runner (Dask, Ray) named in settings: the same flow again, as a subflow on that
    # runner, so deployments switch runners without a code change.
    summary = monitor.with_options(task_runner=runner)(feeds_file, alert_mode)
    return finish(summary) if isinstance(summary, RunSummary) else summary


def _mark_dead_runs(settings: Settings) -> list[str]:
    """Housekeeping before the run: a failure to reach the API for it must not cost the run itself."""
    logger = get_run_logger()
    try:
        marked = mark_dead_runs(settings.stale_run_minutes)
    except Exception as exc:  # the API refused or is away: the run goes on, and says so
        logger.warning("could not check for runs left Running: %s", type(exc).__name__)
        return []
    for line in marked:
        logger.warning(line)
    return marked


def run_monitor(store: Store, settings: Settings, notes: Sequence[str] = ()) -> RunSummary | State[RunSummary]:
    run_id = stages.new_run_id()
    configs = stages.load_feed_configs(settings)  # checked before anything is written: a bad list writes nothing
    tasks.prepare_database(store)
    notes = [*notes, *baseline_first(store, settings, run_id)]
    poll = retrying(tasks.poll_feeds, settings)
    chunks = stages.chunked_by_host(configs, settings.feeds_per_task, lambda c: c.url)
    futures = [poll.submit(store, settings, chunk) for chunk in chunks]
    polls = []
    with Progress("polling feeds", len(configs)) as progress:
        for future, chunk in zip(futures, chunks, strict=True):
            polls += future.result()
            progress.advance(len(chunk))

    triaged = tasks.triage_entries(store, polls)
    processed = fetch_all(store, settings, list(triaged.relevant))
    policy: AlertPolicy = "live" if settings.alert_mode == "change" else "digest"
    digest_id = f"digest:{run_id}" if policy == "digest" else None
    ingested = ingest_all(store, settings, processed, run_id, policy, digest_id)
    return conclude(
        store, settings, run_id, "monitor", ingested, digest_id=digest_id, polls=polls, triaged=triaged,
        processed=processed, notes=notes,
    )  # fmt: skip


def fetch_all(store: Store, settings: Settings, entries: list[FeedEntry]) -> list[stages.Processed]:
    """Fetch and extract the entries in chunks that never split a host, concurrently, showing progress as they
    finish (in order)."""
    fetch = retrying(tasks.fetch_and_extract, settings)
    chunks = stages.chunked_by_host(entries, settings.articles_per_task, lambda e: e.link)
    futures = [fetch.submit(store, settings, chunk) for chunk in chunks]
    processed = []
    with Progress("fetching pages", len(entries)) as progress:
        for future, chunk in zip(futures, chunks, strict=True):
            processed.append(future.result())
            progress.advance(len(chunk))
    return processed


if __name__ == "__main__":
    monitor()
