"""Which language a document is in and which cues are read with it: every language file has every class, a
sentence is read with the cues of its own scripts and its document's language, a story reads the languages it
quotes, and what is read of a language without cue data."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
import yaml

from pipeline import entities
from pipeline.entities import countries, lexicon, partners
from tests.extraction.texts import findings


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


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Кенія не підписала угоду щодо МНМС, повідомило агентство.", "uk"),
        ("Кения не подписала соглашение о МНЛС, сообщило агентство.", "ru"),
        ("파키스탄은 국제달연구기지에 합류했습니다.", "ko"),
        ("パキスタンは国際月面研究ステーションに参加した。", "ja"),
        ("巴基斯坦与中国国家航天局签署了国际月球科研站合作协议。", "zh"),
        ("Pakistan resmi bergabung dengan Stasiun Penelitian Bulan Internasional pada tahun ini dan akan ikut.", "id"),
        ("Pakistan bu yıl Uluslararası Ay Araştırma İstasyonu için bir anlaşma imzaladı ve daha fazla ülke de "
         "katılacak.", "tr"),
    ],
)
def test_the_language_of_a_text_from_its_script_words_and_letters(text: str, code: str) -> None:
    assert entities.detect_language(text) == code


def test_every_language_file_has_every_class() -> None:
    folder = Path(lexicon.__file__).parent / "lang"
    files = sorted(folder.glob("*.yaml"))
    assert len(files) >= 9
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        code = data["code"]
        assert code == path.stem, code
        assert {c["class"] for c in data["cues"]} == set(lexicon.CLASS_STATUS), code
        intents = {c.get("status") for c in data["cues"] if c["class"] == "intent"}
        assert intents == {"interested", "negotiating"}, code
        assert data["programme"] and data["negation"]["before"] and data["hedges"], code
        assert data["reported_speech"] and data["clause"]["boundaries"] and data["missions"]["named"], code
        assert all(data["near_miss"][group] for group in ("programmes", "payloads", "forums")), code
    assert {lang.code for lang in lexicon.languages()} == {path.stem for path in files}  # scripts known
    assert lexicon.vocabulary() is lexicon.vocabulary()  # read once


def test_a_sentence_is_read_with_the_cues_of_its_own_scripts_only() -> None:
    assert set(lexicon.for_text("Пакистан підписав угоду.").languages) == {"ru", "uk", "kk", "sr"}
    assert set(lexicon.for_text("Το Πακιστάν υπέγραψε.").languages) == {"el"}
    assert set(lexicon.for_text("파키스탄은 합류했다.").languages) == {"ko"}
    assert set(lexicon.for_text("パキスタンは参加した。").languages) == {"ja", "zh"}
    assert "ja" not in lexicon.for_text("巴基斯坦签署了协议。").languages


def test_ukrainian_cues_do_not_change_russian_readings() -> None:
    ru = ("Соглашения о МНЛС подписаны с Белоруссией и Таиландом, а также с Сербией. Монголия получает помощь "
          "партнёров из Японии.")
    found = {p.key: p.status for p in entities.extract(ru).partners}
    assert found == {"country:BY": "joined", "country:TH": "joined", "country:RS": "joined"}


@pytest.mark.parametrize(
    "text",
    [
        "Египет подписал соглашение о МНЛС, а Перу пока не присоединилось к проекту.",
        "Роскосмос приступил к работе над лунной станцией, а Сербия стала участницей МНЛС в 2024 году.",
        "Таиланд рассматривает приглашение присоединиться к МНЛС, Боливия вышла из проекта.",
        "Azerbaycan Uluslararası Ay Araştırma İstasyonu'na katıldı, Peru ise katılmayacak.",
    ],
)
def test_kazakh_serbian_and_azerbaijani_cues_do_not_change_their_neighbours_readings(text: str) -> None:
    # read with every language of the script (an unsure document) as with its own language alone
    read = lambda reading: {(c.mention.key, c.status) for c in partners.claims(text, 0, reading)}  # noqa: E731
    assert read(lexicon.ANY_LANGUAGE) == read(lexicon.Reading(entities.detect_language(text)))


def test_a_kazakh_story_reads_the_russian_it_quotes() -> None:
    text = ("Халықаралық ғылыми Ай станциясы туралы Қазақстанның Аэроғарыш комитеті мәлімдеме жасады.\n"
            "«Таиланд подписал соглашение о Международной научной лунной станции», – деді комитет өкілі.\n"
            "Қазақстан да станцияға қосылуды жоспарлап отыр.")
    assert entities.detect_language(text, sure=True) == "kk"
    assert {p.key: p.status for p in entities.extract(text).partners} == {
        "country:TH": "joined", "country:KZ": "interested"}


def test_a_malay_story_reads_indonesian_cues_and_an_indonesian_one_no_malay_words() -> None:
    malay = ("Mesir resmi bergabung dengan Stesen Penyelidikan Bulan Antarabangsa, kata agensi angkasa negara itu. "
             "Kerajaan Malaysia pula sedang mempertimbangkan jemputan untuk menyertai projek tersebut.")
    assert entities.detect_language(malay, sure=True) == "ms"
    assert {p.key: p.status for p in entities.extract(malay).partners} == {
        "country:EG": "joined", "country:MY": "negotiating"}
    # Indonesian "menyertai" is "to accompany": Malay's "to join" is no cue in an Indonesian story
    indonesian = ("Menteri riset Thailand menyertai Presiden Indonesia dalam kunjungan kerja ke pusat kendali Stasiun "
                  "Penelitian Bulan Internasional di Beijing pekan lalu. Kunjungan itu berlangsung selama tiga hari.")
    assert entities.detect_language(indonesian, sure=True) == "id"
    assert entities.extract(indonesian).partners == ()


def test_another_latin_language_s_cue_does_not_fire_inside_an_english_noun() -> None:
    text = "Russia and China signed a deal to build a power plant on the Moon to supply the ILRS."
    assert {p.assertion for p in findings(text).values()} == {"act"}
