"""Human-facing views of a run and of the register: the CLI table, the run summary, artifact rows."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from pipeline import alerts
from pipeline.records import RegisterEntry, Review, RunSummary
from pipeline.resolution import unconfirmed
from pipeline.review import ReviewItem

_STATUS_ORDER = {"joined": 0, "negotiating": 1, "interested": 2, "withdrew": 3}


def _date(value: datetime | None) -> str:
    return value.date().isoformat() if value else "undated"


_BASIS = {"source": "", "text": " (date from its text)", "stored": " (undated source: day stored)"}


def first_seen(entry: RegisterEntry) -> str:
    """The first-seen date, saying when it was inferred from a text or is only the day we stored it: a reader
    takes "first seen" for "when it happened"."""
    return _date(entry.first_seen) + _BASIS.get(entry.first_seen_basis, "")


def sorted_register(entries: Sequence[RegisterEntry]) -> list[RegisterEntry]:
    """Partners by status then name, then missions by name: the order people read a register in."""
    partners = sorted(
        (e for e in entries if e.entity == "partner"),
        key=lambda e: (_STATUS_ORDER.get(e.value or "", 9), e.name.lower()),
    )
    missions = sorted((e for e in entries if e.entity == "mission"), key=lambda e: e.name.lower())
    return partners + missions


def _shown(e: RegisterEntry) -> str:
    """Status or year as a reader should take it: retracted and unconfirmed values say so."""
    if e.retracted_at is not None:
        return "retracted" if e.entity == "partner" or not e.sources else "year retracted"
    value = e.value or ("-" if e.entity == "mission" else "?")
    return f"{value} (unconfirmed)" if unconfirmed(e.value, e.confidence, e.sources) else value


def register_rows(entries: Sequence[RegisterEntry]) -> list[dict[str, object]]:
    """One flat row per entry: the Prefect table artifact and `state --json` share it.

    A retracted entry has status "retracted" (a partner) or year None with `retracted` set (a mission)."""
    return [
        {
            "entity": e.entity,
            "key": e.key,
            "name": e.name,
            "kind": e.kind,
            "status": ("retracted" if e.retracted_at else e.value) if e.entity == "partner" else None,
            "year": int(e.value) if e.entity == "mission" and e.value else None,
            "confidence": e.confidence,
            "unconfirmed": unconfirmed(e.value, e.confidence, e.sources),
            "retracted": _date(e.retracted_at) if e.retracted_at else None,
            "site": e.site,
            "country": e.country,
            "signatory": e.signatory,
            "sources": e.sources,
            "first_seen": first_seen(e),
            "last_seen": _date(e.last_seen),
            "evidence": e.evidence.quote,
            "source_url": e.source_url,
        }
        for e in sorted_register(entries)
    ]


def register_table(entries: Sequence[RegisterEntry]) -> str:
    """A plain-text table for terminals."""
    header = ("WHAT", "NAME", "STATUS/YEAR", "CONF", "SIGNATORY/SITE", "SOURCES", "FIRST SEEN")
    rows = [header]
    for e in sorted_register(entries):
        detail = e.signatory if e.entity == "partner" else e.site
        what = e.kind if e.entity == "partner" else "mission"
        conf = {"medium": "med"}.get(e.confidence, e.confidence)
        rows.append((what, e.name, _shown(e), conf, detail or "", str(e.sources), first_seen(e)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    partners = sum(1 for e in entries if e.entity == "partner")
    retracted = sum(1 for e in entries if e.retracted_at is not None)
    tail = f", {retracted} retracted (see `ilrs-watch changes`)" if retracted else ""
    lines.append(f"\n{partners} partners, {len(entries) - partners} missions{tail}")
    return "\n".join(lines)


def _value(entry: RegisterEntry) -> str:
    return entry.value or ("no target year" if entry.entity == "mission" else "?")


def review_rows(items: Sequence[ReviewItem]) -> list[dict[str, object]]:
    return [
        {
            "review_key": i.review_key,
            "unconfirmed": i.unconfirmed,
            "confidence": i.entry.confidence,
            "key": i.entry.key,
            "name": i.entry.name,
            "value": i.entry.value,
            "sources": i.entry.sources,
            "evidence": i.entry.evidence.quote,
            "source_url": i.entry.source_url,
        }
        for i in items
    ]


def review_table(items: Sequence[ReviewItem]) -> str:
    """What awaits review, one finding a paragraph: key, claim, confidence, quote and source."""
    if not items:
        return "Nothing awaits review."
    blocks = [
        f"{i.review_key}  {i.entry.name}: {_value(i.entry)}  [{'UNCONFIRMED, ' if i.unconfirmed else ''}"
        f"{i.entry.confidence} confidence, {i.entry.sources} source{'s' if i.entry.sources != 1 else ''}]\n"
        f"    “{_short(i.entry.evidence.quote)}”\n    {i.entry.source_url}"
        for i in items
    ]
    footer = "confirm: ilrs-watch review confirm KEY   reject: ilrs-watch review reject KEY --why TEXT"
    return "\n".join(blocks) + f"\n\n{len(items)} awaiting review. {footer}"


def rejected_table(reviews: Sequence[Review]) -> str:
    """Findings analysts rejected, with who, when and why: the register says why a claim does not count."""
    rejected = [r for r in reviews if r.verdict == "rejected"]
    if not rejected:
        return ""
    lines = ["Rejected by analysts (these claims no longer count):"]
    lines += [
        f"  {r.name}: {r.value or '-'} — rejected by {r.reviewer} on {_date(r.reviewed_at)}: {r.reason}\n"
        f"    “{_short(r.quote)}” {r.source_url}"
        for r in rejected
    ]
    return "\n".join(lines)


def review_markdown(items: Sequence[ReviewItem], rejected: str) -> str:
    """The review queue as the UI's markdown artifact: copy a key into the `ilrs-review` run form."""
    lines = ["# Awaiting review", ""]
    if not items:
        lines.append("Nothing awaits review.")
    else:
        lines += ["| key | finding | confidence | evidence | source |", "|---|---|---|---|---|"]
        lines += [
            f"| `{i.review_key}` | {'**unconfirmed** ' if i.unconfirmed else ''}{i.entry.name}: {_value(i.entry)} "
            f"| {i.entry.confidence}, {i.entry.sources} source(s) | {_short(i.entry.evidence.quote, 160)} "
            f"| [{i.entry.source_site or 'source'}]({i.entry.source_url}) |".replace("\n", " ")
            for i in items
        ]
    if rejected:
        lines += ["", "```", rejected, "```"]
    return "\n".join(lines) + "\n"


