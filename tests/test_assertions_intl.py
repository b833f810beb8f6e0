"""Non-English wording classes: what a Russian, Chinese, Arabic, Spanish or French clause asserts about a
partner, and which names are one partner across languages. Sentences are our own, one per class of wording."""

from __future__ import annotations

import pytest

from pipeline import entities
from pipeline.records import PartnerFinding

MNLS = "Международной научной лунной станции"
ILRS_AR = "المحطة الدولية لأبحاث القمر"
ILRS_ZH = "国际月球科研站"


def _found(text: str) -> dict[str, str]:
    return {p.key: p.status for p in entities.extract(text).partners}


def _partners(text: str) -> dict[str, PartnerFinding]:
    return {p.key: p for p in entities.extract(text).partners}


# (text, partner, status); status None: the text says nothing of the partner's ILRS status.
CASES = [
    # Arabic: studying or considering joining is talks; the verbal noun "joining" is not a completed act.
    (f"قالت الحكومة إن الأردن تدرس الانضمام إلى {ILRS_AR}.", "country:JO", "negotiating"),
    (f"أكد الوزير أن ملف انضمام الأردن إلى {ILRS_AR} قيد الدراسة.", "country:JO", "negotiating"),
    (f"تلقت الأردن دعوة رسمية للانضمام إلى {ILRS_AR}.", "country:JO", "negotiating"),
    (f"وكانت الكويت قد انضمت إلى {ILRS_AR} في العام الماضي.", "country:KW", "joined"),
    (f"انضمت الإمارات إلى {ILRS_AR} قبل عامين.", "country:AE", "joined"),
    (f"يضم مشروع {ILRS_AR} دولاً من بينها باكستان وأذربيجان.", "country:AZ", "joined"),
    # Russian: "выходит на новый уровень" is no exit; "участвует" is membership; "а также с" continues a list.
    (f"Сотрудничество с Лаосом в рамках {MNLS} выходит на новый уровень.", "country:LA", None),
    (f"Лаос участвует в проекте {MNLS} с прошлого года.", "country:LA", "joined"),
    (f"Соглашения по {MNLS} подписаны с Египтом и Таиландом, а также с Сербией.", "country:RS", "joined"),
    (f"Проект {MNLS} объединяет уже десять государств; среди них Белоруссия и Египет.", "country:BY", "joined"),
    (f"Монголия вышла из {MNLS} в прошлом месяце.", "country:MN", "withdrew"),
    (f"В Минобрнауки Лаоса от комментариев по {MNLS} отказались.", "country:LA", None),
    # Chinese: 无意加入 / 不感兴趣 refuse; 希望…参与 is interest; 欢迎乙加入 and 就乙参与…事宜 are not joined.
    (f"老挝官员表示，老方无意加入{ILRS_ZH}。", "country:LA", "withdrew"),
    (f"蒙古国官员表示，蒙方对{ILRS_ZH}不感兴趣。", "country:MN", "withdrew"),
    (f"尼泊尔官员表示，该国希望“在条件成熟时”参与{ILRS_ZH}合作。", "country:NP", "interested"),
    (f"中方欢迎老挝加入{ILRS_ZH}。", "country:LA", "negotiating"),
    (f"双方就老挝参与{ILRS_ZH}事宜交换意见。", "country:LA", "negotiating"),
    (f"中国国家航天局10日与老挝方面签署{ILRS_ZH}合作备忘录。", "country:LA", "joined"),
    # Spanish: a scheduled signature is negotiating, not a plan.
    ("Uruguay prevé firmar el mes próximo su adhesión a la Estación Internacional de Investigación Lunar.",
     "country:UY", "negotiating"),
    ("Chile planea unirse a la Estación Internacional de Investigación Lunar.", "country:CL", "interested"),
    # French: instruments on a Chang'e probe are a payload, not a membership.
    ("Plusieurs États membres, dont la Belgique, ont fourni des instruments aux sondes Chang'e de la Station "
     "internationale de recherche lunaire.", "country:BE", None),
]


@pytest.mark.parametrize(("text", "key", "status"), CASES)
def test_wording_classes_outside_english(text: str, key: str, status: str | None) -> None:
    assert _found(text).get(key) == status


def test_a_chinese_side_followed_by_mian_is_the_state() -> None:
    # 方面 after a name is "the … side", not a side form cut short
    assert _found(f"老挝方面已签署{ILRS_ZH}合作文件。") == {"country:LA": "joined"}


def test_founders_initiating_the_station_is_their_lead_never_news() -> None:
    text = f"{ILRS_ZH}由中国发起，目前已有十多个国家签署合作文件。"
    assert _found(text)["country:CN"] == "joined"




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
    found = _partners(text)
    assert set(found) == {key}
    assert found[key].status == "joined"


def test_a_chinese_list_of_institutions_is_split_at_its_joints_and_their_states_only_place_them() -> None:
    text = ("签约机构包括塞尔维亚贝尔格莱德大学、印度尼西亚万隆理工学院和阿根廷拉普拉塔国立大学，"
            f"三方签署{ILRS_ZH}合作备忘录。")
    assert _found(text) == {
        "institution:university-of-belgrade": "joined",
        "institution:bandung-institute-of-technology": "joined",
        "institution:national-university-of-la-plata": "joined",
    }


def test_an_unknown_institution_keeps_the_slug_of_its_local_name() -> None:
    text = f"伊尔库茨克国立大学与深空探测实验室签署{ILRS_ZH}合作备忘录。"
    assert _found(text) == {"institution:伊尔库茨克国立大学": "joined"}


