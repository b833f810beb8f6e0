"""Issue 3's scenario, end to end through the Prefect flows, against real local servers and real databases."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from flows import tasks
from flows.baseline import baseline
from flows.monitor import monitor
from pipeline import monitor as stages
from pipeline.settings import Settings
from pipeline.store import Store
from tests.localserver import LocalServer, Request, Response
from tests.scenario import serve_scenario

SECRET = "s3cr3t-t0ken"


class Hook:
    """A notification endpoint that apprise's json:// plugin posts to; it can be switched off."""

    def __init__(self, server: LocalServer) -> None:
        self.server = server
        self.up = True
        self.received: list[dict] = []
        server.route("/hook", self._handle)

    def _handle(self, request: Request) -> Response:
        if not self.up:
            return Response(503, b"down for maintenance")
        self.received.append(json.loads(request.body))
        return Response(200, b"ok")

    @property
    def url(self) -> str:
        return f"json://ilrs:{SECRET}@127.0.0.1:{self.server.port}/hook"


@pytest.fixture
def outlets() -> Iterator[list[LocalServer]]:
    servers = [LocalServer().start() for _ in range(4)]
    yield servers
    for srv in servers:
        srv.stop()


@pytest.fixture
def hook() -> Iterator[Hook]:
    with LocalServer() as srv:
        yield Hook(srv)


@pytest.fixture
def feeds_file(tmp_path: Path, outlets: list[LocalServer]) -> Path:
    scenario = serve_scenario(*outlets)
    path = tmp_path / "feeds.yaml"
    path.write_text(f"feeds:\n  - url: {scenario.feed_url}\n    name: Space policy wire\n")
    return path


@pytest.fixture
def environment(
    monkeypatch: pytest.MonkeyPatch, db_url: str, feeds_file: Path, hook: Hook, prefect_harness: None
) -> Settings:
    values = {
        "ILRS_DATABASE_URL": db_url,
        "ILRS_FEEDS_FILE": str(feeds_file),
        "ILRS_APPRISE_URLS": hook.url,
        "ILRS_ALLOW_PRIVATE_NETWORKS": "1",
        "ILRS_TASK_RETRIES": "0",
        "ILRS_DELIVERY_BACKOFF_SECONDS": "0",  # a failed delivery is due again on the very next run
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return Settings.from_env()


def _register(settings: Settings) -> dict[str, object]:
    store = Store(settings.database())
    try:
        return {e.key: e for e in store.register()}
    finally:
        store.close()


def test_one_accession_three_articles_one_alert(environment: Settings, hook: Hook, outlets: list[LocalServer]) -> None:
    assert baseline().alerts_queued == 0
    first = monitor()

    assert len(hook.received) == 1, hook.received
    message = hook.received[0]
    assert "Kazakhstan" in message["title"]
    assert "joined" in message["message"]
    assert "2 independent sources" in message["message"]
    assert [c.name for c in first.changes] == ["Kazakhstan"]
    kazakhstan = _register(environment)["country:KZ"]
    assert (kazakhstan.value, kazakhstan.sources) == ("joined", 2)
    assert kazakhstan.first_seen is not None and kazakhstan.first_seen.date().isoformat() == "2026-11-23"

    second = monitor()
    assert len(hook.received) == 1
    assert second.feeds_not_modified == 1 and not second.changes
    last_feed_request = outlets[0].hits("/feeds/space.xml")[-1]
    assert last_feed_request.headers.get("if-none-match")


def _pending_alerts(settings: Settings) -> int:
    with Store(settings.database()) as store:
        return stages.pending_alerts(store)


def test_alert_waits_in_the_outbox_while_the_endpoint_is_down(environment: Settings, hook: Hook) -> None:
    baseline()
    hook.up = False
    down = monitor()
    assert down.alerts_failed == 1 and not hook.received
    assert _pending_alerts(environment) == 1

    hook.up = True
    monitor()
    monitor()
    assert len(hook.received) == 1
    assert "Kazakhstan" in hook.received[0]["title"]
    assert _pending_alerts(environment) == 0


def test_two_monitors_at_the_same_moment_alert_once(environment: Settings, hook: Hook) -> None:
    baseline()
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            monitor()
        except BaseException as exc:  # surfaced below; a thread swallows it otherwise
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(hook.received) == 1
    assert _register(environment)["country:KZ"].value == "joined"


def test_no_secret_in_logs_outbox_or_summary(
    environment: Settings, hook: Hook, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    baseline()
    hook.up = False
    summary = monitor()
    store = Store(environment.database())
    try:
        errors = [item.last_error or "" for item in store.outbox()]
    finally:
        store.close()
    assert errors and all(SECRET not in e for e in errors)
    assert SECRET not in caplog.text
    assert SECRET not in repr(summary) and SECRET not in repr(environment)


def test_a_run_that_dies_before_ingesting_loses_no_entry(environment: Settings, hook: Hook) -> None:
    baseline()
    configs = stages.load_feed_configs(environment)
    with Store(environment.database()) as store:
        triaged = stages.triage(store, tasks.poll_feeds.fn(store, environment, configs))
        assert len(triaged.relevant) == 3
        tasks.fetch_and_extract.fn(store, environment, list(triaged.relevant))
    # ...and the run dies here, before ingest. The feed answers 304 from now on, so only the entries the
    # store kept as pending can bring the story back.
    after = monitor()
    assert after.feeds_not_modified == 1
    assert [c.name for c in after.changes] == ["Kazakhstan"]
    assert len(hook.received) == 1
