"""Partners named in one sentence, each with the status the sentence gives it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.entities import countries, lexicon
from pipeline.records import PartnerKind, Status

# Clauses that can give different partners different statuses: "Serbia signed; Kazakhstan is in talks".
_CLAUSE = re.compile(r";|，而|；|但是?|\b(?:while|whereas|but|although|though|however)\b")
_LEADING = re.compile(r"^(?:(?:[A-Z][a-z]+day|January|February|March|April|May|June|July|August|September|October|"
                      r"November|December)\s+|(?:" + "|".join(lexicon.NOT_A_NAME) + r")\s+)+")
# "signed with China", "с Китаем", "与中国…签署": a founder named as the other party is not the news.
_COUNTERPARTY = re.compile(r"(?:\bwith\s+(?:the\s+)?|(?<![А-Яа-яЁё])с\s+|[与同])$", re.IGNORECASE)
_ORGANISATIONS = tuple((re.compile(p), key, name) for p, key, name in lexicon.ORGANISATIONS)
_AGENCIES = tuple((re.compile(p, re.IGNORECASE if p.startswith("Kazakh") else 0), name, code)
                  for p, name, code in lexicon.AGENCIES)


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
        if len(name.split()) < 2 and not re.search(r"[\u4e00-\u9fff]", name) or _overlaps(start, match.end(), taken):
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
    return sorted(taken, key=lambda m: m.start)


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


def _near_miss_wins(mention: Mention, text: str) -> bool:
    misses = list(lexicon.NEAR_MISS.finditer(text))
    if not misses:
        return False
    aliases = [m for pattern in lexicon.ALIASES for m in pattern.finditer(text)]
    if not aliases:
        return True
    distance = lambda ms: min(_gap(mention.start, mention.end, m.start(), m.end()) for m in ms)  # noqa: E731
    return distance(misses) < distance(aliases)


def _hosting(mention: Mention, cue: Cue, text: str) -> bool:
    """The founders host talks and sign with newcomers: neither makes news about their own status."""
    return cue.status in ("interested", "negotiating") or bool(_COUNTERPARTY.search(text[: mention.start]))


def statuses(text: str) -> list[tuple[Mention, Status]]:
    """Each partner in an ILRS sentence with the status its nearest cue in the same clause gives it."""
    found_cues = cues(text)
    bounds = [m.start() for m in _CLAUSE.finditer(text)]
    result = []
    for mention in mentions(text):
        clause = _clause_of(mention.start, bounds)
        near = [c for c in found_cues if _clause_of(c.start, bounds) == clause]
        if not near or _near_miss_wins(mention, text):
            continue
        cue = min(near, key=lambda c: _gap(mention.start, mention.end, c.start, c.end))
        if cue.status is None or (mention.key in lexicon.HOSTS and _hosting(mention, cue, text)):
            continue
        result.append((mention, cue.status))
    return result
