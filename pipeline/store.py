"""The store: SQLAlchemy models, sessions and every SQL statement in the project.

ORM rows never leave this module: callers get the frozen records of `pipeline.records`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from pipeline import diff
from pipeline.errors import InputError
from pipeline.records import (
    AlertPolicy,
    Change,
    Claim,
    Delivery,
    Document,
    Evidence,
    Extraction,
    FeedEntry,
    FeedState,
    IngestResult,
    LinkAnswer,
    OutboxItem,
    RegisterEntry,
    Review,
    change_identity,
    same_story,
)
from pipeline.review import review_key

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_INGEST_LOCK = 0x494C5253  # "ILRS": the advisory lock that serialises register updates on PostgreSQL


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
    origin: Mapped[str] = mapped_column(sa.String(16))
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
    entity: Mapped[str] = mapped_column(sa.String(16))
    name: Mapped[str] = mapped_column(sa.Text)
    kind: Mapped[str] = mapped_column(sa.String(16))
    value: Mapped[str | None] = mapped_column(sa.String(16))
    quote: Mapped[str] = mapped_column(sa.Text)
    start: Mapped[int]
    stop: Mapped[int]
    country: Mapped[str | None] = mapped_column(sa.String(8))
    signatory: Mapped[str | None] = mapped_column(sa.Text)
    site: Mapped[str | None] = mapped_column(sa.Text)
    assertion: Mapped[str | None] = mapped_column(sa.String(16))
    confidence: Mapped[str] = mapped_column(sa.String(8), server_default="medium")


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
    confidence: Mapped[str] = mapped_column(sa.String(8), server_default="medium")
    assertion: Mapped[str | None] = mapped_column(sa.String(16))


class RegisterRow(_SourceColumns, Base):
    __tablename__ = "register"
    key: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    entity: Mapped[str] = mapped_column(sa.String(16))
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
    first_seen_basis: Mapped[str] = mapped_column(sa.String(8), default="source", server_default="source")


class ChangeRow(_SourceColumns, Base):
    __tablename__ = "changes"
    change_id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)  # exactly-once rests on this key
    change_type: Mapped[str] = mapped_column(sa.String(24))
    entity_key: Mapped[str] = mapped_column(sa.Text, index=True)
    entity: Mapped[str] = mapped_column(sa.String(16))
    name: Mapped[str] = mapped_column(sa.Text)
    kind: Mapped[str] = mapped_column(sa.String(16))
    field: Mapped[str] = mapped_column(sa.String(8))
    old_value: Mapped[str | None] = mapped_column(sa.String(16))
    new_value: Mapped[str | None] = mapped_column(sa.String(16))
    detected_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    run_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    policy: Mapped[str] = mapped_column(sa.String(8))
    unconfirmed: Mapped[bool] = mapped_column(server_default=sa.false())
    note: Mapped[str | None] = mapped_column(sa.Text)


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
    verdict: Mapped[str] = mapped_column(sa.String(16))
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
    kind: Mapped[str] = mapped_column(sa.String(8))
    change_ids: Mapped[list[str]] = mapped_column(sa.JSON)
    status: Mapped[str] = mapped_column(sa.String(8), index=True)
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
    status: Mapped[str] = mapped_column(sa.String(8), index=True)
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


def engine_for(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite":
        engine = sa.create_engine(parsed, connect_args={"timeout": 30})
        _serialise_sqlite(engine)
        return engine
    # A host that drops packets would hold a run (or the start-up check) for minutes without a connect time-out.
    postgres = parsed.get_backend_name() == "postgresql"
    connect_args = {"connect_timeout": 15} if postgres and "connect_timeout" not in parsed.query else {}
    return sa.create_engine(parsed, pool_pre_ping=True, connect_args=connect_args)


def _serialise_sqlite(engine: Engine) -> None:
    """SQLite: WAL, foreign keys, and BEGIN IMMEDIATE so a transaction holds the write lock from its start."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (the documented pysqlite recipe)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: sa.Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


