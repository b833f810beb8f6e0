"""A hedge or third-hand attribution lowers a finding's confidence a step."""

from __future__ import annotations

import pytest

from tests.extraction.texts import ES, FR, findings


@pytest.mark.parametrize(
    ("plain", "hedged", "key"),
    [
        ("Nepal signed the ILRS agreement on 3 March.", "Nepal reportedly signed the ILRS agreement on 3 March.",
         "country:NP"),
        ("Nepal signed the ILRS agreement on 3 March.",
         "According to media reports, Nepal signed the ILRS agreement on 3 March.", "country:NP"),
        ("Непал подписал соглашение о МНЛС 3 марта.", "Непал якобы подписал соглашение о МНЛС 3 марта.",
         "country:NP"),
        ("尼泊尔于3月3日签署国际月球科研站协议。", "据报道，尼泊尔于3月3日签署国际月球科研站协议。", "country:NP"),
        (f"Bolivia firmó el acuerdo de {ES} el 3 de marzo.",
         f"Bolivia supuestamente firmó el acuerdo de {ES} el 3 de marzo.", "country:BO"),
        (f"Le Pakistan a signé l'accord sur {FR} le 3 mars.", f"Le Pakistan aurait signé l'accord sur {FR} le 3 mars.",
         "country:PK"),
    ],
)
def test_a_hedge_lowers_confidence_a_step(plain: str, hedged: str, key: str) -> None:
    sure, unsure = findings(plain)[key], findings(hedged)[key]
    assert (sure.status, unsure.status) == ("joined", "joined")
    assert (sure.confidence, unsure.confidence) == ("high", "medium")
