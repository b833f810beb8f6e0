"""How a story is read as a whole: sentences and their offsets, headlines, chrome lines, datelines, "the
project" referring back to the programme."""

from __future__ import annotations

import pytest

from pipeline import entities
from pipeline.entities.names import dateline_span, mentions
from pipeline.entities.sentences import split
from tests.extraction.texts import IT, PT, findings, statuses

_FILLER = {
    "de": ["Das Budget des Ministeriums für Wissenschaft stieg in diesem Jahr um ein Zehntel.",
           "Der Wetterdienst eröffnete im Norden des Landes eine neue Radaranlage.",
           "Die Lehrergewerkschaften trafen am Freitag den Bildungsminister, um über Gehälter zu sprechen.",
           "Eine neue Bahnlinie zur Küste soll nach zwei Jahren Bauzeit im Frühjahr eröffnet werden."],
    "pt": ["O orçamento do ministério para a ciência subiu um décimo este ano.",
           "O serviço meteorológico abriu um novo radar no norte do país.",
           "Os sindicatos de professores reuniram-se na sexta-feira com o ministro da Educação.",
           "Uma nova linha ferroviária até o litoral deve abrir na primavera, após dois anos de obras."],
    "it": ["Il bilancio del ministero per la scienza è cresciuto di un decimo quest'anno.",
           "Il servizio meteorologico ha aperto un nuovo radar nel nord del paese.",
           "I sindacati degli insegnanti hanno incontrato venerdì il ministro dell'istruzione.",
           "Una nuova linea ferroviaria verso la costa dovrebbe aprire in primavera dopo due anni di lavori."],
}


def test_evidence_offsets_point_at_the_quoted_sentence() -> None:
    text = "Moon news.\nIn Minsk, Belarus signed an agreement on the ILRS. It was a sunny day in the capital."
    (belarus,) = entities.extract(text).partners
    assert text[belarus.evidence.start : belarus.evidence.end] == belarus.evidence.quote
    assert belarus.evidence.quote == "In Minsk, Belarus signed an agreement on the ILRS."


def test_sentences_keep_offsets_and_abbreviations() -> None:
    text = "The U.S. did not comment. Dr. Li said Luna-27 No. 1 is ready.\n国际月球科研站。中国加入。"
    sentences = split(text)
    assert [s.text for s in sentences] == [
        "The U.S. did not comment.",
        "Dr. Li said Luna-27 No. 1 is ready.",
        "国际月球科研站。",
        "中国加入。",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_chrome_lines_yield_nothing() -> None:
    text = (
        "Armenia joins ILRS talks\n"
        "Most read\n"
        "Belarus signed the ILRS agreement in Minsk.\n"
        "Georgia signs ILRS pact\n"
    )
    assert statuses(text) == {"country:BY": "joined"}


def test_a_headline_naming_the_programme_gives_context_to_the_first_paragraph() -> None:
    body = "Nairobi's space agency signed the agreement with Chinese officials on Tuesday, Kenya said."
    found = statuses(body, title="Kenya joins the International Lunar Research Station")
    assert found.get("country:KE") == "joined"


def test_a_short_question_heading_uses_no_room_in_the_story_s_context() -> None:
    text = "\n".join([
        "What is the ILRS?", "The International Lunar Research Station is a Chinese-led plan for a Moon base.",
        "Who has signed?", "Countries that have signed agreements include Peru and Chile.",
        "Who is in talks?", "Officials say more countries are negotiating.",
        "Which bodies?", "Two intergovernmental bodies, APSCO and AUASS, are also partners.",
    ])
    assert statuses(text) == {"country:CN": "joined",  # "a Chinese-led plan": the founder's lead
                            "country:PE": "joined", "country:CL": "joined",
                            "org:APSCO": "joined", "org:AUASS": "joined"}


def test_the_project_refers_back_to_the_programme_a_document_has_named() -> None:
    filler = [
        "The ministry's budget for science rose by a tenth this year, officials told the finance committee.",
        "Separately, the national weather service opened a new radar station in the north of the country.",
        "Teachers' unions met the education minister on Friday to discuss salaries for the coming school year.",
        "A new railway line to the coast is due to open in the spring after two years of construction.",
    ]
    story = "\n".join(
        ["Ghana signed an agreement on the International Lunar Research Station in Accra on Monday.", *filler,
         "Under the project, Namibia has been invited to send two scientists to a training course next year."]
    )
    found = {p.key: p.status for p in entities.extract(story).partners}
    assert found == {"country:GH": "joined", "country:NA": "negotiating"}
    # "The project" alone never makes a document about the ILRS.
    assert not entities.extract("\n".join([*filler, "Under the project, Namibia has been invited."])).relevant


@pytest.mark.parametrize(
    ("language", "first", "last"),
    [
        ("de", "Ghana hat in Accra ein Abkommen über die Internationale Mondforschungsstation unterzeichnet.",
         "Im Rahmen des Projekts wurde Namibia eingeladen, im nächsten Jahr zwei Forscher zu entsenden."),
        ("pt", f"Gana assinou em Acra um acordo sobre {PT}.",
         "No âmbito do projeto, a Namíbia foi convidada a enviar dois cientistas no próximo ano."),
        ("it", f"Il Ghana ha firmato ad Accra un accordo sul{IT}.",
         "Nell'ambito del progetto, la Namibia è stata invitata a inviare due scienziati il prossimo anno."),
    ],
)
def test_the_project_refers_back_to_the_programme_in_every_language(language: str, first: str, last: str) -> None:
    filler = _FILLER[language]
    assert statuses("\n".join([first, *filler, last])) == {"country:GH": "joined", "country:NA": "negotiating"}
    assert not entities.extract("\n".join([*filler, last])).relevant


def test_datelines_and_an_institutions_home_are_not_partners() -> None:
    assert set(findings("ISLAMABAD, Pakistan (AP) — Egypt signed the ILRS memorandum on Monday.")) == {"country:EG"}
    found = findings("The University of Peshawar in Pakistan signed an ILRS cooperation agreement.")
    assert set(found) == {"institution:university-of-peshawar"}


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