class Store:
    def __init__(self, url: str) -> None:
        self._url = url  # never logged or put in messages: it may hold a password
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None

    def __repr__(self) -> str:
        return f"Store({make_url(self._url).render_as_string(hide_password=True)!r})"

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = engine_for(self._url)
            self._sessions = sessionmaker(self._engine, expire_on_commit=False)
        return self._engine

    @contextmanager
    def _transaction(self, *, serialised: bool = False) -> Iterator[Session]:
        """A transaction; `serialised` ones run one at a time across processes (SQLite's BEGIN IMMEDIATE
        already does that; PostgreSQL takes an advisory lock), for upserts that two runs may race on."""
        self.engine  # noqa: B018 -- builds the engine and session factory on first use
        assert self._sessions is not None
        with self._sessions.begin() as session:
            if serialised and session.get_bind().dialect.name == "postgresql":
                session.execute(sa.select(sa.func.pg_advisory_xact_lock(_INGEST_LOCK)))
            yield session

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def check(self) -> None:
        """Connect once, so a wrong URL, host or password is one clear line before any work starts."""
        url = make_url(self._url)
        shown = url.set(query={}).render_as_string(hide_password=True)  # a query may carry a password too
        try:
            with self.engine.connect() as connection:
                connection.execute(sa.select(1))
        except (ImportError, sa.exc.NoSuchModuleError) as exc:
            raise InputError(f"no database driver for {shown}: {exc}") from None
        except sa.exc.SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            for secret in [url.password, *url.query.values()]:
                for text in [secret] if isinstance(secret, str) else secret or ():
                    reason = reason.replace(text, "***") if len(text) > 3 else reason
            raise InputError(f"cannot open the database {shown}: {reason}") from None
        finally:
            self.close()

    def migrate(self) -> None:
        """`alembic upgrade head`, under a lock so that concurrent runs do not race on the schema."""
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(sa.select(sa.func.pg_advisory_xact_lock(_INGEST_LOCK)))
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    # --- feeds and entries ---------------------------------------------------------------------------------

    def feed_states(self) -> dict[str, FeedState]:
        with self._transaction() as s:
            return {row.url: _feed_state(row) for row in s.scalars(sa.select(FeedRow))}

    def save_feed_states(self, states: Iterable[FeedState]) -> None:
        with self._transaction(serialised=True) as s:
            for state in states:
                s.merge(FeedRow(**{f: getattr(state, f) for f in FeedState.__dataclass_fields__}))

    def unseen(self, entries: Sequence[FeedEntry]) -> list[FeedEntry]:
        """Entries we have never heard of (neither pending nor done)."""
        known = self._known_entries({e.feed_url for e in entries})
        return [e for e in entries if (e.feed_url, e.entry_id) not in known]

    def _known_entries(self, feed_urls: set[str]) -> set[tuple[str, str]]:
        if not feed_urls:
            return set()
        with self._transaction() as s:
            rows = s.execute(sa.select(EntryRow.feed_url, EntryRow.entry_id).where(EntryRow.feed_url.in_(feed_urls)))
            return {(feed, entry) for feed, entry in rows}

    def remember(self, entries: Iterable[FeedEntry], now: datetime) -> None:
        """Keep entries as pending: until processed, every run picks them up, even if the feed drops them."""
        with self._transaction(serialised=True) as s:
            for entry in entries:
                if s.get(EntryRow, (entry.feed_url, entry.entry_id)) is None:
                    s.add(_entry_row(entry, "pending", now))

    def pending(self, now: datetime | None = None) -> list[FeedEntry]:
        """Entries still to fetch; with `now`, only those whose retry time (if any) has come."""
        query = sa.select(EntryRow).where(EntryRow.status == "pending")
        if now is not None:
            query = query.where(sa.or_(EntryRow.not_before.is_(None), EntryRow.not_before <= now))
        with self._transaction() as s:
            return [_feed_entry(row) for row in s.scalars(query.order_by(EntryRow.first_seen))]

    def page_failed(
        self,
        entry: FeedEntry,
        error: str,
        now: datetime,
        *,
        retry_in: Callable[[int], float] | None,
        max_attempts: int,
    ) -> tuple[bool, int]:
        """Count a failed page fetch: the entry waits `retry_in(attempts)` seconds, or is final when `retry_in`
        is None (a permanent error) or its attempts reach `max_attempts`. Returns (final, attempts).

        A final entry stays pending here: `mark_entries_failed` closes it once the feed's text of it is
        stored, so a run that dies in between loses nothing (the next run tries the page once more)."""
        with self._transaction(serialised=True) as s:
            row = s.get(EntryRow, (entry.feed_url, entry.entry_id))
            if row is None:  # a backfill URL, never pending: a monitor must not pick it up; backfill it again
                return True, 1
            row.attempts = (row.attempts or 0) + 1
            row.last_error = error[:1000]
            final = retry_in is None or row.attempts >= max_attempts
            row.not_before = None if retry_in is None or final else now + timedelta(seconds=retry_in(row.attempts))
            return final, row.attempts

    def mark_entries_failed(self, entries: Iterable[FeedEntry], now: datetime) -> None:
        """Give up on these entries' pages for good (their reason stays in `last_error`)."""
        with self._transaction(serialised=True) as s:
            for entry in entries:
                row = s.get(EntryRow, (entry.feed_url, entry.entry_id))
                if row is None:
                    s.add(_entry_row(entry, "failed", now, done_at=now))
                elif row.status == "pending":
                    row.status, row.done_at, row.not_before = "failed", now, None

    def enable_feed(self, url: str) -> bool:
        """Switch a feed back on and forget its failures; False when no feed has that URL."""
        with self._transaction(serialised=True) as s:
            row = s.get(FeedRow, url)
            if row is None:
                return False
            row.disabled, row.failures, row.not_before = False, 0, None
            return True

    def mark_seen(self, entries: Iterable[FeedEntry], now: datetime) -> None:
        with self._transaction(serialised=True) as s:
            for entry in entries:
                row = s.get(EntryRow, (entry.feed_url, entry.entry_id))
                if row is None:
                    s.add(_entry_row(entry, "done", now, done_at=now))
                elif row.status == "pending":  # a failed entry keeps its reason
                    row.status, row.done_at, row.not_before = "done", now, None

    # --- resolved links -------------------------------------------------------------------------------------

    def cached_links(self, link_ids: Iterable[str]) -> dict[str, LinkAnswer]:
        wanted = sorted(set(link_ids))
        if not wanted:
            return {}
        with self._transaction() as s:
            rows = s.scalars(sa.select(LinkRow).where(LinkRow.link_id.in_(wanted)))
            return {row.link_id: LinkAnswer(**{f: getattr(row, f) for f in _LINK_FIELDS}) for row in rows}

    def save_links(self, answers: Iterable[LinkAnswer]) -> None:
        with self._transaction(serialised=True) as s:
            for answer in answers:
                s.merge(LinkRow(**{f: getattr(answer, f) for f in _LINK_FIELDS}))

    # --- documents and the register ------------------------------------------------------------------------

    def ingest(
        self, items: Sequence[tuple[Document, Extraction]], *, policy: AlertPolicy, run_id: str, now: datetime
    ) -> IngestResult:
        """Store documents and findings, re-resolve every key they touch, record changes: one transaction."""
        with self._transaction(serialised=True) as s:
            counts = {"new": 0, "updated": 0, "same": 0}
            affected: set[str] = set()
            for document, extraction in items:
                outcome, keys = self._upsert_document(s, document, extraction, now)
                counts[outcome] += 1
                affected |= keys
            changes, queued = [], 0
            for key in sorted(affected):
                for change in self._update_register(s, key, now, run_id, policy):
                    changes.append(change)
                    if policy == "live":
                        s.add(_outbox_row(change.change_id, "change", [change.change_id], now))
                        queued += 1
        return IngestResult(counts["new"], counts["updated"], tuple(changes), queued)

    def _upsert_document(
        self, s: Session, document: Document, extraction: Extraction, now: datetime
    ) -> tuple[str, set[str]]:
        findings = [_finding_row(f) for f in (*extraction.partners, *extraction.missions)]
        content_hash = _content_hash(document, findings)
        row = s.scalar(sa.select(DocumentRow).where(DocumentRow.url == document.url))
        if row is not None and row.content_hash == content_hash:
            return "same", set()
        outcome, old_keys = "updated", set()
        if row is None:
            outcome = "new"
            row = DocumentRow(url=document.url, fetched_at=now)
            s.add(row)
        else:
            old_keys = set(s.scalars(sa.select(FindingRow.key).where(FindingRow.document_id == row.id)))
            s.execute(sa.delete(FindingRow).where(FindingRow.document_id == row.id))
        row.fingerprint, row.content_hash, row.origin = document.fingerprint, content_hash, document.origin
        row.title, row.site, row.language, row.text = document.title, document.site, document.language, document.text
        if document.published is not None or row.published is None:
            row.published, row.date_inferred = document.published, document.date_inferred
        row.feed_url, row.entry_id = document.feed_url, document.entry_id
        s.flush()
        for finding in findings:
            finding.document_id = row.id
        s.add_all(findings)
        s.flush()
        return outcome, old_keys | {f.key for f in findings}

    def _update_register(self, s: Session, key: str, now: datetime, run_id: str, policy: str) -> list[Change]:
        current = s.get(RegisterRow, key)
        old = _register_entry(current) if current is not None else None
        resolved = diff.resolve(self._claims(s, key))
        # Every claim on the key taken back (a re-fetch or re-extraction): the row stays, retracted, and the
        # retraction is a change told with the document that no longer says it. Nothing is deleted silently.
        source = self._document_at(s, old.source_url) if resolved is None and old is not None else None
        entry, changes = diff.settle(old, resolved, now, source)
        fresh: list[Change] = []
        for change in changes:
            s.add(
                HistoryRow(
                    key=key,
                    field=change.field,
                    old=change.old_value,
                    new=change.new_value,
                    at=change.source_published,
                    change_id=change.change_id,
                    recorded_at=now,
                )
            )
            # A change already recorded (known fact, concurrent run, baseline) is never recorded or alerted again.
            if s.get(ChangeRow, change.change_id) is None:
                s.add(_change_row(change, run_id, policy))
                fresh.append(change)
        if entry is not None:
            s.merge(_register_row(entry, now))
        s.flush()
        return fresh

    def _document_at(self, s: Session, url: str) -> Document | None:
        row = s.scalar(sa.select(DocumentRow).where(DocumentRow.url == url))
        return _document(row) if row is not None else None

    def _claims(self, s: Session, key: str) -> list[Claim]:
        rows = s.execute(
            sa.select(FindingRow, DocumentRow)
            .join(DocumentRow, FindingRow.document_id == DocumentRow.id)
            .where(FindingRow.key == key)
        )
        verdicts = list(s.scalars(sa.select(ReviewRow).where(ReviewRow.entity_key == key)))
        return _judged([_claim(finding, document) for finding, document in rows], verdicts)

    # --- reviews -------------------------------------------------------------------------------------------

    def reviews(self) -> list[Review]:
        with self._transaction() as s:
            return [_review(row) for row in s.scalars(sa.select(ReviewRow).order_by(ReviewRow.reviewed_at))]

    def judge(
        self, key: str, verdict: str, *, reviewer: str, reason: str | None, run_id: str, now: datetime
    ) -> Review | None:
        """Record a verdict on the claim whose review key is `key`, and re-resolve its entity at once. A
        rejection is itself recorded as a change (policy "digest": the next digest and the Atom feed show it,
        nothing is sent at once); whatever it moves in the register is recorded quietly."""
        with self._transaction(serialised=True) as s:
            target = self._claim_by_review_key(s, key)
            if target is None:
                return None
            finding, document = target
            s.merge(_review_row(key, finding, document, verdict, reason, reviewer, now))
            s.flush()
            self._update_register(s, finding.key, now, run_id, "none")
            s.flush()  # a register row the verdict removed must be gone before the rejection reads it
            if verdict == "rejected":
                self._record_rejection(s, key, finding, document, f"rejected by {reviewer}: {reason}", run_id, now)
            return _review(s.get(ReviewRow, key))

    def _claim_by_review_key(self, s: Session, key: str) -> tuple[FindingRow, DocumentRow] | None:
        rows = s.execute(sa.select(FindingRow, DocumentRow).join(DocumentRow, FindingRow.document_id == DocumentRow.id))
        return next(((f, d) for f, d in rows if review_key(f.key, d.url, f.value) == key), None)

    def _record_rejection(
        self, s: Session, key: str, finding: FindingRow, document: DocumentRow, note: str, run_id: str, now: datetime
    ) -> None:
        after = s.get(RegisterRow, finding.key)
        value = after.value if after is not None else None
        field = "status" if finding.entity == "partner" else "year"
        change_id = change_identity(finding.key, field, value, finding.value, decided_by=f"review:{key}")
        if s.get(ChangeRow, change_id) is not None:
            return
        claim = _claim(finding, document)
        change = Change(
            change_id=change_id, change_type="rejected", entity_key=finding.key, entity=finding.entity,  # type: ignore[arg-type]
            name=finding.name, kind=finding.kind, field=field, old_value=finding.value, new_value=value,  # type: ignore[arg-type]
            evidence=claim.evidence, source_url=claim.source_url, sources=0, source_title=claim.source_title,
            source_site=claim.source_site, source_published=claim.source_published, detected_at=now, note=note,
        )
        s.add(_change_row(change, run_id, "digest"))

    def documents(self, *, since: datetime | None = None, until: datetime | None = None) -> Iterator[Document]:
        query = sa.select(DocumentRow).order_by(DocumentRow.published, DocumentRow.id)
        if since is not None:
            query = query.where(DocumentRow.published >= since)
        if until is not None:
            query = query.where(DocumentRow.published <= until)
        with self._transaction() as s:
            rows = list(s.scalars(query))
        return iter([_document(row) for row in rows])

    def document_urls(self) -> set[str]:
        with self._transaction() as s:
            return set(s.scalars(sa.select(DocumentRow.url)))

    def register(self) -> list[RegisterEntry]:
        with self._transaction() as s:
            return [_register_entry(row) for row in s.scalars(sa.select(RegisterRow).order_by(RegisterRow.key))]

    def history(self, key: str | None = None) -> list[dict[str, Any]]:
        query = sa.select(HistoryRow).order_by(HistoryRow.id)
        if key is not None:
            query = query.where(HistoryRow.key == key)
        with self._transaction() as s:
            return [
                {
                    "key": r.key,
                    "field": r.field,
                    "old": r.old,
                    "new": r.new,
                    "at": r.at,
                    "change_id": r.change_id,
                    "recorded_at": r.recorded_at,
                }
                for r in s.scalars(query)
            ]

    def changes(
        self,
        *,
        ids: Sequence[str] | None = None,
        since: datetime | None = None,
        run_id: str | None = None,
        alertable: bool = False,
    ) -> list[Change]:
        """Recorded changes, oldest first; `alertable` leaves out those recorded under the policy `none`
        (the baseline, quiet backfills), which must never reach anyone, not even in a digest."""
        query = sa.select(ChangeRow).order_by(ChangeRow.detected_at, ChangeRow.entity_key, ChangeRow.change_id)
        if alertable:
            query = query.where(ChangeRow.policy != "none")
        if ids is not None:
            query = query.where(ChangeRow.change_id.in_(list(ids)))
        if since is not None:
            query = query.where(ChangeRow.detected_at >= since)
        if run_id is not None:
            query = query.where(ChangeRow.run_id == run_id)
        with self._transaction() as s:
            return [_change(row) for row in s.scalars(query)]

    # --- the outbox ----------------------------------------------------------------------------------------

    def enqueue_digest(self, alert_id: str, change_ids: Sequence[str], now: datetime) -> bool:
        with self._transaction(serialised=True) as s:
            if s.get(OutboxRow, alert_id) is not None:
                return False
            s.add(_outbox_row(alert_id, "digest", list(change_ids), now))
            return True

    def fan_out(self, targets: Sequence[tuple[str, str]], now: datetime) -> int:
        """Give every alert that has no delivery yet one per target (id, redacted label); returns how many.

        An alert's targets are fixed when it is first delivered: a target added later gets new alerts only,
        not the whole history. Serialised, so two runs never create the same (alert, target) pair twice."""
        if not targets:
            return 0
        created = 0
        with self._transaction(serialised=True) as s:
            has_delivery = sa.exists().where(DeliveryRow.alert_id == OutboxRow.alert_id)
            waiting = s.scalars(sa.select(OutboxRow.alert_id).where(OutboxRow.status == "pending", ~has_delivery))
            for alert_id in list(waiting):
                for target_id, label in targets:
                    s.add(DeliveryRow(alert_id=alert_id, target_id=target_id, target=label, status="pending",
                                      attempts=0, created_at=now))  # fmt: skip
                    created += 1
        return created

    def due_deliveries(self, target_ids: Iterable[str], now: datetime) -> list[Delivery]:
        """Deliveries to these targets that may go now: pending and past their back-off, or held by a dead sender."""
        query = (
            sa.select(DeliveryRow)
            .join(OutboxRow, OutboxRow.alert_id == DeliveryRow.alert_id)
            .where(DeliveryRow.target_id.in_(list(target_ids)), _claimable(now))
            .order_by(OutboxRow.created_at, DeliveryRow.alert_id, DeliveryRow.target_id)
        )
        with self._transaction() as s:
            return [_delivery(row) for row in s.scalars(query)]

    def claim_delivery(self, alert_id: str, target_id: str, owner: str, now: datetime, lease_seconds: float) -> bool:
        """Take one delivery for one send; a conditional update means only one of several claimants wins it."""
        with self._transaction() as s:
            return (
                s.execute(
                    sa.update(DeliveryRow)
                    .where(DeliveryRow.alert_id == alert_id, DeliveryRow.target_id == target_id, _claimable(now))
                    .values(status="sending", owner=owner, lease_until=now + timedelta(seconds=lease_seconds))
                ).rowcount
                == 1
            )

    def mark_delivered(self, alert_id: str, target_id: str, owner: str, now: datetime) -> None:
        """Record a target's accept in its own short transaction: the at-least-once window is this commit."""
        with self._transaction() as s:
            s.execute(
                sa.update(DeliveryRow)
                .where(*_held(alert_id, target_id, owner))
                .values(status="sent", sent_at=now, lease_until=None, owner=None, last_error=None)
            )
            _settle(s, alert_id, now)

    def mark_delivery_failed(
        self, alert_id: str, target_id: str, owner: str, error: str, now: datetime, *, max_attempts: int,
        backoff_seconds: float, backoff_max_seconds: float,
    ) -> str:  # fmt: skip
        """Count a failed attempt: wait exponentially longer each time, park as `dead` after `max_attempts`.
        Returns the delivery's new status ("pending" or "dead"), or "" when this owner no longer held it."""
        with self._transaction() as s:
            row = s.get(DeliveryRow, (alert_id, target_id))
            if row is None or row.owner != owner or row.status != "sending":
                return ""
            row.attempts += 1
            row.last_error, row.owner, row.lease_until = error[:1000], None, None
            if row.attempts >= max_attempts:
                row.status, row.next_attempt = "dead", None
            else:
                wait = min(backoff_max_seconds, backoff_seconds * 2 ** (row.attempts - 1))
                row.status, row.next_attempt = "pending", now + timedelta(seconds=wait)
            s.flush()
            _settle(s, alert_id, now)
            return row.status

    def note_undeliverable(self, error: str) -> int:
        """No target to send to: every alert not yet fanned out counts a failed attempt; returns how many."""
        with self._transaction() as s:
            has_delivery = sa.exists().where(DeliveryRow.alert_id == OutboxRow.alert_id)
            return s.execute(
                sa.update(OutboxRow)
                .where(OutboxRow.status == "pending", ~has_delivery)
                .values(attempts=OutboxRow.attempts + 1, last_error=error[:1000])
            ).rowcount

    def rearm(self, alert_id: str | None = None) -> int:
        """Dead deliveries (of one alert, or all) get a fresh set of attempts; one alert's waiting ones are due
        at once. Returns how many deliveries were re-armed."""
        with self._transaction(serialised=True) as s:
            which = DeliveryRow.status == "dead"
            if alert_id is not None:
                which = sa.and_(DeliveryRow.alert_id == alert_id, DeliveryRow.status.in_(("dead", "pending")))
            rows = list(s.scalars(sa.select(DeliveryRow).where(which)))
            for row in rows:
                row.status, row.attempts, row.next_attempt = "pending", 0, None
            for touched in {row.alert_id for row in rows}:
                s.execute(sa.update(OutboxRow).where(OutboxRow.alert_id == touched).values(status="pending"))
            return len(rows)

    def deliveries(self, statuses: Iterable[str] | None = None) -> list[Delivery]:
        query = sa.select(DeliveryRow).join(OutboxRow, OutboxRow.alert_id == DeliveryRow.alert_id)
        if statuses is not None:
            query = query.where(DeliveryRow.status.in_(list(statuses)))
        with self._transaction() as s:
            rows = s.scalars(query.order_by(OutboxRow.created_at, DeliveryRow.alert_id, DeliveryRow.target_id))
            return [_delivery(row) for row in rows]

    def outbox(self, alert_ids: Iterable[str] | None = None) -> list[OutboxItem]:
        """Alerts (all, or these) with their state over all targets: the latest error, the most attempts."""
        deliveries, alerts = sa.select(DeliveryRow), sa.select(OutboxRow)
        if alert_ids is not None:
            wanted = list(alert_ids)
            deliveries = deliveries.where(DeliveryRow.alert_id.in_(wanted))
            alerts = alerts.where(OutboxRow.alert_id.in_(wanted))
        with self._transaction() as s:
            per_alert: dict[str, list[DeliveryRow]] = {}
            for row in s.scalars(deliveries.order_by(DeliveryRow.target_id)):
                per_alert.setdefault(row.alert_id, []).append(row)
            rows = s.scalars(alerts.order_by(OutboxRow.created_at))
            return [_outbox_item(r, per_alert.get(r.alert_id, [])) for r in rows]


