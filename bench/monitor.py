"""Monitor throughput: the pipeline's feed polling and article extraction against a plain sequential loop.

A fixture server in a separate process serves N RSS feeds and M article pages on 127.0.0.1. The pipeline's own
library code (feeds.poll_feeds through pipeline.http.HttpClient, then articles.fetch_documents and
monitor.extract, as monitor.fetch_and_extract does) polls every feed and extracts every article twice:
pass 1 finds everything new (all 200), pass 2 re-polls with the feed state of pass 1 (ETags), so most feeds
answer 304 and only the changed feeds' new articles are fetched. No Prefect, no database.

The baseline, in the same run against the same server: for each feed a GET and feedparser.parse, for each
article a GET and trafilatura.extract, one after another, without conditional GET.

    .venv/bin/python bench/monitor.py [--feeds 1000] [--articles 2000] [--latency-ms 0] [--quick]
"""

from __future__ import annotations

import argparse
import html
import multiprocessing as mp
import os
import platform
import random
import re
import resource
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # the project's `pipeline`, with or without an editable install

# Heavy imports (pipeline, httpx, feedparser, trafilatura) happen inside the functions that need them, so the
# fixture server process (started with "spawn") imports only the standard library.

SEED = 20240425
CHANGED_SHARE = 0.10  # feeds that publish a new article between pass 1 and pass 2

# --- the fixture: feeds and article pages ------------------------------------------------------------------

SITES = (
    "The Orbital Ledger",
    "Lunar Wire",
    "Daily Meridian",
    "Global Science Post",
    "Payload Review",
    "Southern Courier",
    "Asia Space Digest",
    "The Evening Gazette",
)

PARTNERS = (
    ("Pakistan", "the Space and Upper Atmosphere Research Commission (SUPARCO)", "Islamabad"),
    ("Azerbaijan", "the Azerbaijan Space Agency", "Baku"),
    ("Belarus", "the National Academy of Sciences of Belarus", "Minsk"),
    ("South Africa", "the South African National Space Agency", "Pretoria"),
    ("Egypt", "the Egyptian Space Agency", "Cairo"),
    ("Venezuela", "the Bolivarian Agency for Space Activities", "Caracas"),
    ("Thailand", "the National Astronomical Research Institute of Thailand", "Chiang Mai"),
    ("Senegal", "the Senegalese Space Studies Agency", "Dakar"),
    ("Serbia", "the Serbian Ministry of Science", "Belgrade"),
    ("Kazakhstan", "the Kazakh aerospace committee", "Astana"),
    ("Nicaragua", "the Nicaraguan space secretariat", "Managua"),
    ("Bolivia", "the Bolivian Space Agency", "La Paz"),
)
MISSIONS = (("Chang'e-7", 2026), ("Chang'e-8", 2028), ("Luna-27", 2028))
OFFICIALS = ("Amina Qureshi", "Rustam Aliyev", "Pieter van Wyk", "Nadia Farouk", "Somchai Rattana", "Ivan Petrovic")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")

ILRS_TITLES = (
    "{country} signs on to China-led International Lunar Research Station",
    "{country} and CNSA sign memorandum on the ILRS moon base",
    "{country} becomes the latest partner of the International Lunar Research Station",
    "{country} in talks to join the International Lunar Research Station",
)
ILRS_PARAGRAPHS = (
    "{country} has signed an agreement with the China National Space Administration (CNSA) to take part in the "
    "International Lunar Research Station (ILRS), officials said on {weekday}.",
    "The memorandum of understanding was signed in {city} by the head of {agency} and a deputy administrator of "
    "CNSA, according to a statement the agency published after the ceremony.",
    "Under the deal, {country} will contribute scientific instruments, ground station time and the training of "
    "young engineers, the statement said. No budget figures were disclosed.",
    "The ILRS is meant to become a permanent research base near the lunar south pole. Its first building blocks "
    "are expected to fly with the {mission} mission around {year}.",
    "China and Russia announced the project in 2021 and have since invited space agencies, universities and "
    "research institutes to join. More than a dozen countries have now put their names to it.",
    "{official}, who signed for {agency}, said the agreement would give local scientists a seat at one of the "
    "most ambitious lunar programmes of the decade.",
    "Analysts note that many of the partners so far have small space budgets, and that the agreements are often "
    "framework documents without firm funding commitments.",
    "The station is widely seen as a rival to the US-led Artemis programme, which gathers its own group of "
    "signatories under the Artemis Accords.",
    "Officials in {city} said a working group would meet before the end of the year to agree on the first joint "
    "experiments and on data sharing rules.",
)

