"""The analyst's loop: what awaits review, and verdicts that stick.

A verdict is about a claim: one source's word on one entity's value. A rejected claim never counts again, not
after a re-fetch, not after a re-extraction backfill, not through a syndicated copy of the same story; a
confirmed one counts as high confidence, so it is no longer "unconfirmed".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pipeline.errors import InputError
from pipeline.records import RegisterEntry, Review, Verdict
from pipeline.register import review_key
from pipeline.resolution import CONFIDENCE_RANK, unconfirmed
from pipeline.store import Store


@dataclass(frozen=True)
class ReviewItem:
    """A register entry whose evidence no analyst has judged yet."""

    review_key: str
    entry: RegisterEntry
    unconfirmed: bool


def queue(store: Store) -> list[ReviewItem]:
    """Entries awaiting a verdict: unconfirmed first, then the least sure, then the newest."""
    judged = {r.review_key for r in store.reviews()}
    items = [
        ReviewItem(key, entry, unconfirmed(entry.value, entry.confidence, entry.sources))
        for entry in store.register()
        if entry.retracted_at is None  # nothing stands to judge: its claims were taken back or rejected
        and (key := review_key(entry.key, entry.source_url, entry.value)) not in judged
    ]
    newest_first = sorted(items, key=lambda i: i.entry.last_seen.timestamp() if i.entry.last_seen else 0, reverse=True)
    return sorted(newest_first, key=lambda i: (not i.unconfirmed, CONFIDENCE_RANK.get(i.entry.confidence, 2)))


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
