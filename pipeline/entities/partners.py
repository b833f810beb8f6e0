"""Partners named in one sentence, each with the status the sentence gives it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.entities import lexicon
from pipeline.entities.names import Mention, mentions
from pipeline.records import Status

# Clauses that can give different partners different statuses: "Serbia signed; Kazakhstan is in talks".
# Chinese commas separate clauses with subjects of their own ("…签署协议，阿塞拜疆正式加入…"), except after a
# verb of saying, whose clause runs on ("乌兹别克斯坦…表示，乌方有意参与…").
_CLAUSE = re.compile(
    r";|(?<!表示)(?<!指出)(?<!认为)(?<!透露)(?<!宣布)(?<!称)(?<!说)，|；|但是?|"
    r"\b(?:while|whereas|but|although|though|however)\b"
)
# A founder named as the other party is not the news: "signed with the China National Space Administration",
# "с Госкорпорацией «Роскосмос»", "与中国国家航天局…签署".
_COUNTERPARTY = re.compile(
    r"(?:\b(?:with|from)\s+(?:the\s+)?|(?<![А-Яа-яЁё])с\s+(?:[А-Яа-яЁё]+\s+)?[«\"“]?|[与同])$", re.IGNORECASE
)
_AND = re.compile(r"^\W*(?:and|и|y|et)\s+(?:the\s+)?$|^[与和同]$", re.IGNORECASE)
_RELATIVE = re.compile(r",\s*(?:which|who|that|которы\w+|que|qui)\b[^,]*,")
@dataclass(frozen=True)
class Cue:
    start: int
    end: int
    status: Status | None


def cues(text: str) -> list[Cue]:
    """Status cues in `text`; where two overlap, the reading listed first in the lexicon wins."""
    found: list[Cue] = []
    for status, pattern in lexicon.CUES:
        for m in pattern.finditer(text):
            if not any(m.start() < c.end and c.start < m.end() for c in found):
                found.append(Cue(m.start(), m.end(), status))
    return found


def _gap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(b_start - a_end, a_start - b_end, 0)


def _clause_of(position: int, bounds: list[int]) -> int:
    return sum(1 for b in bounds if b <= position)


def _spans(patterns: tuple[re.Pattern[str], ...], text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for pattern in patterns for m in pattern.finditer(text)]


def _in_relative(text: str, cue: Cue) -> bool:
    return any(m.start() <= cue.start and cue.end <= m.end() for m in _RELATIVE.finditer(text))


def _near_miss_wins(
    mention: Mention, misses: list[tuple[int, int]], aliases: list[tuple[int, int]], bounds: list[int]
) -> bool:
    """Another programme in the partner's clause wins unless the ILRS is named nearer to the partner."""
    clause = _clause_of(mention.start, bounds)
    misses = [span for span in misses if _clause_of(span[0], bounds) == clause]
    if not misses:
        return False
    aliases = [span for span in aliases if _clause_of(span[0], bounds) == clause]
    if not aliases:
        return True
    distance = lambda spans: min(_gap(mention.start, mention.end, a, b) for a, b in spans)  # noqa: E731
    return distance(misses) < distance(aliases)


def _hosting(mention: Mention, cue: Cue, text: str, before: Mention | None, after: Mention | None) -> bool:
    """The founders host talks and sign with newcomers: only their own signature (not as the other party,
    "X and the CNSA signed") or the founding is news about them."""
    if not lexicon.HOST_CUES.match(text, cue.start):
        return True
    if before is not None and before.key not in lexicon.HOSTS and _AND.search(text[before.end : mention.start]):
        return True
    if after is not None and after.key not in lexicon.HOSTS and _AND.search(text[mention.end : after.start]):
        return True
    return bool(_COUNTERPARTY.search(text[: mention.start]))


# Where other programmes, and where the ILRS itself, are named in a sentence.
_Others = tuple[list[tuple[int, int]], list[tuple[int, int]]]


def _cue_for(mention: Mention, text: str, found_cues: list[Cue], bounds: list[int], others: _Others) -> Cue | None:
    """The cue that speaks of this mention: the nearest in its clause, preferring the main verb to a relative
    clause ("Bolivia, which signed in 2025, pulled out"); none where another programme is nearer."""
    clause = _clause_of(mention.start, bounds)
    near = [c for c in found_cues if _clause_of(c.start, bounds) == clause]
    if mention.key in lexicon.HOSTS:  # a founder's own news is its signature, wherever it stands
        near = [c for c in near if lexicon.HOST_CUES.match(text, c.start)] or near
    if not near or _near_miss_wins(mention, *others, bounds):
        return None
    main = [c for c in near if not _in_relative(text, c)] or near
    return min(main, key=lambda c: _gap(mention.start, mention.end, c.start, c.end))


def statuses(text: str) -> list[tuple[Mention, Status]]:
    """Each partner in an ILRS sentence with the status its cue gives it; a partner named twice takes the
    status of its mention nearest to a cue."""
    found_cues = cues(text)
    bounds = [m.start() for m in _CLAUSE.finditer(text)]
    named = mentions(text)
    others: _Others = (_spans((lexicon.NEAR_MISS,), text), _spans(lexicon.ALIASES, text))
    best: dict[str, tuple[int, Mention, Status, Cue]] = {}
    for i, mention in enumerate(named):
        cue = _cue_for(mention, text, found_cues, bounds, others)
        if cue is None or cue.status is None:
            continue
        before, after = (named[i - 1] if i else None), (named[i + 1] if i + 1 < len(named) else None)
        if mention.key in lexicon.HOSTS and _hosting(mention, cue, text, before, after):
            continue
        if mention.kind == "institution" and _COUNTERPARTY.search(text[: mention.start]):
            continue
        gap = _gap(mention.start, mention.end, cue.start, cue.end)
        if mention.key not in best or gap < best[mention.key][0]:
            best[mention.key] = (gap, mention, cue.status, cue)
    # A founder whose signature is the same word as a newcomer's co-signed the newcomer's agreement.
    newcomer_cues = {cue for key, (_, _, _, cue) in best.items() if key not in lexicon.HOSTS}
    return [
        (m, status) for key, (_, m, status, cue) in best.items() if key not in lexicon.HOSTS or cue not in newcomer_cues
    ]
