"""Human-facing views of a run and of the register: the CLI table, the run summary, artifact rows."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pipeline import alerts, markup
from pipeline.records import Change, RegisterEntry, Review, RunSummary
from pipeline.redaction import redact_text, redact_url
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


# The words every screen uses (alert, digest, `state`, `review`, artifacts, run summary, HTML page).
UNCONFIRMED = alerts.STANDING_WORDS["unconfirmed"]
REJECTED = alerts.STANDING_WORDS["rejected"]  # by an analyst
RETRACTED = alerts.STANDING_WORDS["retracted"]  # by its source


def standing(e: RegisterEntry) -> str:
    """Where an entry's value stands, in the shared words: "" when it is sure."""
    if e.retracted_at is not None:
        return REJECTED if e.rejected else RETRACTED
    return UNCONFIRMED if unconfirmed(e.value, e.confidence, e.sources) else ""


def status_text(e: RegisterEntry) -> str:
    """Status or year as a reader should take it: unconfirmed, rejected and retracted values say so."""
    said = standing(e)
    if e.retracted_at is not None:
        return said if e.entity == "partner" or not e.sources else f"year {said}"
    value = e.value or ("-" if e.entity == "mission" else "?")
    return f"{value} ({said})" if said else value


_shown = status_text


def register_rows(entries: Sequence[RegisterEntry]) -> list[dict[str, object]]:
    """One flat row per entry: the Prefect table artifact and `state --json` share it.

    A retracted entry has status "retracted" (a partner) or year None with `retracted` set (a mission)."""
    return [
        {
            "entity": e.entity,
            "key": e.key,
            "name": e.name,
            "kind": e.kind,
            "status": (("rejected" if e.rejected else "retracted") if e.retracted_at else e.value)
            if e.entity == "partner" else None,
            "standing": standing(e) or None,
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
    rejected = sum(1 for e in entries if e.retracted_at is not None and e.rejected)
    retracted = sum(1 for e in entries if e.retracted_at is not None) - rejected
    waiting = sum(1 for e in entries if standing(e) == UNCONFIRMED)
    tail = f", {waiting} {UNCONFIRMED} (see `ilrs-watch review`)" if waiting else ""
    tail += f", {rejected} {REJECTED}" if rejected else ""
    tail += f", {retracted} {RETRACTED} (see `ilrs-watch changes`)" if retracted else ""
    lines.append(f"\n{partners} partners, {len(entries) - partners} missions{tail}")
    return "\n".join(lines)


def _value(entry: RegisterEntry) -> str:
    return entry.value or ("no target year" if entry.entity == "mission" else "?")


def review_rows(items: Sequence[ReviewItem]) -> list[dict[str, object]]:
    return [
        {
            "review_key": i.review_key,
            "impact": i.impact,
            "unconfirmed": i.unconfirmed,
            "confidence": i.entry.confidence,
            "why": i.why,
            "key": i.entry.key,
            "kind": i.entry.kind,
            "name": i.entry.name,
            "value": i.entry.value,
            "sources": i.entry.sources,
            "evidence": i.entry.evidence.quote,
            "source_url": i.entry.source_url,
            "source_site": i.entry.source_site,
            "source_published": _date(i.entry.source_published),
            "confirm": f"ilrs-watch review confirm {i.review_key}",
            "reject": f'ilrs-watch review reject {i.review_key} --why "..."',
        }
        for i in items
    ]


def review_table(items: Sequence[ReviewItem]) -> str:
    """What awaits review, by impact, one finding a paragraph: what it would tell, why it waits, the quote, its
    source, and the exact commands that settle it."""
    if not items:
        return "Nothing awaits review."
    blocks = [
        f"{n}. {i.impact.upper()}: {i.entry.name} {_value(i.entry)}  [unconfirmed, {i.entry.confidence} confidence, "
        f"{i.entry.sources} source{'s' if i.entry.sources != 1 else ''}]\n"
        f"   why: {i.why}\n"
        f"   “{_short(i.entry.evidence.quote)}”\n"
        f"   {i.entry.source_site or 'source'}, {_date(i.entry.source_published)}: {i.entry.source_url}\n"
        f"   confirm: ilrs-watch review confirm {i.review_key}\n"
        f'   reject:  ilrs-watch review reject {i.review_key} --why "..."'
        for n, i in enumerate(items, 1)
    ]
    ui = "In Prefect: Deployments > ilrs-review/review > Custom run, with the key and a verdict."
    return "\n\n".join(blocks) + f"\n\n{len(items)} awaiting review, most consequential first. {ui}"


def rejected_table(reviews: Sequence[Review]) -> str:
    """Findings analysts rejected, with who, when and why: the register says why a claim does not count."""
    rejected = [r for r in reviews if r.verdict == "rejected"]
    if not rejected:
        return ""
    lines = ["Rejected by an analyst (these claims no longer count):"]
    lines += [
        f"  {r.name}: {r.value or '-'} — {REJECTED} ({r.reviewer}) on {_date(r.reviewed_at)}: {r.reason}\n"
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
        lines += [
            "Most consequential first. To settle one: *Deployments → ilrs-review/review → Custom run* with its key "
            "and `confirm` or `reject` (a rejection needs a reason), or the command in its row.",
            "",
            "| impact | finding | confidence | why it waits | evidence | source | command |",
            "|---|---|---|---|---|---|---|",
        ]
        lines += [
            f"| {i.impact} | **unconfirmed** {_md(i.entry.name)}: {_md(_value(i.entry))} "
            f"| {i.entry.confidence}, {i.entry.sources} source(s) | {_md(i.why)} "
            f"| {_md(_short(i.entry.evidence.quote, 160))} "
            f"| {_md_link(i.entry.source_site or 'source', i.entry.source_url)} {_date(i.entry.source_published)} "
            f"| `ilrs-watch review confirm {i.review_key}` / `reject {i.review_key} --why ...` |"
            for i in items
        ]
    if rejected:
        lines += ["", "```", rejected.replace("`", "'"), "```"]
    return "\n".join(lines) + "\n"


def verdict_line(review: Review) -> str:
    why = f": {review.reason}" if review.reason else ""
    return f"{review.review_key} {review.name} {review.value or '-'}: {review.verdict} by {review.reviewer}{why}"


def shortened(quote: str, limit: int = 200) -> str:
    """A quote on one line, cut at `limit` characters with an ellipsis."""
    return _short(quote, limit)


def _short(quote: str, limit: int = 200) -> str:
    quote = " ".join(quote.split())
    return quote if len(quote) <= limit else quote[: limit - 1] + "…"


def reason(error: str | None) -> str:
    """An error without the URL it starts with: the line names the feed already."""
    return redact_text(re.sub(r"^[a-z]+://\S+?: ", "", error or ""))


_FIRST_REASONS = 3  # reasons quoted in a state message: enough to act on, short enough for the runs list


def problems(summary: RunSummary) -> list[str]:
    """Why a run is not plain success, one line per kind of problem: empty when all went well.

    Feeds that failed this run (those skipped for back-off or switched off before count only when no feed at all
    was read), alerts not delivered, and pages refused or failing. Each line has the count and the first few
    reasons, URLs redacted."""
    s = summary
    lines = []
    failed_feeds = [f"{redact_url(p.url)}: {reason(p.error)}" for p in s.feed_problems if p.outcome == "failed"]
    if s.feeds_down:
        # Every feed not read counts: one that failed now, one waiting out its back-off, one switched off.
        apart = [f"{n} {what}" for n, what in ((s.feeds_skipped, "waiting out a back-off"),
                                              (s.feeds_total - s.feeds_polled - s.feeds_skipped, "switched off")) if n]
        more = f" ({', '.join(apart)})" if apart else ""
        lines.append(f"{s.feeds_down} of {s.feeds_total} feeds failed{more}" + _first(failed_feeds))
    if s.alerts_failed:
        lines.append(f"{s.alerts_failed} alert(s) could not be delivered and wait in the outbox")
    if s.article_problems:
        pages = s.article_problems
        given_up = sum(1 for a in pages if a.outcome == "failed")
        lines.append(
            f"{len(pages)} page(s) failed ({given_up} for good, {len(pages) - given_up} to retry)"
            + _first(f"{a.url}: {reason(a.error)}" for a in pages)
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
        "languages: " + (", ".join(f"{code} {count}" for code, count in s.languages) or "none")
        + (f" (without cue data, findings wait for review: {', '.join(s.languages_without_cues)})"
           if s.languages_without_cues else ""),
    ]
    lines += [f"feed {p.outcome}: {redact_url(p.url)}: {reason(p.error)}".rstrip(": ") for p in s.feed_problems]
    lines += [f"page {_PAGE_OUTCOME[a.outcome]}: {a.url}: {reason(a.error)}" for a in s.article_problems]
    lines += [f"feed charset repaired: {line}" for line in s.feeds_repaired]
    lines += list(s.notes)
    return lines


_PAGE_OUTCOME = {"retry": "failed, retried later", "failed": "failed for good"}


def is_problem_line(line: str) -> bool:
    """A summary line that tells a failure (a feed or a page that failed, a feed switched off)."""
    return line.startswith(("feed failed", "feed disabled", "page failed", "alerts to ")) and (
        not line.startswith("alerts to ") or " 0 failed, 0 dead" not in line)


def summary_markdown(summary: RunSummary) -> str:
    """The run's markdown artifact: counts, every change with its evidence, and feed health."""
    counts = summary_lines(summary)[1:8]  # feed problems and notes get sections of their own below
    parts = [f"# ILRS Watch {summary.kind} run `{summary.run_id}`", ""]
    if problems(summary):
        parts += ["**Completed with problems:**", ""] + [f"- {_md(line)}" for line in problems(summary)] + [""]
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
            f"| {_cell(redact_url(p.url))} | {p.outcome} | {_cell(reason(p.error))} |" for p in summary.feed_problems
        ]
    else:
        parts.append("Every polled feed answered.")
    if summary.feeds_repaired:
        parts += ["", "Feeds whose declared charset was wrong (read with the detected one):", ""]
        parts += [f"- {_md(line)}" for line in summary.feeds_repaired]
    if summary.article_problems:
        parts += ["", f"## Pages that failed ({len(summary.article_problems)})", ""]
        parts += ["| page | outcome | attempts | error |", "|---|---|---|---|"]
        parts += [
            f"| {_cell(a.url)} | {_PAGE_OUTCOME[a.outcome]} | {a.attempts} | {_cell(reason(a.error))} |"
            for a in summary.article_problems
        ]
    if summary.notes:
        parts += ["", "## Notes", ""] + [f"- {_md(n)}" for n in summary.notes]
    return "\n".join(parts) + "\n"


# --- the run's artifacts and the register page: what changed, the register by status, each story ---------------

# The order a reader takes a register in: members first, those who left last, then the missions.
STATUS_GROUPS: tuple[tuple[str, str], ...] = (
    ("joined", "Joined"),
    ("negotiating", "Negotiating"),
    ("interested", "Interested"),
    ("withdrew", "Withdrew or declined"),
)


@dataclass(frozen=True)
class Step:
    """One dated step of an entity's story: a history row with the change that explains it."""

    key: str
    name: str
    entity: str
    field: str
    old: str | None
    new: str | None
    at: datetime | None  # the date of the source that decided it, not the run's date
    source_url: str
    source_site: str | None
    quote: str


def history_steps(rows: Sequence[Mapping[str, Any]], changes: Sequence[Change]) -> list[Step]:
    """Join `Store.history()` rows with the changes they record (`Store.changes()`), oldest source first."""
    by_id = {c.change_id: c for c in changes}
    steps = [
        Step(
            row["key"],
            c.name,
            c.entity,
            row["field"],
            row["old"],
            row["new"],
            row["at"],
            c.source_url,
            c.source_site,
            c.evidence.quote,
        )
        for row in rows
        if (c := by_id.get(row["change_id"])) is not None
    ]
    return sorted(steps, key=lambda s: (s.at is None, s.at.timestamp() if s.at else 0))


def grouped_register(entries: Sequence[RegisterEntry]) -> list[tuple[str, list[RegisterEntry]]]:
    """(heading, entries) by status, then the missions; empty groups left out."""
    ordered = sorted_register(entries)
    known = {status for status, _ in STATUS_GROUPS}
    groups = [
        (title, [e for e in ordered if e.entity == "partner" and e.value == status]) for status, title in STATUS_GROUPS
    ]
    # A value taken back by its source or rejected by an analyst: kept in view, never silently gone.
    out = [e for e in ordered if e.entity == "partner" and e.value not in known]
    groups.append((REJECTED.capitalize(), [e for e in out if e.rejected]))
    groups.append((RETRACTED.capitalize(), [e for e in out if not e.rejected]))
    groups.append(("Missions", [e for e in ordered if e.entity == "mission"]))
    return [(title, group) for title, group in groups if group]


def confidence(entry: RegisterEntry) -> str:
    return str(getattr(entry, "confidence", "") or "")


def is_web_link(url: str | None) -> bool:
    """Only http(s) addresses become links: a seed's `seed:` name or a hostile `javascript:` never does."""
    return markup.web_link(url) is not None


def register_artifact_rows(entries: Sequence[RegisterEntry]) -> list[dict[str, object]]:
    """The `ilrs-register` table: the few columns a reader needs, evidence and source on screen."""
    return [
        {
            "name": e.name,
            "kind": e.kind,
            "status/year": status_text(e),
            "confidence": confidence(e),
            "first seen": first_seen(e),
            "sources": e.sources,
            "evidence": _short(e.evidence.quote, 140),
            "source": e.source_url,
        }
        for e in sorted_register(entries)
    ]


def _md(text: str) -> str:
    """Text that markdown shows as written: no accidental links, emphasis, tables or HTML."""
    return markup.markdown_text(text)


def _md_link(label: str, url: str) -> str:
    return markup.markdown_link(label, url)


def _step_md(step: Step) -> str:
    when = _date(step.at)
    return f"{when} **{_md(step.new or '—')}** ({_md_link(step.source_site or 'source', step.source_url)})"


def changes_markdown(changes: Sequence[Change]) -> list[str]:
    """This run's changes, each with its evidence quote and source link: what a reader looks for first."""
    lines = [f"## What changed since the last run ({len(changes)})", ""]
    if not changes:
        return lines + ["Nothing: the register is as the last run left it.", ""]
    for c in changes:
        moved = f"{_md(c.old_value)} → {_md(c.new_value or '—')}" if c.old_value else _md(c.new_value or "—")
        said = f"({_date(c.source_published)}, {c.sources} source(s))"
        moved += f" {_md(said_now)}" if (said_now := alerts.caveat(c).strip()) else ""
        if c.change_type == "rejected":  # the claim no longer counts: say whose word that is, and why
            moved, said = f"~~{_md(c.old_value or '—')}~~ {REJECTED}", ""
        note = f" — {_md(c.note)}" if c.note else ""
        lines += [
            f"- **{_md(c.name)}**: {moved} {said}{note}".replace("  ", " "),
            f"  > “{_md(_short(c.evidence.quote))}”",
            f"  > — {_md_link(c.source_title or c.source_site or 'source', c.source_url)}",
        ]
    return lines + [""]


def register_markdown(entries: Sequence[RegisterEntry], steps: Sequence[Step] = ()) -> list[str]:
    """The register grouped by status, every row with its evidence and source, then each entity's story."""
    lines = [f"## The register ({len(entries)})", ""]
    if not entries:
        return lines + ["The register is empty.", ""]
    for title, group in grouped_register(entries):
        lines += [f"### {title} ({len(group)})", ""]
        for e in group:
            extra = ", ".join(
                x
                for x in (standing(e), e.signatory and f"via {e.signatory}", e.site,
                          confidence(e) and f"{confidence(e)} confidence")
                if x
            )
            what = e.kind if e.entity == "partner" else _value(e)
            lines += [
                f"- **{_md(e.name)}** ({_md(what)}) — first seen "
                f"{_md(first_seen(e))}, {e.sources} source(s){', ' + _md(extra) if extra else ''}",
                f"  > “{_md(_short(e.evidence.quote))}” — {_md_link(e.source_site or 'source', e.source_url)}",
            ]
        lines.append("")
    held = {e.key for e in entries}  # a rejected finding's story is not the register's
    return lines + history_markdown([s for s in steps if s.key in held])


def history_markdown(steps: Sequence[Step]) -> list[str]:
    """Each entity with more than one step, its story in order: dates, statuses, sources."""
    stories: dict[str, list[Step]] = {}
    for step in steps:
        stories.setdefault(step.key, []).append(step)
    told = {key: story for key, story in stories.items() if len(story) > 1}
    if not told:
        return []
    lines = ["## Histories", ""]
    for story in sorted(told.values(), key=lambda s: s[0].name.lower()):
        lines.append(f"- **{_md(story[0].name)}**: " + " → ".join(_step_md(s) for s in story))
    return lines + [""]


def run_markdown(summary: RunSummary, entries: Sequence[RegisterEntry], steps: Sequence[Step]) -> str:
    """The run's markdown artifact: this run's changes first, then the register, then the run's counts."""
    head = [f"# ILRS Watch {summary.kind} run `{summary.run_id}`", ""]
    body = changes_markdown(summary.changes) + register_markdown(entries, steps)
    return "\n".join(head + body) + "\n## This run\n\n" + _without_changes(summary_markdown(summary))


def _without_changes(markdown: str) -> str:
    """The run summary without its title and its changes section, which the artifact shows first."""
    preamble, *sections = re.split(r"(?m)^(?=## )", markdown)
    kept = [s for s in sections if not s.startswith("## Changes")]
    return "".join([preamble.split("\n", 1)[-1].lstrip("\n"), *kept])


def _cell(text: str) -> str:
    return markup.markdown_text(text.replace("|", "/"))