def _claimable(now: datetime) -> sa.ColumnElement[bool]:
    return sa.or_(
        sa.and_(
            DeliveryRow.status == "pending",
            sa.or_(DeliveryRow.next_attempt.is_(None), DeliveryRow.next_attempt <= now),
        ),
        sa.and_(DeliveryRow.status == "sending", DeliveryRow.lease_until < now),  # a sender that died
    )


def _held(alert_id: str, target_id: str, owner: str) -> tuple[sa.ColumnElement[bool], ...]:
    return (
        DeliveryRow.alert_id == alert_id,
        DeliveryRow.target_id == target_id,
        DeliveryRow.owner == owner,
        DeliveryRow.status == "sending",
    )


def _settle(s: Session, alert_id: str, now: datetime) -> None:
    """An alert is `sent` once every target accepted it, `dead` once the rest are parked, else `pending`."""
    statuses = set(s.scalars(sa.select(DeliveryRow.status).where(DeliveryRow.alert_id == alert_id)))
    if not statuses:
        return
    status = "sent" if statuses == {"sent"} else "dead" if statuses <= {"sent", "dead"} else "pending"
    values: dict[str, Any] = {"status": status}
    if status == "sent":
        values["sent_at"] = now
    s.execute(sa.update(OutboxRow).where(OutboxRow.alert_id == alert_id).values(**values))


