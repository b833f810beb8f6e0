"""The stages of a run, each a plain function that a Prefect task in `flows/` wraps one to one.

Each stage receives what it works with: the run's store, and an HTTP client where it talks to the web (those
stages are coroutines, run on their task's event loop). The flows and the CLI build both and close them.
"""

from __future__ import annotations

import secrets
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from pipeline import alerts, articles, entities, feeds, links
from pipeline.articles import ArticleFailure
from pipeline.entities import lexicon
from pipeline.entities.budget import Budget
from pipeline.errors import InputError, TooComplexError
from pipeline.http import HttpClient
from pipeline.records import (
    AlertPolicy,
    ArticleProblem,
    Change,
    Document,
    Extraction,
    FeedConfig,
    FeedEntry,
    FeedPoll,
    FeedProblem,
    FeedState,
    IngestResult,
    RunSummary,
)
from pipeline.redaction import redact_url
from pipeline.settings import Settings
from pipeline.store import Store

T = TypeVar("T")


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_run_id(now: datetime | None = None) -> str:
    """Sortable and unique enough for concurrent runs: time, then randomness."""
    return f"{(now or utcnow()):%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


def prepare(store: Store) -> None:
    """Bring the database schema up to date (idempotent)."""
    store.migrate()


def load_feed_configs(settings: Settings, feeds_file: Path | None = None) -> list[FeedConfig]:
    """A file named for this run, else the list given inline (a Prefect Variable), else the configured file."""
    if feeds_file is None and settings.feed_list:
        return feeds.parse_feed_list(settings.feed_list, "given in settings (Prefect Variable ilrs-feeds)")
    return feeds.load_feeds(feeds_file or settings.feeds_file)


def feed_list_source(settings: Settings, feeds_file: Path | None = None, *, from_prefect: bool = False) -> str:
    """Which feed list `load_feed_configs` reads, in words: a file named for this run, the Prefect Variable, the
    configured file, or the default list."""
    if feeds_file is not None:
        return f"the file {feeds_file} (given for this run)"
    if settings.feed_list:
        return "the Prefect Variable ilrs-feeds" if from_prefect else "ILRS_FEED_LIST"
    if settings.feeds_file == Settings.model_fields["feeds_file"].default:
        return f"the default list {settings.feeds_file}"
    return f"the file {settings.feeds_file} (ILRS_FEEDS_FILE)"


def chunked(items: Sequence[T], size: int) -> list[list[T]]:
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def chunked_by_host(items: Sequence[T], size: int, url_of: Callable[[T], str | None]) -> list[list[T]]:
    """Chunks of about `size` that never split one host's items: chunks run as concurrent tasks, each with its
    own client, so the per-host limit holds across the run only if a host lives in one chunk."""
    by_host: dict[str, list[T]] = {}
    for item in items:
        by_host.setdefault((urlsplit(url_of(item) or "").hostname or "").lower(), []).append(item)
    chunks: list[list[T]] = []
    for group in by_host.values():
        if chunks and len(chunks[-1]) + len(group) <= size:
            chunks[-1].extend(group)
        else:
            chunks.append(list(group))
    return chunks


# --- feeds -------------------------------------------------------------------------------------------------


async def poll(
    store: Store, client: HttpClient, settings: Settings, configs: Sequence[FeedConfig], *, conditional: bool = True
) -> list[FeedPoll]:
    """Poll feeds concurrently and persist each feed's new state (ETag, health, back-off)."""
    states = store.feed_states()
    if not conditional:
        # A backfill wants the whole feed, not a 304, and must not be held back by back-off.
        states = {url: FeedState(url=s.url, current_url=s.current_url) for url, s in states.items()}
    polls = await feeds.poll_feeds(client, configs, states, settings, utcnow())
    if conditional:
        store.save_feed_states([_held_back(p, states.get(p.state.url)) for p in polls])
    return polls


def _held_back(poll: FeedPoll, before: FeedState | None) -> FeedState:
    """A feed's health now, but its ETag and Last-Modified as they were while its entries are not yet stored:
    triage saves the new ones in the transaction that keeps the entries. A run that dies in between polls the
    feed in full again, rather than hearing "304 Not Modified" about entries it never kept."""
    if poll.outcome != "ok" or not poll.entries:
        return poll.state
    before = before or FeedState(url=poll.state.url, current_url=poll.state.url)
    return replace(poll.state, etag=before.etag, last_modified=before.last_modified)


