"""pipeline.feeds against real local servers: feed lists, conditional GET, feed health, hostile documents."""

from __future__ import annotations

import asyncio
import gc
import gzip
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from pipeline.errors import InputError
from pipeline.feeds import defuse, load_feeds, parse_feed, poll_feed, poll_feeds
from pipeline.http import HttpClient
from pipeline.records import FeedConfig, FeedPoll, FeedState
from pipeline.settings import Settings
from tests.localserver import LocalServer, Request, Response

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024
NOW = datetime(2026, 4, 12, 9, 0, tzinfo=UTC)
RSS_TYPE = {"Content-Type": "application/rss+xml; charset=utf-8"}
ATOM_TYPE = {"Content-Type": "application/atom+xml"}

RSS_ITEMS = [
    b"""<item><title>Chang'e-7 clears its pre-shipment review</title>
<link>https://dispatch.example/2026/04/change-7-review</link>
<guid isPermaLink="false">dispatch-2026-0412</guid>
<pubDate>Sun, 12 Apr 2026 08:00:00 GMT</pubDate>
<description>The orbiter, lander and hopper finished thermal vacuum tests ahead of the south-pole flight.</description>
</item>""",
    b"""<item><title>Egypt's space agency weighs a moon-base seismometer</title>
<link>https://dispatch.example/2026/04/egypt-seismometer</link>
<pubDate>Sat, 11 Apr 2026 15:30:00 GMT</pubDate>
<description>Engineers in Cairo are studying an instrument for the research station's later phase.</description>
</item>""",
    b"""<item><title>Lunar power plant concept shown at a Harbin forum</title>
<link>https://dispatch.example/2026/04/power-plant</link>
<guid>https://dispatch.example/2026/04/power-plant#v2</guid>
<description>A reactor study for the 2030s base was presented to industry.</description>
</item>""",
]
RSS = (
    b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Selenographic Dispatch</title><link>https://dispatch.example/</link>
<description>Notes on lunar programmes</description><language>en</language>
"""
    + b"\n".join(RSS_ITEMS)
    + b"\n</channel></rss>\n"
)

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">
  <title>Lunar Ledger</title>
  <id>tag:lunar-ledger.example,2026:feed</id>
  <updated>2026-04-10T12:00:00Z</updated>
  <entry>
    <title>Thailand signs a lunar research memorandum</title>
    <id>tag:lunar-ledger.example,2026:entry-41</id>
    <link rel="alternate" href="https://lunar-ledger.example/thailand-memorandum"/>
    <updated>2026-04-10T11:00:00Z</updated>
    <summary type="html">&lt;p&gt;The &lt;b&gt;agreement&lt;/b&gt; covers payload studies.&lt;/p&gt;</summary>
  </entry>
  <entry>
    <title>Luna-27 lander moves to a later launch slot</title>
    <id>tag:lunar-ledger.example,2026:entry-42</id>
    <link rel="alternate" href="https://lunar-ledger.example/luna-27-slot"/>
    <updated>2026-04-09T07:45:00Z</updated>
    <summary>Schedule pressure on the drill pushes the mission back.</summary>
  </entry>
</feed>"""

BILLION_LAUGHS = (
    b'<!ENTITY lol "lol"><!ENTITY lol1 "'
    + b"&lol;" * 10
    + b'">'
    + b"".join(b'<!ENTITY lol%d "' % n + b"&lol%d;" % (n - 1) * 10 + b'">' for n in range(2, 10))
)


def bomb(prefix: bytes = b"", subset: bytes = BILLION_LAUGHS) -> bytes:
    return (
        b'<?xml version="1.0"?>'
        + prefix
        + b"<!DOCTYPE rss ["
        + subset
        + b"""]>
<rss version="2.0"><channel><title>Moon base digest &lol9;</title>
<item><title>Rover news &lol9;</title><guid>laughs-1</guid><description>&lol9;&lol9;</description></item>
</channel></rss>"""
    )


def settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {"allow_private_networks": True}
    values.update(overrides)
    return Settings(**values)


def with_client(config: Settings, action: Callable[[HttpClient], Any]) -> Any:
    async def go() -> Any:
        async with HttpClient(config) as client:
            return await action(client)

    return asyncio.run(go())


def poll(
    url: str, state: FeedState | None = None, now: datetime = NOW, config: Settings | None = None, **feed: Any
) -> FeedPoll:
    config = config or settings()
    return with_client(config, lambda client: poll_feed(client, FeedConfig(url, **feed), state, config, now))


def within_bounds(action: Callable[[], Any], seconds: float = 30.0, megabytes: int = 100) -> Any:
    """Run `action` twice: once plain, then under tracemalloc (it slows Python code several-fold).

    Memory is the bound; the time limit only tells a hang from slowness on a loaded machine.
    """
    gc.collect()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
    start = time.monotonic()
    result = action()
    elapsed = time.monotonic() - start
    rss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - rss_before
    gc.collect()
    tracemalloc.start()
    try:
        again = action()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert again.outcome == result.outcome
    assert elapsed < seconds, f"took {elapsed:.2f} s"
    assert peak < megabytes * MB, f"tracemalloc peak {peak / MB:.0f} MB"
    assert rss_growth < megabytes * MB, f"ru_maxrss grew {rss_growth / MB:.0f} MB"
    return result


@pytest.fixture
def server(reused_server: LocalServer) -> LocalServer:
    return reused_server


# --- feed lists --------------------------------------------------------------------------------------------


def test_load_feeds_from_yaml(tmp_path: Path) -> None:
    path = tmp_path / "feeds.yaml"
    path.write_text(
        """feeds:
  - url: https://dispatch.example/rss.xml
    name: Selenographic Dispatch
    language: en
    tags: [moon, policy]
  - https://lunar-ledger.example/atom.xml
  - url: "  https://dispatch.example/rss.xml  "
    name: the same feed again
""",
        encoding="utf-8",
    )
    configs = load_feeds(path)
    assert [c.url for c in configs] == ["https://dispatch.example/rss.xml", "https://lunar-ledger.example/atom.xml"]
    assert configs[1] == FeedConfig("https://lunar-ledger.example/atom.xml")
    dispatch = FeedConfig("https://dispatch.example/rss.xml", "Selenographic Dispatch", "en", ("moon", "policy"))
    assert configs[0] in (dispatch, FeedConfig("https://dispatch.example/rss.xml", "the same feed again"))


def test_load_feeds_from_a_plain_yaml_list(tmp_path: Path) -> None:
    path = tmp_path / "list.yml"
    path.write_text("- https://a.example/moon.xml\n- http://b.example/lunar.rss\n", encoding="utf-8")
    assert [c.url for c in load_feeds(path)] == ["https://a.example/moon.xml", "http://b.example/lunar.rss"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("feeds:\n  - url: ftp://dispatch.example/rss.xml\n", "not an http"),
        ("feeds:\n  - name: no url here\n", "needs a `url`"),
        ("feeds: {url: https://a.example/}\n", "needs a `feeds:` list"),
        ("feeds: [\n", "not valid YAML"),
        ("feeds: []\n", "names no feeds"),
    ],
)
def test_a_bad_yaml_feed_list_says_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "feeds.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_feeds(path)


