"""Human-facing views of a run and of the register: the CLI table, the run summary, artifact rows."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from pipeline import alerts
from pipeline.records import RegisterEntry, RunSummary
from pipeline.redaction import redact_url

_STATUS_ORDER = {"joined": 0, "negotiating": 1, "interested": 2, "withdrew": 3}


def _date(value: datetime | None) -> str:
    return value.date().isoformat() if value else "undated"


def sorted_register(entries: Sequence[RegisterEntry]) -> list[RegisterEntry]:
    """Partners by status then name, then missions by name: the order people read a register in."""
    partners = sorted(
        (e for e in entries if e.entity == "partner"),
        key=lambda e: (_STATUS_ORDER.get(e.value or "", 9), e.name.lower()),
    )
    missions = sorted((e for e in entries if e.entity == "mission"), key=lambda e: e.name.lower())
    return partners + missions


def register_rows(entries: Sequence[RegisterEntry]) -> list[dict[str, object]]:
    """One flat row per entry: the Prefect table artifact and `state --json` share it."""
    return [
        {
            "entity": e.entity,
            "key": e.key,
            "name": e.name,
            "kind": e.kind,
            "status": e.value if e.entity == "partner" else None,
            "year": int(e.value) if e.entity == "mission" and e.value else None,
            "site": e.site,
            "country": e.country,
            "signatory": e.signatory,
            "sources": e.sources,
            "first_seen": _date(e.first_seen),
            "last_seen": _date(e.last_seen),
            "evidence": e.evidence.quote,
            "source_url": e.source_url,
        }
        for e in sorted_register(entries)
    ]


def register_table(entries: Sequence[RegisterEntry]) -> str:
    """A plain-text table for terminals."""
    header = ("WHAT", "NAME", "STATUS/YEAR", "SIGNATORY/SITE", "SOURCES", "FIRST SEEN")
    rows = [header]
    for e in sorted_register(entries):
        detail = e.signatory if e.entity == "partner" else e.site
        value = e.value or ("-" if e.entity == "mission" else "?")
        what = e.kind if e.entity == "partner" else "mission"
        rows.append((what, e.name, value, detail or "", str(e.sources), _date(e.first_seen)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    partners = sum(1 for e in entries if e.entity == "partner")
    lines.append(f"\n{partners} partners, {len(entries) - partners} missions")
    return "\n".join(lines)


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
    lines += [f"feed {p.outcome}: {redact_url(p.url)}: {_reason(p.error)}".rstrip(": ") for p in s.feed_problems]
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
        parts += [
            f"| {redact_url(p.url)} | {p.outcome} | {_reason(p.error).replace('|', '/')} |"
            for p in summary.feed_problems
        ]
    else:
        parts.append("Every polled feed answered.")
    if summary.notes:
        parts += ["", "## Notes", ""] + [f"- {n}" for n in summary.notes]
    return "\n".join(parts) + "\n"
