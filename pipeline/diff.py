"""Claims × register → changes. Pure: no I/O, deterministic, idempotent.

`resolve` turns every claim ever made about one partner or mission into the register's current word on it;
`diff` compares that word with what the register said before and names the change, if any.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from pipeline.records import (
    Change,
    ChangeType,
    Claim,
    DateBasis,
    Document,
    Extraction,
    RegisterEntry,
    change_identity,
    same_story,
)
from pipeline.resolution import resolve_status

_NEVER = datetime.min.replace(tzinfo=UTC)


def claims_from(document: Document, extraction: Extraction, seen_at: datetime) -> list[Claim]:
    """Every finding of one document as a claim that carries its source."""
    source = {
        "source_url": document.url,
        "fingerprint": document.fingerprint,
        "source_title": document.title,
        "source_site": document.site,
        "source_published": document.published,
        "seen_at": seen_at,
        "source_date_inferred": document.date_inferred,
    }
    claims = [
        Claim(
            key=p.key,
            entity="partner",
            name=p.name,
            kind=p.kind,
            value=p.status,
            evidence=p.evidence,
            country=p.country,
            signatory=p.signatory,
            **source,
        )
        for p in extraction.partners
    ]
    claims += [
        Claim(
            key=m.key,
            entity="mission",
            name=m.name,
            kind="mission",
            value=None if m.year is None else str(m.year),
            evidence=m.evidence,
            site=m.site,
            **source,
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


def _order(claim: Claim) -> tuple:
    # Dated sources before undated ones of the same instant; then a stable, input-order-free tie-break.
    return (when(claim), claim.source_published is None, claim.source_url, claim.evidence.start)


def count_sources(claims: Iterable[Claim]) -> int:
    """Independent sources: one per story, however many sites carried copies of it."""
    stories: list[str] = []
    for fingerprint in sorted({c.source_url: c.fingerprint for c in claims}.values()):
        if not any(same_story(fingerprint, seen) for seen in stories):
            stories.append(fingerprint)
    return len(stories)


def resolve(claims: Sequence[Claim]) -> RegisterEntry | None:
    """The register's word on one key, from all its claims."""
    if not claims:
        return None
    ordered = sorted(claims, key=_order)
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
    """What changed between the register's old and new word on one key: nothing, or one change."""
    field = "status" if new.entity == "partner" else "year"
    kind = _change_type(old, new)
    if kind is None:
        return []
    return [
        Change(
            change_id=change_identity(new.key, field, new.value, old.value if old else None),
            change_type=kind,
            entity_key=new.key,
            entity=new.entity,
            name=new.name,
            kind=new.kind,
            field=field,
            old_value=old.value if old else None,
            new_value=new.value,
            evidence=new.evidence,
            source_url=new.source_url,
            sources=new.sources,
            source_title=new.source_title,
            source_site=new.source_site,
            source_published=new.source_published,
            detected_at=detected_at,
        )
    ]


def _change_type(old: RegisterEntry | None, new: RegisterEntry) -> ChangeType | None:
    if old is None:
        return "new_partner" if new.entity == "partner" else "new_mission"
    if old.value == new.value or (new.entity == "mission" and new.value is None):
        return None
    if new.entity == "mission":
        return "year_change"
    return "status_regression" if new.value == "withdrew" else "status_change"
