"""Frozen records passed between the pipeline's stages.

Every stage takes and returns these plain values; only the edges (HTTP, SQL, apprise) touch the world.
Datetimes are timezone-aware UTC wherever they are set.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

PartnerKind = Literal["country", "agency", "organisation", "institution"]
Status = Literal["interested", "negotiating", "joined", "withdrew"]
STATUSES: tuple[Status, ...] = ("interested", "negotiating", "joined", "withdrew")
# Strength of a positive claim; `withdrew` is not on this ladder: it wins only when it is the latest word.
STATUS_RANK: dict[str, int] = {"interested": 1, "negotiating": 2, "joined": 3}

# How sure a finding is, from what its clause asserts and how: an explicit signing act is high, a list
# membership medium, a hedged or third-hand report low (see pipeline/entities).
Confidence = Literal["high", "medium", "low"]
# What a clause asserts about a partner; each class supports one status (see pipeline/entities/lang/*.yaml).
Assertion = Literal["act", "membership", "talks", "invitation", "intent", "interest", "refusal"]

# What a date rests on: the source's own metadata, a date its text states, or only when we stored it.
DateBasis = Literal["source", "text", "stored"]

EntityKind = Literal["partner", "mission"]
# "headline": the feed entry's own title and summary, because the page itself could not be read.
Origin = Literal["seed", "feed", "url", "stored", "headline"]
# "retracted": the claims behind a value were taken back (a re-fetched or re-extracted document no longer says it)
ChangeType = Literal[
    "new_partner", "status_change", "status_regression", "new_mission", "year_change", "retracted",
    "rejected",
]  # fmt: skip
Verdict = Literal["confirmed", "rejected"]
# Where a change stands, in the words every screen uses. "sure" changes alert under the run's policy when recorded;
# an "unconfirmed" one waits for a second independent source or an analyst, then becomes "confirmed" (and alerts),
# "rejected" (by an analyst), "retracted" (its source took the claim back) or "superseded" (a later word replaced
# its value before anyone confirmed it).
Standing = Literal["sure", "unconfirmed", "confirmed", "rejected", "retracted", "superseded"]
AlertPolicy = Literal["none", "digest", "live"]


@dataclass(frozen=True, slots=True)
class Evidence:
    """The sentence a finding came from; `text[start:end] == quote` in the document it was read from."""

    quote: str
    start: int
    end: int


@dataclass(frozen=True)
class PartnerFinding:
    key: str  # stable identity: "country:PK", "org:ESA", "institution:kazan-federal-university"
    name: str  # display name: "Pakistan", "ESA", "Kazan Federal University"
    kind: PartnerKind
    status: Status
    evidence: Evidence
    country: str | None = None  # ISO 3166-1 alpha-2 of the partner's country, when it has one
    signatory: str | None = None  # the agency or ministry that signed for a state, e.g. "SUPARCO"
    assertion: Assertion | None = None  # what the clause asserts, which gave the status
    confidence: Confidence = "medium"


@dataclass(frozen=True)
class MissionFinding:
    key: str  # "mission:Luna-27"
    name: str  # canonical: "Chang'e-7", "Luna-27", "ILRS", "ILRS basic model", "Lunar power plant"
    year: int | None
    evidence: Evidence
    site: str | None = None  # where it goes, when the text says: "lunar south pole"
    confidence: Confidence = "medium"


@dataclass(frozen=True)
class Extraction:
    relevant: bool
    language: str  # ISO 639-1 code, "und" when unknown
    partners: tuple[PartnerFinding, ...] = ()
    missions: tuple[MissionFinding, ...] = ()


@dataclass(frozen=True)
class FeedConfig:
    url: str
    name: str | None = None
    language: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class FeedState:
    """What we remember about a feed between runs (persisted by the store)."""

    url: str  # the configured URL: the feed's identity
    current_url: str  # where we poll now: moved by 301/308, never by 302/307
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0  # consecutive failures, reset by any success
    disabled: bool = False  # 410 Gone, or too many failures
    not_before: datetime | None = None  # Retry-After or back-off: do not poll before this
    last_status: int | None = None
    last_error: str | None = None
    last_polled: datetime | None = None
    last_success: datetime | None = None  # the last poll that answered (200 or 304)


@dataclass(frozen=True)
class FeedEntry:
    feed_url: str  # FeedState.url of the feed it came from
    entry_id: str  # guid/id, else the link: processed once
    link: str | None
    title: str
    summary: str
    published: datetime | None = None
    language: str | None = None


FeedOutcome = Literal["ok", "not_modified", "failed", "disabled", "skipped"]


@dataclass(frozen=True)
class FeedPoll:
    state: FeedState  # the state to persist after this poll
    outcome: FeedOutcome
    entries: tuple[FeedEntry, ...] = ()
    error: str | None = None
    bozo: bool = False  # the feed was malformed; entries hold what could be read
    repaired: str | None = None  # "declared utf-8, read as cp1251": a wrong charset we detected and undid
    refused: tuple[str, ...] = ()  # entries not taken, each with why ("entry 3: its link is not an http(s) URL")


@dataclass(frozen=True)
class LinkAnswer:
    """What resolving one aggregator link (a Google News article id) gave: the publisher's URL, or why not.

    Kept in the store so each id is asked once; a failure is asked again only after `retry_at`."""

    link_id: str
    url: str | None  # the publisher's URL; None while unresolved
    error: str | None = None
    transient: bool = False  # the failure may pass (network, 5xx, 429): the entry waits rather than settling
    attempts: int = 0  # consecutive failed attempts
    checked_at: datetime | None = None
    retry_at: datetime | None = None  # a failure is not asked again before this


@dataclass(frozen=True)
class Document:
    url: str  # canonical URL (tracking parameters removed); seeds: "seed:<file name>"
    text: str
    fingerprint: str  # content fingerprint: syndicated copies of one story share or nearly share it
    origin: Origin
    title: str | None = None
    published: datetime | None = None
    site: str | None = None
    language: str | None = None
    feed_url: str | None = None
    entry_id: str | None = None
    date_inferred: bool = False  # `published` was read from the text itself (a date line, a dated event)


@dataclass(frozen=True, slots=True)  # slots: a founder's key is resolved from tens of thousands of claims at once
class Claim:
    """A finding together with the document that backs it: what the register is resolved from."""

    key: str
    entity: EntityKind
    name: str
    kind: str  # partner kind, or "mission"
    value: str | None  # partner status, or mission target year as text (None: no year given)
    evidence: Evidence
    source_url: str
    fingerprint: str
    source_title: str | None = None
    source_site: str | None = None
    source_published: datetime | None = None
    seen_at: datetime | None = None  # when we stored the document
    source_date_inferred: bool = False
    country: str | None = None
    signatory: str | None = None
    site: str | None = None  # a mission's destination
    assertion: Assertion | None = None
    confidence: Confidence = "medium"


@dataclass(frozen=True)
class Source:
    """One independent source behind a value (syndicated copies collapsed into the first one seen)."""

    url: str
    title: str | None = None
    site: str | None = None
    published: datetime | None = None


@dataclass(frozen=True)
class RegisterEntry:
    """The register's current word on one partner or mission, with the evidence behind it."""

    key: str
    entity: EntityKind
    name: str
    kind: str
    value: str | None  # status, or target year as text
    evidence: Evidence
    source_url: str
    sources: int  # independent sources backing `value` (syndicated copies collapsed)
    first_seen: datetime | None  # source date of the earliest claim, not the run's date
    last_seen: datetime | None
    source_title: str | None = None
    source_site: str | None = None
    source_published: datetime | None = None
    country: str | None = None
    signatory: str | None = None
    site: str | None = None
    confidence: Confidence = "medium"  # the strongest confidence among the claims that back `value`
    first_seen_basis: DateBasis = "source"
    decided_by: str | None = None  # claim_identity of the earliest claim that backs `value`
    assertion: Assertion | None = None  # what the quoted claim (`evidence`) asserts
    # Set when the value was retracted and nothing replaced it: `value` is then None, `evidence` is the quote
    # that was taken back, and `sources` is 0 when no claim at all remains on the key.
    retracted_at: datetime | None = None
    rejected: bool = False  # with `retracted_at`: an analyst's rejection took the value out, not its source
    # Every independent source behind `value`, oldest first: computed by `diff.resolve`, never stored.
    cited: tuple[Source, ...] = ()


