"""Which party a clause speaks of: relative clauses, appositives, the main verb's subject."""

from __future__ import annotations

from tests.extraction.texts import findings, statuses


def test_a_relative_clause_speaks_of_its_own_partner_when_another_takes_the_main_verb() -> None:
    found = findings("Unlike Egypt, which has joined, Algeria is still weighing the ILRS offer.")
    assert {k: p.status for k, p in found.items()} == {"country:EG": "joined", "country:DZ": "negotiating"}
    assert findings("Bolivia, which signed in 2025, pulled out of the ILRS.")["country:BO"].status == "withdrew"


def test_a_membership_in_an_appositive_is_background_to_the_main_verb() -> None:
    text = "Ghana, an ILRS member since 2024, has withdrawn from the programme, the government said."
    assert findings(text)["country:GH"].status == "withdrew"
    assert findings("Chile and Peru, both ILRS members, backed the idea.")["country:CL"].status == "joined"


def test_a_relative_clause_to_the_sentence_end_is_its_noun_s() -> None:
    text = "Kamboja akan bergabung dengan ILRS setelah Laos, yang sudah menandatangani perjanjian pada 2024."
    found = statuses(text)
    assert found == {"country:KH": "negotiating", "country:LA": "joined"}
