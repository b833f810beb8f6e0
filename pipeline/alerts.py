"""Alerts: render changes (pure), deliver them through apprise via the outbox, and publish an Atom feed.

Apprise URLs carry tokens and passwords: they go to apprise and nowhere else, and every message that could
echo them is redacted first.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlsplit

import apprise
from feedgen.feed import FeedGenerator

from pipeline.errors import DeliveryError
from pipeline.records import Alert, Change
from pipeline.settings import Settings

if TYPE_CHECKING:
    from pipeline.store import Store

_STEP = {
    "new_partner": "new partner",
    "status_change": "status change",
    "status_regression": "⚠ step back",
    "new_mission": "new mission",
    "year_change": "target year moved",
    "retracted": "claim retracted",
    "rejected": "finding rejected by an analyst",
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
class DeliveryReport:
    sent: int
    failed: int
    errors: tuple[str, ...] = ()


def _value(change: Change, value: str | None) -> str:
    if value is None:
        return "no target year" if change.field == "year" else "—"
    return value


def headline(change: Change) -> str:
    """The alert's title; a fact that is not yet one says so here, where every reader sees it."""
    if change.change_type == "retracted":
        return _retraction_headline(change)
    if change.change_type == "rejected":
        return f"ILRS: rejected finding — {change.name} {change.old_value or ''}".rstrip()
    if change.field == "year":
        year = f"target {change.new_value}" if change.new_value else "no target year yet"
        return f"ILRS: mission {change.name} ({year})"
    caveat = " (unconfirmed, one low-confidence source)" if change.unconfirmed else ""
    return f"ILRS: {change.name} {change.new_value}{caveat}"


def _retraction_headline(change: Change) -> str:
    if change.field == "status":
        return f"ILRS: {change.name} no longer reported as {change.old_value} (claim retracted)"
    if change.sources and change.old_value:
        return f"ILRS: mission {change.name} no longer has target {change.old_value} (claim retracted)"
    return f"ILRS: mission {change.name} no longer reported (claim retracted)"


def _weight(change: Change) -> list[str]:
    """How much the evidence weighs: its backing, its confidence and what the quoted clause asserts."""
    if change.change_type == "retracted":
        if not change.sources:
            return ["No source reports it any more; the register keeps the entry, marked retracted."]
        return [f"Still reported by {change.sources} independent source{'s' if change.sources != 1 else ''}."]
    count = f"{change.sources} independent source{'s' if change.sources != 1 else ''}"
    asserts = f" — the quote reports {_ASSERTION[change.assertion]}" if change.assertion in _ASSERTION else ""
    lines = [f"Backed by {count}.  ", f"Confidence: {change.confidence}{asserts}."]
    if change.unconfirmed:
        lines[-1] += "  "
        lines.append(
            "**Unconfirmed:** one low-confidence source; not a fact until a second independent source or an "
            "analyst confirms it."
        )
    return lines


def render_body(change: Change) -> str:
    """Markdown: what changed, the evidence, the source, how many independent sources back it, and how sure
    the evidence is (confidence, and what the quoted clause asserts)."""
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
    note = ["", f"Analyst: {change.note}"] if change.note else []
    return "\n".join(
        [
            f"**{change.name}** ({change.kind}): {_STEP[change.change_type]} — {moved}",
            "",
            *gone,
            f"> {change.evidence.quote.strip()}",
            "",
            f"Source: [{source}]({change.source_url}) ({where})  ",
            *_weight(change),
        ]
        + note
    )


def render_change(change: Change) -> Alert:
    return Alert(change.change_id, headline(change), render_body(change), (change.change_id,))


