"""The outbox's rules, as SQL: which deliveries a run may claim, and an alert's status from its deliveries."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from pipeline.store.models import DeliveryRow, OutboxRow


def rowcount(result: sa.Result[Any]) -> int:
    """Rows an UPDATE matched (a DML statement's result is a cursor result, which typing does not know)."""
    assert isinstance(result, CursorResult)
    return result.rowcount


def claimable(now: datetime) -> sa.ColumnElement[bool]:
    return sa.or_(
        sa.and_(
            DeliveryRow.status == "pending",
            sa.or_(DeliveryRow.next_attempt.is_(None), DeliveryRow.next_attempt <= now),
        ),
        sa.and_(DeliveryRow.status == "sending", DeliveryRow.lease_until < now),  # a sender that died
    )


def held(alert_id: str, target_id: str, owner: str) -> tuple[sa.ColumnElement[bool], ...]:
    return (
        DeliveryRow.alert_id == alert_id,
        DeliveryRow.target_id == target_id,
        DeliveryRow.owner == owner,
        DeliveryRow.status == "sending",
    )


def settle(s: Session, alert_id: str, now: datetime) -> None:
    """An alert is `sent` once every target accepted it, `dead` once the rest are parked, else `pending`."""
    statuses = set(s.scalars(sa.select(DeliveryRow.status).where(DeliveryRow.alert_id == alert_id)))
    if not statuses:
        return
    status = "sent" if statuses == {"sent"} else "dead" if statuses <= {"sent", "dead"} else "pending"
    values: dict[str, Any] = {"status": status}
    if status == "sent":
        values["sent_at"] = now
    s.execute(sa.update(OutboxRow).where(OutboxRow.alert_id == alert_id).values(**values))