OTHER_TOPICS = (
    (
        (
            "City council approves revised budget for road repairs",
            "Council delays vote on new bus lanes after heated meeting",
        ),
        (
            "The city council on {weekday} approved a revised budget that moves money from office renovations to "
            "road repairs in the northern districts.",
            "Councillors argued for almost three hours over the size of the contingency fund before the measure "
            "passed by a narrow margin.",
            "Residents who spoke at the meeting complained about potholes, broken street lights and the slow pace "
            "of work on the main bridge.",
            "The finance committee said the plan keeps local taxes unchanged for a second year in a row.",
            "Work on the first twenty streets is due to start in spring, weather permitting, the mayor's office said.",
            "Opposition members called the figures optimistic and asked for a quarterly progress report.",
        ),
    ),
    (
        (
            "New weather satellite reaches orbit after early morning launch",
            "Polar-orbiting weather satellite sends back its first images",
        ),
        (
            "A new polar-orbiting weather satellite reached its planned orbit on {weekday} after an early morning "
            "launch, the national meteorological service said.",
            "The spacecraft carries an improved microwave sounder that should sharpen forecasts of heavy rain and "
            "tropical storms.",
            "Engineers will spend about three months testing the instruments before the data are fed into "
            "operational forecasting models.",
            "The satellite replaces an older model that has been in service for more than twelve years.",
            "Forecasters said the first test images showed cloud structures in far finer detail than before.",
            "The programme is funded jointly by several European weather agencies.",
        ),
    ),
    (
        (
            "Artemis crew begins final training phase",
            "NASA reviews heat shield data ahead of next crewed lunar flight",
        ),
        (
            "The four astronauts assigned to the next Artemis flight around the Moon began their final training "
            "phase this week, NASA said.",
            "The agency is still reviewing heat shield data from the uncrewed test flight before confirming the "
            "launch window.",
            "Managers told reporters on {weekday} that the schedule depends on the delivery of life support "
            "components.",
            "The mission will not land but will test the Orion capsule's systems with people on board.",
            "International partners in the Artemis Accords are expected to provide hardware for later missions.",
            "Critics in Congress have questioned the cost of the programme and the pace of the lander contracts.",
        ),
    ),
    (
        (
            "Home side edges rivals in late thriller",
            "Injury-hit squad grinds out draw away from home",
        ),
        (
            "The home side scored twice in the last ten minutes on {weekday} to snatch a win that lifts them to "
            "third place in the table.",
            "The coach praised the substitutes, who changed the rhythm of a match that had looked lost at half time.",
            "A crowd of almost twenty thousand stayed to the end despite persistent rain.",
            "The visitors complained about a penalty decision that the referee reviewed on the pitchside monitor.",
            "Both teams play again on the weekend before a two-week international break.",
            "The club said ticket sales for the next home game were already close to capacity.",
        ),
    ),
    (
        (
            "Start-up unveils solar battery for small farms",
            "Regional grid operator warns of summer capacity squeeze",
        ),
        (
            "A local start-up on {weekday} unveiled a battery system designed to store solar power for small farms "
            "that are not connected to the grid.",
            "The company says the unit can run an irrigation pump for a full night on a single charge.",
            "Investors put in fresh funding last month, and the first units are due to ship before harvest.",
            "Agricultural economists said cheaper storage could cut the use of diesel generators in rural areas.",
            "The regional grid operator separately warned of a capacity squeeze during the hottest weeks of summer.",
            "The start-up plans to open an assembly line in the industrial park outside the city next year.",
        ),
    ),
)

NAV = ("Home", "World", "Politics", "Business", "Science", "Space", "Technology", "Sport", "Culture", "Opinion",
       "Video", "Podcasts", "Newsletters")
FOOTER = ("About us", "Contact", "Careers", "Advertise", "Privacy policy", "Terms of use", "Cookie settings",
          "Corrections", "RSS feeds", "Accessibility")


def _rng(*parts: int) -> random.Random:
    return random.Random(hash_int(SEED, *parts))


