"""A country named as where an institution comes from, a place visited, a state in "relations with" or one an
aside names is no partner; a country that joins itself is one beside its institution."""

from __future__ import annotations

import pytest

from pipeline import entities
from pipeline.entities.names import Aliases, mentions


def _keys(text: str, aliases: Aliases | None = None) -> list[str]:
    return [m.key for m in mentions(text, aliases)]


def _pairs(text: str) -> set[tuple[str, str]]:
    return {(p.key, p.status) for p in entities.extract(text).partners}


@pytest.mark.parametrize(
    ("text", "institution", "country"),
    [
        ("Kenya's Technical University of Mombasa signed the ILRS memorandum.",
         "institution:technical-university-of-mombasa", "KE"),
        ("The University of Peshawar in Pakistan signed the ILRS memorandum.", "institution:university-of-peshawar",
         "PK"),
        ("Kazan Federal University (Russia) joined the ILRS.", "institution:kazan-federal-university", "RU"),
        # an institution the gazetteer lists is keyed by its English name, one it does not by the name as written
        ("La Universidad de Peshawar, en Pakistán, firmó el memorando.", "institution:university-of-peshawar", "PK"),
        ("La Universidad de Karachi, en Pakistán, firmó el memorando.", "institution:university-of-karachi", "PK"),
        ("L'Université de Nairobi (Kenya) a signé.", "institution:university-of-nairobi", "KE"),
        ("The Lahore Institute of Planetary Science, Pakistan, joined the ILRS.",
         "institution:lahore-institute-of-planetary-science", "PK"),
    ],
)
def test_an_institutions_country_qualifies_it_and_is_no_party(text: str, institution: str, country: str) -> None:
    (m,) = mentions(text)
    assert (m.key, m.country) == (institution, country)
    roles = {x.key: x.role for x in mentions(text, roles=True)}
    assert roles[f"country:{country}"] == "qualifier"


def test_a_country_adjective_on_a_generic_institution_is_no_party() -> None:
    assert _keys("The Kenyan institute joined the ILRS.") == []
    assert _keys("Кенийские учёные присоединились.") == []
    assert _keys("The Kenyan side joined the ILRS.") == ["country:KE"]
    assert _keys("Serbia and companies from Kenya joined.") == ["country:RS", "country:KE"]


def test_a_country_listed_beside_an_institution_is_still_a_party() -> None:
    text = "Pakistan and the University of Peshawar signed, as did Serbia."
    assert _keys(text) == ["country:PK", "institution:university-of-peshawar", "country:RS"]


def test_an_institutions_home_country_is_no_partner() -> None:
    text = ("The Omani technology firm Oman Lens signed a cooperation agreement on the International Lunar Research "
            "Station (ILRS) with the Deep Space Exploration Laboratory on Tuesday.")
    assert _pairs(text) == {("institution:oman-lens", "joined")}
    text = "Oman Lens (Oman) signed a cooperation agreement on the International Lunar Research Station (ILRS)."
    assert _pairs(text) == {("institution:oman-lens", "joined")}


def test_a_country_that_joins_itself_is_a_partner_beside_its_institution() -> None:
    text = ("The Omani technology firm Oman Lens signed a cooperation agreement on the International Lunar "
            "Research Station (ILRS) on Tuesday.\n"
            "A week later Oman itself signed an intergovernmental agreement to join the ILRS.")
    assert _pairs(text) == {("institution:oman-lens", "joined"), ("country:OM", "joined")}


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Oman Lens, a company from Oman, signed an ILRS memorandum with the Deep Space Exploration Laboratory.",
         "institution:oman-lens"),
        ("nanoSPACE AG, a small start-up based in Switzerland, joined the ILRS.", "institution:nanospace"),
    ],
)
def test_a_state_placing_an_institution_by_apposition_is_no_partner(text: str, key: str) -> None:
    assert {p.key for p in entities.extract(text).partners} == {key}


def test_scholars_of_a_state_are_not_the_state() -> None:
    assert _keys("更多蒙古学者将参与研究。") == []
