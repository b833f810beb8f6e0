"""What a clause asserts about a partner, class by class (act, membership, talks, invitation, intent,
interest, refusal), with the status and confidence each gives, in every language with cue data."""

from __future__ import annotations

import pytest

from pipeline import entities
from pipeline.entities import lexicon
from pipeline.records import PartnerFinding


def _findings(text: str, title: str | None = None) -> dict[str, PartnerFinding]:
    return {p.key: p for p in entities.extract(text, title=title).partners}


def _statuses(text: str, title: str | None = None) -> dict[str, str]:
    return {p.key: p.status for p in entities.extract(text, title=title).partners}


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


DE = "die Internationale Mondforschungsstation"
PT = "a Estação Internacional de Pesquisa Lunar"
IT = "la Stazione Internazionale di Ricerca Lunare"
ID = "Stasiun Penelitian Bulan Internasional"
KO = "국제달연구기지"
UK = "Міжнародної наукової місячної станції"
JA = "国際月面研究ステーション"
TR = "Uluslararası Ay Araştırma İstasyonu"


# (language, sentence, partner, status, class, confidence); status None: the sentence says nothing of the
# partner; confidence None: not checked.
FURTHER_CASES = [
 ("de", f"Pakistan hat im Mai 2024 ein Abkommen über {DE} unterzeichnet.", "country:PK", "joined", "act", None),
 ("de", "Zu den Mitgliedern gehört Belarus, ein Partnerland der Internationalen Mondforschungsstation.",
  "country:BY", "joined", "membership", None),
 ("de", f"Malaysia führt Gespräche über {DE}.", "country:MY", "negotiating", "talks", None),
 ("de", f"Die Türkei wurde zur Teilnahme an {DE} eingeladen.", "country:TR", "negotiating", "invitation", None),
 ("de", "Ägypten wird der Internationalen Mondforschungsstation im nächsten Monat beitreten.", "country:EG",
  "negotiating", "intent", None),
 ("de", f"Peru beabsichtigt, {DE} beizutreten.", "country:PE", "interested", "intent", None),
 ("de", f"Die Mongolei hat Interesse an {DE} bekundet.", "country:MN", "interested", "interest", None),
 ("de", f"Argentinien hat die Teilnahme an {DE} abgelehnt.", "country:AR", "withdrew", "refusal", None),
 ("de", f"Kenia hat das Abkommen über {DE} noch nicht unterzeichnet.", "country:KE", None, None, None),
 ("de", f"Nepal hat angeblich ein Abkommen über {DE} unterzeichnet.", "country:NP", "joined", "act", "low"),
 ("pt", f"O Paquistão assinou um acordo sobre {PT} em 3 de maio.", "country:PK", "joined", "act", None),
 ("pt", "A Venezuela é membro da Estação Internacional de Pesquisa Lunar.", "country:VE", "joined", "membership",
  None),
 ("pt", f"A Venezuela negocia sua adesão à {PT}.", "country:VE", "negotiating", "talks", None),
 ("pt", f"A Bolívia foi convidada a aderir à {PT}.", "country:BO", "negotiating", "invitation", None),
 ("pt", f"O Egito assinará o acordo da {PT} no próximo mês.", "country:EG", "negotiating", "intent", None),
 ("pt", f"O Peru pretende aderir à {PT}.", "country:PE", "interested", "intent", None),
 ("pt", f"A Mongólia manifestou interesse na {PT}.", "country:MN", "interested", "interest", None),
 ("pt", f"A Venezuela retirou-se da {PT}.", "country:VE", "withdrew", "refusal", None),
 ("pt", f"A Venezuela ainda não assinou o acordo da {PT}.", "country:VE", None, None, None),
 ("pt", f"O Nepal teria assinado o acordo da {PT}.", "country:NP", "joined", "act", "low"),
 ("it", f"Il Pakistan ha firmato un accordo sul{IT[2:]} il 3 maggio.", "country:PK", "joined", "act", None),
 ("it", f"Il Venezuela è membro del{IT[2:]}.", "country:VE", "joined", "membership", None),
 ("it", f"L'Algeria ha avviato negoziati sul{IT[2:]}.", "country:DZ", "negotiating", "talks", None),
 ("it", f"Il Venezuela è stato invitato ad aderire al{IT[2:]}.", "country:VE", "negotiating", "invitation", None),
 ("it", f"L'Egitto firmerà l'accordo sul{IT[2:]} il mese prossimo.", "country:EG", "negotiating", "intent", None),
 ("it", f"Il Perù intende aderire al{IT[2:]}.", "country:PE", "interested", "intent", None),
 ("it", f"La Mongolia si è detta interessata al{IT[2:]}.", "country:MN", "interested", "interest", None),
 ("it", f"Il Venezuela si è ritirato dal{IT[2:]}.", "country:VE", "withdrew", "refusal", None),
 ("it", f"Il Kenya non ha ancora firmato l'accordo sul{IT[2:]}.", "country:KE", None, None, None),
 ("it", f"Il Nepal avrebbe firmato l'accordo sul{IT[2:]}.", "country:NP", "joined", "act", "low"),
 ("id", f"Pakistan menandatangani nota kesepahaman untuk bergabung dengan {ID} pada 20 Oktober.", "country:PK",
  "joined", "act", None),
 ("id", f"Anggota {ID} antara lain Belarus, Serbia dan Senegal.", "country:RS", "joined", "membership", None),
 ("id", f"Malaysia tengah melakukan negosiasi dengan Tiongkok mengenai {ID}.", "country:MY", "negotiating",
  "talks", None),
 ("id", f"Turki diundang untuk ikut serta dalam {ID}.", "country:TR", "negotiating", "invitation", None),
 ("id", f"Mesir dijadwalkan menandatangani perjanjian {ID} bulan depan.", "country:EG", "negotiating", "intent",
  None),
 ("id", f"Peru berencana bergabung dengan {ID}.", "country:PE", "interested", "intent", None),
 ("id", f"Mongolia menyatakan ketertarikan pada {ID}.", "country:MN", "interested", "interest", None),
 ("id", f"Argentina menolak bergabung dengan {ID}.", "country:AR", "withdrew", "refusal", None),
 ("id", f"Kenya belum bergabung dengan {ID}.", "country:KE", None, None, None),
 ("id", f"Kenya tidak tertarik pada {ID}.", "country:KE", "withdrew", "refusal", None),
 ("id", f"Nepal dikabarkan telah menandatangani perjanjian {ID}.", "country:NP", "joined", "act", "low"),
 ("ko", f"파키스탄은 지난 20일 {KO} 협력 협정에 서명했다.", "country:PK", "joined", "act", None),
 ("ko", f"{KO} 참여국은 벨라루스, 세르비아, 세네갈 등이다.", "country:RS", "joined", "membership", None),
 ("ko", f"말레이시아는 {KO} 참여를 놓고 중국과 협상을 벌이고 있다.", "country:MY", "negotiating", "talks", None),
 ("ko", f"튀르키예는 {KO} 참여 초청을 받았다.", "country:TR", "negotiating", "invitation", None),
 ("ko", f"이집트는 다음 달 {KO} 협정에 서명할 예정이다.", "country:EG", "negotiating", "intent", None),
 ("ko", f"페루는 {KO}에 가입할 계획이다.", "country:PE", "interested", "intent", None),
 ("ko", f"몽골은 {KO}에 관심을 나타냈다.", "country:MN", "interested", "interest", None),
 ("ko", f"아르헨티나는 {KO} 참여를 거부했다.", "country:AR", "withdrew", "refusal", None),
 ("ko", f"케냐는 아직 {KO}에 가입하지 않았다.", "country:KE", None, None, None),
 ("ko", f"네팔이 {KO} 협정에 서명한 것으로 알려졌다.", "country:NP", "joined", "act", "low"),
 ("ko", "중국 국가항천국(CNSA)은 파키스탄을 ILRS에 가입시켰다.", "country:PK", "joined", "act", None),
 ("uk", f"Пакистан підписав угоду про приєднання до {UK}.", "country:PK", "joined", "act", None),
 ("uk", "Учасниками МНМС вже є Білорусь, Пакистан і Азербайджан.", "country:AZ", "joined", "membership", None),
 ("uk", "Малайзія веде переговори про приєднання до МНМС.", "country:MY", "negotiating", "talks", None),
 ("uk", "Туреччину запросили приєднатися до МНМС.", "country:TR", "negotiating", "invitation", None),
 ("uk", "Єгипет підпише угоду щодо МНМС наступного місяця.", "country:EG", "negotiating", "intent", None),
 ("uk", "Єгипет планує приєднатися до МНМС.", "country:EG", "interested", "intent", None),
 ("uk", "Монголія виявила інтерес до МНМС.", "country:MN", "interested", "interest", None),
 ("uk", "Аргентина відмовилася від участі в МНМС.", "country:AR", "withdrew", "refusal", None),
 ("uk", "Кенія ще не приєдналася до МНМС.", "country:KE", None, None, None),
 ("uk", "За неофіційними даними, Непал підписав угоду щодо МНМС.", "country:NP", "joined", "act", "low"),
 ("ja", f"パキスタンは10月20日、{JA}に関する協定に署名した。", "country:PK", "joined", "act", None),
 ("ja", f"{JA}の参加国にはベラルーシ、セルビア、セネガルが含まれる。", "country:RS", "joined", "membership", None),
 ("ja", f"マレーシアは{JA}への参加について中国と交渉している。", "country:MY", "negotiating", "talks", None),
 ("ja", f"トルコは{JA}への参加に招待された。", "country:TR", "negotiating", "invitation", None),
 ("ja", f"エジプトは来月、{JA}の協定に署名する予定だ。", "country:EG", "negotiating", "intent", None),
 ("ja", f"ペルーは{JA}に参加する計画だ。", "country:PE", "interested", "intent", None),
 ("ja", f"モンゴルは{JA}に関心を示した。", "country:MN", "interested", "interest", None),
 ("ja", f"アルゼンチンは{JA}への参加を拒否した。", "country:AR", "withdrew", "refusal", None),
 ("ja", f"ケニアはまだ{JA}に参加していない。", "country:KE", None, None, None),
 ("ja", f"報道によると、ネパールは{JA}の協定に署名したという。", "country:NP", "joined", "act", "low"),
 ("tr", f"Pakistan, 20 Ekim'de {TR} anlaşmasını imzaladı.", "country:PK", "joined", "act", None),
 ("tr", f"{TR} üyeleri arasında Belarus, Sırbistan ve Senegal yer alıyor.", "country:RS", "joined", "membership",
  None),
 ("tr", f"Malezya, {TR}'na katılım için Çin ile müzakere yürütüyor.", "country:MY", "negotiating", "talks", None),
 ("tr", f"Türkiye, {TR}'na katılmaya davet edildi.", "country:TR", "negotiating", "invitation", None),
 ("tr", f"Mısır önümüzdeki ay {TR} anlaşmasını imzalayacak.", "country:EG", "negotiating", "intent", None),
 ("tr", f"Peru, {TR}'na katılmayı planlıyor.", "country:PE", "interested", "intent", None),
 ("tr", f"Moğolistan, {TR}'na ilgi gösterdi.", "country:MN", "interested", "interest", None),
 ("tr", f"Arjantin, {TR}'na katılmayı reddetti.", "country:AR", "withdrew", "refusal", None),
 ("tr", f"Kenya henüz {TR}'na katılmadı.", "country:KE", None, None, None),
 ("tr", f"İddiaya göre Nepal, {TR} anlaşmasını imzaladı.", "country:NP", "joined", "act", "low"),
]


