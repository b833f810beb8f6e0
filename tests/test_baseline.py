"""Issue 2's register: the baseline corpus alone, on SQLite and PostgreSQL, through the Prefect flow."""

from __future__ import annotations

import pytest

from flows.baseline import baseline
from pipeline.settings import Settings
from pipeline.store import Store

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
