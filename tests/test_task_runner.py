"""Issue 4's scale-out path: the task runner is a setting, and the monitor runs on it without code changes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from flows.common import task_runner
from flows.monitor import monitor
from pipeline.settings import Settings
from tests.localserver import LocalServer, Response
from tests.scenario import page, rss

ARTICLE = page(
    "Laos signs up to the lunar research station",
    ["Laos signed an agreement on joining the International Lunar Research Station in Vientiane on Monday."],
    site="Mekong Times",
    byline="By staff",
    published=datetime(2026, 11, 20, tzinfo=UTC),
)


@pytest.fixture
def settings(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, sqlite_url: str, server: LocalServer, prefect_harness: None
) -> Settings:
    server.route("/laos.html", Response(200, ARTICLE, {"Content-Type": "text/html"}))
    item = {
        "title": "Laos joins the ILRS",
        "link": server.url("/laos.html"),
        "guid": "laos-1",
        "date": "Mon, 23 Nov 2026 08:00:00 GMT",
        "summary": "Laos signed an ILRS agreement.",
    }
    server.route("/feed.xml", Response(200, rss([item]), {"Content-Type": "application/rss+xml"}))
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(f"feeds:\n  - url: {server.url('/feed.xml')}\n")
    for name, value in {
        "ILRS_DATABASE_URL": sqlite_url,
        "ILRS_FEEDS_FILE": str(feeds),
        "ILRS_ALLOW_PRIVATE_NETWORKS": "1",
        "ILRS_TASK_RETRIES": "0",
        "ILRS_ALERT_MODE": "digest",
        # A runner of processes: tasks and their arguments must cross a process boundary, as on Dask or Ray.
        "ILRS_TASK_RUNNER": "prefect.task_runners.ProcessPoolTaskRunner",
        "ILRS_APPRISE_URLS": "json://127.0.0.1:9/unused",
    }.items():
        monkeypatch.setenv(name, value)
    return Settings.from_env()


def test_the_task_runner_is_built_from_settings(settings: Settings) -> None:
    assert type(task_runner(settings)).__name__ == "ProcessPoolTaskRunner"
    assert task_runner(Settings(task_runner=None)) is None


def test_the_monitor_runs_on_the_configured_runner(settings: Settings) -> None:
    summary = monitor()
    assert summary.feeds_polled == 1 and summary.articles_fetched == 1
    assert [c.name for c in summary.changes] == ["Laos"]
