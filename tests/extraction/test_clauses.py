"""Which party a clause speaks of: relative clauses, appositives, the main verb's subject."""

from __future__ import annotations

import pytest

from pipeline import entities
from pipeline.records import PartnerFinding


def _findings(text: str, title: str | None = None) -> dict[str, PartnerFinding]:
    return {p.key: p for p in entities.extract(text, title=title).partners}


def _statuses(text: str, title: str | None = None) -> dict[str, str]:
    return {p.key: p.status for p in entities.extract(text, title=title).partners}


def test_a_relative_clause_speaks_of_its_own_partner_when_another_takes_the_main_verb() -> None:
    found = _findings("Unlike Egypt, which has joined, Algeria is still weighing the ILRS offer.")
    assert {k: p.status for k, p in found.items()} == {"country:EG": "joined", "country:DZ": "negotiating"}
    assert _findings("Bolivia, which signed in 2025, pulled out of the ILRS.")["country:BO"].status == "withdrew"


def test_a_membership_in_an_appositive_is_background_to_the_main_verb() -> None:
    text = "Ghana, an ILRS member since 2024, has withdrawn from the programme, the government said."
    assert _findings(text)["country:GH"].status == "withdrew"
    assert _findings("Chile and Peru, both ILRS members, backed the idea.")["country:CL"].status == "joined"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ghana, which signed the Artemis Accords last year, joined the ILRS on Monday.", {"country:GH": "joined"}),
        ("Unlike Ghana, which joined the ILRS, Togo signed the Artemis Accords.", {"country:GH": "joined"}),
        ("Ghana, which joined the ILRS in 2024, signed the Artemis Accords on Monday.", {"country:GH": "joined"}),
        ("The memorandum makes Ghana the 16th state to formally take part in the ILRS.", {"country:GH": "joined"}),
    ],
)
def test_a_relative_clause_is_read_with_the_programme_it_names(text: str, expected: dict[str, str]) -> None:
    assert {k: p.status for k, p in _findings(text).items()} == expected


def test_a_relative_clause_to_the_sentence_end_is_its_noun_s() -> None:
    text = "Kamboja akan bergabung dengan ILRS setelah Laos, yang sudah menandatangani perjanjian pada 2024."
    found = _statuses(text)
    assert found == {"country:KH": "negotiating", "country:LA": "joined"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a talks cue under a plan is the plan
        ("Botswana reportedly intends to seek membership of the ILRS as well.", {"country:BW": "interested"}),
        ("Botswana hopes to open talks on the ILRS next year.", {"country:BW": "interested"}),
        # forum attendees counted "from about 40 countries, including ..."
        ("Some 300 delegates from about 30 countries, including Peru, Chile and Mexico, attended the ILRS forum.",
         {}),
        # a possessor of partners, and a country's media, are not parties
        ("Togo and Benin, Ghana's partners in regional space work, signed ILRS agreements in 2025.",
         {"country:TG": "joined", "country:BJ": "joined"}),
        ("Several Malian news sites reported wrongly that the country had joined the ILRS.", {}),
        # the objects of a pending join tell their own act in the relative clause after them
        ("If the deal goes through, Namibia would join partners Egypt and Senegal, which signed ILRS agreements "
         "earlier.", {"country:NA": "negotiating", "country:EG": "joined", "country:SN": "joined"}),
        ("Kenya plans to join Egypt, which signed the ILRS agreement in 2024.",
         {"country:KE": "interested", "country:EG": "joined"}),
        # two institutions the founders' laboratory signed with are both partners
        ("The DSEL signed memoranda with Moi University in Eldoret and with Cairo University on the ILRS.",
         {"institution:moi-university": "joined", "institution:cairo-university": "joined", "country:CN": "joined"}),
    ],
)
def test_whose_act_a_clause_tells(text: str, expected: dict[str, str]) -> None:
    assert _statuses(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The founders' laboratory signs with the newcomer: the institution after "with" is the partner.
        ("深空探测实验室与Spacetalk公司签署了国际月球科研站合作协议。", {"institution:spacetalk": "joined"}),
        ("The Deep Space Exploration Laboratory signed an ILRS cooperation agreement with the University of "
         "Sharjah.", {"institution:university-of-sharjah": "joined", "country:CN": "joined"}),
        # A passive signing names no subject: the institution it was signed with is the partner.
        ("С Казанским федеральным университетом подписан меморандум о сотрудничестве по Международной научной "
         "лунной станции.", {"institution:kazan-federal-university": "joined"}),
        # A newcomer's own signature with a university: the university is only its counterparty.
        ("Ghana signed the ILRS memorandum with Peking University.", {"country:GH": "joined"}),
    ],
)
def test_an_institution_after_with_is_the_partner_when_a_founder_or_nobody_is_the_subject(
        text: str, expected: dict[str, str]) -> None:
    assert {p.key: p.status for p in entities.extract(text).partners} == expected
