"""Publisher links: Google News ids resolved the way Google's own page does it, Bing click-tracking unwrapped,
answers cached in the store; against local imitations of each protocol and real databases."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from pipeline import articles, links
from pipeline.errors import PermanentError, TooLargeError, UnsafeURLError
from pipeline.http import HttpClient, HttpTransientError
from pipeline.records import FeedEntry, LinkAnswer
from pipeline.register import FOUNDERS
from pipeline.settings import Settings
from pipeline.store import Store
from tests.aggregators import (
    BATCH_PATH,
    HEADLINE,
    GoogleNews,
    Hook,
    Publisher,
    Story,
    article_id,
    bing_click,
    documents,
    run_monitor,
    settings_for,
)
from tests.localserver import LocalServer, Response
from tests.scenario import INDEPENDENT, rss

BASE = "https://news.google.com"
NOW = datetime(2026, 12, 2, 6, 0, tzinfo=UTC)

# --- the pure parts ------------------------------------------------------------------------------------------


def test_google_news_ids_are_read_from_article_links_only() -> None:
    link_id = article_id(1)
    assert links.google_news_id(f"{BASE}/rss/articles/{link_id}?oc=5", BASE) == link_id
    assert links.google_news_id(f"{BASE}/articles/{link_id}", BASE) == link_id
    assert links.google_news_id(f"https://NEWS.google.com/read/{link_id}?hl=en", BASE) == link_id
    assert links.google_news_id(f"{BASE}/rss/search?q=ILRS", BASE) is None
    assert links.google_news_id(f"https://example.com/rss/articles/{link_id}", BASE) is None
    assert links.google_news_id(f"http://127.0.0.1:8001/rss/articles/{link_id}", "http://127.0.0.1:8002") is None
    assert links.google_news_id(f"http://127.0.0.1:8001/rss/articles/{link_id}", "http://127.0.0.1:8001/") == link_id
    assert links.is_google_news(f"{BASE}/rss/articles/{link_id}") and not links.is_google_news(None)


def test_bing_click_tracking_links_unwrap_offline() -> None:
    publisher = "https://www.example.org/world/2026/11/23/kazakhstan-moon-base?id=7&src=x"
    assert links.unwrap_bing(bing_click(publisher)) == publisher
    assert links.unwrap_bing(bing_click(publisher).replace("http://www.", "https://")) == publisher
    encoded = "a1" + __import__("base64").urlsafe_b64encode(publisher.encode()).decode().rstrip("=")
    assert links.unwrap_bing(f"https://www.bing.com/ck/a?!&&p=abc&u={encoded}&ntb=1") == publisher
    # Not a click-tracking link, or nothing usable inside: left alone.
    assert links.unwrap_bing(publisher) == publisher
    for odd in (
        "https://www.bing.com/news/search?q=ILRS",
        "https://www.bing.com/news/apiclick.aspx?ref=FexRss&url=javascript%3aalert(1)",
        "https://www.bing.com/news/apiclick.aspx?url=https%3a%2f%2fwww.bing.com%2fnews",
        "https://notbing.com/news/apiclick.aspx?url=https%3a%2f%2fexample.org%2f",
        "https://www.bing.com/ck/a?u=a1%%%",
    ):
        assert links.unwrap_bing(odd) == odd


def test_signature_and_timestamp_are_read_from_the_article_page() -> None:
    html = (
        '<html><body><c-wiz><div jscontroller="aLI87" data-n-a-id="x" data-n-a-ts="1764000123" '
        'data-n-a-sg="AZ5r3eSIG_-x"></div></c-wiz></body></html>'
    )
    assert links.parse_signature(html) == links.Signature("AZ5r3eSIG_-x", "1764000123")
    assert links.parse_signature(html.encode()) == links.Signature("AZ5r3eSIG_-x", "1764000123")
    assert links.parse_signature("<html><body><div data-n-a-sg='only'></div></body></html>") is None
    assert links.parse_signature(b"") is None
    assert links.parse_signature(b"\x00\xff not html at all") is None


def test_one_request_carries_every_id_in_googles_shape() -> None:
    items = [(article_id(1), links.Signature("SIG1", "1764000001")), (article_id(2), links.Signature("SIG2", "x9"))]
    form = parse_qs(links.build_batch_request(items).decode())
    calls = json.loads(form["f.req"][0])
    assert len(calls) == 1 and len(calls[0]) == 2
    first, second = calls[0]
    assert first[0] == "Fbv4je" and first[2] is None and first[3] == "1" and second[3] == "2"
    kind, context, link_id, stamp, signature = json.loads(first[1])
    assert (kind, link_id, stamp, signature) == ("garturlreq", article_id(1), 1764000001, "SIG1")
    assert isinstance(context, list) and context[0][7] == "US:en"
    assert json.loads(second[1])[3] == "x9"  # a timestamp that is not a number goes as given


def test_batch_answers_are_parsed_in_both_of_googles_framings() -> None:
    rows = [
        ["wrb.fr", "Fbv4je", json.dumps(["garturlres", "https://a.example/1", 1]), None, None, None, "1"],
        ["wrb.fr", "Fbv4je", None, None, None, [3], "2"],
        ["wrb.fr", "Fbv4je", json.dumps(["garturlres", "javascript:alert(1)", 1]), None, None, None, "3"],
        ["di", 27],
        ["af.httprm", 26, "-57", 7],
    ]
    plain = ")]}'\n\n" + json.dumps(rows)
    expected = {"1": "https://a.example/1", "2": None, "3": None}
    assert links.parse_batch_response(plain) == expected
    chunks = [json.dumps(rows[:3]), json.dumps([["e", 4, None, None, 512]])]
    framed = ")]}'\n" + "".join(f"\n{len(c)}\n{c}" for c in chunks)
    assert links.parse_batch_response(framed.encode()) == expected
    assert links.parse_batch_response(")]}'\n\n[]") == {}
    for broken in ("<html>sorry</html>", ')]}\'\n\n[["wrb.fr"', ')]}\'\n\n{"a": 1}'):
        with pytest.raises(ValueError):
            links.parse_batch_response(broken)


# --- the client's POST ---------------------------------------------------------------------------------------


def test_post_goes_through_the_address_guard_caps_and_error_vocabulary(server: LocalServer) -> None:
    server.route("/ok", lambda r: Response(200, b"got " + r.body, {"Content-Type": "text/plain"}))
    server.route("/big", Response(200, b"x" * 5000))
    server.route("/busy", Response(503, b"", {"Retry-After": "7"}))
    server.route("/moved", Response(302, b"", {"Location": "/ok"}))

    async def post(path: str, settings: Settings) -> bytes:
        async with HttpClient(settings) as client:
            result = await client.post(server.url(path), b"a=1", content_type="text/plain", max_bytes=1000)
            return result.body

    loopback = Settings(allow_private_networks=True)
    assert asyncio.run(post("/ok", loopback)) == b"got a=1"
    assert server.hits("/ok")[0].method == "POST" and server.hits("/ok")[0].headers["content-type"] == "text/plain"
    with pytest.raises(UnsafeURLError):
        asyncio.run(post("/ok", Settings()))
    with pytest.raises(TooLargeError):
        asyncio.run(post("/big", loopback))
    with pytest.raises(HttpTransientError) as busy:
        asyncio.run(post("/busy", loopback))
    assert busy.value.retry_after == 7
    with pytest.raises(PermanentError, match="redirect"):
        asyncio.run(post("/moved", loopback))
    assert len(server.hits("/ok")) == 1  # a redirected POST is not replayed


# --- the cache in both databases -----------------------------------------------------------------------------


def test_link_cache_keeps_answers_and_failures(db_url: str) -> None:
    store = Store(db_url)
    try:
        store.migrate()
        assert store.cached_links([]) == {}
        ok = LinkAnswer(article_id(1), "https://a.example/1", checked_at=NOW)
        failed = LinkAnswer(article_id(2), None, "decoder: HTTP 503", True, 2, NOW, NOW + timedelta(minutes=10))
        store.save_links([ok, failed])
        assert store.cached_links([article_id(1), article_id(2), article_id(3)]) == {
            ok.link_id: ok,
            failed.link_id: failed,
        }
        healed = LinkAnswer(article_id(2), "https://a.example/2", checked_at=NOW + timedelta(hours=1))
        store.save_links([healed])
        assert store.cached_links([article_id(2)]) == {healed.link_id: healed}
    finally:
        store.close()


# --- the monitor against the imitations ----------------------------------------------------------------------


@dataclass
class World:
    google: GoogleNews
    publisher: Publisher
    hook: Hook
    feeds_file: Path


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    servers = [LocalServer().start() for _ in range(3)]
    publisher = Publisher(servers[1])
    yield World(GoogleNews(servers[0], publisher), publisher, Hook(servers[2]), tmp_path / "feeds.yaml")
    for srv in servers:
        srv.stop()


def _feeds(world: World, *urls: str) -> None:
    world.feeds_file.write_text("feeds:\n" + "".join(f"  - url: {u}\n" for u in urls))


def _links(settings: Settings) -> dict[str, LinkAnswer]:
    store = Store(settings.database())
    try:
        return store.cached_links([article_id(n) for n in range(10)])
    finally:
        store.close()


def test_google_news_item_alerts_with_the_publishers_url_and_asks_once(db_url: str, world: World) -> None:
    story = Story(article_id(1), "/world/kazakhstan-joins-ilrs")
    publisher_url = world.google.add(story)
    _feeds(world, world.google.feed("/rss/search", [story]))
    settings = settings_for(db_url, world.feeds_file, world.hook, world.google)

    first = run_monitor(settings)

    # Kazakhstan, and the station itself (no baseline here): each alert cites the publisher's page.
    assert first.sent == len(world.hook.received) == 2
    assert [a for a in world.hook.received if "Kazakhstan" in a["title"]]
    for alert in world.hook.received:
        assert f"]({publisher_url})" in alert["message"] and "/rss/articles/" not in alert["message"]
        assert "headline only" not in alert["message"]
    assert world.publisher.server.hits("/world/kazakhstan-joins-ilrs")  # the article itself was read
    (document,) = documents(settings)
    assert document.url == publisher_url and document.origin == "feed" and document.site == "127.0.0.1"
    assert document.entry_id == story.link_id  # the entry keeps Google's id
    assert "aerospace" not in document.text and "working group" in document.text  # the page, not the headline
    assert world.google.page_hits() == 1 and len(world.google.decoder_hits()) == 1
    assert _links(settings)[story.link_id].url == publisher_url

    # The same story in a second search feed, and the first feed again: the cache answers, Google is not asked.
    _feeds(world, world.google.feed("/rss/search", [story]), world.google.feed("/rss/search-ru", [story], "МНЛС"))
    second = run_monitor(settings)
    assert world.google.page_hits() == 1 and len(world.google.decoder_hits()) == 1
    assert second.changes == 0 and len(world.hook.received) == 2
    assert [d.url for d in documents(settings)] == [publisher_url]  # one story, one document


def test_many_ids_are_resolved_in_one_decoder_call(world: World, sqlite_url: str) -> None:
    stories = [Story(article_id(n), f"/world/story-{n}") for n in range(1, 4)]
    urls = [world.google.add(s) for s in stories]
    _feeds(world, world.google.feed("/rss/search", stories))
    settings = settings_for(sqlite_url, world.feeds_file, world.hook, world.google)

    processed = run_monitor(settings).processed

    assert world.google.page_hits() == 3
    (call,) = world.google.decoder_hits()
    assert len(json.loads(parse_qs(call.body.decode())["f.req"][0])[0]) == 3
    assert sorted(doc.url for doc, _ in processed.pairs) == sorted(urls)
    assert call.headers["user-agent"].startswith("ILRS-Watch/")  # our client, our name


def test_an_unresolvable_link_falls_back_to_the_feeds_text_marked_headline_only(db_url: str, world: World) -> None:
    story = Story(article_id(1), "/world/kazakhstan-joins-ilrs")
    world.google.add(story)
    world.google.refused.add(story.link_id)
    _feeds(world, world.google.feed("/rss/search", [story]))
    settings = settings_for(db_url, world.feeds_file, world.hook, world.google)

    run = run_monitor(settings)

    (document,) = documents(settings)
    assert document.origin == "headline" and document.site.endswith("headline only")
    assert document.url.startswith(world.google.base_url + "/rss/articles/")  # the only link there is
    assert document.text.startswith(HEADLINE)
    assert not world.publisher.server.requests and world.google.page_hits() == 1
    assert run.sent == len(world.hook.received) > 0
    assert all("headline only, 2026-11-23)" in alert["message"] for alert in world.hook.received)
    failure = _links(settings)[story.link_id]
    assert failure.url is None and not failure.transient and failure.attempts == 1
    assert "without a publisher URL" in (failure.error or "")
    assert failure.retry_at is not None and failure.retry_at > datetime.now(UTC)

    # Within the back-off the failure is not asked about again, even from another feed.
    _feeds(world, world.google.feed("/rss/search-2", [story]))
    run_monitor(settings)
    assert len(world.google.decoder_hits()) == 1


def test_a_decoder_that_fails_for_now_holds_the_entry_back_then_resolves(sqlite_url: str, world: World) -> None:
    story = Story(article_id(1), "/world/kazakhstan-joins-ilrs")
    publisher_url = world.google.add(story)
    world.google.decoder_status = 503
    _feeds(world, world.google.feed("/rss/search", [story]))
    settings = settings_for(sqlite_url, world.feeds_file, world.hook, world.google, backoff_base_seconds=0.0)

    waiting = run_monitor(settings)
    assert not waiting.processed.pairs and not world.hook.received
    assert [f.transient for f in waiting.processed.failures] == [True]
    assert _links(settings)[story.link_id].transient

    world.google.decoder_status = 200
    resolved = run_monitor(settings)  # the entry was kept pending; the back-off (0 s here) is over
    assert [doc.url for doc, _ in resolved.processed.pairs] == [publisher_url]
    assert world.hook.received and all(publisher_url in a["message"] for a in world.hook.received)


def test_a_link_that_keeps_failing_for_now_settles_for_its_headline(sqlite_url: str, world: World) -> None:
    story = Story(article_id(1), "/world/kazakhstan-joins-ilrs")
    world.google.add(story)
    world.google.decoder_status = 503
    _feeds(world, world.google.feed("/rss/search", [story]))
    settings = settings_for(sqlite_url, world.feeds_file, world.hook, world.google, backoff_base_seconds=0.0)

    outcomes = [run_monitor(settings) for _ in range(links.GIVE_UP_AFTER)]

    assert [len(r.processed.pairs) for r in outcomes] == [0] * (links.GIVE_UP_AFTER - 1) + [1]
    (document,) = documents(settings)
    assert document.origin == "headline"
    assert len(world.google.decoder_hits()) == links.GIVE_UP_AFTER


def test_a_publisher_page_that_fails_for_now_keeps_the_google_entry_pending(sqlite_url: str, world: World) -> None:
    story = Story(article_id(1), "/world/kazakhstan-joins-ilrs")
    world.google.add(story)
    world.publisher.server.route(story.publisher_path, Response(503, b"busy"))
    _feeds(world, world.google.feed("/rss/search", [story]))
    settings = settings_for(sqlite_url, world.feeds_file, world.hook, world.google)

    run = run_monitor(settings)

    # The failure is reported under the entry's own link, so the entry is not marked done.
    assert [f.url for f in run.processed.failures] == [articles.canonical_url(world.google.link(story.link_id))]
    assert run.processed.done == ()
    (document,) = [doc for doc, _ in run.processed.pairs]  # the feed's text meanwhile, under the publisher's URL
    assert document.origin == "headline" and document.url.endswith(story.publisher_path)


def test_bing_news_links_lead_to_the_publisher(sqlite_url: str, world: World) -> None:
    url = world.publisher.publish("/space/astana-moon-base", "Astana signs up to China's moon base plan", INDEPENDENT)
    feed = rss(
        [
            {
                "title": "Astana signs up to China's moon base plan",
                "link": bing_click(url).replace("&", "&amp;"),
                "guid": "bing-1",
                "date": "Mon, 23 Nov 2026 09:30:00 GMT",
                "summary": "Kazakhstan became the newest member of the International Lunar Research Station.",
            }
        ]
    )
    world.google.server.route("/news/search", Response(200, feed, {"Content-Type": "application/rss+xml"}))
    _feeds(world, world.google.server.url("/news/search?q=ILRS&format=rss"))
    settings = settings_for(sqlite_url, world.feeds_file, world.hook)

    run = run_monitor(settings)

    assert [doc.url for doc, _ in run.processed.pairs] == [url]
    assert world.publisher.server.hits("/space/astana-moon-base")
    assert any("Kazakhstan" in alert["title"] for alert in world.hook.received)
    assert all(f"]({url})" in alert["message"] for alert in world.hook.received)


def test_the_monitor_flow_alerts_with_the_publishers_url(
    monkeypatch: pytest.MonkeyPatch, sqlite_url: str, world: World, prefect_harness: None
) -> None:
    from flows.monitor import monitor

    story = Story(article_id(1), "/world/kazakhstan-joins-ilrs")
    publisher_url = world.google.add(story)
    _feeds(world, world.google.feed("/rss/search", [story]))
    environment = {
        "ILRS_DATABASE_URL": sqlite_url,
        "ILRS_FEEDS_FILE": str(world.feeds_file),
        "ILRS_APPRISE_URLS": world.hook.url,
        "ILRS_ALLOW_PRIVATE_NETWORKS": "1",
        "ILRS_TASK_RETRIES": "0",
        "ILRS_GOOGLE_NEWS_BASE_URL": world.google.base_url,
    }
    for name, value in environment.items():
        monkeypatch.setenv(name, value)

    first = monitor()
    assert first.changes and all(c.source_url == publisher_url for c in first.changes)
    news = [c for c in first.changes if c.entity_key not in FOUNDERS]  # a founder found a member is no news
    assert len(world.hook.received) == len(news)
    assert all(f"]({publisher_url})" in a["message"] for a in world.hook.received)

    _feeds(world, world.google.feed("/rss/search-2", [story]))
    second = monitor()
    assert world.google.page_hits() == 1 and len(world.google.decoder_hits()) == 1
    assert not second.changes and len(world.hook.received) == len(news)


@pytest.mark.parametrize(
    ("breakage", "reason"),
    [
        ("decoder speaks html", "not in the batchexecute format"),
        ("page lost its signature", "no signature"),
        ("page gone", "HTTP 404"),
    ],
)
def test_a_broken_protocol_gives_headline_documents_with_the_reason_kept(
    sqlite_url: str, world: World, breakage: str, reason: str
) -> None:
    story = Story(article_id(1), "/world/kazakhstan-joins-ilrs")
    world.google.add(story)
    page = f"/rss/articles/{story.link_id}"
    if breakage == "decoder speaks html":
        world.google.server.route(BATCH_PATH, Response(200, b"<html>We're sorry...</html>"))
    elif breakage == "page lost its signature":
        world.google.server.route(page, Response(200, b"<html><body><c-wiz><div>moved</div></c-wiz></body></html>"))
    else:
        world.google.server.route(page, Response(404, b"not found"))
    entry = FeedEntry("feed:g", story.link_id, world.google.link(story.link_id), HEADLINE, "A summary.")
    settings = settings_for(sqlite_url, world.feeds_file, world.hook, world.google)
    store = Store(sqlite_url)
    try:
        store.migrate()

        async def resolve() -> links.Resolved:
            async with HttpClient(settings) as client:
                return await links.resolve_links([entry], client, store, settings)

        resolved = asyncio.run(resolve())
        answer = store.cached_links([story.link_id])[story.link_id]
    finally:
        store.close()
    assert not resolved.entries and not resolved.waiting
    (document,) = resolved.headlines
    assert (document.origin, document.entry_id) == ("headline", story.link_id) and "headline only" in document.site
    assert reason in (answer.error or "") and not answer.transient
    assert "REDACTED" not in (answer.error or "")  # an edition's query (hl, gl, ceid) holds no secret to hide
