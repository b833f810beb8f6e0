"""Context outside English: background told in the story's past, membership of another body, a passive act's
agents, another body joined, "the project", and other programmes, payloads and forums, in every language file.
Each mirrors an English test of tests/test_assertions.py; the sentences are our own."""

from __future__ import annotations

import pytest

from pipeline import entities

MNLS = "МНЛС"
ZH = "国际月球科研站"
ES = "la Estación Internacional de Investigación Lunar"
FR = "la Station internationale de recherche lunaire"
AR = "المحطة الدولية لأبحاث القمر"
DE = "der Internationalen Mondforschungsstation"
PT = "a Estação Internacional de Pesquisa Lunar"
IT = "la Stazione Internazionale di Ricerca Lunare"


def _found(text: str) -> dict[str, str]:
    return {p.key: p.status for p in entities.extract(text).partners}


@pytest.mark.parametrize(
    "text",
    [
        f"Гана вышла из {MNLS} на этой неделе.\nРанее, в 2023 году, Гана присоединилась к {MNLS}.",
        f"Гана вышла из {MNLS} в понедельник.\nГана подписала соглашение о {MNLS} два года назад.",
        f"Гана вышла из {MNLS} в понедельник.\nРанее Гана подписала соглашение о {MNLS} в Москве.",
        f"加纳本周宣布退出{ZH}。\n加纳此前已于2023年加入{ZH}。",
        f"加纳宣布退出{ZH}。\n早在2022年，加纳就签署了{ZH}合作文件。",
        f"Ghana se retiró esta semana de {ES}.\nGhana se había sumado a {ES} en 2023.",
        f"Ghana se retiró de {ES} el lunes.\nGhana se sumó al proyecto hace dos años.",
        f"Le Ghana a quitté {FR} cette semaine.\nLe Ghana avait rejoint {FR} en 2023.",
        f"Le Ghana a quitté {FR} lundi.\nLe Ghana avait signé l'accord il y a deux ans.",
        f"انسحبت غانا من {AR} هذا الأسبوع.\nوكانت غانا قد انضمت إلى {AR} في عام 2023.",
        f"انسحبت غانا من {AR} يوم الاثنين.\nسبق أن وقعت غانا مذكرة تفاهم بشأن {AR}.",
        f"Ghana hat sich diese Woche aus {DE} zurückgezogen.\nGhana war {DE} 2023 beigetreten.",
        f"Ghana ist am Montag aus {DE} ausgestiegen.\nGhana hatte das Abkommen vor zwei Jahren unterzeichnet.",
        f"Gana retirou-se d{PT} esta semana.\nGana tinha aderido à {PT[2:]} em 2023.",
        f"Gana retirou-se d{PT} na segunda-feira.\nGana assinou o acordo há dois anos.",
        f"Gana retirou-se d{PT} na segunda-feira.\nAnteriormente, Gana assinou o acordo em Pequim.",
        f"Il Ghana si è ritirato dal{IT} questa settimana.\nIl Ghana aveva aderito al{IT} nel 2023.",
        f"Il Ghana si è ritirato dal{IT} lunedì.\nIl Ghana ha firmato l'accordo due anni fa.",
    ],
)
def test_background_told_after_the_news_does_not_override_it(text: str) -> None:
    assert _found(text)["country:GH"] == "withdrew"


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        (f"Ранее к {MNLS} присоединились Азербайджан, Пакистан и Белоруссия.", ("AZ", "PK", "BY")),
        (f"此前已有阿塞拜疆、巴基斯坦和白俄罗斯加入{ZH}。", ("AZ", "PK", "BY")),
        (f"Azerbaiyán, Pakistán y Bielorrusia ya se habían sumado a {ES} en 2023.", ("AZ", "PK", "BY")),
        (f"L'Égypte, le Pakistan et le Sénégal, qui avaient rejoint {FR} en 2023, ont salué la décision.",
         ("EG", "PK", "SN")),
        (f"سبق أن انضمت أذربيجان وباكستان إلى {AR}.", ("AZ", "PK")),
        (f"Aserbaidschan, Pakistan und Belarus waren {DE} bereits 2023 beigetreten.", ("AZ", "PK", "BY")),
        (f"Azerbaijão, Paquistão e Bielorrússia já haviam aderido à {PT[2:]} em 2023.", ("AZ", "PK", "BY")),
        (f"Egitto, Pakistan e Senegal avevano aderito al{IT} nel 2023.", ("PK", "SN")),
    ],
)
def test_a_background_list_is_evidence_for_each_party(text: str, parties: tuple[str, ...]) -> None:
    found = _found(text)
    assert all(found.get(f"country:{code}") == "joined" for code in parties), found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A news act still stands after its background; a negated pluperfect says nothing.
        (f"Bolivia no se había sumado a {ES} hasta ahora.", {}),
        (f"Gana não tinha aderido à {PT[2:]} até agora.", {}),
        (f"Il Ghana non aveva aderito al{IT} fino ad oggi.", {}),
        (f"El acuerdo de {ES} fue firmado por Bolivia en Pekín.", {"country:BO": "joined"}),
    ],
)
def test_a_participle_after_its_auxiliary_is_an_act_unless_negated(text: str, expected: dict[str, str]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        f"Испания и Греция, являющиеся членами Европейского космического агентства, поддержали проекты {MNLS}.",
        f"{ZH}已有十余个成员。欧洲航天局成员国西班牙和希腊则与美国开展合作。",
        f"Varios estados miembros de la Agencia Espacial Europea, entre ellos España y Grecia, colaboran con {ES}.",
        f"Plusieurs États membres de l'Agence spatiale européenne, dont l'Espagne et la Grèce, coopèrent avec {FR}.",
        f"تتعاون إسبانيا واليونان، وهما عضوان في وكالة الفضاء الأوروبية، مع {AR}.",
        "Spanien und Griechenland, beide Mitglieder der ESA, beobachten die Internationale Mondforschungsstation.",
        f"Espanha e Grécia, membros da ESA, acompanham {PT}.",
        f"Spagna e Grecia, membri dell'ESA, seguono {IT}.",
    ],
)
def test_membership_of_another_organisation_is_not_ilrs_membership(text: str) -> None:
    assert not _found(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"亚太空间合作组织成为{ZH}成员。", {"org:APSCO": "joined"}),
        (f"La Agencia Espacial Europea y Bolivia son miembros de {ES}.", {"org:ESA": "joined", "country:BO": "joined"}),
        (f"Участниками {MNLS} являются Пакистан и Азиатско-Тихоокеанская организация космического сотрудничества.",
         {"country:PK": "joined", "org:APSCO": "joined"}),
    ],
)
def test_an_organisation_s_own_ilrs_membership_still_counts(text: str, expected: dict[str, str]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        f"Меморандум о {MNLS} был подписан руководителями Роскосмоса и Национального космического управления Китая "
        "в 2021 году.",
        f"该备忘录由俄罗斯国家航天集团和中国国家航天局于2021年签署，标志着{ZH}正式启动。",
        f"{ZH}合作备忘录的签署方为俄罗斯国家航天集团和中国国家航天局。",
        f"El memorando de {ES} fue firmado por representantes de Roscosmos y la CNSA en 2021.",
        f"Le mémorandum sur {FR} a été signé par des représentants de Roscosmos et de la CNSA en 2021.",
        f"تم توقيع المذكرة من قبل ممثلي روسكوسموس وإدارة الفضاء الوطنية الصينية عام 2021 لإطلاق {AR}.",
        "Das Memorandum zur Internationalen Mondforschungsstation wurde 2021 von Vertretern von Roskosmos und der "
        "CNSA unterzeichnet.",
        f"O memorando d{PT} foi assinado por representantes da Roscosmos e da CNSA em 2021.",
        f"Il memorandum sul{IT} è stato firmato da rappresentanti di Roscosmos e della CNSA nel 2021.",
    ],
)
def test_a_founders_passive_signing_counts(text: str) -> None:
    assert _found(text) == {"country:RU": "joined", "country:CN": "joined"}


