"""Aggregator links → the publisher's own: Google News article ids resolved, Bing click-tracking unwrapped.

Google News feed items link to `news.google.com/rss/articles/<id>`, a page that reaches the publisher only by
script, and since 2024 the id no longer decodes offline. What works today: the article page carries a signature
and a timestamp (`data-n-a-sg`, `data-n-a-ts`); the `Fbv4je` call of Google's `batchexecute` endpoint, given the
id with them, answers with the publisher's URL, for many ids in one POST. Every request goes through our own
client (address guard, caps, per-host limit); every answer is kept in the store so each id is asked once.

Bing News wraps the publisher's URL in a click-tracking link: it is read out of the query, no request made.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol
from urllib.parse import parse_qs, urlencode, urlsplit

import lxml.html

from pipeline import articles
from pipeline.articles import ArticleFailure
from pipeline.errors import IlrsWatchError, TransientError
from pipeline.http import HttpClient
from pipeline.records import Document, FeedEntry, LinkAnswer
from pipeline.redaction import redact_url
from pipeline.settings import Settings

_ARTICLE_PATH = re.compile(r"/(?:rss/)?(?:articles|read)/([A-Za-z0-9_-]{8,})/?$")
_LOCALE_PARAMS = ("hl", "gl", "ceid")  # the feed's edition: the article page is asked for in the same one
_BATCH_PATH = "/_/DotsSplashUi/data/batchexecute"
_RPC = "Fbv4je"
_XSSI = ")]}'"  # the line Google puts before JSON so that it cannot be run as a script
_FORM = "application/x-www-form-urlencoded;charset=UTF-8"
_PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
# The client context of a `garturlreq`, as the web client sends it; the decoder wants its shape, not its values.
_CONTEXT: list[Any] = [
    ["X", "X", ["X", "X"], None, None, 1, 1, "US:en", None, 1, None, None, None, None, None, 0, 1],
    "X",
    "X",
    1,
    [1, 1, 1],
    1,
    1,
    None,
    0,
    0,
    None,
    0,
]
# A link that keeps failing for reasons that may pass (network, 5xx, 429) holds its entry back this many
# times; then the entry settles for its own headline rather than wait for ever.
GIVE_UP_AFTER = 3


class LinkCache(Protocol):
    """Where answers are kept between runs (pipeline.store.Store)."""

    def cached_links(self, link_ids: Iterable[str]) -> dict[str, LinkAnswer]: ...

    def save_links(self, answers: Iterable[LinkAnswer]) -> None: ...


@dataclass(frozen=True)
class Signature:
    """What a Google News article page signs its id with; valid for a while, so asked for just before use."""

    signature: str
    timestamp: str


@dataclass(frozen=True)
class Resolved:
    entries: tuple[FeedEntry, ...]  # to fetch, their links now the publisher's wherever that could be learnt
    headlines: tuple[Document, ...]  # links that could not be resolved: the entry's own text, marked as such
    waiting: tuple[ArticleFailure, ...]  # links that failed for now: no document yet, the entry stays pending
    original_links: Mapping[str, str] = field(default_factory=dict)  # canonical new link → canonical feed link


# --- pure parts ----------------------------------------------------------------------------------------------


def google_news_id(url: str | None, base_url: str) -> str | None:
    """The article id of a Google News article link (`/rss/articles/<id>`, `/articles/<id>`, `/read/<id>`)."""
    if not url:
        return None
    parts, base = urlsplit(url), urlsplit(base_url)
    try:
        same_port = (parts.port or _default_port(parts.scheme)) == (base.port or _default_port(base.scheme))
    except ValueError:  # a port that is not a number
        return None
    if (parts.hostname or "").lower() != (base.hostname or "").lower() or not same_port:
        return None
    found = _ARTICLE_PATH.search(parts.path)
    return found.group(1) if found else None


def _default_port(scheme: str) -> int:
    return 443 if scheme == "https" else 80


def is_google_news(url: str | None, base_url: str = "https://news.google.com") -> bool:
    return google_news_id(url, base_url) is not None


def unwrap_bing(url: str) -> str:
    """The publisher's URL inside a Bing click-tracking link (`bing.com/news/apiclick.aspx?...&url=...`, or
    `bing.com/ck/a?...&u=a1<base64>`); any other URL unchanged."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host != "bing.com" and not host.endswith(".bing.com"):
        return url
    query = parse_qs(parts.query)
    path = parts.path.lower()
    target: str | None = None
    if path.startswith("/news/apiclick"):
        target = (query.get("url") or [""])[0] or None
    elif path == "/ck/a":
        target = _bing_base64((query.get("u") or [""])[0])
    if not target or not target.lower().startswith(("http://", "https://")):
        return url
    return target if not (urlsplit(target).hostname or "").lower().endswith("bing.com") else url


def _bing_base64(value: str) -> str | None:
    if not value.startswith("a1"):
        return None
    try:
        return base64.urlsafe_b64decode(value[2:] + "=" * (-len(value[2:]) % 4)).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None


