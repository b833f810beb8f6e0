"""What a clause asserts about a partner, in every supported language: class, status, negation, hedges,
confidence, context (payload lists, forums, Artemis), and one article's claims resolved in order."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline import entities
from pipeline.entities import lexicon
from pipeline.records import PartnerFinding

AP = "منظمة التعاون الفضائي لآسيا والمحيط الهادئ (APSCO)"
ILRS_AR = "المحطة الدولية لأبحاث القمر"
ES = "la Estación Internacional de Investigación Lunar"
FR = "la Station internationale de recherche lunaire"

# (language, sentence, partner, status, class); status None: the sentence says nothing of the partner.
CASES = [
 ("en", "Nicaragua signed a memorandum on joining the ILRS on 5 May.", "country:NI", "joined", "act"),
 ("en", "The ILRS members include Belarus, Serbia and Senegal.", "country:SN", "joined", "membership"),
 ("en", "Malaysia is in talks with China about the ILRS.", "country:MY", "negotiating", "talks"),
 ("en", "Armenia has applied to join the ILRS.", "country:AM", "negotiating", "talks"),
 ("en", "Turkey was invited to join the ILRS.", "country:TR", "negotiating", "invitation"),
 ("en", "Turkey welcomed the invitation to join the ILRS.", "country:TR", "interested", "interest"),
 ("en", "ILRS members are discussing an invitation to Turkey.", "country:TR", "negotiating", "invitation"),
 ("en", "Egypt is expected to sign the ILRS agreement next month.", "country:EG", "negotiating", "intent"),
 ("en", "Peru plans to join the ILRS.", "country:PE", "interested", "intent"),
 ("en", "Mongolia has expressed interest in the ILRS.", "country:MN", "interested", "interest"),
 ("en", "Argentina declined to join the ILRS.", "country:AR", "withdrew", "refusal"),
 ("en", "Argentina turned down an offer to join the ILRS.", "country:AR", "withdrew", "refusal"),
 ("en", "Kenya has not joined the ILRS.", "country:KE", None, None),
 ("en", "Kenya is not interested in the ILRS.", "country:KE", "withdrew", "refusal"),
 ("en", "Kenya has not been invited to the ILRS.", "country:KE", None, None),
 ("en", "Nepal has reportedly signed the ILRS agreement.", "country:NP", "joined", "act"),
 ("ru", "Никарагуа подписала меморандум о присоединении к МНЛС.", "country:NI", "joined", "act"),
 ("ru", "Участниками МНЛС уже являются Белоруссия, Пакистан и Азербайджан.", "country:PK", "joined", "membership"),
 ("ru", "Малайзия ведёт переговоры о присоединении к МНЛС.", "country:MY", "negotiating", "talks"),
 ("ru", "Турцию пригласили присоединиться к МНЛС.", "country:TR", "negotiating", "invitation"),
 ("ru", "Египет планирует присоединиться к МНЛС.", "country:EG", "interested", "intent"),
 ("ru", "Египет подпишет соглашение о МНЛС в следующем месяце.", "country:EG", "negotiating", "intent"),
 ("ru", "Монголия проявила интерес к МНЛС.", "country:MN", "interested", "interest"),
 ("ru", "Аргентина отказалась от участия в МНЛС.", "country:AR", "withdrew", "refusal"),
 ("ru", "Кения ещё не присоединилась к МНЛС.", "country:KE", None, None),
 ("ru", "Кения не подписала соглашение о МНЛС.", "country:KE", None, None),
 ("ru", "По неподтверждённым данным, Непал подписал соглашение о МНЛС.", "country:NP", "joined", "act"),
 ("zh", "巴基斯坦与中国国家航天局签署了国际月球科研站合作协议。", "country:PK", "joined", "act"),
 ("zh", "国际月球科研站的成员包括白俄罗斯、塞尔维亚和塞内加尔。", "country:RS", "joined", "membership"),
 ("zh", "马来西亚正在就加入国际月球科研站进行谈判。", "country:MY", "negotiating", "talks"),
 ("zh", "土耳其受邀加入国际月球科研站。", "country:TR", "negotiating", "invitation"),
 ("zh", "埃及计划加入国际月球科研站。", "country:EG", "interested", "intent"),
 ("zh", "埃及有望下月签署国际月球科研站协议。", "country:EG", "negotiating", "intent"),
 ("zh", "蒙古国对国际月球科研站表示兴趣。", "country:MN", "interested", "interest"),
 ("zh", "阿根廷拒绝加入国际月球科研站。", "country:AR", "withdrew", "refusal"),
 ("zh", "肯尼亚尚未加入国际月球科研站。", "country:KE", None, None),
 ("zh", "肯尼亚没有加入国际月球科研站。", "country:KE", None, None),
 ("zh", "据报道，尼泊尔已签署国际月球科研站协议。", "country:NP", "joined", "act"),
 ("es", f"Nicaragua firmó un memorando para sumarse a {ES}.", "country:NI", "joined", "act"),
 ("es", f"Venezuela es miembro de {ES}.", "country:VE", "joined", "membership"),
 ("es", f"Bolivia negocia su adhesión a {ES}.", "country:BO", "negotiating", "talks"),
 ("es", f"Bolivia fue invitada a sumarse a {ES}.", "country:BO", "negotiating", "invitation"),
 ("es", f"Nicaragua firmará el acuerdo de {ES} el próximo mes.", "country:NI", "negotiating", "intent"),
 ("es", f"Bolivia planea unirse a {ES}.", "country:BO", "interested", "intent"),
 ("es", f"Bolivia expresó su interés en {ES}.", "country:BO", "interested", "interest"),
 ("es", f"Bolivia se retiró de {ES}.", "country:BO", "withdrew", "refusal"),
 ("es", f"Bolivia no firmó el acuerdo de {ES}.", "country:BO", None, None),
 ("es", f"Bolivia aún no se ha sumado a {ES}.", "country:BO", None, None),
 ("es", f"Según fuentes cercanas, Bolivia firmó el acuerdo de {ES}.", "country:BO", "joined", "act"),
 ("fr", f"Le Pakistan a signé un accord sur {FR}.", "country:PK", "joined", "act"),
 ("fr", f"Le Venezuela est membre de {FR}.", "country:VE", "joined", "membership"),
 ("fr", f"Le Nicaragua mène des négociations sur {FR}.", "country:NI", "negotiating", "talks"),
 ("fr", f"Le Pakistan a été invité à rejoindre {FR}.", "country:PK", "negotiating", "invitation"),
 ("fr", f"Le Nicaragua signera l'accord sur {FR} le mois prochain.", "country:NI", "negotiating", "intent"),
 ("fr", f"Le Nicaragua envisage de rejoindre {FR}.", "country:NI", "interested", "intent"),
 ("fr", f"Le Nicaragua s'intéresse à {FR}.", "country:NI", "interested", "interest"),
 ("fr", f"Le Venezuela ne participera pas à {FR}.", "country:VE", "withdrew", "refusal"),
 ("fr", f"Le Pakistan n'a pas signé l'accord sur {FR}.", "country:PK", None, None),
 ("fr", f"Le Pakistan n'a pas encore rejoint {FR}.", "country:PK", None, None),
 ("fr", f"Le Pakistan aurait signé l'accord sur {FR}.", "country:PK", "joined", "act"),
 ("ar", f"وقعت {AP} اتفاقية للانضمام إلى {ILRS_AR}.", "org:APSCO", "joined", "act"),
 ("ar", f"أصبحت {AP} عضوا في {ILRS_AR}.", "org:APSCO", "joined", "act"),
 ("ar", f"{AP} عضو في {ILRS_AR} منذ عام 2023.", "org:APSCO", "joined", "membership"),
 ("ar", f"تجري {AP} مفاوضات بشأن {ILRS_AR}.", "org:APSCO", "negotiating", "talks"),
 ("ar", f"تلقت {AP} دعوة للانضمام إلى {ILRS_AR}.", "org:APSCO", "negotiating", "invitation"),
 ("ar", f"قالت {AP} إنها تعتزم الانضمام إلى {ILRS_AR}.", "org:APSCO", "interested", "intent"),
 ("ar", f"من المتوقع أن توقع {AP} على اتفاقية {ILRS_AR} الشهر المقبل.", "org:APSCO", "negotiating", "intent"),
 ("ar", f"أبدت {AP} اهتمامها بـ{ILRS_AR}.", "org:APSCO", "interested", "interest"),
 ("ar", f"انسحبت {AP} من {ILRS_AR}.", "org:APSCO", "withdrew", "refusal"),
 ("ar", f"لم تنضم {AP} إلى {ILRS_AR}.", "org:APSCO", None, None),
 ("ar", f"يقال إن {AP} وقعت اتفاقية {ILRS_AR}.", "org:APSCO", "joined", "act"),
]


def _found(text: str, title: str | None = None) -> dict[str, PartnerFinding]:
    return {p.key: p for p in entities.extract(text, title=title).partners}


@pytest.mark.parametrize(("language", "text", "key", "status", "assertion"), CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_each_class_in_each_language(language: str, text: str, key: str, status: str | None,
                                     assertion: str | None) -> None:
    found = _found(text).get(key)
    assert ((found.status, found.assertion) if found else (None, None)) == (status, assertion), language


def test_every_language_file_has_every_class() -> None:
    folder = Path(lexicon.__file__).parent / "lang"
    files = sorted(folder.glob("*.yaml"))
    assert len(files) >= 9
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        code = data["code"]
        assert code == path.stem, code
        assert {c["class"] for c in data["cues"]} == set(lexicon.CLASS_STATUS), code
        intents = {c.get("status") for c in data["cues"] if c["class"] == "intent"}
        assert intents == {"interested", "negotiating"}, code
        assert data["programme"] and data["negation"]["before"] and data["hedges"], code
        assert data["reported_speech"] and data["clause"]["boundaries"] and data["missions"]["named"], code
        assert all(data["near_miss"][group] for group in ("programmes", "payloads", "forums")), code
    assert {lang.code for lang in lexicon.languages()} == {path.stem for path in files}  # scripts known
    assert lexicon.vocabulary() is lexicon.vocabulary()  # read once


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
    found = _found(text)
    assert found and all(p.status != "joined" for p in found.values()), found


def test_confidence_follows_what_the_clause_asserts() -> None:
    explicit = _found("SUPARCO signed the ILRS memorandum on Monday.")["country:PK"]
    plain = _found("Kazakhstan joined the ILRS.")["country:KZ"]
    listed = _found("The ILRS members include Belarus and Serbia.")["country:RS"]
    future = _found("Egypt is expected to sign the ILRS agreement.")["country:EG"]
    assert (explicit.confidence, plain.confidence, listed.confidence, future.confidence) == (
        "high", "medium", "medium", "low")
    assert _found("Argentina declined to join the ILRS.")["country:AR"].confidence == "high"


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
    sure, unsure = _found(plain)[key], _found(hedged)[key]
    assert (sure.status, unsure.status) == ("joined", "joined")
    assert (sure.confidence, unsure.confidence) == ("high", "medium")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kenya has not yet joined the ILRS.", {}),
        ("Kenya has not been invited to the ILRS.", {}),
        ("Kenya is not interested in the ILRS.", {"country:KE": "withdrew"}),
        ("Kenya will not join the ILRS.", {"country:KE": "withdrew"}),
        ("Кения ещё не подписала соглашение о МНЛС.", {}),
        ("肯尼亚尚未加入国际月球科研站。", {}),
        (f"Bolivia no firmó el acuerdo de {ES}.", {}),
        (f"Le Pakistan n'a pas signé l'accord sur {FR}.", {}),
        (f"لم تنضم {AP} إلى {ILRS_AR}.", {}),
    ],
)
def test_negation_cancels_or_flips_a_cue(text: str, expected: dict[str, str]) -> None:
    assert {k: p.status for k, p in _found(text).items()} == expected


@pytest.mark.parametrize(
    "text",
    [
        "Chang'e-7 will carry instruments from Egypt, Bahrain, Italy and Thailand, the ILRS office said.",
        "Countries taking part in Chang'e-7 include Egypt, Bahrain and Thailand, officials of the ILRS said.",
        "嫦娥七号将搭载来自埃及、巴林、泰国等国家的科学载荷，为国际月球科研站奠定基础。",
        "Delegates from Brazil, Peru and Chile attended the ILRS forum in Hefei.",
        "Colombia, Ecuador and Peru signed the Artemis Accords, while the ILRS keeps growing.",
        "The ILRS laboratory signed memoranda with 10 institutions from countries such as Serbia and Switzerland.",
        "Roscosmos and CNSA held ILRS consultations with experts from France, Germany and Thailand.",
    ],
)
def test_payload_forum_artemis_and_home_lists_are_not_partners(text: str) -> None:
    assert not _found(text)


def test_an_ilrs_member_that_signs_the_artemis_accords_has_not_left() -> None:
    text = ("Thailand signed the Artemis Accords on Monday. Thailand, an ILRS member since 2024, said it "
            "remains in the ILRS.")
    assert {k: p.status for k, p in _found(text).items()} == {"country:TH": "joined"}


def test_a_background_list_is_evidence_for_each_party() -> None:
    found = _found("Azerbaijan, Pakistan and Belarus signed up to the ILRS during 2023.")
    assert {k: p.status for k, p in found.items()} == {
        "country:AZ": "joined", "country:PK": "joined", "country:BY": "joined"}


def test_a_rejoin_told_after_the_withdrawal_stands_with_its_own_evidence() -> None:
    text = ("Bolivia withdrew from the ILRS in 2025, citing its budget.\n"
            "On Tuesday the Bolivian Space Agency signed a new memorandum, and Bolivia rejoined the ILRS.")
    (bolivia,) = entities.extract(text).partners
    assert (bolivia.status, bolivia.assertion) == ("joined", "act")
    assert bolivia.evidence.quote.startswith("On Tuesday") and bolivia.signatory == "Bolivian Space Agency"
    assert text[bolivia.evidence.start : bolivia.evidence.end] == bolivia.evidence.quote


def test_an_exit_after_an_accession_in_one_article_is_the_news() -> None:
    text = "Bolivia joined the ILRS in 2024.\nBolivia withdrew from the ILRS this week."
    (bolivia,) = entities.extract(text).partners
    assert bolivia.status == "withdrew" and bolivia.evidence.quote.startswith("Bolivia withdrew")


def test_background_after_an_exit_does_not_undo_it() -> None:
    text = ("Argentina will not take part in the ILRS, the spokesman said.\n"
            "Argentina had received an invitation from China last year.")
    assert _found(text)["country:AR"].status == "withdrew"


def test_datelines_and_an_institutions_home_are_not_partners() -> None:
    assert set(_found("ISLAMABAD, Pakistan (AP) — Egypt signed the ILRS memorandum on Monday.")) == {"country:EG"}
    found = _found("The University of Peshawar in Pakistan signed an ILRS cooperation agreement.")
    assert set(found) == {"institution:university-of-peshawar"}


def test_mission_findings_carry_a_confidence() -> None:
    missions = entities.extract("Chang'e-8, a precursor of the ILRS, will launch in 2028.").missions
    assert [(m.name, m.year, m.confidence) for m in missions] == [("Chang'e-8", 2028, "high")]


@pytest.mark.parametrize(
    ("text", "name", "year"),
    [
        (f"La misión Chang'e-7 de {ES} se lanzará en agosto de 2026.", "Chang'e-7", 2026),
        (f"Le modèle de base de {FR} sera achevé d'ici 2035.", "ILRS basic model", 2035),
        (f"ستطلق الصين مهمة تشانغ إي-7 عام 2026 ضمن {ILRS_AR}.", "Chang'e-7", 2026),
        ("«Луна-27» № 1 и «Луна-27» № 2 станут частью МНЛС, запуск намечен на 2028 год.", "Luna-27", 2028),
        ("国际月球科研站将建设月球核电站。", "Lunar nuclear power plant", None),  # 核: named nuclear, one key
        ("国际月球科研站拓展型计划于2050年前建成。", "ILRS extended model", 2050),
    ],
)
def test_missions_in_every_language(text: str, name: str, year: int | None) -> None:
    found = {m.name: m.year for m in entities.extract(text).missions}
    assert name in found and found[name] == year


def test_a_relative_clause_speaks_of_its_own_partner_when_another_takes_the_main_verb() -> None:
    found = _found("Unlike Egypt, which has joined, Algeria is still weighing the ILRS offer.")
    assert {k: p.status for k, p in found.items()} == {"country:EG": "joined", "country:DZ": "negotiating"}
    assert _found("Bolivia, which signed in 2025, pulled out of the ILRS.")["country:BO"].status == "withdrew"


def test_a_founder_named_by_an_adjective_is_its_bodies_not_its_act() -> None:
    assert not _found("The Chinese deep space laboratory signed ILRS memoranda with Serbian institutes.")


@pytest.mark.parametrize(
    ("text", "key", "status"),
    [
        ("Egypt has yet to sign the ILRS agreement.", "country:EG", None),
        ("Egypt is set to become the next member of the ILRS.", "country:EG", "negotiating"),
        ("Egypt plans to become a member of the ILRS.", "country:EG", "interested"),
        ("土耳其已提交加入国际月球科研站的申请。", "country:TR", "negotiating"),
        ("泰国将于明年签署国际月球科研站协议。", "country:TH", "negotiating"),
        ("中方邀请埃及加入国际月球科研站。", "country:EG", "negotiating"),
        ("Россия и Китай пригласили к участию в МНЛС Вьетнам и Лаос.", "country:LA", "negotiating"),
        ("Также о намерении присоединиться к МНЛС заявили Таиланд и Египет.", "country:EG", "interested"),
    ],
)
def test_pending_and_requested_acts_are_not_joined(text: str, key: str, status: str | None) -> None:
    found = _found(text).get(key)
    assert (found.status if found else None) == status


DE = "die Internationale Mondforschungsstation"
PT = "a Estação Internacional de Pesquisa Lunar"


@pytest.mark.parametrize(
    ("text", "key", "status", "assertion"),
    [
        (f"Pakistan hat ein Abkommen über {DE} unterzeichnet.", "country:PK", "joined", "act"),
        (f"Pakistan hat das Abkommen über {DE} noch nicht unterzeichnet.", "country:PK", None, None),
        (f"Venezuela wurde zur Teilnahme an {DE} eingeladen.", "country:VE", "negotiating", "invitation"),
        (f"Pakistan führt Verhandlungen über den Beitritt zu {DE}.", "country:PK", "negotiating", "talks"),
        (f"Venezuela negocia sua adesão à {PT}.", "country:VE", "negotiating", "talks"),
        (f"Venezuela retirou-se da {PT}.", "country:VE", "withdrew", "refusal"),
        (f"Venezuela ainda não assinou o acordo da {PT}.", "country:VE", None, None),
    ],
)
def test_a_language_added_as_data_alone(text: str, key: str, status: str | None, assertion: str | None) -> None:
    found = _found(text).get(key)
    assert ((found.status, found.assertion) if found else (None, None)) == (status, assertion)


def test_an_active_invitation_speaks_of_the_invitee_not_of_who_invites() -> None:
    found = _found("South Africa, which joined in 2023, has invited Namibia to take part in the ILRS.")
    assert {k: p.status for k, p in found.items()} == {"country:ZA": "joined", "country:NA": "negotiating"}
    assert not _found("Kenya invited experts to the ILRS meeting.")



@pytest.mark.parametrize(
    ("text", "key", "status"),
    [
        ("Il Pakistan ha firmato un accordo sulla Stazione Internazionale di Ricerca Lunare.", "country:PK", "joined"),
        ("Il Venezuela è stato invitato ad aderire alla Stazione Internazionale di Ricerca Lunare.", "country:VE",
         "negotiating"),
        ("Il Venezuela si è ritirato dalla Stazione Internazionale di Ricerca Lunare.", "country:VE", "withdrew"),
    ],
)
def test_italian_as_data_alone(text: str, key: str, status: str) -> None:
    assert _found(text)[key].status == status


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("China and Russia signed the joint statement founding the ILRS in Beijing in 2021.",
         {"country:CN": "joined", "country:RU": "joined"}),
        ("Laos signed its ILRS memorandum with the China National Space Administration on Friday.",
         {"country:LA": "joined"}),
        # the founders lead the programme: members, whatever else the sentence tells
        ("Mexican observers praised the ILRS, led by its two founders, China and Russia.",
         {"country:CN": "joined", "country:RU": "joined"}),
        # a contract for equipment is no agreement on the programme, the contractor no partner
        ("Roscosmos signed a contract for the ILRS lander with an Ural engineering bureau.", {}),
        # an appositive's participle speaks of the noun before it only
        ("The ILRS laboratory, founded in 2022, plans the work that China and Russia carry out.", {}),
    ],
)
def test_a_founder_is_a_member_by_its_own_act_or_lead_and_never_the_other_party(text: str,
                                                                                expected: dict[str, str]) -> None:
    assert {k: p.status for k, p in _found(text).items()} == expected


@pytest.mark.parametrize(
    ("text", "key", "status"),
    [
        ("Officials said Ghana had finished its review and was expected to sign the ILRS deal.", "country:GH",
         "negotiating"),
        ("Ghana and the ILRS office agreed on the text, and a signing could follow in spring.", "country:GH",
         "negotiating"),
        ("Ghana became the 18th country to sign the ILRS agreement.", "country:GH", "joined"),
        ("Ghana became the eighteenth member of the ILRS.", "country:GH", "joined"),
    ],
)
def test_ordinals_rank_an_act_and_a_pending_signing_is_no_act(text: str, key: str, status: str) -> None:
    found = _found(text).get(key)
    assert (found.status if found else None) == status


def test_forum_people_and_foreign_ties_are_not_partners() -> None:
    text = ("Ghana signed the ILRS memorandum at a forum that drew scientists and officials from Chile, Peru and "
            "Japan.\nAny ILRS decision in Accra will be weighed against its ties with Canada and Mexico.")
    assert set(_found(text)) == {"country:GH"}


def test_partners_such_as_are_members_even_under_a_condition() -> None:
    found = _found("If the ILRS accord passes, Ghana would join partners such as Chile and Peru.")
    assert {k: p.status for k, p in found.items()} == {
        "country:GH": "negotiating", "country:CL": "joined", "country:PE": "joined"}


def test_a_founders_passive_signing_is_an_act_and_a_description_their_lead() -> None:
    signed = "The ILRS memorandum was signed by the heads of Roscosmos and the CNSA in 2021."
    assert {k: p.status for k, p in _found(signed).items()} == {"country:RU": "joined", "country:CN": "joined"}
    founded = _found("The ILRS, founded by China and Russia in 2021, now counts 13 members.")
    assert {k: p.status for k, p in founded.items()} == {"country:CN": "joined", "country:RU": "joined"}




def test_another_latin_language_s_cue_does_not_fire_inside_an_english_noun() -> None:
    text = "Russia and China signed a deal to build a power plant on the Moon to supply the ILRS."
    assert {p.assertion for p in _found(text).values()} == {"act"}


@pytest.mark.parametrize(
    "text",
    [
        "Ghana has left the ILRS, the minister said.\nGhana signed on to the ILRS in 2023, among the first in Africa.",
        "Ghana pulled out of the ILRS this week.\nIts agency had signed the ILRS memorandum with great fanfare.",
        "Ghana quit the ILRS on Monday, three years after it joined.\nGhana joined the ILRS two years ago.",
    ],
)
def test_background_told_after_the_news_does_not_override_it(text: str) -> None:
    assert _found(text)["country:GH"].status == "withdrew"


def test_dated_events_are_ordered_by_their_years() -> None:
    text = ("Ghana rejoined the ILRS in 2026 after a review.\n"
            "Ghana had withdrawn from the ILRS in 2024, citing costs, and had signed first in 2022.")
    assert _found(text)["country:GH"].status == "joined"


def test_a_member_list_late_in_an_accession_story_is_read() -> None:
    text = ("Ghana has joined the ILRS, its space agency said on Monday.\n"
            "The director signed the memorandum in Accra at a short ceremony held at the agency's offices.\n"
            "He said the country would contribute tracking and training to the project over several years.\n"
            "Ghana follows earlier partners such as Chile and Peru, which signed their agreements in 2024.")
    assert {k: p.status for k, p in _found(text).items()} == {
        "country:GH": "joined", "country:CL": "joined", "country:PE": "joined"}


def test_looking_forward_to_concluding_talks_is_no_act() -> None:
    text = "An ILRS spokesman welcomed Ghana's interest and looked forward to concluding the talks."
    assert _found(text)["country:GH"].status != "joined"


def test_a_year_after_an_appositive_naming_other_missions_is_the_first_names() -> None:
    text = ("The ILRS basic model, which relies on the Chang'e-7 and Chang'e-8 landers, is due to be "
            "complete by 2035.")
    found = {m.name: m.year for m in entities.extract(text).missions}
    assert found["ILRS basic model"] == 2035 and found.get("Chang'e-8") is None
    own = {m.name: m.year for m in entities.extract("Chang'e-7, due to fly in 2026, is an ILRS precursor.").missions}
    assert own["Chang'e-7"] == 2026


def test_membership_of_another_organisation_is_not_ilrs_membership() -> None:
    text = ("Several member states of the European Space Agency (ESA), including Spain and Greece, flew "
            "instruments on ILRS precursor missions.")
    assert not _found(text)
    assert set(_found("The ILRS members include Belarus and Spain.")) == {"country:BY", "country:ES"}


def test_an_accession_sequence_lists_members() -> None:
    text = "Among ILRS partners, Venezuela was first in 2022, followed by Chile, Peru and Egypt in 2023."
    assert {k: p.status for k, p in _found(text).items()} == {
        "country:VE": "joined", "country:CL": "joined", "country:PE": "joined", "country:EG": "joined"}


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
    found = _found(text)["country:GH"]
    assert found.status == "negotiating" and found.assertion in ("intent", "talks")


@pytest.mark.parametrize(
    "text",
    [
        "Chile, Peru and Egypt are already part of the ILRS.",
        "The ILRS partners are Chile, Peru and Egypt.",
        "Chile, Peru and Egypt already belong to the ILRS.",
        "The ILRS now counts Chile, Peru and Egypt among its members.",
        "Thirteen countries, including Chile, Peru and Egypt, have signed up to the ILRS.",
        "The ILRS has been joined earlier by Chile, Peru and Egypt.",
    ],
)
def test_background_membership_lists(text: str) -> None:
    assert {k: p.status for k, p in _found(text).items()} == {
        "country:CL": "joined", "country:PE": "joined", "country:EG": "joined"}


def test_the_station_keeps_its_site_beside_named_missions_but_not_a_past_year() -> None:
    text = "Luna-27 will map the landing area for the ILRS near the lunar south pole."
    found = {m.name: (m.year, m.site) for m in entities.extract(text).missions}
    assert found["ILRS"] == (None, "lunar south pole") and found["Luna-27"] == (None, None)
    text = "The ILRS, announced in 2021, aims to set up a base near the lunar south pole."
    found = {m.name: (m.year, m.site) for m in entities.extract(text).missions}
    assert found == {"ILRS": (None, "lunar south pole")}


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
    found = _found(text).get("country:GH")
    assert (found.status if found else None) == status


def test_a_membership_in_an_appositive_is_background_to_the_main_verb() -> None:
    text = "Ghana, an ILRS member since 2024, has withdrawn from the programme, the government said."
    assert _found(text)["country:GH"].status == "withdrew"
    assert _found("Chile and Peru, both ILRS members, backed the idea.")["country:CL"].status == "joined"


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
    assert _found(text)["country:GH"].status == "interested"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ghana, which signed the Artemis Accords last year, joined the ILRS on Monday.", {"country:GH": "joined"}),
        ("Unlike Ghana, which joined the ILRS, Togo signed the Artemis Accords.", {"country:GH": "joined"}),
        ("Ghana, which joined the ILRS in 2024, signed the Artemis Accords on Monday.", {"country:GH": "joined"}),
        ("The memorandum makes Ghana the 16th state to formally take part in the ILRS.", {"country:GH": "joined"}),
    ],
)
def test_a_relative_clause_is_read_with_the_programme_it_names(text: str, expected: dict[str, str]) -> None:
    assert {k: p.status for k, p in _found(text).items()} == expected


@pytest.mark.parametrize("text", ["Ghana has decided against joining the ILRS.",
                                  "Ghana decided not to join the ILRS, the minister said.",
                                  "Ghana ruled out joining the ILRS."])
def test_a_decision_against_joining_is_a_refusal(text: str) -> None:
    assert _found(text)["country:GH"].status == "withdrew"


def test_the_project_refers_back_to_the_programme_a_document_has_named() -> None:
    filler = [
        "The ministry's budget for science rose by a tenth this year, officials told the finance committee.",
        "Separately, the national weather service opened a new radar station in the north of the country.",
        "Teachers' unions met the education minister on Friday to discuss salaries for the coming school year.",
        "A new railway line to the coast is due to open in the spring after two years of construction.",
    ]
    story = "\n".join(
        ["Ghana signed an agreement on the International Lunar Research Station in Accra on Monday.", *filler,
         "Under the project, Namibia has been invited to send two scientists to a training course next year."]
    )
    found = {p.key: p.status for p in entities.extract(story).partners}
    assert found == {"country:GH": "joined", "country:NA": "negotiating"}
    # "The project" alone never makes a document about the ILRS.
    assert not entities.extract("\n".join([*filler, "Under the project, Namibia has been invited."])).relevant


@pytest.mark.parametrize(
    ("text", "partner", "status"),
    [
        # Declining to confirm or comment is no refusal to join.
        ("Angola is in talks on the International Lunar Research Station. A ministry spokesman declined to "
         "confirm the report.", "country:AO", "negotiating"),
        # Partners in general are not the station's members.
        ("The International Lunar Research Station is expanding. Angola maintains cooperation with many partners "
         "in science, its minister said.", "country:AO", None),
        ("Angola became a partner in the International Lunar Research Station last year.", "country:AO", "joined"),
    ],
)
def test_wording_that_only_looks_like_a_status(text: str, partner: str, status: str | None) -> None:
    found = {p.key: p.status for p in entities.extract(text).partners}
    assert found.get(partner) == status


def test_a_name_is_not_cut_at_its_lowercase_particles() -> None:
    found = {p.key for p in entities.extract(
        "The University of Dar es Salaam signed a memorandum on the International Lunar Research Station."
    ).partners}
    assert "institution:university-of-dar-es-salaam" in found