def render_digest(alert_id: str, changes: Sequence[Change]) -> Alert:
    title = f"ILRS: {len(changes)} change{'s' if len(changes) != 1 else ''} to the register"
    facts = [c for c in changes if not c.unconfirmed]
    to_review = [c for c in changes if c.unconfirmed]
    body = "\n\n---\n\n".join(render_body(c) for c in facts)
    if to_review:
        # Unconfirmed findings are not facts yet: set apart, for an analyst to confirm or reject.
        waiting = "\n\n---\n\n".join(render_body(c) for c in to_review)
        body = (body + "\n\n" if body else "") + f"## To review ({len(to_review)}, unconfirmed)\n\n{waiting}"
    return Alert(alert_id, title, body, tuple(c.change_id for c in changes))


def secret_parts(settings: Settings) -> list[str]:
    """Each apprise URL, and its password, user info and query values, which a message might quote alone."""
    parts = []
    for url in settings.apprise_secrets():
        split = urlsplit(url)
        parts += [url, split.password or "", split.netloc.rpartition("@")[0]]
        parts += [value for _, value in parse_qsl(split.query)]
        parts += [segment for segment in split.path.split("/") if len(segment) >= 12]  # tokens in paths
    return [p for p in parts if p and len(p) >= 4]


def redact(text: str, secrets: Sequence[str]) -> str:
    """Remove every secret, and anything shaped like a URL, from a message meant for logs or the outbox."""
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        text = text.replace(secret, "[redacted]")
    return _URLISH.sub("[redacted url]", text)


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
    saved = [(logger, logger.propagate, logger.level) for logger in map(logging.getLogger, _QUIET_LOGGERS)]
    for logger, _, _ in saved:
        logger.addHandler(handler)
        logger.propagate = False
        logger.setLevel(logging.WARNING)
    try:
        yield seen
    finally:
        for logger, propagate, level in saved:
            logger.removeHandler(handler)
            logger.propagate, logger.level = propagate, level


def send(alert: Alert, settings: Settings) -> None:
    """Notify every target; raise DeliveryError (secret-free) unless apprise reports success."""
    secrets = secret_parts(settings)
    with _quiet_apprise() as warnings:
        notifier = apprise.Apprise()
        for url in settings.apprise_secrets():
            notifier.add(url)
        if settings.apprise_config is not None:
            config = apprise.AppriseConfig()
            config.add(str(settings.apprise_config))
            notifier.add(config)
        kinds = sorted({type(s).__name__ for s in notifier}) or ["no target"]
        tags = {"tag": settings.apprise_tag} if settings.apprise_tag else {}
        result = (
            notifier.notify(title=alert.title, body=alert.body, body_format=apprise.NotifyFormat.MARKDOWN, **tags)
            if len(notifier)
            else None
        )
    if result is None:
        raise DeliveryError("no notification target matched (set ILRS_APPRISE_URLS or an apprise config)")
    if not result:
        detail = redact("; ".join(warnings[-3:]), secrets + [str(settings.apprise_config or "")])
        raise DeliveryError(f"delivery failed ({', '.join(kinds)}){': ' + detail if detail else ''}")


def deliver_pending(store: Store, settings: Settings, owner: str, now: datetime) -> DeliveryReport:
    """Send what the outbox holds (claimed so no other sender takes it); failures wait for the next run."""
    sent, errors = 0, []
    for item in store.claim_pending(owner, now):
        changes = store.changes(ids=list(item.change_ids))
        alert = (
            render_change(changes[0]) if item.kind == "change" and changes else render_digest(item.alert_id, changes)
        )
        try:
            send(alert, settings)
        except DeliveryError as exc:
            message = redact(str(exc), secret_parts(settings))
            store.mark_failed(item.alert_id, owner, message, datetime.now(UTC))
            errors.append(message)
            continue
        store.mark_sent(item.alert_id, owner, datetime.now(UTC))
        sent += 1
    return DeliveryReport(sent, len(errors), tuple(errors))


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
        entry.title(headline(change))
        entry.link(href=change.source_url)
        entry.updated(change.detected_at or datetime.now(UTC))
        if change.source_published:
            entry.published(change.source_published)
        entry.content(render_body(change), type="text")
    return feed.atom_str(pretty=True)