def hash_int(*parts: int) -> int:
    value = 1469598103934665603
    for part in parts:
        value = ((value ^ part) * 1099511628211) % (1 << 64)
    return value


class Fixture:
    """Deterministic content: feed i lives on host (port) i % hosts and links articles m with m % feeds == i.

    Between pass 1 and pass 2 a seeded ~10% of the feeds publish one new article (numbered from `articles` on)
    and drop their oldest item, so their ETag changes; the rest stay byte for byte the same.
    """

    def __init__(self, feeds: int, articles: int, ports: list[int]) -> None:
        self.feeds, self.articles, self.ports = feeds, articles, ports
        changed = sorted(random.Random(SEED).sample(range(feeds), round(feeds * CHANGED_SHARE)))
        self.new_article = {feed: articles + k for k, feed in enumerate(changed)}  # changed feed -> its new article
        self.owner = {m: feed for feed, m in self.new_article.items()}
        self.epoch = datetime(2025, 5, 1, 6, 0, tzinfo=UTC)

    def base(self, feed: int) -> str:
        return f"http://127.0.0.1:{self.ports[feed % len(self.ports)]}"

    def feed_of(self, m: int) -> int:
        return self.owner[m] if m >= self.articles else m % self.feeds

    def feed_url(self, feed: int) -> str:
        return f"{self.base(feed)}/feed/{feed}.xml"

    def article_url(self, m: int) -> str:
        return f"{self.base(self.feed_of(m))}/article/{m}.html"

    def published(self, m: int) -> datetime:
        return self.epoch + timedelta(minutes=7 * m)

    def items(self, feed: int, generation: int) -> list[int]:
        """Article numbers in a feed, newest first."""
        items = sorted(range(feed, self.articles, self.feeds), reverse=True)
        if generation >= 2 and feed in self.new_article:
            items = [self.new_article[feed], *items[:-1]] if items else [self.new_article[feed]]
        return items

    def etag(self, feed: int, generation: int) -> str:
        version = 2 if generation >= 2 and feed in self.new_article else 1
        return f'"feed-{feed}-v{version}"'

    # --- articles ---

    def story(self, m: int) -> tuple[str, list[str], bool]:
        """Title, paragraphs and whether the story is about the ILRS (about 40% are)."""
        rng = _rng(m)
        country, agency, city = rng.choice(PARTNERS)
        mission, year = rng.choice(MISSIONS)
        fill = {
            "country": country,
            "agency": agency,
            "city": city,
            "mission": mission,
            "year": year,
            "official": rng.choice(OFFICIALS),
            "weekday": rng.choice(WEEKDAYS),
        }
        if rng.random() < 0.4:
            title = rng.choice(ILRS_TITLES)
            paragraphs = [ILRS_PARAGRAPHS[0], *rng.sample(ILRS_PARAGRAPHS[1:], rng.randint(4, 6))]
            about = True
        else:
            titles, pool = rng.choice(OTHER_TOPICS)
            title = rng.choice(titles)
            paragraphs = [pool[0], *rng.sample(pool[1:], rng.randint(3, 5))]
            about = False
        capitalised = (p.format(**fill) for p in paragraphs)
        return title.format(**fill), [p[0].upper() + p[1:] for p in capitalised], about

    def article_html(self, m: int) -> bytes:
        feed = self.feed_of(m)
        site = SITES[feed % len(SITES)]
        title, paragraphs, _ = self.story(m)
        when = self.published(m).isoformat()
        url = self.article_url(m)
        rng = _rng(m, 7)
        related = [self.story(r)[0] for r in rng.sample(range(self.articles), min(4, self.articles))]
        e = html.escape
        nav = "".join(f'<li><a href="/section/{n.lower()}">{n}</a></li>' for n in NAV)
        footer = "".join(f'<li><a href="/help/{i}">{n}</a></li>' for i, n in enumerate(FOOTER))
        aside = "".join(f'<li><a href="/article/{r}.html">{e(t)}</a></li>' for r, t in enumerate(related))
        body = "\n".join(f"<p>{e(p)}</p>" for p in paragraphs)
        author = rng.choice(("Staff reporter", "Maria Lindqvist", "Chen Yu", "Omar Haddad", "Lucia Ferreira"))
        page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{e(title)} | {site}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{e(paragraphs[0][:150])}">
