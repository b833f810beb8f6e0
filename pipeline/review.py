"""The analyst's loop: what awaits review, and verdicts that stick.

A verdict is about a claim: one source's word on one entity's value. A rejected claim never counts again, not
after a re-fetch, not after a re-extraction backfill, not through a syndicated copy of the same story; a
confirmed one counts as high confidence, so it is no longer "unconfirmed".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pipeline.alerts import why_waiting
from pipeline.errors import InputError
from pipeline.records import Change, RegisterEntry, Review, Verdict
from pipeline.register import review_key
from pipeline.resolution import CONFIDENCE_RANK, unconfirmed
from pipeline.store import Store


@dataclass(frozen=True)
class ReviewItem:
    """A register entry that is not sure yet and that no analyst has judged: what waits for review."""

    review_key: str
    entry: RegisterEntry
    unconfirmed: bool
    change: Change | None = None  # the unconfirmed change that waits on it, when one was recorded to alert

    @property
    def impact(self) -> str:
        """What confirming it would tell: a new partner, a status change, or a mission's year."""
        if self.entry.entity == "mission":
            return "mission year"
        new = self.change is not None and self.change.change_type == "new_partner"
        return "new partner" if new else "status change"

    @property
    def why(self) -> str:
        """Why it waits, in one phrase."""
        e = self.entry
        return why_waiting(e.confidence, e.sources, e.assertion)


_IMPACT = {"new partner": 0, "status change": 1, "mission year": 2}


def queue(store: Store) -> list[ReviewItem]:
    """What waits for a verdict, by impact (a new partner, then a status change, then a mission year), newest first
    within each: every unconfirmed value in the register that no analyst has judged."""
    judged = {r.review_key for r in store.reviews()}
    waiting = {c.entity_key: c for c in store.changes(waiting=True)}  # oldest first: the latest one wins
    items = [
        ReviewItem(key, entry, True, waiting.get(entry.key))
        for entry in store.register()
        if entry.retracted_at is None  # nothing stands to judge: its claims were taken back or rejected
        and unconfirmed(entry.value, entry.confidence, entry.sources)
        and (key := review_key(entry.key, entry.source_url, entry.value)) not in judged
    ]
    newest_first = sorted(items, key=lambda i: i.entry.last_seen.timestamp() if i.entry.last_seen else 0, reverse=True)
    return sorted(newest_first, key=lambda i: (_IMPACT[i.impact], CONFIDENCE_RANK.get(i.entry.confidence, 2)))


def judge(
    store: Store, key: str, verdict: Verdict, *, reviewer: str, reason: str | None, run_id: str, now: datetime
) -> Review:
    """Record a verdict and apply it to the register at once."""
    key = key.strip().lower()
    if verdict == "rejected" and not (reason or "").strip():
        raise InputError("a rejection needs a reason (--why): it is shown wherever the finding was")
    if not reviewer.strip():
        raise InputError("a verdict needs a reviewer's name")
    review = store.judge(key, verdict, reviewer=reviewer.strip(), reason=(reason or "").strip() or None,
                         run_id=run_id, now=now)
    if review is None:
        raise InputError(f"no finding has the review key {key!r} (see `ilrs-watch review`)")
    return review
