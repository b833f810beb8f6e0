"""Alerts: render changes (pure), deliver them through apprise via the outbox, and publish an Atom feed.

Apprise URLs carry tokens and passwords: they go to apprise and nowhere else, and every message that could
echo them is redacted first.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

import apprise
from feedgen.feed import FeedGenerator

from pipeline.errors import DeliveryError
from pipeline.markup import markdown_link, markdown_text, web_link, xml_text
from pipeline.records import Alert, Change, Source
from pipeline.redaction import redact_url
from pipeline.register import review_key
from pipeline.settings import Settings

if TYPE_CHECKING:
    from pipeline.store import Store

_STEP = {
    "new_partner": "new partner",
    "status_change": "status change",
    "status_regression": "⚠ step back",
    "new_mission": "new mission",
    "year_change": "target year moved",
    "retracted": "retracted by its source",
    "rejected": "rejected by an analyst",
}
# Where a change stands, as a title says it (a sure one says nothing: it is a fact).
STANDING_WORDS = {
    "sure": "",
    "unconfirmed": "unconfirmed",
    "confirmed": "confirmed",
    "rejected": "rejected by an analyst",
    "retracted": "retracted by its source",
    "superseded": "superseded",
}
# What the quoted clause asserts, in the words of an alert (the extractor's classes).
_ASSERTION = {
    "act": "a completed act",
    "membership": "a reported membership",
    "talks": "talks or an application",
    "invitation": "an invitation",
    "intent": "an intent or plan",
    "interest": "an expression of interest",
    "refusal": "a refusal or exit",
}
_QUIET_LOGGERS = ("apprise", "urllib3")  # urllib3 logs every request path at DEBUG: webhook tokens live there
_URLISH = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+", re.IGNORECASE)


@dataclass(frozen=True)
class TargetReport:
    """What one run did for one target (named redacted)."""

    target: str
    sent: int = 0
    failed: int = 0  # failed this run, retried later by the outbox
    dead: int = 0  # failed for the last allowed time this run: parked until someone re-arms them


@dataclass(frozen=True)
class DeliveryReport:
    """Counts of (alert, target) deliveries in one run."""

    sent: int
    failed: int
    errors: tuple[str, ...] = ()
    dead: int = 0
    targets: tuple[TargetReport, ...] = ()
    # Deliveries that failed before and still wait (in back-off, or parked dead): a run that sent nothing new is
    # not a clean run while an alert has not reached someone it is meant for.
    backlog: int = 0


@dataclass(frozen=True)
class Target:
    """One notification target: apprise holding exactly one plugin, so one `notify` reaches one target."""

    id: str  # sha256 of the target's full apprise URL: stable across runs, reveals nothing
    label: str  # redacted URL, for people
    notifier: apprise.Apprise
    secrets: tuple[str, ...]  # parts of its URL that a message might quote
    everything: bool = False  # opted into unconfirmed changes too, as they are found (an analyst's own inbox)


def _value(change: Change, value: str | None) -> str:
    if value is None:
        return "no target year" if change.field == "year" else "—"
    return value


def headline(change: Change) -> str:
    """The alert's title; a fact that is not yet one says so here, where every reader sees it."""
    if change.change_type == "retracted":
        return _retraction_headline(change)
    if change.change_type == "rejected":
        return f"ILRS: {change.name} {change.old_value or 'finding'} (rejected by an analyst)"
    if change.field == "year":
        year = f"target {change.new_value}" if change.new_value else "no target year yet"
        return f"ILRS: mission {change.name} ({year}){caveat(change)}"
    return f"ILRS: {change.name} {change.new_value}{caveat(change)}"


def caveat(change: Change) -> str:
    """Where a change stands, as its title ends: " (unconfirmed, ...)", " (confirmed)", ... ("" when sure)."""
    if change.change_type in ("rejected", "retracted"):
        return ""  # the change itself says it
    if change.standing == "unconfirmed":
        return f" (unconfirmed, one {change.confidence}-confidence source)"
    word = STANDING_WORDS.get(change.standing, "")
    return f" ({word})" if word else ""


def _retraction_headline(change: Change) -> str:
    if change.field == "status":
        return f"ILRS: {change.name} no longer reported as {change.old_value} (retracted by its source)"
    if change.sources and change.old_value:
        return f"ILRS: mission {change.name} no longer has target {change.old_value} (retracted by its source)"
    return f"ILRS: mission {change.name} no longer reported (retracted by its source)"


