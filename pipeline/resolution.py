"""The one rule that turns several claims about a partner into a status.

Used by the extractor (claims inside one article, in the order the article tells them) and by `diff` (claims
from every source, in the order of their sources' dates), so an article and the register never disagree on
what "the latest word" means.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from pipeline.records import STATUS_RANK, Confidence

T = TypeVar("T")

CONFIDENCE_RANK: dict[str, int] = {"low": 1, "medium": 2, "high": 3}
_RANKED: tuple[Confidence, ...] = ("low", "medium", "high")  # weakest first


def resolve_status(ordered: Sequence[T], status_of: Callable[[T], str | None]) -> tuple[str, list[T]] | None:
    """(status, the claims that back it) from claims ordered oldest first; None when none has a status.

    The strongest positive claim since the last withdrawal stands (`interested < negotiating < joined`); a
    withdrawal stands when nothing positive came after it, so a rejoin reported later brings a partner back."""
    valued = [c for c in ordered if status_of(c)]
    if not valued:
        return None
    last_exit = max((i for i, c in enumerate(valued) if status_of(c) == "withdrew"), default=None)
    since_exit = valued if last_exit is None else valued[last_exit + 1 :]
    positive = [c for c in since_exit if status_of(c) in STATUS_RANK]
    if not positive:
        last_positive = max((i for i, c in enumerate(valued) if status_of(c) in STATUS_RANK), default=-1)
        return "withdrew", [c for c in valued[last_positive + 1 :] if status_of(c) == "withdrew"]
    status = max(positive, key=lambda c: STATUS_RANK[status_of(c) or ""])
    value = status_of(status) or ""
    return value, [c for c in since_exit if status_of(c) == value]


def strongest_confidence(levels: Sequence[Confidence | str | None]) -> Confidence:
    """The highest confidence among the claims that back a value ("medium" when none says)."""
    present = [level for level in _RANKED if level in levels]
    return present[-1] if present else "medium"


def sure(confidence: str | None, sources: int) -> bool:
    """A value is sure, and alerts live, when an explicit act backs it (high confidence: a signing, joining or
    withdrawal with the party named in the acting clause; an analyst's confirmation and the curated baseline count
    as high), or when two independent sources (different stories, not syndicated copies) back it."""
    return confidence == "high" or sources >= 2


def unconfirmed(value: str | None, confidence: str | None, sources: int) -> bool:
    """A value that is not sure yet: recorded and shown, but it waits for review before anyone is alerted. A value
    with no source left (taken back) is retracted, not unconfirmed."""
    return not sure(confidence, sources) and not (value is None and sources == 0)
