"""Local imitations of news aggregators for tests: Google News (search feed, article pages with a signature,
the batchexecute decoder), Bing News click-tracking links, a publisher, and an apprise json:// endpoint.

They answer in each service's own format, over real sockets on 127.0.0.1, so the code under test speaks the
same protocol it speaks on the internet.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from urllib.parse import parse_qs, quote

from flows import tasks
from pipeline import monitor as stages
from pipeline.records import Document
from pipeline.settings import Settings
from pipeline.store import Store
from tests.localserver import LocalServer, Request, Response
from tests.scenario import ACCESSION, page

BATCH_PATH = "/_/DotsSplashUi/data/batchexecute"
WHEN = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
HEADLINE = "Kazakhstan joins China-Russia lunar research station"
SUMMARY = "Kazakhstan signed an agreement on the International Lunar Research Station."


def article_id(n: int) -> str:
    """An id shaped like Google's (URL-safe base64, 'CBMi' prefix); the imitation knows no other meaning."""
    return "CBMi" + hashlib.sha256(f"article-{n}".encode()).hexdigest()[:40] + "_-Q"


@dataclass
class Story:
    link_id: str
    publisher_path: str
    title: str = HEADLINE
    summary: str = SUMMARY
    paragraphs: list[str] = field(default_factory=lambda: list(ACCESSION))


class Publisher:
    """A news site on its own port: the pages the aggregators point at."""

    def __init__(self, server: LocalServer) -> None:
        self.server = server

    def publish(self, path: str, title: str, paragraphs: list[str]) -> str:
        body = page(title, paragraphs, site="Steppe Herald", byline="By a staff writer", published=WHEN)
        self.server.route(path, Response(200, body, {"Content-Type": "text/html; charset=utf-8"}))
        return self.server.url(path)


class GoogleNews:
    """Search feeds whose items link to /rss/articles/<id>; article pages that carry a signature and timestamp;
    a batchexecute endpoint that answers `Fbv4je` calls only for an id with its own page's signature."""

    def __init__(self, server: LocalServer, publisher: Publisher) -> None:
        self.server = server
        self.publisher = publisher
        self.urls: dict[str, str] = {}  # id → publisher URL
        self.refused: set[str] = set()  # ids the decoder answers without a URL
        self.decoder_status = 200
        server.route(BATCH_PATH, self._decode)

    @property
    def base_url(self) -> str:
        return self.server.url("").rstrip("/")

    def add(self, story: Story) -> str:
        url = self.publisher.publish(story.publisher_path, story.title, story.paragraphs)
        self.urls[story.link_id] = url
        signature, stamp = self._signed(story.link_id)
        article = f"""<!doctype html><html><head><title>Google News</title></head><body>
<c-wiz jsrenderer="ARwRbe" class="zQTmif"><div jscontroller="aLI87" jsaction="rcuQ6b:npT2md"
 data-n-a-id="{story.link_id}" data-n-a-ts="{stamp}" data-n-a-sg="{signature}" data-n-a-cid="1">
<a href="{url}" rel="nofollow">Opening {escape(url)}</a></div></c-wiz>
<script>window.setTimeout(function () {{ /* the real page moves on by script */ }}, 0);</script>
</body></html>"""
        self.server.route(
            f"/rss/articles/{story.link_id}", Response(200, article.encode(), {"Content-Type": "text/html"})
        )
        return url

    def link(self, link_id: str) -> str:
        return self.server.url(f"/rss/articles/{link_id}?oc=5&hl=en-US&gl=US&ceid=US:en")

    def feed(self, path: str, stories: list[Story], query: str = "ILRS") -> str:
        items = "\n".join(
            f"""<item><title>{escape(s.title)} - Steppe Herald</title><link>{self.link(s.link_id)}</link>
<guid isPermaLink="false">{s.link_id}</guid><pubDate>{format_datetime(WHEN)}</pubDate>
<description>{escape(self._snippet(s))}</description>
<source url="{self.publisher.server.url("/")}">Steppe Herald</source></item>"""
            for s in stories
        )
        body = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><generator>NFE/5.0</generator>
