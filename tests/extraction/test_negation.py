"""Negation cancels a cue or turns a plan into a refusal; a question, a prescription or a denied report
tells nothing."""

from __future__ import annotations

import pytest

from pipeline import entities


@pytest.mark.parametrize("text", [
    "Ein Beitritt Norwegens zur ILRS ist nicht ausgeschlossen.",
    "Участь Молдови в МНМС не виключена.",
])
def test_not_ruled_out_is_no_refusal(text: str) -> None:
    assert all(p.status != "withdrew" for p in entities.extract(text).partners)


def test_a_state_not_mentioned_in_a_list_is_no_party() -> None:
    text = "The China National Space Administration has not mentioned Myanmar in its list of ILRS countries in talks."
    assert not entities.extract(text).partners
