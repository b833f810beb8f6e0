"""Alerts: rendering, real apprise deliveries to a real local endpoint, the outbox, and the Atom feed."""

from __future__ import annotations

import base64
import json
import logging
import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
import pytest
from lxml import etree
from pydantic import SecretStr

from pipeline import alerts
from pipeline.errors import DeliveryError
from pipeline.records import Alert, Change, Document, Evidence, Extraction, MissionFinding, PartnerFinding
from pipeline.settings import Settings
from pipeline.store import Store
from tests.localserver import LocalServer, Request, Response

SECRET = "s3cret-hook-pass"
PATH_TOKEN = "tok9f8e7d6c5b4a3210"
NOW = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
QUOTE = "Pakistan has formally joined the International Lunar Research Station"


class Hook:
    """An endpoint apprise's json:// plugin posts to; it records what it received and can be switched off."""

    def __init__(self, server: LocalServer, path: str = "/hook") -> None:
        self.server = server
        self.path = path
        self.up = True
        self.received: list[dict] = []
        self.requests: list[Request] = []
        server.route(path, self._handle)

    def _handle(self, request: Request) -> Response:
        if not self.up:
            return Response(503, b"down for maintenance")
        self.requests.append(request)
        self.received.append(json.loads(request.body))
        return Response(200, b"ok")

    @property
    def url(self) -> str:
        return f"json://ilrs:{SECRET}@127.0.0.1:{self.server.port}{self.path}"


@pytest.fixture
def hook(server: LocalServer) -> Hook:
    return Hook(server)


def settings_for(*urls: str) -> Settings:
    return Settings(apprise_urls=tuple(SecretStr(u) for u in urls))


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def change(**overrides: object) -> Change:
    values: dict[str, object] = {
        "change_id": "0123456789abcdef0123456789abcdef",
        "change_type": "status_change",
        "entity_key": "country:PK",
        "entity": "partner",
        "name": "Pakistan",
        "kind": "country",
        "field": "status",
        "old_value": "negotiating",
        "new_value": "joined",
        "evidence": Evidence(QUOTE, 0, len(QUOTE)),
        "source_url": "https://www.orbital.example.com/2024/05/pakistan-ilrs",
        "sources": 3,
        "source_title": "Pakistan joins China's lunar research station",
        "source_site": "Orbital Times",
        "source_published": datetime(2024, 5, 3, 9, 30, tzinfo=UTC),
        "detected_at": NOW,
    }
    values.update(overrides)
    return Change(**values)  # type: ignore[arg-type]


# --- rendering -------------------------------------------------------------------------------------------


def test_render_change_says_what_moved_with_evidence_source_and_backing() -> None:
    c = change()
    alert = alerts.render_change(c)

    assert alert.alert_id == c.change_id and alert.change_ids == (c.change_id,)
    assert alert.title == "ILRS: Pakistan joined"
    body = alert.body
    assert "negotiating → joined" in body
    assert "status change" in body
    assert f"> {QUOTE}" in body
    assert (
        "[Pakistan joins China's lunar research station](https://www.orbital.example.com/2024/05/pakistan-ilrs)" in body
    )
    assert "Orbital Times" in body and "2024-05-03" in body
    assert "Backed by 3 independent sources." in body


def test_render_change_of_a_regression_and_of_a_single_source() -> None:
    body = alerts.render_change(
        change(change_type="status_regression", old_value="joined", new_value="withdrew", sources=1)
    ).body
    assert "joined → withdrew" in body and "step back" in body
    assert "Backed by 1 independent source." in body


def test_render_change_of_a_new_partner_and_an_undated_source() -> None:
    alert = alerts.render_change(
        change(change_type="new_partner", old_value=None, source_published=None, source_title=None)
    )
    assert "new partner — joined" in alert.body and "→" not in alert.body
    assert "undated" in alert.body
    assert "[https://www.orbital.example.com/2024/05/pakistan-ilrs](" in alert.body  # no title: the link names it


def test_render_change_of_a_mission_year() -> None:
    alert = alerts.render_change(
        change(
            change_type="year_change",
            entity_key="mission:Chang'e-8",
            entity="mission",
            name="Chang'e-8",
            kind="mission",
            field="year",
            old_value="2028",
            new_value="2029",
            sources=2,
        )
    )
    assert alert.title == "ILRS: mission Chang'e-8 (target 2029)"
    assert "2028 → 2029" in alert.body and "Backed by 2 independent sources." in alert.body


