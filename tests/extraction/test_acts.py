"""What a clause asserts about a partner (act, membership, talks, invitation, intent, interest, refusal) where more
than one sentence's findings is checked: the confidence each gives, whom an invitation speaks of, ranks, wishes and
decisions. Each class's plain sentences, language by language, are rows of `sentences/<code>.yaml`."""

from __future__ import annotations

import pytest

from pipeline import entities
from tests.extraction.texts import findings, statuses


def test_russian_and_chinese_texts() -> None:
    ru = "Никарагуа подписала меморандум о присоединении к Международной научной лунной станции."
    zh = "泰国与中国国家航天局签署了国际月球科研站合作谅解备忘录。"
    assert statuses(ru)["country:NI"] == "joined"
    assert statuses(zh)["country:TH"] == "joined"
    assert entities.detect_language(ru) == "ru" and entities.detect_language(zh) == "zh"


def test_confidence_follows_what_the_clause_asserts() -> None:
    explicit = findings("SUPARCO signed the ILRS memorandum on Monday.")["country:PK"]
    plain = findings("Kazakhstan joined the ILRS.")["country:KZ"]
    listed = findings("The ILRS members include Belarus and Serbia.")["country:RS"]
    future = findings("Egypt is expected to sign the ILRS agreement.")["country:EG"]
    assert (explicit.confidence, plain.confidence, listed.confidence, future.confidence) == (
        "high", "medium", "medium", "low")
    assert findings("Argentina declined to join the ILRS.")["country:AR"].confidence == "high"


def test_an_active_invitation_speaks_of_the_invitee_not_of_who_invites() -> None:
    found = findings("South Africa, which joined in 2023, has invited Namibia to take part in the ILRS.")
    assert {k: p.status for k, p in found.items()} == {"country:ZA": "joined", "country:NA": "negotiating"}
    assert not findings("Kenya invited experts to the ILRS meeting.")


def test_partners_such_as_are_members_even_under_a_condition() -> None:
    found = findings("If the ILRS accord passes, Ghana would join partners such as Chile and Peru.")
    assert {k: p.status for k, p in found.items()} == {
        "country:GH": "negotiating", "country:CL": "joined", "country:PE": "joined"}


@pytest.mark.parametrize(
    "text",
    [
        "Ghana wants to be a member of the ILRS.",
        "Ghana hopes to be part of the ILRS.",
        "Ghana would like to become a full member of the ILRS.",
        'An official said Ghana "would like to be part of" the ILRS.',
    ],
)
def test_a_wished_membership_is_interest_not_membership(text: str) -> None:
    assert findings(text)["country:GH"].status == "interested"


@pytest.mark.parametrize("text", ["Ghana has decided against joining the ILRS.",
                                  "Ghana decided not to join the ILRS, the minister said.",
                                  "Ghana ruled out joining the ILRS."])
def test_a_decision_against_joining_is_a_refusal(text: str) -> None:
    assert findings(text)["country:GH"].status == "withdrew"


def test_the_signing_of_a_memorandum_is_an_act_while_any_sign_of_is_none() -> None:
    founding = ("On March 9, Roscosmos and the China National Space Administration announced the signing of a "
                "memorandum on the International Lunar Research Station.")
    assert statuses(founding) == {"country:RU": "joined", "country:CN": "joined"}
    from pipeline.entities.partners import cues

    assert all(c.assertion != "act" for c in cues("Peru has shown no sign of wanting an ILRS seat."))