def test_a_missing_feed_list_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        load_feeds(tmp_path / "nowhere.yaml")


def test_load_feeds_from_opml(tmp_path: Path) -> None:
    path = tmp_path / "subscriptions.opml"
    path.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>Lunar reading list</title></head>
  <body>
    <outline text="Moon" title="Moon">
      <outline type="rss" text="Selenographic Dispatch" xmlUrl="https://dispatch.example/rss.xml"
               htmlUrl="https://dispatch.example/" language="en"/>
      <outline type="rss" text="Lunar Ledger" title="Le Registre lunaire"
               xmlUrl="https://lunar-ledger.example/atom.xml"/>
    </outline>
    <outline text="A folder without feeds"/>
    <outline type="rss" text="Duplicate" xmlUrl="https://dispatch.example/rss.xml"/>
  </body>
</opml>""",
        encoding="utf-8",
    )
    configs = load_feeds(path)
    assert [c.url for c in configs] == ["https://dispatch.example/rss.xml", "https://lunar-ledger.example/atom.xml"]
    ledger = configs[1]
    assert ledger.name == "Le Registre lunaire"


def test_opml_is_recognised_by_content_whatever_the_name(tmp_path: Path) -> None:
    path = tmp_path / "feeds.txt"
    path.write_text(
        '<opml version="1.0"><body><outline text="Dispatch" xmlUrl="https://dispatch.example/rss.xml"/></body></opml>',
        encoding="utf-8",
    )
    assert load_feeds(path) == [FeedConfig("https://dispatch.example/rss.xml", "Dispatch")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x "moon">]>'
            '<opml><body><outline text="&x;" xmlUrl="https://a.example/"/></body></opml>',
            "DTD or entities",
        ),
        ("<opml><body><outline xmlUrl='https://a.example/'></body>", "not well-formed"),
        ("<opml><body><outline xmlUrl='file:///etc/passwd'/></body></opml>", "not an http"),
        ("<opml><body><outline text='empty'/></body></opml>", "names no feeds"),
    ],
)
def test_a_bad_opml_file_says_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "feeds.opml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_feeds(path)


# --- parsing -----------------------------------------------------------------------------------------------


def test_rss_entry_ids_are_the_guid_else_the_link() -> None:
    entries, bozo = parse_feed(RSS, "https://dispatch.example/rss.xml", "application/rss+xml")
    assert not bozo
    assert [e.entry_id for e in entries] == [
        "dispatch-2026-0412",
        "https://dispatch.example/2026/04/egypt-seismometer",
        "https://dispatch.example/2026/04/power-plant#v2",
    ]
    first = entries[0]
    assert first.feed_url == "https://dispatch.example/rss.xml"
    assert first.title == "Chang'e-7 clears its pre-shipment review"
    assert first.link == "https://dispatch.example/2026/04/change-7-review"
    assert first.published == datetime(2026, 4, 12, 8, 0, tzinfo=UTC)
    assert first.language == "en"
    assert entries[2].published is None


def test_atom_entry_ids_and_html_summaries() -> None:
    entries, bozo = parse_feed(ATOM, "https://lunar-ledger.example/atom.xml", "application/atom+xml")
    assert not bozo
    assert [e.entry_id for e in entries] == [
        "tag:lunar-ledger.example,2026:entry-41",
        "tag:lunar-ledger.example,2026:entry-42",
    ]
    assert entries[0].link == "https://lunar-ledger.example/thailand-memorandum"
    assert entries[0].summary == "The agreement covers payload studies."
    assert entries[1].published == datetime(2026, 4, 9, 7, 45, tzinfo=UTC)


def test_entries_without_guid_or_link_get_a_stable_id_and_duplicates_collapse() -> None:
    feed = b"""<rss version="2.0"><channel><title>t</title>
