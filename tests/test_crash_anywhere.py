"""Crash at any point, lose nothing: a monitor run killed at each of its commit and send boundaries in turn,
then run again, alerts every change of a clean run exactly once per target (on SQLite and PostgreSQL).

The one moment that can repeat an alert is between a target accepting it and our commit of that: the
at-least-once window of any outbox. A kill there sends that one alert to that one target twice, and nothing else.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import SecretStr

from pipeline import articles
from pipeline.entities import extract
from pipeline.settings import Settings
from tests import crashes
from tests.conftest import reset_schema
from tests.localserver import LocalServer, Request, Response
from tests.scenario import conditional, page, rss

COUNTRIES = ("Mongolia", "Nepal")
LEASE = 120.0


class Targets:
    """Two apprise json:// targets on one local server; what each received, by title."""

    def __init__(self, server: LocalServer) -> None:
        self.received: dict[str, list[str]] = {"one": [], "two": []}
        self.urls = tuple(f"json://127.0.0.1:{server.port}/{name}" for name in self.received)
        for name in self.received:
            server.route(f"/{name}", self._receiver(name))

    def _receiver(self, name: str):  # noqa: ANN202
        def handle(request: Request) -> Response:
            self.received[name].append(json.loads(request.body)["title"])
            return Response(200, b"ok")

        return handle

    def clear(self) -> None:
        for titles in self.received.values():
            titles.clear()

    def counts(self) -> dict[str, Counter[str]]:
        return {name: Counter(titles) for name, titles in self.received.items()}


def _serve(server: LocalServer) -> str:
    items = []
    for country in COUNTRIES:
        paragraph = (
            f"{country} signed an agreement to join the International Lunar Research Station on 30 November 2026, "
            "its government said."  # an explicit, dated act: sure, so it alerts live
        )
        body = page(f"{country} joins the ILRS", [paragraph], site="Wire", byline="Staff",
                    published=datetime(2026, 11, 30, tzinfo=UTC))  # fmt: skip
        server.route(f"/{country.lower()}", Response(200, body, {"Content-Type": "text/html; charset=utf-8"}))
        items.append({"title": f"{country} joins the International Lunar Research Station",
                      "link": server.url(f"/{country.lower()}"), "guid": country,
                      "date": "Mon, 30 Nov 2026 09:00:00 GMT", "summary": "The ILRS."})  # fmt: skip
    server.route("/feed.xml", conditional(rss(items), "application/rss+xml"))  # answers 304 once it was read
    return server.url("/feed.xml")


def _warm(server: LocalServer) -> None:
    """Extract each page once here: the language data loads once, and every forked run starts with it."""
    for country in COUNTRIES:
        body = server.routes[f"/{country.lower()}"].body  # type: ignore[union-attr]
        document = articles.from_html(body, server.url(f"/{country.lower()}"))
        extract(document.text, title=document.title, language=document.language)


def _fresh(url: str, tmp_path: Path, trial: int) -> str:
    if url.startswith("sqlite"):
        path = tmp_path / f"trial-{trial}.sqlite3"
        path.touch()
        return f"sqlite:///{path}"
    reset_schema(url)
    return url


@pytest.mark.parametrize("alert_mode", ["change", "digest"])
def test_a_run_killed_at_any_commit_or_send_boundary_loses_and_repeats_nothing(
    db_url: str, server: LocalServer, tmp_path: Path, alert_mode: str
) -> None:
    targets = Targets(server)
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(f"feeds:\n  - url: {_serve(server)}\n")
    _warm(server)

    def settings(url: str) -> Settings:
        return Settings(database_url=SecretStr(url), feeds_file=feeds, apprise_urls=tuple(map(SecretStr, targets.urls)),
                        allow_private_networks=True, alert_mode=alert_mode, delivery_lease_seconds=LEASE,
                        task_retries=0, seeds_dir=tmp_path / "no-baseline")  # type: ignore[arg-type]  # fmt: skip

    code, boundaries = crashes.run(settings(_fresh(db_url, tmp_path, 0)))
    assert code == crashes.FINISHED
    clean = targets.counts()
    alerts = 1 if alert_mode == "digest" else len(COUNTRIES)
    assert all(sum(c.values()) == alerts and set(c.values()) == {1} for c in clean.values()), clean
    assert sum("before send" in b for b in boundaries) == 2 * alerts

    for n, boundary in enumerate(boundaries, 1):
        targets.clear()
        trial = settings(_fresh(db_url, tmp_path, n))
        killed, _ = crashes.run(trial, die_at=n)
        assert killed == crashes.KILLED, f"the run did not die at boundary {boundary}"
        rerun, _ = crashes.run(trial, clock_shift=timedelta(seconds=LEASE + 60))
        assert rerun == crashes.FINISHED, f"the run after a kill at {boundary} failed"
        got = targets.counts()
        if "after send" in boundary:  # accepted, not yet recorded: that one alert reaches that target twice
            title = boundary.split("after send ", 1)[1]
            repeated = [(name, t) for name, c in got.items() for t, k in c.items() if k > 1]
            assert len(repeated) == 1 and repeated[0][1] == title, (boundary, got)
            got = {name: Counter(set(c.elements())) for name, c in got.items()}
        assert got == clean, f"killed at boundary {n} ({boundary}): {got} instead of {clean}"