@pytest.mark.parametrize(
    "text",
    [
        f"У {MNLS} есть партнёры в регионе. Аналитики напоминают, что Лаос вступил в ВТО в 2013 году.",
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
    assert "country:LA" not in _found(text)


_FILLER = {
    "de": ["Das Budget des Ministeriums für Wissenschaft stieg in diesem Jahr um ein Zehntel.",
           "Der Wetterdienst eröffnete im Norden des Landes eine neue Radaranlage.",
           "Die Lehrergewerkschaften trafen am Freitag den Bildungsminister, um über Gehälter zu sprechen.",
           "Eine neue Bahnlinie zur Küste soll nach zwei Jahren Bauzeit im Frühjahr eröffnet werden."],
    "pt": ["O orçamento do ministério para a ciência subiu um décimo este ano.",
           "O serviço meteorológico abriu um novo radar no norte do país.",
           "Os sindicatos de professores reuniram-se na sexta-feira com o ministro da Educação.",
           "Uma nova linha ferroviária até o litoral deve abrir na primavera, após dois anos de obras."],
    "it": ["Il bilancio del ministero per la scienza è cresciuto di un decimo quest'anno.",
           "Il servizio meteorologico ha aperto un nuovo radar nel nord del paese.",
           "I sindacati degli insegnanti hanno incontrato venerdì il ministro dell'istruzione.",
           "Una nuova linea ferroviaria verso la costa dovrebbe aprire in primavera dopo due anni di lavori."],
}


@pytest.mark.parametrize(
    ("language", "first", "last"),
    [
        ("de", "Ghana hat in Accra ein Abkommen über die Internationale Mondforschungsstation unterzeichnet.",
         "Im Rahmen des Projekts wurde Namibia eingeladen, im nächsten Jahr zwei Forscher zu entsenden."),
        ("pt", f"Gana assinou em Acra um acordo sobre {PT}.",
         "No âmbito do projeto, a Namíbia foi convidada a enviar dois cientistas no próximo ano."),
        ("it", f"Il Ghana ha firmato ad Accra un accordo sul{IT}.",
         "Nell'ambito del progetto, la Namibia è stata invitata a inviare due scienziati il prossimo anno."),
    ],
)
def test_the_project_refers_back_to_the_programme_a_document_has_named(language: str, first: str, last: str) -> None:
    filler = _FILLER[language]
    assert _found("\n".join([first, *filler, last])) == {"country:GH": "joined", "country:NA": "negotiating"}
    assert not entities.extract("\n".join([*filler, last])).relevant


@pytest.mark.parametrize(
    "text",
    [
        f"Аппарат «Чанъэ-7» доставит приборы из Египта, Бахрейна и Таиланда, сообщили в офисе {MNLS}.",
        f"Делегации из Бразилии, Перу и Чили приняли участие в форуме {MNLS} в Хэфэе.",
        f"Колумбия, Эквадор и Перу подписали Соглашения Артемиды, тогда как {MNLS} продолжает расти.",
        f"La misión Chang'e-7 llevará instrumentos de Egipto, Baréin y Tailandia, informó la oficina de {ES}.",
        f"Delegaciones de Brasil, Perú y Chile asistieron al foro de {ES} en Hefei.",
        f"Colombia, Ecuador y Perú firmaron los Acuerdos de Artemisa, mientras {ES} sigue creciendo.",
        f"La mission Chang'e-7 emportera des instruments de l'Égypte, de Bahreïn et de la Thaïlande, selon le bureau "
        f"de {FR}.",
        f"Des délégations du Brésil, du Pérou et du Chili ont assisté au forum de {FR} à Hefei.",
        f"La Colombie, l'Équateur et le Pérou ont signé les accords Artemis, tandis que {FR} continue de croître.",
        f"ستحمل مهمة تشانغ إي-7 أجهزة علمية من مصر والبحرين وتايلاند، حسبما أفاد مكتب {AR}.",
        f"حضرت وفود من البرازيل وبيرو وتشيلي منتدى {AR} في خفي.",
        f"وقعت كولومبيا والإكوادور وبيرو اتفاقيات أرتميس، بينما تواصل {AR} توسعها.",
        f"Chang'e-7 wird Instrumente aus Ägypten, Bahrain und Thailand tragen, teilte das Büro {DE} mit.",
        f"Delegationen aus Brasilien, Peru und Chile nahmen am Forum {DE} in Hefei teil.",
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
def test_payload_forum_and_artemis_lists_are_not_partners(text: str) -> None:
    assert not _found(text)


@pytest.mark.parametrize(
    "text",
    [
        f"Таиланд в понедельник подписал Соглашения Артемиды. Таиланд, участник {MNLS} с 2024 года, заявил, что "
        "остаётся в проекте.",
        f"泰国周一签署了《阿尔忒弥斯协定》。作为{ZH}成员，泰国表示将继续参与该项目。",
        f"Tailandia firmó el lunes los Acuerdos de Artemisa. Tailandia, miembro de {ES} desde 2024, dijo que sigue "
        "en el proyecto.",
        f"La Thaïlande a signé lundi les accords Artemis. La Thaïlande, membre de {FR} depuis 2024, reste dans le "
        "projet.",
    ],
)
def test_an_ilrs_member_that_signs_the_artemis_accords_has_not_left(text: str) -> None:
    assert _found(text) == {"country:TH": "joined"}


@pytest.mark.parametrize("text", [f"老挝为了加入{ZH}，正在准备相关文件。", f"老挝力争加入{ZH}。"])
def test_a_chinese_purpose_is_no_completed_act(text: str) -> None:
    assert _found(text) == {"country:LA": "interested"}


# A bloc a state belongs to (gazetteer `kind: bloc`) is never a partner, and its membership leaves the clause's
# own cue to speak of the state.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Egypt, a member of BRICS, is in talks about joining the ILRS.", {"country:EG": "negotiating"}),
        ("Kenya, which belongs to the African Union, has expressed interest in the ILRS.",
         {"country:KE": "interested"}),
        ("Египет, член БРИКС, ведёт переговоры о присоединении к Международной научной лунной станции.",
         {"country:EG": "negotiating"}),
        ("作为欧盟成员国，匈牙利正在就加入国际月球科研站进行磋商。", {"country:HU": "negotiating"}),
        ("Miembro de la OEA, Honduras negocia su adhesión a la Estación Internacional de Investigación Lunar.",
         {"country:HN": "negotiating"}),
    ],
)
def test_a_bloc_is_never_a_partner_and_its_membership_is_not_the_ilrs(text: str, expected: dict[str, str]) -> None:
    assert {p.key: p.status for p in entities.extract(text).partners} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"Le Gabon s'est retiré de {FR} en mars.", {"country:GA": "withdrew"}),
        # "после того как" (after) tells what happened, not a condition.
        (f"После того как Египет присоединился к {MNLS}, к проекту примкнул Сенегал.",
         {"country:EG": "joined", "country:SN": "joined"}),
    ],
)
def test_reflexive_exits_and_after_clauses(text: str, expected: dict[str, str]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Despite objections in the U.S. Congress, Egypt signed the ILRS agreement.", {"country:EG": "joined"}),
        ("Egypt signed the ILRS agreement despite pressure from the United States.", {"country:EG": "joined"}),
        ("ILOA (which joined the ILRS in 2022) is planning a new observatory.", {"org:ILOA": "joined"}),
        (f"Несмотря на давление США, Египет подписал соглашение о {MNLS}.", {"country:EG": "joined"}),
        (f"尽管美国施压，埃及仍签署了{ZH}合作协议。", {"country:EG": "joined"}),
        (f"Pese a las críticas de Estados Unidos, Bolivia firmó su adhesión a {ES}.", {"country:BO": "joined"}),
        (f"Malgré les pressions des États-Unis, le Gabon a signé l'accord sur {FR}.", {"country:GA": "joined"}),
        # A city, then its state, only places the institution; ten organisations "across" states are theirs.
        ("The Central University in Caracas, Venezuela, signed an ILRS memorandum.",
         {"institution:central-university": "joined"}),
        ("More than ten organisations across Serbia, Switzerland and Thailand have signed up to the ILRS.", {}),
    ],
)
def test_an_aside_names_no_party_of_the_sentence(text: str, expected: dict[str, str]) -> None:
    assert _found(text) == expected
