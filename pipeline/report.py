"""Human-facing views of a run and of the register: the CLI table, the run summary, artifact rows."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime

from pipeline import alerts
from pipeline.http import safe_url
from pipeline.records import FeedConfig, FeedState, RegisterEntry, RunSummary

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
    return redact_text(re.sub(r"^[a-z]+://\S+?: ", "", error or ""))


def redact_url(url: str) -> str:
    """A URL fit for people and logs: no user info, no query (tokens hide in both).

    Stand-in for `pipeline.redaction.redact_url` (issue 8, item 3): the integrator points this at it."""
    return safe_url(url) if "://" in url else url


_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s<>\"']+", re.I)


def redact_text(text: str) -> str:
    """Every URL inside a message redacted."""
    return _URL.sub(lambda m: redact_url(m.group(0)), text)


_FIRST_REASONS = 3  # reasons quoted in a state message: enough to act on, short enough for the runs list


def problems(summary: RunSummary) -> list[str]:
    """Why a run is not plain success, one line per kind of problem: empty when all went well.

    Feeds that failed this run (those skipped for back-off or switched off before count only when no feed at all
    was read), alerts not delivered, and pages refused or failing. Each line has the count and the first few
    reasons, URLs redacted."""
    s = summary
    lines = []
    failed_feeds = [f"{redact_url(p.url)}: {_reason(p.error)}" for p in s.feed_problems if p.outcome == "failed"]
    if s.feeds_failed:
        lines.append(f"{s.feeds_failed} of {s.feeds_polled} feeds failed" + _first(failed_feeds))
    elif s.feeds_polled == 0 and (s.feeds_skipped or s.feeds_disabled):
        # Every feed waits out its back-off or is switched off: a run that read nothing is not a clean run.
        lines.append(f"no feed was read: {s.feeds_skipped} wait after failures, {s.feeds_disabled} disabled")
    if s.alerts_failed:
        lines.append(f"{s.alerts_failed} alert(s) could not be delivered and wait in the outbox")
    if s.article_problems:
        pages = s.article_problems
        given_up = sum(1 for a in pages if a.outcome == "failed")
        lines.append(
            f"{len(pages)} page(s) failed ({given_up} for good, {len(pages) - given_up} to retry)"
            + _first(f"{a.url}: {_reason(a.error)}" for a in pages)
        )
    return lines


def _first(reasons: Iterable[str]) -> str:
    shown = list(reasons)
    if not shown:
        return ""
    more = f"; and {len(shown) - _FIRST_REASONS} more" if len(shown) > _FIRST_REASONS else ""
    return ": " + "; ".join(shown[:_FIRST_REASONS]) + more


def summary_lines(summary: RunSummary) -> list[str]:
    """The counts, one line each: logged and printed."""
    s = summary
    lines = [
        f"{s.kind} run {s.run_id}",
        f"feeds: {s.feeds_polled} polled, {s.feeds_not_modified} not modified, {s.feeds_failed} failed, "
        f"{s.feeds_disabled} disabled, {s.feeds_skipped} skipped",
        f"entries: {s.new_entries} new, {s.relevant_entries} relevant",
        f"articles: {s.articles_fetched} fetched, {s.article_failures} failed (the feed's text kept where it had one)",
        f"documents: {s.documents_new} new, {s.documents_updated} updated",
        f"changes: {len(s.changes)}",
        f"alerts: {s.alerts_queued} queued, {s.alerts_sent} sent, {s.alerts_failed} failed",
    ]
    lines += [f"feed {p.outcome}: {redact_url(p.url)}: {_reason(p.error)}".rstrip(": ") for p in s.feed_problems]
    lines += [f"page {_PAGE_OUTCOME[a.outcome]}: {a.url}: {_reason(a.error)}" for a in s.article_problems]
    lines += [f"feed charset repaired: {line}" for line in s.feeds_repaired]
    lines += list(s.notes)
    return lines


_PAGE_OUTCOME = {"retry": "failed, retried later", "failed": "failed for good"}


def summary_markdown(summary: RunSummary) -> str:
    """The run's markdown artifact: counts, every change with its evidence, and feed health."""
    counts = summary_lines(summary)[1:7]  # feed problems and notes get sections of their own below
    parts = [f"# ILRS Watch {summary.kind} run `{summary.run_id}`", ""]
    if problems(summary):
        parts += ["**Completed with problems:**", ""] + [f"- {line}" for line in problems(summary)] + [""]
    parts += [f"- {line}" for line in counts]
    parts += ["", f"## Changes ({len(summary.changes)})", ""]
    if not summary.changes:
        parts.append("No change to the register.")
    for change in summary.changes:
        parts += [alerts.render_change(change).body, "", "---", ""]
    parts += ["", "## Feed health", ""]
    if summary.feed_problems:
        parts += ["| feed | outcome | error |", "|---|---|---|"]
        parts += [f"| {redact_url(p.url)} | {p.outcome} | {_cell(_reason(p.error))} |" for p in summary.feed_problems]
    else:
        parts.append("Every polled feed answered.")
    if summary.feeds_repaired:
        parts += ["", "Feeds whose declared charset was wrong (read with the detected one):", ""]
        parts += [f"- {line}" for line in summary.feeds_repaired]
    if summary.article_problems:
        parts += ["", f"## Pages that failed ({len(summary.article_problems)})", ""]
        parts += ["| page | outcome | attempts | error |", "|---|---|---|---|"]
        parts += [
            f"| {a.url} | {_PAGE_OUTCOME[a.outcome]} | {a.attempts} | {_cell(_reason(a.error))} |"
            for a in summary.article_problems
        ]
    if summary.notes:
        parts += ["", "## Notes", ""] + [f"- {n}" for n in summary.notes]
    return "\n".join(parts) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "/").replace("\n", " ")


def _when(value: datetime | None) -> str:
    return f"{value:%Y-%m-%d %H:%M}Z" if value else "-"


def feed_health_rows(
    configured: Sequence[FeedConfig], states: dict[str, FeedState], now: datetime
) -> list[dict[str, str]]:
    """One row per feed, configured ones first, then feeds the store knows that the list no longer names."""
    urls = list(dict.fromkeys([c.url for c in configured] + sorted(states)))
    rows = []
    for url in urls:
        state = states.get(url)
        if state is None:
            rows.append({"feed": redact_url(url), "state": "new", "last success": "-", "failures": "0",
                         "next attempt": "next run", "last error": ""})  # fmt: skip
            continue
        due = state.not_before if state.not_before and state.not_before > now else None
        rows.append(
            {
                "feed": redact_url(url),
                "state": "disabled" if state.disabled else "failing" if state.failures else "ok",
                "last success": _when(state.last_success),
                "failures": str(state.failures),
                "next attempt": "never (disabled)" if state.disabled else _when(due) if due else "next run",
                "last error": _reason(state.last_error),
            }
        )
    return rows


def feed_health_table(rows: Sequence[dict[str, str]]) -> str:
    """A plain-text table for terminals, with a count of each state."""
    if not rows:
        return "no feeds"
    header = list(rows[0])
    cells = [[h.upper() for h in header]] + [[row[h] for h in header] for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)).rstrip() for line in cells]
    counts = Counter(row["state"] for row in rows)
    lines.append("\n" + ", ".join(f"{n} {state}" for state, n in sorted(counts.items())))
    return "\n".join(lines)
