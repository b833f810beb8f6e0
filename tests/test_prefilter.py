"""A regex compiled with a look-ahead on its first characters (`prefilter.compile`) finds exactly what the plain
regex finds: the same spans and the same groups, on hand-made cases and on every section of the language files
read over our own sentence tables. And mission names are looked for in the document's language and in English."""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass
from pathlib import Path

import pytest
import yaml

from pipeline import entities
from pipeline.entities import lexicon, prefilter

SENTENCES = Path(__file__).parent / "extraction" / "sentences"
_AHEAD = re.compile(r"\(\?=\[(?:\\.|[^\]\\])*\]\)\(\?:")  # the look-ahead prefilter.compile puts in front


def _found(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], str | None, tuple[str | None, ...]]]:
    return [(m.span(), m.lastgroup, m.groups()) for m in pattern.finditer(text)]


CASES = [
    (r"\bmoon\s+base|\blunar\s+station", "The Moon base and a LUNAR station; a moonbase."),
    (r"(?<![A-Za-z])(?:join(?:ed|s)?)(?![A-Za-z])", "Peru joined, Chile joins, rejoined is not a cue."),
    (r"(?:nuclear\s+)?power\s+plant", "a nuclear power plant and a power plant"),
    (r"(?-i:\bILRS\b)|station", "ILRS, ilrs, Station"),
    (r"(?P<a>\bbasic\s+model)|(?P<b>extended\s+version)", "Basic model first, then the EXTENDED version."),
    (r"\w+\s+of\s+the$", "a member of the"),
    (r"[^a-z]+", "abc 123"),  # a negated set: compiled as it is
    (r"(?:x)?", "xyz"),  # may match nothing: compiled as it is
    (r"国际月球科研站|嫦娥七号", "嫦娥七号将为国际月球科研站奠定基础。"),  # uncased: re's own test is kept
    (r"\bΣελήν\w*|\bМесяц\w*", "σελήνη, Σελήνης, МЕСЯЦА"),
]


@pytest.mark.parametrize(("source", "text"), CASES)
def test_same_matches_as_the_plain_regex(source: str, text: str) -> None:
    assert _found(prefilter.compile(source, re.IGNORECASE), text) == _found(re.compile(source, re.IGNORECASE), text)


def test_nothing_to_skip_keeps_the_regex() -> None:
    for source in (r"[^a-z]+", r"(?:x)?", r"国际月球科研站|嫦娥七号"):
        assert prefilter.compile(source, re.IGNORECASE).pattern == source
    assert prefilter.compile(r"\bmoon|\blunar", re.IGNORECASE).pattern.startswith("(?=[")


def _patterns(node: object) -> list[re.Pattern[str]]:
    if isinstance(node, re.Pattern):
        return [node]
    if is_dataclass(node) and not isinstance(node, type):
        return [p for f in fields(node) for p in _patterns(getattr(node, f.name))]
    if isinstance(node, dict):
        return [p for value in node.values() for p in _patterns(value)]
    if isinstance(node, tuple):
        return [p for value in node for p in _patterns(value)]
    return []


def _tables() -> dict[str, str]:
    """Each sentence table's sentences, one a line."""
    texts = {}
    for path in sorted(SENTENCES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        texts[path.stem] = "\n".join(row["text"] for rows in data.values() if isinstance(rows, list)
                                     for row in rows if isinstance(row, dict) and "text" in row)
    return texts


def test_every_section_finds_what_its_plain_regex_finds() -> None:
    texts = _tables()
    assert len(texts) > 20
    read_with: dict[str, list[str]] = {}  # each section's pattern -> the tables read with it
    for code, text in texts.items():  # each table is read with the sections of every language of its script
        prefiltered = {p.pattern for p in _patterns(lexicon.for_text(text)) if _AHEAD.match(p.pattern)}
        assert len(prefiltered) > 2, code  # the sections' alternations are compiled with a look-ahead
        for source in prefiltered:
            read_with.setdefault(source, []).append(text)
    read_with.setdefault(lexicon._programme().pattern, list(texts.values()))
    for source, tables in read_with.items():
        head = _AHEAD.match(source)
        assert head is not None
        text = "\n".join(tables)
        pattern, plain = re.compile(source, re.IGNORECASE), re.compile(source[head.end() : -1], re.IGNORECASE)
        assert _found(pattern, text) == _found(plain, text), plain.pattern[:80]


# A mission's name is looked for in the document's own language and in English, not in every language of its
# script: a term of an English wire kept in a translated story is still found.
ENGLISH_NAME_IN_OTHER_LANGUAGES = [
    ("de", "Die Internationale Mondforschungsstation (ILRS) soll nach den Plänen Chinas und Russlands schrittweise "
           "entstehen. Das sogenannte basic model der Station soll bis 2035 am Südpol des Mondes fertig sein, "
           "erklärte die Raumfahrtbehörde am Dienstag in Peking."),
    ("es", "La Estación Internacional de Investigación Lunar (ILRS) avanza según el calendario de China y Rusia. "
           "El llamado basic model de la estación estará listo hacia 2035 cerca del polo sur de la Luna, según "
           "explicó la agencia espacial en una rueda de prensa."),
]


@pytest.mark.parametrize(("language", "text"), ENGLISH_NAME_IN_OTHER_LANGUAGES)
def test_an_english_mission_name_in_another_language(language: str, text: str) -> None:
    found = entities.extract(text)
    assert found.language == language
    assert {m.name: m.year for m in found.missions}.get("ILRS basic model") == 2035


def test_the_documents_own_mission_names() -> None:
    found = entities.extract(
        "Die Internationale Mondforschungsstation (ILRS) soll nach den Plänen Chinas und Russlands schrittweise "
        "entstehen. Das Basismodell der Station soll bis 2035 fertig sein, erklärte die Raumfahrtbehörde am "
        "Dienstag in Peking vor Journalisten.")
    assert {m.name: m.year for m in found.missions}.get("ILRS basic model") == 2035
