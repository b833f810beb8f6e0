"""Missions of the programme named in one sentence, with their target year and, for the station, its site."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.entities import lexicon

_HAN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

# (pattern, canonical name template, numbers that belong to the programme). Chang'e 1-5 and Luna-25 predate it.
_NUMBERED: tuple[tuple[re.Pattern[str], str, range], ...] = (
    (re.compile(r"Chang['’‘`]?\s?e[\s-]*(\d{1,2})(?!\d)", re.IGNORECASE), "Chang'e-{}", range(6, 9)),
    (re.compile(r"嫦娥([一二三四五六七八九十]|\d{1,2})号"), "Chang'e-{}", range(6, 9)),
    (re.compile(r"Чанъэ[\s-]*(\d{1,2})(?!\d)"), "Chang'e-{}", range(6, 9)),
    (re.compile(r"\bLuna[\s-]*(\d{2})(?!\d)"), "Luna-{}", range(26, 31)),
    (re.compile(r"Лун[аыеуо]й?[»\"]?[\s-]*(\d{2})(?!\d)"), "Luna-{}", range(26, 31)),
)
_NAMED: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bbasic\s+(?:model|version|configuration)\b|基本型|базов\w+\s+(?:модел|конфигурац)\w*", re.I),
     "ILRS basic model"),
    (re.compile(r"\bextended\s+(?:model|version|configuration)\b|拓展型|扩展型|расширенн\w+\s+(?:модел|конфигурац)\w*",
                re.I), "ILRS extended model"),
    (re.compile(r"\b(?:lunar|moon)\s+(?:nuclear\s+)?power\s+(?:plant|station)\b|\b(?:nuclear\s+)?power\s+"
                r"(?:plant|station)\s+on\s+the\s+moon\b|лунн\w+\s+(?:атомн\w+\s+)?электростанци\w*|электростанци\w*\s+"
                r"на\s+Лун\w*|月球(?:核)?电站|月面(?:核)?电站", re.I), "Lunar power plant"),
)
STATION = "ILRS"
_STATION_WORD = re.compile(r"\b(?:the|a|its|this)\s+(?:research\s+|lunar\s+|joint\s+)?(?:station|base)\b|станци\w*|"
                           r"科研站|月球站", re.I)
_BUILD = re.compile(r"\b(?:build\w*|built|complet\w+|deploy\w*|construct\w*|operational|ready|finish\w*|"
                    r"assembl\w+|set\s+up)\b|постро\w+|разверн\w+|созда\w+|заверш\w+|建成|建设|建造|部署", re.I)
_YEAR = re.compile(r"(?:\b(?:in|by|for|before|around|until|from|of)\s+(?:the\s+end\s+of\s+|early\s+|late\s+|mid-?)?"
                   r"|(?:к|до|в)\s+)(20[2-5]\d)(?![\ds])|(20[2-5]\d)\s*年")
_SITE = re.compile(r"lunar\s+south\s+pole|south\s+pole\s+of\s+the\s+moon|moon['’]s\s+south\s+pole|"
                   r"южн\w+\s+полюс\w*|月球南极", re.I)


@dataclass(frozen=True)
class MissionMention:
    start: int
    end: int
    name: str
    year: int | None
    site: str | None = None


def _number(token: str) -> int:
    return _HAN_DIGITS[token] if token in _HAN_DIGITS else int(token)


def _year_after(text: str, start: int, stop: int) -> int | None:
    match = _YEAR.search(text, start, stop)
    return int(match.group(1) or match.group(2)) if match else None


def _named_mentions(text: str) -> list[tuple[int, int, str]]:
    found = []
    for pattern, template, numbers in _NUMBERED:
        for m in pattern.finditer(text):
            if _number(m.group(1)) in numbers:
                found.append((m.start(), m.end(), template.format(_number(m.group(1)))))
    for pattern, name in _NAMED:
        found += [(m.start(), m.end(), name) for m in pattern.finditer(text)]
    return sorted(found)


def missions(text: str, ilrs_context: bool) -> list[MissionMention]:
    """Named missions (a year is the first one after the name, before the next name) and the station itself."""
    named = _named_mentions(text)
    result = []
    for i, (start, end, name) in enumerate(named):
        stop = named[i + 1][0] if i + 1 < len(named) else len(text)
        result.append(MissionMention(start, end, name, _year_after(text, end, stop)))
    station = _station(text, ilrs_context, [n[0] for n in named])
    return result + ([station] if station else [])


def _station(text: str, ilrs_context: bool, named_at: list[int]) -> MissionMention | None:
    if not ilrs_context or not _BUILD.search(text):
        return None
    word = next((p.search(text) for p in (*lexicon.ALIASES, _STATION_WORD) if p.search(text)), None)
    if word is None:
        return None
    stop = min([s for s in named_at if s > word.end()], default=len(text))
    year = _year_after(text, word.start(), stop) or _year_after(text, 0, word.start())
    site = _SITE.search(text)
    if year is None and site is None:
        return None
    return MissionMention(word.start(), word.end(), STATION, year, "lunar south pole" if site else None)
