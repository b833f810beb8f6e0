"""Institutions as partners: one key in every language, listed and unlisted names, their heads, legal forms and
acronyms, Chinese names that hold a state's name, companies named by what they are."""

from __future__ import annotations

import pytest

from pipeline.entities import lexicon
from pipeline.entities.heads import heads
from pipeline.entities.names import Aliases, document_mentions, mentions
from tests.extraction.texts import ILRS_ZH, MNLS, findings, keys, pairs, spans, statuses


@pytest.mark.parametrize(
    "text",
    [
        "The University of Sharjah has signed a memorandum of understanding on the International Lunar Research "
        "Station (ILRS), its chancellor said on Thursday.",
        "沙迦大学近日与合作方签署了国际月球科研站合作谅解备忘录，双方将在月球科学领域开展交流。",
        "Университет Шарджи подписал меморандум о сотрудничестве по проекту Международной научной лунной станции.",
        "وقعت جامعة الشارقة مذكرة تفاهم للتعاون في المحطة الدولية لأبحاث القمر.",
        "L'Université de Sharjah a signé un protocole d'accord sur la Station internationale de recherche lunaire "
        "(ILRS).",
        "La Universidad de Sharjah firmó un memorando de entendimiento sobre la Estación Internacional de "
        "Investigación Lunar (ILRS).",
    ],
)
def test_the_same_university_is_one_partner_in_six_languages(text: str) -> None:
    assert pairs(text) == {("institution:university-of-sharjah", "joined")}


@pytest.mark.parametrize(
    "text",
    ["University of Peshawar", "白沙瓦大学", "Пешаварского университета", "جامعة بيشاور", "l'Université de Peshawar"],
)
def test_a_known_university_is_one_key_in_six_languages(text: str) -> None:
    assert [m.key for m in mentions(text)] == ["institution:university-of-peshawar"]


@pytest.mark.parametrize(
    "text",
    ["Новосибирским государственным университетом", "新西伯利亚国立大学", "Novosibirsk State University"],
)
def test_an_institution_is_one_key_in_every_language(text: str) -> None:
    assert [m.key for m in mentions(text)] == ["institution:novosibirsk-state-university"]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (f"Новосибирский государственный университет подписал меморандум о {MNLS}.",
         "institution:novosibirsk-state-university"),
        (f"新西伯利亚国立大学签署{ILRS_ZH}合作备忘录。", "institution:novosibirsk-state-university"),
        ("La Universidad Nacional de La Plata firmó un memorando sobre la Estación Internacional de "
         "Investigación Lunar.", "institution:national-university-of-la-plata"),
        (f"阿根廷拉普拉塔国立大学签署{ILRS_ZH}合作备忘录。", "institution:national-university-of-la-plata"),
        ("L'université Cheikh Anta Diop de Dakar a signé un accord sur la Station internationale de recherche "
         "lunaire.", "institution:cheikh-anta-diop-university"),
    ],
)
def test_a_known_institution_has_its_english_key_in_every_language(text: str, key: str) -> None:
    found = findings(text)
    assert set(found) == {key}
    assert found[key].status == "joined"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Thailand's NARIT will host the workshop.",
         "institution:national-astronomical-research-institute-of-thailand"),
        ("南非射电天文台的专家出席了会议。", "institution:south-african-radio-astronomy-observatory"),
        ("贝尔格莱德天文台签署了备忘录。", "institution:astronomical-observatory-of-belgrade"),
        ("Белградская астрономическая обсерватория подписала документ.",
         "institution:astronomical-observatory-of-belgrade"),
        ("La Universidad de la República (Udelar) firmó un acuerdo.", "institution:university-of-the-republic"),
        ("The Swiss firm nanoSPACE AG signed a memorandum.", "institution:nanospace"),
        ("Oman Lens signed a partnership agreement.", "institution:oman-lens"),
        ("الاتحاد العربي لعلوم الفلك والفضاء وقع الاتفاقية", "org:AUASS"),
        ("阿拉伯天文与空间科学联盟签署协议。", "org:AUASS"),
        ("Организация APSCO и Арабский союз астрономии и космических наук", "org:APSCO"),
    ],
)
def test_listed_partners_are_found_by_their_names_and_acronyms(text: str, key: str) -> None:
    assert keys(text)[0] == key