@dataclass(frozen=True)
class Triage:
    relevant: tuple[FeedEntry, ...]  # pending entries worth fetching: this poll's and any left over
    new_entries: int  # entries this poll brought that we had never seen


def triage(
    store: Store, polls: Sequence[FeedPoll], *, since: datetime | None = None, until: datetime | None = None
) -> Triage:
    """Keep unseen entries that may be about the ILRS as pending (the rest are done at once); return all pending.

    Title and summary decide only what is clearly off-topic; for the rest the page's full text decides.

    Pending entries live in the store, not in the feed: a run that dies, or a page that fails for now, loses
    nothing even though the feed answers 304 next time or drops the entry.
    """
    return _select(store, polls, since, until, seen_too=False)


def entries_in_range(store: Store, polls: Sequence[FeedPoll], since: datetime | None, until: datetime | None) -> Triage:
    """A date-range backfill's entries: every one in range that may be about the ILRS, seen before or not
    (re-processing is the point of a backfill; change ids keep known facts from alerting again)."""
    return _select(store, polls, since, until, seen_too=True)


def _select(
    store: Store, polls: Sequence[FeedPoll], since: datetime | None, until: datetime | None, *, seen_too: bool
) -> Triage:
    entries = list({(e.feed_url, e.entry_id): e for p in polls for e in p.entries}.values())
    entries = [e for e in entries if _within(e.published, since, until)]
    unseen = store.unseen(entries)
    relevant = [e for e in (entries if seen_too else unseen) if entities.may_be_relevant(f"{e.title}\n{e.summary}")]
    wanted = {(e.feed_url, e.entry_id) for e in relevant}
    done = [e for e in unseen if (e.feed_url, e.entry_id) not in wanted]
    # One transaction: the entries kept, and (for a monitor) the feeds' ETags that say we have them.
    states = [] if seen_too else [p.state for p in polls if p.outcome == "ok" and p.entries]
    store.triaged(done=done, pending=relevant, states=states, now=utcnow())
    # A backfill takes what is pending whatever its retry time; a monitor run only what is due.
    pending = [e for e in store.pending(None if seen_too else utcnow()) if _within(e.published, since, until)]
    chosen = {(e.feed_url, e.entry_id): e for e in [*(relevant if seen_too else ()), *pending]}
    return Triage(tuple(chosen.values()), len(unseen))


def _within(published: datetime | None, since: datetime | None, until: datetime | None) -> bool:
    if since is None and until is None:
        return True
    if published is None:
        return False  # a date-range backfill cannot place an undated entry
    return (since is None or published >= since) and (until is None or published <= until)


# --- articles and extraction -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Processed:
    """Documents of one chunk of entries, extracted, with the entries that are finished."""

    pairs: tuple[tuple[Document, Extraction], ...]
    done: tuple[FeedEntry, ...]  # processed for good: mark seen once ingested
    failures: tuple[ArticleFailure, ...]
    failed: tuple[FeedEntry, ...] = ()  # pages given up on: marked failed once the feed's text is ingested
    problems: tuple[ArticleProblem, ...] = ()  # every page that failed this run, with what happens next