def claim_identity(source_fingerprint: str, quote_start: int, value: str | None) -> str:
    """The claim that decided a value: which story said it, where in the story, and what it said."""
    return f"{source_fingerprint}:{quote_start}:{value}"


def change_identity(
    key: str, field: str, value: str | None, previous: str | None = None, decided_by: str | None = None
) -> str:
    """A change is identified by its occurrence: (entity, field, old value, new value, the claim that decided
    it). The basis of exactly-once alerts.

    The old value is part of it so that a partner that withdrew and then rejoins is news again; the deciding
    claim is part of it so that joined → withdrew → joined → withdrew alerts on the second withdrawal too; while
    the same step seen twice (two runs, a backfill over known history) is one change."""
    parts = [key, field, str(previous), str(value)] + ([decided_by] if decided_by else [])
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Change:
    change_id: str  # change_identity(entity_key, field, new_value, old_value, decided_by)
    change_type: ChangeType
    entity_key: str
    entity: EntityKind
    name: str
    kind: str
    field: Literal["status", "year"]
    old_value: str | None
    new_value: str | None
    evidence: Evidence
    source_url: str
    sources: int
    source_title: str | None = None
    source_site: str | None = None
    source_published: datetime | None = None
    detected_at: datetime | None = None
    confidence: Confidence = "medium"
    unconfirmed: bool = False  # not sure when recorded (see `resolution.sure`): it waited for review
    assertion: Assertion | None = None  # what the quoted claim asserts
    note: str | None = None  # an analyst's word on it: who rejected the finding, and why
    standing: Standing = "sure"  # where it stands now: waiting, confirmed, rejected, ...
    policy: str = "live"  # the alert policy it was recorded under (none, digest, live)
    settled_at: datetime | None = None  # when an unconfirmed change was confirmed, rejected, retracted or superseded
    cited: tuple[Source, ...] = ()  # every independent source, when more than the quoted one backs it

    @property
    def waiting(self) -> bool:
        """Unconfirmed and not yet settled: in the review queue and the digest's "To review"."""
        return self.standing == "unconfirmed"


