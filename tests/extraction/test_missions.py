"""Missions tied to the ILRS by their sentence or its paragraph, with their target years: a mission counts where
the text ties it to the station or says how it serves it, a later sentence referring back to it does, or, in
the ILRS context, the text gives the mission's own timetable. A payload ride or a past flight is not a tie."""

from __future__ import annotations

import pytest

from pipeline import entities
from tests.extraction.texts import ES, FR, ILRS_AR, MNLS


def _missions(text: str) -> dict[str, int | None]:
    return {m.name: m.year for m in entities.extract(text).missions}


TIED = [
    ("en", "Brazil's space agency welcomed the ILRS roadmap.\n"
           "Officials expect Chang'e-7 to lay the groundwork for the research station on its way to the pole.",
     "Chang'e-7"),
    ("en", "Nigeria signed up to the International Lunar Research Station on Monday.\n"
           "Chang'e-8 is set to fly around 2028.\nThe mission is counted as a building block of the station.",
     "Chang'e-8"),
    ("ru", "Армения изучает возможность участия в Международной научной лунной станции (МНЛС).\n"
           "Аппарат «Луна-28» станет частью будущей станции, сообщили в госкорпорации.",
     "Luna-28"),
    ("zh", "国际月球科研站合作伙伴会议在合肥召开。\n嫦娥七号任务将为国际月球科研站建设奠定基础。",
     "Chang'e-7"),
    ("es", "Colombia analiza su ingreso a la Estación Internacional de Investigación Lunar (ILRS).\n"
           "La misión Chang'e-8 se desarrolla en el marco de la estación y probará la impresión con regolito.",
     "Chang'e-8"),
    ("fr", "Le Gabon a rejoint la Station internationale de recherche lunaire (ILRS).\n"
           "Chang'e-7 constituera la première étape de la future base, selon l'agence chinoise.",
     "Chang'e-7"),
    ("ar", "انضمت تونس إلى المحطة الدولية لأبحاث القمر.\nوستكون مهمة تشانغ إي-8 جزءا من المشروع وفق الوكالة.",
     "Chang'e-8"),
]


NOT_TIED = [
    ("en", "Kenya's agency joined the ILRS last spring.\n"
           "Separately, a Kenyan camera will fly on China's Chang'e-7 lander.",
     "Chang'e-7"),
    ("ru", "Вьетнам присоединился к Международной научной лунной станции (МНЛС).\n"
           "Ранее вьетнамский прибор уже летал к Луне вместе с миссией «Чанъэ-6».",
     "Chang'e-6"),
    ("zh", "泰国已加入国际月球科研站。\n此前，泰国载荷曾随嫦娥六号飞往月球。",
     "Chang'e-6"),
    ("es", "Uruguay firmó su adhesión a la Estación Internacional de Investigación Lunar (ILRS).\n"
           "Investigadores uruguayos ya participaron con un sensor en Chang'e-6, como otros equipos extranjeros.",
     "Chang'e-6"),
    ("fr", "Le Maroc a signé son adhésion à la Station internationale de recherche lunaire (ILRS).\n"
           "Des chercheurs marocains avaient déjà embarqué un capteur sur Chang'e-6, comme d'autres équipes.",
     "Chang'e-6"),
    ("ar", "وقعت الجزائر اتفاقا للانضمام إلى المحطة الدولية لأبحاث القمر.\n"
           "وسبق أن حمل المسبار تشانغ إي-6 جهازا عربيا إلى القمر.",
     "Chang'e-6"),
]


@pytest.mark.parametrize(("lang", "text", "name"), TIED, ids=[f"{t[0]}-{t[2]}" for t in TIED])
def test_a_mission_the_text_ties_to_the_station_is_counted(lang: str, text: str, name: str) -> None:
    assert name in _missions(text)


@pytest.mark.parametrize(("lang", "text", "name"), NOT_TIED, ids=[f"{t[0]}-{t[2]}" for t in NOT_TIED])
def test_a_ride_or_a_past_flight_beside_the_station_is_not(lang: str, text: str, name: str) -> None:
    assert name not in _missions(text)


def test_a_tie_reaches_its_own_clause_only() -> None:
    found = _missions("Pakistan signed on to the ILRS.\nA Pakistani cubesat once rode Chang'e-6; "
                      "its rover, however, will travel on Chang'e-8, a precursor of the station.")
    assert "Chang'e-8" in found and "Chang'e-6" not in found


def test_a_timetable_in_the_stations_context_ties_every_mission_it_dates() -> None:
    found = _missions("Roscosmos gave an update on the International Lunar Research Station.\n"
                      "Russia plans to send the Luna-26 orbiter in 2027, and the Luna-27 lander in 2028.")
    assert found == {"Luna-26": 2027, "Luna-27": 2028}


def test_a_mission_tied_once_takes_its_year_from_any_mention() -> None:
    found = _missions("A Thai instrument will ride Chang'e-8 around 2028, the ILRS partner said.\n"
                      "The rover's team met in Bangkok.\n"
                      "Chang'e-8 is an important component of the station's basic model.")
    assert found["Chang'e-8"] == 2028


def test_the_station_keeps_its_year_and_site() -> None:
    station = next(m for m in entities.extract("China and Russia will build the ILRS by 2035 near the lunar "
                                               "south pole.").missions if m.name == "ILRS")
    assert (station.year, station.site) == (2035, "lunar south pole")