<item><title>Moon base tender opens</title><description>Bids due in June.</description></item>
<item><title>Moon base tender opens</title><description>Bids due in June.</description></item>
<item><title>Same guid</title><guid>dup</guid></item><item><title>Same guid, later copy</title><guid>dup</guid></item>
</channel></rss>"""
    entries, _ = parse_feed(feed, "https://x.example/rss")
    again, _ = parse_feed(feed, "https://x.example/rss")
    assert len(entries) == 2
    assert entries[0].entry_id == again[0].entry_id and len(entries[0].entry_id) == 32
    assert entries[1].entry_id == "dup"


# --- polling: the good path --------------------------------------------------------------------------------


def test_a_poll_returns_entries_and_remembers_validators(server: LocalServer) -> None:
    server.route("/rss.xml", Response(200, RSS, {**RSS_TYPE, "ETag": '"d1"', "Last-Modified": "Sun, 12 Apr 2026"}))
    result = poll(server.url("/rss.xml"))
    assert result.outcome == "ok" and not result.bozo and result.error is None
    assert len(result.entries) == 3
    assert all(e.feed_url == server.url("/rss.xml") for e in result.entries)
    state = result.state
    assert (state.etag, state.last_modified) == ('"d1"', "Sun, 12 Apr 2026")
    assert (state.failures, state.last_status, state.last_polled, state.not_before) == (0, 200, NOW, None)
    sent = server.hits("/rss.xml")[0].headers
    assert "rss+xml" in sent["accept"] and "ILRS-Watch" in sent["user-agent"]


def test_conditional_get_sends_validators_back_verbatim_and_304_is_not_modified(server: LocalServer) -> None:
    etag, modified = 'W/"lunar-7f3a"', "Sun, 12 Apr 2026 08:00:00 GMT"

    def handler(request: Request) -> Response:
        if request.headers.get("if-none-match") == etag:
            return Response(304, b"", {"ETag": etag})
        return Response(200, ATOM, {**ATOM_TYPE, "ETag": etag, "Last-Modified": modified})

    server.route("/atom.xml", handler)
    first = poll(server.url("/atom.xml"))
    assert first.outcome == "ok" and len(first.entries) == 2
    second = poll(server.url("/atom.xml"), first.state, NOW + timedelta(hours=1))
    assert second.outcome == "not_modified" and second.entries == ()
    assert (second.state.etag, second.state.last_modified) == (etag, modified)
    assert second.state.last_polled == NOW + timedelta(hours=1) and second.state.last_status == 304
    first_request, second_request = server.hits("/atom.xml")
    assert "if-none-match" not in first_request.headers and "if-modified-since" not in first_request.headers
    assert second_request.headers["if-none-match"] == etag
    assert second_request.headers["if-modified-since"] == modified


def test_a_gzip_encoded_feed_parses(server: LocalServer) -> None:
    server.route("/rss.xml", Response(200, gzip.compress(RSS), {**RSS_TYPE, "Content-Encoding": "gzip"}))
    result = poll(server.url("/rss.xml"))
    assert result.outcome == "ok" and len(result.entries) == 3


def test_the_configured_language_fills_in_for_entries_without_one(server: LocalServer) -> None:
    server.route("/ledger.xml", Response(200, ATOM.replace(b' xml:lang="fr"', b""), ATOM_TYPE))
    server.route("/rss.xml", Response(200, RSS, RSS_TYPE))
    assert {e.language for e in poll(server.url("/ledger.xml"), language="ru").entries} == {"ru"}
    assert {e.language for e in poll(server.url("/rss.xml"), language="ru").entries} == {"en"}


# --- redirects ---------------------------------------------------------------------------------------------


def test_a_chain_of_301s_moves_the_feed(server: LocalServer) -> None:
    server.route("/old.xml", Response(301, b"", {"Location": "/older-still.xml"}))
    server.route("/older-still.xml", Response(301, b"", {"Location": server.url("/new.xml")}))
    server.route("/new.xml", Response(200, RSS, RSS_TYPE))
    moved = poll(server.url("/old.xml"))
    assert moved.outcome == "ok" and len(moved.entries) == 3
    assert moved.state.url == server.url("/old.xml")  # identity stays
    assert moved.state.current_url == server.url("/new.xml")
    assert all(e.feed_url == server.url("/old.xml") for e in moved.entries)
    poll(server.url("/old.xml"), moved.state, NOW + timedelta(hours=1))
    assert len(server.hits("/old.xml")) == 1 and len(server.hits("/new.xml")) == 2


@pytest.mark.parametrize("status", [302, 307])
def test_a_temporary_redirect_does_not_move_the_feed(server: LocalServer, status: int) -> None:
    server.route("/feed.xml", Response(status, b"", {"Location": "/today.xml"}))
    server.route("/today.xml", Response(200, RSS, RSS_TYPE))
    result = poll(server.url("/feed.xml"))
    assert result.outcome == "ok" and len(result.entries) == 3
    assert result.state.current_url == server.url("/feed.xml")
    poll(server.url("/feed.xml"), result.state, NOW + timedelta(hours=1))
    assert len(server.hits("/feed.xml")) == 2


# --- polling: failures and feed health ---------------------------------------------------------------------


def test_410_disables_the_feed(server: LocalServer) -> None:
    server.route("/gone.xml", Response(410, b"gone"))
    gone = poll(server.url("/gone.xml"))
    assert gone.outcome == "failed" and gone.state.disabled
    assert gone.state.last_status == 410 and "410" in (gone.error or "")
    later = poll(server.url("/gone.xml"), gone.state, NOW + timedelta(days=30))
    assert later.outcome == "disabled" and later.state.disabled
    assert len(server.hits("/gone.xml")) == 1


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_sets_not_before_and_the_feed_is_skipped_until_then(server: LocalServer, status: int) -> None:
    server.route("/busy.xml", Response(status, b"", {"Retry-After": "3600"}))
    busy = poll(server.url("/busy.xml"))
    assert busy.outcome == "failed" and not busy.state.disabled
    assert busy.state.not_before == NOW + timedelta(seconds=3600)
    assert busy.state.last_status == status and busy.state.failures == 1
    early = poll(server.url("/busy.xml"), busy.state, NOW + timedelta(minutes=30))
    assert early.outcome == "skipped" and early.state == busy.state
    assert len(server.hits("/busy.xml")) == 1
    server.route("/busy.xml", Response(200, RSS, RSS_TYPE))
    after = poll(server.url("/busy.xml"), busy.state, NOW + timedelta(seconds=3601))
    assert after.outcome == "ok" and after.state.failures == 0 and after.state.not_before is None


def test_retry_after_as_an_http_date(server: LocalServer) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    server.route(
        "/busy.xml",
        Response(429, b"", {"Retry-After": (now + timedelta(hours=2)).strftime("%a, %d %b %Y %H:%M:%S GMT")}),
    )
    busy = poll(server.url("/busy.xml"), now=now)
    assert busy.state.not_before is not None
    assert timedelta(hours=1, minutes=55) <= busy.state.not_before - now <= timedelta(hours=2)


@pytest.mark.parametrize("status", [404, 500])
def test_404_and_500_count_failures_and_back_off(server: LocalServer, status: int) -> None:
    config = settings(backoff_base_seconds=300.0)
    server.route("/broken.xml", Response(status, b"nope"))
    first = poll(server.url("/broken.xml"), config=config)
    assert first.outcome == "failed" and first.entries == ()
    assert first.state.failures == 1 and first.state.last_status == status and not first.state.disabled
    assert first.state.not_before is not None
    assert timedelta(seconds=240) <= first.state.not_before - NOW <= timedelta(seconds=360)  # 300 s ± 20 %

    skipped = poll(server.url("/broken.xml"), first.state, NOW + timedelta(seconds=100), config=config)
    assert skipped.outcome == "skipped"
    later = NOW + timedelta(seconds=400)
    second = poll(server.url("/broken.xml"), first.state, later, config=config)
    assert second.state.failures == 2
    assert timedelta(seconds=480) <= second.state.not_before - later <= timedelta(seconds=720)  # doubled
    assert len(server.hits("/broken.xml")) == 2

    server.route("/broken.xml", Response(200, RSS, RSS_TYPE))
    healed = poll(server.url("/broken.xml"), second.state, later + timedelta(hours=1), config=config)
    assert healed.outcome == "ok" and healed.state.failures == 0 and healed.state.last_error is None


def test_back_off_never_exceeds_its_maximum(server: LocalServer) -> None:
    config = settings(backoff_base_seconds=300.0, backoff_max_seconds=3600.0, disable_after_failures=100)
    server.route("/broken.xml", Response(500, b""))
    state = FeedState(server.url("/broken.xml"), server.url("/broken.xml"), failures=20)
    result = poll(server.url("/broken.xml"), state, config=config)
    assert result.state.not_before - NOW <= timedelta(seconds=3600 * 1.2)


def test_a_read_timeout_is_recorded_as_a_failure(server: LocalServer) -> None:
    server.route("/slow.xml", Response(200, RSS, RSS_TYPE, delay=1.5))
    result = poll(server.url("/slow.xml"), config=settings(read_timeout=0.3))
    assert result.outcome == "failed" and result.state.failures == 1
    assert result.state.last_status is None and "timed out" in (result.error or "")
    assert result.state.not_before is not None and result.state.not_before > NOW


def test_disable_after_n_failures(server: LocalServer) -> None:
    config = settings(disable_after_failures=3)
    server.route("/flaky.xml", Response(500, b""))
    state, now = None, NOW
    for n in range(1, 4):
        result = poll(server.url("/flaky.xml"), state, now, config=config)
        assert result.outcome == "failed" and result.state.failures == n
        assert result.state.disabled == (n == 3)
        state, now = result.state, now + timedelta(days=3)
    assert poll(server.url("/flaky.xml"), state, now, config=config).outcome == "disabled"
    assert len(server.hits("/flaky.xml")) == 3


def test_an_unreadable_feed_counts_consecutive_failures(server: LocalServer) -> None:
    config = settings(disable_after_failures=2)
    server.route("/junk.xml", Response(200, b"this is not a feed <<< &", RSS_TYPE))
    first = poll(server.url("/junk.xml"), config=config)
    assert first.outcome == "failed" and "not a readable feed" in (first.error or "")
    second = poll(server.url("/junk.xml"), first.state, NOW + timedelta(days=1), config=config)
    assert second.state.failures == 2 and second.state.disabled


def test_an_absurd_retry_after_is_a_failure_not_a_crash(server: LocalServer) -> None:
    server.route("/busy.xml", Response(429, b"", {"Retry-After": "1000000000000"}))
    result = poll(server.url("/busy.xml"))
    assert result.outcome == "failed" and result.state.not_before is not None


# --- hostile and broken documents --------------------------------------------------------------------------


def test_a_truncated_document_gives_the_entries_it_holds(server: LocalServer) -> None:
    cut = RSS[: RSS.index(RSS_ITEMS[2]) + 40]  # stops in the middle of the third item
    server.route("/cut.xml", Response(200, cut, RSS_TYPE))
    result = poll(server.url("/cut.xml"))
    assert result.outcome == "ok" and result.bozo
    ids = [e.entry_id for e in result.entries]
    assert ids[:2] == ["dispatch-2026-0412", "https://dispatch.example/2026/04/egypt-seismometer"]


def test_a_truncated_transfer_is_a_failure_not_a_crash(server: LocalServer) -> None:
    server.route("/cut.xml", Response(200, RSS[:300], {**RSS_TYPE, "Content-Length": "5000", "Connection": "close"}))
    result = poll(server.url("/cut.xml"))
    assert result.outcome == "failed" and result.state.failures == 1 and result.entries == ()


def test_malformed_xml_gives_the_entries_it_holds(server: LocalServer) -> None:
    broken = RSS.replace(b"Egypt's space agency", b"Egypt & Jordan's agencies").replace(
        b"<description>The orbiter", b"<description>The <b>orbiter", 1
    )  # a bare ampersand and an unclosed tag: not well-formed
    server.route("/broken.xml", Response(200, broken, RSS_TYPE))
    result = poll(server.url("/broken.xml"))
    assert result.outcome == "ok" and result.bozo
    titles = [e.title for e in result.entries]
    assert len(titles) == 3 and "Egypt & Jordan's agencies weighs a moon-base seismometer" in titles
    assert result.state.failures == 0


def test_garbage_is_a_failure(server: LocalServer) -> None:
    server.route("/junk.xml", Response(200, b"\x00\xff not xml at all <<<", RSS_TYPE))
    result = poll(server.url("/junk.xml"))
    assert result.outcome == "failed" and result.entries == ()
    assert "not a readable feed" in (result.error or "")


@pytest.mark.parametrize(
    "document",
    [
        pytest.param(bomb(), id="billion-laughs"),
        pytest.param(bomb(b"<!--" + b" " * 70_000 + b"-->"), id="behind-64k-of-padding"),
        pytest.param(bomb(subset=b'<!ENTITY trick "]>">' + BILLION_LAUGHS), id="subset-with-a-false-end"),
        pytest.param(
            bomb(subset=b'<!ENTITY lol9 "' + b"moon " * 20_000 + b'">').replace(b"&lol9;&lol9;", b"&lol9;" * 2_000),
            id="quadratic-blowup",
        ),
    ],
)
def test_an_entity_bomb_is_refused_within_100_mb(server: LocalServer, document: bytes) -> None:
    server.route("/laughs.xml", Response(200, document, RSS_TYPE))
    result = within_bounds(lambda: poll(server.url("/laughs.xml")))
    assert result.outcome in ("ok", "failed")
    expanded = sum(len(e.title) + len(e.summary) for e in result.entries)
    assert expanded < 20_000, "an entity was expanded"


@pytest.mark.parametrize("declared", [False, True], ids=["streamed", "content-length"])
def test_a_200_mb_body_is_refused_within_100_mb(server: LocalServer, declared: bool) -> None:
    chunk = RSS_ITEMS[0] * 256  # ~100 KB, reused: the test never holds 200 MB itself
    count = 200 * MB // len(chunk)

    def body() -> Iterator[bytes]:
        for _ in range(count):
            yield chunk

    headers = {**RSS_TYPE, **({"Content-Length": str(count * len(chunk))} if declared else {})}
    server.route("/huge.xml", lambda request: Response(200, body(), headers))
    result = within_bounds(lambda: poll(server.url("/huge.xml")))
    assert result.outcome == "failed" and result.entries == ()
    assert "cap" in (result.error or "")


def test_defuse_drops_the_internal_subset() -> None:
    for document in (bomb(), bomb(b"\n<!-- a comment -->\n")):
        defused = defuse(document)
        assert b"<!ENTITY" not in defused and b"<!DOCTYPE" not in defused
        assert defused.endswith(b"</channel></rss>")
    assert defuse(RSS) is RSS


def test_defuse_drops_a_doctype_behind_a_long_prolog() -> None:
    defused = defuse(bomb(b"<!--" + b" " * 70_000 + b"-->"))
    assert b"<!ENTITY" not in defused


_REDOS_CHILD = """
import asyncio, json, sys, time
from datetime import UTC, datetime
from pipeline.feeds import poll_feed
from pipeline.http import HttpClient
from pipeline.records import FeedConfig
from pipeline.settings import Settings
from tests.localserver import LocalServer, Response