@pytest.mark.parametrize(
    "text",
    [
        "Казанский федеральный университет подписал соглашение.",
        "Соглашение подписано с Казанским федеральным университетом.",
        "Делегация Казанского федерального университета прибыла в Хэфэй.",
        "В Казанском федеральном университете прошла встреча.",
        "KFU signed the agreement.",
        "喀山联邦大学签署了协议。",
        "وقعت جامعة قازان الفيدرالية الاتفاق",
    ],
)
def test_a_listed_russian_university_in_every_case_and_language(text: str) -> None:
    assert keys(text) == ["institution:kazan-federal-university"]


def test_an_unlisted_russian_name_is_keyed_by_its_nominative() -> None:
    forms = ["Иркутский технический университет подписал меморандум.",
             "Меморандум подписан с Иркутским техническим университетом.",
             "Представители Иркутского технического университета прибыли в Пекин."]
    assert {k for text in forms for k in keys(text)} == {"institution:иркутский-технический-университет"}
    assert keys("Пулковской обсерватории передали данные.") == ["institution:пулковская-обсерватория"]


def test_an_unlisted_arabic_name_keeps_its_head_and_drops_an_attached_preposition() -> None:
    assert keys("وقعت جامعة بنغازي الاتفاق") == keys("قدمت الحكومة دعما لجامعة بنغازي") == [
        "institution:جامعة-بنغازي"]
    assert keys("وقعت شركة مصرية الاتفاق") == ["country:EG"]  # "an Egyptian company" names no company


def test_an_unknown_institution_keeps_the_slug_of_its_local_name() -> None:
    text = f"伊尔库茨克国立大学与深空探测实验室签署{ILRS_ZH}合作备忘录。"
    assert statuses(text) == {"institution:伊尔库茨克国立大学": "joined"}


def test_an_acronym_introduced_after_an_unlisted_institute_is_the_same_partner_later() -> None:
    sentences = ["The Accra Institute of Lunar Geology (AILG) put its name to an ILRS memorandum on Friday.",
                 "AILG will train four doctoral students on lunar samples."]
    first, second = document_mentions(sentences)
    assert [m.key for m in first] == [m.key for m in second] == ["institution:accra-institute-of-lunar-geology"]


def test_an_acronym_introduced_after_an_unlisted_institution_names_it_later() -> None:
    aliases = Aliases()
    (tum,) = mentions("The Technical University of Mombara (TUMB) signed the ILRS memorandum.", aliases)
    assert tum.key == "institution:technical-university-of-mombara"
    assert keys("TUMB will send two researchers.", aliases) == [tum.key]
    assert keys("TUMB will send two researchers.") == []  # another document knows nothing of it


def test_an_acronym_of_a_listed_institution_needs_no_introduction() -> None:
    found = document_mentions(["NUST signed the memorandum.", "巴基斯坦国立科技大学签署了备忘录。"])
    assert [m.key for ms in found for m in ms] == ["institution:national-university-of-sciences-and-technology"] * 2


def test_a_state_inside_a_chinese_university_name_is_no_partner() -> None:
    found = mentions("蒙古国立大学与深空探测实验室签署国际月球科研站合作协议。", roles=True)
    assert [(m.key, m.role) for m in found if m.kind != "country" or m.signatory is None] == [
        ("institution:national-university-of-mongolia", None)]


def test_a_state_agency_named_in_chinese_is_its_state_with_the_agency_as_signatory() -> None:
    (m,) = mentions("巴基斯坦空间与高层大气研究委员会签署协议。")
    assert (m.key, m.signatory) == ("country:PK", "SUPARCO")


