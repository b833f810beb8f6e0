"""The extractor on sentences that each exercise one rule: cues, clauses, near-misses, chrome, languages."""

from __future__ import annotations

import pytest

from pipeline import entities
from pipeline.entities.sentences import split


def _partners(text: str, title: str | None = None) -> dict[str, str]:
    return {p.key: p.status for p in entities.extract(text, title=title).partners}


def _missions(text: str) -> dict[str, int | None]:
    return {m.name: m.year for m in entities.extract(text).missions}


def test_evidence_offsets_point_at_the_quoted_sentence() -> None:
    text = "Moon news.\nIn Minsk, Belarus signed an agreement on the ILRS. It was a sunny day in the capital."
    (belarus,) = entities.extract(text).partners
    assert text[belarus.evidence.start : belarus.evidence.end] == belarus.evidence.quote
    assert belarus.evidence.quote == "In Minsk, Belarus signed an agreement on the ILRS."


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Kazakhstan became the 14th country to join the ILRS on Monday.", {"country:KZ": "joined"}),
        ("The Republic of Serbia signed a joint statement on the ILRS.", {"country:RS": "joined"}),
        ("Turkey is in talks with China about joining the ILRS.", {"country:TR": "negotiating"}),
        ("Mongolia has expressed interest in the International Lunar Research Station.", {"country:MN": "interested"}),
        ("Peru declined an invitation to take part in the ILRS.", {"country:PE": "withdrew"}),
        ("Egypt is expected to sign an ILRS agreement next month.", {"country:EG": "negotiating"}),
        ("Kenya has not yet joined the ILRS.", {}),
        ("The Pakistani side signed the ILRS memorandum through SUPARCO.", {"country:PK": "joined"}),
        ("Serbia signed the ILRS statement in 2024, while Uruguay is still in talks about the station.",
         {"country:RS": "joined", "country:UY": "negotiating"}),
        ("Kazan Federal University signed an ILRS cooperation agreement.",
         {"institution:kazan-federal-university": "joined"}),
        ("The ILRS welcomed the Asia-Pacific Space Cooperation Organization as a partner of the ILRS.",
         {"org:APSCO": "joined"}),
    ],
)
def test_status_cues(sentence: str, expected: dict[str, str]) -> None:
    assert _partners(sentence) == expected


def test_a_state_acting_through_its_agency_is_recorded_with_the_agency_as_signatory() -> None:
    (pakistan,) = entities.extract("SUPARCO signed an ILRS cooperation agreement with Beijing.").partners
    assert (pakistan.key, pakistan.signatory, pakistan.kind) == ("country:PK", "SUPARCO", "country")


def test_the_founders_host_talks_rather_than_join_them() -> None:
    assert _partners("Russia and China are negotiating with many partners on the ILRS.") == {}


@pytest.mark.parametrize(
    "text",
    [
        "Uzbekistan signed the Artemis Accords on Thursday. NASA welcomed the move.",
        "The ILRS partners watched as Uzbekistan signed the Artemis Accords at the State Department.",
        "India and the UAE have sent missions to Mars, the ILRS chief noted.",
        "Japan and Canada joined NASA's Gateway, a rival to the lunar station planned by Russia and China.",
    ],
)
def test_other_programmes_are_not_ilrs_partnership(text: str) -> None:
    assert _partners(text) == {}


def test_chrome_lines_yield_nothing() -> None:
    text = (
        "Armenia joins ILRS talks\n"
        "Most read\n"
        "Belarus signed the ILRS agreement in Minsk.\n"
        "Georgia signs ILRS pact\n"
    )
    assert _partners(text) == {"country:BY": "joined"}


def test_a_headline_naming_the_programme_gives_context_to_the_first_paragraph() -> None:
    body = "Nairobi's space agency signed the agreement with Chinese officials on Tuesday, Kenya said."
    found = _partners(body, title="Kenya joins the International Lunar Research Station")
    assert found.get("country:KE") == "joined"


def test_russian_and_chinese_texts() -> None:
    ru = "Никарагуа подписала меморандум о присоединении к Международной научной лунной станции."
    zh = "泰国与中国国家航天局签署了国际月球科研站合作谅解备忘录。"
    assert _partners(ru)["country:NI"] == "joined"
    assert _partners(zh)["country:TH"] == "joined"
    assert entities.detect_language(ru) == "ru" and entities.detect_language(zh) == "zh"


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


@pytest.mark.parametrize(
    ("text", "relevant"),
    [
        ("La Estación Internacional de Investigación Lunar suma un nuevo socio.", True),
        ("La Station internationale de recherche lunaire accueille un nouveau membre.", True),
        ("Международная научная лунная станция", True),
        ("国际月球科研站再添新成员", True),
        ("NASA names the crew of its next Artemis flight.", False),
    ],
)
def test_relevance_in_many_languages(text: str, relevant: bool) -> None:
    assert entities.is_relevant(text) is relevant


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


def test_agencies_signing_for_the_founders_are_their_signatories() -> None:
    text = (
        "Russia and China signed a memorandum on the ILRS. On behalf of the governments, the document was signed "
        "by representatives of Roscosmos and the China National Space Administration (CNSA)."
    )
    found = {p.key: p.signatory for p in entities.extract(text).partners}
    assert found == {"country:RU": "Roscosmos", "country:CN": "CNSA"}


def test_a_founder_co_signing_a_newcomers_agreement_is_not_news_about_the_founder() -> None:
    text = "The ILRS memorandum was signed in Beijing by Serbia's science minister and a CNSA deputy administrator."
    assert _partners(text) == {"country:RS": "joined"}