def body(count):
    return b'<?xml version="1.0"?>' + b"<!DOCTYPE rss [" * count + b"<rss version='2.0'><channel/></rss>"

settings = Settings(allow_private_networks=True)

async def main(url):
    async with HttpClient(settings) as client:
        return await poll_feed(client, FeedConfig(url), None, settings, datetime.now(UTC))

def cpu(server, count):
    server.route(f"/doctypes{count}.xml", Response(200, body(count), {"Content-Type": "application/rss+xml"}))
    start = time.process_time()
    result = asyncio.run(main(server.url(f"/doctypes{count}.xml")))
    return result.outcome, time.process_time() - start

with LocalServer() as server:
    cpu(server, 100)  # imports and first-use caches
    outcome, small = cpu(server, 15000)
    _, large = cpu(server, 60000)
    print(json.dumps({"outcome": outcome, "ratio": large / max(small, 1e-3)}))
"""


def test_a_body_of_unterminated_doctypes_is_handled_in_linear_time() -> None:
    """Four times the DOCTYPEs cost about four times the CPU (a backtracking regex would cost sixteen).

    Run in a child process: the regex holds the GIL, so only a process can be stopped when it hangs.
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        done = subprocess.run(
            [sys.executable, "-c", _REDOS_CHILD], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
        )
    except subprocess.TimeoutExpired:
        pytest.fail("polling a 0.9 MB feed of unterminated DOCTYPEs hung")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["outcome"] in ("ok", "failed")
    assert report["ratio"] < 8, report