def parse_signature(html: bytes | str) -> Signature | None:
    """The signature and timestamp on a Google News article page, if it carries them."""
    try:
        root = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return None
    for element in root.xpath("//*[@data-n-a-sg and @data-n-a-ts]"):
        signature, timestamp = element.get("data-n-a-sg", "").strip(), element.get("data-n-a-ts", "").strip()
        if signature and timestamp:
            return Signature(signature, timestamp)
    return None


def build_batch_request(items: Sequence[tuple[str, Signature]]) -> bytes:
    """The form body of one batchexecute POST: one `Fbv4je` call per id, each tagged with its position
    ("1", "2", ...), which the answer echoes."""
    calls = []
    for n, (link_id, signed) in enumerate(items, 1):
        timestamp: int | str = int(signed.timestamp) if signed.timestamp.isdigit() else signed.timestamp
        arguments = ["garturlreq", _CONTEXT, link_id, timestamp, signed.signature]
        calls.append([_RPC, json.dumps(arguments, separators=(",", ":")), None, str(n)])
    return urlencode({"f.req": json.dumps([calls], separators=(",", ":"))}).encode()


def parse_batch_response(body: bytes | str) -> dict[str, str | None]:
    """Each call's tag → the publisher URL it was answered with (None: answered without one).

    The answer is `)]}'`, then JSON arrays, optionally each after a line giving its length; a call's row is
    `["wrb.fr", "Fbv4je", "<JSON: [\"garturlres\", URL, ...]>", ..., tag]`. Raises ValueError when the body is
    not in that shape at all."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    text = text.lstrip()
    if text.startswith(_XSSI):
        text = text[len(_XSSI) :]
    answers: dict[str, str | None] = {}
    for row in _rows(text):
        if len(row) >= 3 and row[0] == "wrb.fr" and row[1] == _RPC:
            tag = next((str(cell) for cell in reversed(row[3:]) if isinstance(cell, str | int)), "")
            answers[tag] = _publisher_url(row[2])
    return answers


def _rows(text: str) -> list[list[Any]]:
    decoder, position = json.JSONDecoder(), 0
    rows: list[list[Any]] = []
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position >= len(text):
            return rows
        if text[position].isdigit():  # a chunk's length line
            while position < len(text) and text[position].isdigit():
                position += 1
            continue
        value, position = decoder.raw_decode(text, position)  # ValueError when it is not JSON
        if not isinstance(value, list):
            raise ValueError("a batchexecute answer is made of JSON arrays")
        rows += [item for item in value if isinstance(item, list)]


def _publisher_url(payload: object) -> str | None:
    try:
        decoded = json.loads(payload) if isinstance(payload, str) else None
    except ValueError:
        return None
    if isinstance(decoded, list) and len(decoded) >= 2 and decoded[0] == "garturlres":
        url = decoded[1]
        if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
            return url
    return None


def _due(answer: LinkAnswer, now: datetime) -> bool:
    return answer.url is None and (answer.retry_at is None or answer.retry_at <= now)


def _failure(
    link_id: str,
    error: str,
    transient: bool,
    previous: LinkAnswer | None,
    settings: Settings,
    now: datetime,
    retry_after: float | None = None,
) -> LinkAnswer:
    attempts = (previous.attempts if previous is not None and previous.url is None else 0) + 1
    retry_at = now + timedelta(seconds=settings.backoff().delay(attempts, retry_after))
    return LinkAnswer(link_id, None, error[:500], transient, attempts, now, retry_at)


# --- I/O through our client ----------------------------------------------------------------------------------


async def resolve_links(
    entries: Sequence[FeedEntry],
    client: HttpClient,
    cache: LinkCache,
    settings: Settings,
    now: datetime | None = None,
) -> Resolved:
    """Point every entry at its publisher: Bing unwrapped offline; Google News ids from the cache, else asked
    (article pages concurrently, then one decoder call for all of them). An entry whose link cannot be resolved
    becomes its own headline-only document, or waits for the next run while the failure may pass."""
    now = now or datetime.now(UTC)
    base = settings.google_news_base_url
    unwrapped = [replace(e, link=unwrap_bing(e.link)) if e.link else e for e in entries]
    moved = {
        articles.canonical_url(after.link or ""): articles.canonical_url(before.link or "")
        for before, after in zip(entries, unwrapped, strict=True)
        if before.link != after.link
    }
    entries = unwrapped
    first_link: dict[str, str] = {}
    for entry in entries:
        link_id = google_news_id(entry.link, base)
        if link_id is not None:
            first_link.setdefault(link_id, entry.link or "")
    known = cache.cached_links(first_link) if first_link else {}
    due = {i: link for i, link in first_link.items() if i not in known or _due(known[i], now)}
    fresh = await _ask(client, settings, due, known, now) if due else {}
    if fresh:
        cache.save_links(fresh.values())
    return _apply(entries, {**known, **fresh}, base, moved)


def _apply(
    entries: Sequence[FeedEntry], answers: Mapping[str, LinkAnswer], base: str, moved: dict[str, str]
) -> Resolved:
    to_fetch, headlines, waiting, original = [], [], [], dict(moved)
    for entry in entries:
        link_id = google_news_id(entry.link, base)
        answer = answers.get(link_id) if link_id else None
        if link_id is None or answer is None:
            to_fetch.append(entry)
        elif answer.url:
            original[articles.canonical_url(answer.url)] = articles.canonical_url(entry.link or "")
            to_fetch.append(replace(entry, link=answer.url))
        elif answer.transient and answer.attempts < GIVE_UP_AFTER:
            message = f"{redact_url(entry.link or '')}: publisher link not resolved yet ({answer.error})"
            waiting.append(ArticleFailure(articles.canonical_url(entry.link or ""), message, True))
        else:
            headlines.append(articles.from_entry(entry))
    return Resolved(tuple(to_fetch), tuple(headlines), tuple(waiting), original)


async def _ask(
    client: HttpClient,
    settings: Settings,
    links: Mapping[str, str],
    previous: Mapping[str, LinkAnswer],
    now: datetime,
) -> dict[str, LinkAnswer]:
    ids = list(links)
    signed = await asyncio.gather(*(_signature(client, settings, i, links[i]) for i in ids))
    answers: dict[str, LinkAnswer] = {}
    ready: list[tuple[str, Signature]] = []
    for link_id, outcome in zip(ids, signed, strict=True):
        if isinstance(outcome, Signature):
            ready.append((link_id, outcome))
        else:
            error, transient, retry_after = outcome
            answers[link_id] = _failure(link_id, error, transient, previous.get(link_id), settings, now, retry_after)
    if ready:
        answers |= await _decode(client, settings, ready, previous, now)
    return answers


async def _signature(
    client: HttpClient, settings: Settings, link_id: str, link: str
) -> Signature | tuple[str, bool, float | None]:
    base = settings.google_news_base_url.rstrip("/")
    locale = {k: v[0] for k, v in parse_qs(urlsplit(link).query).items() if k in _LOCALE_PARAMS}
    page = f"{base}/rss/articles/{link_id}" + (f"?{urlencode(locale)}" if locale else "")
    try:
        result = await client.get(page, max_bytes=settings.max_page_bytes, accept=_PAGE_ACCEPT)
    except TransientError as exc:
        return f"article page: {exc}", True, exc.retry_after
    except IlrsWatchError as exc:
        return f"article page: {exc}", False, None
    except Exception as exc:  # an unexpected fault on one id must not take the others down
        return f"article page {redact_url(page)}: {type(exc).__name__}", False, None
    signed = parse_signature(result.body)
    if signed is None:
        return f"article page {redact_url(page)}: no signature (data-n-a-sg/data-n-a-ts) on it", False, None
    return signed


async def _decode(
    client: HttpClient,
    settings: Settings,
    items: Sequence[tuple[str, Signature]],
    previous: Mapping[str, LinkAnswer],
    now: datetime,
) -> dict[str, LinkAnswer]:
    """One POST for every signed id; each id's answer, or the call's failure for each."""
    endpoint = settings.google_news_base_url.rstrip("/") + _BATCH_PATH
    error, transient, retry_after = "", False, None
    urls: dict[str, str | None] = {}
    try:
        result = await client.post(
            endpoint, build_batch_request(items), content_type=_FORM, max_bytes=settings.max_page_bytes
        )
        urls = parse_batch_response(result.body)
    except TransientError as exc:
        error, transient, retry_after = f"decoder: {exc}", True, exc.retry_after
    except IlrsWatchError as exc:
        error = f"decoder: {exc}"
    except ValueError:
        error = f"decoder {redact_url(endpoint)}: an answer not in the batchexecute format"
    except Exception as exc:  # a fault of ours or of the answer: every id falls back rather than the run
        error = f"decoder {redact_url(endpoint)}: {type(exc).__name__}"
    answers = {}
    for n, (link_id, _) in enumerate(items, 1):
        url = urls.get(str(n))
        if url is None and len(items) == 1 and len(urls) == 1:  # a lone call may come back tagged "generic"
            url = next(iter(urls.values()))
        if url is not None:
            answers[link_id] = LinkAnswer(link_id, url, checked_at=now)
            continue
        reason = error or "decoder: answered without a publisher URL for this id"
        answers[link_id] = _failure(link_id, reason, transient, previous.get(link_id), settings, now, retry_after)
    return answers


async def fetch_documents(
    client: HttpClient,
    entries: Sequence[FeedEntry],
    settings: Settings,
    cache: LinkCache,
    pool: Executor | None = None,
) -> tuple[list[articles.Read], list[ArticleFailure]]:
    """`articles.fetch_documents` for entries whose links may be an aggregator's: resolved first, then fetched.

    A failure is reported under the entry's own (feed) link, which is what the caller knows the entry by."""
    resolved = await resolve_links(entries, client, cache, settings)
    documents, failures = await articles.fetch_documents(client, resolved.entries, settings, pool)
    failures = [replace(f, url=resolved.original_links.get(f.url, f.url)) for f in failures]
    return [*documents, *((headline, None) for headline in resolved.headlines)], [*failures, *resolved.waiting]