def review_commands(key: str) -> str:
    """The exact commands that settle a finding, and where the same form lives in the Prefect UI."""
    return (
        f"Confirm: `ilrs-watch review confirm {key}`; reject: `ilrs-watch review reject {key} --why \"...\"` "
        f"(or in Prefect: ilrs-review/review, Custom run, key {key})"
    )


def _weight(change: Change) -> list[str]:
    """How much the evidence weighs: its backing, its confidence and what the quoted clause asserts."""
    if change.change_type == "retracted":
        if not change.sources:
            return ["No source reports it any more; the register keeps the entry, marked retracted by its source."]
        return [f"Still reported by {change.sources} independent source{'s' if change.sources != 1 else ''}."]
    if change.change_type == "rejected":
        who = markdown_text(change.note[0].upper() + change.note[1:]) if change.note else "Rejected by an analyst"
        return [who + ". This finding no longer counts, nor any copy of its story."]
    count = f"{change.sources} independent source{'s' if change.sources != 1 else ''}"
    asserts = f" — the quote reports {_ASSERTION[change.assertion]}" if change.assertion in _ASSERTION else ""
    lines = [f"Backed by {count}.  ", f"Confidence: {change.confidence}{asserts}."]
    if change.standing == "unconfirmed":
        lines[-1] += "  "
        lines.append(
            f"**Unconfirmed:** {why_waiting(change.confidence, change.sources, change.assertion)}; not alerted "
            "until a second independent source or an analyst confirms it.  "
        )
        lines.append(review_commands(review_key(change.entity_key, change.source_url, change.new_value)) + ".")
    elif change.standing != "sure":
        lines[-1] += "  "
        said = STANDING_WORDS[change.standing].capitalize()
        lines.append(f"**{said}**" + (f": {markdown_text(change.note)}." if change.note else "."))
    if len(change.cited) > 1:
        lines += ["", "Sources:"] + [f"- {_cited(source)}" for source in change.cited]
    return lines


def why_waiting(confidence: str, sources: int, assertion: str | None) -> str:
    """Why a finding is not sure, in one phrase: its one source, how sure it is and what it reports."""
    what = f", which reports {_ASSERTION[assertion]}" if assertion in _ASSERTION else ""
    many = "one source" if sources <= 1 else f"{sources} sources"
    return f"{many} of {confidence} confidence{what}"


def _cited(source: Source) -> str:
    when = source.published.date().isoformat() if source.published else "undated"
    where = ", ".join(p for p in (source.site, when) if p)
    return f"{markdown_link(source.title or source.url, source.url)} ({markdown_text(where)})"


def render_body(change: Change) -> str:
    """Markdown: what changed, the evidence, the source, how many independent sources back it, and how sure
    the evidence is (confidence, and what the quoted clause asserts). Every text from a source is escaped
    (`pipeline.markup`): a name or title carrying tags, a `javascript:` link or escape codes stays inert text."""
    moved = (
        f"{_value(change, change.old_value)} → {_value(change, change.new_value)}"
        if change.old_value is not None
        else _value(change, change.new_value)
    )
    source = change.source_title or change.source_url
    where = ", ".join(
        part
        for part in (
            change.source_site,
            change.source_published.date().isoformat() if change.source_published else "undated",
        )
        if part
    )
    gone = ["The source no longer says:", ""] if change.change_type == "retracted" else []
    note = ["", f"Analyst: {markdown_text(change.note)}"] if change.note and change.standing == "sure" else []
    return "\n".join(
        [
            f"**{markdown_text(change.name)}** ({markdown_text(change.kind)}): {_STEP[change.change_type]} — "
            f"{markdown_text(moved + caveat(change))}",
            "",
            *gone,
            f"> {markdown_text(change.evidence.quote)}",
            "",
            f"Source: {markdown_link(source, change.source_url)} ({markdown_text(where)})  ",
            *_weight(change),
        ]
        + note
    )


def render_change(change: Change) -> Alert:
    """The title goes through Markdown too where a target blends it with the body (apprise converts both)."""
    return Alert(change.change_id, markdown_text(headline(change)), render_body(change), (change.change_id,))


