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
                r"на\s+Лун\w*|月球(?:核)?电站|月面(?:核)?电站|\bnuclear\s+power\s+(?:plant|station)\b|"
                r"атомн\w+\s+электростанци\w*|核电站|centrale\s+nucl[ée]aire|central\s+nuclear", re.I),
     "Lunar power plant"),
)
STATION = "ILRS"
_STATION_WORD = re.compile(r"\b(?:the|a|its|this)\s+(?:research\s+|lunar\s+|joint\s+)?(?:station|base|programme|"
                           r"program|project)\b|станци\w*|"
                           r"科研站|月球站", re.I)
_BUILD = re.compile(r"\b(?:build\w*|built|complet\w+|deploy\w*|construct\w*|operational|ready|finish\w*|"
                    r"assembl\w+|set\s+up)\b|постро\w+|разверн\w+|созда\w+|заверш\w+|建成|建设|建造|部署|"
                    r"construi\w+|constru\w+|achev\w+", re.I)
_SIGNING = re.compile(r"\bsign(?:ed|ing|s)?\b|подпис\w+|签署|签订", re.I)
# Words that refer back to a mission named in the sentence before: "The reactor is to be installed by 2036."
_ANAPHOR = {
    "Lunar power plant": re.compile(r"\b(?:reactor|plant|power\s+station)\b|установк\w*|электростанц\w*|реактор\w*|"
                                    r"电站|反应堆|centrale|central", re.I),
    "numbered": re.compile(r"\b(?:mission|lander|orbiter|probe|spacecraft|launch)\b|миссия|аппарат\w*|запуск\w*|"
                           r"任务|探测器|发射|misi[óo]n|mission", re.I),
}
_RESPECTIVELY = re.compile(r"\brespectively\b|соответственно|分别", re.I)
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|enero|febrero|"
          r"marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|janvier|février|mars|avril|mai|"
          r"juin|juillet|août|septembre|octobre|novembre|décembre)\s+(?:de\s+)?")
_PREPOSITION = r"\b(?:in|by|for|before|around|until|from|of|than|para|en|de|hacia|pour|d['’]ici|vers)\s+"
_YEAR = re.compile(rf"(?:{_PREPOSITION}(?:{_MONTH})?(?:the\s+end\s+of\s+|early\s+|late\s+|mid-?)?"
                   r"|(?<![А-Яа-яЁё])(?:к|до|в|на)\s+)(20[2-5]\d)(?!\d|s\b|-?х\b|-?е\b|-?x\b)|(20[2-5]\d)\s*年")
_SITE = re.compile(r"lunar\s+south\s+pole|south\s+pole\s+of\s+the\s+moon|moon['’]s\s+south\s+pole|"
                   r"южн\w+\s+полюс\w*|月球南极|p[oô]lo?\s+sur\s+de\s+la\s+luna|p[ôo]le\s+sud\s+(?:de\s+la\s+lune|lunaire)",
                   re.I)


@dataclass(frozen=True)
class MissionMention:
    start: int
    end: int
    name: str
    year: int | None
    site: str | None = None


def year_in_follow_up(name: str, text: str) -> int | None:
    """The year a next sentence gives a mission named (without one) in the sentence before, if it refers back
    to it and names no other mission."""
    if _named_mentions(text) or name == STATION:
        return None
    anaphor = _ANAPHOR.get(name) or (_ANAPHOR["numbered"] if "-" in name else None)
    if anaphor is None or not anaphor.search(text):
        return None
    return _year_after(text, 0, len(text))


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
    # A year or site in a sentence that names a mission belongs to the mission, not to the station.
    station = None if named else _station(text, ilrs_context)
    return _respectively(text, result) + ([station] if station else [])


def _respectively(text: str, found: list[MissionMention]) -> list[MissionMention]:
    """"Chang'e-7 and Chang'e-8, scheduled for 2026 and 2028 respectively": years in the names' order."""
    word = _RESPECTIVELY.search(text)
    group = [m for m in found if word and m.end <= word.start()]
    if word is None or len(group) < 2:
        return found
    years = [int(y) for y in re.findall(r"(?<!\d)(20[2-5]\d)(?!\d)", text[group[-1].end : word.start()])]
    if len(years) != len(group):
        return found
    paired = {id(m): year for m, year in zip(group, years, strict=True)}
    return [MissionMention(m.start, m.end, m.name, paired.get(id(m), m.year), m.site) for m in found]


def _station(text: str, ilrs_context: bool) -> MissionMention | None:
    if not ilrs_context:
        return None
    word = next((m for p in (*lexicon.vocabulary().programme, _STATION_WORD) if (m := p.search(text))), None)
    if word is None:
        return None
    # A year is the station's target only where the sentence speaks of building it, not of signing for it.
    building = _BUILD.search(text) and not _SIGNING.search(text)
    year = (_year_after(text, word.start(), len(text)) or _year_after(text, 0, word.start())) if building else None
    site = _SITE.search(text)
    if year is None and site is None:
        return None
    return MissionMention(word.start(), word.end(), STATION, year, "lunar south pole" if site else None)
