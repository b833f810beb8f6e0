"""Issue 8: triage reads words. Mission and programme names match with their real spellings, so everyday words
that contain them ("change", "Luna Park") never send us fetching pages."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import pytest

from flows import tasks
from pipeline import monitor as stages
from pipeline.entities import may_be_relevant
from pipeline.settings import Settings
from pipeline.store import Store
from tests.localserver import LocalServer, Response
from tests.scenario import rss

WHEN = datetime(2026, 11, 30, 8, tzinfo=UTC)
OFF_TOPIC = [
    ("Currency exchange rates change again", "Markets shrug as the central bank leaves rates unchanged."),
    ("Climate change summit ends", "Delegates agree to meet again next year."),
    ("Luna Park reopens after repairs", "The fairground's rides are back in time for the holidays."),
]
ON_TOPIC = [
    ("Chang'e-7 lander passes its final tests", "The probe will carry instruments from several countries."),
    ("Change-8 launch window set", "China's space agency names a date for the mission."),
    ("Luna-26 orbiter shipped to Baikonur", "Roscosmos says the spacecraft is ready."),
    ("Лунная станция: новые участники", "Роскосмос сообщил о переговорах."),
]


@pytest.mark.parametrize(("title", "summary"), OFF_TOPIC)
def test_everyday_words_are_not_missions(title: str, summary: str) -> None:
    assert not may_be_relevant(f"{title}\n{summary}")


@pytest.mark.parametrize(("title", "summary"), ON_TOPIC)
def test_mission_and_programme_names_are(title: str, summary: str) -> None:
    assert may_be_relevant(f"{title}\n{summary}")


def test_a_monitor_pass_fetches_only_the_lunar_entries(db_url: str, server: LocalServer, tmp_path: Path) -> None:
    items = []
    for n, (title, summary) in enumerate(OFF_TOPIC + ON_TOPIC):
        path = f"/story/{n}"
        server.route(path, Response(200, f"<html><body><p>{summary}</p></body></html>".encode(),
                                    {"Content-Type": "text/html"}))
        items.append({"title": title, "link": server.url(path), "guid": path, "date": format_datetime(WHEN),
                      "summary": summary})
    server.route("/feed.xml", Response(200, rss(items), {"Content-Type": "application/rss+xml"}))
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(f"feeds:\n  - url: {server.url('/feed.xml')}\n")
    settings = Settings(database_url=db_url, feeds_file=feeds, allow_private_networks=["127.0.0.0/8"])
    with Store(settings.database()) as store:
        stages.prepare(store)
        triaged = stages.triage(store, tasks.poll_feeds.fn(store, settings, stages.load_feed_configs(settings)))
        tasks.fetch_and_extract.fn(store, settings, list(triaged.relevant))

    fetched = {r.path for r in server.requests if r.path.startswith("/story/")}
    assert fetched == {f"/story/{n}" for n in range(len(OFF_TOPIC), len(OFF_TOPIC) + len(ON_TOPIC))}