async def fetch_and_extract(
    store: Store, client: HttpClient, settings: Settings, entries: Sequence[FeedEntry]
) -> Processed:
    """Fetch pages (falling back to the entry's own text) and extract findings from each.

    A page that failed for now is ingested from the feed's text (nothing is lost) but its entry stays pending
    until its retry time (Retry-After, else back-off), so a later run fetches the full page and re-extracts it
    under the same URL; after `page_max_attempts`, or at once for a permanent error, it is failed for good."""
    # Aggregator links (Google News, Bing) are resolved first, their answers cached in the store.
    documents, failures = await links.fetch_documents(client, entries, settings, store)
    by_url = {f.url: f for f in failures}  # one failure per page, even when several feeds list it
    failing = [(e, by_url[url]) for e in entries if e.link and (url := articles.canonical_url(e.link)) in by_url]
    outcomes = record_page_failures(store, settings, failing)
    retry_later = {e for e, (final, _) in outcomes.items() if not final}
    failed = tuple(e for e, (final, _) in outcomes.items() if final)
    done = tuple(e for e in entries if e not in retry_later and e not in failed)
    attempts = {failure.url: outcomes[entry] for entry, failure in failing}
    problems = tuple(_problem(f, *attempts.get(f.url, (True, 1))) for f in by_url.values())
    # A page refused or gone with no feed text behind it (a backfill URL) leaves nothing worth storing.
    documents = [d for d in documents if d.text.strip()]
    pairs, too_complex = extract_within(documents, settings.extraction_budget_seconds)
    if too_complex:  # recorded as that page's problem, for good: the same page would spend its budget again
        slow = {(d.feed_url, d.entry_id) for d in too_complex}
        gave_up = tuple(e for e in done if (e.feed_url, e.entry_id) in slow)
        done = tuple(e for e in done if e not in gave_up)
        failed += gave_up
        reason = f"too complex: extraction took longer than its budget of {settings.extraction_budget_seconds:g} s"
        problems += tuple(ArticleProblem(redact_url(d.url), reason, "failed", 1) for d in too_complex)
    return Processed(pairs, done, tuple(failures), failed, problems)


def _problem(failure: ArticleFailure, final: bool, attempts: int) -> ArticleProblem:
    return ArticleProblem(redact_url(failure.url), failure.error, "failed" if final else "retry", attempts)


def record_page_failures(
    store: Store, settings: Settings, failures: Sequence[tuple[FeedEntry, ArticleFailure]]
) -> dict[FeedEntry, tuple[bool, int]]:
    """Count each failed page against its entry: (final, attempts) per entry."""
    if not failures:
        return {}
    now, backoff = utcnow(), settings.backoff()
    return {
        entry: store.page_failed(
            entry,
            failure.error,
            now,
            # The server's Retry-After (capped), else exponential back-off.
            retry_in=partial(backoff.delay, retry_after=failure.retry_after) if failure.transient else None,
            max_attempts=settings.page_max_attempts,
        )
        for entry, failure in failures
    }


def extract(documents: Iterable[Document]) -> tuple[tuple[Document, Extraction], ...]:
    return tuple((doc, entities.extract(doc.text, title=doc.title, language=doc.language)) for doc in documents)


def extract_within(
    documents: Iterable[Document], seconds: float, clock: Callable[[], float] = time.monotonic
) -> tuple[tuple[tuple[Document, Extraction], ...], tuple[Document, ...]]:
    """Each document extracted within its own time budget; those that ran past it are returned apart (a page
    built to be slow, a sentence listing names for megabytes), and the others go on."""
    pairs, too_complex = [], []
    for doc in documents:
        try:
            found = entities.extract(doc.text, title=doc.title, language=doc.language, budget=Budget(seconds, clock))
        except TooComplexError:
            too_complex.append(doc)
            continue
        pairs.append((doc, found))
    return tuple(pairs), tuple(too_complex)


# --- the register ------------------------------------------------------------------------------------------


def ingest(
    store: Store,
    pairs: Sequence[tuple[Document, Extraction]],
    *,
    policy: AlertPolicy,
    run_id: str,
    done: Sequence[FeedEntry] = (),
    failed: Sequence[FeedEntry] = (),
    digest_id: str | None = None,
) -> IngestResult:
    """Write documents and findings, diff the register, queue alerts: one transaction in the store.

    Entries are marked seen (or failed) only after their documents are safely stored, so a run that dies in
    between loses nothing: the next run sees the entries again.
    """
    result = store.ingest(list(pairs), policy=policy, run_id=run_id, now=utcnow(), digest_id=digest_id)
    store.mark_seen(done, utcnow())
    store.mark_entries_failed(failed, utcnow())
    return replace(result, languages=languages(pairs))


def languages(pairs: Iterable[tuple[Document, Extraction]]) -> tuple[tuple[str, int], ...]:
    """How many relevant documents were read in each language, most first."""
    counts = Counter(extraction.language for _, extraction in pairs if extraction.relevant)
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def queue_digest(store: Store, alert_id: str | None, changes: Sequence[Change]) -> int:
    """Close the run's digest of its changes for sending (idempotent per alert id), and any digest a run that
    died left open; returns how many of this run's alerts were queued."""
    return int(store.enqueue_digest(alert_id, [c.change_id for c in changes], utcnow()))


