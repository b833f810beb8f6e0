"""Scripts beyond Latin, Cyrillic and CJK: Devanagari (Hindi), the Arabic script with Persian and Urdu letters, and
digits other than 0-9 (Persian and Urdu ۰-۹, Devanagari ०-९)."""

from __future__ import annotations

from pipeline.entities import countries, lexicon
from pipeline.entities.sentences import split


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
