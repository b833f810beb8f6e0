"""Other programmes and bodies are not the ILRS: Artemis, payload and forum lists, blocs, membership of
another organisation, joining another body, another party's partners."""

from __future__ import annotations

import pytest

from pipeline import entities
from tests.extraction.texts import DE_DATIVE, ES, FR, ILRS_AR, ILRS_ZH, IT, MNLS_SHORT, PT, findings, statuses


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
    assert not findings(text)


@pytest.mark.parametrize(
    "text",
    [
        f"Аппарат «Чанъэ-7» доставит приборы из Египта, Бахрейна и Таиланда, сообщили в офисе {MNLS_SHORT}.",
        f"Делегации из Бразилии, Перу и Чили приняли участие в форуме {MNLS_SHORT} в Хэфэе.",
        f"Колумбия, Эквадор и Перу подписали Соглашения Артемиды, тогда как {MNLS_SHORT} продолжает расти.",
        f"La misión Chang'e-7 llevará instrumentos de Egipto, Baréin y Tailandia, informó la oficina de {ES}.",
        f"Delegaciones de Brasil, Perú y Chile asistieron al foro de {ES} en Hefei.",
        f"Colombia, Ecuador y Perú firmaron los Acuerdos de Artemisa, mientras {ES} sigue creciendo.",
        f"La mission Chang'e-7 emportera des instruments de l'Égypte, de Bahreïn et de la Thaïlande, selon le bureau "
        f"de {FR}.",
        f"Des délégations du Brésil, du Pérou et du Chili ont assisté au forum de {FR} à Hefei.",
        f"La Colombie, l'Équateur et le Pérou ont signé les accords Artemis, tandis que {FR} continue de croître.",
        f"ستحمل مهمة تشانغ إي-7 أجهزة علمية من مصر والبحرين وتايلاند، حسبما أفاد مكتب {ILRS_AR}.",
        f"حضرت وفود من البرازيل وبيرو وتشيلي منتدى {ILRS_AR} في خفي.",
        f"وقعت كولومبيا والإكوادور وبيرو اتفاقيات أرتميس، بينما تواصل {ILRS_AR} توسعها.",
        f"Chang'e-7 wird Instrumente aus Ägypten, Bahrain und Thailand tragen, teilte das Büro {DE_DATIVE} mit.",
        f"Delegationen aus Brasilien, Peru und Chile nahmen am Forum {DE_DATIVE} in Hefei teil.",
        "Kolumbien, Ecuador und Peru unterzeichneten die Artemis-Abkommen, während die Internationale "
        "Mondforschungsstation weiter wächst.",
        f"A missão Chang'e-7 levará instrumentos do Egito, do Bahrein e da Tailândia, informou o escritório d{PT}.",
        f"Delegações do Brasil, do Peru e do Chile participaram do fórum d{PT} em Hefei.",
        f"Colômbia, Equador e Peru assinaram os Acordos Artemis, enquanto {PT} continua a crescer.",
        f"La missione Chang'e-7 porterà strumenti di Egitto, Bahrein e Thailandia, ha riferito l'ufficio del{IT}.",
        f"Delegazioni di Brasile, Perù e Cile hanno partecipato al forum del{IT} a Hefei.",
        f"Colombia, Ecuador e Perù hanno firmato gli Accordi Artemis, mentre {IT} continua a crescere.",
    ],
)
def test_payload_forum_and_artemis_lists_are_not_partners_in_every_language(text: str) -> None:
    assert not statuses(text)


@pytest.mark.parametrize(
    "text",
    [
        "Uzbekistan signed the Artemis Accords on Thursday. NASA welcomed the move.",
        "The ILRS partners watched as Uzbekistan signed the Artemis Accords at the State Department.",
        "India and the UAE have sent missions to Mars, the ILRS chief noted.",
        "Japan and Canada joined NASA's Gateway, a rival to the lunar station planned by Russia and China.",
    ],
)
def test_other_programmes_are_not_ilrs_partnership(text: str) -> None:
    assert statuses(text) == {}


def test_an_ilrs_member_that_signs_the_artemis_accords_has_not_left() -> None:
    text = ("Thailand signed the Artemis Accords on Monday. Thailand, an ILRS member since 2024, said it "
            "remains in the ILRS.")
    assert {k: p.status for k, p in findings(text).items()} == {"country:TH": "joined"}