<title>"{escape(query)}" - Google News</title><link>{self.server.url("/search")}</link><language>en-US</language>
<description>Google News</description>
{items}
</channel></rss>"""
        self.server.route(path, Response(200, body.encode(), {"Content-Type": "application/rss+xml; charset=utf-8"}))
        return self.server.url(path + "?q=ILRS&hl=en-US&gl=US&ceid=US:en")

    def _snippet(self, story: Story) -> str:
        # Google's descriptions hold the linked title and the outlet; a snippet gives the fallback something to read.
        return (
            f'<ol><li><a href="{self.link(story.link_id)}" target="_blank">{escape(story.title)}</a>&nbsp;&nbsp;'
            f'<font color="#6f6f6f">Steppe Herald</font></li></ol><p>{escape(story.summary)}</p>'
        )

    def page_hits(self) -> int:
        return sum(1 for r in self.server.requests if r.path.startswith("/rss/articles/"))

    def decoder_hits(self) -> list[Request]:
        return self.server.hits(BATCH_PATH)

    def _signed(self, link_id: str) -> tuple[str, int]:
        return "AZ5r3e" + hashlib.sha256(link_id.encode()).hexdigest()[:24], 1764000000 + len(link_id)

    def _decode(self, request: Request) -> Response:
        if self.decoder_status != 200:
            return Response(self.decoder_status, b"try later", {"Retry-After": "0"})
        if request.method != "POST" or not request.headers.get("content-type", "").startswith(
            "application/x-www-form-urlencoded"
        ):
            return Response(400, b"bad request")
        calls = json.loads(parse_qs(request.body.decode())["f.req"][0])[0]
        rows: list[list[object]] = []
        for rpc, arguments, _, tag in calls:
            kind, _context, link_id, stamp, signature = json.loads(arguments)
            known = rpc == "Fbv4je" and kind == "garturlreq" and link_id in self.urls
            valid = known and (signature, stamp) == self._signed(link_id) and link_id not in self.refused
            payload = json.dumps(["garturlres", self.urls[link_id], 1]) if valid else None
            rows.append(["wrb.fr", "Fbv4je", payload, None, None, None if valid else [3], tag])
        rows += [["di", 27], ["af.httprm", 26, "-5712471585403710937", 7]]
        return Response(
            200, b")]}'\n\n" + json.dumps(rows).encode(), {"Content-Type": "application/json; charset=utf-8"}
        )


def bing_click(publisher_url: str) -> str:
    """A Bing News click-tracking link around a publisher URL, encoded the way Bing encodes it (lower-case hex)."""
    encoded = quote(publisher_url, safe="").replace("%3A", "%3a").replace("%2F", "%2f")
    return (
        "http://www.bing.com/news/apiclick.aspx?ref=FexRss&aid=&tid=6F2A1C0B9E4D4A7F8C3B2E1D0A9F8E7D"
        f"&url={encoded}&c=1234567890123456789&mkt=en-us"
    )


class Hook:
    """A notification endpoint that apprise's json:// plugin posts to."""

    def __init__(self, server: LocalServer) -> None:
        self.server = server
        self.received: list[dict[str, str]] = []
        server.route("/hook", self._handle)

    def _handle(self, request: Request) -> Response:
        self.received.append(json.loads(request.body))
        return Response(200, b"ok")

    @property
    def url(self) -> str:
        return f"json://127.0.0.1:{self.server.port}/hook"


def settings_for(
    db_url: str, feeds_file: object, hook: Hook, google: GoogleNews | None = None, **extra: object
) -> Settings:
    values: dict[str, object] = {
        "database_url": db_url,
        "feeds_file": feeds_file,
        "apprise_everything_urls": (hook.url,),  # every change, sure or not: these tests are about links
        "allow_private_networks": True,
        "task_retries": 0,
    }
    if google is not None:
        values["google_news_base_url"] = google.base_url
    return Settings(**(values | extra))


@dataclass
class Run:
    processed: stages.Processed
    changes: int
    sent: int


def run_monitor(settings: Settings) -> Run:
    """One monitor run through the tasks' bodies, as the flow sequences them."""
    with Store(settings.database()) as store:
        stages.prepare(store)
        polls = tasks.poll_feeds.fn(store, settings, stages.load_feed_configs(settings))
        triaged = stages.triage(store, polls)
        processed = tasks.fetch_and_extract.fn(store, settings, list(triaged.relevant))
        run_id = stages.new_run_id()
        result = stages.ingest(store, processed.pairs, policy="live", run_id=run_id, done=processed.done)
        delivery = stages.deliver(store, settings, "test")
    return Run(processed, len(result.changes), delivery.sent)


def documents(settings: Settings) -> list[Document]:
    store = Store(settings.database())
    try:
        return list(store.documents())
    finally:
        store.close()