# --- rows ⇄ records ---------------------------------------------------------------------------------------


def _content_hash(document: Document, findings: Sequence[FindingRow]) -> str:
    facts = sorted(
        (f.key, f.value or "", f.start, f.stop, f.country or "", f.signatory or "", f.site or "")
        + (f.assertion or "", f.confidence)  # a finding re-classed or re-weighed is news to store
        for f in findings
    )
    payload = json.dumps([document.text, document.title, str(document.published), facts], ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def _finding_row(finding: Any) -> FindingRow:
    is_partner = hasattr(finding, "status")
    return FindingRow(
        key=finding.key,
        entity="partner" if is_partner else "mission",
        name=finding.name,
        kind=finding.kind if is_partner else "mission",
        value=finding.status if is_partner else (None if finding.year is None else str(finding.year)),
        quote=finding.evidence.quote,
        start=finding.evidence.start,
        stop=finding.evidence.end,
        country=getattr(finding, "country", None),
        signatory=getattr(finding, "signatory", None),
        site=getattr(finding, "site", None),
        assertion=getattr(finding, "assertion", None),
        confidence=finding.confidence,
    )


def _claim(f: FindingRow, d: DocumentRow) -> Claim:
    return Claim(
        key=f.key,
        entity=f.entity,
        name=f.name,
        kind=f.kind,
        value=f.value,  # type: ignore[arg-type]
        evidence=Evidence(f.quote, f.start, f.stop),
        source_url=d.url,
        fingerprint=d.fingerprint,
        source_title=d.title,
        source_site=d.site,
        source_published=d.published,
        seen_at=d.fetched_at,
        source_date_inferred=bool(d.date_inferred),
        country=f.country,
        signatory=f.signatory,
        site=f.site,
        assertion=f.assertion,  # type: ignore[arg-type]
        confidence=f.confidence,  # type: ignore[arg-type]
    )


def _document(row: DocumentRow) -> Document:
    return Document(
        url=row.url,
        text=row.text,
        fingerprint=row.fingerprint,
        origin=row.origin,  # type: ignore[arg-type]
        title=row.title,
        published=row.published,
        site=row.site,
        language=row.language,
        feed_url=row.feed_url,
        entry_id=row.entry_id,
        date_inferred=bool(row.date_inferred),
    )


_SOURCE_FIELDS = ("source_url", "source_title", "source_site", "source_published", "sources", "confidence", "assertion")


def _register_row(entry: RegisterEntry, now: datetime) -> RegisterRow:
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
        **{f: getattr(entry, f) for f in _SOURCE_FIELDS},
    )


