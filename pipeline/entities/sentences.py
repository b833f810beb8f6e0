"""Sentences with exact offsets, and the line between an article's prose and a page's chrome.

Extracted pages keep menus, teasers, keyword lists and forum signatures as short unpunctuated lines. Prose
ends a sentence with punctuation or runs long; chrome does neither. Findings are read from prose only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from pipeline.entities import lexicon

_TERMINAL = re.compile(r"[.!?؟。！？…:：۔।][\"'”’»)\]]*\s*$")
_WORD = re.compile(r"\w+")
# Chinese and Japanese characters: a line of them is prose by their count, having no spaces.
_HAN = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
# Thai letters: Thai ends a sentence with a space, not a full stop, and writes no spaces between words; a line of
# them is prose by their count (a letter of Thai holds less than a Chinese character).
_THAI = re.compile(r"[\u0e01-\u0e4f]")
# A sentence ends at . ! ? (Urdu ۔, Hindi ।) followed by space and a capital (of the Latin, Greek and Cyrillic
# alphabets: Turkish İ Ş, Serbian Č Š Ž, Azerbaijani Ə, Vietnamese Ấ Ủ, Ukrainian Є І Ї Ґ, Kazakh Қ Ә Ө) or a letter or
# digit of a script without capitals (Arabic with Persian and Urdu letters, Devanagari, Korean, Thai), or at Chinese and
# Japanese full stops with or without space.
_CAPITALS = "A-Z" + "".join(c for c in (*map(chr, range(0xC0, 0x530)), *map(chr, range(0x1E00, 0x1F00)))
                            if c.isupper())
_BOUNDARY = re.compile(rf"(?<=[.!?؟۔।])[\"'”’»)]*\s+(?=[\"'“‘«(]?[0-9{_CAPITALS}\u0621-\u064a"
                       r"\u0671-\u06d3\u06f0-\u06f9\u0900-\u0963\u0966-\u096f\uac00-\ud7a3\u0e01-\u0e2e\u0e40-\u0e44])"
                       r"|(?<=[。！？；])")
# Abbreviations and initials that end in a period without ending a sentence; Thai ones are letters on both sides of
# a period (ค.ศ. 2035, 12 พ.ค. 2568).
_ABBREVIATION = re.compile(
    r"(?:\b(?:No|Nos|Mr|Mrs|Ms|Dr|Prof|St|Gen|Col|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|vs|etc|"
    r"approx|Co|Ltd|Inc|Corp|U\.S|U\.K|e\.g|i\.e|[A-Z])\.)$|[\u0e01-\u0e4e]{1,3}\.[\u0e01-\u0e4e]{1,3}\.$"
)
MIN_PROSE_WORDS = 20
MIN_PROSE_HAN = 30
MIN_PROSE_THAI = 40
# An item of a list: a dash, a bullet or a number, then its text ("- Kazan Federal University", "——2023年7月，…").
_BULLET = re.compile(r"^\s*(?:[-–—•*·▪►]+|\d{1,2}[.)])\s*(?=\S)")



@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int  # document[start:end] == text
    paragraph: int  # index of the line it sits on
    prose: bool


def is_prose(line: str) -> bool:
    """A line of article text rather than a menu item, a teaser title, a keyword list or a signature."""
    letters = [c for c in line if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) > 0.6 * len(letters):
        return False  # shouting headlines and acronym soup
    if line.lstrip().startswith(("http://", "https://", "©")):
        return False
    if _TERMINAL.search(line) or _BULLET.match(line):  # a list's item tells what it says as a sentence would
        return (len(_WORD.findall(line)) >= 4 or len(_HAN.findall(line)) >= 8
                or any(len(letters.findall(line)) >= least for letters, least in _writing().letters))
    # A line without a full stop is a headline, a teaser or a menu unless it runs long: a headline that says more
    # than its story ("Kenya joins" over an institute's signature) is no evidence.
    return (len(_WORD.findall(line)) >= MIN_PROSE_WORDS or len(_HAN.findall(line)) >= MIN_PROSE_HAN
            or len(_THAI.findall(line)) >= MIN_PROSE_THAI)


@dataclass(frozen=True)
class _Writing:
    abbreviation: re.Pattern[str]  # the end of a piece that holds no sentence's end ("Sr.", "bzw.", "Herr Dr.")
    ordinal: re.Pattern[str] | None  # after "3.": a word that makes the number an ordinal ("3. Mai")
    # Where words are long (Korean joins its particles to the word), letters measure a short sentence: a sentence
    # with a full stop and this many of them is prose.
    letters: tuple[tuple[re.Pattern[str], int], ...] = ()


_NEVER = re.compile(r"(?!x)x")
_NUMBER_DOT = re.compile(r"(?<![\d.])\d{1,3}\.$")


@cache
def _writing() -> _Writing:
    """Every language's abbreviations, titles and ordinals (`writing:` in `lang/*.yaml`), read once."""
    files = lexicon.files()
    words = [w for f in files for w in f.writing.abbreviations]
    titles = [w for f in files for w in f.writing.honorifics]
    ordinals = [w for f in files for w in f.writing.ordinals]
    alternatives = [rf"(?:{'|'.join(words)})\." if words else "", "|".join(titles)]
    body = "|".join(a for a in alternatives if a)
    abbreviation = re.compile(rf"(?<!\w)(?:{body})$", re.IGNORECASE) if body else _NEVER
    ordinal = re.compile(rf"(?:{'|'.join(ordinals)})(?!\w)", re.IGNORECASE) if ordinals else None
    letters = tuple((re.compile(f.writing.prose_letters), f.writing.prose_min_letters) for f in files
                    if f.writing.prose_letters and f.writing.prose_min_letters)
    return _Writing(abbreviation, ordinal, letters)