@pytest.mark.parametrize(
    "text",
    [
        f"Таиланд в понедельник подписал Соглашения Артемиды. Таиланд, участник {MNLS_SHORT} с 2024 года, заявил, что "
        "остаётся в проекте.",
        f"泰国周一签署了《阿尔忒弥斯协定》。作为{ILRS_ZH}成员，泰国表示将继续参与该项目。",
        f"Tailandia firmó el lunes los Acuerdos de Artemisa. Tailandia, miembro de {ES} desde 2024, dijo que sigue "
        "en el proyecto.",
        f"La Thaïlande a signé lundi les accords Artemis. La Thaïlande, membre de {FR} depuis 2024, reste dans le "
        "projet.",
    ],
)
def test_an_ilrs_member_that_signs_the_artemis_accords_has_not_left_in_every_language(text: str) -> None:
    assert statuses(text) == {"country:TH": "joined"}


def test_forum_people_and_foreign_ties_are_not_partners() -> None:
    text = ("Ghana signed the ILRS memorandum at a forum that drew scientists and officials from Chile, Peru and "
            "Japan.\nAny ILRS decision in Accra will be weighed against its ties with Canada and Mexico.")
    assert set(findings(text)) == {"country:GH"}


def test_membership_of_another_organisation_is_not_ilrs_membership() -> None:
    text = ("Several member states of the European Space Agency (ESA), including Spain and Greece, flew "
            "instruments on ILRS precursor missions.")
    assert not findings(text)
    assert set(findings("The ILRS members include Belarus and Spain.")) == {"country:BY", "country:ES"}


@pytest.mark.parametrize(
    "text",
    [
        f"Испания и Греция, являющиеся членами Европейского космического агентства, поддержали проекты {MNLS_SHORT}.",
        f"{ILRS_ZH}已有十余个成员。欧洲航天局成员国西班牙和希腊则与美国开展合作。",
        f"Varios estados miembros de la Agencia Espacial Europea, entre ellos España y Grecia, colaboran con {ES}.",
        f"Plusieurs États membres de l'Agence spatiale européenne, dont l'Espagne et la Grèce, coopèrent avec {FR}.",
        f"تتعاون إسبانيا واليونان، وهما عضوان في وكالة الفضاء الأوروبية، مع {ILRS_AR}.",
        "Spanien und Griechenland, beide Mitglieder der ESA, beobachten die Internationale Mondforschungsstation.",
        f"Espanha e Grécia, membros da ESA, acompanham {PT}.",
        f"Spagna e Grecia, membri dell'ESA, seguono {IT}.",
    ],
)
def test_membership_of_another_organisation_is_not_ilrs_membership_in_every_language(text: str) -> None:
    assert not statuses(text)


@pytest.mark.parametrize(
    "text",
    [
        f"У {MNLS_SHORT} есть партнёры в регионе. Аналитики напоминают, что Лаос вступил в ВТО в 2013 году.",
        f"{ES[0].upper()}{ES[1:]} tiene socios en la región. Los analistas recuerdan que Laos ingresó en la OMC "
        "en 2013.",
        f"{FR[0].upper()}{FR[1:]} a des partenaires dans la région. Les analystes rappellent que le Laos a adhéré à "
        "l'OMC en 2013.",
        "للمحطة الدولية لأبحاث القمر شركاء في المنطقة. ويذكر المحللون أن لاوس انضمت إلى منظمة التجارة العالمية "
        "عام 2013.",
        "Die Internationale Mondforschungsstation hat Partner in der Region. Analysten erinnern daran, dass Laos 2013 "
        "seinen Beitritt zur WTO vollzog.",
        f"{PT[0].upper()}{PT} tem parceiros na região. Analistas lembram que o Laos aderiu à OMC em 2013.",
        f"{IT[0].upper()}{IT} ha partner nella regione. Gli analisti ricordano che il Laos ha aderito all'OMC "
        "nel 2013.",
    ],
)
def test_joining_another_body_says_nothing_of_the_station(text: str) -> None:
    assert "country:LA" not in statuses(text)


@pytest.mark.parametrize(
    ("text", "partner", "status"),
    [
        # A list introduced by another body's name still lists the act's parties.
        ("Thirteen countries have already joined the International Lunar Research Station (Belarus, Pakistan), "
         "including BRICS partners (Egypt, Ethiopia).", "country:EG", "joined"),
    ],
)
def test_joining_another_body_or_weighing_it(text: str, partner: str, status: str | None) -> None:
    assert statuses(text).get(partner) == status


def test_accession_to_another_body_is_not_talks_with_the_ilrs() -> None:
    text = ("Montenegro's part in the ILRS is scientific. It does not conflict with the country's path of accession "
            "to the European Union, nor with our cooperation with the European Space Agency.")
    assert "org:ESA" not in statuses(text)


def test_a_states_own_partners_are_not_the_stations() -> None:
    text = ("Keputusan soal ILRS menyangkut hubungan Indonesia dengan Jepang dan mitra lain, kata sumber itu.")
    assert not any(p.key == "country:JP" and p.status == "joined" for p in entities.extract(text).partners)
