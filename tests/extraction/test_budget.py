"""A document's extraction has a time budget: past it the document is too complex, and nothing hangs."""

from __future__ import annotations

import pytest

from pipeline import entities
from pipeline.entities.budget import Budget
from pipeline.errors import TooComplexError


class Ticking:
    """A clock that moves a second each time it is read."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 1.0
        return self.now


def test_a_document_past_its_budget_is_too_complex() -> None:
    text = "\n".join(f"Country number {n} signed the ILRS memorandum on Monday." for n in range(10))
    with pytest.raises(TooComplexError, match="budget of 3 s"):
        entities.extract(text, budget=Budget(3, clock=Ticking()))


def test_a_document_within_its_budget_is_read_whole() -> None:
    found = entities.extract("Nepal signed the ILRS memorandum on 3 May.", budget=Budget(1000, clock=Ticking()))
    assert [p.key for p in found.partners] == ["country:NP"]
