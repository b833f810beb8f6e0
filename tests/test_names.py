"""Who a sentence names: states in every supported language and form, the gazetteer's bodies with their
acronyms, the founders' own bodies, and the names that are not parties (qualifiers, datelines)."""

from __future__ import annotations

import pytest

from pipeline.entities.names import Aliases, dateline_span, document_mentions, mentions


def _keys(text: str, aliases: Aliases | None = None) -> list[str]:
    return [m.key for m in mentions(text, aliases)]


def _named(text: str) -> list[tuple[str, str]]:
    return [(text[m.start : m.end], m.key) for m in mentions(text)]


# --- States in every language ----------------------------------------------------------------------------------


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


# --- The gazetteer: agencies as their states, organisations, institutions --------------------------------------


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


def test_an_acronym_introduced_after_an_unlisted_institution_names_it_later() -> None:
    aliases = Aliases()
    (tum,) = mentions("The Technical University of Mombara (TUMB) signed the ILRS memorandum.", aliases)
    assert tum.key == "institution:technical-university-of-mombara"
    assert _keys("TUMB will send two researchers.", aliases) == [tum.key]
    assert _keys("TUMB will send two researchers.") == []  # another document knows nothing of it


def test_an_agency_introduced_with_an_acronym_is_its_state_when_the_acronym_returns() -> None:
    aliases = Aliases()
    mentions("Talks were confirmed by the Kenya Space Agency (KSA) on Monday.", aliases)
    (ksa,) = mentions("KSA's director said nothing had been signed.", aliases)
    assert (ksa.key, ksa.signatory) == ("country:KE", "Kenya Space Agency")


# --- The founders' own bodies are China and Russia -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key", "signatory"),
    [
        ("CNSA hosted the talks.", "country:CN", "CNSA"),
        ("The China National Space Administration (CNSA) hosted the talks.", "country:CN", "CNSA"),
        ("Roscosmos hosted the talks.", "country:RU", "Roscosmos"),
        ("Переговоры провела Госкорпорация «Роскосмос».", "country:RU", "Roscosmos"),
        ("Документ подписали с Роскосмосом.", "country:RU", "Roscosmos"),
        ("It signed with the Deep Space Exploration Laboratory (DSEL).", "country:CN",
         "Deep Space Exploration Laboratory"),
        ("DSEL signed.", "country:CN", "Deep Space Exploration Laboratory"),
        ("深空探测实验室与该校签署协议。", "country:CN", "Deep Space Exploration Laboratory"),
        ("The Chinese Academy of Sciences signed.", "country:CN", "Chinese Academy of Sciences"),
        ("Соглашение подписала Российская академия наук.", "country:RU", "Russian Academy of Sciences"),
        ("Директор ИКИ РАН выступил.", "country:RU", "Space Research Institute of the Russian Academy of Sciences"),
    ],
)
def test_the_founders_bodies_are_their_states_never_partners_of_their_own(text: str, key: str, signatory: str) -> None:
    (m,) = mentions(text)
    assert (m.key, m.kind, m.signatory) == (key, "country", signatory)


# --- Names that are not parties: an institution's country, a dateline ------------------------------------------


@pytest.mark.parametrize(
    ("text", "institution", "country"),
    [
        ("Kenya's Technical University of Mombasa signed the ILRS memorandum.",
         "institution:technical-university-of-mombasa", "KE"),
        ("The University of Peshawar in Pakistan signed the ILRS memorandum.", "institution:university-of-peshawar",
         "PK"),
        ("Kazan Federal University (Russia) joined the ILRS.", "institution:kazan-federal-university", "RU"),
        # an institution the gazetteer lists is keyed by its English name, one it does not by the name as written
        ("La Universidad de Peshawar, en Pakistán, firmó el memorando.", "institution:university-of-peshawar", "PK"),
        ("La Universidad de Karachi, en Pakistán, firmó el memorando.", "institution:university-of-karachi", "PK"),
        ("L'Université de Nairobi (Kenya) a signé.", "institution:university-of-nairobi", "KE"),
        ("The Lahore Institute of Planetary Science, Pakistan, joined the ILRS.",
         "institution:lahore-institute-of-planetary-science", "PK"),
    ],
)
def test_an_institutions_country_qualifies_it_and_is_no_party(text: str, institution: str, country: str) -> None:
    (m,) = mentions(text)
    assert (m.key, m.country) == (institution, country)
    roles = {x.key: x.role for x in mentions(text, roles=True)}
    assert roles[f"country:{country}"] == "qualifier"


