"""Claims × register → changes. Pure: no I/O, deterministic, idempotent.

`resolve` turns every claim ever made about one partner or mission into the register's current word on it;
`diff` compares that word with what the register said before and names the change, if any; `settle` does both
and also names a retraction (every claim on a key taken back), so nothing leaves the register unrecorded.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Literal

from pipeline.records import (
    STATUS_RANK,
    Change,
    ChangeType,
    Claim,
    DateBasis,
    Document,
    Evidence,
    Extraction,
    RegisterEntry,
    Source,
    Stories,
    change_identity,
    claim_identity,
)
from pipeline.resolution import resolve_status, strongest_confidence, unconfirmed

_NEVER = datetime.min.replace(tzinfo=UTC)
# The old value of a change that brings back a value after a retraction: "retracted → joined" is news even
# when the claim that returns is the one first reported.
RETRACTED = "retracted"


def claims_from(document: Document, extraction: Extraction, seen_at: datetime) -> list[Claim]:
    """Every finding of one document as a claim that carries its source."""
    source = Claim(
        key="",
        entity="partner",
        name="",
        kind="",
        value=None,
        evidence=Evidence("", 0, 0),
        source_url=document.url,
        fingerprint=document.fingerprint,
        source_title=document.title,
        source_site=document.site,
        source_published=document.published,
        seen_at=seen_at,
        source_date_inferred=document.date_inferred,
    )  # what every claim of the document shares: its source
    claims = [
        replace(
            source,
            key=p.key,
            name=p.name,
            kind=p.kind,
            value=p.status,
            evidence=p.evidence,
            country=p.country,
            signatory=p.signatory,
            assertion=p.assertion,
            confidence=p.confidence,
        )
        for p in extraction.partners
    ]
    claims += [
        replace(
            source,
            key=m.key,
            entity="mission",
            name=m.name,
            kind="mission",
            value=None if m.year is None else str(m.year),
            evidence=m.evidence,
            site=m.site,
            confidence=m.confidence,
        )
        for m in extraction.missions
    ]
    return claims


def when(claim: Claim) -> datetime:
    """A claim's date: its source's publication date, else when we stored it."""
    return claim.source_published or claim.seen_at or _NEVER


def _date_basis(claim: Claim) -> DateBasis:
    if claim.source_published is None:
        return "stored"
    return "text" if claim.source_date_inferred else "source"


def _order(claim: Claim) -> tuple[datetime, bool, str, int]:
    # Dated sources before undated ones of the same instant; then a stable, input-order-free tie-break.
    return (when(claim), claim.source_published is None, claim.source_url, claim.evidence.start)


def count_sources(claims: Iterable[Claim]) -> int:
    """Independent sources: one per story, however many sites carried copies of it."""
    stories, count = Stories(), 0
    for fingerprint in sorted({c.source_url: c.fingerprint for c in claims}.values()):
        if fingerprint not in stories:
            stories.add(fingerprint)
            count += 1
    return count


def independent(claims: Iterable[Claim]) -> tuple[Source, ...]:
    """One source per story (its earliest copy, by date then URL), oldest first: what an alert cites."""
    chosen: list[Claim] = []
    stories, urls = Stories(), set()
    for claim in sorted(claims, key=_order):
        if claim.fingerprint not in stories and claim.source_url not in urls:
            chosen.append(claim)
            stories.add(claim.fingerprint)
            urls.add(claim.source_url)
    return tuple(Source(c.source_url, c.source_title, c.source_site, c.source_published) for c in chosen)


def resolve(claims: Sequence[Claim]) -> RegisterEntry | None:
    """The register's word on one key, from all its claims."""
    if not claims:
        return None
    ordered = sorted(claims, key=_order)
    value: str | None
    if ordered[0].entity == "partner":
        value, backing = _partner_status(ordered)
    else:
        value, backing = _mission_year(ordered)
    best = backing[0]
    latest = ordered[-1]
    return RegisterEntry(
        key=best.key,
        entity=best.entity,
        name=latest.name,
        kind=best.kind,
        value=value,
        evidence=best.evidence,
        source_url=best.source_url,
        sources=count_sources(backing),
        first_seen=when(ordered[0]) if when(ordered[0]) != _NEVER else None,
        last_seen=when(latest) if when(latest) != _NEVER else None,
        source_title=best.source_title,
        source_site=best.source_site,
        source_published=best.source_published,
        first_seen_basis=_date_basis(ordered[0]),
        country=next((c.country for c in reversed(ordered) if c.country), None),
        signatory=next((c.signatory for c in reversed(ordered) if c.signatory), None),
        site=next((c.site for c in reversed(ordered) if c.site), None),
        confidence=strongest_confidence([c.confidence for c in backing]),
        decided_by=claim_identity(best.fingerprint, best.evidence.start, best.value),
        assertion=best.assertion,
        cited=independent(backing),
    )


