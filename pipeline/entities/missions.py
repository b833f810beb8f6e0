"""Missions of the programme named in one sentence, with their target year and, for the station, its site."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from pipeline.entities import lexicon

_HAN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

STATION = "ILRS"
POWER_PLANT = "Lunar power plant"
NUCLEAR_POWER_PLANT = "Lunar nuclear power plant"  # where a story calls it nuclear


@dataclass(frozen=True)
class MissionMention:
    start: int
    end: int
    name: str
    year: int | None
    site: str | None = None
    tied: bool = True  # the text makes it the programme's (a numbered mission needs its own tie)


def year_in_follow_up(name: str, text: str, reading: lexicon.Reading = lexicon.ANY_LANGUAGE) -> int | None:
    """The year a next sentence gives a mission named (without one) in the sentence before, if it refers back
    to it and names no other mission."""
    if _named_mentions(text, reading) or _other_numbered(text):
        return None  # "Luna-25 crashed in 2023" dates another mission
    if name == STATION:
        return _station_year(text)
    word = _refers_back(name, text)
    if word is None:
        return None
    # The year that follows the word referring back ("install the reactor by 2036"), else the sentence's first.
    return _year_after(text, word.start(), len(text)) or _year_after(text, 0, len(text))


def _other_numbered(text: str) -> bool:
    """A mission of a numbered series outside the programme's range (Luna-25, Chang'e-5)."""
    return any(pattern.search(text) for pattern, _, _ in lexicon.for_text(text).missions.numbered)


def _number(token: str) -> int:
    return _HAN_DIGITS[token] if token in _HAN_DIGITS else int(token)


# Thai writes years in the Buddhist era (พ.ศ. 2578 is 2035): 543 years ahead of the common era.
_BUDDHIST_ERA = 543


def _year(token: str) -> int:
    """A year as written, in the common era: Thai 2569 is 2026."""
    year = int(token)
    return year - _BUDDHIST_ERA if 2560 <= year <= 2610 else year


def _year_after(text: str, start: int, stop: int) -> int | None:
    """The first year after `start`; where it opens a span of years ("from 2025 to 2035"), the span's end."""
    vocabulary = lexicon.for_text(text).missions
    spans = [m for p in vocabulary.ranges for m in p.finditer(text, start, stop)]
    found = [(m.start(), _span_end(m.start(1), spans) or _year(m.group(1)))
             for p in vocabulary.years if (m := p.search(text, start, stop))]
    found += [(m.start(), _year(m.group(2))) for m in spans]
    return min(found)[1] if found else None


def _span_end(year_at: int, spans: list[re.Match[str]]) -> int | None:
    return next((_year(m.group(2)) for m in spans if m.start(1) == year_at), None)


# How far before a mission's name its year may stand, in a language that allows it.
_YEAR_BEFORE_REACH = 60


def _year_before(text: str, start: int, end: int, first: bool = False) -> int | None:
    """The last year between the name before and this one, in a language that may put it first ("vers 2028 la
    mission Chang'e-8"); with `first`, of a language that puts it first ("2026년 창어 7호를 발사",
    "2035年前建成基本型")."""
    vocabulary = lexicon.for_text(text).missions
    patterns = vocabulary.years_first if first else vocabulary.years_before
    found = [m for p in patterns for m in p.finditer(text, max(start, end - _YEAR_BEFORE_REACH), end)]
    last = max(found, key=lambda m: m.start(), default=None)
    # "prévoit de lancer vers 2028 la mission Chang'e-8", not "a signé en 2024, et Chang'e-8 portera ..."
    return _year(last.group(1)) if last and not vocabulary.between_clauses.search(text, last.end(), end) else None


@lru_cache(maxsize=512)  # asked again of one sentence for its ties, years and follow-ups
def _named_mentions(text: str, reading: lexicon.Reading) -> tuple[tuple[int, int, str], ...]:
    vocabulary = lexicon.for_text(text).missions
    found = []
    for pattern, template, numbers in vocabulary.numbered:
        for m in pattern.finditer(text):
            found += [(start, end, template.format(_number(n))) for start, end, n in _series(text, m, vocabulary)
                      if _number(n) in numbers]
    named, groups = reading.mission_names(text)
    found += [(m.start(), m.end(), groups[m.lastgroup or ""]) for m in named.finditer(text)]
    return tuple(sorted(set(found)))  # two languages of a script may write a name alike (Urdu and Persian چانگ ای ۷)


def _series(text: str, first: re.Match[str], vocabulary: lexicon.MissionVocabulary) -> list[tuple[int, int, str]]:
    """A numbered mission and the next numbers of its series written after it ("Chang'e-6, -7 and -8", "Luna 25,
    26 and 27", "嫦娥七号和八号"): (start, end, number) of each."""
    found = [(first.start(), first.end(), first.group(1))]
    while (more := vocabulary.series.match(text, found[-1][1])) is not None:
        group = next(i for i, g in enumerate(more.groups(), 1) if g is not None)  # each language's own group
        found.append((more.start(group), more.end(), more.group(group)))
    return found