@dataclass(frozen=True)
class Review:
    """An analyst's verdict on one claim: this source's word on this entity's value."""

    review_key: str  # short, typed by people: `ilrs-watch review reject KEY`
    entity_key: str
    name: str
    value: str | None
    source_url: str
    fingerprint: str  # the story: syndicated copies of a rejected claim stay rejected
    quote: str
    verdict: Verdict
    reason: str | None
    reviewer: str
    reviewed_at: datetime


@dataclass(frozen=True)
class Alert:
    """A notification ready to send: one change, or a digest of several."""

    alert_id: str
    title: str
    body: str  # markdown
    change_ids: tuple[str, ...]


# an alert: waiting for some target, all sent, some parked; `open`: a digest its run is still collecting
OutboxStatus = Literal["pending", "sent", "dead", "open"]
DeliveryStatus = Literal["pending", "sending", "sent", "dead"]


@dataclass(frozen=True)
class OutboxItem:
    """One alert waiting in (or gone from) the outbox; rendered from its changes when it is sent."""

    alert_id: str
    kind: Literal["change", "digest"]
    change_ids: tuple[str, ...]
    status: OutboxStatus
    attempts: int = 0
    audience: Literal["all", "review"] = "all"  # "review": only targets that opted into unconfirmed changes
    last_error: str | None = None  # already free of secrets
    created_at: datetime | None = None
    sent_at: datetime | None = None


@dataclass(frozen=True)
class Delivery:
    """One alert to one notification target: the unit that is sent exactly once."""

    alert_id: str
    target_id: str  # a hash of the target's apprise URL: stable across runs, free of secrets
    target: str  # the target's URL, redacted, for people
    status: DeliveryStatus
    attempts: int = 0
    next_attempt: datetime | None = None  # a failed delivery waits for this before it is tried again
    last_error: str | None = None  # already free of secrets
    sent_at: datetime | None = None


@dataclass(frozen=True)
class IngestResult:
    documents_new: int
    documents_updated: int
    changes: tuple[Change, ...]  # changes first recorded by this call (alerted or not, by policy)
    alerts_queued: int
    languages: tuple[tuple[str, int], ...] = ()  # relevant documents read per language (extraction's code)


# Simhash fingerprints of syndicated copies differ in a few bits (a byline, a credit line); independent
# reports of the same event differ in many more.
SAME_STORY_MAX_BITS = 6


