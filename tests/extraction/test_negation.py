"""Negation cancels a cue or turns a plan into a refusal; a question, a prescription or a denied report
tells nothing."""

from __future__ import annotations

import pytest

from pipeline import entities
from pipeline.records import PartnerFinding


def _findings(text: str, title: str | None = None) -> dict[str, PartnerFinding]:
    return {p.key: p for p in entities.extract(text, title=title).partners}


def _statuses(text: str, title: str | None = None) -> dict[str, str]:
    return {p.key: p.status for p in entities.extract(text, title=title).partners}


AP = "منظمة التعاون الفضائي لآسيا والمحيط الهادئ (APSCO)"
ILRS_AR = "المحطة الدولية لأبحاث القمر"
ES = "la Estación Internacional de Investigación Lunar"
FR = "la Station internationale de recherche lunaire"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kenya has not yet joined the ILRS.", {}),
        ("Kenya has not been invited to the ILRS.", {}),
        ("Kenya is not interested in the ILRS.", {"country:KE": "withdrew"}),
        ("Kenya will not join the ILRS.", {"country:KE": "withdrew"}),
        ("Кения ещё не подписала соглашение о МНЛС.", {}),
        ("肯尼亚尚未加入国际月球科研站。", {}),
        (f"Bolivia no firmó el acuerdo de {ES}.", {}),
        (f"Le Pakistan n'a pas signé l'accord sur {FR}.", {}),
        (f"لم تنضم {AP} إلى {ILRS_AR}.", {}),
    ],
)
def test_negation_cancels_or_flips_a_cue(text: str, expected: dict[str, str]) -> None:
    assert {k: p.status for k, p in _findings(text).items()} == expected


@pytest.mark.parametrize("text", [
    "Ein Beitritt Norwegens zur ILRS ist nicht ausgeschlossen.",
    "Участь Молдови в МНМС не виключена.",
])
def test_not_ruled_out_is_no_refusal(text: str) -> None:
    assert all(p.status != "withdrew" for p in entities.extract(text).partners)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a denial of a plan is a refusal; "no intention of withdrawing" is not
        ("\"Laos has no plans to join the ILRS,\" the spokesperson said.", {"country:LA": "withdrew"}),
        ("Serbia has not left the ILRS and has no intention of withdrawing.", {}),
        # a colon that opens a sentence of its own, and one that opens a list
        ("Bhutan would not be the first in the region in the ILRS: Pakistan signed an agreement in 2024.",
         {"country:PK": "joined"}),
        ("ILRS members include: Egypt, Senegal and Thailand.",
         {"country:EG": "joined", "country:SN": "joined", "country:TH": "joined"}),
        # a prescription tells no act; a question is no answer
        ("I am not arguing that Vietnam must sign the ILRS agreement.", {}),
        ("Asked whether Nepal itself would seek to join the ILRS, the spokesperson said no position had been taken.",
         {}),
        # "was followed ... by", and "includes" only after the programme or a list
        ("Venezuela was the first to sign the ILRS deal, in 2023. It was followed over two years by Egypt and "
         "Senegal.",
         {"country:VE": "joined", "country:EG": "joined", "country:SN": "joined"}),
        ("The ILRS minister's trip, which includes a visit to Japan, is about satellites.", {}),
        ("Deals on the ILRS were concluded with international bodies, including the Arab Union for Astronomy and "
         "Space Sciences.", {"org:AUASS": "joined"}),
        # another programme named as the reason given, after the cue, does not take the cue
        ("The ILRS has about a dozen members.\nChile's government said in March that it would not take part, "
         "citing its Artemis commitments.", {"country:CL": "withdrew"}),
    ],
)
def test_denials_prescriptions_questions_and_colons(text: str, expected: dict[str, str]) -> None:
    assert _statuses(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # another programme inside a relative clause does not take the main clause's refusal
        ("The ILRS has a dozen members.\nArgentina, which signed the Artemis Accords in 2023, told Chinese "
         "diplomats that it would not take part.", {"country:AR": "withdrew"}),
        # "no formal talks" are no talks; a state's partners are its partners
        ("Officials said no formal talks on the ILRS had begun with Ghana.", {}),
        ("Ghanaian scientists on the ILRS panel had worked with South African partners before.", {}),
        ("我们欢迎包括土耳其在内的更多国家参与国际月球科研站。", {"country:TR": "negotiating"}),
        ("El Gobierno chileno no se ha pronunciado sobre una eventual participación del país en la ILRS.", {}),
    ],
)
def test_relatives_negated_talks_and_welcomes(text: str, expected: dict[str, str]) -> None:
    assert _statuses(text) == expected


def test_a_state_not_mentioned_in_a_list_is_no_party() -> None:
    text = "The China National Space Administration has not mentioned Myanmar in its list of ILRS countries in talks."
    assert not entities.extract(text).partners