# An appositive right after a name that names other missions: "a basic version of the station, built around
# Chang'e-7 and Chang'e-8, should be ready by 2035". The year after it is the first name's.
_APPOSITIVE = re.compile(r"[^,;.]{0,25},[^,;]{1,90},")


def _appositive(text: str, end: int) -> tuple[int, int] | None:
    m = _APPOSITIVE.match(text, end)
    return (m.start() + m.group().index(","), m.end()) if m else None


def _year_around(text: str, end: int, stop: int, aside: tuple[int, int] | None) -> int | None:
    """The first year after a name, skipping an appositive that names other missions."""
    if aside is None or not end <= aside[0] < aside[1] <= stop:
        return _year_after(text, end, stop)
    return _year_after(text, end, aside[0]) or _year_after(text, aside[1], stop)


def missions(text: str, ilrs_context: bool, before: str = "",
             reading: lexicon.Reading = lexicon.ANY_LANGUAGE) -> list[MissionMention]:
    """Named missions (a year is the first one after the name, before the next name outside the name's own
    appositive) and the station itself; a name inside another's appositive takes no year from beyond it.
    `before` is the sentence before in the same paragraph, whose plan may be the one this sentence lists;
    `reading`, the document's language, whose mission names (and English's) are looked for."""
    named = _named_mentions(text, reading)
    result = []
    enclosing: tuple[int, int] | None = None
    for i, (start, end, name) in enumerate(named):
        if enclosing is not None and start >= enclosing[1]:
            enclosing = None
        if enclosing is not None:
            stop = min(named[i + 1][0] if i + 1 < len(named) else len(text), enclosing[1])
            result.append(MissionMention(start, end, name, _year_after(text, end, stop)))
            continue
        aside = _appositive(text, end)
        if aside is not None and not any(aside[0] < n[0] < aside[1] for n in named):
            aside = None  # an appositive of its own ("Chang'e-7, due in 2026,") gives it its year
        later = [n for n in named[i + 1 :] if aside is None or n[0] >= aside[1]]
        stop = later[0][0] if later else len(text)
        # A year before the name, unless the name before took it ("Chang'e-8, prevista nel 2028 come seconda tappa
        # del modello di base": 2028 is Chang'e-8's).
        floor = named[i - 1][1] if i else 0
        year = _year_before(text, floor, start, first=True) or _year_around(text, end, stop, aside) or (
            None if result and result[-1].year else _year_before(text, floor, start))
        result.append(MissionMention(start, end, name, year))
        enclosing = aside
    # A year in a sentence that names a mission belongs to the mission, not to the station; a site is the
    # station's ("the basic model, complete by 2035 near the lunar south pole").
    # So does one in a sentence that refers back to a named mission ("The plant should be installed by 2036").
    anaphors = [p for name, p in lexicon.for_text(text).missions.anaphors.items()
                if name != "numbered"]
    station = _station(text, ilrs_context, with_year=not named and not any(p.search(text) for p in anaphors))
    return _tie(text, _respectively(text, result), ilrs_context, before, reading) + ([station] if station else [])


def numbered(name: str) -> bool:
    """A mission of a numbered series (Chang'e-7, Luna-26): a name any lunar story may use, unlike the
    station's own models and power plant."""
    return re.search(r"-\d+$", name) is not None


def _ties(text: str, ilrs_context: bool, found: list[MissionMention]) -> list[int]:
    """Where the sentence ties missions to the programme: its name anywhere; in the ILRS context also the
    wording of a tie, a mission's own timetable, or the station's models and power plant."""
    vocabulary = lexicon.for_text(text)
    at = [start for start, _ in lexicon.programme_spans(text)]
    at += [m.start() for m in vocabulary.programme_context.finditer(text)]
    if ilrs_context:
        at += [m.start() for m in vocabulary.missions.tie.finditer(text)]
        at += [m.start for m in found if not numbered(m.name)]
    return at


def _tie(text: str, found: list[MissionMention], ilrs_context: bool, before: str,
         reading: lexicon.Reading) -> list[MissionMention]:
    """A tie reaches the numbered missions of its own clause, or, in a clause that names none ("Chang'e-7,
    due in 2026, will lay the foundation for the station"), every numbered mission of the sentence. In the
    ILRS context a timetable, in the sentence or in the one before that it lists ("Russia plans six launches.
    These are Luna-26, ..."), reaches them all."""
    series = [m for m in found if numbered(m.name)]
    if not series:
        return found
    bounds = [m.start() for m in lexicon.vocabulary().clause_bounds.finditer(text)]
    clause = lambda position: sum(b <= position for b in bounds)  # noqa: E731
    tied: set[int] = set()
    for position in _ties(text, ilrs_context, found):
        own = [id(m) for m in series if clause(m.start) == clause(position)]
        tied.update(own or (id(m) for m in series))
    plan = lexicon.vocabulary().missions.plan
    if ilrs_context and (plan.search(text) or (plan.search(before) and not _named_mentions(before, reading))):
        tied.update(id(m) for m in series)  # one timetable often dates several ("Luna-26 in 2027, Luna-27 in 2028")
    return [m if not numbered(m.name) or id(m) in tied else replace(m, tied=False) for m in found]


