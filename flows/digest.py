"""The daily digest: one notification summing up the register's changes of the last day."""

from __future__ import annotations

from datetime import timedelta

from prefect import flow
from prefect.client.schemas.objects import State

from flows import tasks
from flows.common import build_settings
from flows.tail import conclude
from pipeline import monitor as stages
from pipeline.records import IngestResult, RunSummary
from pipeline.store import Store


@flow(name="ilrs-daily-digest", description="Send one digest of the changes recorded in the last day.")
def daily_digest(hours: int = 24) -> RunSummary | State[RunSummary]:
    """Queue and send one digest of what changed (what awaits review set apart).

    Args:
        hours: How far back the digest looks, in hours.
    """
    settings = build_settings()
    run_id = stages.new_run_id()
    with Store(settings.database()) as store:  # one store for the whole run, closed at its end
        tasks.prepare_database(store)
        now = stages.utcnow()
        changes = stages.changes_since(store, now - timedelta(hours=hours))
        # One digest per day and window, whatever the number of runs: the alert id makes it idempotent.
        return conclude(
            store, settings, run_id, "digest", [IngestResult(0, 0, tuple(changes), 0)],
            digest_id=f"daily:{now:%Y-%m-%d}:{hours}h",
        )  # fmt: skip


if __name__ == "__main__":
    daily_digest()
