"""Dates a document states in its own text, for sources that carry no date metadata.

A wire story opens with a date line ("ST. PETERSBURG, June 15. /TASS/."), a report names an event by its year
("GLEX-2021") or dates what it tells ("On March 9, ... announced"). A date read that way is marked inferred
wherever it is shown. Month names are CLDR's (babel) in every language a file is present for; dateparser reads
the day and month in the text's language; the year is the one the text gives, since date lines leave it out.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime
from functools import cache

import dateparser
from babel.dates import get_month_names

from pipeline.entities import lexicon
from pipeline.entities.sentences import is_prose

_YEAR = r"(?:19|20)\d{2}"
_DATELINE_ZH = re.compile(r"^.{0,20}?(?P<month>\d{1,2})月(?P<day>\d{1,2})日电", re.MULTILINE)
# An event named with its year: "GLEX-2021", "IAC 2021", "MAKS-2021".
_NAMED_EVENT_YEAR = re.compile(rf"\b[A-ZА-ЯЁ]{{2,}}[- ](?P<year>{_YEAR})\b")
# A year that is a target ("by 2030", "к 2030 году"), a decade ("the 2030s") or a range is not the text's year.
_TARGET = re.compile(rf"(?:\b(?:by|until|till|before|to|through|after)\s+|(?<![\w])(?:к|до|по)\s+){_YEAR}", re.I)
_ANY_YEAR = re.compile(rf"(?<![\d-])(?P<year>{_YEAR})(?![\d]|s\b|-?х\b|-?е\b)")
# Month names written with digits (4月, 4월) or without spaces are read by the Chinese date line, not here.
_NO_SPACES = re.compile(r"[\d\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7a3]")


# Wire date lines are English whatever the story's language ("MOSCOW, June 30 -"): its months are read in every text.
_WIRE = "en"


@cache
def _month_names(language: str | None) -> tuple[str, ...]:
    """CLDR's month names (babel), written out and abbreviated, in the form that follows a day ("3 октября") and the
    one that stands alone, the longest first: of the text's language and English, or of every language a file is
    present for where the language is not known (a month abbreviation is a word elsewhere: Portuguese "out")."""
    names: set[str] = set()
    for data in lexicon.files():
        if language is not None and data.code not in (language, _WIRE):
            continue
        for locale in data.month_locales or lexicon.language(data.code).locales:
            names |= _locale_months(locale)
    return tuple(sorted((n for n in names if n and not _NO_SPACES.search(n)), key=lambda n: (-len(n), n)))


@cache
def _locale_months(locale: str) -> frozenset[str]:
    return frozenset(str(name).rstrip(".") for months in (
        get_month_names("wide", "format", locale), get_month_names("wide", "stand-alone", locale),
        get_month_names("abbreviated", "format", locale), get_month_names("abbreviated", "stand-alone", locale),
    ) for name in months.values())


def prepare() -> None:
    """Read every language file's month names from CLDR now: a process that then lets go of CLDR's locale data
    (the extraction pool's fork server, `pipeline.warm`) reads later texts, in any language, without loading it."""
    _month_names(None)


@cache
def _patterns(language: str | None) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The date line and the dated event, with the month names as they follow or precede a day."""
    months = "(?:" + "|".join(map(re.escape, _month_names(language))) + r")\.?"
    # German and Serbian write the day with a point ("14. März"), Spanish and Portuguese with "de" ("5 de setembro")
    day_month = rf"(?:{months}\s+\d{{1,2}}(?!\d)|\d{{1,2}}\.?\s+(?:de\s+)?{months})"
    # A date line: a place in capitals at the head of a paragraph, then the day ("MOSCOW, June 30 -").
    dateline = re.compile(
        rf"^[A-ZА-ЯЁ][A-ZА-ЯЁ.'’ -]{{1,40}},\s+(?P<date>{day_month}(?:,?\s+{_YEAR})?)(?=[\s.,(/-])", re.MULTILINE)
    # "On March 9", "on 9 March 2021", "9 марта": the day an event the text reports happened.
    event = re.compile(rf"(?:\b[Oo]n\s+|(?<![\w-]))(?P<date>{day_month}(?:,?\s+{_YEAR})?)(?![\w-])")
    return dateline, event


def _language(text: str, language: str | None) -> str | None:
    """The text's language where a file is present for it, as given or as py3langid is sure of, else None."""
    if language is None:
        from pipeline.entities import detect_language  # the identifier's model loads once, on first use

        language = detect_language(text, sure=True)
    return language if lexicon.supported(language) else None


def stated_date(text: str, language: str | None = None, *, now: datetime | None = None) -> datetime | None:
    """The date a text states for itself: its date line, else the first dated event it reports; the year is
    the one the text gives. None when the text gives no day or no year: a guess is worse than no date."""
    now = now or datetime.now(UTC)
    year = _text_year(text)
    language = _language(text, language)
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
    if (match := _patterns(language)[0].search(head)) is not None:
        return _parse(match.group("date"), year, language)
    if (match := _DATELINE_ZH.search(head)) is not None and year is not None:
        return _day(year, int(match.group("month")), int(match.group("day")))
    return None


def _event(text: str, year: int | None, language: str | None) -> datetime | None:
    # Only prose: teaser lists and forum signatures carry dates of other stories and of other people.
    for line in text.splitlines():
        if is_prose(line.strip()) and (match := _patterns(language)[1].search(line)) is not None:
            return _parse(match.group("date"), year, language)
    return None


def _parse(phrase: str, year: int | None, language: str | None) -> datetime | None:
    has_year = re.search(_YEAR, phrase) is not None
    if not has_year and year is None:
        return None
    when = phrase if has_year else f"{phrase} {year}"
    parsed = None
    # The text's own language first; a date in another (an English date line in a German text) by detection.
    for languages in ([language], None) if language else (None,):
        try:
            parsed = dateparser.parse(
                when.rstrip("."),
                languages=languages,
                settings={"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"]},
            )
        except ValueError:  # a language dateparser does not know
            continue
        if parsed is not None:
            break
    return None if parsed is None else _day(parsed.year, parsed.month, parsed.day)


def _day(year: int, month: int, day: int) -> datetime | None:
    try:
        return datetime(year, month, day, tzinfo=UTC)
    except ValueError:
        return None
