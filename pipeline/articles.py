"""Pages and files → documents: main text and metadata (trafilatura), identity and canonical URLs (courlan,
tld), fingerprints."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

import courlan
import trafilatura
from dateutil import parser as dateparser
from tld import get_fld
from trafilatura.deduplication import Simhash

from pipeline import charsets, dating
from pipeline.errors import IlrsWatchError, TooComplexError, TransientError
from pipeline.http import FetchResult, HttpClient
from pipeline.markup import clean, clean_optional
from pipeline.records import Document, Extraction, FeedEntry, Origin
from pipeline.redaction import redact_url
from pipeline.settings import Settings

# htmldate's extensive search turns any year in the text ("TECH-2026") into a January 1st; the page's own
# metadata or nothing, and then the date the text states (pipeline.dating), marked as inferred.
_METADATA_DATES_ONLY = {"extensive_search": False, "original_date": True}
_PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
_HEAD_LINES = 40
# Dates a page's head may state: an ISO timestamp, "date 2021-02-18", or a "09.03.2021" day-first date.
_HEAD_DATES = (
    re.compile(r"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?"),
    re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    re.compile(r"\b\d{2}\.\d{2}\.\d{4}\b"),
)


@dataclass(frozen=True)
class ArticleFailure:
    url: str  # canonical URL of the entry's link
    error: str
    transient: bool
    retry_after: float | None = None  # seconds the server asked us to wait (Retry-After)


def canonical_url(url: str) -> str:
    """The document's identity: tracking parameters, fragment, default port and host case removed."""
    try:
        normalised = courlan.normalize_url(url)
    except (ValueError, AttributeError):
        normalised = url
    parts = urlsplit(normalised)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def identity(fetched_url: str, canonical: str | None) -> str:
    """The document's identity: the page's canonical link when it stays on the fetched page's own site (a
    mobile or AMP copy naming its original), else the fetched URL. A page on another site cannot claim to
    be a stored article: it would overwrite that article's text and take back its claims."""
    absolute = urljoin(fetched_url, canonical) if canonical else None  # a relative canonical is on this site
    if absolute and absolute.startswith(("http://", "https://")) and same_site(fetched_url, absolute):
        return canonical_url(absolute)
    return canonical_url(fetched_url)


def same_site(a: str, b: str) -> bool:
    site_a = registrable_domain(a)
    return site_a is not None and site_a == registrable_domain(b)


def registrable_domain(url: str) -> str | None:
    """`news.bbc.co.uk` → `bbc.co.uk` (the public suffix list, through `tld`); a host without one (an IP
    address, `localhost`) is its own site, port included."""
    try:
        parts = urlsplit(url)
        host, port = (parts.hostname or "").rstrip("."), parts.port
    except ValueError:
        return None
    if not host:
        return None
    domain = get_fld(f"http://{host}", fail_silently=True)
    if domain:
        return str(domain)
    return f"{host}:{port}" if port else host


def site_of(url: str) -> str | None:
    """The site a document is credited to: the host it was fetched from, never what the page says it is."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def fingerprint(text: str) -> str:
    """A 64-bit simhash as 16 hex digits: copies of one story land a few bits apart."""
    return f"{Simhash(' '.join(text.lower().split())).hash:016x}"


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _parse_date(text: str | None, *, dayfirst: bool = False) -> datetime | None:
    if not text:
        return None
    try:
        return _utc(dateparser.parse(text, dayfirst=dayfirst))
    except (ValueError, OverflowError):
        return None


def from_text(
    text: str,
    url: str,
    *,
    origin: Origin,
    title: str | None = None,
    published: datetime | None = None,
    site: str | None = None,
    language: str | None = None,
    entry: FeedEntry | None = None,
    date_inferred: bool = False,
) -> Document:
    """A document, its text and metadata cleaned of control characters: the door every source passes."""
    text = clean(text)
    return Document(
        url=url,
        text=text,
        fingerprint=fingerprint(text),
        origin=origin,
        title=clean_optional(title),
        published=_utc(published),
        site=clean_optional(site),
        language=clean_optional(language),
        feed_url=entry.feed_url if entry else None,
        entry_id=entry.entry_id if entry else None,
        date_inferred=date_inferred and published is not None,
    )


# Shown where a source's site would be: a finding that rests on a feed's headline and summary says so.
HEADLINE_ONLY = "headline only"


def from_entry(entry: FeedEntry, origin: Origin = "headline") -> Document:
    """When the page cannot be had: the feed entry's own title and summary are the document, marked as such."""
    text = "\n".join(part for part in (entry.title, entry.summary) if part)
    url = canonical_url(entry.link) if entry.link else f"entry:{entry.feed_url}#{entry.entry_id}"
    return from_text(
        text,
        url,
        origin=origin,
        title=entry.title or None,
        published=entry.published,
        site=f"{site_of(entry.link)}, {HEADLINE_ONLY}" if entry.link else HEADLINE_ONLY,
        language=entry.language,
        entry=entry,
    )


def from_html(html: bytes | str, url: str, *, origin: Origin = "feed", entry: FeedEntry | None = None) -> Document:
    """Main text and metadata of a page; the entry's own text when the page has none."""
    if isinstance(html, bytes):
        html = charsets.page_bytes(html).body  # a page that declares a charset it is not in
    extracted = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params=_METADATA_DATES_ONLY,
    )
    page = None if isinstance(extracted, dict) else extracted  # as_dict=False: trafilatura's Document, or None
    if page is None or not (text := (page.text or "").strip()):
        if entry is not None:
            return from_entry(entry)
        return from_text("", canonical_url(url), origin=origin)
    published = _parse_date(page.date) or (entry.published if entry else None)
    language = page.language or _declared_language(html) or (entry.language if entry else None)
    inferred = published is None and (published := dating.stated_date(text, language)) is not None
    return from_text(
        text,
        identity(url, page.url),
        origin=origin,
        title=page.title or (entry.title if entry else None),
        published=published,
        site=site_of(url),
        entry=entry,
        language=language,
        date_inferred=inferred,
    )