def render_digest(alert_id: str, changes: Sequence[Change]) -> Alert:
    """What did not alert live, in full; what did, one line each; what waits for review, apart, with its commands.

    Rendered when sent, from the changes as they stand then: a finding settled since (confirmed, rejected) is
    no longer "to review", and one rejected or superseded before anyone confirmed it is left out."""
    live = [c for c in changes if c.policy == "live" and c.standing in ("sure", "confirmed")]
    to_review = [c for c in changes if c.waiting]
    told = {c.change_id for c in live + to_review}
    facts = [c for c in changes if c.change_id not in told and (c.standing in ("sure", "confirmed")
                                                                 or c.change_type == "rejected")]
    parts = []
    if facts:
        parts.append("\n\n---\n\n".join(render_body(c) for c in facts))
    if live:
        lines = "\n".join(f"- {markdown_text(headline(c))}" for c in live)
        parts.append(f"## Alerted live ({len(live)})\n\n{lines}")
    if to_review:
        # Unconfirmed findings are not facts yet: set apart, for an analyst to confirm or reject.
        waiting = "\n\n---\n\n".join(render_body(c) for c in to_review)
        parts.append(f"## To review ({len(to_review)}, unconfirmed)\n\n{waiting}")
    shown = len(facts) + len(live)
    title = f"ILRS: {shown} change{'s' if shown != 1 else ''} to the register"
    title += f", {len(to_review)} to review" if to_review else ""
    body = "\n\n".join(parts) or "Nothing new: every finding of the period was settled before this digest."
    return Alert(alert_id, title, body, tuple(c.change_id for c in changes))


def secret_parts(settings: Settings) -> list[str]:
    """Each apprise URL, and its password, user info and query values, which a message might quote alone."""
    urls = settings.apprise_secrets() + settings.apprise_everything_secrets()
    return [part for url in urls for part in secret_parts_of(url)]


def secret_parts_of(url: str) -> list[str]:
    split = urlsplit(url)
    parts = [url, split.password or "", split.netloc.rpartition("@")[0]]
    parts += [value for _, value in parse_qsl(split.query)]
    parts += [segment for segment in split.path.split("/") if len(segment) >= 12]  # tokens in paths
    return [p for p in parts if p and len(p) >= 4]


def redact(text: str, secrets: Sequence[str]) -> str:
    """Remove every secret, and anything shaped like a URL, from a message meant for logs or the outbox."""
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        text = text.replace(secret, "[redacted]")
    return _URLISH.sub("[redacted url]", text)


_QUIET_LOCK = threading.Lock()
_quiet_depth = 0
_quiet_saved: list[tuple[logging.Logger, bool, int]] = []


@contextmanager
def _quiet_apprise() -> Iterator[list[str]]:
    """Collect the warnings of apprise and of urllib3 under it (they may quote a target URL, or a request path
    holding a webhook token) instead of letting them, or urllib3's debug lines, reach our logs."""
    seen: list[str] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                seen.append(record.getMessage())

    handler = _Collect()
    loggers = [logging.getLogger(name) for name in _QUIET_LOGGERS]
    global _quiet_depth
    with _QUIET_LOCK:  # concurrent sends (threads) share the loggers: the first in saves, the last out restores
        if _quiet_depth == 0:
            _quiet_saved[:] = [(logger, logger.propagate, logger.level) for logger in loggers]
            for logger in loggers:
                logger.propagate = False
                logger.setLevel(logging.WARNING)
        _quiet_depth += 1
        for logger in loggers:
            logger.addHandler(handler)
    try:
        yield seen
    finally:
        with _QUIET_LOCK:
            for logger in loggers:
                logger.removeHandler(handler)
            _quiet_depth -= 1
            if _quiet_depth == 0:
                for logger, propagate, level in _quiet_saved:
                    logger.propagate, logger.level = propagate, level


_NO_TARGET = "no notification target matched (set ILRS_APPRISE_URLS or an apprise config)"


def targets(settings: Settings) -> list[Target]:
    """The configured targets (URLs and the config file's entries) that the tag selects, one per plugin; those
    in `apprise_everything_urls`, or tagged `everything` in the config file, also get unconfirmed changes."""
    config = settings.apprise_config
    everyone = _plugins(settings.apprise_secrets(), config, settings.apprise_tag)
    opted = _plugins(settings.apprise_everything_secrets(), None, None)
    opted += _plugins((), config, EVERYTHING_TAG) if config is not None else []
    found: dict[str, Target] = {}
    for plugin, everything in [(p, False) for p in everyone] + [(p, True) for p in opted]:
        url = plugin.url(privacy=False)
        single = apprise.Apprise()
        single.add(plugin)
        secrets = tuple(secret_parts_of(url))
        target_id = hashlib.sha256(url.encode()).hexdigest()[:32]
        found[target_id] = Target(target_id, _label(plugin.url(privacy=True), secrets), single, secrets, everything)
    return list(found.values())


EVERYTHING_TAG = "everything"  # in an apprise config file: this target opts into unconfirmed changes too


def _plugins(urls: Sequence[str], config: Path | None, tag: str | None) -> list[Any]:
    with _quiet_apprise():
        notifier = apprise.Apprise()
        for url in urls:
            notifier.add(url)
        if config is not None:
            loaded = apprise.AppriseConfig()
            loaded.add(str(config))
            notifier.add(loaded)
        return list(notifier.find(tag=tag) if tag else notifier.find())


