"""Issue 3: every kind of broken feed, in one monitor run through the Prefect flow. The run completes, the good
feed is processed, and each bad feed's health is recorded and reported."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

import pytest

from flows.monitor import monitor
from pipeline.settings import Settings
from pipeline.store import Store
from tests.localserver import LocalServer, Response
from tests.scenario import rss

ITEM = {
    "title": "Mongolia weighs a role in the lunar research station",
    "link": "http://127.0.0.1:9/not-fetched",
    "guid": "mongolia-1",
    "date": "Mon, 23 Nov 2026 08:00:00 GMT",
    "summary": "Mongolia has expressed interest in the International Lunar Research Station.",
}
GOOD = rss([ITEM])
BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<rss version="2.0"><channel><title>&d;&d;&d;&d;&d;&d;&d;&d;</title></channel></rss>"""


def _huge() -> Iterator[bytes]:
    chunk = b"<item>" + b"x" * (1024 * 1024 - 6)
    for _ in range(200):
        yield chunk


FAULTS: dict[str, Response] = {
    "/ok.xml": Response(200, GOOD, {"Content-Type": "application/rss+xml"}),
    "/gone.xml": Response(410, b"gone"),
    "/missing.xml": Response(404, b"not here"),
    "/busy.xml": Response(429, b"slow down", {"Retry-After": "3600"}),
    "/broken.xml": Response(500, b"oops"),
    "/slow.xml": Response(200, GOOD, delay=3.0),
    "/truncated.xml": Response(200, GOOD[: len(GOOD) // 2], {"Content-Type": "application/rss+xml"}),
    "/malformed.xml": Response(200, b"<rss><channel><item><title>half", {"Content-Type": "application/rss+xml"}),
    "/gzip.xml": Response(
        200, gzip.compress(GOOD), {"Content-Type": "application/rss+xml", "Content-Encoding": "gzip"}
    ),
    "/moved-1.xml": Response(301, b"", {"Location": "/moved-2.xml"}),
    "/moved-2.xml": Response(301, b"", {"Location": "/ok.xml"}),
    "/bomb.xml": Response(200, BOMB, {"Content-Type": "application/rss+xml"}),
    "/huge.xml": Response(200, _huge(), {"Content-Type": "application/rss+xml"}),
}


@pytest.fixture
def settings(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, sqlite_url: str, server: LocalServer, prefect_harness: None
) -> Settings:
    for path, response in FAULTS.items():
        server.route(path, response)
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text("feeds:\n" + "".join(f"  - url: {server.url(p)}\n" for p in FAULTS if p != "/moved-2.xml"))
    for name, value in {
        "ILRS_DATABASE_URL": sqlite_url,
        "ILRS_FEEDS_FILE": str(feeds),
        "ILRS_ALLOW_PRIVATE_NETWORKS": "1",
        "ILRS_TASK_RETRIES": "0",
        "ILRS_READ_TIMEOUT": "1",
        "ILRS_APPRISE_URLS": "json://127.0.0.1:9/unused",
    }.items():
        monkeypatch.setenv(name, value)
    return Settings.from_env()


def test_every_feed_fault_leaves_the_run_complete_and_the_health_recorded(
    settings: Settings, server: LocalServer
) -> None:
    summary = monitor()

    store = Store(settings.database())
    try:
        health = {url.rsplit("/", 1)[-1]: state for url, state in store.feed_states().items()}
    finally:
        store.close()
    problems = {p.url.rsplit("/", 1)[-1]: p for p in summary.feed_problems}

    assert summary.feeds_polled == len(FAULTS) - 1
    # A malformed feed gives what it holds (here, one entry): not a failure.
    for good in ("ok.xml", "gzip.xml", "moved-1.xml", "malformed.xml"):
        assert health[good].failures == 0 and good not in problems, good
    assert health["moved-1.xml"].current_url.endswith("/ok.xml")  # 301 chain: the feed moved
    assert health["gone.xml"].disabled
    assert health["busy.xml"].not_before is not None and health["busy.xml"].last_status == 429
    for bad in ("missing.xml", "broken.xml", "slow.xml", "bomb.xml", "huge.xml", "busy.xml"):
        assert health[bad].failures >= 1 and health[bad].last_error, bad
        assert bad in problems, bad
    assert "cap" in (health["huge.xml"].last_error or "")
    assert summary.feeds_disabled == 1 and summary.feeds_failed == 7
    # Four feeds carry the same good entry; it is an entry of each feed, processed once per feed.
    assert summary.relevant_entries >= 1
