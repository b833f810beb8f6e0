"""A story's own chronology: background told after the news does not undo it, dated events are ordered by
their years, a rejoin after a withdrawal stands."""

from __future__ import annotations

import pytest

from pipeline import entities
from tests.extraction.texts import DE_DATIVE, ES, FR, ILRS_AR, ILRS_ZH, IT, MNLS_SHORT, PT, findings, statuses


def test_a_rejoin_told_after_the_withdrawal_stands_with_its_own_evidence() -> None:
    text = ("Bolivia withdrew from the ILRS in 2025, citing its budget.\n"
            "On Tuesday the Bolivian Space Agency signed a new memorandum, and Bolivia rejoined the ILRS.")
    (bolivia,) = entities.extract(text).partners
    assert (bolivia.status, bolivia.assertion) == ("joined", "act")
    assert bolivia.evidence.quote.startswith("On Tuesday") and bolivia.signatory == "Bolivian Space Agency"
    assert text[bolivia.evidence.start : bolivia.evidence.end] == bolivia.evidence.quote


def test_an_exit_after_an_accession_in_one_article_is_the_news() -> None:
    text = "Bolivia joined the ILRS in 2024.\nBolivia withdrew from the ILRS this week."
    (bolivia,) = entities.extract(text).partners
    assert bolivia.status == "withdrew" and bolivia.evidence.quote.startswith("Bolivia withdrew")


def test_background_after_an_exit_does_not_undo_it() -> None:
    text = ("Argentina will not take part in the ILRS, the spokesman said.\n"
            "Argentina had received an invitation from China last year.")
    assert findings(text)["country:AR"].status == "withdrew"


@pytest.mark.parametrize(
    "text",
    [
        "Ghana has left the ILRS, the minister said.\nGhana signed on to the ILRS in 2023, among the first in Africa.",
        "Ghana pulled out of the ILRS this week.\nIts agency had signed the ILRS memorandum with great fanfare.",
        "Ghana quit the ILRS on Monday, three years after it joined.\nGhana joined the ILRS two years ago.",
    ],
)
def test_background_told_after_the_news_does_not_override_it(text: str) -> None:
    assert findings(text)["country:GH"].status == "withdrew"


@pytest.mark.parametrize(
    "text",
    [
        f"Гана вышла из {MNLS_SHORT} на этой неделе.\nРанее, в 2023 году, Гана присоединилась к {MNLS_SHORT}.",
        f"Гана вышла из {MNLS_SHORT} в понедельник.\nГана подписала соглашение о {MNLS_SHORT} два года назад.",
        f"Гана вышла из {MNLS_SHORT} в понедельник.\nРанее Гана подписала соглашение о {MNLS_SHORT} в Москве.",
        f"加纳本周宣布退出{ILRS_ZH}。\n加纳此前已于2023年加入{ILRS_ZH}。",
        f"加纳宣布退出{ILRS_ZH}。\n早在2022年，加纳就签署了{ILRS_ZH}合作文件。",
        f"Ghana se retiró esta semana de {ES}.\nGhana se había sumado a {ES} en 2023.",
        f"Ghana se retiró de {ES} el lunes.\nGhana se sumó al proyecto hace dos años.",
        f"Le Ghana a quitté {FR} cette semaine.\nLe Ghana avait rejoint {FR} en 2023.",
        f"Le Ghana a quitté {FR} lundi.\nLe Ghana avait signé l'accord il y a deux ans.",
        f"انسحبت غانا من {ILRS_AR} هذا الأسبوع.\nوكانت غانا قد انضمت إلى {ILRS_AR} في عام 2023.",
        f"انسحبت غانا من {ILRS_AR} يوم الاثنين.\nسبق أن وقعت غانا مذكرة تفاهم بشأن {ILRS_AR}.",
        f"Ghana hat sich diese Woche aus {DE_DATIVE} zurückgezogen.\nGhana war {DE_DATIVE} 2023 beigetreten.",
        f"Ghana ist am Montag aus {DE_DATIVE} ausgestiegen.\nGhana hatte das Abkommen vor zwei Jahren unterzeichnet.",
        f"Gana retirou-se d{PT} esta semana.\nGana tinha aderido à {PT[2:]} em 2023.",
        f"Gana retirou-se d{PT} na segunda-feira.\nGana assinou o acordo há dois anos.",
        f"Gana retirou-se d{PT} na segunda-feira.\nAnteriormente, Gana assinou o acordo em Pequim.",
        f"Il Ghana si è ritirato dal{IT} questa settimana.\nIl Ghana aveva aderito al{IT} nel 2023.",
        f"Il Ghana si è ritirato dal{IT} lunedì.\nIl Ghana ha firmato l'accordo due anni fa.",
    ],
)
def test_background_told_after_the_news_does_not_override_it_in_every_language(text: str) -> None:
    assert statuses(text)["country:GH"] == "withdrew"


def test_dated_events_are_ordered_by_their_years() -> None:
    text = ("Ghana rejoined the ILRS in 2026 after a review.\n"
            "Ghana had withdrawn from the ILRS in 2024, citing costs, and had signed first in 2022.")
    assert findings(text)["country:GH"].status == "joined"


def test_a_past_invitation_is_background_to_todays_signature() -> None:
    text = ("Panamá se convirtió este martes en el cuarto país centroamericano en incorporarse a la Estación "
            "Internacional de Investigación Lunar.\nPanamá había recibido la invitación en 2025 y desde entonces "
            "mantenía conversaciones con la parte china.")
    assert statuses(text) == {"country:PA": "joined"}
