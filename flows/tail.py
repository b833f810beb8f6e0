"""How every run ends: ingest → digest → deliver → summarise → publish, written once for all the flows."""

from __future__ import annotations

from collections.abc import Sequence

from prefect.client.schemas.objects import State

from flows import tasks
from flows.common import finish, publish, retrying
from pipeline import monitor as stages
from pipeline.alerts import DeliveryReport
from pipeline.records import AlertPolicy, FeedPoll, IngestResult, RunSummary
from pipeline.redaction import redact_text
from pipeline.settings import Settings
from pipeline.store import Store


def ingest_all(
    store: Store, settings: Settings, processed: Sequence[stages.Processed], run_id: str, record_as: AlertPolicy,
    digest_id: str | None = None,
) -> list[IngestResult]:  # fmt: skip
    """Each batch's documents into the register, in order; `record_as` is the policy its changes are recorded
    under (`live` queues one alert per change at once), and `digest_id` names the run's digest, which each
    batch's changes join in the transaction that records them."""
    ingest = retrying(tasks.ingest, settings)
    return [ingest(store, p.pairs, record_as, run_id, p.done, p.failed, digest_id) for p in processed]


def conclude(
    store: Store,
    settings: Settings,
    run_id: str,
    kind: str,
    ingested: Sequence[IngestResult],
    *,
    digest_id: str | None = None,
    deliver_alerts: bool = True,
    polls: Sequence[FeedPoll] = (),
    triaged: stages.Triage | None = None,
    processed: Sequence[stages.Processed] = (),
    notes: Sequence[str] = (),
) -> RunSummary | State[RunSummary]:
    """Queue one digest of the run's changes (when `digest_id` names it), deliver what is due, then summarise
    the run, publish the summary and the register, and say how the run ended."""
    # Always: a digest that a run which died left open goes out now, whatever this run's mode.
    queued = tasks.queue_digest(store, digest_id, [c for r in ingested for c in r.changes])
    delivery = deliver(store, settings, run_id) if deliver_alerts else None
    summary = stages.summarise(
        run_id,
        kind,
        polls=polls,
        triaged=triaged,
        processed=processed,
        ingested=ingested,
        queued_digests=queued,
        delivery=delivery,
        notes=[*notes, *(delivery_notes(store, delivery) if delivery else ())],
    )
    publish(summary, store)
    return finish(summary)


def deliver(store: Store, settings: Settings, owner: str) -> DeliveryReport:
    """Deliver what is due, once, without task retries: failed targets wait in the outbox for a later run.
    Only an error outside the sends (the database, say) fails the task; nothing is then lost either."""
    state = tasks.deliver_alerts.with_options(retries=0)(store, settings, owner, return_state=True)
    if state.is_completed():
        report: DeliveryReport = state.result()
        return report
    reason = redact_text(str(state.message or "delivery failed"))
    return DeliveryReport(sent=0, failed=stages.pending_alerts(store), errors=(reason,))


def delivery_notes(store: Store, delivery: DeliveryReport) -> list[str]:
    """One line per target that had something to do, and what waits in the outbox."""
    notes = [
        f"alerts to {t.target}: {t.sent} sent, {t.failed} failed, {t.dead} dead"
        for t in delivery.targets
        if t.sent or t.failed or t.dead
    ]
    if delivery.failed:
        notes.append(f"{stages.pending_alerts(store)} alert(s) wait in the outbox; a later run retries them")
    if delivery.dead:
        notes.append(
            f"{delivery.dead} delivery(ies) failed for the last allowed time and are parked as dead: "
            "`ilrs-watch outbox` lists them, `ilrs-watch outbox --retry --dead` re-arms them"
        )
    if delivery.errors and not delivery.targets:
        notes += list(dict.fromkeys(delivery.errors))
    return notes
