"""Members listed in background ("already joined: A, B and C", tables, a list that follows its sentence)
are evidence for each party."""

from __future__ import annotations

import pytest

from pipeline import entities
from pipeline.records import PartnerFinding


def _findings(text: str, title: str | None = None) -> dict[str, PartnerFinding]:
    return {p.key: p for p in entities.extract(text, title=title).partners}


def _statuses(text: str, title: str | None = None) -> dict[str, str]:
    return {p.key: p.status for p in entities.extract(text, title=title).partners}


MNLS_SHORT = "МНЛС"
ILRS_ZH = "国际月球科研站"
ES = "la Estación Internacional de Investigación Lunar"
FR = "la Station internationale de recherche lunaire"
ILRS_AR = "المحطة الدولية لأبحاث القمر"
DE_DATIVE = "der Internationalen Mondforschungsstation"
PT = "a Estação Internacional de Pesquisa Lunar"
IT = "la Stazione Internazionale di Ricerca Lunare"


def test_a_background_list_is_evidence_for_each_party() -> None:
    found = _findings("Azerbaijan, Pakistan and Belarus signed up to the ILRS during 2023.")
    assert {k: p.status for k, p in found.items()} == {
        "country:AZ": "joined", "country:PK": "joined", "country:BY": "joined"}


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        (f"Ранее к {MNLS_SHORT} присоединились Азербайджан, Пакистан и Белоруссия.", ("AZ", "PK", "BY")),
        (f"此前已有阿塞拜疆、巴基斯坦和白俄罗斯加入{ILRS_ZH}。", ("AZ", "PK", "BY")),
        (f"Azerbaiyán, Pakistán y Bielorrusia ya se habían sumado a {ES} en 2023.", ("AZ", "PK", "BY")),
        (f"L'Égypte, le Pakistan et le Sénégal, qui avaient rejoint {FR} en 2023, ont salué la décision.",
         ("EG", "PK", "SN")),
        (f"سبق أن انضمت أذربيجان وباكستان إلى {ILRS_AR}.", ("AZ", "PK")),
        (f"Aserbaidschan, Pakistan und Belarus waren {DE_DATIVE} bereits 2023 beigetreten.", ("AZ", "PK", "BY")),
        (f"Azerbaijão, Paquistão e Bielorrússia já haviam aderido à {PT[2:]} em 2023.", ("AZ", "PK", "BY")),
        (f"Egitto, Pakistan e Senegal avevano aderito al{IT} nel 2023.", ("PK", "SN")),
    ],
)
def test_a_background_list_is_evidence_for_each_party_in_every_language(text: str, parties: tuple[str, ...]) -> None:
    found = _statuses(text)
    assert all(found.get(f"country:{code}") == "joined" for code in parties), found


def test_a_member_list_late_in_an_accession_story_is_read() -> None:
    text = ("Ghana has joined the ILRS, its space agency said on Monday.\n"
            "The director signed the memorandum in Accra at a short ceremony held at the agency's offices.\n"
            "He said the country would contribute tracking and training to the project over several years.\n"
            "Ghana follows earlier partners such as Chile and Peru, which signed their agreements in 2024.")
    assert {k: p.status for k, p in _findings(text).items()} == {
        "country:GH": "joined", "country:CL": "joined", "country:PE": "joined"}


def test_the_station_named_late_in_a_story_keeps_its_closing_member_list() -> None:
    text = "\n".join([
        "Lesotho joined the International Lunar Research Station on Tuesday.",
        "The minister travelled to Beijing for the ceremony.",
        "Officials exchanged gifts and posed for photographs.",
        "The country has a small but growing community of astronomers.",
        "China has said the station will have a basic version by 2035.",
        "Related: a new telescope opens in Maseru",
        "Earlier members include Egypt and Senegal, which signed between 2023 and 2025.",
    ])
    assert _statuses(text) == {"country:LS": "joined", "country:EG": "joined", "country:SN": "joined"}


def test_an_accession_sequence_lists_members() -> None:
    text = "Among ILRS partners, Venezuela was first in 2022, followed by Chile, Peru and Egypt in 2023."
    assert {k: p.status for k, p in _findings(text).items()} == {
        "country:VE": "joined", "country:CL": "joined", "country:PE": "joined", "country:EG": "joined"}


@pytest.mark.parametrize(
    "text",
    [
        "Chile, Peru and Egypt are already part of the ILRS.",
        "The ILRS partners are Chile, Peru and Egypt.",
        "Chile, Peru and Egypt already belong to the ILRS.",
        "The ILRS now counts Chile, Peru and Egypt among its members.",
        "Thirteen countries, including Chile, Peru and Egypt, have signed up to the ILRS.",
        "The ILRS has been joined earlier by Chile, Peru and Egypt.",
    ],
)
def test_background_membership_lists(text: str) -> None:
    assert {k: p.status for k, p in _findings(text).items()} == {
        "country:CL": "joined", "country:PE": "joined", "country:EG": "joined"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "the Nth ... after X and Y": X and Y are in already
        ("If parliament agrees, Botswana would become the fourth ILRS member in the region after Zambia, which "
         "joined in 2024, and Malawi.", {"country:BW": "negotiating", "country:ZM": "joined", "country:MW": "joined"}),
        # "the Accords" in an ILRS story are Artemis's
        ("The ILRS counts about twenty members.\nThe Accords have grown fast in Asia, with Nepal and Laos among "
         "signatories.", {}),
        # an organisation after "with" beside a newcomer is its counterparty
        ("Serbia signed the ILRS deal and keeps its cooperation with the European Space Agency.",
         {"country:RS": "joined"}),
        # a draft on joining, or one under review, is talks
        ("В Киргизии проект соглашения о присоединении к МНЛС пока находится на рассмотрении парламента.",
         {"country:KG": "negotiating"}),
        # "is not a participant" after the word
        ("Сама Армения участницей проекта МНЛС не является.", {}),
        # an institution glossed by an apposition is one partner, under the gloss; its acronym too
        ("Universiti Sains Malaysia (USM), the Science University of Malaysia, signed an ILRS memorandum.\n"
         "USM will send students to Hefei for the ILRS.", {"institution:science-university-of-malaysia": "joined"}),
        ("Venezuela fue el primer país de América Latina en unirse a la ILRS, en 2023.", {"country:VE": "joined"}),
    ],
)
def test_lists_appositions_and_pending_drafts(text: str, expected: dict[str, str]) -> None:
    assert _statuses(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zu den Staaten, die bereits Abkommen unterzeichnet haben, gehören bei der Internationalen "
         "Mondforschungsstation Pakistan und Ägypten.", {"country:PK": "joined", "country:EG": "joined"}),
        # a cue another Latin-script language shares is negated in the sentence's own language
        ("Instrumente für die Internationale Mondforschungsstation machen Österreich nicht zum Partner.", {}),
        ("우주항공청(KASA)은 국제달연구기지(ILRS) 사업에 참여할 계획이 없다고 밝혔다.", {"country:KR": "withdrew"}),
        ("아시아에서는 파키스탄, 태국에 이어 타지키스탄이 ILRS에 합류했다.",
         {"country:PK": "joined", "country:TH": "joined", "country:TJ": "joined"}),
    ],
)
def test_german_lists_shared_cues_and_korean_denials(text: str, expected: dict[str, str]) -> None:
    assert _statuses(text) == expected
