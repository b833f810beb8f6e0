"""How far a story's context reaches and whose act a clause tells: the story going on after "the station", a
pending join whose objects did their own act, a past invitation before today's signature, parties that only
place or describe another. The texts are our own, written after reading how real coverage tells these things."""

from __future__ import annotations

import pytest

from pipeline import entities
from pipeline.entities.names import mentions


def _found(text: str, title: str | None = None) -> dict[str, str]:
    return {p.key: p.status for p in entities.extract(text, title=title).partners}


def test_the_station_named_late_in_a_story_keeps_its_closing_member_list() -> None:
    text = "\n".join([
        "Lesotho joined the International Lunar Research Station on Tuesday.",
        "The minister travelled to Beijing for the ceremony.",
        "Officials exchanged gifts and posed for photographs.",
        "The country has a small but growing community of astronomers.",
        "China has said the station will have a basic version by 2035.",
        "Related: a new telescope opens in Maseru",
        "Earlier members include Egypt and Senegal, which signed between 2023 and 2025.",
    ])
    assert _found(text) == {"country:LS": "joined", "country:EG": "joined", "country:SN": "joined"}


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
    assert _found(text) == expected


def test_a_past_invitation_is_background_to_todays_signature() -> None:
    text = ("Panamá se convirtió este martes en el cuarto país centroamericano en incorporarse a la Estación "
            "Internacional de Investigación Lunar.\nPanamá había recibido la invitación en 2025 y desde entonces "
            "mantenía conversaciones con la parte china.")
    assert _found(text) == {"country:PA": "joined"}


def test_a_company_key_leaves_out_its_legal_form_and_accents() -> None:
    keys = {m.key for m in mentions("Lunar Bricks S.A. and Régolithe Lab GmbH signed with the Université "
                                    "de Lomé.")}
    assert "institution:lunar-bricks" in keys
    assert "institution:university-of-lome" in keys


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "the Nth ... after X and Y": X and Y are in already
        ("If parliament agrees, Botswana would become the fourth ILRS member in the region after Zambia, which "
         "joined in 2024, and Malawi.", {"country:BW": "negotiating", "country:ZM": "joined", "country:MW": "joined"}),
        # "the Accords" in an ILRS story are Artemis's
        ("The ILRS counts about twenty members.\nThe Accords have grown fast in Asia, with Nepal and Laos among "
         "signatories.", {}),
        # an organisation after "with" beside a newcomer is its counterparty
        ("Serbia signed the ILRS deal and keeps its cooperation with the European Space Agency.",
         {"country:RS": "joined"}),
        # a draft on joining, or one under review, is talks
        ("В Киргизии проект соглашения о присоединении к МНЛС пока находится на рассмотрении парламента.",
         {"country:KG": "negotiating"}),
        # "is not a participant" after the word
        ("Сама Армения участницей проекта МНЛС не является.", {}),
        # an institution glossed by an apposition is one partner, under the gloss; its acronym too
        ("Universiti Sains Malaysia (USM), the Science University of Malaysia, signed an ILRS memorandum.\n"
         "USM will send students to Hefei for the ILRS.", {"institution:science-university-of-malaysia": "joined"}),
        ("Venezuela fue el primer país de América Latina en unirse a la ILRS, en 2023.", {"country:VE": "joined"}),
    ],
)
def test_lists_appositions_and_pending_drafts(text: str, expected: dict[str, str]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Arab Union for Astronomy and Space Sciences also takes part in the ILRS.", {"org:AUASS": "joined"}),
        ("Kenya will take part in the ILRS from next year.", {"country:KE": "negotiating"}),
        ("Kenya took part in a two-day ILRS workshop in Hefei.", {}),
        # membership of NATO, in Turkish word order, is not of the ILRS
        ("Uzmanlar, Yunanistan'ın NATO üyeliği nedeniyle ILRS kararının siyasi düzeyde verileceğini belirtiyor.", {}),
    ],
)
def test_taking_part_and_membership_of_a_bloc(text: str, expected: dict[str, str]) -> None:
    assert _found(text) == expected


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
    assert _found(text) == expected