# --- sending through apprise -----------------------------------------------------------------------------


def test_send_delivers_title_and_body_to_a_json_endpoint(hook: Hook) -> None:
    alert = alerts.render_change(change())
    alerts.send(alert, settings_for(hook.url))

    (message,) = hook.received
    assert message["title"] == alert.title
    assert message["message"] == alert.body
    assert "Backed by 3 independent sources." in message["message"]
    expected = base64.b64encode(f"ilrs:{SECRET}".encode()).decode()
    assert hook.requests[0].headers["authorization"] == f"Basic {expected}"
    assert logging.getLogger("apprise").propagate is True  # apprise's logger is handed back as it was


@pytest.mark.parametrize("fmt", ["yaml", "text"])
def test_an_apprise_config_file_with_tags_notifies_only_the_tagged_target(
    server: LocalServer, tmp_path: Path, fmt: str
) -> None:
    ilrs, other = Hook(server, "/ilrs"), Hook(server, "/other")
    if fmt == "yaml":
        body = f"urls:\n  - {ilrs.url}:\n      tag: ilrs\n  - {other.url}:\n      tag: other\n"
    else:
        body = f"ilrs={ilrs.url}\nother={other.url}\n"
    config = tmp_path / f"apprise.{'yml' if fmt == 'yaml' else 'txt'}"
    config.write_text(body)

    alerts.send(alerts.render_change(change()), Settings(apprise_config=config, apprise_tag="ilrs"))

    assert len(ilrs.received) == 1 and other.received == []


def test_a_tag_that_matches_no_target_is_a_failure(server: LocalServer, tmp_path: Path) -> None:
    config = tmp_path / "apprise.txt"
    config.write_text(f"other={Hook(server, '/other').url}\n")
    with pytest.raises(DeliveryError, match="no notification target"):
        alerts.send(alerts.render_change(change()), Settings(apprise_config=config, apprise_tag="ilrs"))


def test_an_unreachable_endpoint_is_a_failure() -> None:
    settings = settings_for(f"json://ilrs:{SECRET}@127.0.0.1:{closed_port()}/hook")
    with pytest.raises(DeliveryError) as raised:
        alerts.send(alerts.render_change(change()), settings)
    assert SECRET not in str(raised.value)


def test_an_endpoint_answering_an_error_is_a_failure(hook: Hook) -> None:
    hook.up = False
    with pytest.raises(DeliveryError):
        alerts.send(alerts.render_change(change()), settings_for(hook.url))
    assert hook.received == []


def test_no_target_configured_is_a_failure() -> None:
    with pytest.raises(DeliveryError, match="no notification target"):
        alerts.send(alerts.render_change(change()), Settings())


# --- secrets ---------------------------------------------------------------------------------------------


