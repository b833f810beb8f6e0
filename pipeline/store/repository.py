"""The repository: sessions, transactions and every SQL statement in the project.

ORM rows never leave `pipeline.store`: callers get the frozen records of `pipeline.records`. What the register
decides (verdicts, resolution, changes) is `pipeline.register`'s and `pipeline.diff`'s pure code, called here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from pipeline import register
from pipeline.backoff import Backoff
from pipeline.records import (
    AlertPolicy,
    Change,
    Claim,
    Delivery,
    Document,
    Extraction,
    FeedEntry,
    FeedState,
    IngestResult,
    LinkAnswer,
    OutboxItem,
    RegisterEntry,
    Review,
)
from pipeline.store import delivery_rules as rules
from pipeline.store import digests, mapping, waiting
from pipeline.store.documents import DocumentReads
from pipeline.store.engine import check_connection, engine_for
from pipeline.store.models import (
    ChangeRow,
    DeliveryRow,
    DocumentRow,
    EntryRow,
    FeedRow,
    FindingRow,
    HistoryRow,
    LinkRow,
    OutboxRow,
    RegisterRow,
    ReviewRow,
)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_INGEST_LOCK = 0x494C5253  # "ILRS": the advisory lock that serialises register updates on PostgreSQL


# Every claim's columns with its source's: one claim per finding, as `mapping.claim_of_row` reads it.
_CLAIMS = sa.select(*mapping.CLAIM_COLUMNS).join(DocumentRow, FindingRow.document_id == DocumentRow.id)


class Store(DocumentReads):
    """The register's database. The flows and the CLI build one per run (`with Store(url) as store:`) and hand
    it to every stage; the run's task threads share it (one engine, one connection pool)."""

    def __init__(self, url: str) -> None:
        self._url = url  # never logged or put in messages: it may hold a password
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None
        self._lock = threading.Lock()  # tasks on several threads may ask for the engine first at once
        self._copy = False

    def __repr__(self) -> str:
        return f"Store({make_url(self._url).render_as_string(hide_password=True)!r})"

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # A task on a process or Dask task runner gets its arguments pickled: an engine cannot cross a process
    # boundary, so only the URL travels, and the copy opens its own engine there, which `release` closes.
    def __getstate__(self) -> dict[str, str]:
        return {"url": self._url}

    def __setstate__(self, state: dict[str, str]) -> None:
        Store.__init__(self, state["url"])
        self._copy = True

    def release(self) -> None:
        """A task is done with the store it was given: a copy made for another process closes its engine; the
        run's own store stays open for the next stage."""
        if self._copy:
            self.close()

    @property
    def engine(self) -> Engine:
        with self._lock:
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
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None

    def check(self) -> None:
        """Connect once, so a wrong URL, host or password is one clear line before any work starts."""
        check_connection(self._url)

    def migrate(self) -> None:
        """`alembic upgrade head`, under a lock so that concurrent runs do not race on the schema."""
        from alembic import command  # here: alembic costs 12 MB, and a run's own store only migrates once
        from alembic.config import Config

        url = make_url(self._url)
        if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
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
            return {row.url: mapping.feed_state(row) for row in s.scalars(sa.select(FeedRow))}

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
            _keep(s, entries, now)

    def triaged(
        self, *, done: Iterable[FeedEntry], pending: Iterable[FeedEntry], states: Iterable[FeedState], now: datetime
    ) -> None:
        """Entries done at once, entries kept, and the feed states (ETags) that say we have them: one transaction,
        so a run that died in between never hears "304 Not Modified" about entries it did not keep."""
        with self._transaction(serialised=True) as s:
            for state in states:
                s.merge(FeedRow(**{f: getattr(state, f) for f in FeedState.__dataclass_fields__}))
            _done(s, done, now)
            _keep(s, pending, now)

    def pending(self, now: datetime | None = None) -> list[FeedEntry]:
        """Entries still to fetch; with `now`, only those whose retry time (if any) has come."""
        query = sa.select(EntryRow).where(EntryRow.status == "pending")
        if now is not None:
            query = query.where(sa.or_(EntryRow.not_before.is_(None), EntryRow.not_before <= now))
        with self._transaction() as s:
            return [mapping.feed_entry(row) for row in s.scalars(query.order_by(EntryRow.first_seen))]

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
                    s.add(mapping.entry_row(entry, "failed", now, done_at=now))
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
            _done(s, entries, now)

    # --- resolved links -------------------------------------------------------------------------------------

    def cached_links(self, link_ids: Iterable[str]) -> dict[str, LinkAnswer]:
        wanted = sorted(set(link_ids))
        if not wanted:
            return {}
        with self._transaction() as s:
            rows = s.scalars(sa.select(LinkRow).where(LinkRow.link_id.in_(wanted)))
            return {row.link_id: LinkAnswer(**{f: getattr(row, f) for f in mapping.LINK_FIELDS}) for row in rows}

    def save_links(self, answers: Iterable[LinkAnswer]) -> None:
        with self._transaction(serialised=True) as s:
            for answer in answers:
                s.merge(LinkRow(**{f: getattr(answer, f) for f in mapping.LINK_FIELDS}))

    # --- documents and the register ------------------------------------------------------------------------

    def ingest(
        self, items: Sequence[tuple[Document, Extraction]], *, policy: AlertPolicy, run_id: str, now: datetime,
        digest_id: str | None = None,
    ) -> IngestResult:  # fmt: skip
        """Store documents and findings, re-resolve keys, record changes, queue alerts or digest: one transaction."""
        with self._transaction(serialised=True) as s:
            new, updated, affected = self._store_documents(s, items, now)
            changes, queued = self._resolve(s, affected, policy, run_id, now, digest_id)
        return IngestResult(new, updated, tuple(changes), queued)

    def _update_register(
        self, s: Session, key: str, now: datetime, run_id: str, policy: str, *, verdict: tuple[str, str] | None = None
    ) -> tuple[list[Change], int]:
        """Re-resolve one key: record its new changes (a sure one queued live under the policy `live`), settle the
        unconfirmed changes its new word decides, and return both with the number of alerts queued. `verdict`:
        (verdict, reviewer) when an analyst's verdict is what moved it."""
        current = s.get(RegisterRow, key)
        old = mapping.register_entry(current) if current is not None else None
        claims, verdicts = self._claims(s, key), self._verdicts(s, key)
        entry, changes = register.step(old, claims, verdicts, now, lambda url: self._document_at(s, url))
        entry = register.taken_out_by(entry, old, verdict[0] if verdict else None)
        fresh: list[Change] = []
        queued = 0
        for change in changes:
            if verdict is not None and verdict[0] == "rejected" and change.change_type == "retracted":
                continue  # the analyst took it out, not its source: `judge` records the rejection instead
            s.add(mapping.history_row(key, change, change.source_published, now))
            # A change already recorded (known fact, concurrent run, baseline) is never recorded or alerted again.
            if s.get(ChangeRow, change.change_id) is None:
                told = register.alert_policy(change, policy, old)
                s.add(mapping.change_row(change, run_id, told))
                fresh.append(change)
                if register.alerts_live(change, told):
                    s.add(mapping.outbox_row(change.change_id, "change", [change.change_id], now))
                    queued += 1
        if entry is not None:
            s.merge(mapping.register_row(entry, now))
        s.flush()
        settled, alerted = waiting.settle(s, key, entry, now, {c.change_id for c in fresh}, verdict)
        return fresh + settled, queued + alerted

    def _document_at(self, s: Session, url: str) -> Document | None:
        row = s.scalar(sa.select(DocumentRow).where(DocumentRow.url == url))
        return mapping.document(row) if row is not None else None

    def _claims(self, s: Session, key: str) -> list[Claim]:
        # Plain rows, no text: a claim needs its source's name and dates, and a founder has one in most documents.
        return [mapping.claim_of_row(row) for row in s.execute(_CLAIMS.where(FindingRow.key == key))]

    def _verdicts(self, s: Session, key: str) -> list[Review]:
        return [mapping.review(row) for row in s.scalars(sa.select(ReviewRow).where(ReviewRow.entity_key == key))]

    # --- reviews -------------------------------------------------------------------------------------------

    def reviews(self) -> list[Review]:
        with self._transaction() as s:
            return [mapping.review(row) for row in s.scalars(sa.select(ReviewRow).order_by(ReviewRow.reviewed_at))]

    def judge(
        self, key: str, verdict: str, *, reviewer: str, reason: str | None, run_id: str, now: datetime
    ) -> Review | None:
        """Record a verdict on the claim whose review key is `key`, and re-resolve its entity at once. A
        rejection is itself recorded as a change (policy "digest": the next digest and the Atom feed show it,
        nothing is sent at once); whatever else it moves in the register is recorded quietly, except that an
        unconfirmed change it makes sure alerts as it would have, had it been sure when found."""
        with self._transaction(serialised=True) as s:
            target = s.execute(
                sa.select(FindingRow, DocumentRow)
                .join(DocumentRow, FindingRow.document_id == DocumentRow.id)
                .where(FindingRow.review_key == key)
                .order_by(FindingRow.id)
                .limit(1)
            ).first()
            if target is None:
                return None
            finding, document = target
            s.merge(mapping.review_row(key, finding, document, verdict, reason, reviewer, now))
            s.flush()
            self._update_register(s, finding.key, now, run_id, "none", verdict=(verdict, reviewer))
            s.flush()  # a register row the verdict removed must be gone before the rejection reads it
            if verdict == "rejected":
                after = s.get(RegisterRow, finding.key)
                value = after.value if after is not None else None
                note = f"rejected by {reviewer}: {reason}"
                claim = mapping.claim_of_row(s.execute(_CLAIMS.where(FindingRow.id == finding.id)).one())
                change = register.rejection(claim, key, value, note, now)
                if s.get(ChangeRow, change.change_id) is None:
                    s.add(mapping.change_row(change, run_id, "digest"))
                    s.add(mapping.history_row(finding.key, change, now, now))
            return mapping.review(s.get_one(ReviewRow, key))

    def has_baseline(self) -> bool:
        """Whether the baseline's documents (`seed:`) are in the register: until they are, nothing may alert."""
        with self._transaction() as s:
            return s.scalar(sa.select(DocumentRow.id).where(DocumentRow.origin == "seed").limit(1)) is not None

    def document_urls(self) -> set[str]:
        with self._transaction() as s:
            return set(s.scalars(sa.select(DocumentRow.url)))

    def register(self) -> list[RegisterEntry]:
        with self._transaction() as s:
            return [mapping.register_entry(row) for row in s.scalars(sa.select(RegisterRow).order_by(RegisterRow.key))]

    def history(self, key: str | None = None) -> list[dict[str, Any]]:
        query = sa.select(HistoryRow).order_by(HistoryRow.id)
        if key is not None:
            query = query.where(HistoryRow.key == key)
        with self._transaction() as s:
            return [mapping.history_step(row) for row in s.scalars(query)]

    def changes(
        self,
        *,
        ids: Sequence[str] | None = None,
        since: datetime | None = None,
        run_id: str | None = None,
        alertable: bool = False,
        settled_since: datetime | None = None,
        waiting: bool = False,
    ) -> list[Change]:
        """Recorded changes, oldest first; `alertable` leaves out those recorded under the policy `none`
        (the baseline, quiet backfills), which must never reach anyone, not even in a digest. `settled_since`
        (with `since`): also the older ones confirmed, rejected, retracted or superseded since then; `waiting`:
        only the unconfirmed ones no verdict or source has settled yet."""
        query = sa.select(ChangeRow).order_by(ChangeRow.detected_at, ChangeRow.entity_key, ChangeRow.change_id)
        if alertable:
            query = query.where(ChangeRow.policy != "none")
        if ids is not None:
            query = query.where(ChangeRow.change_id.in_(list(ids)))
        if since is not None and settled_since is not None:
            query = query.where(sa.or_(ChangeRow.detected_at >= since, ChangeRow.settled_at >= settled_since))
        elif since is not None:
            query = query.where(ChangeRow.detected_at >= since)
        if run_id is not None:
            query = query.where(ChangeRow.run_id == run_id)
        if waiting:
            query = query.where(ChangeRow.standing == "unconfirmed")
        with self._transaction() as s:
            return [mapping.change(row) for row in s.scalars(query)]

    # --- the outbox ----------------------------------------------------------------------------------------

    def enqueue_digest(self, alert_id: str | None, change_ids: Sequence[str], now: datetime) -> bool:
        """Close the run's digest (and any a dead run left open) for sending; see `digests`."""
        with self._transaction(serialised=True) as s:
            return digests.close(s, alert_id, change_ids, now)

    def fan_out(self, targets: Sequence[tuple[str, str]], now: datetime, everything: Iterable[str] = ()) -> int:
        """Give every alert that has no delivery yet one per target (id, redacted label); returns how many. An
        alert for the `review` audience goes only to the targets in `everything` (they opted into unconfirmed
        changes).

        An alert's targets are fixed when it is first delivered: a target added later gets new alerts only,
        not the whole history. Serialised, so two runs never create the same (alert, target) pair twice."""
        if not targets:
            return 0
        opted = set(everything)
        created = 0
        with self._transaction(serialised=True) as s:
            has_delivery = sa.exists().where(DeliveryRow.alert_id == OutboxRow.alert_id)
            waiting = s.execute(
                sa.select(OutboxRow.alert_id, OutboxRow.audience).where(OutboxRow.status == "pending", ~has_delivery)
            )
            for alert_id, audience in list(waiting):
                for target_id, label in targets:
                    if audience == "review" and target_id not in opted:
                        continue
                    s.add(DeliveryRow(alert_id=alert_id, target_id=target_id, target=label, status="pending",
                                      attempts=0, created_at=now))  # fmt: skip
                    created += 1
        return created

    def queue_review_alerts(self, now: datetime) -> int:
        """One alert per unconfirmed change recorded under `live` that has none yet, for the targets that opted
        into everything; returns how many were queued. Only called when such a target exists."""
        with self._transaction(serialised=True) as s:
            return waiting.queue_review_alerts(s, now)

    def due_deliveries(self, target_ids: Iterable[str], now: datetime) -> list[Delivery]:
        """Deliveries to these targets that may go now: pending and past their back-off, or held by a dead sender."""
        query = (
            sa.select(DeliveryRow)
            .join(OutboxRow, OutboxRow.alert_id == DeliveryRow.alert_id)
            .where(DeliveryRow.target_id.in_(list(target_ids)), rules.claimable(now))
            .order_by(OutboxRow.created_at, DeliveryRow.alert_id, DeliveryRow.target_id)
        )
        with self._transaction() as s:
            return [mapping.delivery(row) for row in s.scalars(query)]

    def claim_delivery(self, alert_id: str, target_id: str, owner: str, now: datetime, lease_seconds: float) -> bool:
        """Take one delivery for one send; a conditional update means only one of several claimants wins it."""
        with self._transaction() as s:
            claimed = s.execute(
                sa.update(DeliveryRow)
                .where(DeliveryRow.alert_id == alert_id, DeliveryRow.target_id == target_id, rules.claimable(now))
                .values(status="sending", owner=owner, lease_until=now + timedelta(seconds=lease_seconds))
            )
            return rules.rowcount(claimed) == 1

    def mark_delivered(self, alert_id: str, target_id: str, owner: str, now: datetime) -> None:
        """Record a target's accept in its own short transaction: the at-least-once window is this commit."""
        with self._transaction() as s:
            s.execute(
                sa.update(DeliveryRow)
                .where(*rules.held(alert_id, target_id, owner))
                .values(status="sent", sent_at=now, lease_until=None, owner=None, last_error=None)
            )
            rules.settle(s, alert_id, now)

    def mark_delivery_failed(
        self, alert_id: str, target_id: str, owner: str, error: str, now: datetime, *, max_attempts: int,
        backoff: Backoff,
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
                row.status, row.next_attempt = "pending", now + timedelta(seconds=backoff.delay(row.attempts))
            s.flush()
            rules.settle(s, alert_id, now)
            return row.status

    def note_undeliverable(self, error: str) -> int:
        """No target to send to: every alert not yet fanned out counts a failed attempt; returns how many."""
        with self._transaction() as s:
            has_delivery = sa.exists().where(DeliveryRow.alert_id == OutboxRow.alert_id)
            counted = s.execute(
                sa.update(OutboxRow)
                .where(OutboxRow.status == "pending", ~has_delivery)
                .values(attempts=OutboxRow.attempts + 1, last_error=error[:1000])
            )
            return rules.rowcount(counted)

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
            return [mapping.delivery(row) for row in rows]

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
            return [mapping.outbox_item(r, per_alert.get(r.alert_id, [])) for r in rows]


def _keep(s: Session, entries: Iterable[FeedEntry], now: datetime) -> None:
    for entry in entries:
        if s.get(EntryRow, (entry.feed_url, entry.entry_id)) is None:
            s.add(mapping.entry_row(entry, "pending", now))


def _done(s: Session, entries: Iterable[FeedEntry], now: datetime) -> None:
    for entry in entries:
        row = s.get(EntryRow, (entry.feed_url, entry.entry_id))
        if row is None:
            s.add(mapping.entry_row(entry, "done", now, done_at=now))
        elif row.status == "pending":  # a failed entry keeps its reason
            row.status, row.done_at, row.not_before = "done", now, None

