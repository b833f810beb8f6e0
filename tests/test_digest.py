"""The daily digest deployment: one notification for the day's alertable changes, never the baseline's."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from flows.baseline import baseline
from flows.digest import daily_digest
from pipeline import articles
from pipeline import monitor as stages
from pipeline.settings import Settings
from pipeline.store import Store
from tests.localserver import LocalServer, Request, Response


@pytest.fixture
def received(
    monkeypatch: pytest.MonkeyPatch, sqlite_url: str, server: LocalServer, prefect_harness: None
) -> Iterator[list[dict]]:
    messages: list[dict] = []

    def hook(request: Request) -> Response:
        messages.append(json.loads(request.body))
        return Response(200, b"ok")

    server.route("/hook", hook)
    monkeypatch.setenv("ILRS_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("ILRS_APPRISE_URLS", f"json://127.0.0.1:{server.port}/hook")
    yield messages


def test_one_digest_a_day_of_the_days_changes(received: list[dict]) -> None:
    baseline()  # fifteen partners and six missions recorded today, with the policy `none`
    settings = Settings.from_env()
    text = "Laos signed an agreement on joining the International Lunar Research Station in Vientiane."
    doc = articles.from_text(text, "https://news.example/laos", origin="url", published=datetime.now(UTC))
    with Store(settings.database()) as store:
        stages.ingest(store, stages.extract([doc]), policy="digest", run_id="monitor-1")

    first = daily_digest()
    assert first.alerts_queued == 1 and len(received) == 1
    assert "Laos" in received[0]["message"] and "Belarus" not in received[0]["message"]

    again = daily_digest()
    assert again.alerts_queued == 0 and len(received) == 1  # the day's digest went out once