_HTML_LANG = re.compile(r"<html\b[^>]*?\b(?:xml:)?lang\s*=\s*[\"']?([a-zA-Z]{2})(?:[-_][\w-]*)?[\"'\s>]", re.I)


def _declared_language(html: bytes | str) -> str | None:
    """The ISO 639-1 code a page declares on its root element (`<html lang="en-GB">` gives "en").

    trafilatura sets a language only when given a classifier; the page's own declaration is better than none.
    Read from the first bytes: parsing the page a second time would cost more than the extraction gains."""
    head = html[:4096].decode("utf-8", "replace") if isinstance(html, bytes) else html[:4096]
    found = _HTML_LANG.search(head)
    return found.group(1).lower() if found else None


def load_seeds(directory: Path) -> list[Document]:
    """The baseline corpus: every `*.txt` in `directory`, dated by the date its head states, else by a date its
    text states (marked inferred), else undated."""
    documents = []
    for path in sorted(directory.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        published = head_date(text)
        inferred = published is None and (published := dating.stated_date(text)) is not None
        documents.append(
            from_text(text, f"seed:{path.name}", origin="seed", published=published, date_inferred=inferred)
        )
    return documents


def head_date(text: str) -> datetime | None:
    """The first date a document's head states (never the day we read it)."""
    head = "\n".join(text.splitlines()[:_HEAD_LINES])
    for pattern in _HEAD_DATES:
        match = pattern.search(head)
        if match:
            found = _parse_date(match.group(0), dayfirst="." in match.group(0))
            if found is not None:
                return found
    return None


Read = tuple[Document, Extraction | None]  # a document, with what the extractor found when a pool read it


async def fetch_documents(
    client: HttpClient, entries: Sequence[FeedEntry], settings: Settings, pool: Executor | None = None
) -> tuple[list[Read], list[ArticleFailure]]:
    """Fetch every entry's page concurrently and read each into a document; fall back to the entry's text,
    never raise.

    With a pool of processes, each page is read there (text, metadata and entities) as soon as it arrives, so
    fetching and reading overlap on every core, and the event loop only waits on the network. Without one,
    pages are fetched first and read one after another after, with entities left to the caller: reading is
    CPU work under the GIL, and in threads beside the event loop it makes every network event wait for the GIL
    (the convoy effect), which halved throughput in bench/monitor.py."""
    results: list[tuple[Document, ArticleFailure | None, Extraction | None]]
    if pool is None:
        fetched = await asyncio.gather(*(_fetch_one(client, entry, settings) for entry in entries))
        results = [(*_extract_one(entry, outcome), None) for entry, outcome in zip(entries, fetched, strict=True)]
    else:
        loop = asyncio.get_running_loop()

        async def fetch_and_read(entry: FeedEntry) -> tuple[Document, ArticleFailure | None, Extraction | None]:
            outcome = await _fetch_one(client, entry, settings)
            if not isinstance(outcome, FetchResult):
                return (*_extract_one(entry, outcome), None)
            return await loop.run_in_executor(pool, read_page, entry, outcome, settings.extraction_budget_seconds)

        results = list(await asyncio.gather(*(fetch_and_read(entry) for entry in entries)))
    documents = [(doc, found) for doc, _, found in results]
    failures = [failure for _, failure, _ in results if failure is not None]
    return documents, failures


def read_page(
    entry: FeedEntry, page: FetchResult, budget_seconds: float
) -> tuple[Document, ArticleFailure | None, Extraction | None]:
    """One fetched page into a document and its findings (in a worker process of the extraction pool). A page
    past its extraction budget comes back unread, and the caller records it as too complex."""
    from pipeline import entities  # the worker has it loaded already; the run's own process need not
    from pipeline.entities.budget import Budget

    document, failure = _extract_one(entry, page)
    try:
        found = entities.extract(
            document.text, title=document.title, language=document.language, budget=Budget(budget_seconds)
        )
    except TooComplexError:
        return document, failure, None
    return document, failure, found


async def _fetch_one(client: HttpClient, entry: FeedEntry, settings: Settings) -> FetchResult | ArticleFailure | None:
    if not entry.link:
        return None
    try:
        return await client.get(entry.link, max_bytes=settings.max_page_bytes, accept=_PAGE_ACCEPT)
    except IlrsWatchError as exc:
        retry_after = exc.retry_after if isinstance(exc, TransientError) else None
        return ArticleFailure(canonical_url(entry.link), str(exc), isinstance(exc, TransientError), retry_after)
    except Exception as exc:  # an unexpected fault on one page must not break the batch
        return ArticleFailure(canonical_url(entry.link), f"{redact_url(entry.link)}: {type(exc).__name__}", False)


def _extract_one(
    entry: FeedEntry, outcome: FetchResult | ArticleFailure | None
) -> tuple[Document, ArticleFailure | None]:
    if outcome is None or isinstance(outcome, ArticleFailure):
        return from_entry(entry), outcome
    try:
        return from_html(outcome.body, outcome.url, entry=entry), None
    except Exception as exc:  # a page that breaks the extractor must not break the batch
        link = entry.link or outcome.url
        failure = ArticleFailure(canonical_url(link), f"{redact_url(link)}: {type(exc).__name__}", False)
        return from_entry(entry), failure