def test_a_country_adjective_on_a_generic_institution_is_no_party() -> None:
    assert _keys("The Kenyan institute joined the ILRS.") == []
    assert _keys("Кенийские учёные присоединились.") == []
    assert _keys("The Kenyan side joined the ILRS.") == ["country:KE"]
    assert _keys("Serbia and companies from Kenya joined.") == ["country:RS", "country:KE"]


def test_a_country_listed_beside_an_institution_is_still_a_party() -> None:
    text = "Pakistan and the University of Peshawar signed, as did Serbia."
    assert _keys(text) == ["country:PK", "institution:university-of-peshawar", "country:RS"]


@pytest.mark.parametrize(
    ("text", "after"),
    [
        ("LEYLAND, United Kingdom — A Lancashire firm signed up to the ILRS.", "A Lancashire"),
        ("MOSCOW, June 30 (Reuters) - Serbia signed the ILRS statement.", "Serbia"),
        ("DJIBOUTI - Djibouti signed the ILRS memorandum.", "Djibouti signed"),
        ("ПЕКИН, 12 мая. /ТАСС/. Пакистан подписал соглашение.", "Пакистан"),
        ("新华社北京3月3日电 巴基斯坦签署协议。", "巴基斯坦"),
        ("PÉKIN (AFP) - Le Sénégal a signé.", "Le Sénégal"),
        ("موسكو (رويترز) - وقعت صربيا الاتفاق", "وقعت"),
    ],
)
def test_a_dateline_is_no_mention(text: str, after: str) -> None:
    span = dateline_span(text)
    assert span is not None and text[span[1] :].startswith(after)
    assert all(m.start >= span[1] for m in mentions(text))


def test_a_state_in_a_dateline_is_marked_as_such() -> None:
    text = "LEYLAND, United Kingdom — A Lancashire firm signed up to the ILRS."
    assert [(m.key, m.role) for m in mentions(text, roles=True)] == [("country:GB", "dateline")]


@pytest.mark.parametrize(
    "text",
    [
        "ESA — the European agency — declined.",
        "Serbia signed the ILRS statement in Belgrade.",
        "Пакистан подписал соглашение 12 мая.",
    ],
)
def test_a_sentence_that_opens_with_a_name_has_no_dateline(text: str) -> None:
    assert dateline_span(text) is None


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


def test_a_chinese_run_of_institutions_is_cut_at_list_joints_never_inside_a_name() -> None:
    text = "签约机构包括清华大学与某国立技术研究所以及哈尔滨工业大学。"
    keys = [m.key for m in mentions(text)]
    assert keys == ["institution:清华大学", "institution:哈尔滨工业大学"]  # 某… names no one


def test_a_state_written_straight_before_a_chinese_institution_places_it() -> None:
    found = mentions("印度尼西亚万隆理工学院", roles=True)
    assert [(m.key, m.role) for m in found] == [("country:ID", "qualifier"),
                                                  ("institution:bandung-institute-of-technology", None)]
    assert found[1].country == "ID"


@pytest.mark.parametrize(
    "text",
    ["Новосибирским государственным университетом", "新西伯利亚国立大学", "Novosibirsk State University"],
)
def test_an_institution_is_one_key_in_every_language(text: str) -> None:
    assert [m.key for m in mentions(text)] == ["institution:novosibirsk-state-university"]


def test_a_french_elided_article_before_a_lower_case_name() -> None:
    assert [m.key for m in mentions("l'université Cheikh Anta Diop de Dakar")] == [
        "institution:cheikh-anta-diop-university"]


def test_arabic_short_names_of_gulf_states() -> None:
    assert [m.key for m in mentions("وقعت الإمارات والسعودية")] == ["country:AE", "country:SA"]


def test_a_chinese_side_before_mian_is_the_state() -> None:
    assert [m.key for m in mentions("尼加拉瓜方面表示")] == ["country:NI"]


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


def test_a_chinese_name_that_begins_with_a_word_like_a_joint_is_kept_whole() -> None:
    assert [m.key for m in mentions("同济大学与复旦大学签署")] == ["institution:同济大学", "institution:复旦大学"]


@pytest.mark.parametrize(
    "text",
    ["University of Peshawar", "白沙瓦大学", "Пешаварского университета", "جامعة بيشاور", "l'Université de Peshawar"],
)
def test_a_known_university_is_one_key_in_six_languages(text: str) -> None:
    assert [m.key for m in mentions(text)] == ["institution:university-of-peshawar"]
