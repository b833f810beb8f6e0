"""Issue 2's register: the baseline corpus alone, on SQLite and PostgreSQL, through the Prefect flow."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from flows.baseline import baseline
from flows.monitor import monitor
from pipeline.settings import Settings
from pipeline.store import Store
from tests.localserver import LocalServer
from tests.scenario import serve_accessions
from tests.test_alerts import Hook

JOINED = {
    "Russia",
    "China",
    "Belarus",
    "Pakistan",
    "Azerbaijan",
    "Venezuela",
    "Thailand",
    "Serbia",
    "Nicaragua",
    "Senegal",
    "Djibouti",
    "Bolivia",
    "Egypt",
    "Ethiopia",
    "South Africa",
}
MISSIONS = {"Luna-26", "Luna-27", "Luna-28", "Luna-29", "Luna-30", "ILRS"}


@pytest.fixture
def settings(monkeypatch: pytest.MonkeyPatch, db_url: str, prefect_harness: None) -> Settings:
    monkeypatch.setenv("ILRS_DATABASE_URL", db_url)
    monkeypatch.setenv("ILRS_APPRISE_URLS", "json://127.0.0.1:9/never-called")
    return Settings.from_env()


def _state(settings: Settings):
    store = Store(settings.database())
    try:
        return store.register(), store.outbox(), store.changes()
    finally:
        store.close()


def test_the_baseline_register_is_exactly_what_the_seeds_say(settings: Settings) -> None:
    summary = baseline()
    register, outbox, _ = _state(settings)
    partners = {e.name: e for e in register if e.entity == "partner"}
    missions = {e.name: e for e in register if e.entity == "mission"}

    assert {n for n, e in partners.items() if e.value == "joined"} == JOINED
    assert {n: e.value for n, e in partners.items() if e.value != "joined"} == {"ESA": "negotiating"}
    assert set(missions) == MISSIONS
    station = missions["ILRS"]
    assert (station.value, station.site) == ("2030", "lunar south pole")
    assert summary.alerts_queued == 0 and outbox == []


def test_every_fact_carries_its_evidence(settings: Settings) -> None:
    baseline()
    register, _, _ = _state(settings)
    for entry in register:
        assert entry.evidence.quote and entry.source_url.startswith("seed:")
        assert entry.sources >= 1
    founders = {e.name: e for e in register if e.name in {"Russia", "China"}}
    assert {e.signatory for e in founders.values()} >= {"Roscosmos"}


def test_dated_seeds_date_their_facts(settings: Settings) -> None:
    baseline()
    register, _, _ = _state(settings)
    pakistan = next(e for e in register if e.name == "Pakistan")
    assert pakistan.first_seen is not None and pakistan.first_seen.date().isoformat() == "2025-04-29"


def test_undated_seeds_date_the_founding_from_their_own_text(settings: Settings) -> None:
    """ESA's first-seen date is when it happened (2021), read from the undated seed's text; the founders' is the
    earliest source that tells their memorandum (2021 too, from its date header)."""
    baseline()
    register, _, _ = _state(settings)
    entries = {e.name: e for e in register}
    assert entries["ESA"].first_seen is not None and entries["ESA"].first_seen.year == 2021
    assert entries["ESA"].first_seen_basis == "text"
    for name in ("China", "Russia"):
        assert entries[name].first_seen is not None and entries[name].first_seen.year == 2021, name


def test_a_second_baseline_changes_nothing_and_alerts_nothing(settings: Settings) -> None:
    baseline()
    before = _state(settings)
    again = baseline()
    after = _state(settings)
    assert again.changes == () and again.alerts_queued == 0
    assert [(e.key, e.value, e.sources) for e in before[0]] == [(e.key, e.value, e.sources) for e in after[0]]
    assert len(before[2]) == len(after[2]) and after[1] == []


def test_a_monitor_on_an_empty_register_loads_the_baseline_first_and_alerts_none_of_its_members(
    monkeypatch: pytest.MonkeyPatch, sqlite_url: str, server: LocalServer, tmp_path: Path, prefect_harness: None
) -> None:
    """The schedule starts before anyone runs `baseline`: long-standing members are still not news."""
    with LocalServer() as hooks:
        hook = Hook(hooks)
        accessions = [(datetime(2026, 11, 2, tzinfo=UTC), "Serbia"), (datetime(2026, 11, 3, tzinfo=UTC), "Laos")]
        feeds = serve_accessions(server, tmp_path, accessions)
        for name, value in {"ILRS_DATABASE_URL": sqlite_url, "ILRS_FEEDS_FILE": str(feeds),
                            "ILRS_APPRISE_URLS": hook.url, "ILRS_ALLOW_PRIVATE_NETWORKS": "1",
                            "ILRS_TASK_RETRIES": "0"}.items():  # fmt: skip
            monkeypatch.setenv(name, value)
        summary = monitor()
        assert [m["title"] for m in hook.received] == ["ILRS: Laos joined"]
    assert [c.name for c in summary.changes] == ["Laos"]
    assert any("loaded it first, quietly" in note for note in summary.notes)
    register, outbox, changes = _state(Settings.from_env())
    assert {e.name for e in register if e.value == "joined"} >= JOINED and len(outbox) == 1
    with Store(Settings.from_env().database()) as store:
        serbia = store.history("country:RS")
    # The baseline's own step comes first, dated by its seed, not by today's story.
    assert serbia and serbia[0]["new"] == "joined" and serbia[0]["at"].year < 2026
    assert baseline().changes == ()  # loading it again later changes nothing
