"""The register's tables as SQLAlchemy models. ORM rows never leave `pipeline.store`: callers get records."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from pipeline.records import (
    Assertion,
    ChangeType,
    Confidence,
    DateBasis,
    DeliveryStatus,
    EntityKind,
    Origin,
    OutboxStatus,
    Standing,
    Verdict,
)


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """Timezone-aware UTC in and out, also on SQLite (which keeps no zone)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        value = value if value.tzinfo else value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    pass


class DocumentRow(Base):
    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(sa.Text, unique=True)
    fingerprint: Mapped[str] = mapped_column(sa.String(32))
    content_hash: Mapped[str] = mapped_column(sa.String(64))  # text + findings: unchanged means nothing to do
    origin: Mapped[Origin] = mapped_column(sa.String(16))
    title: Mapped[str | None] = mapped_column(sa.Text)
    site: Mapped[str | None] = mapped_column(sa.Text)
    published: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    language: Mapped[str | None] = mapped_column(sa.String(16))
    text: Mapped[str] = mapped_column(sa.Text)
    feed_url: Mapped[str | None] = mapped_column(sa.Text)
    entry_id: Mapped[str | None] = mapped_column(sa.Text)
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime)
    date_inferred: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())


class FindingRow(Base):
    __tablename__ = "findings"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(sa.Text, index=True)
    entity: Mapped[EntityKind] = mapped_column(sa.String(16))
    name: Mapped[str] = mapped_column(sa.Text)
    kind: Mapped[str] = mapped_column(sa.String(16))
    value: Mapped[str | None] = mapped_column(sa.String(16))
    quote: Mapped[str] = mapped_column(sa.Text)
    start: Mapped[int]
    stop: Mapped[int]
    country: Mapped[str | None] = mapped_column(sa.String(8))
    signatory: Mapped[str | None] = mapped_column(sa.Text)
    site: Mapped[str | None] = mapped_column(sa.Text)
    assertion: Mapped[Assertion | None] = mapped_column(sa.String(16))
    confidence: Mapped[Confidence] = mapped_column(sa.String(8), server_default="medium")
    # The analysts' handle on this claim (`register.review_key`): a verdict finds its claim by an index.
    review_key: Mapped[str] = mapped_column(sa.String(16), index=True)


class _SourceColumns:
    """Evidence and source of a register row or a change, and how sure the evidence is."""

    quote: Mapped[str] = mapped_column(sa.Text)
    start: Mapped[int]
    stop: Mapped[int]
    source_url: Mapped[str] = mapped_column(sa.Text)
    source_title: Mapped[str | None] = mapped_column(sa.Text)
    source_site: Mapped[str | None] = mapped_column(sa.Text)
    source_published: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sources: Mapped[int]
    confidence: Mapped[Confidence] = mapped_column(sa.String(8), server_default="medium")
    assertion: Mapped[Assertion | None] = mapped_column(sa.String(16))


class RegisterRow(_SourceColumns, Base):
    __tablename__ = "register"
    key: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    entity: Mapped[EntityKind] = mapped_column(sa.String(16))
    name: Mapped[str] = mapped_column(sa.Text)
    kind: Mapped[str] = mapped_column(sa.String(16))
    value: Mapped[str | None] = mapped_column(sa.String(16))
    first_seen: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_seen: Mapped[datetime | None] = mapped_column(UTCDateTime)
    country: Mapped[str | None] = mapped_column(sa.String(8))
    signatory: Mapped[str | None] = mapped_column(sa.Text)
    site: Mapped[str | None] = mapped_column(sa.Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_by: Mapped[str | None] = mapped_column(sa.Text)  # the claim behind `value`: part of change ids
    retracted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # set while the value is taken back
    first_seen_basis: Mapped[DateBasis] = mapped_column(sa.String(8), default="source", server_default="source")
    rejected: Mapped[bool] = mapped_column(default=False, server_default=sa.false())  # taken out by an analyst


class ChangeRow(_SourceColumns, Base):
    __tablename__ = "changes"
    change_id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)  # exactly-once rests on this key
    change_type: Mapped[ChangeType] = mapped_column(sa.String(24))
    entity_key: Mapped[str] = mapped_column(sa.Text, index=True)
    entity: Mapped[EntityKind] = mapped_column(sa.String(16))
    name: Mapped[str] = mapped_column(sa.Text)
    kind: Mapped[str] = mapped_column(sa.String(16))
    field: Mapped[Literal["status", "year"]] = mapped_column(sa.String(8))
    old_value: Mapped[str | None] = mapped_column(sa.String(16))
    new_value: Mapped[str | None] = mapped_column(sa.String(16))
    detected_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    run_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    policy: Mapped[str] = mapped_column(sa.String(8))
    unconfirmed: Mapped[bool] = mapped_column(server_default=sa.false())
    note: Mapped[str | None] = mapped_column(sa.Text)
    standing: Mapped[Standing] = mapped_column(sa.String(12), index=True, server_default="sure")
    settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cited: Mapped[list[dict[str, str | None]] | None] = mapped_column(sa.JSON)  # every independent source