def _all_text(report: alerts.DeliveryReport, store: Store, caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(
        [repr(report), *report.errors, *(i.last_error or "" for i in store.outbox()), caplog.text, repr(store)]
    )


@pytest.mark.parametrize("endpoint", ["down", "unreachable", "up"])
def test_no_secret_in_report_errors_outbox_or_logs(
    endpoint: str, hook: Hook, sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    hook.up = endpoint != "down"
    url = hook.url if endpoint != "unreachable" else f"json://ilrs:{SECRET}@127.0.0.1:{closed_port()}/hook"
    settings = settings_for(url)
    store = _store_with_changes(sqlite_url)
    try:
        try:
            alerts.send(Alert("a", "t", "b", ("a",)), settings)
        except DeliveryError as exc:
            assert endpoint != "up"
            assert SECRET not in str(exc) and SECRET not in repr(exc)
        report = alerts.deliver_pending(store, settings, "sender", NOW)
        assert (report.sent, report.failed) == ((2, 0) if endpoint == "up" else (0, 2))
        text = _all_text(report, store, caplog)
    finally:
        store.close()
    assert SECRET not in text
    assert f"ilrs:{SECRET}" not in text
    assert SECRET not in repr(settings) and SECRET not in settings.model_dump_json()


def test_apprise_warnings_are_redacted() -> None:
    secrets = alerts.secret_parts(settings_for(f"json://ilrs:{SECRET}@127.0.0.1:9/x/{PATH_TOKEN}?token=abcd1234"))
    message = f"Failed to reach json://ilrs:{SECRET}@127.0.0.1:9/x/{PATH_TOKEN}; {SECRET}; {PATH_TOKEN}; abcd1234"
    redacted = alerts.redact(message, secrets)
    for secret in (SECRET, PATH_TOKEN, "abcd1234"):
        assert secret not in redacted


def test_a_token_in_the_url_path_never_reaches_the_logs(server: LocalServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    hook = Hook(server, f"/hooks/{PATH_TOKEN}")
    alerts.send(alerts.render_change(change()), settings_for(f"json://127.0.0.1:{server.port}/hooks/{PATH_TOKEN}"))
    assert len(hook.received) == 1
    assert PATH_TOKEN not in caplog.text


# --- the outbox ------------------------------------------------------------------------------------------


def _store_with_changes(url: str) -> Store:
    text = "Pakistan has formally joined the International Lunar Research Station. Chang'e-8 will launch in 2028."
    document = Document(
        url="https://www.orbital.example.com/2024/05/pakistan-ilrs",
        text=text,
        fingerprint="3eeceedb59fa1fef",
        origin="feed",
        title="Pakistan joins China's lunar research station",
        published=datetime(2024, 5, 3, 9, 30, tzinfo=UTC),
        site="Orbital Times",
    )
    extraction = Extraction(
        relevant=True,
        language="en",
        # Sure findings (an explicit act, a firm date): they alert live.
        partners=(PartnerFinding("country:PK", "Pakistan", "country", "joined", Evidence(QUOTE, 0, len(QUOTE)),
                                 confidence="high"),),
        missions=(MissionFinding("mission:Chang'e-8", "Chang'e-8", 2028, Evidence(text[71:], 71, len(text)),
                                 confidence="high"),),
    )
    store = Store(url)
    store.migrate()
    store.ingest([(document, extraction)], policy="live", run_id="run-1", now=NOW)
    return store


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    store = _store_with_changes(db_url)
    yield store
    store.close()


def test_deliver_pending_sends_each_item_once(store: Store, hook: Hook) -> None:
    settings = settings_for(hook.url)
    report = alerts.deliver_pending(store, settings, "sender-1", NOW)

    assert (report.sent, report.failed, report.dead, report.errors) == (2, 0, 0, ())
    (target,) = report.targets
    assert target == alerts.TargetReport(f"json://127.0.0.1:{hook.server.port}/hook", sent=2)
    assert sorted(m["title"] for m in hook.received) == [
        "ILRS: Pakistan joined",
        "ILRS: mission Chang'e-8 (target 2028)",
    ]
    assert all("Backed by 1 independent source." in m["message"] for m in hook.received)
    assert {i.status for i in store.outbox()} == {"sent"}
    assert all(i.sent_at is not None for i in store.outbox())

    again = alerts.deliver_pending(store, settings, "sender-2", NOW + timedelta(hours=1))
    assert (again.sent, again.failed, again.errors) == (0, 0, ())
    assert len(hook.received) == 2


def test_a_failed_delivery_waits_in_the_outbox_for_the_next_run(store: Store, hook: Hook) -> None:
    settings = settings_for(hook.url)
    hook.up = False
    down = alerts.deliver_pending(store, settings, "sender-1", NOW)
    assert (down.sent, down.failed, len(down.errors)) == (0, 2, 2)
    assert {(i.status, i.attempts) for i in store.outbox()} == {("pending", 1)}
    assert all(i.last_error and "delivery failed" in i.last_error for i in store.outbox())

    hook.up = True
    up = alerts.deliver_pending(store, settings, "sender-2", NOW + timedelta(minutes=10))
    assert (up.sent, up.failed) == (2, 0)
    assert alerts.deliver_pending(store, settings, "sender-3", NOW + timedelta(minutes=20)).sent == 0
    assert len(hook.received) == 2


def test_no_target_leaves_items_pending_as_failures(store: Store) -> None:
    report = alerts.deliver_pending(store, Settings(), "sender", NOW)
    assert (report.sent, report.failed) == (0, 2)
    assert all("no notification target" in e for e in report.errors)
    assert {i.status for i in store.outbox()} == {"pending"}


def test_a_digest_goes_out_as_one_notification(sqlite_url: str, hook: Hook) -> None:
    store = Store(sqlite_url)
    store.migrate()
    try:
        text = "Pakistan has formally joined the International Lunar Research Station."
        document = Document(url="https://x.example/pk", text=text, fingerprint="0" * 16, origin="feed")
        finding = PartnerFinding("country:PK", "Pakistan", "country", "joined", Evidence(text, 0, len(text)),
                                 confidence="high")
        result = store.ingest(
            [(document, Extraction(True, "en", partners=(finding,)))], policy="digest", run_id="r", now=NOW
        )
        assert store.enqueue_digest("digest:r", [c.change_id for c in result.changes], NOW)
        report = alerts.deliver_pending(store, settings_for(hook.url), "sender", NOW)
    finally:
        store.close()
    assert report.sent == 1
    (message,) = hook.received
    assert message["title"] == "ILRS: 1 change to the register"
    assert "**Pakistan** (country): new partner — joined" in message["message"]


# --- the Atom feed ---------------------------------------------------------------------------------------


def _changes() -> list[Change]:
    """In the order Store.changes() returns them: oldest first."""
    return [
        change(change_id="a" * 32, change_type="new_partner", old_value=None, new_value="negotiating", detected_at=NOW),
        change(change_id="b" * 32, detected_at=NOW + timedelta(days=1)),
        change(
            change_id="c" * 32,
            change_type="new_mission",
            entity_key="mission:Chang'e-8",
            entity="mission",
            name="Chang'e-8",
            kind="mission",
            field="year",
            old_value=None,
            new_value="2028",
            source_url="https://space.example/change8",
            detected_at=NOW + timedelta(days=2),
        ),
    ]


def test_atom_feed_is_valid_atom_with_one_entry_per_change() -> None:
    changes = _changes()
    xml = alerts.atom_feed(changes, feed_id="urn:ilrs-watch:changes")
    parsed = feedparser.parse(xml)

    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.id == "urn:ilrs-watch:changes"
    assert parsed.feed.title == "ILRS Watch: register changes"
    assert len(parsed.entries) == 3
    by_id = {e.id: e for e in parsed.entries}
    assert set(by_id) == {f"urn:ilrs-watch:change:{c.change_id}" for c in changes}
    mission = by_id[f"urn:ilrs-watch:change:{'c' * 32}"]
    assert mission.title == "ILRS: mission Chang'e-8 (target 2028)"
    assert mission.link == "https://space.example/change8"
    assert "Backed by 3 independent sources." in mission.content[0].value
    assert mission.published.startswith("2024-05-03")


def test_atom_feed_ids_are_stable_across_calls() -> None:
    first = feedparser.parse(alerts.atom_feed(_changes(), feed_id="urn:ilrs-watch:changes"))
    second = feedparser.parse(alerts.atom_feed(_changes(), feed_id="urn:ilrs-watch:changes"))
    assert [e.id for e in first.entries] == [e.id for e in second.entries]
    assert [e.updated for e in first.entries] == [e.updated for e in second.entries]
    assert first.feed.updated == second.feed.updated


def test_an_empty_atom_feed_is_still_valid() -> None:
    parsed = feedparser.parse(alerts.atom_feed([], feed_id="urn:ilrs-watch:changes"))
    assert not parsed.bozo and parsed.version == "atom10" and parsed.entries == []


def test_atom_feed_has_the_author_rfc_4287_requires() -> None:
    root = etree.fromstring(alerts.atom_feed(_changes(), feed_id="urn:ilrs-watch:changes"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    assert root.find("a:author/a:name", ns) is not None or all(
        e.find("a:author/a:name", ns) is not None for e in entries
    )


def test_atom_feed_lists_the_newest_change_first() -> None:
    parsed = feedparser.parse(alerts.atom_feed(_changes(), feed_id="urn:ilrs-watch:changes"))
    assert [e.id[-32:] for e in parsed.entries] == ["c" * 32, "b" * 32, "a" * 32]