<meta name="author" content="{author}">
<meta property="og:title" content="{e(title)}"><meta property="og:site_name" content="{site}">
<meta property="og:type" content="article"><meta property="og:url" content="{url}">
<meta property="article:published_time" content="{when}">
<link rel="canonical" href="{url}"><link rel="stylesheet" href="/static/site.css">
<script>window.dataLayer=window.dataLayer||[];
function gtag(){{dataLayer.push(arguments)}}gtag('js',new Date());</script>
</head><body>
<div class="cookie-banner"><p>We use cookies to improve your experience and to show you relevant advertising.
<a href="/help/6">Manage preferences</a></p><button>Accept all</button></div>
<header class="masthead"><a class="logo" href="/">{site}</a><form action="/search"><input name="q"></form>
<nav class="main-nav"><ul>{nav}</ul></nav></header>
<div class="breadcrumb"><a href="/">Home</a> &rsaquo; <a href="/section/science">Science</a></div>
<main><article>
<h1>{e(title)}</h1>
<div class="byline">By <span class="author">{author}</span> &middot; <time datetime="{when}">{when[:10]}</time></div>
<div class="share"><a href="/share/x">Share on X</a> <a href="/share/fb">Facebook</a>
<a href="/share/mail">Email</a></div>
{body}
<div class="newsletter"><p>Get our morning briefing in your inbox.</p><form><input name="email"></form></div>
</article>
<aside class="related"><h2>Most read</h2><ul>{aside}</ul></aside></main>
<footer><ul>{footer}</ul><p>&copy; 2025 {site}. All rights reserved.</p></footer>
</body></html>
"""
        return page.encode()

    def feed_xml(self, feed: int, generation: int) -> bytes:
        site = SITES[feed % len(SITES)]
        items = []
        for m in self.items(feed, generation):
            title, paragraphs, _ = self.story(m)
            url = self.article_url(m)
            items.append(
                f"<item><title>{html.escape(title)}</title><link>{url}</link>"
                f'<guid isPermaLink="true">{url}</guid><pubDate>{format_datetime(self.published(m))}</pubDate>'
                f"<description>{html.escape(paragraphs[0])}</description></item>"
            )
        newest = max((self.published(m) for m in self.items(feed, generation)), default=self.epoch)
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
            f"<title>{site}: feed {feed}</title><link>{self.base(feed)}/</link>"
            f"<description>Latest stories from {site}</description><language>en</language>"
            f"<lastBuildDate>{format_datetime(newest)}</lastBuildDate>{''.join(items)}</channel></rss>\n"
        ).encode()


# --- the fixture server (its own process) ------------------------------------------------------------------

_FEED_PATH = re.compile(r"^/feed/(\d+)\.xml$")
_ARTICLE_PATH = re.compile(r"^/article/(\d+)\.html$")


def serve(feeds: int, articles: int, hosts: int, latency_ms: int, generation, ready, stop) -> None:
    """Entry point of the server process: bind `hosts` ports, build every response, report the ports, serve."""

    delay = latency_ms / 1000

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 512  # the default backlog of 5 drops bursts of concurrent connects

    class Handler(BaseHTTPRequestHandler):  # reads `feed_docs` and `pages`, built below before any request
        protocol_version = "HTTP/1.1"
        # An answer's head and body leave in one write, as a web server sends them. Unbuffered, http.server wrote
        # them in two, and on a busy kept-alive connection Nagle's algorithm held the body until the client's
        # delayed ACK of the head: 40 ms more for every answer with a body, paid only by a client that reuses a
        # connection at once (the pipeline's 4 per host), not by one that goes round 8 hosts (the baseline).
        wbufsize = 64 * 1024

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            if delay:
                time.sleep(delay)
            path = self.path.split("?")[0]
            if match := _FEED_PATH.match(path):
                feed = int(match.group(1))
                if feed >= feeds:
                    return self._send(404, b"no such feed")
                etag, body = feed_docs[(feed, generation.value)]
                if self.headers.get("If-None-Match") == etag:
                    return self._send(304, None, {"ETag": etag})
                return self._send(200, body, {"Content-Type": "application/rss+xml; charset=utf-8", "ETag": etag})
            if (match := _ARTICLE_PATH.match(path)) and int(match.group(1)) in pages:
                return self._send(200, pages[int(match.group(1))], {"Content-Type": "text/html; charset=utf-8"})
            return self._send(404, b"not found")

        def _send(self, status: int, body: bytes | None, headers: dict[str, str] | None = None) -> None:
            try:
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                if body is not None:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if body:
                    self.wfile.write(body)
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

    servers = [Server(("127.0.0.1", 0), Handler) for _ in range(hosts)]
    fixture = Fixture(feeds, articles, [s.server_address[1] for s in servers])
    pages = {m: fixture.article_html(m) for m in range(articles + len(fixture.new_article))}
    feed_docs = {
        (i, v): (fixture.etag(i, v), fixture.feed_xml(i, v)) for i in range(feeds) for v in (1, 2)
    }

    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    ready.put([s.server_address[1] for s in servers])
    stop.wait()
    for server in servers:
        server.shutdown()
        server.server_close()


# --- the pipeline ------------------------------------------------------------------------------------------


class PassResult:
    def __init__(self) -> None:
        self.feeds = 0
        self.feed_seconds = 0.0
        self.outcomes: dict[str, int] = {}
        self.states: dict = {}
        self.entries: list = []
        self.articles = 0
        self.fetch_seconds = 0.0  # fetch + trafilatura.bare_extraction + canonical URL + simhash
        self.entity_seconds = 0.0  # entities.extract
        self.article_failures: list = []
        self.relevant = 0
        self.feed_errors: list[str] = []

    @property
    def article_seconds(self) -> float:
        return self.fetch_seconds + self.entity_seconds


def pipeline_pass(settings, configs, states: dict, seen: set, pool=None) -> PassResult:
    import asyncio

    from pipeline import articles, feeds, monitor
    from pipeline.http import HttpClient

    async def poll():
        async with HttpClient(settings) as client:
            return await feeds.poll_feeds(client, configs, states, settings, datetime.now(UTC))

    async def fetch(chunk):
        async with HttpClient(settings) as client:
            return await articles.fetch_documents(client, chunk, settings, pool)

    result = PassResult()
    start = time.perf_counter()
    polls = asyncio.run(poll())
    result.feed_seconds = time.perf_counter() - start
    result.feeds = len(polls)
    result.states = {p.state.url: p.state for p in polls}
    for p in polls:
        result.outcomes[p.outcome] = result.outcomes.get(p.outcome, 0) + 1
        if p.error:
            result.feed_errors.append(p.error)
    # What triage does with the store: each entry is processed once (here every entry counts, on topic or not,
    # so the pipeline does the same work as the baseline).
    entries = list({(e.feed_url, e.entry_id): e for p in polls for e in p.entries}.values())
    result.entries = [e for e in entries if (e.feed_url, e.entry_id) not in seen]
    # monitor.fetch_and_extract, one chunk of settings.articles_per_task at a time, timed in its two halves
    # (with a pool, pages are read, entities included, while others are fetched: the second half is empty).
    for chunk in monitor.chunked(result.entries, settings.articles_per_task):
        start = time.perf_counter()
        read, failures = asyncio.run(fetch(chunk))
        middle = time.perf_counter()
        pairs = [(d, found) for d, found in read if found is not None]
        pairs += monitor.extract([d for d, found in read if found is None])
        result.entity_seconds += time.perf_counter() - middle
        result.fetch_seconds += middle - start
        result.article_failures.extend(failures)
        result.relevant += sum(1 for _, extraction in pairs if extraction.relevant)
        result.articles += len(read)
    return result


# --- the baseline ------------------------------------------------------------------------------------------


class BaselineResult:
    def __init__(self) -> None:
        self.feeds = self.articles = self.entries = self.empty = 0
        self.feed_seconds = self.article_seconds = 0.0


def baseline(feed_urls: list[str], article_urls: list[str]) -> BaselineResult:
    """A plain loop: GET then feedparser.parse per feed, GET then trafilatura.extract per article."""
    import feedparser
    import httpx
    import trafilatura

    result = BaselineResult()
    with httpx.Client(timeout=30) as client:  # one keep-alive client: a fair baseline, not a strawman
        start = time.perf_counter()
        for url in feed_urls:
            response = client.get(url)
            result.entries += len(feedparser.parse(response.content).entries)
            result.feeds += 1
        result.feed_seconds = time.perf_counter() - start
        start = time.perf_counter()
        for url in article_urls:
            response = client.get(url)
            text = trafilatura.extract(response.content)
            result.empty += not text
            result.articles += 1
        result.article_seconds = time.perf_counter() - start
    return result


def warm_up(fixture: Fixture) -> None:
    """Import and exercise every library once, so neither side pays first-call costs inside its timing."""
    import feedparser
    import httpx
    import trafilatura

    from pipeline import articles, entities, feeds

    with httpx.Client(timeout=30) as client:
        feed = client.get(fixture.feed_url(0)).content
        page = client.get(fixture.article_url(0)).content
    feedparser.parse(feed)
    feeds.parse_feed(feed, fixture.feed_url(0))
    trafilatura.extract(page)
    document = articles.from_html(page, fixture.article_url(0))
    entities.extract(document.text, title=document.title)


# --- the report --------------------------------------------------------------------------------------------


def rate(items: int, seconds: float) -> float:
    return items / seconds if seconds > 0 else float("nan")


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--latency-ms", type=int, default=0, help="server sleeps this long per request")
    parser.add_argument("--quick", action="store_true", help="smoke run: 100 feeds, 200 articles")
    parser.add_argument("--hosts", type=int, default=8, help="ports the feeds are spread over (publishers)")
    parser.add_argument("--baseline-feeds", type=int, default=200, help="feeds in the baseline sample")
    parser.add_argument("--baseline-articles", type=int, default=300, help="articles in the baseline sample")
    args = parser.parse_args(argv)
    if args.quick:
        args.feeds, args.articles = 100, 200
    if args.feeds < 1 or args.articles < 0 or args.hosts < 1 or args.latency_ms < 0:
        parser.error("--feeds and --hosts must be at least 1, --articles and --latency-ms at least 0")
    os.environ.setdefault("DO_NOT_TRACK", "1")

    from pipeline.records import FeedConfig
    from pipeline.settings import Settings

    settings = Settings.from_env(allow_private_networks=True)
    ctx = mp.get_context("spawn")
    generation, ready, stop = ctx.RawValue("i", 1), ctx.Queue(), ctx.Event()
    server = ctx.Process(
        target=serve,
        args=(args.feeds, args.articles, args.hosts, args.latency_ms, generation, ready, stop),
        name="bench-fixture-server",
        daemon=True,
    )
    started = time.perf_counter()
    server.start()
    try:
        ports = ready.get(timeout=120)
        fixture = Fixture(args.feeds, args.articles, ports)
        configs = [FeedConfig(url=fixture.feed_url(i)) for i in range(args.feeds)]
        warm_up(fixture)
        from pipeline import extraction

        # The pool `fetch-and-extract` tasks use (`extract_workers`: 0 = one process per core, 1 = none), started
        # before timing as a run's worker keeps it.
        extractor = extraction.shared(settings.extract_workers)
        if extractor.executor is not None:
            extractor.submit([]).result()

        pass1 = pipeline_pass(settings, configs, {}, set(), extractor.executor)
        seen = {(e.feed_url, e.entry_id) for e in pass1.entries}
        generation.value = 2  # ~10% of the feeds publish a new article
        pass2 = pipeline_pass(settings, configs, pass1.states, seen, extractor.executor)
        pipeline_rss = peak_rss_mib()
        workers = extractor.workers
        extractor.close()

        sample_feeds = [fixture.feed_url(i) for i in range(min(args.baseline_feeds, args.feeds))]
        sample_articles = [fixture.article_url(m) for m in range(min(args.baseline_articles, args.articles))]
        base = baseline(sample_feeds, sample_articles)
    finally:
        stop.set()
        server.join(10)
        if server.is_alive():
            server.terminate()
            server.join(5)
    total = time.perf_counter() - started

    report(args, settings, pass1, pass2, base, pipeline_rss, total, workers)
    return 0


def report(args, settings, pass1: PassResult, pass2: PassResult, base: BaselineResult, pipeline_rss, total, workers):
    base_feeds = rate(base.feeds, base.feed_seconds)
    base_articles = rate(base.articles, base.article_seconds)
    sampled = base.feeds < args.feeds or base.articles < args.articles
    print("ILRS Watch monitor benchmark")
    print(
        f"  fixture   {args.feeds} RSS feeds, {args.articles} article pages (+{len(pass2.entries)} new on pass 2), "
        f"{args.hosts} host(s) = ports on 127.0.0.1, separate process, latency {args.latency_ms} ms/request"
    )
    print(
        f"  pipeline  feeds.poll_feeds + articles.fetch_documents + monitor.extract (entities), no Prefect, no DB; "
        f"concurrency {settings.concurrency}, per host {settings.per_host_concurrency}, "
        f"{settings.articles_per_task} articles per chunk, "
        + (f"pages read on {workers} worker processes while others are fetched" if workers > 1 else
           "pages read in this process after the chunk is fetched (extract_workers=1)")
    )
    print(
        f"  baseline  sequential httpx.Client GET + feedparser.parse / trafilatura.extract, no conditional GET; "
        f"{'sample: first ' if sampled else 'all '}{base.feeds} feeds and {base.articles} articles"
    )
    print(f"  machine   Python {platform.python_version()}, {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.1f} at the end (other work on the machine slows every side)")
    print()
    header = (
        f"{'run':<24}{'feeds':>7}{'feeds/s':>10}{'articles':>10}{'articles/s':>12}{'excl. entities':>16}{'wall s':>9}"
    )
    print(header)
    print("-" * len(header))
    for name, p in (("pipeline pass 1", pass1), ("pipeline pass 2", pass2)):
        print(
            f"{name:<24}{p.feeds:>7}{rate(p.feeds, p.feed_seconds):>10.1f}{p.articles:>10}"
            f"{rate(p.articles, p.article_seconds):>12.1f}{rate(p.articles, p.fetch_seconds):>16.1f}"
            f"{p.feed_seconds + p.article_seconds:>9.2f}"
        )
    print(
        f"{'baseline (sequential)':<24}{base.feeds:>7}{base_feeds:>10.1f}{base.articles:>10}{base_articles:>12.1f}"
        f"{'':>16}{base.feed_seconds + base.article_seconds:>9.2f}"
    )
    for name, p in (("pipeline/baseline pass 1", pass1), ("pipeline/baseline pass 2", pass2)):
        print(
            f"{name:<24}{'':>7}{rate(p.feeds, p.feed_seconds) / base_feeds:>9.2f}x{'':>10}"
            f"{rate(p.articles, p.article_seconds) / base_articles:>11.2f}x"
            f"{rate(p.articles, p.fetch_seconds) / base_articles:>15.2f}x"
        )
    print()
    not_modified = pass2.outcomes.get("not_modified", 0)
    print(
        f"pass 2: {not_modified}/{pass2.feeds} feeds answered 304 ({100 * not_modified / max(pass2.feeds, 1):.1f}%), "
        f"{pass2.outcomes.get('ok', 0)} changed, {pass2.articles} new articles fetched"
    )
    full = args.feeds / base_feeds + args.articles / base_articles
    print(
        f"time for a whole pass over {args.feeds} feeds / {args.articles} articles: pipeline pass 1 "
        f"{pass1.feed_seconds + pass1.article_seconds:.1f} s, "
        f"pass 2 {pass2.feed_seconds + pass2.article_seconds:.1f} s;"
        f" baseline {'extrapolated ' if sampled else ''}{full:.1f} s (it has no memory, so every pass costs this)"
    )
    print(
        f"articles/s counts the whole stage: fetch, trafilatura.bare_extraction with metadata, canonical URL, simhash "
        f"and entities.extract; 'excl. entities' leaves out entities.extract "
        f"({1000 * pass1.entity_seconds / max(pass1.articles, 1):.1f} ms/article on pass 1)"
    )
    problems = [
        f"feeds not ok on pass 1: {sum(v for k, v in pass1.outcomes.items() if k != 'ok')}",
        f"article failures: {len(pass1.article_failures) + len(pass2.article_failures)}",
        f"baseline pages without text: {base.empty}",
        f"relevant (ILRS) articles on pass 1: {pass1.relevant}/{pass1.articles}",
    ]
    print("checks: " + ", ".join(problems))
    for error in (pass1.feed_errors + pass2.feed_errors)[:3]:
        print(f"  feed error: {error}")
    for failure in (pass1.article_failures + pass2.article_failures)[:3]:
        print(f"  article failure: {failure.error}")
    print(
        f"peak RSS of the benchmark process: {pipeline_rss:.0f} MiB after the pipeline passes, "
        f"{peak_rss_mib():.0f} MiB at the end (the server process and the extraction workers are not counted); "
        f"total run {total:.1f} s"
    )
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
