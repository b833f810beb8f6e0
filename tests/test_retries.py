"""Issue 4's retries: transient failures are retried with back-off, permanent ones are not; task bodies
are tested directly with `.fn()`."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from prefect import flow, task
from pydantic import SecretStr

from flows import tasks
from flows.common import retrying
from pipeline import articles
from pipeline.errors import TransientError
from pipeline.http import HttpStatusError
from pipeline.settings import Settings
from pipeline.store import Store

SETTINGS = Settings(task_retries=2, retry_delay_seconds=0.01)


def _flaky(error: Exception, failures: int) -> tuple[list[int], object]:
    attempts: list[int] = []

    @task
    def work() -> str:
        attempts.append(1)
        if len(attempts) <= failures:
            raise error
        return "done"

    return attempts, work


def test_a_transient_failure_is_retried_until_it_succeeds(prefect_harness: None) -> None:
    attempts, work = _flaky(TransientError("503 from the feed host"), failures=2)

    @flow
    def run() -> str:
        return retrying(work, SETTINGS)()  # type: ignore[arg-type]

    assert run() == "done" and len(attempts) == 3


def test_a_permanent_failure_is_not_retried(prefect_harness: None) -> None:
    attempts, work = _flaky(HttpStatusError("https://example.org/feed: HTTP 404", 404), failures=5)

    @flow
    def run() -> str:
        return retrying(work, SETTINGS)()  # type: ignore[arg-type]

    with pytest.raises(HttpStatusError):
        run()
    assert len(attempts) == 1


def test_delivering_to_a_dead_endpoint_reports_instead_of_raising(tmp_path: Path) -> None:
    """A task retry would resend to every target that already accepted: the outbox retries instead."""
    settings = Settings(
        database_url=SecretStr(f"sqlite:///{tmp_path / 'db.sqlite3'}"), apprise_urls=(SecretStr("json://127.0.0.1:9/"),)
    )
    store = Store(settings.database())
    tasks.prepare_database.fn(store)
    text = "Laos signed an agreement on joining the International Lunar Research Station on Monday."
    when = datetime(2026, 11, 2, tzinfo=UTC)
    doc = articles.from_text(text, "https://news.example/laos", origin="url", published=when)
    queued = tasks.ingest.fn(store, tasks.extract_documents.fn([doc]), "live", "run-1")
    assert queued.alerts_queued == 1

    report = tasks.deliver_alerts.fn(store, settings, "run-1")
    store.close()
    assert (report.sent, report.failed, report.dead) == (0, 1, 0)
    assert report.errors and "delivery failed" in report.errors[0]