def _register_entry(row: RegisterRow) -> RegisterEntry:
    return RegisterEntry(
        key=row.key,
        entity=row.entity,
        name=row.name,
        kind=row.kind,
        value=row.value,  # type: ignore[arg-type]
        evidence=Evidence(row.quote, row.start, row.stop),
        first_seen=row.first_seen,
        last_seen=row.last_seen,
        country=row.country,
        signatory=row.signatory,
        site=row.site,
        decided_by=row.decided_by,
        retracted_at=row.retracted_at,
        first_seen_basis=row.first_seen_basis or "source",  # type: ignore[arg-type]
        **{f: getattr(row, f) for f in _SOURCE_FIELDS},
    )


def _change_row(change: Change, run_id: str, policy: str) -> ChangeRow:
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
        **{f: getattr(change, f) for f in _SOURCE_FIELDS},
    )


def _change(row: ChangeRow) -> Change:
    return Change(
        change_id=row.change_id,
        change_type=row.change_type,
        entity_key=row.entity_key,  # type: ignore[arg-type]
        entity=row.entity,
        name=row.name,
        kind=row.kind,
        field=row.field,  # type: ignore[arg-type]
        old_value=row.old_value,
        new_value=row.new_value,
        evidence=Evidence(row.quote, row.start, row.stop),
        detected_at=row.detected_at,
        unconfirmed=row.unconfirmed,
        note=row.note,
        **{f: getattr(row, f) for f in _SOURCE_FIELDS},
    )