def same_story(fingerprint_a: str, fingerprint_b: str) -> bool:
    """True when two 64-bit simhash fingerprints (hex) are close enough to be copies of one story."""
    if fingerprint_a == fingerprint_b:
        return True
    try:
        distance = (int(fingerprint_a, 16) ^ int(fingerprint_b, 16)).bit_count()
    except ValueError:
        return False
    return distance <= SAME_STORY_MAX_BITS


# Two fingerprints within SAME_STORY_MAX_BITS of each other agree exactly on at least one of this many slices of
# their 64 bits (pigeonhole), so a story is looked up by its slices instead of against every story seen.
_SLICES = SAME_STORY_MAX_BITS + 1
_SLICE_BOUNDS = tuple((64 * i // _SLICES, 64 * (i + 1) // _SLICES) for i in range(_SLICES))


class Stories:
    """A growing set of stories (fingerprints) answering "is this a copy of one already here?" as `same_story`
    would against each, in time that does not grow with the set: a founder's key has claims in tens of
    thousands of documents, and comparing each with every story before it was quadratic."""

    def __init__(self) -> None:
        self._exact: set[str] = set()
        self._slices: dict[tuple[int, int], list[int]] = {}
        self._odd: list[str] = []  # fingerprints that are not 64-bit hex: compared one by one, as before

    def __contains__(self, fingerprint: str) -> bool:
        if fingerprint in self._exact:
            return True
        value = _simhash(fingerprint)
        if value is None:
            return any(same_story(fingerprint, seen) for seen in self._odd)
        for i, (low, high) in enumerate(_SLICE_BOUNDS):
            for seen in self._slices.get((i, (value >> low) & ((1 << (high - low)) - 1)), ()):
                if (value ^ seen).bit_count() <= SAME_STORY_MAX_BITS:
                    return True
        return False

    def add(self, fingerprint: str) -> None:
        self._exact.add(fingerprint)
        value = _simhash(fingerprint)
        if value is None:
            self._odd.append(fingerprint)
            return
        for i, (low, high) in enumerate(_SLICE_BOUNDS):
            self._slices.setdefault((i, (value >> low) & ((1 << (high - low)) - 1)), []).append(value)


def _simhash(fingerprint: str) -> int | None:
    try:
        value = int(fingerprint, 16)
    except ValueError:
        return None
    return value if 0 <= value < 1 << 64 else None


@dataclass(frozen=True)
class FeedProblem:
    url: str  # the configured URL, never with credentials or query (see feeds)
    outcome: FeedOutcome
    error: str | None


PageOutcome = Literal["retry", "failed"]


@dataclass(frozen=True)
class ArticleProblem:
    """A page that could not be had this run: retried by a later run, or given up (the feed's text stands)."""

    url: str  # redacted: no credentials, no query
    error: str
    outcome: PageOutcome
    attempts: int = 1


@dataclass(frozen=True)
class RunSummary:
    """What one run did: printed by the CLI, published as a Prefect artifact, logged."""

    run_id: str
    kind: str  # "monitor", "baseline", "backfill", "digest"
    feeds_polled: int = 0
    feeds_not_modified: int = 0
    feeds_failed: int = 0
    feeds_disabled: int = 0
    feeds_skipped: int = 0
    new_entries: int = 0
    relevant_entries: int = 0
    articles_fetched: int = 0
    article_failures: int = 0
    documents_new: int = 0
    documents_updated: int = 0
    changes: tuple[Change, ...] = ()
    alerts_queued: int = 0
    alerts_sent: int = 0
    alerts_failed: int = 0
    feed_problems: tuple[FeedProblem, ...] = ()
    notes: tuple[str, ...] = ()
    article_problems: tuple[ArticleProblem, ...] = ()
    feeds_repaired: tuple[str, ...] = ()  # "URL: declared X, read as Y": text saved from a wrong charset
    feeds_total: int = 0  # feeds in the run's list: polled, or passed over (back-off, switched off)

    @property
    def feeds_down(self) -> int:
        """Feeds not read successfully this run: failed now, waiting out a back-off, or switched off."""
        return self.feeds_failed + max(self.feeds_total - self.feeds_polled, 0)
    # Relevant documents per language, and those of them in a language without cue data (findings wait for review)
    languages: tuple[tuple[str, int], ...] = ()
    languages_without_cues: tuple[str, ...] = ()
