"""Feed health as people read it: one row per feed of the list the run reads, in 80 columns or in full."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from urllib.parse import urlsplit

from pipeline.records import FeedConfig, FeedState
from pipeline.redaction import redact_url
from pipeline.report import reason


def _when(value: datetime | None) -> str:
    return f"{value:%Y-%m-%d %H:%M}Z" if value else "-"


NOT_LISTED = "not listed"  # a feed the store remembers that the feed list no longer names: never polled again


def rows(
    configured: Sequence[FeedConfig], states: dict[str, FeedState], now: datetime
) -> list[dict[str, str]]:
    """One row per feed of the list, in its order, then the feeds the store remembers that the list no longer
    names: those are "not listed" (never polled, never counted as failing), whatever they were."""
    listed = {c.url for c in configured}
    urls = list(dict.fromkeys([c.url for c in configured] + sorted(states)))
    rows = []
    for url in urls:
        state = states.get(url)
        if state is None:
            rows.append({"feed": redact_url(url), "state": "new", "last success": "-", "failures": "0",
                         "next attempt": "next run", "last error": ""})  # fmt: skip
            continue
        due = state.not_before if state.not_before and state.not_before > now else None
        word = "disabled" if state.disabled else "failing" if state.failures else "ok"
        rows.append(
            {
                "feed": redact_url(url),
                "state": word if url in listed else NOT_LISTED,
                "last success": _when(state.last_success),
                "failures": str(state.failures),
                "next attempt": "never (not listed)" if url not in listed else "never (disabled)" if state.disabled
                else _when(due) if due else "next run",
                "last error": reason(state.last_error),
            }
        )
    return rows


_NARROW = 80


def narrow(rows: Sequence[dict[str, str]], width: int = _NARROW) -> str:
    """Feed health in 80 columns: state first, URLs shortened to what is left, each error on its own line; the
    feeds the list no longer names are counted, not listed (`--wide` lists everything)."""
    if not rows:
        return "no feeds"
    shown = [r for r in rows if r["state"] != NOT_LISTED]
    head = ["STATE", "FAILS", "LAST SUCCESS", "NEXT ATTEMPT"]
    cells = [[r["state"], r["failures"], _short_stamp(r["last success"]), _short_stamp(r["next attempt"])]
             for r in shown]  # fmt: skip
    widths = [max(len(line[i]) for line in [head, *cells]) for i in range(len(head))]
    room = max(width - sum(widths) - 2 * len(widths), 20)
    lines = ["  ".join(h.ljust(w) for h, w in zip([*head, "FEED"], [*widths, 0], strict=True)).rstrip()]
    for row, line in zip(shown, cells, strict=True):
        lines.append("  ".join([*(c.ljust(w) for c, w in zip(line, widths, strict=True)), _fit(row["feed"], room)]))
        if row["last error"]:
            lines.append(_fit(f"    error: {row['last error']}", width))
    counts = Counter(row["state"] for row in rows)
    lines.append("\n" + ", ".join(f"{n} {state}" for state, n in sorted(counts.items())))
    if counts.get(NOT_LISTED):
        lines.append(f"{counts[NOT_LISTED]} feed(s) polled before are not listed any more: never polled again,\n"
                     "not counted as failing (`--wide` shows them).")  # fmt: skip
    return "\n".join(lines)


def _short_stamp(text: str) -> str:
    """"2026-12-07 18:50Z" as "12-07 18:50": the year is this year's in a health table."""
    return text[5:16] if len(text) == 17 and text.endswith("Z") and text[4] == "-" else text


def _fit(text: str, width: int) -> str:
    """Text cut to `width` characters; a URL loses its scheme first, then the middle of its path, keeping its
    host and the end (the feed's own name)."""
    if len(text) <= width:
        return text
    parts = urlsplit(text)
    if parts.scheme in ("http", "https") and parts.netloc:
        text = text.split("://", 1)[1]
        if len(text) <= width:
            return text
        head = f"{parts.netloc}/"
        tail = width - len(head) - 1
        if tail >= 8:
            return head + "…" + text[-tail:]
    return text[: width - 1] + "…"


def table(rows: Sequence[dict[str, str]]) -> str:
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