def _judged(claims: list[Claim], verdicts: Sequence[ReviewRow]) -> list[Claim]:
    """Claims as analysts judged them: a rejected one (or a copy of its story) is gone, a confirmed one is sure."""
    kept = []
    for claim in claims:
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


def _review_row(
    key: str, f: FindingRow, d: DocumentRow, verdict: str, reason: str | None, reviewer: str, now: datetime
) -> ReviewRow:
    return ReviewRow(
        review_key=key, entity_key=f.key, name=f.name, value=f.value, source_url=d.url, fingerprint=d.fingerprint,
        quote=f.quote, verdict=verdict, reason=reason, reviewer=reviewer, reviewed_at=now,
    )


def _review(row: ReviewRow) -> Review:
    return Review(
        review_key=row.review_key, entity_key=row.entity_key, name=row.name, value=row.value,
        source_url=row.source_url, fingerprint=row.fingerprint, quote=row.quote, verdict=row.verdict,  # type: ignore[arg-type]
        reason=row.reason, reviewer=row.reviewer, reviewed_at=row.reviewed_at,
    )


def _outbox_row(alert_id: str, kind: str, change_ids: list[str], now: datetime) -> OutboxRow:
    return OutboxRow(alert_id=alert_id, kind=kind, change_ids=change_ids, status="pending", attempts=0, created_at=now)


