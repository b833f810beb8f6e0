"""JSON Feed 1.1 read as well as RSS and Atom: parsing, detection, caps, and a monitor run end to end."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline import feeds
from pipeline.http import HttpClient
from pipeline.records import FeedConfig
from pipeline.settings import Settings
from tests.aggregators import Hook, Publisher, bing_click, documents, run_monitor, settings_for
from tests.localserver import LocalServer, Response
from tests.scenario import ACCESSION

FEED_URL = "https://outlet.example/feed.json"


def json_feed(items: list[dict[str, object]], **top: object) -> bytes:
    document = {"version": "https://jsonfeed.org/version/1.1", "title": "Steppe Herald", "items": items} | top
    return json.dumps(document, ensure_ascii=False).encode()


def test_items_become_entries() -> None:
    body = json_feed(
        [
            {
                "id": "https://outlet.example/?p=1001",
                "url": "https://outlet.example/world/kazakhstan-joins-ilrs",
                "title": "Kazakhstan joins the lunar station",
                "summary": "Kazakhstan signed an agreement on the International Lunar Research Station.",
                "content_html": "<p>Long text</p>",
                "date_published": "2026-11-23T09:30:00+03:00",
                "language": "en-GB",
            },
            {
                "id": 1002,  # numbers are ids too
                "external_url": "https://elsewhere.example/story",
                "content_html": "<p>Astana <b>signs up</b> to the moon base plan.</p>",
                "date_modified": "2026-11-24T08:00:00Z",
            },
            {"id": "3", "content_text": "No link, no title, still an entry.", "date_published": "not a date"},
        ],
        language="en",
    )

    entries, bozo = feeds.parse_feed(body, FEED_URL, "application/feed+json")

    assert not bozo
    first, second, third = entries
    assert (first.entry_id, first.link, first.title) == (
        "https://outlet.example/?p=1001",
        "https://outlet.example/world/kazakhstan-joins-ilrs",
        "Kazakhstan joins the lunar station",
    )
    assert first.summary.startswith("Kazakhstan signed")
    assert first.published == datetime(2026, 11, 23, 6, 30, tzinfo=UTC) and first.language == "en-GB"
    assert (second.entry_id, second.link, second.summary) == (
        "1002",
        "https://elsewhere.example/story",
        "Astana signs up to the moon base plan.",
    )
    assert second.published == datetime(2026, 11, 24, 8, 0, tzinfo=UTC) and second.language == "en"
    assert (third.link, third.title, third.published) == (None, "", None)
    assert third.summary == "No link, no title, still an entry."


def test_a_json_feed_is_recognised_by_type_or_by_its_version() -> None:
    body = json_feed([{"id": "1", "url": "https://outlet.example/a", "title": "A"}])
    for content_type in ("application/feed+json", "application/json; charset=utf-8", "text/plain", None):
        entries, bozo = feeds.parse_feed(body, FEED_URL, content_type)
        assert [e.link for e in entries] == ["https://outlet.example/a"] and not bozo
    version_one = json.dumps(
        {"version": "https://jsonfeed.org/version/1", "items": [{"id": "x", "url": "https://o.example/x"}]}
    )
    assert [e.entry_id for e in feeds.parse_feed(b"\xef\xbb\xbf" + version_one.encode(), FEED_URL)[0]] == ["x"]
    # RSS still goes to feedparser, whatever a server calls it.
    rss = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><item><guid>r1</guid><title>R</title></item></channel></rss>'
    )
    for content_type in ("application/json", "application/feed+json", "text/xml"):
        assert [e.entry_id for e in feeds.parse_feed(rss, FEED_URL, content_type)[0]] == ["r1"]


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b'{"version": "https://example.org/not-a-feed", "items": []}',
        b'{"version": "https://jsonfeed.org/version/1.1", "items": {"id": 1}}',
        b"[1, 2, 3]",
        b'{"version": "https://jsonfeed.org/version/1.1", "items": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        b"\xff\xfe{ bad bytes",
    ],
)
def test_what_is_not_a_json_feed_is_reported_not_raised(body: bytes) -> None:
    assert feeds.parse_feed(body, FEED_URL, "application/feed+json") == ([], True)


def test_bad_items_are_skipped_and_reported() -> None:
    body = json_feed([{"id": "1", "url": "https://outlet.example/a"}, "junk", None, {"id": "2", "url": "javascript:x"}])
    entries, bozo = feeds.parse_feed(body, FEED_URL, "application/feed+json")
    assert bozo and [(e.entry_id, e.link) for e in entries] == [("1", "https://outlet.example/a"), ("2", None)]


def test_bing_links_in_a_json_feed_are_unwrapped_too() -> None:
    body = json_feed([{"id": "b1", "url": bing_click("https://outlet.example/world/story")}])
    assert feeds.parse_feed(body, FEED_URL)[0][0].link == "https://outlet.example/world/story"


def test_the_feed_size_cap_holds_for_json(server: LocalServer) -> None:
    server.route("/big.json", Response(200, json_feed([{"id": str(n), "title": "x" * 200} for n in range(100)])))
    settings = Settings(allow_private_networks=True, max_feed_bytes=4096)

    async def poll() -> feeds.FeedPoll:
        async with HttpClient(settings) as client:
            return await feeds.poll_feed(client, FeedConfig(server.url("/big.json")), None, settings, datetime.now(UTC))

    polled = asyncio.run(poll())
    assert polled.outcome == "failed" and "cap" in (polled.error or "")


@pytest.fixture
def sites() -> Iterator[tuple[LocalServer, LocalServer, LocalServer]]:
    servers = tuple(LocalServer().start() for _ in range(3))
    yield servers  # type: ignore[misc]
    for srv in servers:
        srv.stop()


def test_a_json_feed_leads_the_monitor_to_the_publisher_and_an_alert(
    db_url: str, tmp_path: Path, sites: tuple[LocalServer, LocalServer, LocalServer]
) -> None:
    outlet, publisher_server, hook_server = sites
    hook = Hook(hook_server)
    url = Publisher(publisher_server).publish(
        "/world/kazakhstan-joins-ilrs", "Kazakhstan joins China-Russia lunar research station", ACCESSION
    )
    body = json_feed(
        [
            {
                "id": "steppe-1001",
                "url": url + "?utm_source=jsonfeed",
                "title": "Kazakhstan joins China-Russia lunar research station",
                "summary": "Kazakhstan signed an agreement on the International Lunar Research Station.",
                "date_published": "2026-11-23T09:30:00Z",
            }
        ],
        language="en",
    )
    outlet.route("/feed.json", Response(200, body, {"Content-Type": "application/feed+json", "ETag": '"v1"'}))
    feeds_file = tmp_path / "feeds.yaml"
    feeds_file.write_text(f"feeds:\n  - url: {outlet.url('/feed.json')}\n")
    settings = settings_for(db_url, feeds_file, hook)

    run = run_monitor(settings)

    assert "application/feed+json" in outlet.hits("/feed.json")[0].headers["accept"]
    (document,) = documents(settings)
    assert document.url == url and document.origin == "feed" and "working group" in document.text
    assert run.sent == len(hook.received) > 0 and any("Kazakhstan" in a["title"] for a in hook.received)
    assert all(f"]({url})" in alert["message"] for alert in hook.received)
    assert run_monitor(settings).changes == 0  # the next poll brings nothing new
