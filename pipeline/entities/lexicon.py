"""The domain vocabulary of ILRS coverage: names of the programme, cues of status, names that are not partners.

Country names come from pycountry (see `countries.py`); what lives here is what no library knows: how the
programme is called in each language, how outlets phrase an accession or a decline, and which agencies sign
for which state.
"""

from __future__ import annotations

import re

from pipeline.records import Status

_I = re.IGNORECASE

# The programme's own names. Finding one makes a document relevant and gives its sentence ILRS context.
ALIASES: tuple[re.Pattern[str], ...] = (
    re.compile(r"\bILRS\b"),
    re.compile(r"\bInternational\s+(?:Scientific\s+)?Lunar\s+(?:Research|Science|Scientific)\s+Station\b", _I),
    re.compile(r"\bInternational\s+Scientific\s+Lunar\s+Station\b", _I),
    re.compile(r"\bInternational\s+Lunar\s+Station\b", _I),
    re.compile(r"Международн\w*\s+научн\w*\s+лунн\w*\s+станци\w*", _I),
    re.compile(r"\bМНЛС\b"),
    re.compile(r"国际月球科研站|国际月球科学研究站|国际月球研究站"),
    re.compile(r"Estaci[oó]n\s+Internacional\s+de\s+Investigaci[oó]n\s+Lunar", _I),
    re.compile(r"Station\s+internationale\s+de\s+recherche\s+lunaire", _I),
    re.compile(r"Station\s+lunaire\s+internationale", _I),
    re.compile(r"المحطة\s+الدولية\s+لأبحاث\s+القمر|محطة\s+الأبحاث\s+القمرية\s+الدولية"),
)

# Generic phrases that mean the programme once a document is known to be about it.
CONTEXT: tuple[re.Pattern[str], ...] = (
    re.compile(r"\blunar\s+(?:space\s+|research\s+|scientific\s+|science\s+)?(?:station|base)\b", _I),
    re.compile(r"\bmoon\s+base\b|\bstation\s+on\s+the\s+moon\b|\bbase\s+on\s+the\s+moon\b", _I),
    re.compile(r"\blunar\s+(?:research\s+)?(?:project|programme|program)\b", _I),
    re.compile(r"лунн\w*\s+(?:научн\w*\s+)?(?:станци|баз)\w*", _I),
    re.compile(r"月球科研站|月球基地|月球站|科研站"),
    re.compile(r"estaci[oó]n\s+lunar|base\s+lunar|station\s+lunaire|base\s+lunaire", _I),
)

# Lunar exploration in general: a feed entry that speaks of it may be about the ILRS even when its title and
# summary do not say so; its page is fetched and the full text decides.
LUNAR = re.compile(
    # Case matters for names: "Chang'e" and "Luna-26" are missions, "change" and "luna" are not.
    r"(?i:\bmoon\b|\blunar\b|\blun(?:e|aire)\b|\bCNSA\b|Roscosmos)|"
    r"\bChang['’‘`]e\b|\bChang[\s-]?e[\s-]*\d|\bLuna[\s-]*\d|\bLuna\b(?=\s+(?:mission|programme|program|lander))|"
    r"(?i:Лун[аыеуо]|лунн|Роскосмос)|月球|嫦娥|探月|国家航天局"
)

# A founder's agency or the founders together make a generic "lunar station" mean the ILRS.
FOUNDER_MARKS = re.compile(r"Roscosmos|CNSA|Роскосмос|国家航天局|\bChina\b|\bRussia\b|Китай|Росси|中国|俄罗斯", _I)

# Other programmes: a sentence about them is not about ILRS partnership, unless it names the ILRS itself and
# the partner stands nearer to the ILRS than to the other programme.
NEAR_MISS = re.compile(
    r"Artemis|\bNASA\b|Gateway|\bISS\b|International\s+Space\s+Station|Internation\s+Space\s+Station|"
    r"\bMars\b|Martian|Tiangong|Chinese\s+space\s+station|payload|"
    r"Артемид|Артемис|НАСА|\bМКС\b|Марс|阿尔忒弥斯|美国航空航天局|国际空间站|火星|天宫|载荷",
    _I,
)

# The two states that lead the programme. They host talks and welcome newcomers, so only a signature or the
# founding itself is news about their own status.
HOSTS = frozenset({"country:RU", "country:CN"})
HOST_CUES = re.compile(r"sign|inked|found|co-?found|подпис|основа|учреди|签署|签订|签约|创始|发起|firm", re.I)

