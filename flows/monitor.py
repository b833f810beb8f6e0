"""The scheduled monitor: poll feeds, fetch and extract new coverage, diff the register, alert once."""

from __future__ import annotations

from typing import Literal

from prefect import flow
from prefect.context import FlowRunContext

from flows import tasks
from flows.common import build_settings, publish, retrying, task_runner
from pipeline import monitor as stages
from pipeline.alerts import DeliveryReport
from pipeline.records import RunSummary
from pipeline.redaction import redact_text
from pipeline.settings import Settings


@flow(name="ilrs-monitor", description="Poll the feeds, update the register, send alerts for what changed.")
def monitor(feeds_file: str | None = None, alert_mode: Literal["change", "digest"] | None = None) -> RunSummary:
    settings = build_settings(feeds_file=feeds_file, alert_mode=alert_mode)
    runner = task_runner(settings)
    current = FlowRunContext.get()
    if runner is None or (current and isinstance(current.task_runner, type(runner))):
        return run_monitor(settings)
    # A distributed task runner (Dask, Ray) named in settings: the same flow again, as a subflow on that
    # runner, so deployments switch runners without a code change.
    return monitor.with_options(task_runner=runner)(feeds_file, alert_mode)


def run_monitor(settings: Settings) -> RunSummary:
    run_id = stages.new_run_id()
    tasks.prepare_database(settings)
    configs = stages.load_feed_configs(settings)
    poll = retrying(tasks.poll_feeds, settings)
    chunks = stages.chunked_by_host(configs, settings.feeds_per_task, lambda c: c.url)
    futures = [poll.submit(settings, chunk) for chunk in chunks]
    polls = [p for future in futures for p in future.result()]

    triaged = tasks.triage_entries(settings, polls)
    fetch = retrying(tasks.fetch_and_extract, settings)
    chunks = stages.chunked_by_host(list(triaged.relevant), settings.articles_per_task, lambda e: e.link)
    processed = [future.result() for future in [fetch.submit(settings, chunk) for chunk in chunks]]

    policy = "live" if settings.alert_mode == "change" else "digest"
    ingest = retrying(tasks.ingest, settings)
    ingested = [ingest(settings, p.pairs, policy, run_id, p.done) for p in processed]
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
        notes=delivery_notes(settings, delivery),
    )
    publish(summary, settings)
    return summary


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