@lru_cache(maxsize=512)
def ties_programme(text: str, reading: lexicon.Reading = lexicon.ANY_LANGUAGE) -> bool:
    """An ILRS sentence that ties missions to the programme: its name, its models, the wording of a tie (what
    `_ties` finds, asked only whether it finds any: the cheapest first)."""
    if lexicon.names_programme(text):
        return True
    if any(not numbered(name) for _, _, name in _named_mentions(text, reading)):
        return True
    vocabulary = lexicon.for_text(text)
    return bool(vocabulary.programme_context.search(text) or vocabulary.missions.tie.search(text))


def tied_in_follow_up(name: str, text: str, ilrs_context: bool, reading: lexicon.Reading = lexicon.ANY_LANGUAGE
                      ) -> bool:
    """A next sentence that refers back to a mission named in the sentence before ties it ("Chang'e-7 is
    due in 2026. The mission will lay the foundation for the station")."""
    if _named_mentions(text, reading) or not _refers_back(name, text):
        return False
    return bool(_ties(text, ilrs_context, []))


def _refers_back(name: str, text: str) -> re.Match[str] | None:
    anaphors = lexicon.for_text(text).missions.anaphors
    anaphor = anaphors.get(name) or (anaphors.get("numbered") if numbered(name) else None)
    return anaphor.search(text) if anaphor is not None else None


# Four digits of any script (2028, ۲۰۲۸, २०२८): int() reads them all.
_FOUR_DIGITS = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_CLAUSE_END = re.compile(r"[;:؛।۔]|[.,،](?!\d)")


def _targets(text: str) -> list[int]:
    return [y for y in map(_year, _FOUR_DIGITS.findall(text)) if 2020 <= y <= 2059]


def _respectively(text: str, found: list[MissionMention]) -> list[MissionMention]:
    """"Chang'e-7 and Chang'e-8, scheduled for 2026 and 2028 respectively": years in the names' order. Hindi, Urdu
    and Persian put the word before the years (क्रमशः 2026 और 2028 में): then the years of its clause after it."""
    word = lexicon.for_text(text).missions.respectively.search(text)
    group = [m for m in found if word and m.end <= word.start()]
    if word is None or len(group) < 2:
        return found
    years = _targets(text[group[-1].end : word.start()])
    if not years:
        years = _targets(_CLAUSE_END.split(text[word.end() :], maxsplit=1)[0])[: len(group)]
    if len(years) != len(group):
        return found
    paired = {id(m): year for m, year in zip(group, years, strict=True)}
    return [MissionMention(m.start, m.end, m.name, paired.get(id(m), m.year), m.site) for m in found]


# The station's own milestones lie after its founding (2021) and first, reconnaissance phase (to 2025): an earlier
# year in a sentence about building it is the programme's history.
FIRST_TARGET = 2026


def _station(text: str, ilrs_context: bool, with_year: bool = True) -> MissionMention | None:
    if not ilrs_context:
        return None
    vocabulary = lexicon.for_text(text).missions
    # Its name, by the first of the programme's patterns that finds it (only where their alternation, asked of
    # every sentence already, finds one), else the station's words.
    programme = lexicon.vocabulary().programme if lexicon.names_programme(text) else ()
    word = next((m for p in (*programme, vocabulary.station_words) if (m := p.search(text))), None)
    if word is None:
        return None
    # A year is the station's target only where the sentence speaks of building it, not of signing for it.
    building = with_year and vocabulary.build.search(text) and not vocabulary.signing.search(text)
    # An appositive after the name tells the programme's past ("The ILRS, launched in 2021, aims to ...").
    aside = _appositive(text, word.end())
    year = ((_year_around(text, word.end(), len(text), aside) or _year_after(text, 0, word.start())) if building
            else None)
    if year is not None and year < FIRST_TARGET:
        year = None  # "объявили о создании лунной станции в 2021 году": the programme's history, not a target
    # Beside a named mission, a site before the station's word is where that mission goes ("Chang'e-7 will
    # explore the south pole, a resource for the future station").
    if year is None and building and (mid := vocabulary.decade.search(text)) is not None:
        year = int(next(g for g in mid.groups() if g is not None)) * 10 + 5  # "by the mid-2030s": about 2035
    site = vocabulary.site.search(text, 0 if with_year else word.end())
    # Without a year or a site the mention may still take one from the next sentence ("It is to be completed by
    # 2028"); the story's findings keep it only once it has one.
    return MissionMention(word.start(), word.end(), STATION, year, "lunar south pole" if site else None)



def _station_year(text: str) -> int | None:
    """The year a sentence that goes on about the station gives it ("It is expected to be completed by 2028",
    "Строительство рассчитано на 2031-2035 годы"): a timetable of building, not of signing."""
    vocabulary = lexicon.for_text(text).missions
    if not vocabulary.station_anaphors.match(text) or not vocabulary.build.search(text) or vocabulary.signing.search(
            text):
        return None
    year = _year_after(text, 0, len(text))
    return year if year is not None and year >= FIRST_TARGET else None

