"""More wording in de, it, id, uk, zh and the gazetteer: joining named inside an invitation or talks, refusals
by ruling out, Italian and Ukrainian adjectives and case forms of states, pending acts in Indonesian."""

from __future__ import annotations

import pytest

from pipeline import entities


def _found(text: str) -> dict[str, str]:
    return {p.key: p.status for p in entities.extract(text).partners}

CASES = [
    # zh: joining inside the object of an invitation, talks or an application says nothing by itself
    ("尼泊尔政府表示，已接到中方关于参与国际月球科研站建设的邀请。", "country:NP", "negotiating", "invitation"),
    ("老挝正在研究有关加入国际月球科研站的邀请。", "country:LA", "negotiating", "invitation"),
    ("中方与孟加拉国就参与国际月球科研站一事进行了磋商。", "country:BD", "negotiating", "talks"),
    ("秘鲁日前递交了加入国际月球科研站的申请。", "country:PE", "negotiating", "talks"),
    # de: ruling out is a refusal; "not ruled out" says nothing
    ("Österreich hat eine Teilnahme an der Internationalen Mondforschungsstation ausgeschlossen.", "country:AT",
     "withdrew", "refusal"),
    ("Für die Schweiz kommt ein Beitritt zur ILRS unter diesen Bedingungen nicht in Frage.", "country:CH",
     "withdrew", "refusal"),
    ("Polen schließt eine Mitwirkung an der ILRS aus.", "country:PL", "withdrew", "refusal"),
    # it: a state's adjective after its government or ministry; a negated interest
    ("Il governo ungherese ha comunicato di non essere interessato alla ILRS.", "country:HU", "withdrew",
     "refusal"),
    ("Il ministero egiziano della ricerca ha firmato un accordo sulla ILRS.", "country:EG", "joined", "act"),
    ("La Serbia ha spiegato di non essere interessata alla Stazione Internazionale di Ricerca Lunare.",
     "country:RS", "withdrew", "refusal"),
    # id: a wish ("agar … bergabung"), a conditional main clause, "will become", a reported plan to sign
    ("Tiongkok mengirim undangan supaya Filipina bergabung dengan ILRS.", "country:PH", "negotiating", None),
    ("Jika disetujui, Vietnam akan menjadi negara berikutnya yang bergabung dengan ILRS.", "country:VN",
     "negotiating", "intent"),
    ("Kamboja dikabarkan akan menandatangani perjanjian ILRS pekan depan.", "country:KH", "negotiating", "intent"),
    # uk: apostrophe forms in any case, adjectives, "ruled out"
    ("Китай веде переговори з М'янмою щодо МНМС.", "country:MM", "negotiating", "talks"),
    ("Консультації з в’єтнамською стороною щодо МНМС тривають.", "country:VN", "negotiating", "talks"),
    ("Посадовці заявили, що участь Польщі в МНМС виключена.", "country:PL", "withdrew", "refusal"),
    # gazetteer: Ghana's space institute is the state
    ("The Ghana Space Science and Technology Institute signed an ILRS agreement with the CNSA on Tuesday.",
     "country:GH", "joined", "act"),
]


@pytest.mark.parametrize(("text", "key", "status", "assertion"), CASES, ids=[c[1] for c in CASES])
def test_wording(text: str, key: str, status: str, assertion: str | None) -> None:
    found = {p.key: p for p in entities.extract(text).partners}
    assert key in found, found
    assert found[key].status == status
    if assertion is not None:
        assert found[key].assertion == assertion


@pytest.mark.parametrize("text", [
    "Ein Beitritt Norwegens zur ILRS ist nicht ausgeschlossen.",
    "Участь Молдови в МНМС не виключена.",
])
def test_not_ruled_out_is_no_refusal(text: str) -> None:
    assert all(p.status != "withdrew" for p in entities.extract(text).partners)


def test_a_states_own_partners_are_not_the_stations() -> None:
    text = ("Keputusan soal ILRS menyangkut hubungan Indonesia dengan Jepang dan mitra lain, kata sumber itu.")
    assert not any(p.key == "country:JP" and p.status == "joined" for p in entities.extract(text).partners)


