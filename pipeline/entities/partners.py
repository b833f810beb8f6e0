"""Partners named in one sentence, each with the status the sentence gives it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.entities import countries, lexicon
from pipeline.records import PartnerKind, Status

# Clauses that can give different partners different statuses: "Serbia signed; Kazakhstan is in talks".
# Chinese commas separate clauses with subjects of their own ("…签署协议，阿塞拜疆正式加入…"), except after a
# verb of saying, whose clause runs on ("乌兹别克斯坦…表示，乌方有意参与…").
_CLAUSE = re.compile(
    r";|(?<!表示)(?<!指出)(?<!认为)(?<!透露)(?<!宣布)(?<!称)(?<!说)，|；|但是?|"
    r"\b(?:while|whereas|but|although|though|however)\b"
)
_LEADING = re.compile(r"^(?:(?:[A-Z][a-z]+day|January|February|March|April|May|June|July|August|September|October|"
                      r"November|December)\s+|(?:" + "|".join(lexicon.NOT_A_NAME) + r")\s+)+")
# A founder named as the other party is not the news: "signed with the China National Space Administration",
# "с Госкорпорацией «Роскосмос»", "与中国国家航天局…签署".
_COUNTERPARTY = re.compile(
    r"(?:\b(?:with|from)\s+(?:the\s+)?|(?<![А-Яа-яЁё])с\s+(?:[А-Яа-яЁё]+\s+)?[«\"“]?|[与同])$", re.IGNORECASE
)
# Chinese phrases that end in 大学 without naming one: "该国多所大学" (several of the country's universities).
_GENERIC_HAN = re.compile(r"该|多所|各|这些|一些|其他|等")
_AND = re.compile(r"^\W*(?:and|и|y|et)\s+(?:the\s+)?$|^[与和同]$", re.IGNORECASE)
_RELATIVE = re.compile(r",\s*(?:which|who|that|которы\w+|que|qui)\b[^,]*,")
_ORGANISATIONS = tuple((re.compile(p), key, name) for p, key, name in lexicon.ORGANISATIONS)
_AGENCIES = tuple((re.compile(p), name, code) for p, name, code in lexicon.AGENCIES)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    key: str
    name: str
    kind: PartnerKind
    country: str | None = None
    signatory: str | None = None


def _overlaps(start: int, end: int, taken: list[Mention]) -> bool:
    return any(start < m.end and m.start < end for m in taken)


def _slug(name: str) -> str:
    return re.sub(r"[^\w]+", "-", name.lower()).strip("-")


def _institutions(text: str, taken: list[Mention]) -> list[Mention]:
    found = []
    for match in lexicon.INSTITUTION.finditer(text):
        lead = _LEADING.match(match.group())
        start = match.start() + (lead.end() if lead else 0)
        name = text[start : match.end()].rstrip(".,")
        han = re.search(r"[\u4e00-\u9fff]", name)
        if (len(name.split()) < 2 and not han) or (han and _GENERIC_HAN.search(name)):
            continue
        if _overlaps(start, match.end(), taken):
            continue
        inside = countries.gazetteer().find(name)
        country = inside[0][2] if inside else None
        found.append(Mention(start, start + len(name), f"institution:{_slug(name)}", name, "institution", country))
    return found


def mentions(text: str) -> list[Mention]:
    """Organisations, agencies (as their states), institutions and states named in `text`, left to right."""
    taken: list[Mention] = []
    for pattern, key, name in _ORGANISATIONS:
        taken += [Mention(m.start(), m.end(), f"org:{key}", name, "organisation") for m in pattern.finditer(text)]
    for pattern, agency, code in _AGENCIES:
        for m in pattern.finditer(text):
            if not _overlaps(m.start(), m.end(), taken):
                name = countries.display_name(code)
                taken.append(Mention(m.start(), m.end(), f"country:{code}", name, "country", code, agency))
    taken += _institutions(text, taken)
    for start, end, code in countries.gazetteer().find(text):
        if not _overlaps(start, end, taken):
            taken.append(Mention(start, end, f"country:{code}", countries.display_name(code), "country", code))
    for m in re.finditer(countries.CHINESE_PAIR, text):
        if not _overlaps(m.start(), m.end(), taken):
            taken += [Mention(m.start(), m.end(), f"country:{c}", countries.display_name(c), "country", c)
                      for c in ("CN", "RU")]
    ordered = sorted(taken, key=lambda m: m.start)
    # "the China National Space Administration (CNSA)": the abbreviation is the same mention, not another.
    return [m for i, m in enumerate(ordered)
            if not (i and ordered[i - 1].key == m.key and text[ordered[i - 1].end : m.start].strip() == "(")]


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
