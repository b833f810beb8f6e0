"""Members listed in background ("already joined: A, B and C", tables, a list that follows its sentence)
are evidence for each party."""

from __future__ import annotations

import pytest

from tests.extraction.texts import DE_DATIVE, ES, FR, ILRS_AR, ILRS_ZH, IT, MNLS_SHORT, PT, findings, statuses


def test_a_background_list_is_evidence_for_each_party() -> None:
    found = findings("Azerbaijan, Pakistan and Belarus signed up to the ILRS during 2023.")
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
    found = statuses(text)
    assert all(found.get(f"country:{code}") == "joined" for code in parties), found


def test_a_member_list_late_in_an_accession_story_is_read() -> None:
    text = ("Ghana has joined the ILRS, its space agency said on Monday.\n"
            "The director signed the memorandum in Accra at a short ceremony held at the agency's offices.\n"
            "He said the country would contribute tracking and training to the project over several years.\n"
            "Ghana follows earlier partners such as Chile and Peru, which signed their agreements in 2024.")
    assert {k: p.status for k, p in findings(text).items()} == {
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
    assert statuses(text) == {"country:LS": "joined", "country:EG": "joined", "country:SN": "joined"}


def test_an_accession_sequence_lists_members() -> None:
    text = "Among ILRS partners, Venezuela was first in 2022, followed by Chile, Peru and Egypt in 2023."
    assert {k: p.status for k, p in findings(text).items()} == {
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
    assert {k: p.status for k, p in findings(text).items()} == {
        "country:CL": "joined", "country:PE": "joined", "country:EG": "joined"}