# --- many feeds --------------------------------------------------------------------------------------------


def test_one_bad_feed_leaves_the_others_polled(server: LocalServer) -> None:
    server.route("/rss.xml", Response(200, RSS, RSS_TYPE))
    server.route("/atom.xml", Response(200, ATOM, ATOM_TYPE))
    server.route("/down.xml", Response(500, b""))
    server.route("/junk.xml", Response(200, b"<<<not a feed", RSS_TYPE))
    server.route("/slow.xml", Response(200, RSS, RSS_TYPE, delay=1.5))
    server.route("/huge.xml", lambda request: Response(200, iter([b"x" * 65536] * 200), RSS_TYPE))
    server.route("/busy.xml", Response(429, b"", {"Retry-After": "1000000000000"}))  # overflows a datetime
    urls = [
        server.url("/rss.xml"),
        server.url("/down.xml"),
        "ftp://127.0.0.1/feed.xml",
        server.url("/junk.xml"),
        server.url("/slow.xml"),
        server.url("/huge.xml"),
        server.url("/busy.xml"),
        server.url("/atom.xml"),
        server.url("/disabled.xml"),
    ]
    config = settings(read_timeout=0.3, max_feed_bytes=MB)
    states = {
        server.url("/disabled.xml"): FeedState(server.url("/disabled.xml"), server.url("/disabled.xml"), disabled=True)
    }
    polls = with_client(config, lambda client: poll_feeds(client, [FeedConfig(u) for u in urls], states, config, NOW))
    assert [p.state.url for p in polls] == urls
    outcomes = [p.outcome for p in polls]
    assert outcomes == ["ok", "failed", "failed", "failed", "failed", "failed", "failed", "ok", "disabled"]
    assert len(polls[0].entries) == 3 and len(polls[7].entries) == 2
    assert all(p.state.failures == 1 for p in polls[1:7])
    assert server.hits("/disabled.xml") == []
