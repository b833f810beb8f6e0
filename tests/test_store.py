"""The store against real databases: every test runs on SQLite and on PostgreSQL (db_url)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from pipeline import articles
from pipeline.backoff import Backoff
from pipeline.records import (
    Document,
    Evidence,
    Extraction,
    FeedEntry,
    FeedState,
    MissionFinding,
    PartnerFinding,
    change_identity,
    claim_identity,
)
from pipeline.register import review_key
from pipeline.store import MIGRATIONS, Base, Store

NOW = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
TABLES = {"documents", "findings", "register", "history", "changes", "outbox", "deliveries", "feeds", "entries"}
TABLES |= {"reviews", "link_cache"}  # issue 9: analysts' verdicts; publisher links resolved from Google News ids

TALKS = (
    "Pakistan is negotiating its entry into the International Lunar Research Station, officials in Islamabad "
    "said on Tuesday, after a delegation from the China National Space Administration visited SUPARCO."
)
SIGNED = (
    "Pakistan has formally joined the International Lunar Research Station after SUPARCO signed a cooperation "
    "agreement with the China National Space Administration in Beijing. Chang'e-8 is due to launch in 2028 "
    "and will carry a Pakistani rover to the lunar south pole."
)


def _evidence(text: str, quote: str) -> Evidence:
    start = text.index(quote)
    return Evidence(quote, start, start + len(quote))


def talks_item(url: str = "https://news.example.org/pk-talks") -> tuple[Document, Extraction]:
    document = Document(
        url=url,
        text=TALKS,
        fingerprint=articles.fingerprint(TALKS),
        origin="feed",
        title="Pakistan in talks on lunar station",
        published=datetime(2024, 3, 1, 8, 0, tzinfo=UTC),
        site="Islamabad Observer",
        language="en",
        feed_url="https://news.example.org/feed.xml",
        entry_id="pk-talks-1",
    )
    quote = "Pakistan is negotiating its entry into the International Lunar Research Station"
    partner = PartnerFinding(
        key="country:PK",
        name="Pakistan",
        kind="country",
        status="negotiating",
        evidence=_evidence(TALKS, quote),
        country="PK",
        confidence="high",  # sure, so that it alerts: these tests are about storage and delivery, not the rule
    )
    return document, Extraction(relevant=True, language="en", partners=(partner,))


def signed_item(url: str = "https://wire.example.com/pk-joins") -> tuple[Document, Extraction]:
    document = Document(
        url=url,
        text=SIGNED,
        fingerprint=articles.fingerprint(SIGNED),
        origin="feed",
        title="Pakistan joins the ILRS",
        published=datetime(2024, 5, 3, 9, 30, tzinfo=UTC),
        site="Orbital Times",
        language="en",
    )
    partner = PartnerFinding(
        key="country:PK",
        name="Pakistan",
        kind="country",
        status="joined",
        evidence=_evidence(SIGNED, "Pakistan has formally joined the International Lunar Research Station"),
        country="PK",
        signatory="SUPARCO",
        confidence="high",
    )
    mission = MissionFinding(
        key="mission:Chang'e-8",
        name="Chang'e-8",
        year=2028,
        evidence=_evidence(SIGNED, "Chang'e-8 is due to launch in 2028"),
        site="lunar south pole",
        confidence="high",
    )
    return document, Extraction(relevant=True, language="en", partners=(partner,), missions=(mission,))


def _count(store: Store, table: str) -> int:
    with store.engine.connect() as conn:
        return conn.execute(sa.text(f"SELECT COUNT(*) FROM {table}")).scalar_one()


# --- migrations ------------------------------------------------------------------------------------------


def _head_revision() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head() or ""


def test_migrations_create_the_schema_from_empty_and_are_idempotent(db_url: str) -> None:
    store = Store(db_url)
    try:
        assert set(sa.inspect(store.engine).get_table_names()) == set()
        store.migrate()
        assert TABLES | {"alembic_version"} == set(sa.inspect(store.engine).get_table_names())
        with store.engine.connect() as conn:
            versions = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all()
            assert versions == [_head_revision()]

        store.ingest([talks_item()], policy="live", run_id="r1", now=NOW)
        store.migrate()  # a second run on a migrated database: no error, no data lost, one version row
        store.migrate()
        with store.engine.connect() as conn:
            versions = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all()
            assert versions == [_head_revision()]
        assert _count(store, "documents") == 1
        assert [e.value for e in store.register()] == ["negotiating"]
    finally:
        store.close()


def test_an_older_register_upgrades_with_a_review_key_on_every_finding(db_url: str) -> None:
    """A register at revision 0006 (findings without review keys) upgrades, and each finding gets the key that
    `review_key` gives, so verdicts typed from an older queue still find their claim."""
    from alembic.config import Config

    store = Store(db_url)
    try:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with store.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0006")
        with store.engine.begin() as connection:
            connection.execute(sa.text(
                "INSERT INTO documents (id, url, fingerprint, content_hash, origin, text, fetched_at, date_inferred) "
                "VALUES (1, 'https://news.example.org/a', 'f', 'h', 'feed', 't', :now, false)"
            ), {"now": NOW.replace(tzinfo=None)})  # fmt: skip
            for finding_id, value in ((1, "joined"), (2, None)):
                connection.execute(sa.text(
                    "INSERT INTO findings (id, document_id, key, entity, name, kind, value, quote, start, stop, "
                    "confidence) VALUES (:id, 1, 'country:PK', 'partner', 'Pakistan', 'country', :value, 'q', 0, 1, "
                    "'medium')"
                ), {"id": finding_id, "value": value})  # fmt: skip
        store.migrate()
        with store.engine.connect() as connection:
            keys = connection.execute(sa.text("SELECT review_key FROM findings ORDER BY id")).scalars().all()
        url = "https://news.example.org/a"
        assert keys == [review_key("country:PK", url, "joined"), review_key("country:PK", url, None)]
    finally:
        store.close()


def test_migrated_schema_matches_the_models(store: Store) -> None:
    """The migration and the ORM models describe the same tables, columns and indexes."""
    with store.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert differences == []


def test_two_stores_migrating_the_same_database_both_succeed(db_url: str) -> None:
    first, second = Store(db_url), Store(db_url)
    try:
        first.migrate()
        second.migrate()
        assert set(sa.inspect(second.engine).get_table_names()) >= TABLES
    finally:
        first.close()
        second.close()


# --- ingest ----------------------------------------------------------------------------------------------


def test_ingest_writes_documents_findings_register_changes_and_outbox(store: Store) -> None:
    result = store.ingest([talks_item(), signed_item()], policy="live", run_id="run-1", now=NOW)

    assert (result.documents_new, result.documents_updated) == (2, 0)
    assert _count(store, "documents") == 2
    assert _count(store, "findings") == 3

    register = {e.key: e for e in store.register()}
    assert set(register) == {"country:PK", "mission:Chang'e-8"}
    pakistan = register["country:PK"]
    assert (pakistan.value, pakistan.sources, pakistan.signatory) == ("joined", 1, "SUPARCO")
    assert pakistan.first_seen == datetime(2024, 3, 1, 8, 0, tzinfo=UTC)  # the talks article's date
    assert pakistan.source_url == "https://wire.example.com/pk-joins"
    assert pakistan.evidence.quote.startswith("Pakistan has formally joined")
    mission = register["mission:Chang'e-8"]
    assert (mission.value, mission.site) == ("2028", "lunar south pole")

    # Both claims arrive in one batch: the register goes straight to `joined`, one change per key.
    kinds = sorted((c.entity_key, c.change_type, c.new_value) for c in result.changes)
    assert kinds == [("country:PK", "new_partner", "joined"), ("mission:Chang'e-8", "new_mission", "2028")]
    stored = store.changes(run_id="run-1")
    assert {c.change_id for c in stored} == {c.change_id for c in result.changes}
    assert all(c.detected_at == NOW for c in stored)
    # A change is identified by its occurrence, the deciding claim included (issue 7: oscillations alert again).
    decided_by = claim_identity(articles.fingerprint(SIGNED), SIGNED.index("Pakistan has formally"), "joined")
    joined = change_identity("country:PK", "status", "joined", None, decided_by)
    assert store.changes(ids=[joined])[0].name == "Pakistan"

    outbox = store.outbox()
    assert result.alerts_queued == 2
    assert sorted(i.change_ids for i in outbox) == sorted((c.change_id,) for c in result.changes)
    assert {(i.kind, i.status, i.attempts) for i in outbox} == {("change", "pending", 0)}
    assert len(store.history()) == 2

    docs = {d.url: d for d in store.documents()}
    assert docs["https://news.example.org/pk-talks"] == talks_item()[0]
    assert docs["https://wire.example.com/pk-joins"] == signed_item()[0]


def test_ingest_is_one_transaction(store: Store) -> None:
    """A batch that fails half-way leaves nothing behind: no document, finding, register row, change or alert."""
    good = talks_item()
    broken_document = Document(url="https://broken.example/x", text=None, fingerprint="0" * 16, origin="feed")  # type: ignore[arg-type]
    with pytest.raises(sa.exc.IntegrityError):
        store.ingest([good, (broken_document, Extraction(True, "en"))], policy="live", run_id="r", now=NOW)
    for table in sorted(TABLES - {"feeds", "entries"}):
        assert _count(store, table) == 0, table

    # ...and the store is still usable afterwards.
    result = store.ingest([good], policy="live", run_id="r2", now=NOW)
    assert result.documents_new == 1 and len(result.changes) == 1


def test_a_later_document_records_a_status_change(store: Store) -> None:
    store.ingest([talks_item()], policy="live", run_id="r1", now=NOW)
    result = store.ingest([signed_item()], policy="live", run_id="r2", now=NOW + timedelta(hours=1))

    pakistan = [c for c in result.changes if c.entity_key == "country:PK"]
    assert [(c.change_type, c.old_value, c.new_value) for c in pakistan] == [("status_change", "negotiating", "joined")]
    assert [(h["old"], h["new"]) for h in store.history("country:PK")] == [
        (None, "negotiating"),
        ("negotiating", "joined"),
    ]
    assert store.history("country:PK")[1]["at"] == datetime(2024, 5, 3, 9, 30, tzinfo=UTC)  # the source's date
    assert len(store.outbox()) == 3


def test_reingesting_the_same_document_changes_nothing(store: Store) -> None:
    first = store.ingest([talks_item(), signed_item()], policy="live", run_id="r1", now=NOW)
    before = (
        store.register(),
        store.history(),
        store.changes(),
        store.outbox(),
        list(store.documents()),
        _count(store, "findings"),
    )

    again = store.ingest([talks_item(), signed_item()], policy="live", run_id="r2", now=NOW + timedelta(days=1))

    assert (again.documents_new, again.documents_updated, again.changes, again.alerts_queued) == (0, 0, (), 0)
    after = (
        store.register(),
        store.history(),
        store.changes(),
        store.outbox(),
        list(store.documents()),
        _count(store, "findings"),
    )
    assert after == before
    assert first.alerts_queued == 2


def test_a_second_store_sees_a_fact_as_already_known(db_url: str, store: Store) -> None:
    store.ingest([signed_item()], policy="live", run_id="r1", now=NOW)
    other = Store(db_url)
    try:
        copy = signed_item("https://mirror.example.net/pk-joins")  # the same text at another address
        result = other.ingest([copy], policy="live", run_id="r2", now=NOW + timedelta(hours=2))
        assert result.documents_new == 1
        assert result.changes == () and result.alerts_queued == 0
        pakistan = {e.key: e for e in other.register()}["country:PK"]
        assert pakistan.sources == 1  # a syndicated copy is not a second source
    finally:
        other.close()
    assert len(store.outbox()) == 2


@pytest.mark.parametrize("policy", ["none", "digest"])
def test_policies_other_than_live_queue_no_alert(store: Store, policy: str) -> None:
    result = store.ingest([signed_item()], policy=policy, run_id="r1", now=NOW)
    assert len(result.changes) == 2 and result.alerts_queued == 0
    assert store.outbox() == []
    ids = [c.change_id for c in result.changes]
    assert store.enqueue_digest("digest-r1", ids, NOW) is True
    assert store.enqueue_digest("digest-r1", ids, NOW) is False  # queued once per run
    (item,) = store.outbox()
    assert (item.kind, item.change_ids, item.status) == ("digest", tuple(ids), "pending")


# --- the outbox ------------------------------------------------------------------------------------------


TARGETS = [("target-a", "json://a.example/hook"), ("target-b", "json://b.example/hook")]
BACKOFF = {"max_attempts": 3, "backoff": Backoff(60.0, 3600.0)}


def test_each_alert_fans_out_once_to_the_targets_of_its_first_delivery(store: Store) -> None:
    store.ingest([talks_item()], policy="live", run_id="r1", now=NOW)
    assert store.fan_out(TARGETS, NOW) == 2
    assert store.fan_out(TARGETS, NOW) == 0  # fanned out already
    assert store.fan_out([("target-c", "json://c.example/hook")], NOW) == 0  # a later target: new alerts only
    assert {(d.target_id, d.target, d.status) for d in store.deliveries()} == {
        ("target-a", "json://a.example/hook", "pending"),
        ("target-b", "json://b.example/hook", "pending"),
    }


def test_deliveries_are_claimed_once(db_url: str, store: Store) -> None:
    store.ingest([signed_item()], policy="live", run_id="r1", now=NOW)
    store.fan_out(TARGETS, NOW)
    due = store.due_deliveries(["target-a"], NOW)
    assert len(due) == 2 and {d.target_id for d in due} == {"target-a"}
    first = due[0]
    assert store.claim_delivery(first.alert_id, "target-a", "sender-a", NOW, 300)
    assert not store.claim_delivery(first.alert_id, "target-a", "sender-b", NOW, 300)
    other = Store(db_url)
    try:
        assert len(other.due_deliveries(["target-a"], NOW + timedelta(seconds=60))) == 1
        # A sender that died: once its lease runs out, another may take the delivery over.
        assert other.claim_delivery(first.alert_id, "target-a", "sender-c", NOW + timedelta(seconds=301), 300)
    finally:
        other.close()


def test_concurrent_claims_never_share_a_delivery(db_url: str, store: Store) -> None:
    store.ingest([talks_item(), signed_item()], policy="live", run_id="r1", now=NOW)
    store.ingest([signed_item("https://wire.example.com/pk-joins-2")], policy="live", run_id="r2", now=NOW)
    store.fan_out(TARGETS, NOW)
    due = store.due_deliveries(["target-a", "target-b"], NOW)
    stores = [Store(db_url) for _ in range(4)]
    barrier = threading.Barrier(len(stores))
    results: dict[int, list[tuple[str, str]]] = {}
    errors: list[BaseException] = []

    def claim(index: int) -> None:
        try:
            barrier.wait()
            results[index] = [
                (d.alert_id, d.target_id)
                for d in due
                if stores[index].claim_delivery(d.alert_id, d.target_id, f"owner-{index}", NOW, 300)
            ]
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=claim, args=(i,)) for i in range(len(stores))]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
    finally:
        for s in stores:
            s.close()
    assert not errors
    won = [pair for pairs in results.values() for pair in pairs]
    assert len(won) == len(set(won)) == len(due) == 2 * len(store.outbox())


def test_a_delivered_target_is_never_due_again_and_the_alert_is_sent_when_all_are(store: Store) -> None:
    store.ingest([talks_item()], policy="live", run_id="r1", now=NOW)
    store.fan_out(TARGETS, NOW)
    (item,) = store.outbox()
    assert store.claim_delivery(item.alert_id, "target-a", "sender", NOW, 300)
    store.mark_delivered(item.alert_id, "target-a", "sender", NOW + timedelta(seconds=5))
    assert store.outbox()[0].status == "pending"  # target-b has not had it yet
    for later in (NOW, NOW + timedelta(hours=1), NOW + timedelta(days=30)):
        assert store.due_deliveries(["target-a"], later) == []
    # A late failure report from the same sender changes nothing on a sent delivery.
    assert store.mark_delivery_failed(item.alert_id, "target-a", "sender", "too late", NOW, **BACKOFF) == ""

    assert store.claim_delivery(item.alert_id, "target-b", "sender", NOW, 300)
    store.mark_delivered(item.alert_id, "target-b", "sender", NOW + timedelta(seconds=6))
    (sent,) = store.outbox()
    assert (sent.status, sent.sent_at) == ("sent", NOW + timedelta(seconds=6))


def test_a_failed_delivery_backs_off_then_is_parked_and_can_be_rearmed(store: Store) -> None:
    store.ingest([talks_item()], policy="live", run_id="r1", now=NOW)
    store.fan_out(TARGETS[:1], NOW)
    (item,) = store.outbox()
    assert store.claim_delivery(item.alert_id, "target-a", "sender", NOW, 300)
    store.mark_delivered(item.alert_id, "target-a", "intruder", NOW)  # not the owner: nothing happens
    assert store.deliveries()[0].status == "sending"

    clock, waits = NOW, []
    for attempt in range(1, 4):
        if attempt > 1:
            (due,) = store.due_deliveries(["target-a"], clock)
            assert store.claim_delivery(due.alert_id, "target-a", "sender", clock, 300)
        status = store.mark_delivery_failed(item.alert_id, "target-a", "sender", "answered 503", clock, **BACKOFF)
        (delivery,) = store.deliveries()
        assert (delivery.status, delivery.attempts, delivery.last_error) == (status, attempt, "answered 503")
        if status == "pending":
            assert delivery.next_attempt is not None
            waits.append((delivery.next_attempt - clock).total_seconds())
            assert store.due_deliveries(["target-a"], delivery.next_attempt - timedelta(seconds=1)) == []
            clock = delivery.next_attempt
    assert waits == [60.0, 120.0]
    assert status == "dead" and store.outbox()[0].status == "dead"
    assert store.due_deliveries(["target-a"], clock + timedelta(days=365)) == []

    assert store.rearm() == 1
    (rearmed,) = store.deliveries()
    assert (rearmed.status, rearmed.attempts, rearmed.next_attempt) == ("pending", 0, None)
    assert store.outbox()[0].status == "pending"
    assert len(store.due_deliveries(["target-a"], clock)) == 1


# --- feeds and entries -----------------------------------------------------------------------------------


def test_feed_state_round_trips(db_url: str, store: Store) -> None:
    full = FeedState(
        url="https://news.example.org/feed.xml",
        current_url="https://news.example.org/rss/v2.xml",
        etag='W/"5f3a-17"',
        last_modified="Mon, 23 Nov 2026 09:30:00 GMT",
        failures=3,
        disabled=False,
        not_before=datetime(2026, 11, 24, 7, 15, 30, 123000, tzinfo=UTC),
        last_status=503,
        last_error="503 Service Unavailable",
        last_polled=datetime(2026, 11, 24, 6, 0, tzinfo=UTC),
    )
    bare = FeedState(url="https://gone.example.com/atom", current_url="https://gone.example.com/atom", disabled=True)
    store.save_feed_states([full, bare])

    other = Store(db_url)
    try:
        assert other.feed_states() == {full.url: full, bare.url: bare}
        recovered = FeedState(url=full.url, current_url=full.current_url, etag='"v2"', last_status=200)
        other.save_feed_states([recovered])
    finally:
        other.close()
    assert store.feed_states()[full.url] == recovered
    assert store.feed_states()[bare.url] == bare


def _entry(n: int, feed: str = "https://news.example.org/feed.xml") -> FeedEntry:
    return FeedEntry(
        feed_url=feed,
        entry_id=f"guid-{n}",
        link=f"https://news.example.org/story/{n}",
        title=f"Story {n}",
        summary=f"Summary of story {n}.",
        published=datetime(2026, 11, 20 + n, 12, 0, tzinfo=UTC),
        language="en",
    )


def test_entries_remembered_as_pending_then_marked_done(store: Store) -> None:
    one, two, three = _entry(1), _entry(2), _entry(3)
    assert store.unseen([one, two, three]) == [one, two, three]

    store.remember([one, two], NOW)
    store.remember([one], NOW + timedelta(minutes=5))  # remembering twice keeps one row
    assert store.pending() == [one, two]
    assert store.unseen([one, two, three]) == [three]

    store.mark_seen([one], NOW + timedelta(minutes=10))
    assert store.pending() == [two]
    store.mark_seen([two, three], NOW + timedelta(minutes=20))  # three was never pending: stored as done
    assert store.pending() == []
    assert store.unseen([one, two, three, _entry(4)]) == [_entry(4)]
    with store.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT entry_id, status FROM entries ORDER BY entry_id")).all()
    assert [tuple(r) for r in rows] == [("guid-1", "done"), ("guid-2", "done"), ("guid-3", "done")]


def test_a_store_sent_to_another_process_carries_only_its_url_and_closes_its_copy(store: Store) -> None:
    """Process and Dask task runners pickle a task's arguments: the copy opens its own engine and `release`
    closes it, while the run's own store stays open for the next stage."""
    import pickle

    store.ingest([talks_item()], policy="live", run_id="r1", now=NOW)
    copy = pickle.loads(pickle.dumps(store))
    assert [e.value for e in copy.register()] == ["negotiating"]
    assert copy.engine is not store.engine
    copy.release()
    store.release()  # the original is no copy: release leaves it open
    assert copy._engine is None and store._engine is not None
