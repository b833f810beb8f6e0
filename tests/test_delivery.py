"""Issue 8: delivery per target (exactly once to a target that accepts, back-off and parking for one that
does not) and document identity (a page elsewhere cannot take over a stored article), against real local
servers (an apprise json:// receiver, a closed port) and both databases."""

from __future__ import annotations

import json
import logging
import socket
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from pydantic import SecretStr

from flows import cli, tasks
from flows.tail import delivery_notes
from pipeline import alerts, articles
from pipeline import monitor as stages
from pipeline.records import FeedEntry
from pipeline.settings import Settings
from pipeline.store import Store
from tests.localserver import LocalServer, Request, Response

SECRET = "pa55-for-the-hook"
TEXT = (
    "Laos signed an agreement on joining the International Lunar Research Station on Monday, the country's "
    "science ministry said in Vientiane."
)


class Receiver:
    """A notification endpoint for apprise's json:// plugin that records every POST it accepts."""

    def __init__(self, server: LocalServer, path: str) -> None:
        self.received: list[dict] = []
        self.url = f"json://ilrs:{SECRET}@127.0.0.1:{server.port}{path}"
        server.route(path, self._handle)

    def _handle(self, request: Request) -> Response:
        self.received.append(json.loads(request.body))
        return Response(200, b"ok")


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def good(server: LocalServer) -> Receiver:
    return Receiver(server, "/good")


@pytest.fixture
def settings(db_url: str, tmp_path: Path, good: Receiver) -> Settings:
    """An apprise config of two targets, the second on a port where nobody listens."""
    config = tmp_path / "apprise.yml"
    config.write_text(f"urls:\n  - {good.url}\n  - json://ilrs:{SECRET}@127.0.0.1:{closed_port()}/down\n")
    settings = Settings(
        database_url=SecretStr(db_url),
        apprise_config=config,
        delivery_max_attempts=3,
        delivery_backoff_seconds=0,  # every run may retry: the test is about counts, not waiting
        allow_private_networks=True,
    )
    return settings


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    with Store(settings.database()) as store:
        tasks.prepare_database.fn(store)
        yield store


def _queue_one_change(store: Store) -> str:
    document = articles.from_text(TEXT, "https://news.example/laos-ilrs", origin="url")
    result = tasks.ingest.fn(store, tasks.extract_documents.fn([document]), "live", "run-0")
    (change,) = result.changes
    return change.change_id


def _deliveries(settings: Settings) -> dict[str, tuple[str, int]]:
    with Store(settings.database()) as store:
        return {d.target.rsplit("/", 1)[-1]: (d.status, d.attempts) for d in store.deliveries()}


def test_two_targets_one_down_the_good_one_gets_exactly_one_copy_over_three_runs(
    settings: Settings, store: Store, good: Receiver
) -> None:
    _queue_one_change(store)
    reports = [tasks.deliver_alerts.fn(store, settings, f"run-{n}") for n in (1, 2, 3)]

    assert len(good.received) == 1 and good.received[0]["title"] == "ILRS: Laos joined"
    assert [(r.sent, r.failed, r.dead) for r in reports] == [(1, 1, 0), (0, 1, 0), (0, 0, 1)]
    assert _deliveries(settings) == {"good": ("sent", 0), "down": ("dead", 3)}
    with Store(settings.database()) as store:
        (item,) = store.outbox()
        assert item.status == "dead" and item.last_error and "delivery failed" in item.last_error
    notes = delivery_notes(store, reports[0])
    assert any(n.endswith("/good: 1 sent, 0 failed, 0 dead") for n in notes)
    assert any(n.endswith("/down: 0 sent, 1 failed, 0 dead") for n in notes)
    assert any("parked as dead" in n for n in delivery_notes(store, reports[2]))
    assert not any(SECRET in n for r in reports for n in [*delivery_notes(store, r), *r.errors])