def verdict_line(review: Review) -> str:
    why = f": {review.reason}" if review.reason else ""
    return f"{review.review_key} {review.name} {review.value or '-'}: {review.verdict} by {review.reviewer}{why}"


def _short(quote: str, limit: int = 200) -> str:
    quote = " ".join(quote.split())
    return quote if len(quote) <= limit else quote[: limit - 1] + "…"


def _reason(error: str | None) -> str:
    """An error without the URL it starts with: the line names the feed already."""
    return re.sub(r"^[a-z]+://\S+?: ", "", error or "")


def summary_lines(summary: RunSummary) -> list[str]:
    """The counts, one line each: logged and printed."""
    s = summary
    lines = [
        f"{s.kind} run {s.run_id}",
        f"feeds: {s.feeds_polled} polled, {s.feeds_not_modified} not modified, {s.feeds_failed} failed, "
        f"{s.feeds_disabled} disabled, {s.feeds_skipped} skipped",
        f"entries: {s.new_entries} new, {s.relevant_entries} relevant",
        f"articles: {s.articles_fetched} fetched, {s.article_failures} fell back to the feed's text",
        f"documents: {s.documents_new} new, {s.documents_updated} updated",
        f"changes: {len(s.changes)}",
        f"alerts: {s.alerts_queued} queued, {s.alerts_sent} sent, {s.alerts_failed} failed",
    ]
    lines += [f"feed {p.outcome}: {p.url}: {_reason(p.error)}".rstrip(": ") for p in s.feed_problems]
    lines += list(s.notes)
    return lines


def summary_markdown(summary: RunSummary) -> str:
    """The run's markdown artifact: counts, every change with its evidence, and feed health."""
    counts = summary_lines(summary)[1:7]  # feed problems and notes get sections of their own below
    parts = [f"# ILRS Watch {summary.kind} run `{summary.run_id}`", ""]
    parts += [f"- {line}" for line in counts]
    parts += ["", f"## Changes ({len(summary.changes)})", ""]
    if not summary.changes:
        parts.append("No change to the register.")
    for change in summary.changes:
        parts += [alerts.render_change(change).body, "", "---", ""]
    parts += ["", "## Feed health", ""]
    if summary.feed_problems:
        parts += ["| feed | outcome | error |", "|---|---|---|"]
        parts += [f"| {p.url} | {p.outcome} | {_reason(p.error).replace('|', '/')} |" for p in summary.feed_problems]
    else:
        parts.append("Every polled feed answered.")
    if summary.notes:
        parts += ["", "## Notes", ""] + [f"- {n}" for n in summary.notes]
    return "\n".join(parts) + "\n"
