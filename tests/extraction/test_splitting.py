"""Where a sentence ends: a full stop after an abbreviation, a title or an ordinal ends none (`writing:` in each
language's file). Sentences of our own."""

from __future__ import annotations

import pytest

from pipeline.entities import sentences


@pytest.mark.parametrize("text", [
    "Laos unterzeichnete am 3. Mai das Abkommen.",           # a German date: the day is an ordinal
    "Kambodscha wurde das 15. Mitglied der Station.",        # a German rank
    "Zu den Partnern gehören u.a. Serbien und Laos.",        # a German abbreviation
    "El Sr. Chad Ramírez dijo que Bolivia firmó el acuerdo.",  # a Spanish title
    "Il sig. Ciad ha detto che il Perù ha aderito.",         # an Italian title
    "Mr. Jordan said Nepal had signed.",                     # an English title
])
def test_no_sentence_ends(text: str) -> None:
    assert [s.text for s in sentences.split(text)] == [text]


@pytest.mark.parametrize(("text", "pieces"), [
    ("Die Zahl der Partner stieg auf 13. Die Station wird gebaut.", 2),   # a number ends a sentence before "Die"
    ("Nepal signed in May. Laos joined in June.", 2),
])
def test_sentence_ends(text: str, pieces: int) -> None:
    assert len(sentences.split(text)) == pieces


@pytest.mark.parametrize(("line", "prose"), [
    ("라오스가 국제달연구기지에 가입했다.", True),   # three Korean words, fifteen syllables: a sentence
    ("홈 뉴스.", False),                            # two words of a menu
])
def test_korean_prose_by_syllables(line: str, prose: bool) -> None:
    assert sentences.is_prose(line) is prose
