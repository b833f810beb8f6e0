"""Credentials in feed URLs never reach a message: the redaction function, then a whole run through the CLI
and Prefect (logs, printed summary, stored run result, artifacts) against a real local server."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from flows import cli
from pipeline.redaction import redact_text, redact_url
from pipeline.settings import Settings
from pipeline.store import Store
from tests.localserver import LocalServer, Response

SECRET = "SECRET123"
PASSWORD = "hunter2pass"


@pytest.mark.parametrize(
    ("url", "redacted"),
    [
        ("http://user:pass@127.0.0.1:8080/feed?apikey=SECRET", "http://127.0.0.1:8080/feed?apikey=REDACTED"),
        ("https://host.example/rss?id=7&API_KEY=x&Token=y", "https://host.example/rss?id=7&API_KEY=REDACTED&Token=REDACTED"),
        ("https://host.example/f?sig=a;lang=en&X-Amz-Signature=b", "https://host.example/f?sig=REDACTED;lang=en&X-Amz-Signature=REDACTED"),
        ("https://user@[::1]:9/f#access_token=abc", "https://[::1]:9/f#access_token=REDACTED"),
        ("https://host.example/news?page=2&session_id=9", "https://host.example/news?page=2&session_id=9"),
        ("https://host.example/news?page=2&auth_token=9", "https://host.example/news?page=2&auth_token=REDACTED"),
        ("https://host.example/plain", "https://host.example/plain"),
        ("http://[broken/feed", "[unparseable URL]"),
    ],
)  # fmt: skip
def test_redact_url(url: str, redacted: str) -> None:
    assert redact_url(url) == redacted


def test_redact_text_redacts_every_url_and_keeps_punctuation() -> None:
    text = (
        f"http://u:{PASSWORD}@a.example/feed?key={SECRET}: HTTP 500; moved to "
        f"(https://b.example/x?password={SECRET}). Nothing else changes."
    )
    assert redact_text(text) == (
        "http://a.example/feed?key=REDACTED: HTTP 500; moved to (https://b.example/x?password=REDACTED). "
        "Nothing else changes."
    )


def _rss() -> bytes:
    return b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Weather wire</title>
<item><title>Rain expected on Tuesday</title><link>https://weather.example/rain</link><guid>rain-1</guid>
<description>Showers across the region.</description></item></channel></rss>"""


def test_a_credential_in_a_feed_url_shows_nowhere(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    sqlite_url: str,
    server: LocalServer,
    prefect_harness: None,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    server.route("/ok", Response(200, _rss(), {"content-type": "application/rss+xml"}))
    server.route("/broken", Response(500, b"oops"))
    feeds = tmp_path / "feeds.yaml"
    credentialed = [f"http://reader:{PASSWORD}@127.0.0.1:{server.port}/{p}?apikey={SECRET}" for p in ("ok", "broken")]
    feeds.write_text("feeds:\n" + "".join(f"  - url: {url}\n" for url in credentialed))
    for name, value in {
        "ILRS_DATABASE_URL": sqlite_url,
        "ILRS_ALLOW_PRIVATE_NETWORKS": "1",
        "ILRS_TASK_RETRIES": "0",
    }.items():
        monkeypatch.setenv(name, value)
    caplog.set_level(logging.DEBUG)

    cli.main(["run", "--feeds", str(feeds)])
    printed = capsys.readouterr()

    assert f"feed failed: http://127.0.0.1:{server.port}/broken?apikey=REDACTED: HTTP 500" in printed.out
    (polled,) = [r for r in server.requests if r.path.startswith("/ok?")]
    assert polled.headers.get("authorization") and polled.path.endswith(SECRET)  # the credentials are still used
    store = Store(Settings.from_env().database())
    try:
        stored_errors = " ".join(s.last_error or "" for s in store.feed_states().values())
    finally:
        store.close()
    prefect_records = asyncio.run(_prefect_records())
    everything = "\n".join([printed.out, printed.err, caplog.text, stored_errors, prefect_records])
    assert "apikey=REDACTED" in prefect_records  # the artifacts did name the feed
    for secret in (SECRET, PASSWORD, f"reader:{PASSWORD}"):
        assert secret not in everything


async def _prefect_records() -> str:
    """Everything Prefect stored about the runs: artifacts, logs, flow run results and state messages."""
    from prefect.client.orchestration import get_client

    async with get_client() as client:
        artifacts = await client.read_artifacts()
        logs = await client.read_logs()
        runs = await client.read_flow_runs()
    parts = [f"{a.key} {a.description} {a.data}" for a in artifacts]
    parts += [log.message for log in logs]
    parts += [f"{r.parameters} {r.state.message if r.state else ''}" for r in runs]
    return "\n".join(parts)


def test_library_log_lines_are_redacted(caplog: pytest.LogCaptureFixture) -> None:
    from pipeline.redaction import redact_logs_of

    caplog.set_level(logging.INFO)
    redact_logs_of("tests.chatty")
    logging.getLogger("tests.chatty").info(
        "HTTP Request: GET %s 200", f"http://u:{PASSWORD}@h.example/f?token={SECRET}"
    )
    assert "http://h.example/f?token=REDACTED" in caplog.text and SECRET not in caplog.text
