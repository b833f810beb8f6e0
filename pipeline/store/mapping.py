"""Rows ⇄ records: the one place that turns ORM rows into the frozen records of `pipeline.records` and back."""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pipeline.records import (
    Change,
    Claim,
    Delivery,
    Document,
    EntityKind,
    Evidence,
    FeedEntry,
    FeedState,
    LinkAnswer,
    MissionFinding,
    OutboxItem,
    PartnerFinding,
    RegisterEntry,
    Review,
    Source,
)
from pipeline.register import review_key
from pipeline.store.models import (
    ChangeRow,
    DeliveryRow,
    DocumentRow,
    EntryRow,
    FeedRow,
    FindingRow,
    HistoryRow,
    OutboxRow,
    RegisterRow,
    ReviewRow,
)


def content_hash(document: Document, findings: Sequence[dict[str, Any]]) -> str:
    facts = sorted(
        (f["key"], f["value"] or "", f["start"], f["stop"], f["country"] or "", f["signatory"] or "", f["site"] or "")
        + (f["assertion"] or "", f["confidence"])  # a finding re-classed or re-weighed is news to store
        for f in findings
    )
    payload = json.dumps([document.text, document.title, str(document.published), facts], ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def finding_values(finding: PartnerFinding | MissionFinding, source_url: str) -> dict[str, Any]:
    """A finding's row as plain values, inserted with its batch in one statement (ORM objects for every finding
    of a re-extracted archive cost more than the extraction of most documents)."""
    entity: EntityKind
    kind: str
    value: str | None
    if isinstance(finding, PartnerFinding):
        entity, kind, value = "partner", finding.kind, finding.status
        country, signatory, site, assertion = finding.country, finding.signatory, None, finding.assertion
    else:
        entity, kind, value = "mission", "mission", None if finding.year is None else str(finding.year)
        country, signatory, site, assertion = None, None, finding.site, None
    return {
        "key": finding.key,
        "entity": entity,
        "name": finding.name,
        "kind": kind,
        "value": value,
        "quote": finding.evidence.quote,
        "start": finding.evidence.start,
        "stop": finding.evidence.end,
        "country": country,
        "signatory": signatory,
        "site": site,
        "assertion": assertion,
        "confidence": finding.confidence,
        "review_key": review_key(finding.key, source_url, value),
    }


# A claim's columns, read as plain rows: a founder's key has a claim in most documents, and ORM objects for
# tens of thousands of findings and their documents (kept in the session's identity map) were the re-extraction's
# memory peak. The document's columns carry a `source_` prefix (both tables have a `site`).
CLAIM_COLUMNS = (
    FindingRow.key, FindingRow.entity, FindingRow.name, FindingRow.kind, FindingRow.value, FindingRow.quote,
    FindingRow.start, FindingRow.stop, FindingRow.country, FindingRow.signatory, FindingRow.site,
    FindingRow.assertion, FindingRow.confidence, DocumentRow.url.label("source_url"),
    DocumentRow.fingerprint.label("source_fingerprint"), DocumentRow.title.label("source_title"),
    DocumentRow.site.label("source_site"), DocumentRow.published.label("source_published"),
    DocumentRow.fetched_at.label("source_fetched_at"), DocumentRow.date_inferred.label("source_date_inferred"),
)  # fmt: skip


def claim_of_row(r: Any) -> Claim:
    """A claim from one row of `CLAIM_COLUMNS`. The short words every claim of a key repeats are interned: each
    row would otherwise bring its own copy of each, tens of thousands of times for a founder."""
    return Claim(
        key=_shared(r.key),
        entity=_shared(r.entity),
        name=_shared(r.name),
        kind=_shared(r.kind),
        value=_shared(r.value),
        evidence=Evidence(r.quote, r.start, r.stop),
        source_url=r.source_url,
        fingerprint=r.source_fingerprint,
        source_title=r.source_title,
        source_site=r.source_site,
        source_published=r.source_published,
        seen_at=r.source_fetched_at,
        source_date_inferred=bool(r.source_date_inferred),
        country=_shared(r.country),
        signatory=r.signatory,
        site=r.site,
        assertion=_shared(r.assertion),
        confidence=_shared(r.confidence),
    )


def _shared(word: str | None) -> Any:
    return sys.intern(word) if word is not None else None


def document(row: DocumentRow) -> Document:
    return Document(
        url=row.url,
        text=row.text,
        fingerprint=row.fingerprint,
        origin=row.origin,
        title=row.title,
        published=row.published,
        site=row.site,
        language=row.language,
        feed_url=row.feed_url,
        entry_id=row.entry_id,
        date_inferred=bool(row.date_inferred),
    )


SOURCE_FIELDS = ("source_url", "source_title", "source_site", "source_published", "sources", "confidence", "assertion")


def register_row(entry: RegisterEntry, now: datetime) -> RegisterRow:
    return RegisterRow(
        key=entry.key,
        entity=entry.entity,
        name=entry.name,
        kind=entry.kind,
        value=entry.value,
        quote=entry.evidence.quote,
        start=entry.evidence.start,
        stop=entry.evidence.end,
        first_seen=entry.first_seen,
        last_seen=entry.last_seen,
        country=entry.country,
        signatory=entry.signatory,
        site=entry.site,
        updated_at=now,
        decided_by=entry.decided_by,
        retracted_at=entry.retracted_at,
        first_seen_basis=entry.first_seen_basis,
        rejected=entry.rejected,
        **{f: getattr(entry, f) for f in SOURCE_FIELDS},
    )


def register_entry(row: RegisterRow) -> RegisterEntry:
    return RegisterEntry(
        key=row.key,
        entity=row.entity,
        name=row.name,
        kind=row.kind,
        value=row.value,
        evidence=Evidence(row.quote, row.start, row.stop),
        first_seen=row.first_seen,
        last_seen=row.last_seen,
        country=row.country,
        signatory=row.signatory,
        site=row.site,
        decided_by=row.decided_by,
        retracted_at=row.retracted_at,
        first_seen_basis=row.first_seen_basis or "source",
        rejected=bool(row.rejected),
        **{f: getattr(row, f) for f in SOURCE_FIELDS},
    )


def change_row(change: Change, run_id: str, policy: str) -> ChangeRow:
    return ChangeRow(
        change_id=change.change_id,
        change_type=change.change_type,
        entity_key=change.entity_key,
        entity=change.entity,
        name=change.name,
        kind=change.kind,
        field=change.field,
        old_value=change.old_value,
        new_value=change.new_value,
        quote=change.evidence.quote,
        start=change.evidence.start,
        stop=change.evidence.end,
        detected_at=change.detected_at,
        run_id=run_id,
        policy=policy,
        unconfirmed=change.unconfirmed,
        note=change.note,
        standing=change.standing,
        settled_at=change.settled_at,
        cited=cited_json(change.cited),
        **{f: getattr(change, f) for f in SOURCE_FIELDS},
    )


def cited_json(sources: Sequence[Source]) -> list[dict[str, str | None]] | None:
    if not sources:
        return None
    return [
        {"url": s.url, "title": s.title, "site": s.site, "published": s.published.isoformat() if s.published else None}
        for s in sources
    ]


def cited(rows: Sequence[dict[str, str | None]] | None) -> tuple[Source, ...]:
    return tuple(
        Source(str(r["url"]), r.get("title"), r.get("site"),
               datetime.fromisoformat(p) if (p := r.get("published")) else None)
        for r in rows or ()
    )  # fmt: skip


def change(row: ChangeRow) -> Change:
    return Change(
        change_id=row.change_id,
        change_type=row.change_type,
        entity_key=row.entity_key,
        entity=row.entity,
        name=row.name,
        kind=row.kind,
        field=row.field,
        old_value=row.old_value,
        new_value=row.new_value,
        evidence=Evidence(row.quote, row.start, row.stop),
        detected_at=row.detected_at,
        unconfirmed=row.unconfirmed,
        note=row.note,
        standing=row.standing or "sure",
        policy=row.policy,
        settled_at=row.settled_at,
        cited=cited(row.cited),
        **{f: getattr(row, f) for f in SOURCE_FIELDS},
    )


def review_row(
    key: str, f: FindingRow, d: DocumentRow, verdict: str, reason: str | None, reviewer: str, now: datetime
) -> ReviewRow:
    return ReviewRow(
        review_key=key,
        entity_key=f.key,
        name=f.name,
        value=f.value,
        source_url=d.url,
        fingerprint=d.fingerprint,
        quote=f.quote,
        verdict=verdict,
        reason=reason,
        reviewer=reviewer,
        reviewed_at=now,
    )


def review(row: ReviewRow) -> Review:
    return Review(
        review_key=row.review_key,
        entity_key=row.entity_key,
        name=row.name,
        value=row.value,
        source_url=row.source_url,
        fingerprint=row.fingerprint,
        quote=row.quote,
        verdict=row.verdict,
        reason=row.reason,
        reviewer=row.reviewer,
        reviewed_at=row.reviewed_at,
    )


def outbox_row(alert_id: str, kind: str, change_ids: list[str], now: datetime, audience: str = "all") -> OutboxRow:
    return OutboxRow(alert_id=alert_id, kind=kind, change_ids=change_ids, status="pending", attempts=0, created_at=now,
                     audience=audience)  # fmt: skip


def outbox_item(row: OutboxRow, deliveries: Sequence[DeliveryRow] = ()) -> OutboxItem:
    errors = [d.last_error for d in deliveries if d.last_error]
    return OutboxItem(
        alert_id=row.alert_id,
        kind=row.kind,
        change_ids=tuple(row.change_ids),
        status=row.status,
        attempts=max([row.attempts, *(d.attempts for d in deliveries)]),
        audience=row.audience or "all",
        last_error=errors[-1] if errors else row.last_error,
        created_at=row.created_at,
        sent_at=row.sent_at,
    )


def delivery(row: DeliveryRow) -> Delivery:
    return Delivery(
        alert_id=row.alert_id,
        target_id=row.target_id,
        target=row.target,
        status=row.status,
        attempts=row.attempts,
        next_attempt=row.next_attempt,
        last_error=row.last_error,
        sent_at=row.sent_at,
    )


LINK_FIELDS = tuple(LinkAnswer.__dataclass_fields__)


def history_row(key: str, change: Change, at: datetime | None, now: datetime) -> HistoryRow:
    """One step of a key's story: `at` is the source's date (a verdict's: when it was given), not the run's."""
    return HistoryRow(key=key, field=change.field, old=change.old_value, new=change.new_value, at=at,
                      change_id=change.change_id, recorded_at=now)  # fmt: skip


def history_step(row: HistoryRow) -> dict[str, Any]:
    return {
        "key": row.key,
        "field": row.field,
        "old": row.old,
        "new": row.new,
        "at": row.at,
        "change_id": row.change_id,
        "recorded_at": row.recorded_at,
    }


def feed_state(row: FeedRow) -> FeedState:
    return FeedState(**{f: getattr(row, f) for f in FeedState.__dataclass_fields__})


def entry_row(entry: FeedEntry, status: str, now: datetime, done_at: datetime | None = None) -> EntryRow:
    return EntryRow(
        feed_url=entry.feed_url,
        entry_id=entry.entry_id,
        status=status,
        link=entry.link,
        title=entry.title,
        summary=entry.summary,
        published=entry.published,
        language=entry.language,
        first_seen=now,
        done_at=done_at,
    )


def feed_entry(row: EntryRow) -> FeedEntry:
    return FeedEntry(
        feed_url=row.feed_url,
        entry_id=row.entry_id,
        link=row.link,
        title=row.title,
        summary=row.summary,
        published=row.published,
        language=row.language,
    )