def _partner_status(ordered: Sequence[Claim]) -> tuple[str, list[Claim]]:
    """The shared rule (`resolution.resolve_status`) over every source's claims, oldest first."""
    resolved = resolve_status(ordered, lambda c: c.value)
    return resolved if resolved is not None else ("withdrew", list(ordered))


def _mission_year(ordered: Sequence[Claim]) -> tuple[str | None, list[Claim]]:
    """The year given by the most recent claim that gives one; a claim without a year never erases one."""
    with_year = [c for c in ordered if c.value is not None]
    if not with_year:
        return None, list(ordered)
    year = with_year[-1].value
    return year, [c for c in with_year if c.value == year]


def diff(old: RegisterEntry | None, new: RegisterEntry, detected_at: datetime) -> list[Change]:
    """What changed between the register's old and new word on one key: nothing, or one change.

    A mission whose every dated claim was taken back loses its year: that is a retraction, told with the quote
    that was taken back."""
    kind = _change_type(old, new)
    if kind is None:
        return []
    if kind == "retracted":
        assert old is not None
        return [retraction(old, detected_at, sources=new.sources)]
    previous = _previous(old)
    return [
        _change(
            new,
            kind,
            previous,
            detected_at,
            change_identity(new.key, _field(new), new.value, previous, new.decided_by),
        )
    ]


def retraction(
    old: RegisterEntry, detected_at: datetime, *, sources: int = 0, source: Document | None = None
) -> Change:
    """The change that records a value taken back: old value → None, with the quote that is gone and, when
    known, the document (as now stored) that no longer says it. `sources`: how many still back the entry."""
    identity = change_identity(old.key, _field(old), None, old.value, f"retraction of {old.decided_by}")
    gone = replace(old, value=None, sources=sources)
    if source is not None and source.url == old.source_url:
        gone = replace(
            gone,
            source_title=source.title or old.source_title,
            source_site=source.site or old.source_site,
            source_published=source.published or old.source_published,
        )
    return _change(gone, "retracted", old.value, detected_at, identity)


def settle(
    old: RegisterEntry | None, new: RegisterEntry | None, detected_at: datetime, source: Document | None = None
) -> tuple[RegisterEntry | None, list[Change]]:
    """The register's next entry on one key and the changes that record the step to it.

    `new` is `resolve` over the key's claims now (None: no claim remains). Nothing leaves the register silently:
    an entry whose claims are all gone stays, retracted (value None, sources 0), with a `retracted` change."""
    if new is None:
        if old is None or old.retracted_at is not None:
            return old, []
        change = retraction(old, detected_at, source=source)
        return replace(old, value=None, sources=0, retracted_at=detected_at), [change]
    changes = diff(old, new, detected_at)
    if any(c.change_type == "retracted" for c in changes):
        return replace(new, retracted_at=detected_at), changes
    still_retracted = not changes and old is not None and old.retracted_at is not None and new.value is None
    return replace(new, retracted_at=old.retracted_at if still_retracted and old else None), changes


def _field(entry: RegisterEntry) -> Literal["status", "year"]:
    return "status" if entry.entity == "partner" else "year"


def _previous(old: RegisterEntry | None) -> str | None:
    if old is None:
        return None
    return RETRACTED if old.retracted_at is not None else old.value


def _change(entry: RegisterEntry, kind: ChangeType, previous: str | None, at: datetime, change_id: str) -> Change:
    # A retraction is its source's own word: it never waits (whether it alerts is the store's rule).
    waits = kind != "retracted" and unconfirmed(entry.value, entry.confidence, entry.sources)
    return Change(
        change_id=change_id,
        change_type=kind,
        entity_key=entry.key,
        entity=entry.entity,
        name=entry.name,
        kind=entry.kind,
        field=_field(entry),
        old_value=previous,
        new_value=entry.value,
        evidence=entry.evidence,
        source_url=entry.source_url,
        sources=entry.sources,
        source_title=entry.source_title,
        source_site=entry.source_site,
        source_published=entry.source_published,
        detected_at=at,
        confidence=entry.confidence,
        unconfirmed=waits,
        assertion=entry.assertion,
        standing="unconfirmed" if waits else "sure",
        cited=entry.cited,
    )


def _change_type(old: RegisterEntry | None, new: RegisterEntry) -> ChangeType | None:
    if old is None:
        return "new_partner" if new.entity == "partner" else "new_mission"
    if old.retracted_at is not None:  # a value returns after a retraction
        if old.sources == 0 or new.value is not None:
            return "status_change" if new.entity == "partner" else "year_change"
        return None
    if old.value == new.value:
        return None
    if new.entity == "mission":
        # Only the loss of every dated claim takes a year away (an undated claim never erases one).
        return "retracted" if new.value is None else "year_change"
    if new.value == "withdrew" or STATUS_RANK.get(new.value or "", 0) < STATUS_RANK.get(old.value or "", 0):
        return "status_regression"  # an exit, or a stronger claim taken back so that a weaker one stands
    return "status_change"
