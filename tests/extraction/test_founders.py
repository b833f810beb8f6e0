"""The founders' own acts and their leading role: China and Russia are members by their act or their lead,
never the other party of a newcomer's signing, and their bodies are their states."""

from __future__ import annotations

import pytest

from pipeline import entities
from pipeline.entities.names import mentions
from tests.extraction.texts import ES, FR, ILRS_AR, ILRS_ZH, IT, MNLS_SHORT, PT, findings, statuses


def test_a_founder_named_by_an_adjective_is_its_bodies_not_its_act() -> None:
    assert not findings("The Chinese deep space laboratory signed ILRS memoranda with Serbian institutes.")


def test_a_founders_passive_signing_is_an_act_and_a_description_their_lead() -> None:
    signed = "The ILRS memorandum was signed by the heads of Roscosmos and the CNSA in 2021."
    assert {k: p.status for k, p in findings(signed).items()} == {"country:RU": "joined", "country:CN": "joined"}
    founded = findings("The ILRS, founded by China and Russia in 2021, now counts 13 members.")
    assert {k: p.status for k, p in founded.items()} == {"country:CN": "joined", "country:RU": "joined"}


@pytest.mark.parametrize(
    "text",
    [
        f"Меморандум о {MNLS_SHORT} был подписан руководителями Роскосмоса и Национального космического управления "
        "Китая в 2021 году.",
        f"该备忘录由俄罗斯国家航天集团和中国国家航天局于2021年签署，标志着{ILRS_ZH}正式启动。",
        f"{ILRS_ZH}合作备忘录的签署方为俄罗斯国家航天集团和中国国家航天局。",
        f"El memorando de {ES} fue firmado por representantes de Roscosmos y la CNSA en 2021.",
        f"Le mémorandum sur {FR} a été signé par des représentants de Roscosmos et de la CNSA en 2021.",
        f"تم توقيع المذكرة من قبل ممثلي روسكوسموس وإدارة الفضاء الوطنية الصينية عام 2021 لإطلاق {ILRS_AR}.",
        "Das Memorandum zur Internationalen Mondforschungsstation wurde 2021 von Vertretern von Roskosmos und der "
        "CNSA unterzeichnet.",
        f"O memorando d{PT} foi assinado por representantes da Roscosmos e da CNSA em 2021.",
        f"Il memorandum sul{IT} è stato firmato da rappresentanti di Roscosmos e della CNSA nel 2021.",
    ],
)
def test_a_founders_passive_signing_counts(text: str) -> None:
    assert statuses(text) == {"country:RU": "joined", "country:CN": "joined"}


def test_founders_initiating_the_station_is_their_lead_never_news() -> None:
    text = f"{ILRS_ZH}由中国发起，目前已有十多个国家签署合作文件。"
    assert statuses(text)["country:CN"] == "joined"


def test_the_founders_host_talks_rather_than_join_them() -> None:
    assert statuses("Russia and China are negotiating with many partners on the ILRS.") == {}


def test_agencies_signing_for_the_founders_are_their_signatories() -> None:
    text = (
        "Russia and China signed a memorandum on the ILRS. On behalf of the governments, the document was signed "
        "by representatives of Roscosmos and the China National Space Administration (CNSA)."
    )
    found = {p.key: p.signatory for p in entities.extract(text).partners}
    assert found == {"country:RU": "Roscosmos", "country:CN": "CNSA"}


def test_a_founder_co_signing_a_newcomers_agreement_is_not_news_about_the_founder() -> None:
    text = "The ILRS memorandum was signed in Beijing by Serbia's science minister and a CNSA deputy administrator."
    assert statuses(text) == {"country:RS": "joined"}


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