@pytest.mark.parametrize("text", [
    "The ILRS will be completed near the lunar south pole in the 2030s.",
    "МНЛС планируется построить у южного полюса Луны в 2030-х годах.",
])
def test_a_decade_is_no_year(text: str) -> None:
    assert _missions(text).get("ILRS") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("«Роскосмос» подписал контракт на ядерную энергоустановку для МНЛС.\nЭнергоустановка должна быть "
         "введена в эксплуатацию к 2035 году.", {("Lunar nuclear power plant", 2035)}),
        # the programme's founding year is its history, not a target
        ("Россия и Китай объявили о создании Международной научной лунной станции в 2021 году.", set()),
    ],
)
def test_ways_to_name_the_station_s_milestones(text: str, expected: set[tuple[str, int | None]]) -> None:
    assert {(m.name, m.year) for m in entities.extract(text).missions} == expected


def test_missions_with_years_and_canonical_names() -> None:
    text = (
        "Chang'e-7 will launch in 2026 and 嫦娥八号 around 2028 as precursors of the ILRS. "
        "The Luna-27 No. 1 and No. 2 landers follow. Chang'e-5 and Luna-25 are not part of it. "
        "Russia and China plan to build the ILRS basic model by 2035, with a lunar power plant. "
        "The station itself is to be completed near the lunar south pole by 2040."
    )
    found = _missions(text)
    assert found["Chang'e-7"] == 2026 and found["Chang'e-8"] == 2028 and found["Luna-27"] is None
    assert "Chang'e-5" not in found and "Luna-25" not in found
    assert found["ILRS basic model"] == 2035 and "Lunar power plant" in found
    station = next(m for m in entities.extract(text).missions if m.name == "ILRS")
    assert (station.year, station.site) == (2040, "lunar south pole")


def test_a_decade_is_not_a_target_year() -> None:
    found = _missions("The ILRS will be built near the lunar south pole in the 2030s.")
    assert found == {"ILRS": None}


def test_mission_findings_carry_a_confidence() -> None:
    missions = entities.extract("Chang'e-8, a precursor of the ILRS, will launch in 2028.").missions
    assert [(m.name, m.year, m.confidence) for m in missions] == [("Chang'e-8", 2028, "high")]


@pytest.mark.parametrize(
    ("text", "name", "year"),
    [
        (f"La misión Chang'e-7 de {ES} se lanzará en agosto de 2026.", "Chang'e-7", 2026),
        (f"Le modèle de base de {FR} sera achevé d'ici 2035.", "ILRS basic model", 2035),
        (f"ستطلق الصين مهمة تشانغ إي-7 عام 2026 ضمن {ILRS_AR}.", "Chang'e-7", 2026),
        ("«Луна-27» № 1 и «Луна-27» № 2 станут частью МНЛС, запуск намечен на 2028 год.", "Luna-27", 2028),
        ("国际月球科研站将建设月球核电站。", "Lunar nuclear power plant", None),  # 核: named nuclear, one key
        ("国际月球科研站拓展型计划于2050年前建成。", "ILRS extended model", 2050),
    ],
)
def test_missions_in_every_language(text: str, name: str, year: int | None) -> None:
    found = {m.name: m.year for m in entities.extract(text).missions}
    assert name in found and found[name] == year


def test_a_year_after_an_appositive_naming_other_missions_is_the_first_names() -> None:
    text = ("The ILRS basic model, which relies on the Chang'e-7 and Chang'e-8 landers, is due to be "
            "complete by 2035.")
    found = {m.name: m.year for m in entities.extract(text).missions}
    assert found["ILRS basic model"] == 2035 and found.get("Chang'e-8") is None
    own = {m.name: m.year for m in entities.extract("Chang'e-7, due to fly in 2026, is an ILRS precursor.").missions}
    assert own["Chang'e-7"] == 2026


def test_the_station_keeps_its_site_beside_named_missions_but_not_a_past_year() -> None:
    text = "Luna-27 will map the landing area for the ILRS near the lunar south pole."
    found = {m.name: (m.year, m.site) for m in entities.extract(text).missions}
    assert found["ILRS"] == (None, "lunar south pole") and found["Luna-27"] == (None, None)
    text = "The ILRS, announced in 2021, aims to set up a base near the lunar south pole."
    found = {m.name: (m.year, m.site) for m in entities.extract(text).missions}
    assert found == {"ILRS": (None, "lunar south pole")}


def test_a_russian_year_in_the_nominative_dates_a_mission() -> None:
    text = f"«Луна-29» станет частью {MNLS}. «Сроки по \"Луне-29\" мы называем ориентировочно — 2032 год», — сказал он."
    years = {m.name: m.year for m in entities.extract(text).missions}
    assert years.get("Luna-29") == 2032


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
    ("text", "mission", "year"),
    [
        ("중국은 국제달연구기지의 첫 단계로 2026년 창어 7호를 달 남극에 보낼 계획이다.", "Chang'e-7", 2026),
        ("中国は国際月面研究ステーションに向けて2028年に嫦娥8号を打ち上げる。", "Chang'e-8", 2028),
        ("中国は2030年代に国際月面研究ステーションの基本モデルを完成させる。", "ILRS basic model", None),
    ],
)
def test_a_head_final_language_gives_the_year_before_the_name(text: str, mission: str, year: int | None) -> None:
    found = {m.name: m.year for m in entities.extract(text).missions}
    assert mission in found and found[mission] == year


def test_a_thai_year_of_the_buddhist_era_is_read_in_the_common_era() -> None:
    found = entities.extract("ภายใต้กรอบสถานีวิจัยดวงจันทร์นานาชาติ ยานฉางเอ๋อ-8 มีกำหนดปล่อยในปี พ.ศ. 2571")
    assert {(m.name, m.year) for m in found.missions} == {("Chang'e-8", 2028)}