def _outbox_item(row: OutboxRow, deliveries: Sequence[DeliveryRow] = ()) -> OutboxItem:
    errors = [d.last_error for d in deliveries if d.last_error]
    return OutboxItem(
        alert_id=row.alert_id,
        kind=row.kind,  # type: ignore[arg-type]
        change_ids=tuple(row.change_ids),
        status=row.status,  # type: ignore[arg-type]
        attempts=max([row.attempts, *(d.attempts for d in deliveries)]),
        last_error=errors[-1] if errors else row.last_error,
        created_at=row.created_at,
        sent_at=row.sent_at,
    )


def _delivery(row: DeliveryRow) -> Delivery:
    return Delivery(
        alert_id=row.alert_id,
        target_id=row.target_id,
        target=row.target,
        status=row.status,  # type: ignore[arg-type]
        attempts=row.attempts,
        next_attempt=row.next_attempt,
        last_error=row.last_error,
        sent_at=row.sent_at,
    )


_LINK_FIELDS = tuple(LinkAnswer.__dataclass_fields__)


def _feed_state(row: FeedRow) -> FeedState:
    return FeedState(**{f: getattr(row, f) for f in FeedState.__dataclass_fields__})


def _entry_row(entry: FeedEntry, status: str, now: datetime, done_at: datetime | None = None) -> EntryRow:
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


def _feed_entry(row: EntryRow) -> FeedEntry:
    return FeedEntry(
        feed_url=row.feed_url,
        entry_id=row.entry_id,
        link=row.link,
        title=row.title,
        summary=row.summary,
        published=row.published,
        language=row.language,
    )
