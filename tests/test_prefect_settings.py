"""Issue 9: the feed list in a Prefect Variable and the alert targets in a Secret block, used by the next run."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import pytest
from prefect.blocks.system import Secret
from prefect.variables import Variable

from flows.common import APPRISE_SECRET, FEEDS_VARIABLE, build_settings
from flows.monitor import monitor
from tests.localserver import LocalServer, Request, Response
from tests.scenario import page, rss

WHEN = datetime(2026, 10, 5, 9, tzinfo=UTC)


@pytest.fixture
def prefect_kept(prefect_harness: None) -> Iterator[None]:
    """The harness is shared by the session: whatever this test keeps in Prefect is removed after it."""
    yield
    Variable.unset(FEEDS_VARIABLE)
    with contextlib.suppress(ValueError):  # nothing was saved
        Secret.delete(APPRISE_SECRET)
    assert Variable.get(FEEDS_VARIABLE) is None


def test_without_prefect_settings_the_environment_stands(
    prefect_kept: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, sqlite_url: str
) -> None:
    monkeypatch.setenv("ILRS_DATABASE_URL", sqlite_url)
    listed = tmp_path / "feeds.yaml"
    listed.write_text("feeds:\n  - url: https://example.org/feed.xml\n")
    monkeypatch.setenv("ILRS_FEEDS_FILE", str(listed))
    monkeypatch.setenv("ILRS_APPRISE_URLS", "json://127.0.0.1:9/hook")
    settings = build_settings()
    with pytest.raises(ValueError):
        Secret.load(APPRISE_SECRET)
    assert settings.feed_list is None and settings.feeds_file == listed
    assert settings.apprise_secrets() == ["json://127.0.0.1:9/hook"]


def test_the_next_run_uses_the_feeds_and_targets_kept_in_prefect(
    prefect_kept: None, monkeypatch: pytest.MonkeyPatch, sqlite_url: str, tmp_path: Path
) -> None:
    received: list[dict] = []

    def hook(request: Request) -> Response:
        received.append(json.loads(request.body))
        return Response(200, b"ok")

    with LocalServer() as srv:
        srv.route("/hook", hook)
        text = ["Jordan signed a memorandum on the International Lunar Research Station in Amman on Monday."]
        srv.route("/a", Response(200, page("Jordan joins", text, site="Wire", byline="Staff", published=WHEN),
                                 {"Content-Type": "text/html"}))
        item = {"title": "Jordan joins the International Lunar Research Station", "link": srv.url("/a"),
                "guid": "a", "date": format_datetime(WHEN), "summary": "Jordan signed up to the ILRS."}
        srv.route("/kept.xml", Response(200, rss([item]), {"Content-Type": "application/rss+xml"}))
        ignored = tmp_path / "env-feeds.yaml"
        ignored.write_text(f"feeds:\n  - url: {srv.url('/env.xml')}\n")
        for name, value in {"ILRS_DATABASE_URL": sqlite_url, "ILRS_FEEDS_FILE": str(ignored),
                            "ILRS_APPRISE_URLS": "json://127.0.0.1:9/nobody", "ILRS_ALLOW_PRIVATE_NETWORKS": "1",
                            "ILRS_TASK_RETRIES": "0"}.items():
            monkeypatch.setenv(name, value)

        Variable.set(FEEDS_VARIABLE, [srv.url("/kept.xml")], overwrite=True)
        Secret(value=f"json://127.0.0.1:{srv.port}/hook").save(APPRISE_SECRET, overwrite=True)
        summary = monitor()

        paths = [r.path for r in srv.requests]
    assert "/kept.xml" in paths and "/env.xml" not in paths
    assert [c.name for c in summary.changes] == ["Jordan"]
    assert len(received) == 1 and "Jordan" in received[0]["title"]