def test_a_relative_clause_to_the_sentence_end_is_its_noun_s() -> None:
    text = "Kamboja akan bergabung dengan ILRS setelah Laos, yang sudah menandatangani perjanjian pada 2024."
    found = _found(text)
    assert found == {"country:KH": "negotiating", "country:LA": "joined"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zu den Staaten, die bereits Abkommen unterzeichnet haben, gehören bei der Internationalen "
         "Mondforschungsstation Pakistan und Ägypten.", {"country:PK": "joined", "country:EG": "joined"}),
        # a cue another Latin-script language shares is negated in the sentence's own language
        ("Instrumente für die Internationale Mondforschungsstation machen Österreich nicht zum Partner.", {}),
        ("우주항공청(KASA)은 국제달연구기지(ILRS) 사업에 참여할 계획이 없다고 밝혔다.", {"country:KR": "withdrew"}),
        ("아시아에서는 파키스탄, 태국에 이어 타지키스탄이 ILRS에 합류했다.",
         {"country:PK": "joined", "country:TH": "joined", "country:TJ": "joined"}),
    ],
)
def test_german_lists_shared_cues_and_korean_denials(text: str, expected: dict[str, str]) -> None:
    assert _found(text) == expected


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
    assert _found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("中国国家航天局代表团与孟加拉国空间研究与遥感组织就孟方参与国际月球科研站合作举行了首轮磋商。",
         {"country:BD": "negotiating"}),
        ("\"Argentina no tiene previsto adherir a la ILRS\", señaló el director de la agencia.",
         {"country:AR": "withdrew"}),
        ("Die Bundesregierung plant keine Beteiligung Deutschlands an der Internationalen Mondforschungsstation.",
         {"country:DE": "withdrew"}),
        ("Eine Mitwirkung Österreichs an der Internationalen Mondforschungsstation ist nicht vorgesehen.",
         {"country:AT": "withdrew"}),
        # a state inside a relative clause takes no cue from the main clause
        ("Gespräche über die Internationale Mondforschungsstation, die es vor dem Angriff auf die Ukraine gegeben "
         "habe, seien nicht fortgesetzt worden.", {}),
    ],
)
def test_talks_on_a_partys_joining_and_denied_plans(text: str, expected: dict[str, str]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "countries such as" in Romance languages, verb first or not
        ("Secondo la CNSA, hanno firmato accordi di cooperazione Paesi come Pakistan ed Egitto per la Stazione "
         "Internazionale di Ricerca Lunare.", {"country:PK": "joined", "country:EG": "joined", "country:CN": "joined"}),
        ("Ya participan en la Estación Internacional de Investigación Lunar países como Bolivia y Cuba.",
         {"country:BO": "joined", "country:CU": "joined"}),
        # signatories of the accords are not ILRS members
        ("L'Italia è tra i firmatari fondatori degli accordi e non aderirà alla Stazione Internazionale di Ricerca "
         "Lunare.", {"country:IT": "withdrew"}),
    ],
)
def test_romance_lists_and_other_accords(text: str, expected: dict[str, str]) -> None:
    assert _found(text) == expected