def _label(private_url: str, secrets: Sequence[str]) -> str:
    """Scheme, host and path of apprise's privacy form, without user info, options or token-like segments."""
    parts = urlsplit(redact_url(private_url))
    path = "/".join("…" if len(seg) >= 12 or seg in secrets else seg for seg in parts.path.split("/"))
    return f"{parts.scheme}://{parts.netloc}{path}"


def send_to(target: Target, alert: Alert, settings: Settings) -> None:
    """One notification to one target; raise DeliveryError (secret-free) unless it accepted it within the
    delivery deadline (connect, send and answer together).

    Apprise's time-outs bound each socket read, so a target answering one byte at a time holds a send for as
    long as it likes: the send runs on a thread of its own and we stop waiting at the deadline. The delivery
    is then retried later like any other failure; the abandoned send ends when the target closes (or with the
    process), its logging kept quiet until then."""
    outcome: dict[str, object] = {}
    sender = threading.Thread(target=_notify, args=(target, alert, outcome), name="apprise-send", daemon=True)
    sender.start()
    sender.join(settings.delivery_deadline_seconds)
    if sender.is_alive():
        deadline = settings.delivery_deadline_seconds
        raise DeliveryError(f"no complete answer within the delivery deadline ({deadline:g} s)")
    if not outcome.get("accepted"):
        secrets = [*target.secrets, *secret_parts(settings), str(settings.apprise_config or "")]
        warnings = outcome.get("warnings")
        detail = redact("; ".join(warnings[-3:] if isinstance(warnings, list) else []), secrets)
        raise DeliveryError(f"delivery failed{': ' + detail if detail else ''}")  # the outbox names the target


def _notify(target: Target, alert: Alert, outcome: dict[str, object]) -> None:
    with _quiet_apprise() as warnings:
        try:
            accepted = target.notifier.notify(
                title=alert.title, body=alert.body, body_format=apprise.NotifyFormat.MARKDOWN
            )
        except Exception as exc:  # noqa: BLE001 - a plugin's fault is this target's failure, reported as such
            warnings.append(f"{type(exc).__name__}")
            accepted = False
    outcome["warnings"], outcome["accepted"] = warnings, accepted


def send(alert: Alert, settings: Settings) -> None:
    """Notify every target, each on its own; raise DeliveryError (secret-free) if any of them failed."""
    found = targets(settings)
    if not found:
        raise DeliveryError(_NO_TARGET)
    errors = []
    for target in found:
        try:
            send_to(target, alert, settings)
        except DeliveryError as exc:
            errors.append(f"{target.label}: {exc}")
    if errors:
        raise DeliveryError("; ".join(errors))


def render_item(store: Store, alert_id: str, kind: str, change_ids: Sequence[str]) -> Alert:
    changes = store.changes(ids=list(change_ids))
    return render_change(changes[0]) if kind == "change" and changes else render_digest(alert_id, changes)


def deliver_pending(store: Store, settings: Settings, owner: str, now: datetime) -> DeliveryReport:
    """Send each due (alert, target) delivery once: claim it, send it, record the outcome at once.

    A target that accepted an alert is marked `sent` in its own transaction right after the send, so only a
    crash in between can repeat it; a target that failed waits (exponential back-off) and is parked as
    `dead` after `delivery_max_attempts`. Failures are returned, never raised: retrying the whole delivery
    would repeat what the other targets already accepted."""
    found = {t.id: t for t in targets(settings)}
    if not found:
        waiting = store.note_undeliverable(_NO_TARGET)
        return DeliveryReport(0, waiting, (_NO_TARGET,) if waiting else ())
    if any(t.everything for t in found.values()):
        store.queue_review_alerts(now)
    store.fan_out([(t.id, t.label) for t in found.values()], now, [t.id for t in found.values() if t.everything])
    due = store.due_deliveries(list(found), now)
    items = {item.alert_id: item for item in store.outbox({d.alert_id for d in due})}
    rendered: dict[str, Alert] = {}
    tally = {t.id: {"sent": 0, "failed": 0, "dead": 0} for t in found.values()}
    errors: list[str] = []
    for delivery in due:
        # The lease runs from the moment of the claim, not the run's start: it must cover this one send.
        claimed_at = max(now, datetime.now(UTC))
        lease = settings.delivery_lease_seconds
        if not store.claim_delivery(delivery.alert_id, delivery.target_id, owner, claimed_at, lease):
            continue  # another run took it
        item = items[delivery.alert_id]
        if item.alert_id not in rendered:
            rendered[item.alert_id] = render_item(store, item.alert_id, item.kind, item.change_ids)
        try:
            send_to(found[delivery.target_id], rendered[item.alert_id], settings)
        except DeliveryError as exc:
            message = redact(str(exc), secret_parts(settings))
            status = store.mark_delivery_failed(
                delivery.alert_id, delivery.target_id, owner, message, now,  # back-off counts from the run's clock
                max_attempts=settings.delivery_max_attempts, backoff=settings.delivery_backoff(),
            )  # fmt: skip
            tally[delivery.target_id]["dead" if status == "dead" else "failed"] += 1
            errors.append(message)
            continue
        store.mark_delivered(delivery.alert_id, delivery.target_id, owner, datetime.now(UTC))
        tally[delivery.target_id]["sent"] += 1
    per_target = tuple(TargetReport(found[t].label, **counts) for t, counts in tally.items())
    return DeliveryReport(
        sent=sum(r.sent for r in per_target),
        failed=sum(r.failed for r in per_target),
        errors=tuple(errors),
        dead=sum(r.dead for r in per_target),
        targets=per_target,
        backlog=sum(1 for d in store.deliveries(["pending", "dead"]) if d.target_id in found and d.attempts),
    )


