"""Which language a document is in, and what is read of one in a language no cue data is present for."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from pipeline import entities
from pipeline.entities import countries, lexicon


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Nepal signed the memorandum on the International Lunar Research Station on Monday.", "en"),
        ("Непал подписал меморандум о Международной научной лунной станции в понедельник.", "ru"),
        ("尼泊尔周一签署了关于国际月球科研站的谅解备忘录。", "zh"),
        ("Nepal firmó el lunes el memorando sobre la Estación Internacional de Investigación Lunar.", "es"),
        ("Nepal đã ký bản ghi nhớ về Trạm Nghiên cứu Mặt Trăng Quốc tế vào thứ Hai.", "vi"),
        ("Nepal telah menandatangani memorandum persefahaman mengenai Stesen Penyelidikan Bulan Antarabangsa.", "ms"),
        ("เนปาลได้ลงนามบันทึกความเข้าใจว่าด้วยสถานีวิจัยดวงจันทร์นานาชาติเมื่อวันจันทร์", "th"),
    ],
)
def test_the_language_of_a_document_is_identified_by_its_words(text: str, code: str) -> None:
    assert entities.detect_language(text) == code and entities.detect_language(text, sure=True) == code


def test_a_document_in_a_language_without_cue_data_still_names_its_parties_and_waits_for_review() -> None:
    text = "Nederland heeft een memorandum over de ILRS getekend; België is partner van de ILRS."
    found = entities.extract(text)
    assert found.relevant and found.language == "nl" and not lexicon.supported("nl")
    assert {(p.key, p.confidence) for p in found.partners} == {("country:BE", "low")}


def test_cldr_names_the_states_in_a_language_without_a_file() -> None:
    names = countries.names_in("nl")
    assert names is not None and [code for _, _, code in names.find("België en Nederland")] == ["BE", "NL"]
    assert countries.names_in("xx-not-a-locale") is None


def test_a_name_without_a_latin_key_waits_for_review() -> None:
    found = {p.key: p for p in entities.extract("伊尔库茨克国立大学签署了国际月球科研站合作谅解备忘录。").partners}
    (key,) = [k for k in found if k.startswith("institution:")]
    assert not key.isascii() and found[key].confidence == "low"


def test_the_default_feeds_search_news_in_every_language_with_cue_data() -> None:
    feeds = yaml.safe_load((resources.files("pipeline") / "default_feeds.yaml").read_text(encoding="utf-8"))["feeds"]
    searched = {f["language"] for f in feeds if "search" in f["url"]}
    assert {lang.code for lang in lexicon.languages()} <= searched
