"""The monitoring scenario of issue 3, served from real local HTTP servers.

Four outlets publish: Kazakhstan's accession (outlet A), a syndicated copy of it (outlet B), an independent
report of the same accession (outlet C) and an Artemis Accords signing (outlet D). One feed lists them all.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path

from tests.localserver import LocalServer, Request, Response

ACCESSION = [
    "Kazakhstan has formally joined the International Lunar Research Station, the China-led lunar base "
    "programme developed together with Russia.",
    "The Kazakh government signed an agreement on cooperation in the International Lunar Research Station "
    "with the China National Space Administration in Astana on Monday, officials said.",
    "Under the deal, Kazakh scientists will propose instruments for the station's later phases, and the two "
    "sides will set up a working group on ground stations and data sharing.",
    "The agreement makes Kazakhstan the latest Central Asian state to back the project, which Beijing and "
    "Moscow say will be built near the lunar south pole in the 2030s.",
]

INDEPENDENT = [
    "Astana signs up to China's moon base plan.",
    "Kazakhstan became the newest member of the International Lunar Research Station this week, after its "
    "aerospace committee put its name to a cooperation agreement with Chinese space officials.",
    "Analysts in Almaty said the move reflected the country's wish to keep its Baikonur-era expertise relevant "
    "as launch activity shifts eastwards.",
    "The committee did not say how much the country would contribute.",
]

ARTEMIS = [
    "Kazakhstan's neighbour signs the Artemis Accords.",
    "Uzbekistan on Thursday became the latest country to sign the Artemis Accords, the US-led set of "
    "principles for civil exploration of the Moon, at a ceremony at the State Department.",
    "NASA officials welcomed the signing and said more nations in the region were in talks.",
]


def page(
    title: str,
    paragraphs: list[str],
    *,
    site: str,
    byline: str,
    published: datetime,
    canonical: str | None = None,
    extra: str = "",
) -> bytes:
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)} | {site}</title>
<meta property="og:site_name" content="{site}">
<meta property="article:published_time" content="{published.isoformat()}">
{link}</head>
<body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/science">Science</a> <a href="/sport">Sport</a></nav>
<article>
<h1>{escape(title)}</h1>
<p class="byline">{escape(byline)}</p>
{body}
{extra}
</article>
<aside><h3>Most read</h3><ul><li><a href="/x">India plans a new Mars orbiter</a></li>
<li><a href="/y">Japan and Canada discuss Gateway modules</a></li></ul></aside>
<footer>© {site}. All rights reserved. Cookie settings. Contact us.</footer>
</body></html>""".encode()


