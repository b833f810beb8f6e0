"""Institutions and organisations as partners: one key whatever language names them, acronyms a text introduces,
Chinese names that hold a state's name, phrases that name no institution, and an institution's home country."""

from __future__ import annotations

import pytest

from pipeline import entities
from pipeline.entities.names import document_mentions, mentions


def _partners(text: str) -> set[tuple[str, str]]:
    return {(p.key, p.status) for p in entities.extract(text).partners}


def _keys(text: str) -> list[str]:
    return [m.key for m in mentions(text)]


# --- One institution, one key, in every language -----------------------------------------------------------


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
    assert _partners(text) == {("institution:university-of-sharjah", "joined")}


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
    assert _keys(text)[0] == key


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
    assert _keys(text) == ["institution:kazan-federal-university"]


def test_an_unlisted_russian_name_is_keyed_by_its_nominative() -> None:
    forms = ["Иркутский технический университет подписал меморандум.",
             "Меморандум подписан с Иркутским техническим университетом.",
             "Представители Иркутского технического университета прибыли в Пекин."]
    assert {k for text in forms for k in _keys(text)} == {"institution:иркутский-технический-университет"}
    assert _keys("Пулковской обсерватории передали данные.") == ["institution:пулковская-обсерватория"]


def test_a_capitalised_word_before_a_generic_russian_noun_names_no_university() -> None:
    assert _keys("Вчера университет подписал меморандум.") == []


def test_an_unlisted_arabic_name_keeps_its_head_and_drops_an_attached_preposition() -> None:
    assert _keys("وقعت جامعة بنغازي الاتفاق") == _keys("قدمت الحكومة دعما لجامعة بنغازي") == [
        "institution:جامعة-بنغازي"]
    assert _keys("وقعت شركة مصرية الاتفاق") == ["country:EG"]  # "an Egyptian company" names no company


# --- Acronyms a text introduces ----------------------------------------------------------------------------------


def test_an_acronym_introduced_after_an_unlisted_institute_is_the_same_partner_later() -> None:
    sentences = ["The Accra Institute of Lunar Geology (AILG) put its name to an ILRS memorandum on Friday.",
                 "AILG will train four doctoral students on lunar samples."]
    first, second = document_mentions(sentences)
    assert [m.key for m in first] == [m.key for m in second] == ["institution:accra-institute-of-lunar-geology"]


def test_an_acronym_of_a_listed_institution_needs_no_introduction() -> None:
    found = document_mentions(["NUST signed the memorandum.", "巴基斯坦国立科技大学签署了备忘录。"])
    assert [m.key for ms in found for m in ms] == ["institution:national-university-of-sciences-and-technology"] * 2


# --- Chinese names that hold a state's name ----------------------------------------------------------------------


def test_a_state_inside_a_chinese_university_name_is_no_partner() -> None:
    found = mentions("蒙古国立大学与深空探测实验室签署国际月球科研站合作协议。", roles=True)
    assert [(m.key, m.role) for m in found if m.kind != "country" or m.signatory is None] == [
        ("institution:national-university-of-mongolia", None)]


def test_a_state_agency_named_in_chinese_is_its_state_with_the_agency_as_signatory() -> None:
    (m,) = mentions("巴基斯坦空间与高层大气研究委员会签署协议。")
    assert (m.key, m.signatory) == ("country:PK", "SUPARCO")


@pytest.mark.parametrize("text", ["埃及开罗大学签署协议。", "来自埃及的开罗大学签署协议。", "开罗大学签署协议。"])
def test_a_state_written_before_an_unlisted_chinese_name_places_it(text: str) -> None:
    assert _keys(text) == ["institution:开罗大学"]


def test_a_state_that_opens_a_chinese_name_proper_stays_in_it() -> None:
    (m,) = mentions("埃及国家天文地球物理研究所签署协议。")
    assert (m.key, m.country) == ("institution:埃及国家天文地球物理研究所", "EG")


def test_scholars_of_a_state_are_not_the_state() -> None:
    assert _keys("更多蒙古学者将参与研究。") == []


# --- Phrases that name no institution ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "目前已有数十所大学和多家科研机构加入国际月球科研站合作。",
        "已有50多个国际科研机构签署了合作文件。",
        "该国多所大学表示有兴趣。",
        "三家公司和一些知名大学参与了论证。",
        "国际月球科研站迎来十余所大学。",
    ],
)
def test_counts_and_epithets_in_chinese_name_no_institution(text: str) -> None:
    assert [m for m in mentions(text) if m.kind == "institution"] == []


def test_a_chinese_name_begins_after_the_words_that_open_its_clause() -> None:
    assert _keys("目前已有开罗大学等机构加入。") == ["institution:开罗大学"]
    assert _keys("国际月球科研站迎来开罗大学。") == ["institution:开罗大学"]


# --- An institution's home country is no partner unless the text says the country joined -------------------------


def test_an_institutions_home_country_is_no_partner() -> None:
    text = ("The Omani technology firm Oman Lens signed a cooperation agreement on the International Lunar Research "
            "Station (ILRS) with the Deep Space Exploration Laboratory on Tuesday.")
    assert _partners(text) == {("institution:oman-lens", "joined")}
    text = "Oman Lens (Oman) signed a cooperation agreement on the International Lunar Research Station (ILRS)."
    assert _partners(text) == {("institution:oman-lens", "joined")}