_STATUS_ORDER = {"dead": 0, "pending": 1, "sending": 2, "sent": 3}


def outbox_rows(store: Store, statuses: Sequence[str] | None = None) -> list[dict[str, str]]:
    """One row per (alert, target), most urgent first; alerts no target has been given yet show as one row."""
    items = {item.alert_id: item for item in store.outbox()}
    titles = {i.alert_id: render_item(store, i.alert_id, i.kind, i.change_ids).title for i in items.values()}
    rows = [
        {
            "status": d.status,
            "alert": d.alert_id,
            "title": titles.get(d.alert_id, ""),
            "target": d.target,
            "attempts": str(d.attempts),
            "next attempt": _stamp(d.next_attempt if d.status == "pending" else None),
            "last error": d.last_error or "",
        }
        for d in store.deliveries()
    ]
    fanned = {d.alert_id for d in store.deliveries()}
    rows += [
        {
            "status": "pending",
            "alert": i.alert_id,
            "title": titles[i.alert_id],
            "target": "(not sent to any target yet)",
            "attempts": str(i.attempts),
            "next attempt": "next run",
            "last error": i.last_error or "",
        }
        for i in items.values()
        if i.alert_id not in fanned and i.status == "pending"
    ]
    rows = [r for r in rows if statuses is None or r["status"] in statuses]
    return sorted(rows, key=lambda r: _STATUS_ORDER.get(r["status"], 9))


def _stamp(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else ""


def outbox_table(rows: Sequence[dict[str, str]]) -> str:
    """A plain-text table for terminals, with counts per status."""
    if not rows:
        return "The outbox is empty."
    header = list(rows[0])
    cells = [header] + [[r[h] if h != "title" else r[h][:48] for h in header] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in cells]
    counts = {status: sum(r["status"] == status for r in rows) for status in _STATUS_ORDER}
    lines.append("\n" + ", ".join(f"{n} {status}" for status, n in counts.items() if n))
    return "\n".join(lines)


_EPOCH = datetime.min.replace(tzinfo=UTC)


def atom_feed(changes: Sequence[Change], *, feed_id: str, title: str = "ILRS Watch: register changes") -> bytes:
    """An Atom 1.0 feed, one entry per change with a stable id, newest first."""
    feed = FeedGenerator()
    feed.id(feed_id)
    feed.title(title)
    feed.link(href=feed_id, rel="self")
    feed.language("en")
    feed.author({"name": "ILRS Watch"})  # RFC 4287 4.1.1: entries have no author of their own
    stamps = [c.detected_at for c in changes if c.detected_at]
    feed.updated(max(stamps) if stamps else datetime.now(UTC))
    for change in sorted(changes, key=lambda c: (c.detected_at or _EPOCH, c.change_id), reverse=True):
        entry = feed.add_entry(order="append")
        entry.id(f"urn:ilrs-watch:change:{change.change_id}")
        entry.title(xml_text(headline(change)))
        if (link := web_link(change.source_url)) is not None:  # only http(s): never a `javascript:` link
            entry.link(href=link)
        entry.updated(change.detected_at or datetime.now(UTC))
        if change.source_published:
            entry.published(change.source_published)
        entry.content(xml_text(render_body(change)), type="text")
    atom: bytes = feed.atom_str(pretty=True)
    return atom
