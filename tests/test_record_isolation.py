"""One bad record is that record's problem: an entry whose link is no URL is refused, with its reason in the run
summary and in `ilrs-watch feeds`, and the good entries beside it are fetched."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from pipeline import feed_health, feeds, report
from pipeline.settings import Settings
from pipeline.store import Store
from tests.localserver import LocalServer, Response
from tests.test_hostile_text import PAGE, SENTENCE, _run


def _item(title: str, link: str, guid: str) -> str:
    return (
        f"<item><title>{title} joins the International Lunar Research Station</title><link>{link}</link>"
        f"<guid>{guid}</guid><description>the International Lunar Research Station</description></item>"
    )


def test_an_entry_with_an_invalid_link_fails_alone_and_the_rest_of_its_feed_is_fetched(
    db_url: str, server: LocalServer, tmp_path: Path
) -> None:
    items = _item("Mongolia", server.url("/a"), "1") + _item("Nobody", "http://[::1/x", "2")
    items += _item("Nepal", server.url("/b"), "3") + _item("Script", "javascript:alert(1)", "4")
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>{items}</channel></rss>'
    server.route("/feed.xml", Response(200, feed.encode(), {"Content-Type": "application/rss+xml"}))
    for path, country in (("/a", "Mongolia"), ("/b", "Nepal")):
        body = PAGE.format(sentence=SENTENCE.replace("Mongolia", country)).encode()
        server.route(path, Response(200, body, {"Content-Type": "text/html"}))
    feed_list = tmp_path / "feeds.yaml"
    feed_list.write_text(f"feeds:\n  - url: {server.url('/feed.xml')}\n")
    settings = Settings(database_url=db_url, feeds_file=feed_list, allow_private_networks=True)  # type: ignore[arg-type]

    summary = _run(settings)

    assert sorted(c.name for c in summary.changes) == ["Mongolia", "Nepal"]
    assert summary.feeds_failed == 0 and summary.documents_new == 2
    refused = [n for n in summary.notes if "entry refused" in n]
    assert len(refused) == 2 and "entry 2: its link is not an http(s) URL: [unparseable URL]" in refused[0]
    assert "entry 4" in refused[1]
    with Store(settings.database()) as store:
        rows = feed_health.rows(feeds.load_feeds(feed_list), store.feed_states(), datetime.now(UTC))
    assert rows[0]["state"] == "ok" and "2 entry(ies) refused" in rows[0]["last error"]
    assert "entry refused" in report.summary_markdown(summary)


def test_a_json_feed_item_with_an_invalid_link_is_refused_alone() -> None:
    body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": [
        {"id": "1", "url": "https://ok.example/a", "title": "A"},
        {"id": "2", "url": "http://[::1/x", "title": "B"},
    ]}).encode()  # fmt: skip

    entries, bozo, _, refused = feeds.read_feed(body, "https://f.example/feed.json", "application/feed+json")

    assert [e.entry_id for e in entries] == ["1"] and not bozo
    assert refused == ("entry 2: its link is not an http(s) URL: [unparseable URL]",)