# Status cues, strongest reading first: an earlier pattern wins where two overlap ("will not join" is a
# decline, not a join; "plans to sign" is intent, not a signature). `None` means: no status (a negation).
_CUES: tuple[tuple[Status | None, str], ...] = (
    (None, r"n['’]est\s+pas\s+envisageable|(?:declin|refus)\w*\s+to\s+comment|"
     r"whether\s+[^,.;]{0,40}?\s+(?:might|may|could|would|will)\s+(?:sign|join)\w*(?:\s+up)?|"
     r"(?:has|have|had|did|does|do)\s+not\s+(?:\w+\s+)?(?:yet\s+)?(?:join|sign|become)\w*|not\s+yet\s+(?:join|sign)\w*|"
     r"yet\s+to\s+(?:join|sign)|no\s+plans?\s+to\s+join|ещё\s+не\s+\w+|尚未\w|还没有"),
    ("withdrew", r"withdr[ae]w\w*|withdrawn|pull(?:ed|s|ing)?\s+out|left\s+the|quit\w*|declin\w+|refus\w+|"
     r"(?:will|would)\s+not\s+(?:take\s+part|join|participate)|won['’]t\s+(?:join|take\s+part)|opt(?:ed|s)?\s+out|"
     r"exit(?:ed|s|ing)?|suspend\w*\s+(?:its\s+)?participation|expelled|excluded|walked\s+away|"
     r"вышл[аи]|вышел|выход\w*|отказал\w*|отказ\w*|исключ\w+|не\s+будет\s+участвовать|"
     r"退出|拒绝|不参加|不会加入|ne\s+(?:prendra|participera|rejoindra)\s+pas|no\s+(?:participar|formar)\w*|"
     r"se\s+retir\w+|retir[óo]\w*|rechaz\w+|abandon\w+|a\s+quitt[ée]|renonc\w+"),
    ("joined", r"(?:latest|newest|first|earliest|\w+(?:st|nd|rd|th))\s+(?:\w+\s+){0,2}(?:(?:country|countries|nation|"
     r"state|member|partner|signatory|university|institution|company|firm|organi[sz]ation|agency)\s+)?to\s+"
     r"(?:join|sign)(?:\s+up)?|"
     r"(?:became|become|becomes)\s+(?:the\s+)?(?:\w+\s+){0,2}(?:country|nation|state|member|partner)|"
     r"signed\s+up|sign(?:s|ed)\s+on"),
    ("interested", r"(?:plans?|planning|intends?|intending|wants?|hopes?|hoping|wish\w*|aims?|seeks?|seeking)\s+to\s+"
     r"(?:join|sign|take\s+part|participate|become)|interested|(?:expressed|expresses|expressing|shown|showed|shows|"
     r"signall?ed|voiced)\s+(?:its\s+|their\s+|strong\s+|an\s+)?interest(?:\s+in\s+(?:joining|taking\s+part|"
     r"participating|becoming))?|keen|eager|intention|inter[ée]s\w*|intéress\w*|intér[êe]t|"
     r"would\s+like\s+to\s+join|заинтересован\w*|интерес\w*|намерен\w*|有意|兴趣|意向|希望加入"),
    ("negotiating", r"(?:will|would|to|set\s+to|expected\s+to|preparing\s+to|poised\s+to|due\s+to|about\s+to)\s+"
     r"(?:sign|join|formally\s+join|accede)\w*|(?:will|to)\s+be\s+signed|negotiat\w+|talks|discussions?|"
     r"discussing|consultations?|invit\w+|appl(?:y|ied|ies|ication|ying)|consider(?:s|ed|ing)?|candidate|"
     r"переговор\w*|обсужда\w+|приглаш\w+|рассматрива\w+|(?:有望|拟|计划|准备)[^，。；]{0,10}签署|就参与|谈判|磋商|洽谈|会谈|邀请|申请|考虑|将签署|将加入|即将|"
     r"negocia\w*|conversaciones|invitad\w*|n[ée]goci\w+|pourparlers|invit[ée]\w*|candidatur\w*|envisag\w+|"
     r"consid[èe]r\w+"),
    ("joined", r"sign(?:ed|ing|s|atory|atories)?|inked|join(?:ed|s|ing)?|accession|acced\w+|members?|membership|"
     r"participants?|participating|participation\s+in|conclud\w+|put\s+its\s+name|partner(?:ed|s)?\s+(?:in|of|on)|is\s+part\s+of|"
     r"подписа\w+|присоедин\w+|вступ\w+|участник\w*|участниц\w*|член\w*|"
     r"found(?:ed|ing|ers?)|co-?found\w*|основател\w*|основал\w*|учредил\w*|创始\w?|发起|"
     r"签署|签订|签约|加入|成为|成员|参与|伙伴|firm[óo]\w*|firmaron|se\s+adhi\w+|adhesi[óo]n|se\s+uni[óo]|"
     r"miembros?|sign[ée]\w*|adh[ée]r\w+|adhésion|rejoint|membres?"),
)


def _compile(pattern: str) -> re.Pattern[str]:
    # Latin cues are whole words; Cyrillic and Chinese cues are stems that Python's \b cannot bound.
    return re.compile(rf"(?<![A-Za-z])(?:{pattern})(?![A-Za-z])", _I)


CUES: tuple[tuple[Status | None, re.Pattern[str]], ...] = tuple((s, _compile(p)) for s, p in _CUES)