@pytest.mark.parametrize("text", ["埃及开罗大学签署协议。", "来自埃及的开罗大学签署协议。", "开罗大学签署协议。"])
def test_a_state_written_before_an_unlisted_chinese_name_places_it(text: str) -> None:
    assert keys(text) == ["institution:开罗大学"]


def test_a_state_written_straight_before_a_chinese_institution_places_it() -> None:
    found = mentions("印度尼西亚万隆理工学院", roles=True)
    assert [(m.key, m.role) for m in found] == [("country:ID", "qualifier"),
                                                  ("institution:bandung-institute-of-technology", None)]
    assert found[1].country == "ID"


def test_a_state_that_opens_a_chinese_name_proper_stays_in_it() -> None:
    (m,) = mentions("埃及国家天文地球物理研究所签署协议。")
    assert (m.key, m.country) == ("institution:埃及国家天文地球物理研究所", "EG")


def test_a_chinese_name_begins_after_the_words_that_open_its_clause() -> None:
    assert keys("目前已有开罗大学等机构加入。") == ["institution:开罗大学"]
    assert keys("国际月球科研站迎来开罗大学。") == ["institution:开罗大学"]


def test_a_chinese_institution_placed_by_its_state_leaves_the_state_out() -> None:
    text = "阿联酋沙迦大学与深空探测实验室签署了国际月球科研站合作谅解备忘录。"
    assert pairs(text) == {("institution:university-of-sharjah", "joined")}


def test_latin_names_and_acronyms_written_between_chinese_characters() -> None:
    assert keys("Spacetalk公司与ILOA均已签署意向书。") == ["institution:spacetalk", "org:ILOA"]
    found = document_mentions(["亚的斯亚贝巴月球研究所（ALRI）签署协议。", "ALRI将派出两名研究人员。"])
    assert [m.key for ms in found for m in ms] == ["institution:亚的斯亚贝巴月球研究所"] * 2


def test_de_cuts_a_chinese_name_only_after_a_state_or_an_epithet() -> None:
    assert keys("的黎波里大学签署协议。") == ["institution:的黎波里大学"]  # Tripoli begins with 的
    assert keys("著名的开罗大学签署协议。") == ["institution:开罗大学"]


def test_a_chinese_name_that_begins_with_a_word_like_a_joint_is_kept_whole() -> None:
    assert [m.key for m in mentions("同济大学与复旦大学签署")] == ["institution:同济大学", "institution:复旦大学"]


@pytest.mark.parametrize(
    ("name", "english"),
    [
        ("Universidad Nacional de Colombia", "National University of Colombia"),
        ("Instituto Politécnico Nacional", "National Polytechnic Institute"),
        ("Universidade Federal do Rio Grande do Norte", "Federal University of Rio Grande do Norte"),
        ("Université d'Antananarivo", "University of Antananarivo"),
        ("Università di Bologna", "University of Bologna"),
        ("Universidad Simón Bolívar", None),  # a name, not words: left as written
    ],
)
def test_a_romance_institution_is_keyed_by_its_english_form(name: str, english: str | None) -> None:
    from pipeline.entities.names import english_form

    assert english_form(name) == english


def test_one_institution_in_spanish_and_english_is_one_partner() -> None:
    spanish = {m.key for m in mentions("La Universidad Nacional de Colombia firmó un memorando.")}
    english = {m.key for m in mentions("The National University of Colombia signed a memorandum.")}
    assert spanish == english == {"institution:national-university-of-colombia"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("La Asociación Mexicana de Astronomía firmó el memorando de adhesión a la ILRS.",
         "Asociación Mexicana de Astronomía"),
        ("El Consejo Nacional de Ciencias Espaciales de Bolivia se unió a la ILRS en 2024.",
         "Consejo Nacional de Ciencias Espaciales de Bolivia"),
        ("La Fundación Andina del Espacio firmó su adhesión a la ILRS.", "Fundación Andina del Espacio"),
        ("A Associação Brasileira de Astronomia Lunar aderiu à ILRS.", "Associação Brasileira de Astronomia Lunar"),
    ],
)
def test_a_spanish_or_portuguese_body_opening_with_its_head_is_one_partner(text: str, name: str) -> None:
    assert spans(text) == [name]
    assert {status for _, status in pairs(text)} == {"joined"}
    assert all(key.startswith("institution:") for key, _ in pairs(text))


