"""Scripts and digits: sentence ends and letters of Urdu, Hindi and Persian, their names as whole words, and
digits other than 0-9 (Persian and Urdu ۰-۹, Devanagari ०-९)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline import entities
from pipeline.entities import countries, lexicon
from pipeline.entities.partners import claims
from pipeline.entities.sentences import split

SENTENCES = Path(__file__).with_name("sentences")


CORPUS = Path(__file__).parents[1] / "corpus"


def _rows(code: str) -> list[str]:
    data = yaml.safe_load((SENTENCES / f"{code}.yaml").read_text(encoding="utf-8"))
    return [row["text"] for rows in data.values() for row in rows]


def _said(text: str, reading: lexicon.Reading) -> list[tuple[str, str, str]]:
    return sorted((c.mention.key, c.status, c.confidence) for s in split(text) for c in claims(s.text, 0, reading))


def test_urdu_and_hindi_full_stops_and_persian_letters_end_sentences() -> None:
    assert [s.text for s in split("پاکستان نے دستخط کیے۔ ایران بھی شامل ہوا۔")] == [
        "پاکستان نے دستخط کیے۔", "ایران بھی شامل ہوا۔"]
    assert [s.text for s in split("भारत ने कहा। पाकिस्तान ने हस्ताक्षर किए।")] == [
        "भारत ने कहा।", "पाकिस्तान ने हस्ताक्षर किए।"]
    # a Persian sentence may open with a letter Arabic lacks (پ) or with Persian digits
    assert len(split("ایران پیوست. پاکستان امضا کرد. ۱۲ کشور عضو هستند.")) == 3
    assert all(s.prose for s in split("ایران بھی شامل ہوا۔\nभारत ने कहा।"))


def test_devanagari_is_a_script_of_its_own() -> None:
    assert lexicon.scripts_in("पाकिस्तान ने ILRS पर हस्ताक्षर किए") == frozenset({"devanagari", "latin"})
    assert lexicon.scripts_in("پاکستان ۲۰۲۴") == frozenset({"arabic"})


def test_a_hindi_name_is_written_with_its_nukta_apart_composed_or_left_out() -> None:
    apart = "\u0905\u091c\u093c\u0930\u092c\u0948\u091c\u093e\u0928"  # अज़रबैजान, ज + nukta
    forms = countries.nukta_forms(apart)
    assert forms == {apart, "\u0905\u095b\u0930\u092c\u0948\u091c\u093e\u0928", "अजरबैजान"}


def test_a_persian_ezafe_is_written_with_a_hamza_without_or_as_a_yeh() -> None:
    assert countries.ezafe_forms("کرهٔ جنوبی") == {"کرهٔ جنوبی", "کره جنوبی", "کره\u200cی جنوبی"}
    assert countries.ezafe_forms("کرۀ جنوبی") >= {"کره جنوبی"}


def test_persian_urdu_and_hindi_names_are_whole_words() -> None:
    found = lambda text: [code for _, _, code in countries.find(text)]  # noqa: E731
    assert found("ایرانی‌ها و چینی‌ها") == []  # Iranians, Chinese: adjectives, not the states
    assert found("ایران، چین، کره جنوبی، کره‌ی جنوبی و آمریکا") == ["IR", "CN", "KR", "KR", "US"]
    assert found("حمایت مالی") == [] and found("مالی سال") == []  # "financial", not Mali
    assert found("پاکستان، ترکی اور امریکہ") == ["PK", "TR", "US"]
    assert found("शाम को चीनी वैज्ञानिक") == []  # Chinese scientists
    assert found("अजरबैजान, अज़रबैजान और भारत।") == ["AZ", "AZ", "IN"]


@pytest.mark.parametrize("code", ["fa", "ur"])
def test_a_persian_or_urdu_sentence_reads_alike_with_every_arabic_script_language(code: str) -> None:
    # A document whose language is not sure is read with the cues of all its script's languages: Arabic's must not
    # misread Persian or Urdu (the Arabic وقع, signed, inside توقع, expected).
    for text in _rows(code):
        assert _said(text, lexicon.ANY_LANGUAGE) == _said(text, lexicon.Reading(code)), text


def test_an_arabic_article_reads_alike_with_persian_and_urdu_cues() -> None:
    articles = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*/*.yaml"))]
    arabic = [a["text"] for a in articles if a["language"] == "ar"]
    assert len(arabic) >= 10
    for text in arabic:
        assert _said(text, lexicon.ANY_LANGUAGE) == _said(text, lexicon.Reading("ar")), text[:80]


def test_a_feed_entry_about_the_moon_is_worth_fetching_in_hindi_urdu_and_persian() -> None:
    assert entities.may_be_relevant("चंद्रमा पर रूस का परमाणु बिजलीघर")
    assert entities.may_be_relevant("چاند پر روسی ایٹمی بجلی گھر")
    assert entities.may_be_relevant("نیروگاه هسته‌ای روسیه روی کره ماه")
    assert not entities.may_be_relevant("ماه آینده قیمت‌ها افزایش می‌یابد")  # ماه is also "month"