def _no_end(line: str, start: int, boundary: re.Match[str]) -> bool:
    """The full stop before `boundary` ends an abbreviation, a title or an ordinal ("3. Mai", "das 13. Mitglied"),
    not a sentence."""
    before = line[start : boundary.start()].rstrip("\"'”’»)")
    if _ABBREVIATION.search(before):
        return True
    writing = _writing()
    if writing.abbreviation.search(before):
        return True
    return (writing.ordinal is not None and _NUMBER_DOT.search(before) is not None
            and writing.ordinal.match(line, boundary.end()) is not None)


def _pieces(line: str) -> Iterator[tuple[int, int]]:
    start = 0
    for boundary in _BOUNDARY.finditer(line):
        if _no_end(line, start, boundary):
            continue
        yield start, boundary.start()
        start = boundary.end()
    yield start, len(line)


def join_continuations(text: str, sentences: list[Sentence], opens_a_list: re.Pattern[str]) -> list[Sentence]:
    """A sentence that only opens a list ("They are: A, B and C") belongs to the sentence before, whose verb
    tells what the list's items did: the two are read as one, offsets kept."""
    joined: list[Sentence] = []
    for sentence in sentences:
        before = joined[-1] if joined else None
        if before is not None and opens_a_list.match(sentence.text):  # on its own line too ("它们分别是：" under)
            joined[-1] = Sentence(text[before.start : sentence.end], before.start, sentence.end, before.paragraph,
                                  before.prose or sentence.prose)
        else:
            joined.append(sentence)
    return joined


def split(text: str) -> list[Sentence]:
    """Every sentence of `text`, in order, each knowing its offsets, its paragraph and whether it is prose."""
    sentences: list[Sentence] = []
    offset = 0
    for paragraph, line in enumerate(text.splitlines(keepends=True)):
        prose = is_prose(line.strip())
        for a, b in _pieces(line):
            piece = line[a:b]
            lead = len(piece) - len(piece.lstrip())
            body = piece.strip()
            if body:
                start = offset + a + lead
                sentences.append(Sentence(body, start, start + len(body), paragraph, prose))
        offset += len(line)
    return sentences