class ReviewRow(Base):
    """An analyst's verdict on one claim (entity, value, source); see pipeline.review."""

    __tablename__ = "reviews"
    review_key: Mapped[str] = mapped_column(sa.String(16), primary_key=True)
    entity_key: Mapped[str] = mapped_column(sa.Text, index=True)
    name: Mapped[str] = mapped_column(sa.Text)
    value: Mapped[str | None] = mapped_column(sa.String(16))
    source_url: Mapped[str] = mapped_column(sa.Text)
    fingerprint: Mapped[str] = mapped_column(sa.String(32))
    quote: Mapped[str] = mapped_column(sa.Text)
    verdict: Mapped[Verdict] = mapped_column(sa.String(16))
    reason: Mapped[str | None] = mapped_column(sa.Text)
    reviewer: Mapped[str] = mapped_column(sa.Text)
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class HistoryRow(Base):
    __tablename__ = "history"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.Text, index=True)
    field: Mapped[str] = mapped_column(sa.String(8))
    old: Mapped[str | None] = mapped_column(sa.String(16))
    new: Mapped[str | None] = mapped_column(sa.String(16))
    at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the source's date, not the run's
    change_id: Mapped[str] = mapped_column(sa.String(32))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)


class OutboxRow(Base):
    __tablename__ = "outbox"
    alert_id: Mapped[str] = mapped_column(sa.String(128), primary_key=True)
    kind: Mapped[Literal["change", "digest"]] = mapped_column(sa.String(8))
    # "all": every target; "review": only targets that opted into everything (unconfirmed changes too).
    audience: Mapped[Literal["all", "review"]] = mapped_column(sa.String(8), server_default="all")
    change_ids: Mapped[list[str]] = mapped_column(sa.JSON)
    status: Mapped[OutboxStatus] = mapped_column(sa.String(8), index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    owner: Mapped[str | None] = mapped_column(sa.String(64))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class DeliveryRow(Base):
    """One alert to one target: a target that accepted an alert has a `sent` row and never gets it again."""

    __tablename__ = "deliveries"
    alert_id: Mapped[str] = mapped_column(
        sa.String(128), sa.ForeignKey("outbox.alert_id", ondelete="CASCADE"), primary_key=True
    )
    target_id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    target: Mapped[str] = mapped_column(sa.Text)  # redacted, for people
    status: Mapped[DeliveryStatus] = mapped_column(sa.String(8), index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    owner: Mapped[str | None] = mapped_column(sa.String(64))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class FeedRow(Base):
    __tablename__ = "feeds"
    url: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    current_url: Mapped[str] = mapped_column(sa.Text)
    etag: Mapped[str | None] = mapped_column(sa.Text)
    last_modified: Mapped[str | None] = mapped_column(sa.Text)
    failures: Mapped[int] = mapped_column(default=0)
    disabled: Mapped[bool] = mapped_column(default=False)
    not_before: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_status: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    last_polled: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_success: Mapped[datetime | None] = mapped_column(UTCDateTime)


class EntryRow(Base):
    """Feed entries we know: `pending` until their documents are stored, then `done`, never processed again;
    `failed` when the page could not be had (refused, gone, or transient failures past the limit)."""

    __tablename__ = "entries"
    feed_url: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    entry_id: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    status: Mapped[str] = mapped_column(sa.String(8), index=True)
    link: Mapped[str | None] = mapped_column(sa.Text)
    title: Mapped[str] = mapped_column(sa.Text)
    summary: Mapped[str] = mapped_column(sa.Text)
    published: Mapped[datetime | None] = mapped_column(UTCDateTime)
    language: Mapped[str | None] = mapped_column(sa.String(16))
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")  # page fetches that failed
    not_before: Mapped[datetime | None] = mapped_column(UTCDateTime)  # Retry-After or back-off
    last_error: Mapped[str | None] = mapped_column(sa.Text)  # already free of secrets


class LinkRow(Base):
    """Resolved aggregator links (Google News article ids): asked once, a failure again after its back-off."""

    __tablename__ = "link_cache"
    link_id: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    url: Mapped[str | None] = mapped_column(sa.Text)
    error: Mapped[str | None] = mapped_column(sa.Text)
    transient: Mapped[bool] = mapped_column(default=False)
    attempts: Mapped[int] = mapped_column(default=0)
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    retry_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
