"""The daily digest: one notification summing up the register's changes of the last day."""

from __future__ import annotations

from datetime import timedelta

from prefect import flow
from prefect.client.schemas.objects import State

from flows import tasks
from flows.common import build_settings, finish, publish
from flows.monitor import deliver, delivery_notes
from pipeline import monitor as stages
from pipeline.records import IngestResult, RunSummary


@flow(name="ilrs-daily-digest", description="Send one digest of the changes recorded in the last day.")
def daily_digest(hours: int = 24) -> RunSummary | State[RunSummary]:
    """Queue and send one digest of what changed (what awaits review set apart).

    Args:
        hours: How far back the digest looks, in hours.
    """
    settings = build_settings()
    run_id = stages.new_run_id()
    tasks.prepare_database(settings)
    now = stages.utcnow()
    changes = stages.changes_since(settings, now - timedelta(hours=hours))
    # One digest per day and window, whatever the number of runs: the alert id makes it idempotent.
    queued = tasks.queue_digest(settings, f"daily:{now:%Y-%m-%d}:{hours}h", changes)
    delivery = deliver(settings, run_id)
    summary = stages.summarise(
        run_id,
        "digest",
        ingested=[IngestResult(0, 0, tuple(changes), 0)],
        queued_digests=queued,
        delivery=delivery,
        notes=delivery_notes(settings, delivery),
    )
    publish(summary, settings)
    return finish(summary)


if __name__ == "__main__":
    daily_digest()
