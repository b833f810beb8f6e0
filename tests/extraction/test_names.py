"""How partners are named: states in every language (never cut out of a word), organisations by every name
and acronym, a state's agency as its state, one partner per identity."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline import entities
from pipeline.entities import countries, lexicon
from pipeline.entities.names import Aliases, document_mentions, mentions
from tests.extraction.texts import ILRS_ZH, statuses


def _keys(text: str, aliases: Aliases | None = None) -> list[str]:
    return [m.key for m in mentions(text, aliases)]


def _named(text: str) -> list[tuple[str, str]]:
    return [(text[m.start : m.end], m.key) for m in mentions(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Russian case forms come from pymorphy3, not from cut endings.
        ("Соглашение с Пакистаном подписано в Пекине.", [("Пакистаном", "country:PK")]),
        ("Делегация Пакистана прибыла в Москву.", [("Пакистана", "country:PK")]),
        ("Проект предложили вьетнамской стороне.", [("вьетнамской", "country:VN")]),
        ("Пакистанская сторона подтвердила участие.", [("Пакистанская", "country:PK")]),
        ("Переговоры идут с Южной Кореей и Объединёнными Арабскими Эмиратами.",
         [("Южной Кореей", "country:KR"), ("Объединёнными Арабскими Эмиратами", "country:AE")]),
        ("Делегации Соединенных Штатов Америки и Белоруссии встретились.",
         [("Соединенных Штатов Америки", "country:US"), ("Белоруссии", "country:BY")]),
        # Chinese names from CLDR, and the short forms that refer to a party once named.
        ("巴基斯坦和泰国代表出席了仪式。", [("巴基斯坦", "country:PK"), ("泰国", "country:TH")]),
        ("巴方表示，泰方和俄方均已同意。", [("巴方", "country:PK"), ("泰方", "country:TH"), ("俄方", "country:RU")]),
        ("中方与埃方签署了合作文件。", [("中方", "country:CN"), ("埃方", "country:EG")]),
        # French elisions, Spanish and German names.
        ("L'Algérie et la Tunisie discutent avec d'autres pays ; l’Égypte a signé.",
         [("Algérie", "country:DZ"), ("Tunisie", "country:TN"), ("Égypte", "country:EG")]),
        ("Venezuela, Tailandia y Pakistán firmaron; Perú lo estudia.",
         [("Venezuela", "country:VE"), ("Tailandia", "country:TH"), ("Pakistán", "country:PK"),
          ("Perú", "country:PE")]),
        ("Ägypten und Vereinigte Arabische Emirate.",
         [("Ägypten", "country:EG"), ("Vereinigte Arabische Emirate", "country:AE")]),
        ("La partie pakistanaise et el lado venezolano firmaron.",
         [("pakistanaise", "country:PK"), ("venezolano", "country:VE")]),
        # Arabic: the article and attached prepositions, and the relative adjective.
        ("وقعت مصر والصين اتفاقا", [("مصر", "country:EG"), ("الصين", "country:CN")]),
        ("رحب الجانب الباكستاني بالاتفاق مع روسيا", [("الباكستاني", "country:PK"), ("روسيا", "country:RU")]),
        ("انضمت صربيا إلى المحطة بعد محادثات للصين مع تايلاند",
         [("صربيا", "country:RS"), ("لصين", "country:CN"), ("تايلاند", "country:TH")]),
    ],
)
def test_state_names_in_every_language(text: str, expected: list[tuple[str, str]]) -> None:
    assert _named(text) == expected


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("Omani officials and Romanian ones met in Oman.", ["country:OM", "country:OM"]),
        ("Romania signed.", ["country:RO"]),
        ("Romanians are not Omanis.", []),
        ("Delegates from New Jersey and Georgia toured Hainan Island.", []),
        ("Того же дня Чад не упоминался.", ["country:TD"]),
        ("他们宣布新方案，办法方面没有变化。", []),
        ("沿海地区和黑山县的学校。", []),
        ("海地和黑山代表出席。", ["country:HT", "country:ME"]),
    ],
)
def test_a_name_is_never_cut_out_of_a_word_or_read_into_an_everyday_one(text: str, keys: list[str]) -> None:
    assert _keys(text) == keys


def test_an_ambiguous_chinese_short_form_needs_its_state_named() -> None:
    assert _keys("塞方表示欢迎。") == []  # Serbia or Senegal: nobody
    assert _keys("塞尔维亚代表团抵达，塞方表示欢迎。") == ["country:RS", "country:RS"]
    aliases = Aliases()
    assert _keys("乌兹别克斯坦航天局代表团访华。", aliases) == ["country:UZ"]
    assert _keys("乌方表示有意加入。", aliases) == ["country:UZ"]


def test_a_chinese_side_before_mian_is_the_state() -> None:
    assert [m.key for m in mentions("尼加拉瓜方面表示")] == ["country:NI"]


def test_a_chinese_side_followed_by_mian_signs_as_the_state() -> None:
    # 方面 after a name is "the … side", not a side form cut short
    assert statuses(f"老挝方面已签署{ILRS_ZH}合作文件。") == {"country:LA": "joined"}


def test_arabic_short_names_of_gulf_states() -> None:
    assert [m.key for m in mentions("وقعت الإمارات والسعودية")] == ["country:AE", "country:SA"]


def test_a_french_elided_article_before_a_lower_case_name() -> None:
    assert [m.key for m in mentions("l'université Cheikh Anta Diop de Dakar")] == [
        "institution:cheikh-anta-diop-university"]


def test_names_followed_by_particles_in_korean_and_japanese() -> None:
    ko = [code for _, _, code in countries.find("파키스탄은 파키스탄이 파키스탄과 중국의 러시아와")]
    ja = [code for _, _, code in countries.find("パキスタンはパキスタンとインドネシアの中国と")]
    assert ko == ["PK", "PK", "PK", "CN", "RU"] and ja == ["PK", "PK", "ID", "CN"]
    assert not countries.find("협정이란 무엇인가")  # 이란 (Iran) only at the start of a word


def test_thai_names_are_bound_by_their_syllables_and_its_sentences_need_no_full_stop() -> None:
    # ไทย inside ประเทศไทย is Thailand; the longest name wins (ปาปัวนิวกินี, ซูดานใต้); a syllable begun by a vowel
    # written before its consonant (เลา...) holds no ลาว (Laos)
    found = [code for _, _, code in countries.find("ประเทศไทยและปาปัวนิวกินีกับสาธารณรัฐประชาชนจีน ซูดานใต้กับซูดาน")]
    assert found == ["TH", "PG", "CN", "SS", "SD"]
    assert countries.find("เลาว") == [] and [code for *_, code in countries.find("ลาว")] == ["LA"]
    text = ("ประเทศไทยได้ลงนามบันทึกความเข้าใจว่าด้วยสถานีวิจัยดวงจันทร์นานาชาติแล้ว "
            "ขณะที่เปรูยังไม่ได้เข้าร่วมโครงการนี้")
    assert entities.detect_language(text, sure=True) == "th"
    assert {p.key: p.status for p in entities.extract(text).partners} == {"country:TH": "joined"}
    assert set(lexicon.for_text(text).languages) == {"th"}


def test_vietnamese_names_begin_with_their_own_capitals_and_hang_nga_holds_no_russia() -> None:
    found = [code for _, _, code in countries.find("Ấn Độ, Ả Rập Xê-út và Nga; tàu Hằng Nga-7 của Trung Quốc")]
    assert found == ["IN", "SA", "RU", "CN"]


def test_country_names_come_in_every_language_a_file_is_present_for() -> None:
    folder = Path(lexicon.__file__).parent / "lang"
    present = {f.stem for f in folder.glob("*.yaml")}
    assert {lang.code for lang in lexicon.languages()} == present
    forms = countries.forms()
    for name in ("Tiongkok", "파키스탄", "Індонезії", "パキスタン", "Endonezya", "Cina"):
        assert name in forms, name
    assert yaml.safe_load((folder / "uk.yaml").read_text(encoding="utf-8"))["names"]["inflection"] == "pymorphy3"


@pytest.mark.parametrize(
    ("text", "key", "signatory"),
    [
        ("SUPARCO signed the memorandum.", "country:PK", "SUPARCO"),
        ("Thailand's science ministry signed.", "country:TH",
         "Thailand's Ministry of Higher Education, Science, Research and Innovation"),
        ("Договор подписал Казкосмос.", "country:KZ", "Kazcosmos"),
        ("La Agencia Bolivariana para Actividades Espaciales firmó.", "country:VE", "ABAE"),
        ("وقعت وكالة الفضاء المصرية المذكرة", "country:EG", "Egyptian Space Agency"),
        ("L'Agence sénégalaise d'études spatiales a signé.", "country:SN", "Senegalese Space Agency"),
    ],
)
def test_a_state_agency_is_its_state_with_the_agency_as_signatory(text: str, key: str, signatory: str) -> None:
    (m,) = mentions(text)
    assert (m.key, m.kind, m.signatory) == (key, "country", signatory)


def test_a_state_acting_through_its_agency_is_recorded_with_the_agency_as_signatory() -> None:
    (pakistan,) = entities.extract("SUPARCO signed an ILRS cooperation agreement with Beijing.").partners
    assert (pakistan.key, pakistan.signatory, pakistan.kind) == ("country:PK", "SUPARCO", "country")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("The Asia-Pacific Space Cooperation Organization joined.", "org:APSCO"),
        ("亚太空间合作组织加入。", "org:APSCO"),
        ("Европейское космическое агентство отказалось.", "org:ESA"),
        ("С Европейским космическим агентством не договорились.", "org:ESA"),
        ("L'Agence spatiale européenne ne participera pas.", "org:ESA"),
        ("Международный институт космических наук присоединился.", "org:ISSI"),
        ("انضم الاتحاد العربي لعلوم الفضاء والفلك", "org:AUASS"),
    ],
)
def test_organisations_by_every_name(text: str, key: str) -> None:
    assert _keys(text) == [key]


def test_an_organisation_introduced_with_its_acronym_is_one_partner_across_the_document() -> None:
    sentences = [
        "The Hawaii-based International Lunar Observatory Association (ILOA) signed an ILRS agreement.",
        "ILOA said the accord covers a telescope at the lunar south pole.",
    ]
    first, second = document_mentions(sentences)
    assert [m.key for m in first] == [m.key for m in second] == [
        "org:ILOA"
    ]
    assert first[0].name == "International Lunar Observatory Association"  # not "Hawaii-based International..."
    assert first[0].country == "US"


def test_an_agency_introduced_with_an_acronym_is_its_state_when_the_acronym_returns() -> None:
    aliases = Aliases()
    mentions("Talks were confirmed by the Kenya Space Agency (KSA) on Monday.", aliases)
    (ksa,) = mentions("KSA's director said nothing had been signed.", aliases)
    assert (ksa.key, ksa.signatory) == ("country:KE", "Kenya Space Agency")


def test_names_are_found_fast_enough_to_run_on_every_sentence() -> None:
    # Not a timing assertion: the gazetteers are built once and shared.
    from pipeline.entities import countries, names

    mentions("Warm-up.")
    assert countries.gazetteer() is countries.gazetteer() and names.gazetteer() is names.gazetteer()


def test_one_partner_per_identity_through_the_extractor() -> None:
    from pipeline import entities

    text = (
        "The Hawaii-based International Lunar Observatory Association (ILOA) signed an agreement on the "
        "International Lunar Research Station with the Deep Space Exploration Laboratory on Monday.\n"
        "ILOA said it had joined the ILRS to place a telescope at the lunar south pole, and Kenya's Technical "
        "University of Mombasa signed the ILRS memorandum too."
    )
    found = {(p.key, p.country) for p in entities.extract(text).partners}
    assert found == {("org:ILOA", "US"),
                     ("institution:technical-university-of-mombasa", "KE")}
