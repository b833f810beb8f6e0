"""The scheduled monitor: poll feeds, fetch and extract new coverage, diff the register, alert once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from prefect import Task, flow, get_run_logger
from prefect.client.schemas.objects import State
from prefect.context import FlowRunContext

from flows import tasks
from flows.common import Progress, build_settings, finish, publish, retrying, task_runner
from flows.crashes import mark_dead_runs
from pipeline import monitor as stages
from pipeline.alerts import DeliveryReport
from pipeline.records import FeedEntry, RunSummary
from pipeline.redaction import redact_text
from pipeline.settings import Settings


@flow(name="ilrs-monitor", description="Poll the feeds, update the register, send alerts for what changed.")
def monitor(
    feeds_file: str | None = None, alert_mode: Literal["change", "digest"] | None = None
) -> RunSummary | State[RunSummary]:
    settings = build_settings(feeds_file=feeds_file, alert_mode=alert_mode)
    crashed = _mark_dead_runs(settings)
    runner = task_runner(settings)
    current = FlowRunContext.get()
    if runner is None or (current and isinstance(current.task_runner, type(runner))):
        return finish(run_monitor(settings, notes=crashed))
    # A distributed task runner (Dask, Ray) named in settings: the same flow again, as a subflow on that
    # runner, so deployments switch runners without a code change.
    return finish(monitor.with_options(task_runner=runner)(feeds_file, alert_mode))


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


def run_monitor(settings: Settings, notes: Sequence[str] = ()) -> RunSummary:
    run_id = stages.new_run_id()
    tasks.prepare_database(settings)
    configs = stages.load_feed_configs(settings)
    poll = retrying(tasks.poll_feeds, settings)
    chunks = stages.chunked_by_host(configs, settings.feeds_per_task, lambda c: c.url)
    futures = [poll.submit(settings, chunk) for chunk in chunks]
    polls = []
    with Progress("polling feeds", len(configs)) as progress:
        for future, chunk in zip(futures, chunks, strict=True):
            polls += future.result()
            progress.advance(len(chunk))

    triaged = tasks.triage_entries(settings, polls)
    fetch = retrying(tasks.fetch_and_extract, settings)
    chunks = stages.chunked_by_host(list(triaged.relevant), settings.articles_per_task, lambda e: e.link)
    processed = collect(fetch, settings, chunks, "fetching pages")

    policy = "live" if settings.alert_mode == "change" else "digest"
    ingest = retrying(tasks.ingest, settings)
    ingested = [ingest(settings, p.pairs, policy, run_id, p.done, p.failed) for p in processed]
    queued = 0
    if policy == "digest":
        queued = tasks.queue_digest(settings, f"digest:{run_id}", [c for r in ingested for c in r.changes])
    delivery = deliver(settings, run_id)
    summary = stages.summarise(
        run_id,
        "monitor",
        polls=polls,
        triaged=triaged,
        processed=processed,
        ingested=ingested,
        queued_digests=queued,
        delivery=delivery,
        notes=[*notes, *delivery_notes(settings, delivery)],
    )
    publish(summary, settings)
    return summary


def collect(fetch: Task, settings: Settings, chunks: list[list[FeedEntry]], stage: str) -> list[stages.Processed]:
    """Fetch and extract the chunks concurrently, showing progress as they finish (in order)."""
    futures = [fetch.submit(settings, chunk) for chunk in chunks]
    processed = []
    with Progress(stage, sum(map(len, chunks))) as progress:
        for future, chunk in zip(futures, chunks, strict=True):
            processed.append(future.result())
            progress.advance(len(chunk))
    return processed


def deliver(settings: Settings, owner: str) -> DeliveryReport:
    """Deliver what is due, once, without task retries: failed targets wait in the outbox for a later run.
    Only an error outside the sends (the database, say) fails the task; nothing is then lost either."""
    state = tasks.deliver_alerts.with_options(retries=0)(settings, owner, return_state=True)
    if state.is_completed():
        return state.result()
    reason = redact_text(str(state.message or "delivery failed"))
    return DeliveryReport(sent=0, failed=stages.pending_alerts(settings), errors=(reason,))


def delivery_notes(settings: Settings, delivery: DeliveryReport) -> list[str]:
    """One line per target that had something to do, and what waits in the outbox."""
    notes = [
        f"alerts to {t.target}: {t.sent} sent, {t.failed} failed, {t.dead} dead"
        for t in delivery.targets
        if t.sent or t.failed or t.dead
    ]
    if delivery.failed:
        notes.append(f"{stages.pending_alerts(settings)} alert(s) wait in the outbox; a later run retries them")
    if delivery.dead:
        notes.append(
            f"{delivery.dead} delivery(ies) failed for the last allowed time and are parked as dead: "
            "`ilrs-watch outbox` lists them, `ilrs-watch outbox --retry --dead` re-arms them"
        )
    if delivery.errors and not delivery.targets:
        notes += list(dict.fromkeys(delivery.errors))
    return notes


if __name__ == "__main__":
    monitor()
