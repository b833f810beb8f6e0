"""A run's digest, collected in the transactions that record its changes and closed when the run ends.

Recorded apart (changes in `ingest`, the digest at the run's end), a run that died in between left changes
that no digest would ever carry: the next run finds them recorded already, so they are not news to it. Now
each `ingest` adds its changes to the run's digest, kept `open` (not yet sent to anyone) until the run
closes it; the next run closes any digest a dead run left open, so its changes go out then.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pipeline.records import OutboxStatus
from pipeline.store import mapping
from pipeline.store.models import OutboxRow

OPEN: OutboxStatus = "open"


def collect(s: Session, digest_id: str, change_ids: Sequence[str], now: datetime) -> None:
    """Add changes to the run's open digest (a continuation when another run closed it meanwhile)."""
    if not change_ids:
        return
    alert_id, n = digest_id, 1
    while (row := s.get(OutboxRow, alert_id)) is not None and row.status != OPEN:
        n += 1
        alert_id = f"{digest_id}+{n}"
    if row is None:
        row = mapping.outbox_row(alert_id, "digest", [], now)
        row.status = OPEN
        s.add(row)
    row.change_ids = list(dict.fromkeys([*row.change_ids, *change_ids]))  # a new list: the JSON column sees it


def close(s: Session, alert_id: str | None, change_ids: Sequence[str], now: datetime) -> bool:
    """Close every open digest (this run's, and any a dead run left); queue this run's if nothing collected it.
    True when this run's digest was queued now."""
    own = s.get(OutboxRow, alert_id) if alert_id else None
    queued = own is not None and own.status == OPEN
    s.execute(sa.update(OutboxRow).where(OutboxRow.status == OPEN).values(status="pending"))
    if alert_id and own is None and change_ids:
        s.add(mapping.outbox_row(alert_id, "digest", list(change_ids), now))
        queued = True
    return queued
