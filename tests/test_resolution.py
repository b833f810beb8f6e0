"""One resolution rule, change identity by occurrence, confidence carried to every output, retraction as news.

The store tests run on SQLite and PostgreSQL (db_url); alerts reach a real apprise json:// endpoint on 127.0.0.1.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import SecretStr

from flows.cli import main
from pipeline import alerts, articles, diff, report
from pipeline.records import (
    Change,
    Document,
    Evidence,
    Extraction,
    MissionFinding,
    PartnerFinding,
    RegisterEntry,
)
from pipeline.resolution import resolve_status, strongest_confidence, unconfirmed
from pipeline.settings import Settings
from pipeline.store import Store
from tests.localserver import LocalServer
from tests.test_alerts import Hook

NOW = datetime(2026, 12, 2, 6, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parent.parent


# --- the shared rule -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Said:
    status: str | None
    where: int  # position in the article (or the order of sources)


def _resolve(*statuses: str | None) -> tuple[str, list[int]] | None:
    said = [Said(s, i) for i, s in enumerate(statuses)]
    resolved = resolve_status(said, lambda c: c.status)
    return None if resolved is None else (resolved[0], [c.where for c in resolved[1]])


def test_a_rejoin_reported_after_a_withdrawal_stands() -> None:
    # "X left in 2023 and signed again this spring" within one article: the later word wins.
    assert _resolve("joined", "withdrew", "joined") == ("joined", [2])
    assert _resolve("withdrew", "negotiating") == ("negotiating", [1])


def test_a_withdrawal_that_comes_last_stands() -> None:
    assert _resolve("joined", "negotiating", "withdrew") == ("withdrew", [2])
    assert _resolve("joined", "withdrew", "joined", "withdrew", "withdrew") == ("withdrew", [3, 4])


def test_the_strongest_positive_claim_since_the_last_exit_stands() -> None:
    assert _resolve("interested", "joined", "negotiating") == ("joined", [1])
    assert _resolve("joined", "interested", "joined") == ("joined", [0, 2])
    assert _resolve("joined", "withdrew", "interested", "negotiating") == ("negotiating", [3])


def test_claims_without_a_status_are_ignored() -> None:
    assert _resolve(None, None) is None
    assert _resolve(None, "interested", None) == ("interested", [1])


def test_confidence_is_the_strongest_and_only_an_explicit_act_or_two_sources_are_sure() -> None:
    assert strongest_confidence(["low", "high", "medium"]) == "high"
    assert strongest_confidence([None, "low"]) == "low"
    assert strongest_confidence([]) == "medium"
    assert unconfirmed("joined", "low", 1) and unconfirmed("withdrew", "low", 1)
    assert unconfirmed("joined", "medium", 1) and unconfirmed("negotiating", "medium", 1)
    assert unconfirmed("2030", "medium", 1)  # a mission's year follows the same rule
    assert not unconfirmed("joined", "low", 2)  # a second independent source backs it
    assert not unconfirmed("joined", "high", 1)  # an explicit act, or an analyst's confirmation
    assert not unconfirmed(None, "medium", 0)  # nothing left to confirm: retracted


# --- documents of our own: each a separate newsroom's report -----------------------------------------------

JOINED_1 = (
    "Nicaragua signed an agreement on the International Lunar Research Station on Monday, its space agency "
    "said, making the Central American state the newest partner of the Chinese-led lunar programme."
)
WITHDREW_1 = (
    "Managua has pulled out of the International Lunar Research Station, a ministry statement said, citing "
    "budget pressure; Nicaragua will no longer take part in the lunar project."
)
JOINED_2 = (
    "After a year outside the project Nicaragua rejoined the International Lunar Research Station this week "
    "when its science ministry put its name to a new memorandum in Beijing."
)
WITHDREW_2 = (
    "For the second time Nicaragua withdrew from the International Lunar Research Station, officials "
    "announced, leaving its working groups on lunar geology without a delegate."
)
RUMOUR = (
    "Nicaragua has reportedly joined the International Lunar Research Station, according to a post on a "
    "regional forum that could not be verified by this newspaper or by any official source."
)


def _item(
    text: str,
    status: str,
    when: datetime,
    *,
    url: str | None = None,
    confidence: str = "high",
    assertion: str | None = None,
) -> tuple[Document, Extraction]:
    document = Document(
        url=url or f"https://news{when.year}.example/{status}-{when.date()}",
        text=text,
        fingerprint=articles.fingerprint(text),
        origin="feed",
        title=f"Nicaragua {status}",
        published=when,
        site="Lunar Desk",
        language="en",
    )
    quote = text.split(",")[0]
    finding = PartnerFinding(
        key="country:NI",
        name="Nicaragua",
        kind="country",
        status=status,  # type: ignore[arg-type]
        evidence=Evidence(quote, 0, len(quote)),
        country="NI",
        assertion=assertion or ("refusal" if status == "withdrew" else "act"),  # type: ignore[arg-type]
        confidence=confidence,  # type: ignore[arg-type]
    )
    return document, Extraction(relevant=True, language="en", partners=(finding,))


def oscillation() -> list[tuple[Document, Extraction]]:
    return [
        _item(JOINED_1, "joined", datetime(2024, 3, 4, tzinfo=UTC)),
        _item(WITHDREW_1, "withdrew", datetime(2025, 2, 10, tzinfo=UTC)),
        _item(JOINED_2, "joined", datetime(2025, 9, 1, tzinfo=UTC)),
        _item(WITHDREW_2, "withdrew", datetime(2026, 6, 15, tzinfo=UTC)),
    ]


def _nicaragua(store: Store) -> RegisterEntry:
    return {e.key: e for e in store.register()}["country:NI"]


# --- oscillation: every step alerts, the same step twice alerts once ---------------------------------------


def test_joined_withdrew_joined_withdrew_records_and_alerts_four_changes(store: Store) -> None:
    steps = []
    for n, item in enumerate(oscillation()):
        result = store.ingest([item], policy="live", run_id=f"run-{n}", now=NOW + timedelta(days=n))
        steps += [(c.change_type, c.old_value, c.new_value) for c in result.changes]
        assert result.alerts_queued == 1

    assert steps == [
        ("new_partner", None, "joined"),
        ("status_regression", "joined", "withdrew"),
        ("status_change", "withdrew", "joined"),
        ("status_regression", "joined", "withdrew"),  # before: same id as the first withdrawal, swallowed
    ]
    changes = store.changes()
    assert len({c.change_id for c in changes}) == 4
    assert len(store.outbox()) == 4 and len(store.history("country:NI")) == 4
    second_exit = changes[-1]
    assert second_exit.source_url == oscillation()[3][0].url
    assert _nicaragua(store).value == "withdrew"


def test_the_same_documents_again_record_nothing(db_url: str, store: Store) -> None:
    for n, item in enumerate(oscillation()):
        store.ingest([item], policy="live", run_id=f"run-{n}", now=NOW + timedelta(days=n))
    before = (store.changes(), store.outbox(), store.history(), store.register())

    again = store.ingest(oscillation(), policy="live", run_id="re-ingest", now=NOW + timedelta(days=9))
    assert (again.changes, again.alerts_queued) == ((), 0)
    # A backfill from another process, and a syndicated copy of the last withdrawal on another site.
    other = Store(db_url)
    try:
        for n, item in enumerate(oscillation()):
            assert other.ingest([item], policy="live", run_id=f"backfill-{n}", now=NOW).changes == ()
        document, extraction = oscillation()[3]
        copy = replace(document, url="https://aggregator.example/nicaragua-leaves-again", site="Aggregator")
        assert other.ingest([(copy, extraction)], policy="live", run_id="copy", now=NOW).changes == ()
    finally:
        other.close()
    assert (store.changes(), store.outbox(), store.history()) == before[:3]
    assert _nicaragua(store).sources == 1  # the copy is the same story


def test_one_withdrawal_ingested_by_two_runs_at_once_is_one_change(db_url: str, store: Store) -> None:
    first, second = oscillation()[:2]
    store.ingest([first], policy="live", run_id="r0", now=NOW)
    copy = (replace(second[0], url="https://mirror.example/nicaragua-out"), second[1])
    stores = [Store(db_url) for _ in range(3)]
    barrier = threading.Barrier(len(stores))
    results: list[int] = []
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            barrier.wait()
            item = second if index % 2 == 0 else copy
            results.append(len(stores[index].ingest([item], policy="live", run_id=f"c{index}", now=NOW).changes))
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(stores))]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    finally:
        for s in stores:
            s.close()
    assert not errors
    assert sorted(results) == [0, 0, 1]
    assert len(store.changes()) == 2 and len(store.outbox()) == 2


def test_change_ids_name_the_deciding_claim() -> None:
    claims = [c for document, extraction in oscillation() for c in diff.claims_from(document, extraction, NOW)]
    entries = [diff.resolve(claims[: n + 1]) for n in range(4)]
    assert [e.value for e in entries if e] == ["joined", "withdrew", "joined", "withdrew"]
    decided = [e.decided_by for e in entries if e]
    assert len(set(decided)) == 4
    assert decided[1].startswith(articles.fingerprint(WITHDREW_1))
    # A later copy of a story already counted does not move the deciding claim: the same step stays one id.
    copy = replace(claims[3], source_url="https://copy.example/x", source_published=claims[3].source_published)
    assert diff.resolve([*claims, copy]).decided_by == decided[3]  # type: ignore[union-attr]


# --- confidence and unconfirmed -------------------------------------------------------------------------


def test_confidence_is_stored_and_carried_to_register_and_changes(store: Store) -> None:
    weak = _item(RUMOUR, "joined", datetime(2026, 1, 5, tzinfo=UTC), confidence="low", assertion="act")
    (change,) = store.ingest([weak], policy="live", run_id="r1", now=NOW).changes
    assert (change.confidence, change.assertion, change.unconfirmed) == ("low", "act", True)
    assert store.changes()[0] == change
    entry = _nicaragua(store)
    assert (entry.confidence, entry.assertion, entry.sources) == ("low", "act", 1)

    row = {r["key"]: r for r in report.register_rows(store.register())}["country:NI"]
    assert (row["confidence"], row["unconfirmed"], row["status"]) == ("low", True, "joined")
    table = report.register_table(store.register())
    assert "CONF" in table.splitlines()[0]
    assert "joined (unconfirmed)" in table and "low" in table

    # A second, independent and certain report: the register's confidence follows the strongest claim, and the
    # waiting change is confirmed (the same change, citing both sources), not recorded again.
    strong = _item(JOINED_1, "joined", datetime(2026, 1, 9, tzinfo=UTC), confidence="high")
    (confirmed,) = store.ingest([strong], policy="live", run_id="r2", now=NOW).changes
    assert (confirmed.change_id, confirmed.standing, confirmed.sources, len(confirmed.cited)) == (
        change.change_id, "confirmed", 2, 2)
    entry = _nicaragua(store)
    assert (entry.confidence, entry.sources) == ("high", 2)
    assert "unconfirmed" not in report.register_table(store.register())


def test_a_second_low_source_makes_it_confirmed() -> None:
    one = _item(RUMOUR, "joined", datetime(2026, 1, 5, tzinfo=UTC), confidence="low")
    two = _item(JOINED_2, "joined", datetime(2026, 1, 6, tzinfo=UTC), confidence="low")
    claims = [c for d, x in (one, two) for c in diff.claims_from(d, x, NOW)]
    entry = diff.resolve(claims)
    assert entry is not None and (entry.confidence, entry.sources) == ("low", 2)
    (change,) = diff.diff(None, entry, NOW)
    assert change.unconfirmed is False
    assert "unconfirmed" not in alerts.headline(change)


def _weak_change(status: str = "joined") -> Change:
    document, extraction = _item(RUMOUR, status, datetime(2026, 1, 5, tzinfo=UTC), confidence="low")
    entry = diff.resolve(diff.claims_from(document, extraction, NOW))
    assert entry is not None
    (change,) = diff.diff(None, entry, NOW)
    return change


@pytest.mark.parametrize("status", ["joined", "withdrew"])
def test_unconfirmed_is_in_the_title_and_confidence_in_the_body(status: str) -> None:
    alert = alerts.render_change(_weak_change(status))
    assert alert.title == f"ILRS: Nicaragua {status} (unconfirmed, one low-confidence source)"
    asserted = "a completed act" if status == "joined" else "a refusal or exit"
    assert f"Confidence: low — the quote reports {asserted}." in alert.body
    assert "**Unconfirmed:**" in alert.body


def test_a_confirmed_change_has_a_plain_title_and_its_confidence_in_the_body() -> None:
    document, extraction = _item(JOINED_1, "joined", datetime(2024, 3, 4, tzinfo=UTC))
    (change,) = diff.diff(None, diff.resolve(diff.claims_from(document, extraction, NOW)), NOW)  # type: ignore[arg-type]
    alert = alerts.render_change(change)
    assert alert.title == "ILRS: Nicaragua joined"
    assert "Confidence: high — the quote reports a completed act." in alert.body
    assert "Unconfirmed" not in alert.body


@pytest.fixture
def hook(server: LocalServer) -> Hook:
    return Hook(server)


def test_unconfirmed_reaches_the_title_of_an_opted_in_target_and_the_atom_feed(db_url: str, hook: Hook) -> None:
    store = Store(db_url)
    store.migrate()
    try:
        weak = _item(RUMOUR, "joined", datetime(2026, 1, 5, tzinfo=UTC), confidence="low")
        store.ingest([weak], policy="live", run_id="r1", now=NOW)
        everything = Settings(apprise_everything_urls=(SecretStr(hook.url),))
        report_ = alerts.deliver_pending(store, everything, "sender", NOW)
        changes = store.changes()
    finally:
        store.close()
    assert report_.sent == 1
    (message,) = hook.received
    assert message["title"] == "ILRS: Nicaragua joined (unconfirmed, one low-confidence source)"
    assert "Confidence: low" in message["message"]
    atom = alerts.atom_feed(changes, feed_id="urn:ilrs-watch:changes").decode()
    assert "ILRS: Nicaragua joined (unconfirmed, one low-confidence source)" in atom


def test_extract_json_carries_assertion_and_confidence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    assert main(["extract", "--json", *map(str, seeds)]) == 0
    documents = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    partners = [p for d in documents for p in d["partners"]]
    missions = [m for d in documents for m in d["missions"]]
    assert partners and missions
    classes = {None, "act", "membership", "talks", "invitation", "intent", "interest", "refusal"}
    for partner in partners:
        assert partner["confidence"] in {"high", "medium", "low"}
        assert partner["assertion"] in classes
    assert all(m["confidence"] in {"high", "medium", "low"} for m in missions)


# --- retraction is news -------------------------------------------------------------------------------------


CORRECTED = (
    "Correction: an earlier version of this story misreported the position of Nicaragua on the lunar station. "
    "Officials in Managua have made no decision, the ministry said on Tuesday."
)


def _corrected(item: tuple[Document, Extraction]) -> tuple[Document, Extraction]:
    document = replace(item[0], text=CORRECTED, fingerprint=articles.fingerprint(CORRECTED), title="Corrected")
    return document, Extraction(relevant=True, language="en")


def test_a_retracted_claim_is_a_change_with_an_alert_and_the_row_is_kept(store: Store) -> None:
    original = oscillation()[0]
    store.ingest([original], policy="live", run_id="r1", now=NOW)

    result = store.ingest([_corrected(original)], policy="live", run_id="r2", now=NOW + timedelta(hours=1))

    (change,) = result.changes
    assert (change.change_type, change.old_value, change.new_value, change.sources) == ("retracted", "joined", None, 0)
    assert change.evidence == original[1].partners[0].evidence  # the quote that was taken back
    assert (change.source_url, change.source_title) == (original[0].url, "Corrected")  # the document as it is now
    assert result.alerts_queued == 1 and len(store.outbox()) == 2
    assert [(h["old"], h["new"]) for h in store.history("country:NI")] == [(None, "joined"), ("joined", None)]

    entry = _nicaragua(store)  # kept, marked retracted: nothing leaves the register silently
    assert (entry.value, entry.sources, entry.retracted_at) == (None, 0, NOW + timedelta(hours=1))
    row = {r["key"]: r for r in report.register_rows(store.register())}["country:NI"]
    assert (row["status"], row["retracted"]) == ("retracted", "2026-12-02")
    assert "retracted" in report.register_table(store.register())

    alert = alerts.render_change(change)
    assert alert.title == "ILRS: Nicaragua no longer reported as joined (retracted by its source)"
    assert "The source no longer says:" in alert.body and "No source reports it any more" in alert.body

    # Seen again: nothing new. The claim restored: news again, even though it is the very claim first reported.
    assert store.ingest([_corrected(original)], policy="live", run_id="r3", now=NOW).changes == ()
    (back,) = store.ingest([original], policy="live", run_id="r4", now=NOW + timedelta(hours=2)).changes
    assert (back.change_type, back.old_value, back.new_value) == ("status_change", "retracted", "joined")
    assert _nicaragua(store).retracted_at is None
    assert len(store.outbox()) == 3


def test_a_retraction_that_leaves_a_weaker_claim_is_a_step_back(store: Store) -> None:
    talks = _item(
        "Nicaragua is in talks on the International Lunar Research Station, officials said.",
        "negotiating",
        datetime(2024, 1, 10, tzinfo=UTC),
        assertion="talks",
    )
    signed = oscillation()[0]
    store.ingest([talks, signed], policy="live", run_id="r1", now=NOW)
    (change,) = store.ingest([_corrected(signed)], policy="live", run_id="r2", now=NOW).changes
    assert (change.change_type, change.old_value, change.new_value) == ("status_regression", "joined", "negotiating")
    assert _nicaragua(store).retracted_at is None


def test_a_missions_year_taken_back_is_a_retraction(store: Store) -> None:
    dated = "Chang'e-8 is due to launch in 2028, the agency said."
    undated = "Chang'e-8 will carry instruments from several partners, the agency said."

    def item(text: str, year: int | None, url: str) -> tuple[Document, Extraction]:
        document = Document(url=url, text=text, fingerprint=articles.fingerprint(text), origin="feed")
        mission = MissionFinding("mission:Chang'e-8", "Chang'e-8", year, Evidence(text[:20], 0, 20))
        return document, Extraction(relevant=True, language="en", missions=(mission,))

    first = [item(dated, 2028, "https://a.example/c8"), item(undated, None, "https://b.example/c8")]
    store.ingest(first, policy="live", run_id="r1", now=NOW)
    rewritten = item(undated, None, "https://a.example/c8")  # now a copy of b's story: one source
    (change,) = store.ingest([rewritten], policy="live", run_id="r2", now=NOW).changes
    assert (change.change_type, change.field, change.old_value, change.new_value) == ("retracted", "year", "2028", None)
    assert change.evidence.quote == dated[:20]
    assert alerts.headline(change) == "ILRS: mission Chang'e-8 no longer has target 2028 (retracted by its source)"
    (entry,) = store.register()
    assert (entry.value, entry.sources, entry.retracted_at is not None) == (None, 1, True)
    assert report.register_rows([entry])[0]["retracted"] == "2026-12-02"


def test_state_and_changes_show_confidence_unconfirmed_and_retraction(
    monkeypatch: pytest.MonkeyPatch, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ILRS_DATABASE_URL", sqlite_url)
    store = Store(sqlite_url)
    store.migrate()
    try:
        weak = _item(RUMOUR, "joined", datetime(2026, 1, 5, tzinfo=UTC), confidence="low")
        store.ingest([weak], policy="live", run_id="r1", now=NOW)
        store.ingest([_corrected(weak)], policy="live", run_id="r2", now=NOW + timedelta(days=1))
    finally:
        store.close()

    assert main(["changes"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "2026-12-02  ILRS: Nicaragua joined (retracted by its source)  [confidence low]",
        "2026-12-03  ILRS: Nicaragua no longer reported as joined (retracted by its source)  [confidence low]",
    ]
    assert main(["state", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["status"], row["confidence"], row["retracted"]) == ("retracted", "low", "2026-12-03")
    assert main(["state"]) == 0
    assert "1 retracted" in capsys.readouterr().out
