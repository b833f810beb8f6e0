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


def _statuses(text: str, title: str | None = None) -> dict[str, str]:
    return {p.key: p.status for p in entities.extract(text, title=title).partners}


MNLS_SHORT = "МНЛС"
ILRS_ZH = "国际月球科研站"
ES = "la Estación Internacional de Investigación Lunar"
FR = "la Station internationale de recherche lunaire"


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Despite objections in the U.S. Congress, Egypt signed the ILRS agreement.", {"country:EG": "joined"}),
        ("Egypt signed the ILRS agreement despite pressure from the United States.", {"country:EG": "joined"}),
        ("ILOA (which joined the ILRS in 2022) is planning a new observatory.", {"org:ILOA": "joined"}),
        (f"Несмотря на давление США, Египет подписал соглашение о {MNLS_SHORT}.", {"country:EG": "joined"}),
        (f"尽管美国施压，埃及仍签署了{ILRS_ZH}合作协议。", {"country:EG": "joined"}),
        (f"Pese a las críticas de Estados Unidos, Bolivia firmó su adhesión a {ES}.", {"country:BO": "joined"}),
        (f"Malgré les pressions des États-Unis, le Gabon a signé l'accord sur {FR}.", {"country:GA": "joined"}),
        # A city, then its state, only places the institution; ten organisations "across" states are theirs.
        ("The Central University in Caracas, Venezuela, signed an ILRS memorandum.",
         {"institution:central-university": "joined"}),
        ("More than ten organisations across Serbia, Switzerland and Thailand have signed up to the ILRS.", {}),
    ],
)
def test_an_aside_names_no_party_of_the_sentence(text: str, expected: dict[str, str]) -> None:
    assert _statuses(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an adjective after an institution's noun places it
        ("En 2025, una universidad peruana firmó un documento similar sobre la ILRS.", {}),
        ("Une université malienne a signé un accord sur la Station internationale de recherche lunaire.", {}),
        ("Uma universidade angolana assinou um memorando sobre a Estação Internacional de Pesquisa Lunar.", {}),
        # the Arab League by its short name is a bloc, never a partner
        ("إلا أن الجامعة العربية ليست طرفاً في مشروع المحطة الدولية لأبحاث القمر.", {}),
        # French: a negated intent with an elided article is a refusal
        ("L'Agence spatiale européenne (ESA) n'a pas l'intention de participer à la Station internationale de "
         "recherche lunaire.", {"org:ESA": "withdrew"}),
    ],
)
def test_home_adjectives_blocs_and_elided_negations(text: str, expected: dict[str, str]) -> None:
    assert _statuses(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a place an official visits, a state in "relations with", another's partner: no parties
        ("Laos is weighing the ILRS offer, its minister said on Monday during a visit to Japan.",
         {"country:LA": "negotiating"}),
        ("A África do Sul, parceira do Brasil no BRICS, assinou acordo sobre a ILRS em 2023.",
         {"country:ZA": "joined"}),
        ("Le Mali, partenaire du Burkina au sein de l'AES, n'est pas concerné par l'accord sur l'ILRS.", {}),
        # a denied report tells no act; a free relative ("whatever we sign") neither
        ("The agency denied media reports that Bhutan had signed an ILRS agreement.", {}),
        ("Агентство опровергло сообщения СМИ о том, что Иран подписал соглашение о МНЛС.", {}),
        ("\"Whatever we sign must be good for Laos,\" he said of the ILRS.", {}),
        # Arabic: a negation before a verb's person prefix
        ("ولم توقّع الكويت على اتفاقية المحطة الدولية لأبحاث القمر بعد.", {}),
        # membership of the Gulf Cooperation Council, of APSCO in Turkish word order
        ("وتجمع الكويت بهذه الدول عضوية مجلس التعاون لدول الخليج العربية، بحسب تقرير عن المحطة الدولية لأبحاث القمر.",
         {}),
        ("Türkiye, Asya-Pasifik Uzay İşbirliği Örgütü'nün (APSCO) de üyesi; ILRS görüşmeleri ikili düzeyde.", {}),
    ],
)
def test_visits_relations_denials_and_other_bodies(text: str, expected: dict[str, str]) -> None:
    assert _statuses(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a state placing an institution by possession, a listed acronym in brackets after a local name
        ("The DSEL signed ILRS memoranda with Thailand's National Astronomical Research Institute (NARIT).",
         {"institution:national-astronomical-research-institute-of-thailand": "joined", "country:CN": "joined"}),
        # what a company is, before its name, is no part of it
        ("Das Münchner Raumfahrt-Start-up Selene Drills GmbH hat eine Absichtserklärung über die Internationale "
         "Mondforschungsstation unterzeichnet.", {"institution:selene-drills": "joined"}),
        # Arabic: a definite name with its adjectives; generic heads and indefinite adjectives are no names
        ("وقّعت الجمعية الفلكية المغربية مذكرة تفاهم بشأن المحطة الدولية لأبحاث القمر.",
         {"institution:الجمعية-الفلكية-المغربية": "joined"}),
        ("وقّع المختبر وثائق مماثلة بشأن المحطة الدولية لأبحاث القمر مع أكثر من ثلاثين جامعة ومعهداً وشركة حول "
         "العالم.", {}),
        # the source's institution says nothing of its own status
        ("ونقلت صحيفة عن مصدر في الجمعية العلمية الملكية قوله إن الأردن يرغب في المشاركة في المحطة الدولية لأبحاث "
         "القمر.", {"country:JO": "interested"}),
        # a state named in "relations with" is no party
        ("Deputados questionaram se uma adesão à ILRS afetaria a relação com os Estados Unidos.", {}),
        ("Egypt signed the ILRS deal despite close relations with the United States.", {"country:EG": "joined"}),
        ("Das DSEL hat Papiere zur Internationalen Mondforschungsstation unterzeichnet, darunter mit Unternehmen "
         "aus der Schweiz.", {"country:CN": "joined"}),
    ],
)
def test_institutions_sources_and_relations(text: str, expected: dict[str, str]) -> None:
    assert _statuses(text) == expected