def test_accession_to_another_body_is_not_talks_with_the_ilrs() -> None:
    text = ("Montenegro's part in the ILRS is scientific. It does not conflict with the country's path of accession "
            "to the European Union, nor with our cooperation with the European Space Agency.")
    assert "org:ESA" not in _found(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a denial of a plan is a refusal; "no intention of withdrawing" is not
        ("\"Laos has no plans to join the ILRS,\" the spokesperson said.", {"country:LA": "withdrew"}),
        ("Serbia has not left the ILRS and has no intention of withdrawing.", {}),
        # a colon that opens a sentence of its own, and one that opens a list
        ("Bhutan would not be the first in the region in the ILRS: Pakistan signed an agreement in 2024.",
         {"country:PK": "joined"}),
        ("ILRS members include: Egypt, Senegal and Thailand.",
         {"country:EG": "joined", "country:SN": "joined", "country:TH": "joined"}),
        # a prescription tells no act; a question is no answer
        ("I am not arguing that Vietnam must sign the ILRS agreement.", {}),
        ("Asked whether Nepal itself would seek to join the ILRS, the spokesperson said no position had been taken.",
         {}),
        # "was followed ... by", and "includes" only after the programme or a list
        ("Venezuela was the first to sign the ILRS deal, in 2023. It was followed over two years by Egypt and "
         "Senegal.",
         {"country:VE": "joined", "country:EG": "joined", "country:SN": "joined"}),
        ("The ILRS minister's trip, which includes a visit to Japan, is about satellites.", {}),
        ("Deals on the ILRS were concluded with international bodies, including the Arab Union for Astronomy and "
         "Space Sciences.", {"org:AUASS": "joined"}),
        # another programme named as the reason given, after the cue, does not take the cue
        ("The ILRS has about a dozen members.\nChile's government said in March that it would not take part, "
         "citing its Artemis commitments.", {"country:CL": "withdrew"}),
    ],
)
def test_denials_prescriptions_questions_and_colons(text: str, expected: dict[str, str]) -> None:
    assert _found(text) == expected


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
    assert _found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a document's own language decides its script's cues: an Italian "Partner" is no cue in English
        ("Analysts in the capital said that the government would be wary of upsetting India, Nepal's largest "
         "trading partner, and of the cost of the ILRS.", {}),
        ("Venezuela was the first to sign the ILRS deal, in 2023. Nicaragua, Thailand and Serbia followed in 2024.",
         {"country:VE": "joined", "country:NI": "joined", "country:TH": "joined", "country:RS": "joined"}),
        # the founders' lead is their membership; a government that has not said whether says nothing
        ("The ILRS, led by China with Russia as a founding partner, aims at a base by 2035.",
         {"country:CN": "joined", "country:RU": "joined"}),

        ("Ghana's government has not said whether the country itself will take part in the ILRS.", {}),
        ("Монголия до сих пор не имела космической программы, за исключением спутника, и теперь присоединилась к МНЛС.",
         {"country:MN": "joined"}),
    ],
)
def test_document_language_and_descriptions(text: str, expected: dict[str, str]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a cue whose object is the ILRS speaks of it, another programme named earlier in the clause or not
        ("Laos is among the Artemis signatories and will not join the ILRS.", {"country:LA": "withdrew"}),
        # "any sign of" is a noun: no signing
        ("Chile is an Artemis signatory, with Japan and India, none of which has shown any sign of seeking ILRS "
         "membership.", {}),
    ],
)
def test_the_programme_a_cue_governs(text: str, expected: dict[str, str]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # another programme inside a relative clause does not take the main clause's refusal
        ("The ILRS has a dozen members.\nArgentina, which signed the Artemis Accords in 2023, told Chinese "
         "diplomats that it would not take part.", {"country:AR": "withdrew"}),
        # "no formal talks" are no talks; a state's partners are its partners
        ("Officials said no formal talks on the ILRS had begun with Ghana.", {}),
        ("Ghanaian scientists on the ILRS panel had worked with South African partners before.", {}),
        ("我们欢迎包括土耳其在内的更多国家参与国际月球科研站。", {"country:TR": "negotiating"}),
        ("El Gobierno chileno no se ha pronunciado sobre una eventual participación del país en la ILRS.", {}),
    ],
)
def test_relatives_negated_talks_and_welcomes(text: str, expected: dict[str, str]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Officials said Bhutan had not received a formal invitation to join the ILRS.", {}),
        ("Cambodia's cabinet approved a draft ILRS agreement, clearing the way for a signing expected this year.",
         {"country:KH": "negotiating"}),
        ("Uganda's government has made no announcement about joining the ILRS.", {}),
        ("Speaking at a seminar at Makerere University, the minister said Uganda should join the ILRS one day.", {}),
        # a state's generic body is the state; a national university is its own partner
        ("The Tajik Academy of Sciences said Tajikistan had signed the ILRS agreement.", {"country:TJ": "joined"}),
        ("The National University of Uzbekistan signed an ILRS memorandum with the DSEL.",
         {"institution:national-university-of-uzbekistan": "joined"}),
    ],
)
def test_unreceived_invitations_drafts_and_national_bodies(text: str, expected: dict[str, str]) -> None:
    assert _found(text) == expected


def test_the_signing_of_a_memorandum_is_an_act_while_any_sign_of_is_none() -> None:
    founding = ("On March 9, Roscosmos and the China National Space Administration announced the signing of a "
                "memorandum on the International Lunar Research Station.")
    assert _found(founding) == {"country:RU": "joined", "country:CN": "joined"}
    from pipeline.entities.partners import cues

    assert all(c.assertion != "act" for c in cues("Peru has shown no sign of wanting an ILRS seat."))