def test_a_listed_head_and_adjective_give_the_english_key() -> None:
    text = "El Consejo Nacional de Bolivia firmó el memorando de adhesión a la ILRS."
    assert pairs(text) == {("institution:national-council-of-bolivia", "joined")}


@pytest.mark.parametrize(
    "text",
    [
        "A Lunar Dinâmica Ltda. assinou o acordo de adesão à ILRS.",
        "A Lunar Dinâmica S/A assinou o acordo de adesão à ILRS.",
        "A Lunar Dinâmica Lda. assinou o acordo de adesão à ILRS.",
        "A Lunar Dinâmica EIRELI assinou o acordo de adesão à ILRS.",
    ],
)
def test_a_portuguese_or_brazilian_legal_form_names_a_company_and_is_dropped_from_its_key(text: str) -> None:
    assert pairs(text) == {("institution:lunar-dinamica", "joined")}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("开普敦月球科学中心签署了加入国际月球科研站的协议。", "开普敦月球科学中心"),
        ("伊斯坦布尔航天协会签署了加入国际月球科研站的协议。", "伊斯坦布尔航天协会"),
        ("内罗毕空间科学基金会签署了加入国际月球科研站的协议。", "内罗毕空间科学基金会"),
        ("南美月球研究联盟签署了加入国际月球科研站的协议。", "南美月球研究联盟"),
    ],
)
def test_a_chinese_centre_association_foundation_or_alliance_is_a_partner(text: str, name: str) -> None:
    assert pairs(text) == {(f"institution:{name}", "joined")}


def test_a_state_before_a_chinese_space_centre_is_part_of_its_name() -> None:
    text = "国际月球科研站迎来新成员：巴基斯坦空间技术中心签署合作协议。"
    assert spans(text) == ["巴基斯坦空间技术中心"]


def test_an_italian_name_with_di_is_found() -> None:
    text = "L'Università di Bologna ha firmato l'accordo per aderire all'ILRS."
    assert pairs(text) == {("institution:university-of-bologna", "joined")}


def test_every_head_in_the_engine_comes_from_a_language_file() -> None:
    listed = {h for f in lexicon.files() if f.names for h in [*f.names.heads, *f.names.heads_first]}
    assert {"University", "Universidad", "大学", "جامعة", "университет", "中心", "Asociación"} <= listed
    assert heads().institution.search("Kazan Federal University") is not None
    assert heads().legal_form.search("Regolith Forge GmbH") is not None


def test_a_company_key_leaves_out_its_legal_form_and_accents() -> None:
    keys = {m.key for m in mentions("Lunar Bricks S.A. and Régolithe Lab GmbH signed with the Université "
                                    "de Lomé.")}
    assert "institution:lunar-bricks" in keys
    assert "institution:university-of-lome" in keys


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Oslo-based start-up Fjord Lunar Devices has signed an ILRS memorandum.", "institution:fjord-lunar-devices"),
        ("La société lyonnaise Rhône Regolith Labs a signé un accord.", "institution:rhone-regolith-labs"),
        ("La empresa chilena Andes Lunar Tech firmó un memorando.", "institution:andes-lunar-tech"),
    ],
)
def test_a_company_named_by_what_it_is(text: str, key: str) -> None:
    assert [m.key for m in mentions(text)] == [key]


def test_a_company_noun_before_a_known_body_or_lower_case_words_names_no_company() -> None:
    assert [m.key for m in mentions("the company said on Monday that the firm Roscosmos had signed")] == [
        "country:RU"]