def test_a_short_question_heading_uses_no_room_in_the_story_s_context() -> None:
    text = "\n".join([
        "What is the ILRS?", "The International Lunar Research Station is a Chinese-led plan for a Moon base.",
        "Who has signed?", "Countries that have signed agreements include Peru and Chile.",
        "Who is in talks?", "Officials say more countries are negotiating.",
        "Which bodies?", "Two intergovernmental bodies, APSCO and AUASS, are also partners.",
    ])
    assert _found(text) == {"country:CN": "joined",  # "a Chinese-led plan": the founder's lead
                            "country:PE": "joined", "country:CL": "joined",
                            "org:APSCO": "joined", "org:AUASS": "joined"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nach chinesischen Angaben haben sich ein Dutzend Staaten der Internationalen Mondforschungsstation "
         "angeschlossen, darunter Ägypten und Pakistan.", {"country:EG": "joined", "country:PK": "joined"}),
        ("Серед країн, які приєдналися до Міжнародної наукової місячної станції, — Білорусь і Казахстан.",
         {"country:BY": "joined", "country:KZ": "joined"}),
        ("أعلنت سلطنة عُمان أنها تجري مشاورات بشأن الانضمام إلى محطة أبحاث القمر الدولية.",
         {"country:OM": "negotiating"}),
        ("Jika jadi bergabung dengan ILRS, Malaysia akan menjadi negara ASEAN ketiga setelah Thailand dan Kamboja.",
         {"country:MY": "negotiating", "country:TH": "joined", "country:KH": "joined"}),
        ("Badan Antariksa Malaysia dan CNSA telah merampungkan naskah perjanjian ILRS dan penandatanganan "
         "diperkirakan berlangsung tahun depan.", {"country:MY": "negotiating"}),
        ("중국 국가항천국은 24일 아프리카우주청(AfSA)이 국제달연구기지(ILRS) 참여 문서에 서명했다고 발표했다.",
         {"org:AFSA": "joined", "country:CN": "joined"}),
        # a refusal tells of its subject, not of a body named past a comma after it
        ("Ghana decided not to take part in the ILRS, preferring to focus on the African Space Agency's programmes.",
         {"country:GH": "withdrew"}),
    ],
)
def test_lists_talks_and_pending_signings_in_more_languages(text: str, expected: dict[str, str]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Die ungarische Regierung prüft eine Einladung Chinas zur Internationalen Mondforschungsstation.",
         {"country:HU": "negotiating"}),
        ("Der Nachbarstaat Serbien gehört der Internationalen Mondforschungsstation seit 2024 an.",
         {"country:RS": "joined"}),
        ("Einzelne deutsche Forschende liefern Instrumente, doch das ist keine politische Mitgliedschaft in der "
         "Internationalen Mondforschungsstation.", {}),
        ("El Gobierno uruguayo no ha recibido ni estudiado una propuesta para adherir a la ILRS.", {}),
        ("Ouagadougou rejoint l'ILRS après le Sénégal voisin, signataire en 2024.", {"country:SN": "joined"}),
        ("وقع معهد الكويت للأبحاث العلمية مذكرة تفاهم في إطار محطة أبحاث القمر الدولية.",
         {"institution:kuwait-institute-for-scientific-research": "joined"}),
        # a German word is no cue or home noun inside a Spanish one ("Firma" / "firmó")
        ("TEGUCIGALPA, 10 dic - Panamá firmó el martes un memorando para sumarse a la Estación Internacional de "
         "Investigación Lunar.", {"country:PA": "joined"}),
        ("Argentina will not pursue membership of the International Lunar Research Station.",
         {"country:AR": "withdrew"}),
    ],
)
def test_german_adjectives_and_more_refusals(text: str, expected: dict[str, str]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("深空探测实验室与阿根廷卫星技术企业安第斯轨道公司(Andes Orbital)签署了国际月球科研站合作谅解备忘录。",
         {"institution:andes-orbital": "joined", "country:CN": "joined"}),
        ("Al progetto ILRS partecipano già diversi paesi, tra cui Thailandia e Senegal.",
         {"country:TH": "joined", "country:SN": "joined"}),
        ("Angola junta-se assim à África do Sul entre os países envolvidos na ILRS.", {"country:ZA": "joined"}),
        ("BRIN tengah menjajaki kemungkinan Indonesia bergabung dengan ILRS.", {"country:ID": "negotiating"}),
        ("Nepal would like to take part in the ILRS; Nepal's scientists should not be spectators as others join.",
         {"country:NP": "interested"}),
    ],
)
def test_glosses_lists_and_possibilities(text: str, expected: dict[str, str]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("日前，深空探测实验室与斯里兰卡亚瑟·克拉克现代技术研究所签署国际月球科研站合作谅解备忘录。",
         {"institution:arthur-c-clarke-institute-for-modern-technologies": "joined", "country:CN": "joined"}),

        ("وقّعت جامعة الكويت مذكرة تفاهم للتعاون في مجال المحطة الدولية لأبحاث القمر.",
         {"institution:جامعة-الكويت": "joined"}),
        ("Das Bremer Raumfahrt-Start-up Mondwerk Robotik hat eine Absichtserklärung zur Internationalen "
         "Mondforschungsstation unterzeichnet.", {"institution:mondwerk-robotik": "joined"}),
        ("Eine Sprecherin stellte klar, dass sich die Bundesrepublik nicht an der Internationalen "
         "Mondforschungsstation beteiligen werde.", {"country:DE": "withdrew"}),
        ("과학기술정보통신부 관계자는 \"한국은 국제달연구기지에 참여할 계획이 없다\"고 밝혔다.",
         {"country:KR": "withdrew"}),
        ("The Budapest University of Technology has terminated the ILRS memorandum it signed in 2024.",
         {"institution:budapest-university-of-technology": "withdrew"}),
        ("Tajikistan signed the ILRS agreement, becoming the first Central Asian country after Kazakhstan to join.",
         {"country:TJ": "joined", "country:KZ": "joined"}),
    ],
)
def test_middle_dots_state_names_and_terminations(text: str, expected: dict[str, str]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DUBAI - Falcon Lunar Systems, a Dubai-based developer of small robots, signed an ILRS memorandum with the "
         "DSEL.", {"institution:falcon-lunar-systems": "joined"}),
        ("Das Berliner Raumfahrt-Start-up Selene Robotics hat eine Absichtserklärung zur Internationalen "
         "Mondforschungsstation unterzeichnet.", {"institution:selene-robotics": "joined"}),
        ("PhilSA akan memusatkan kerja sama antariksa dengan mitra-mitra lama, termasuk Jepang, bukan ILRS.", {}),
        ("وقال العميد إن المذكرة لا تعني انضمام دولة الكويت إلى المحطة الدولية لأبحاث القمر.", {}),
    ],
)
def test_company_heads_old_partners_and_what_a_memorandum_does_not_mean(text: str, expected: dict[str, str]) -> None:
    assert _found(text) == expected