def deliver(store: Store, settings: Settings, owner: str) -> alerts.DeliveryReport:
    """Send everything waiting in the outbox, this run's alerts and any left over by earlier runs."""
    return alerts.deliver_pending(store, settings, owner, utcnow())


def pending_alerts(store: Store) -> int:
    return sum(1 for item in store.outbox() if item.status == "pending")  # not sent, not parked as dead


def changes_since(store: Store, since: datetime) -> list[Change]:
    """Changes recorded, or settled (confirmed, rejected, ...), since then that may be alerted (not those of the
    baseline or of quiet backfills)."""
    return store.changes(since=since, settled_since=since, alertable=True)


# --- sources other than feeds ------------------------------------------------------------------------------


def seed_documents(settings: Settings) -> list[Document]:
    return articles.load_seeds(settings.seeds_dir)


def stored_documents(store: Store, since: datetime | None = None, until: datetime | None = None) -> list[Document]:
    return list(store.documents(since=since, until=until))


def read_url_file(path: Path) -> list[str]:
    """One URL per line; blank lines and `#` comments are skipped."""
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the URL list {path}: {exc.__class__.__name__}: {exc}") from exc


def url_entries(urls: Iterable[str]) -> list[FeedEntry]:
    """Backfill URLs as entries without a feed, so they travel the same fetch path as feed entries."""
    unique = dict.fromkeys(u.strip() for u in urls if u.strip() and not u.lstrip().startswith("#"))
    return [FeedEntry(feed_url="backfill:urls", entry_id=u, link=u, title="", summary="") for u in unique]


# --- the summary -------------------------------------------------------------------------------------------


def summarise(
    run_id: str,
    kind: str,
    *,
    polls: Sequence[FeedPoll] = (),
    triaged: Triage | None = None,
    processed: Sequence[Processed] = (),
    ingested: Sequence[IngestResult] = (),
    queued_digests: int = 0,
    delivery: alerts.DeliveryReport | None = None,
    notes: Sequence[str] = (),
) -> RunSummary:
    outcomes = feeds.feed_health(polls)
    problems = tuple(
        FeedProblem(redact_url(p.state.url), p.outcome, p.error) for p in polls if p.outcome in ("failed", "disabled")
    )
    repaired = tuple(f"{redact_url(p.state.url)}: {p.repaired}" for p in polls if p.repaired)
    refused = [f"{redact_url(p.state.url)}: {reason}" for p in polls for reason in p.refused]
    changes = tuple(c for r in ingested for c in r.changes)
    read: Counter[str] = Counter()
    for result in ingested:
        read.update(dict(result.languages))
    by_language = tuple(sorted(read.items(), key=lambda item: (-item[1], item[0])))
    return RunSummary(
        run_id=run_id,
        kind=kind,
        feeds_total=len(polls),
        feeds_polled=len(polls) - outcomes.get("skipped", 0) - outcomes.get("disabled", 0),
        feeds_not_modified=outcomes.get("not_modified", 0),
        feeds_failed=outcomes.get("failed", 0),
        feeds_disabled=sum(p.state.disabled for p in polls),  # switched off now (410, failures) or before
        feeds_skipped=outcomes.get("skipped", 0),
        new_entries=triaged.new_entries if triaged else 0,
        relevant_entries=len(triaged.relevant) if triaged else 0,
        articles_fetched=sum(len(p.pairs) for p in processed),
        article_failures=sum(len(p.failures) for p in processed),
        documents_new=sum(r.documents_new for r in ingested),
        documents_updated=sum(r.documents_updated for r in ingested),
        changes=changes,
        alerts_queued=sum(r.alerts_queued for r in ingested) + queued_digests,
        alerts_sent=delivery.sent if delivery else 0,
        alerts_failed=max(delivery.failed, delivery.backlog) if delivery else 0,
        feed_problems=problems,
        notes=(*notes, *(f"entry refused, the rest of its feed read: {line}" for line in refused)),
        article_problems=tuple(a for p in processed for a in p.problems),
        feeds_repaired=repaired,
        languages=by_language,
        languages_without_cues=tuple(code for code, _ in by_language if not lexicon.supported(code)),
    )