def rss(items: list[dict[str, str]]) -> bytes:
    entries = "\n".join(
        f"""<item><title>{escape(i["title"])}</title><link>{i["link"]}</link><guid>{i["guid"]}</guid>
<pubDate>{i["date"]}</pubDate><description>{escape(i["summary"])}</description></item>"""
        for i in items
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Space policy wire</title><link>http://example.invalid/</link>
<description>Lunar programme news</description>
{entries}
</channel></rss>""".encode()


def conditional(body: bytes, content_type: str):
    """A handler that answers 304 to a request carrying the current ETag back."""
    etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'

    def handler(request: Request) -> Response:
        if request.headers.get("if-none-match") == etag:
            return Response(304, b"", {"ETag": etag})
        return Response(200, body, {"Content-Type": content_type, "ETag": etag})

    return handler


@dataclass
class Scenario:
    feed_url: str
    outlets: list[LocalServer]


def serve_scenario(a: LocalServer, b: LocalServer, c: LocalServer, d: LocalServer) -> Scenario:
    when = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
    original = a.url("/world/kazakhstan-joins-ilrs?utm_source=feed")
    a.route(
        "/world/kazakhstan-joins-ilrs",
        Response(
            200,
            page(
                "Kazakhstan joins China-Russia lunar research station",
                ACCESSION,
                site="Steppe Herald",
                byline="By Aigerim Sadykova, science correspondent",
                published=when,
            ),
            {"Content-Type": "text/html"},
        ),
    )
    # The syndicated copy: same story, another site, another byline and credit line.
    b.route(
        "/news/2026/11/23/kazakhstan-lunar-station",
        Response(
            200,
            page(
                "Kazakhstan joins China-Russia lunar research station",
                ACCESSION,
                site="Eurasia Daily Digest",
                byline="Steppe Herald via Eurasia Daily Digest",
                published=when,
                extra="<p>This article first appeared in the Steppe Herald and is republished with permission.</p>",
            ),
            {"Content-Type": "text/html"},
        ),
    )
    c.route(
        "/space/astana-moon-base",
        Response(
            200,
            page(
                "Astana signs up to China's moon base plan",
                INDEPENDENT,
                site="Orbital Affairs",
                byline="By Daniel Price",
                published=when,
            ),
            {"Content-Type": "text/html"},
        ),
    )
    d.route(
        "/us/artemis-uzbekistan",
        Response(
            200,
            page(
                "Uzbekistan signs the Artemis Accords",
                ARTEMIS,
                site="Capitol Space Report",
                byline="By Staff",
                published=when,
            ),
            {"Content-Type": "text/html"},
        ),
    )
    date = format_datetime(when)
    feed = rss(
        [
            {
                "title": "Kazakhstan joins China-Russia lunar research station",
                "link": original,
                "guid": "steppe-herald-1001",
                "date": date,
                "summary": "Kazakhstan signed an agreement on the International Lunar Research Station.",
            },
            {
                "title": "Kazakhstan joins China-Russia lunar research station (Eurasia Daily Digest)",
                "link": b.url("/news/2026/11/23/kazakhstan-lunar-station"),
                "guid": "edd-77",
                "date": date,
                "summary": "Republished: Kazakhstan joins the International Lunar Research Station.",
            },
            {
                "title": "Astana signs up to China's moon base plan",
                "link": c.url("/space/astana-moon-base"),
                "guid": "orbital-affairs-5",
                "date": date,
                "summary": "Kazakhstan became the newest member of the International Lunar Research Station.",
            },
            {
                "title": "Uzbekistan signs the Artemis Accords",
                "link": d.url("/us/artemis-uzbekistan"),
                "guid": "capitol-9",
                "date": date,
                "summary": "NASA welcomes another Artemis Accords signatory.",
            },
        ]
    )
    a.route("/feeds/space.xml", conditional(feed, "application/rss+xml"))
    return Scenario(a.url("/feeds/space.xml"), [a, b, c, d])


def serve_accessions(server: LocalServer, feed_dir: Path, accessions: Sequence[tuple[datetime, str]]) -> Path:
    """One feed on `server` whose entries each link to a page reporting a country's accession on that date;
    returns a feed list naming it, written in `feed_dir`."""
    items = []
    for when, country in accessions:
        path = f"/{country.lower()}"
        paragraph = (
            f"{country} signed a memorandum of understanding on the International Lunar Research Station with "
            f"the China National Space Administration on {when.day} {when:%B %Y}, officials said."
        )
        html = page(f"{country} joins the ILRS", [paragraph], site="Wire", byline="By Staff", published=when)
        server.route(path, Response(200, html, {"Content-Type": "text/html"}))
        items.append(
            {
                "title": f"{country} joins the International Lunar Research Station",
                "link": server.url(path),
                "guid": path,
                "date": format_datetime(when),
                "summary": f"{country} signed up to the International Lunar Research Station.",
            }
        )
    server.route("/feed.xml", Response(200, rss(items), {"Content-Type": "application/rss+xml"}))
    feeds = feed_dir / "feeds.yaml"
    feeds.write_text(f"feeds:\n  - url: {server.url('/feed.xml')}\n")
    return feeds

