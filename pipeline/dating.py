"""Dates a document states in its own text, for sources that carry no date metadata.

A wire story opens with a date line ("ST. PETERSBURG, June 15. /TASS/."), a report names an event by its year
("GLEX-2021") or dates what it tells ("On March 9, ... announced"). A date read that way is marked inferred
wherever it is shown. dateparser reads the day and month in the text's language; the year is the one the text
gives, since date lines leave it out.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime

import dateparser

from pipeline.entities.sentences import is_prose

# Month names (English, Russian genitive, Spanish, French) as they follow or precede a day of the month.
_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|января|февраля|марта|апреля|мая|июня|июля|августа|сентября|"
    r"октября|ноября|декабря|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|"
    r"diciembre|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\.?"
)
_DAY_MONTH = rf"(?:{_MONTHS}\s+\d{{1,2}}(?!\d)|\d{{1,2}}\s+(?:de\s+)?{_MONTHS})"
_YEAR = r"(?:19|20)\d{2}"
# A date line: a place in capitals at the head of a paragraph, then the day ("MOSCOW, June 30 -").
_DATELINE = re.compile(
    rf"^[A-ZА-ЯЁ][A-ZА-ЯЁ.'’ -]{{1,40}},\s+(?P<date>{_DAY_MONTH}(?:,?\s+{_YEAR})?)(?=[\s.,(/-])", re.MULTILINE
)
_DATELINE_ZH = re.compile(r"^.{0,20}?(?P<month>\d{1,2})月(?P<day>\d{1,2})日电", re.MULTILINE)
# "On March 9", "on 9 March 2021", "9 марта": the day an event the text reports happened.
_EVENT = re.compile(rf"(?:\b[Oo]n\s+|(?<![\w-]))(?P<date>{_DAY_MONTH}(?:,?\s+{_YEAR})?)(?![\w-])")
# An event named with its year: "GLEX-2021", "IAC 2021", "MAKS-2021".
_NAMED_EVENT_YEAR = re.compile(rf"\b[A-ZА-ЯЁ]{{2,}}[- ](?P<year>{_YEAR})\b")
# A year that is a target ("by 2030", "к 2030 году"), a decade ("the 2030s") or a range is not the text's year.
_TARGET = re.compile(rf"(?:\b(?:by|until|till|before|to|through|after)\s+|(?<![\w])(?:к|до|по)\s+){_YEAR}", re.I)
_ANY_YEAR = re.compile(rf"(?<![\d-])(?P<year>{_YEAR})(?![\d]|s\b|-?х\b|-?е\b)")


def stated_date(text: str, language: str | None = None, *, now: datetime | None = None) -> datetime | None:
    """The date a text states for itself: its date line, else the first dated event it reports; the year is
    the one the text gives. None when the text gives no day or no year: a guess is worse than no date."""
    now = now or datetime.now(UTC)
    year = _text_year(text)
    for found in (_dateline(text, year, language), _event(text, year, language)):
        if found is not None and found <= now:
            return found
    return None


def _text_year(text: str) -> int | None:
    """The year the text is written in: an event named with its year, else the year it mentions most that is
    not a target or a decade (the earliest of equals: reports look back, not ahead)."""
    named = [int(m.group("year")) for m in _NAMED_EVENT_YEAR.finditer(text)]
    if named:
        return Counter(named).most_common(1)[0][0]
    targets = {m.start() for m in _TARGET.finditer(text)}
    years = [
        int(m.group("year"))
        for m in _ANY_YEAR.finditer(text)
        if not any(start <= m.start() < start + 20 for start in targets)
    ]
    if not years:
        return None
    counts = Counter(years)
    best = max(counts.values())
    return min(year for year, count in counts.items() if count == best)


def _dateline(text: str, year: int | None, language: str | None) -> datetime | None:
    head = "\n".join(text.splitlines()[:30])
    if (match := _DATELINE.search(head)) is not None:
        return _parse(match.group("date"), year, language)
    if (match := _DATELINE_ZH.search(head)) is not None and year is not None:
        return _day(year, int(match.group("month")), int(match.group("day")))
    return None


def _event(text: str, year: int | None, language: str | None) -> datetime | None:
    # Only prose: teaser lists and forum signatures carry dates of other stories and of other people.
    for line in text.splitlines():
        if is_prose(line.strip()) and (match := _EVENT.search(line)) is not None:
            return _parse(match.group("date"), year, language)
    return None


def _parse(phrase: str, year: int | None, language: str | None) -> datetime | None:
    has_year = re.search(_YEAR, phrase) is not None
    if not has_year and year is None:
        return None
    when = phrase if has_year else f"{phrase} {year}"
    languages = [language] if language in {"en", "ru", "es", "fr"} else None
    parsed = dateparser.parse(
        when.rstrip("."),
        languages=languages,
        settings={"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"]},
    )
    return None if parsed is None else _day(parsed.year, parsed.month, parsed.day)


def _day(year: int, month: int, day: int) -> datetime | None:
    try:
        return datetime(year, month, day, tzinfo=UTC)
    except ValueError:
        return None
