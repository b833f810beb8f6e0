"""Unconfirmed changes: settled when the register's word on their key decides them, and told early to the
targets that opted into everything. Functions on the store's open session; `Store` calls them."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pipeline import register
from pipeline.records import Change, RegisterEntry
from pipeline.store import mapping
from pipeline.store.models import ChangeRow, OutboxRow


def settle(
    s: Session, key: str, entry: RegisterEntry | None, now: datetime, skip: set[str],
    verdict: tuple[str, str] | None,
) -> tuple[list[Change], int]:  # fmt: skip
    """The unconfirmed changes on `key` that its word (`entry`) now decides: confirmed ones are returned (and
    queued live, citing every source, when recorded under `live`: the alert id is the change id, so once per
    target); rejected, retracted or superseded ones leave the review queue, the digest and the outbox. `skip`:
    changes recorded in this very step; `verdict`: (verdict, reviewer) when an analyst moved the key."""
    unsettled = ChangeRow.standing == "unconfirmed"
    rows = list(s.scalars(sa.select(ChangeRow).where(ChangeRow.entity_key == key, unsettled)))
    confirmed: list[Change] = []
    queued = 0
    for row in rows:
        standing = register.settle(mapping.change(row), entry) if row.change_id not in skip else None
        if standing is None:
            continue
        if verdict is not None and verdict[0] == "rejected" and standing in ("retracted", "superseded"):
            standing = "rejected"
        row.standing, row.settled_at = standing, now
        early = register.review_alert_id(row.change_id)
        s.execute(sa.delete(OutboxRow).where(OutboxRow.alert_id == early, OutboxRow.status == "pending"))
        if standing != "confirmed" or entry is None:
            continue
        row.sources, row.confidence, row.cited = entry.sources, entry.confidence, mapping.cited_json(entry.cited)
        row.note = register.confirmation_note(entry, verdict[1] if verdict and verdict[0] == "confirmed" else None)
        change = mapping.change(row)
        confirmed.append(change)
        if register.alerts_live(change, row.policy) and s.get(OutboxRow, row.change_id) is None:
            s.add(mapping.outbox_row(row.change_id, "change", [row.change_id], now))
            queued += 1
    s.flush()
    return confirmed, queued


def queue_review_alerts(s: Session, now: datetime) -> int:
    """One alert for the `review` audience per unconfirmed change recorded under `live` that has none yet."""
    rows = s.scalars(sa.select(ChangeRow).where(ChangeRow.standing == "unconfirmed", ChangeRow.policy == "live"))
    queued = 0
    for row in list(rows):
        alert_id = register.review_alert_id(row.change_id)
        if s.get(OutboxRow, alert_id) is None:
            s.add(mapping.outbox_row(alert_id, "change", [row.change_id], now, audience="review"))
            queued += 1
    return queued