def test_a_dead_target_is_listed_and_rearmed_by_the_outbox_command(
    settings: Settings,
    store: Store,
    good: Receiver,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    alert_id = _queue_one_change(store)
    for n in (1, 2, 3):
        tasks.deliver_alerts.fn(store, settings, f"run-{n}")
    monkeypatch.setenv("ILRS_DATABASE_URL", settings.database())
    capsys.readouterr()

    assert cli.main(["outbox"]) == 0
    listing = capsys.readouterr().out
    (dead_line,) = [line for line in listing.splitlines() if line.startswith("dead")]
    assert alert_id in dead_line and "ILRS: Laos joined" in dead_line and "/down" in dead_line
    assert any(line.startswith("sent") and "/good" in line for line in listing.splitlines())
    assert SECRET not in listing and "1 dead, 1 sent" in listing

    assert cli.main(["outbox", "--retry"]) == 2  # neither an alert nor --dead: a one-line error
    assert cli.main(["outbox", "--retry", "--dead"]) == 0
    assert "re-armed 1 delivery" in capsys.readouterr().out
    assert _deliveries(settings) == {"good": ("sent", 0), "down": ("pending", 0)}

    again = tasks.deliver_alerts.fn(store, settings, "run-4")
    assert (again.sent, again.failed) == (0, 1) and len(good.received) == 1
    assert cli.main(["outbox", "--retry", alert_id]) == 0
    assert _deliveries(settings)["down"] == ("pending", 0)


def test_a_failed_target_waits_out_its_back_off(settings: Settings, store: Store, good: Receiver) -> None:
    _queue_one_change(store)
    patient = replace_settings(settings, delivery_backoff_seconds=3600)
    with Store(patient.database()) as store:
        now = stages.utcnow()
        first = alerts.deliver_pending(store, patient, "run-1", now)
        soon = alerts.deliver_pending(store, patient, "run-2", now + timedelta(minutes=30))
        later = alerts.deliver_pending(store, patient, "run-3", now + timedelta(minutes=61))
        (down,) = [d for d in store.deliveries() if d.target.endswith("/down")]
    assert [(r.sent, r.failed) for r in (first, soon, later)] == [(1, 1), (0, 0), (0, 1)]
    assert down.attempts == 2 and down.next_attempt == now + timedelta(minutes=61, hours=2)
    assert len(good.received) == 1


def replace_settings(settings: Settings, **changes: object) -> Settings:
    return settings.model_copy(update=changes)


def test_a_digest_goes_once_to_each_target(settings: Settings, store: Store, good: Receiver) -> None:
    text = "Serbia signed the memorandum on the International Lunar Research Station in Belgrade on 2 May 2026."
    document = articles.from_text(text, "https://news.example/serbia-ilrs", origin="url")
    result = tasks.ingest.fn(store, tasks.extract_documents.fn([document]), "digest", "run-d")
    assert tasks.queue_digest.fn(store, "digest:run-d", list(result.changes)) == 1
    for n in (1, 2):
        tasks.deliver_alerts.fn(store, settings, f"run-{n}")
    (digest,) = good.received
    assert digest["title"] == "ILRS: 1 change to the register"
    assert _deliveries(settings) == {"good": ("sent", 0), "down": ("pending", 2)}


def test_concurrent_runs_send_each_delivery_once(settings: Settings, store: Store, good: Receiver, db_url: str) -> None:
    for n, text in enumerate([TEXT, TEXT.replace("Laos", "Nepal"), TEXT.replace("Laos", "Chile")]):
        document = articles.from_text(text, f"https://news.example/{n}", origin="url")
        tasks.ingest.fn(store, tasks.extract_documents.fn([document]), "live", f"run-{n}")
    barrier = threading.Barrier(3)
    errors: list[BaseException] = []

    def run(owner: str) -> None:
        store = Store(db_url)
        try:
            barrier.wait()
            alerts.deliver_pending(store, settings, owner, stages.utcnow())
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=run, args=(f"owner-{i}",)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors
    assert logging.getLogger("apprise").propagate is True  # concurrent sends hand its logger back as it was
    assert sorted(m["title"] for m in good.received) == [
        "ILRS: Chile joined",
        "ILRS: Laos joined",
        "ILRS: Nepal joined",
    ]


def test_a_sender_that_died_after_sending_leaves_a_repeat_after_its_lease(
    settings: Settings, store: Store, good: Receiver
) -> None:
    """The one at-least-once window: accepted by the target, not yet recorded as sent."""
    alert_id = _queue_one_change(store)
    with Store(settings.database()) as store:
        now = stages.utcnow()
        targets = alerts.targets(settings)
        store.fan_out([(t.id, t.label) for t in targets], now)
        (good_target,) = [t for t in targets if t.label.endswith("/good")]
        assert store.claim_delivery(alert_id, good_target.id, "crashed-run", now, settings.delivery_lease_seconds)
        alerts.send_to(good_target, alerts.render_item(store, alert_id, "change", [alert_id]), settings)
        # ... and the run dies before `mark_delivered`.
        held = alerts.deliver_pending(store, settings, "next-run", now + timedelta(seconds=60))
        expired = alerts.deliver_pending(store, settings, "later-run", now + timedelta(minutes=6))
    assert (held.sent, expired.sent) == (0, 1)
    assert len(good.received) == 2


# --- document identity -----------------------------------------------------------------------------------

ARTICLE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Laos joins the lunar station</title>
<meta property="og:site_name" content="Mekong Space Review">
<meta property="article:published_time" content="2026-11-02T08:00:00+00:00">
</head><body><article><h1>Laos joins the lunar station</h1>
<p>{text}</p>
<p>Officials described the agreement as the start of a long programme of training and shared research, with
the first joint workshop planned for the spring and several students already selected to take part.</p>
<p>The ministry added that further details would be published once both sides had completed the formalities
that the agreement requires, and that it expected a busy year of cooperation ahead.</p>
</article></body></html>"""

WEATHER = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Cooler weekend ahead</title>
<meta property="og:site_name" content="Mekong Space Review">
<link rel="canonical" href="{canonical}">
</head><body><article><h1>Cooler weekend ahead</h1>
<p>Forecasters expect a cooler weekend across the region, with light rain on Saturday morning and clearer
skies by Sunday afternoon. Temperatures should climb again early next week as the wind turns south.</p>
<p>Farmers welcomed the rain after a dry month, and the river authority said water levels remained normal
for the season, with no warnings in force for any of the districts it monitors.</p>
</article></body></html>"""


@pytest.fixture
def hostile() -> Iterator[LocalServer]:
    with LocalServer() as srv:
        yield srv


def _fetch_and_ingest(store: Store, settings: Settings, link: str, run_id: str) -> None:
    entry = FeedEntry(feed_url="test:feed", entry_id=link, link=link, title="", summary="")
    processed = tasks.fetch_and_extract.fn(store, settings, [entry])
    assert not processed.failures
    stages.ingest(store, processed.pairs, policy="live", run_id=run_id, done=processed.done)


def test_a_page_elsewhere_whose_canonical_names_a_stored_article_changes_nothing(
    settings: Settings, store: Store, server: LocalServer, hostile: LocalServer
) -> None:
    server.route("/2026/laos", Response(200, ARTICLE.format(text=TEXT).encode(), {"content-type": "text/html"}))
    article_url = server.url("/2026/laos")
    _fetch_and_ingest(store, settings, article_url, "run-1")
    with Store(settings.database()) as store:
        before = ({d.url: d for d in store.documents()}, store.register(), store.changes())
    (stored,) = before[0].values()
    assert stored.url == article_url and stored.site == "127.0.0.1"
    assert [e.key for e in before[1]] == ["country:LA"]

    weather = WEATHER.format(canonical=article_url).encode()
    hostile.route("/weather", Response(200, weather, {"content-type": "text/html"}))
    _fetch_and_ingest(store, settings, hostile.url("/weather"), "run-2")

    with Store(settings.database()) as store:
        documents = {d.url: d for d in store.documents()}
        assert documents[article_url] == before[0][article_url]
        assert store.register() == before[1] and store.changes() == before[2]
        assert store.history() and all(h["key"] == "country:LA" for h in store.history())
    assert "Forecasters expect" in documents[hostile.url("/weather")].text


def test_a_page_credits_its_claims_to_the_host_it_came_from(
    settings: Settings, store: Store, hostile: LocalServer
) -> None:
    page = ARTICLE.format(text=TEXT).replace("Mekong Space Review", "Reuters")
    hostile.route("/laos", Response(200, page.encode(), {"content-type": "text/html"}))
    _fetch_and_ingest(store, settings, hostile.url("/laos"), "run-1")
    with Store(settings.database()) as store:
        (entry,) = store.register()
    assert entry.source_site == "127.0.0.1" and entry.source_url == hostile.url("/laos")