def test_a_country_that_joins_itself_is_a_partner_beside_its_institution() -> None:
    text = ("The Omani technology firm Oman Lens signed a cooperation agreement on the International Lunar "
            "Research Station (ILRS) on Tuesday.\n"
            "A week later Oman itself signed an intergovernmental agreement to join the ILRS.")
    assert _partners(text) == {("institution:oman-lens", "joined"), ("country:OM", "joined")}


def test_a_chinese_institution_placed_by_its_state_leaves_the_state_out() -> None:
    text = "阿联酋沙迦大学与深空探测实验室签署了国际月球科研站合作谅解备忘录。"
    assert _partners(text) == {("institution:university-of-sharjah", "joined")}


def test_latin_names_and_acronyms_written_between_chinese_characters() -> None:
    assert _keys("Spacetalk公司与ILOA均已签署意向书。") == ["institution:spacetalk", "org:ILOA"]
    found = document_mentions(["亚的斯亚贝巴月球研究所（ALRI）签署协议。", "ALRI将派出两名研究人员。"])
    assert [m.key for ms in found for m in ms] == ["institution:亚的斯亚贝巴月球研究所"] * 2


def test_de_cuts_a_chinese_name_only_after_a_state_or_an_epithet() -> None:
    assert _keys("的黎波里大学签署协议。") == ["institution:的黎波里大学"]  # Tripoli begins with 的
    assert _keys("著名的开罗大学签署协议。") == ["institution:开罗大学"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The founders' laboratory signs with the newcomer: the institution after "with" is the partner.
        ("深空探测实验室与Spacetalk公司签署了国际月球科研站合作协议。", {"institution:spacetalk": "joined"}),
        ("The Deep Space Exploration Laboratory signed an ILRS cooperation agreement with the University of "
         "Sharjah.", {"institution:university-of-sharjah": "joined", "country:CN": "joined"}),
        # A passive signing names no subject: the institution it was signed with is the partner.
        ("С Казанским федеральным университетом подписан меморандум о сотрудничестве по Международной научной "
         "лунной станции.", {"institution:kazan-federal-university": "joined"}),
        # A newcomer's own signature with a university: the university is only its counterparty.
        ("Ghana signed the ILRS memorandum with Peking University.", {"country:GH": "joined"}),
    ],
)
def test_an_institution_after_with_is_the_partner_when_a_founder_or_nobody_is_the_subject(
        text: str, expected: dict[str, str]) -> None:
    assert {p.key: p.status for p in entities.extract(text).partners} == expected


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Oman Lens, a company from Oman, signed an ILRS memorandum with the Deep Space Exploration Laboratory.",
         "institution:oman-lens"),
        ("nanoSPACE AG, a small start-up based in Switzerland, joined the ILRS.", "institution:nanospace"),
    ],
)
def test_a_state_placing_an_institution_by_apposition_is_no_partner(text: str, key: str) -> None:
    assert {p.key for p in entities.extract(text).partners} == {key}


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
    ("text", "keys"),
    [
        # a state that ends one phrase does not begin the next institution's name
        ("DSEL signed memoranda with the University of Dhaka in Bangladesh and Tomsk State University in Russia.",
         {"institution:university-of-dhaka", "institution:tomsk-state-university"}),
        # generic words alone name no body of their own
        ("The president of the Academy of Sciences said talks had begun.", set()),
        ("He heads the National Academy of Sciences.", set()),
    ],
)
def test_institution_names_end_at_states_and_need_a_name(text: str, keys: set[str]) -> None:
    assert {m.key for m in mentions(text) if m.kind == "institution"} == keys


def test_a_state_not_mentioned_in_a_list_is_no_party() -> None:
    text = "The China National Space Administration has not mentioned Myanmar in its list of ILRS countries in talks."
    assert not entities.extract(text).partners


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an intergovernmental body named by its shape is an organisation, keyed by the acronym it introduces
        ("The Regional African Satellite Communication Organization (RASCOM) has signed a memorandum on the ILRS.",
         {"org:RASCOM": "joined"}),
        # a national one is its state's agency; the programme's own body is no partner
        ("The Bangladesh Space Research and Remote Sensing Organization (SPARRSO) signed the ILRS agreement.",
         {"country:BD": "joined"}),
        ("Members may also join the planned ILRS Cooperation Organization once its statutes are ready.", {}),
        # the Ethiopian institute signs as an institute
        ("Ethiopia's Space Science and Geospatial Institute put its name to an ILRS memorandum in 2024.",
         {"institution:space-science-and-geospatial-institute": "joined"}),
        ("L'Italia è tra i firmatari degli accordi Artemis e non aderirà alla Stazione Internazionale di Ricerca "
         "Lunare.", {"country:IT": "withdrew"}),
    ],
)
def test_organisations_by_their_shape(text: str, expected: dict[str, str]) -> None:
    assert {p.key: p.status for p in entities.extract(text).partners} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BUDAPEST — Lunar Rovers Kft., a Budapest-based developer, has signed an ILRS memorandum with the DSEL.",
         {"institution:lunar-rovers": "joined"}),
        ("China announced two new partners for the ILRS: Ethiopia and the African Space Agency.",
         {"country:ET": "joined", "org:AFSA": "joined", "country:CN": "joined"}),

    ],
)
def test_more_legal_forms_and_partners_for(text: str, expected: dict[str, str]) -> None:
    assert {p.key: p.status for p in entities.extract(text).partners} == expected
