"""The register's rules, pure: what analysts' verdicts do to claims, a key's next word, what a rejection records.

The store reads a key's claims, verdicts and entry, calls these, and writes what they return; `diff` holds the
resolution of claims and the changes between two words. Nothing here reads or writes a database.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Literal

from pipeline import diff
from pipeline.records import (
    Change,
    Claim,
    Document,
    RegisterEntry,
    Review,
    Standing,
    change_identity,
    same_story,
)
from pipeline.resolution import sure, unconfirmed


def review_key(entity_key: str, source_url: str, value: str | None) -> str:
    """Ten hex digits: short enough to type, stable across runs and databases.

    Stored with every finding (migration 0007 computed it for the findings of older registers the same way)."""
    return hashlib.sha256(f"{entity_key}\x1f{source_url}\x1f{value}".encode()).hexdigest()[:10]


def judged(claims: Sequence[Claim], verdicts: Sequence[Review]) -> list[Claim]:
    """Claims as analysts judged them: a rejected one (or a copy of its story) is gone, a confirmed one is sure.

    The baseline (`seed:` documents) was chosen and read by people: its claims count as confirmed."""
    kept = []
    for claim in claims:
        if claim.source_url.startswith("seed:"):
            kept.append(replace(claim, confidence="high"))
            continue
        said = {
            v.verdict
            for v in verdicts
            if v.value == claim.value
            and (v.source_url == claim.source_url or same_story(v.fingerprint, claim.fingerprint))
        }
        if "rejected" in said:
            continue
        kept.append(replace(claim, confidence="high") if "confirmed" in said else claim)
    return kept


def current(claims: Sequence[Claim], verdicts: Sequence[Review]) -> RegisterEntry | None:
    """The register's word on one key now: its claims as judged, resolved (None: no claim stands)."""
    return diff.resolve(judged(claims, verdicts))


def step(
    old: RegisterEntry | None,
    claims: Sequence[Claim],
    verdicts: Sequence[Review],
    at: datetime,
    document_at: Callable[[str], Document | None],
) -> tuple[RegisterEntry | None, list[Change]]:
    """One key's next entry and the changes that record the step to it from `old` (see `diff.settle`).

    Every claim on the key taken back (a re-fetch or re-extraction): the entry stays, retracted, and the
    retraction is told with the document that no longer says it, which `document_at(url)` looks up only then."""
    word = current(claims, verdicts)
    source = document_at(old.source_url) if word is None and old is not None else None
    return diff.settle(old, word, at, source)


def rejection(claim: Claim, key: str, value_now: str | None, note: str, at: datetime) -> Change:
    """The change that records an analyst's rejection of `claim` (review key `key`): from the value it claimed to
    what the register says once it no longer counts. Its identity names the review, so it is recorded once."""
    field: Literal["status", "year"] = "status" if claim.entity == "partner" else "year"
    return Change(
        change_id=change_identity(claim.key, field, value_now, claim.value, decided_by=f"review:{key}"),
        change_type="rejected",
        entity_key=claim.key,
        entity=claim.entity,
        name=claim.name,
        kind=claim.kind,
        field=field,
        old_value=claim.value,
        new_value=value_now,
        evidence=claim.evidence,
        source_url=claim.source_url,
        sources=0,
        source_title=claim.source_title,
        source_site=claim.source_site,
        source_published=claim.source_published,
        detected_at=at,
        note=note,
        standing="rejected",
    )


# The programme's founders lead it: that they are members is a fact of the programme, never news.
FOUNDERS = frozenset({"country:CN", "country:RU"})


def alert_policy(change: Change, run_policy: str, old: RegisterEntry | None = None) -> str:
    """How one change is told under the run's policy: a founder found a member is recorded quietly; a value that
    was never sure and is now taken back never alerted, so its retraction goes to the digest, not to everyone."""
    if change.entity_key in FOUNDERS and change.new_value == "joined":
        return "none"
    never_sure = old is not None and unconfirmed(old.value, old.confidence, old.sources)
    if change.change_type == "retracted" and never_sure and run_policy == "live":
        return "digest"
    return run_policy


def alerts_live(change: Change, policy: str) -> bool:
    """Only a sure change alerts everyone at once; an unconfirmed one waits (see `settle`)."""
    return policy == "live" and change.standing in ("sure", "confirmed")


def settle(waiting: Change, entry: RegisterEntry | None) -> Standing | None:
    """What becomes of an unconfirmed change once the register's word on its key is `entry` (None: it still
    waits). It is confirmed the moment its value is sure (a second independent source, an analyst, an explicit
    act); it is retracted when its source took the value back, superseded when a later word replaced it."""
    if entry is None or entry.retracted_at is not None or (entry.value is None and entry.sources == 0):
        return "retracted"
    if entry.value != waiting.new_value:
        return "superseded"
    if sure(entry.confidence, entry.sources):
        return "confirmed"
    return None


def confirmation_note(entry: RegisterEntry, reviewer: str | None) -> str:
    """Why an unconfirmed change became sure, in the words its alert shows."""
    if reviewer:
        return f"confirmed by {reviewer}"
    if entry.sources >= 2:
        return f"confirmed by {entry.sources} independent sources"
    return "confirmed by an explicit act in a later source"


def review_alert_id(change_id: str) -> str:
    """The alert that tells an unconfirmed change to targets that opted into everything (never the sure alert,
    whose id is the change id: a target that gets both gets each once)."""
    return f"unconfirmed:{change_id}"


def taken_out_by(entry: RegisterEntry | None, old: RegisterEntry | None, verdict: str | None) -> RegisterEntry | None:
    """Mark a value an analyst's rejection took out as rejected (not retracted by its source): every screen says
    whose word it was. A later value clears it; a key touched again while still out keeps it."""
    if entry is None or entry.retracted_at is None:
        return replace(entry, rejected=False) if entry is not None and entry.rejected else entry
    newly_out = old is None or old.retracted_at is None
    if newly_out:
        return replace(entry, rejected=verdict == "rejected")
    return replace(entry, rejected=old.rejected if old is not None else False)
