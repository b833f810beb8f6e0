"""Pending wording is never `joined`: invitations, talks and plans, modal and conditional forms, a joining
spoken about or expected by others, drafts and requests."""

from __future__ import annotations

import pytest

from tests.extraction.texts import ES, FR, ILRS_ZH, MNLS, findings, statuses


@pytest.mark.parametrize(
    "text",
    [
        "Turkey was invited to join the ILRS.",
        "Turkey received an invitation to sign the ILRS agreement.",
        "Turkey welcomed the invitation to join the ILRS.",
        "Egypt is expected to sign the ILRS agreement next month.",
        "Egypt will join the ILRS in October.",
        "Egypt plans to join the ILRS.",
        "Egypt may become the twelfth member of the ILRS.",
        "If the ILRS agreement is signed as planned, Egypt will take part in the station.",
        "Egypt has applied to join the ILRS.",
        "Egypt is in talks about joining the ILRS.",
        "ILRS members are discussing an invitation to Egypt.",
        "Египет пригласили присоединиться к МНЛС.",
        "埃及受邀加入国际月球科研站。",
        f"Bolivia fue invitada a firmar el acuerdo de {ES}.",
        f"Le Mali a été invité à signer l'accord sur {FR}.",
    ],
)
def test_invitations_talks_and_plans_are_never_joined(text: str) -> None:
    found = findings(text)
    assert found and all(p.status != "joined" for p in found.values()), found


@pytest.mark.parametrize(
    ("text", "key", "status"),
    [
        ("中方邀请埃及加入国际月球科研站。", "country:EG", "negotiating"),
    ],
)
def test_pending_and_requested_acts_are_not_joined(text: str, key: str, status: str | None) -> None:
    found = findings(text).get(key)
    assert (found.status if found else None) == status


def test_looking_forward_to_concluding_talks_is_no_act() -> None:
    text = "An ILRS spokesman welcomed Ghana's interest and looked forward to concluding the talks."
    assert findings(text)["country:GH"].status != "joined"


@pytest.mark.parametrize(
    "text",
    [
        "Ghana is on the verge of joining the ILRS.",
        "Ghana is close to signing the ILRS memorandum, officials say.",
        "Ghana is in the process of joining the ILRS.",
        "Ghana may become the 16th country to join the ILRS.",
        "Ghana would be the 16th member of the ILRS if it signs.",
        "Officials said Ghana's accession to the ILRS could come next year.",
        "Ghana is seeking membership of the ILRS.",
        "Ghana's membership of the ILRS is under discussion.",
        "Ghana is considering joining the ILRS.",
        "Ghana could sign the ILRS agreement this year.",
    ],
)
def test_irrealis_and_non_finite_forms_are_never_joined(text: str) -> None:
    found = findings(text)["country:GH"]
    assert found.status == "negotiating" and found.assertion in ("intent", "talks")


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Ghana's cabinet approved a draft agreement on joining the ILRS.", "negotiating"),
        ("Talks on Ghana joining the ILRS continue.", "negotiating"),
        ("A deal that would see Ghana join the ILRS is being drafted.", "negotiating"),
        ("Ghana initialled the ILRS agreement, with a formal signing to follow.", "negotiating"),
        ("Ghana is not expected to join the ILRS soon.", None),
    ],
)
def test_a_joining_spoken_about_or_expected_by_others_is_not_done(text: str, status: str | None) -> None:
    found = findings(text).get("country:GH")
    assert (found.status if found else None) == status


@pytest.mark.parametrize(
    "text",
    [
        f"Египет будет участвовать в {MNLS}.",  # a future part is no membership
        f"Египет участвовал в конференции по {MNLS}.",  # attending a forum
        f"Египет и Китай объединяют усилия в рамках {MNLS}.",  # joining efforts, not a list of members
    ],
)
def test_russian_participation_wording_that_is_not_membership(text: str) -> None:
    assert statuses(text).get("country:EG") != "joined"


@pytest.mark.parametrize("text", [f"老挝为了加入{ILRS_ZH}，正在准备相关文件。", f"老挝力争加入{ILRS_ZH}。"])
def test_a_chinese_purpose_is_no_completed_act(text: str) -> None:
    assert statuses(text) == {"country:LA": "interested"}