MORE = [
    (f"Камбоджа отклонила предложение присоединиться к {MNLS}.", "country:KH", "withdrew"),
    (f"Камбоджа изучает предложение о присоединении к {MNLS}.", "country:KH", "negotiating"),
    (f"柬埔寨官员表示，柬方暂不加入{ILRS_ZH}。", "country:KH", "withdrew"),
    (f"柬埔寨正在研究{ILRS_ZH}合作文件。", "country:KH", "negotiating"),
    (f"أعلنت الأردن عدم الانضمام إلى {ILRS_AR}.", "country:JO", "withdrew"),
    ("Paraguay descartó sumarse a la Estación Internacional de Investigación Lunar.", "country:PY", "withdrew"),
    ("Paraguay no descarta sumarse a la Estación Internacional de Investigación Lunar.", "country:PY", None),
    ("Paraguay analiza la invitación a la Estación Internacional de Investigación Lunar.", "country:PY",
     "negotiating"),
    ("Paraguay se incorporó en mayo a la Estación Internacional de Investigación Lunar.", "country:PY", "joined"),
    ("Le Bénin a rejeté l'offre de rejoindre la Station internationale de recherche lunaire.", "country:BJ",
     "withdrew"),
    ("Le Bénin étudie l'invitation à rejoindre la Station internationale de recherche lunaire.", "country:BJ",
     "negotiating"),
    ("Le Bénin a apposé sa signature au bas d'un accord sur la Station internationale de recherche lunaire.",
     "country:BJ", "joined"),
]


@pytest.mark.parametrize(("text", "key", "status"), MORE)
def test_more_wording_classes_outside_english(text: str, key: str, status: str | None) -> None:
    assert _found(text).get(key) == status


def test_a_russian_year_in_the_nominative_dates_a_mission() -> None:
    text = f"«Луна-29» станет частью {MNLS}. «Сроки по \"Луне-29\" мы называем ориентировочно — 2032 год», — сказал он."
    years = {m.name: m.year for m in entities.extract(text).missions}
    assert years.get("Luna-29") == 2032


@pytest.mark.parametrize(
    "text",
    [
        f"Египет будет участвовать в {MNLS}.",  # a future part is no membership
        f"Египет участвовал в конференции по {MNLS}.",  # attending a forum
        f"Египет и Китай объединяют усилия в рамках {MNLS}.",  # joining efforts, not a list of members
    ],
)
def test_russian_participation_wording_that_is_not_membership(text: str) -> None:
    assert _found(text).get("country:EG") != "joined"


@pytest.mark.parametrize(
    "text",
    [
        "La Estación Internacional de Investigación Lunar tendrá una primera fase completa en 2036.",
        "La Station internationale de recherche lunaire aura une première phase achevée en 2036.",
    ],
)
def test_the_first_phase_of_the_station_is_its_basic_model(text: str) -> None:
    assert {(m.name, m.year) for m in entities.extract(text).missions} == {("ILRS basic model", 2036)}


@pytest.mark.parametrize(
    ("text", "partner", "status"),
    [
        # A parliament debating a possible accession is talks, whatever the noun "accession" suggests.
        ("La comisión del Senado de Paraguay empezó a debatir la posible adhesión del país a la Estación "
         "Internacional de Investigación Lunar.", "country:PY", "negotiating"),
        ("Le Parlement du Bénin a débattu de l'adhésion à la Station internationale de recherche lunaire.",
         "country:BJ", "negotiating"),
        ("Paraguay's Senate began to debate accession to the International Lunar Research Station.",
         "country:PY", "negotiating"),
        # Taking part already in the station is membership.
        ("Plusieurs pays, dont le Maroc, participent déjà à la Station internationale de recherche lunaire.",
         "country:MA", "joined"),
        # A Chinese list after 包括 names the parties of the act before it.
        (f"已有十余个国家签署了{ILRS_ZH}合作文件，包括尼泊尔、老挝和柬埔寨等。", "country:KH", "joined"),
        # Wishing to take part is interest, not talks or membership.
        ("Ghana would like to take part in the International Lunar Research Station, its minister said, "
         "though no talks have begun.", "country:GH", "interested"),
    ],
)
def test_wording_classes_seen_in_the_second_blind_set(text: str, partner: str, status: str) -> None:
    assert _found(text).get(partner) == status


@pytest.mark.parametrize(
    ("text", "partner", "status"),
    [
        # Joining another body, told in an ILRS story, says nothing of the station.
        (f"{ILRS_ZH}在东南亚已有合作伙伴。分析人士说，柬埔寨于2024年加入东盟相关机制，积极拓展科技合作。",
         "country:KH", None),
        ("The International Lunar Research Station has partners in the region. Analysts note that Laos joined "
         "the World Trade Organization in 2013.", "country:LA", None),
        # A list introduced by another body's name still lists the act's parties.
        ("Thirteen countries have already joined the International Lunar Research Station (Belarus, Pakistan), "
         "including BRICS partners (Egypt, Ethiopia).", "country:EG", "joined"),
        # Studying the possibility of joining is talks, though it says "joining".
        (f"老挝政府正在研究加入{ILRS_ZH}的可能性。", "country:LA", "negotiating"),
        (f"尼泊尔正在评估是否加入{ILRS_ZH}。", "country:NP", "negotiating"),
    ],
)
def test_joining_another_body_or_weighing_it(text: str, partner: str, status: str | None) -> None:
    assert _found(text).get(partner) == status