MNLS = "Международной научной лунной станции"
ILRS_ZH = "国际月球科研站"


# (text, partner, status); status None: the text says nothing of the partner's ILRS status.
OUTSIDE_ENGLISH = [
    # Arabic: studying or considering joining is talks; the verbal noun "joining" is not a completed act.
    (f"يضم مشروع {ILRS_AR} دولاً من بينها باكستان وأذربيجان.", "country:AZ", "joined"),
    # Russian: "выходит на новый уровень" is no exit; "участвует" is membership; "а также с" continues a list.
    (f"Соглашения по {MNLS} подписаны с Египтом и Таиландом, а также с Сербией.", "country:RS", "joined"),
    (f"Проект {MNLS} объединяет уже десять государств; среди них Белоруссия и Египет.", "country:BY", "joined"),
]


FURTHER_WORDING = [
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


# (text, partner, status); status None: the text says nothing of the partner's own status.
AS_COVERAGE_TELLS = [
    # The members of another organisation, listed as such, are not partners; the organisation keeps its own act.
    ("APSCO, una organización regional con miembros que incluyen agencias de Perú e Irán, firmó un acuerdo sobre "
     "la ILRS.", "country:PE", None),
    # Idioms of joining and a count of the members followed by their names.
    ("Laos and Nepal have come aboard the ILRS, officials said on Friday.", "country:LA", "joined"),
    ("There are now six nations in the ILRS coalition, according to the agency: China, Russia, Laos, Nepal, "
     "Bolivia and Cuba.", "country:CU", "joined"),
    # "becomes the Nth country to join" is one act; the names after it joined earlier, they are not pending.
    ("Laos becomes the 14th country to join the ILRS, after Nepal and Cuba signed in March.", "country:CU", "joined"),
    ("Laos is the 14th nation to join the ILRS, following Nepal and Cuba.", "country:NP", "joined"),
    # A roster announced as such, and involvement in the programme.
    ("Nepal had already signed on. The ILRS list of partners is as follows: Laos, Nepal, Cuba and Bolivia.",
     "country:BO", "joined"),
]


@pytest.mark.parametrize(("language", "text", "key", "status", "assertion"), CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_each_class_in_each_language(language: str, text: str, key: str, status: str | None,
                                     assertion: str | None) -> None:
    found = _findings(text).get(key)
    assert ((found.status, found.assertion) if found else (None, None)) == (status, assertion), language


@pytest.mark.parametrize(("language", "text", "key", "status", "assertion", "confidence"), FURTHER_CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(FURTHER_CASES)])
def test_each_class_in_each_further_language(language: str, text: str, key: str, status: str | None,
                                             assertion: str | None, confidence: str | None) -> None:
    found = {p.key: p for p in entities.extract(text).partners}.get(key)
    assert ((found.status, found.assertion) if found else (None, None)) == (status, assertion), language
    if confidence is not None:
        assert found is not None and found.confidence == confidence, language


def test_every_further_language_has_a_full_table() -> None:
    classes = {(c[0], c[4], c[3]) for c in FURTHER_CASES}
    for code in ("de", "pt", "it", "id", "ko", "uk", "ja", "tr"):
        for assertion, status in [*lexicon.CLASS_STATUS.items(), ("intent", "negotiating")]:
            assert (code, assertion, status) in classes, (code, assertion, status)
        assert (code, None, None) in classes, code


@pytest.mark.parametrize(("text", "key", "status"), OUTSIDE_ENGLISH)
def test_wording_classes_outside_english(text: str, key: str, status: str | None) -> None:
    assert _statuses(text).get(key) == status


@pytest.mark.parametrize(
    ("text", "partner", "status"),
    [
        # A Chinese list after 包括 names the parties of the act before it.
        (f"已有十余个国家签署了{ILRS_ZH}合作文件，包括尼泊尔、老挝和柬埔寨等。", "country:KH", "joined"),
    ],
)
def test_ranks_and_acts_told_in_other_ways(text: str, partner: str, status: str) -> None:
    assert _statuses(text).get(partner) == status


@pytest.mark.parametrize(("text", "key", "status", "assertion"), FURTHER_WORDING, ids=[c[1] for c in FURTHER_WORDING])
def test_wording_classes_in_further_languages(text: str, key: str, status: str, assertion: str | None) -> None:
    found = {p.key: p for p in entities.extract(text).partners}
    assert key in found, found
    assert found[key].status == status
    if assertion is not None:
        assert found[key].assertion == assertion


@pytest.mark.parametrize(("text", "partner", "status"), AS_COVERAGE_TELLS)
def test_wording_classes_as_coverage_tells_them(text: str, partner: str, status: str | None) -> None:
    assert _statuses(text).get(partner) == status


def test_russian_and_chinese_texts() -> None:
    ru = "Никарагуа подписала меморандум о присоединении к Международной научной лунной станции."
    zh = "泰国与中国国家航天局签署了国际月球科研站合作谅解备忘录。"
    assert _statuses(ru)["country:NI"] == "joined"
    assert _statuses(zh)["country:TH"] == "joined"
    assert entities.detect_language(ru) == "ru" and entities.detect_language(zh) == "zh"


def test_confidence_follows_what_the_clause_asserts() -> None:
    explicit = _findings("SUPARCO signed the ILRS memorandum on Monday.")["country:PK"]
    plain = _findings("Kazakhstan joined the ILRS.")["country:KZ"]
    listed = _findings("The ILRS members include Belarus and Serbia.")["country:RS"]
    future = _findings("Egypt is expected to sign the ILRS agreement.")["country:EG"]
    assert (explicit.confidence, plain.confidence, listed.confidence, future.confidence) == (
        "high", "medium", "medium", "low")
    assert _findings("Argentina declined to join the ILRS.")["country:AR"].confidence == "high"


def test_an_active_invitation_speaks_of_the_invitee_not_of_who_invites() -> None:
    found = _findings("South Africa, which joined in 2023, has invited Namibia to take part in the ILRS.")
    assert {k: p.status for k, p in found.items()} == {"country:ZA": "joined", "country:NA": "negotiating"}
    assert not _findings("Kenya invited experts to the ILRS meeting.")


def test_partners_such_as_are_members_even_under_a_condition() -> None:
    found = _findings("If the ILRS accord passes, Ghana would join partners such as Chile and Peru.")
    assert {k: p.status for k, p in found.items()} == {
        "country:GH": "negotiating", "country:CL": "joined", "country:PE": "joined"}


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
    assert _findings(text)["country:GH"].status == "interested"


@pytest.mark.parametrize("text", ["Ghana has decided against joining the ILRS.",
                                  "Ghana decided not to join the ILRS, the minister said.",
                                  "Ghana ruled out joining the ILRS."])
def test_a_decision_against_joining_is_a_refusal(text: str) -> None:
    assert _findings(text)["country:GH"].status == "withdrew"


def test_the_signing_of_a_memorandum_is_an_act_while_any_sign_of_is_none() -> None:
    founding = ("On March 9, Roscosmos and the China National Space Administration announced the signing of a "
                "memorandum on the International Lunar Research Station.")
    assert _statuses(founding) == {"country:RU": "joined", "country:CN": "joined"}
    from pipeline.entities.partners import cues

    assert all(c.assertion != "act" for c in cues("Peru has shown no sign of wanting an ILRS seat."))
