"""The domain vocabulary of ILRS coverage, loaded from one data file per language (`lang/<code>.yaml`).

Each file says how its language names the programme, which words assert what about a partner (cues with a
class and a priority), which words negate or hedge them, and where clauses begin. The engine in `partners.py`
is shared by every language; adding a phrase or a language is editing data. Country names come from
`countries.py`/`names.py`; what lives here is what no library knows.

The files are read once, on first use, and every section is compiled across all languages: a text is read
with every language's cues, since coverage mixes them (an English wire quoting a Russian agency).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import yaml

from pipeline.entities import prefilter, schema
from pipeline.entities.schema import LanguageFile
from pipeline.errors import LanguageFileError
from pipeline.records import Assertion, Status

_I = re.IGNORECASE

# The status each class supports. Intent is the one class whose wording decides: a pending, scheduled act
# ("is expected to sign", "will join next month") is negotiating, a plan ("plans to join") is interested; each
# intent cue in the data files says which. Intent, invitation and talks never give `joined`.
CLASS_STATUS: dict[str, Status] = {
    "act": "joined",
    "membership": "joined",
    "talks": "negotiating",
    "invitation": "negotiating",
    "intent": "interested",
    "interest": "interested",
    "refusal": "withdrew",
}
ASSERTIONS: tuple[str, ...] = tuple(CLASS_STATUS)

# The two states that lead the programme. They host talks and welcome newcomers, so only a signature or the
# founding itself is news about their own status.
HOSTS = frozenset({"country:RU", "country:CN"})

# Lunar exploration in general: a feed entry that speaks of it may be about the ILRS even when its title and
# summary do not say so; its page is fetched and the full text decides. Names, not cue words: kept in code.
LUNAR = re.compile(
    # Case matters for names: "Chang'e" and "Luna-26" are missions, "change" and "luna" are not.
    r"(?i:\bmoon\b|\blunar\b|\blun(?:e|aire)\b|\bCNSA\b|Roscosmos)|"
    r"\bChang['’‘`]e\b|\bChang[\s-]?e[\s-]*\d|\bLuna[\s-]*\d|\bLuna\b(?=\s+(?:mission|programme|program|lander))|"
    r"(?i:Лун[аыеуо]|лунн|Роскосмос)|月球|嫦娥|探月|国家航天局|القمر|"
    # Hindi, Urdu and Persian: the moon and lunar, not Persian ماه alone (it is also "month")
    r"चंद्र|चन्द्र|चांद|چاند|قمری|کره\s*(?:\u200c?ی\s*)?ماه|"
    # Serbian, Greek; Kazakh and Azerbaijani write the Moon with a capital (ай, ay: a month)
    r"(?i:лунарн|lunarn|σελ[ηή]ν)|\b(?:Месец|Mesec|Mjesec|Ай|Ay)(?:а|у|ом|ға|да|дың|ды|ın|a|da|ı)?\b|"
    # Vietnamese and Thai; Malay "bulan" is also "month"
    r"(?i:mặt\s+trăng)|ดวงจันทร์|จันทรา"
)


@dataclass(frozen=True)
class CueRule:
    assertion: Assertion
    status: Status
    priority: int
    language: str
    pattern: re.Pattern[str]
    source: str  # the pattern before word bounds, to combine rules of one priority
    object_after: bool = False  # active voice: the cue speaks of partners after it only
    modal: bool = True  # False: what it says holds whatever the clause's mood ("would join partners such as X")


@dataclass(frozen=True)
class CueTier:
    """Every rule of one priority, in one regex whose named groups say which rule matched."""

    priority: int
    pattern: re.Pattern[str]
    rules: dict[str, CueRule]  # group name -> rule


@dataclass(frozen=True)
class MissionVocabulary:
    """How each language names the programme's missions, refers back to them and dates them."""

    numbered: tuple[tuple[re.Pattern[str], str, range], ...]  # (pattern, name template, the programme's numbers)
    named: re.Pattern[str]  # every named mission in one alternation, a group per entry
    named_groups: dict[str, str]  # group -> the mission's name
    station_words: re.Pattern[str]
    build: re.Pattern[str]
    signing: re.Pattern[str]
    anaphors: dict[str, re.Pattern[str]]
    respectively: re.Pattern[str]
    years: tuple[re.Pattern[str], ...]  # group 1 is the year
    site: re.Pattern[str]
    tie: re.Pattern[str]  # wording that makes a mission the programme's ("lay the foundation for the station")
    plan: re.Pattern[str]  # a mission's own timetable ("is scheduled to launch")
    # The year phrases of the languages that may give a year before the name (2026년 창어 7호를, "vers 2028 la
    # mission Chang'e-8"); English puts it after.
    years_before: tuple[re.Pattern[str], ...] = ()
    # Those of the languages that put a time before what it dates (2035年前建成基本型): read before the name first.
    years_first: tuple[re.Pattern[str], ...] = ()
    # A span of years ("from 2025 to 2035", "2031-2035 годы", "2025年至2035年"): group 1 starts it, group 2 ends it;
    # a timetable's target is its end.
    ranges: tuple[re.Pattern[str], ...] = ()
    # What joins a numbered mission to the next numbers of its series ("Chang'e-6, -7 and -8", "Luna 26, 27 and 28").
    series: re.Pattern[str] = re.compile(r"(?!x)x")
    # A power plant told as nuclear (a reactor) anywhere in a story is the nuclear one.
    nuclear: re.Pattern[str] = re.compile(r"(?!x)x")
    # What opens a sentence that goes on about the station named before ("It is to be completed by 2028").
    station_anaphors: re.Pattern[str] = re.compile(r"(?!x)x")
    # The middle of a decade the station is to be built by ("by the mid-2030s"): group 1 is the decade, 203.
    decade: re.Pattern[str] = re.compile(r"(?!x)x")
    # Between two clauses: a comma or the like in any script, or a conjunction of `clause: conjunctions` ("and").
    between_clauses: re.Pattern[str] = re.compile(r"(?!x)x")


@dataclass(frozen=True)
class Vocabulary:
    """Every language's sections, compiled; one alternation per section unless a cue's class must be known."""

    languages: tuple[str, ...]
    programme: tuple[re.Pattern[str], ...]
    programme_context: re.Pattern[str]
    programme_anaphora: re.Pattern[str]  # "the project": keeps a later paragraph about the ILRS, never makes one
    founders: re.Pattern[str]
    host_adjectives: re.Pattern[str]
    founders_role: re.Pattern[str]  # the founders leading the programme ("the China-led ILRS")
    founder_forms: dict[str, re.Pattern[str]]  # each founder's key -> how the languages name it
    near_miss: re.Pattern[str]
    cues: tuple[CueRule, ...]  # highest priority first
    tiers: tuple[CueTier, ...]  # the same rules, one regex per priority, highest first
    negation_phrases: re.Pattern[str]
    members_of_another: re.Pattern[str]  # says nothing of the names right after it: another body's members or
    # partners, a state in "relations with", a place an official visits
    negation_before: dict[str, re.Pattern[str]]  # per language: matched against the text just before a cue
    affiliation: re.Pattern[str]  # ends right before an institution named as a source's place of work
    nonfinite: dict[str, re.Pattern[str] | None]
    irrealis: dict[str, re.Pattern[str] | None]
    hedges: re.Pattern[str]
    reported_speech: re.Pattern[str]
    dates: re.Pattern[str]
    clause_bounds: re.Pattern[str]
    asides: re.Pattern[str]  # a phrase that is a clause of its own ("despite objections in Congress,")
    relative: re.Pattern[str]
    counterparty: re.Pattern[str]
    counterparty_after: re.Pattern[str]  # matched at a name's end: "with" after it or on it (चीन के साथ, Çin ilə)
    coordination: re.Pattern[str]
    background_before: re.Pattern[str]  # ends at a completed act's cue: sets it in the story's past
    background_after: re.Pattern[str]  # starts right after the cue: the same
    member_of: re.Pattern[str]  # the whole text between a membership cue and another organisation it is of
    member_before: re.Pattern[str]  # the whole text from another organisation to the end of its membership cue
    other_body: re.Pattern[str]  # right after an act or membership cue: another body joined ("joined ASEAN")
    agent: re.Pattern[str]  # between a passive act and its agents ("signed by representatives of")
    home_list: re.Pattern[str]  # matched against the text just before a list of states
    home_noun: re.Pattern[str]  # matched against the text just after a state's name
    home_beside: re.Pattern[str]  # the whole text between an institution and a state
    list_separator: re.Pattern[str]  # the whole text between two names of one list
    list_follows: re.Pattern[str]  # a sentence that is the list of the one before: "They are: A, B and C"
    missions: MissionVocabulary


_NEVER = r"(?!x)x"
_CLAUSE_PUNCTUATION = "[,;:，；：、،؛]"  # what ends a clause in the scripts of the language files
# With Latin Extended-A, -B and Additional: Turkish ı ş ğ, Azerbaijani ə, Vietnamese ậ ệ ố.
_LATIN = "A-Za-zÀ-ÖØ-öø-ÿ\u0100-\u024f\u0259\u1e00-\u1eff"


def _any(patterns: list[str], suffix: str = "") -> str:
    return "|".join(f"(?:{p}){suffix}" for p in patterns) or _NEVER


def _cue(pattern: str) -> re.Pattern[str]:
    # Latin cues are whole words; other scripts' cues are stems (Cyrillic, Arabic) or stand without spaces (Chinese,
    # Japanese, Korean particles): Python's \b cannot bound them.
    return prefilter.compile(_bounded(pattern), _I)


def _bounded(pattern: str) -> str:
    return rf"(?<![{_LATIN}])(?:{pattern})(?![{_LATIN}])"


def read(path: Any) -> LanguageFile:
    """One language file, checked against its schema (`schema.py`): a wrong key or type fails here, naming both."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except yaml.YAMLError as error:
        raise LanguageFileError(f"lang/{path.name}: not YAML ({' '.join(str(error).split())})") from None
    return schema.load(data, path.name, SCRIPTS)


@cache
def _files() -> tuple[LanguageFile, ...]:
    folder = resources.files("pipeline.entities") / "lang"
    return tuple(read(f) for f in sorted(folder.iterdir(), key=lambda f: f.name) if f.name.endswith(".yaml"))


def files() -> tuple[LanguageFile, ...]:
    """Every language file, read once and checked."""
    return _files()


def _section(data: list[LanguageFile], *path: str) -> list[str]:
    out: list[str] = []
    for language in data:
        node: Any = language
        for key in path:
            node = getattr(node, key, None)
        if isinstance(node, schema.NearMiss):  # near_miss has named groups of patterns
            node = [p for group in node.model_dump().values() for p in group]
        out += list(node or ())
    return out


def _rules(data: list[LanguageFile]) -> tuple[CueRule, ...]:
    rules = []
    for language in data:
        for entry in language.cues:
            status = entry.status or CLASS_STATUS[entry.class_]
            source = _any(entry.patterns)
            rules.append(CueRule(entry.class_, status, entry.priority, language.code,
                                 re.compile(_bounded(source), _I), source,  # one rule: its tier is what is searched
                                 entry.object_after, entry.modal))
    return tuple(sorted(rules, key=lambda r: -r.priority))


def _tiers(rules: tuple[CueRule, ...]) -> tuple[CueTier, ...]:
    tiers = []
    for priority in sorted({r.priority for r in rules}, reverse=True):
        group = {f"r{i}": r for i, r in enumerate(rules) if r.priority == priority}
        body = "|".join(f"(?P<{name}>{r.source})" for name, r in group.items())
        tiers.append(CueTier(priority, _cue(body), group))
    return tuple(tiers)


def _per_language(data: list[LanguageFile], *path: str, anchor: str = "$") -> dict[str, re.Pattern[str] | None]:
    out: dict[str, re.Pattern[str] | None] = {}
    for language in data:
        patterns = _section([language], *path)
        out[language.code] = prefilter.compile(_any(patterns, anchor), _I) if patterns else None
    return out


def _named(data: list[LanguageFile]) -> tuple[re.Pattern[str], dict[str, str]]:
    """Every named mission of `data` in one alternation, a group per entry, and each group's mission."""
    named = [e for d in data for e in d.missions.named]
    return (prefilter.compile("|".join(f"(?P<m{i}>{e.pattern})" for i, e in enumerate(named)) or _NEVER, _I),
            {f"m{i}": e.name for i, e in enumerate(named)})


def _missions(data: list[LanguageFile]) -> MissionVocabulary:
    compiled = lambda key: prefilter.compile(_any(_section(data, "missions", key)), _I)  # noqa: E731
    anaphors: dict[str, list[str]] = {}
    for language in data:
        for name, patterns in language.missions.anaphors.items():
            anaphors.setdefault(name, []).extend(patterns)
    numbered = [e for d in data for e in d.missions.numbered]
    named, named_groups = _named(data)
    return MissionVocabulary(
        numbered=tuple((re.compile(e.pattern, _I), e.name, range(e.numbers[0], e.numbers[1] + 1)) for e in numbered),
        named=named,
        named_groups=named_groups,

        station_words=compiled("station_words"),
        build=compiled("build"),
        signing=compiled("signing"),
        anaphors={name: prefilter.compile(_any(patterns), _I) for name, patterns in anaphors.items()},
        respectively=compiled("respectively"),
        years=tuple(re.compile(p, _I) for p in _section(data, "missions", "year")),
        site=compiled("site"),
        tie=compiled("tie"),
        plan=compiled("plan"),
        years_before=tuple(re.compile(p, _I) for d in data if d.missions.year_before for p in d.missions.year),
        years_first=tuple(re.compile(p, _I) for d in data if d.missions.year_before == "first"
                          for p in d.missions.year),
        ranges=tuple(re.compile(p, _I) for p in _section(data, "missions", "range")),
        series=compiled("series"),
        nuclear=compiled("nuclear"),
        decade=compiled("decade"),

        station_anaphors=re.compile(_any(_section(data, "missions", "station_anaphors")), re.IGNORECASE | re.MULTILINE),
        between_clauses=re.compile("|".join([_CLAUSE_PUNCTUATION, *(
            rf"\s(?:{'|'.join(map(re.escape, d.clause.conjunctions))})\s" for d in data if d.clause.conjunctions)])),
    )



def _founder_forms(data: list[LanguageFile]) -> dict[str, re.Pattern[str]]:
    forms: dict[str, list[str]] = {}
    for language in data:
        for code, pattern in language.founders_role.forms.items():
            forms.setdefault(f"country:{code}", []).append(pattern)
    return {key: re.compile(_any(patterns), _I) for key, patterns in forms.items()}


def _founders_role(data: list[LanguageFile]) -> re.Pattern[str]:
    """Each language's `founders_role` patterns, `{F}` standing for any founder as that language names it."""
    patterns = []
    for language in data:
        role = language.founders_role
        founder = "(?:" + "|".join(f"(?:{p})" for p in role.forms.values()) + ")"
        patterns += [p.replace("{F}", founder) for p in role.patterns]
    return _cue(_any(patterns))


@cache
def vocabulary() -> Vocabulary:
    """Every `lang/*.yaml`, read once and compiled."""
    return _compile(list(_files()))


# Unicode scripts, as character classes: which languages write in which is data (`script:` in each lang file).
SCRIPTS: dict[str, str] = {
    "latin": "A-Za-z",
    "cyrillic": "\u0400-\u04ff",
    "han": "\u4e00-\u9fff",
    "kana": "\u3040-\u30ff",
    "hangul": "\uac00-\ud7a3",
    "arabic": "\u0600-\u06ff",  # Persian and Urdu letters (پ چ گ ک ی ے) and digits (۰-۹) among them
    "devanagari": "\u0900-\u097f",
    "greek": "\u0370-\u03ff\u1f00-\u1fff",
    "thai": "\u0e00-\u0e7f",  # written without spaces between words: cues are phrases, matched as they stand
}
_SCRIPT_PATTERNS = {name: re.compile(f"[{chars}]") for name, chars in SCRIPTS.items()}


@dataclass(frozen=True)
class Language:
    """What the engine needs to know of a language besides its words: how it is written and recognised."""

    code: str
    scripts: tuple[str, ...]  # a sentence in any of them is read with its cues
    identified_as: frozenset[str]  # the language identifier's codes for it besides its own (Chinese: wuu, yue)
    inflection: str | None  # how its names take case forms: "pymorphy3" (a dictionary), "arabic" (prefixes),
    # "genitive-s" (German "Deutschlands"), "endings" (the file's own `endings`: Kazakh, Serbian, Greek)
    iso_locales: tuple[str, ...]  # pycountry's locales for ISO 3166 names (Serbian: sr and sr@latin)
    locales: tuple[str, ...] = ()  # CLDR's locales for its territory names (Serbian: sr and sr_Latn)
    endings: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = ()  # a name's last word: its end, replaced by each
    extra: tuple[tuple[str, str], ...] = ()  # (name, ISO code): `countries: names` CLDR and ISO lack, inflected


def _listed(value: str | list[str] | None, default: str) -> tuple[str, ...]:
    if value is None:
        return (default,)
    return (value,) if isinstance(value, str) else tuple(value)


def _language(d: LanguageFile) -> Language:
    names = d.names or schema.Names()
    endings = tuple((re.compile(f"(?:{rule.end})$"), tuple(rule.forms)) for rule in names.endings)
    return Language(d.code, d.scripts, frozenset(d.identified_as), names.inflection,
                    _listed(names.iso_locale, d.code), _listed(names.locales, d.code), endings,
                    tuple((name, code) for code, forms in (d.countries or schema.Countries()).names.items()
                          for name in forms))


@cache
def languages() -> tuple[Language, ...]:
    """Every language a `lang/*.yaml` file is present for."""
    return tuple(_language(d) for d in _files())


def language(code: str) -> Language:
    """The language a file is present for, by its code."""
    return next(lang for lang in languages() if lang.code == code)


def our_code(code: str) -> str:
    """The code of the language file that reads what the identifier calls `code` (wuu → zh), else `code`."""
    return next((lang.code for lang in languages() if code == lang.code or code in lang.identified_as), code)


@lru_cache(maxsize=64)  # the engine asks again for each step of one sentence
def scripts_in(text: str) -> frozenset[str]:
    return frozenset(name for name, pattern in _SCRIPT_PATTERNS.items() if pattern.search(text))


def script_counts(text: str) -> dict[str, int]:
    return {name: len(pattern.findall(text)) for name, pattern in _SCRIPT_PATTERNS.items()}


@dataclass(frozen=True)
class Reading:
    """How one document is read: in its own language where that is known (an ISO 639-1 code of a language file),
    so that its script's cues are that language's only (an Italian "Partner" or a Ukrainian "партнер" is no cue in
    a German or Russian text). Passed down explicitly with each document's sentences."""

    language: str | None = None

    def vocabulary(self, text: str, own_language: bool = True) -> Vocabulary:
        """The languages whose script `text` is written in (an English sentence is not tried with Chinese cues),
        and of the document's own script only its language: the same findings as `vocabulary()`, at a fraction of
        the cost, without another language's look-alike words. Mission names are shared across languages
        ("Chang'e-7" in a German text): `own_language=False` keeps every language of the script."""
        language = self.language if own_language and self.language in _codes() else None
        return _scoped(scripts_in(text), language)

    def mission_names(self, text: str) -> tuple[re.Pattern[str], dict[str, str]]:
        """The named missions ("basic model", "lunar power plant") of the languages whose script `text` is written
        in, of the document's own script only its language's and English's (a wire's term kept in a translated
        story): one alternation, a group per entry, and each group's mission. Numbered missions ("Chang'e-7") are
        every language's: `for_text(text).missions.numbered`."""
        language = self.language if self.language in _codes() else None
        return _mission_names(scripts_in(text), language)


ANY_LANGUAGE = Reading()


@cache
def _mission_names(scripts: frozenset[str], language: str | None) -> tuple[re.Pattern[str], dict[str, str]]:
    data = [d for d in _files() if scripts & set(d.scripts)]
    own = next((d for d in data if d.code == language), None)
    if own is not None:  # an alternation over one language's names, not a dozen's: most of the cost of a sentence
        keep = {own.code, "en", *own.reads_also}
        data = [d for d in data if d.code in keep or not set(d.scripts) & set(own.scripts)]
    return _named(data) if data else (vocabulary().missions.named, vocabulary().missions.named_groups)


def supported(language: str) -> bool:
    """A `lang/<code>.yaml` is present for the language: its cues are read."""
    return language in _codes()



def for_text(text: str) -> Vocabulary:
    """Every language of the scripts `text` is written in, whatever the document's language."""
    return _scoped(scripts_in(text), None)


@cache
def _codes() -> frozenset[str]:
    return frozenset(lang.code for lang in languages())


@cache
def _scoped(scripts: frozenset[str], language: str | None = None) -> Vocabulary:
    data = [d for d in _files() if scripts & set(d.scripts)]
    own = next((d for d in data if d.code == language), None)
    if own is not None:  # and the languages its stories quote (`reads_also`: Russian in Kazakh news)
        also = set(own.reads_also)
        data = [d for d in data if d is own or d.code in also or not set(d.scripts) & set(own.scripts)]
    return _compile(data) if data else vocabulary()


def _compile(data: list[LanguageFile]) -> Vocabulary:
    compiled = lambda *path, suffix="": prefilter.compile(_any(_section(data, *path), suffix), _I)  # noqa: E731
    negation = _per_language(data, "negation", "before")
    rules = _rules(data)
    return Vocabulary(
        languages=tuple(d.code for d in data),
        programme=tuple(re.compile(p, _I) for p in _section(data, "programme")),
        programme_context=compiled("programme_context"),
        programme_anaphora=compiled("programme_anaphora"),
        founders=compiled("founders"),
        host_adjectives=compiled("host_adjectives"),
        founders_role=_founders_role(data),
        founder_forms=_founder_forms(data),
        near_miss=compiled("near_miss"),
        cues=rules,
        tiers=_tiers(rules),
        negation_phrases=_cue(_any(_section(data, "negation", "phrases"))),
        members_of_another=_cue(_any(_section(data, "negation", "members_of_another"))),
        negation_before={k: v for k, v in negation.items() if v is not None},
        affiliation=compiled("negation", "affiliation", suffix="$"),
        nonfinite=_per_language(data, "clause", "nonfinite"),
        irrealis=_per_language(data, "clause", "irrealis"),
        hedges=compiled("hedges"),
        reported_speech=compiled("reported_speech"),
        dates=compiled("dates"),
        clause_bounds=compiled("clause", "boundaries"),
        asides=compiled("clause", "asides"),
        relative=compiled("clause", "relative"),
        counterparty=compiled("clause", "counterparty", suffix="$"),
        counterparty_after=compiled("clause", "counterparty_after"),  # used with .match(pos)
        coordination=compiled("clause", "coordination", suffix="$"),
        agent=compiled("clause", "agent", suffix="$"),
        member_of=compiled("clause", "member_of"),
        member_before=compiled("clause", "member_before"),
        other_body=re.compile("(?:" + _any(_section(data, "clause", "other_body")) + ")", _I),  # used with .match(pos)
        background_before=compiled("background", "before", suffix="$"),
        background_after=re.compile("^(?:" + _any(_section(data, "background", "after")) + ")", _I),
        home_list=compiled("clause", "home_list", suffix="$"),
        home_noun=compiled("clause", "home_noun"),
        home_beside=compiled("clause", "home_beside"),
        list_separator=compiled("clause", "list_separator"),
        list_follows=re.compile("(?:" + _any(_section(data, "clause", "list_follows")) + ")", _I),  # .match
        missions=_missions(data),
    )


@cache
def _programme() -> re.Pattern[str]:
    """Every language's names of the ILRS in one alternation: asked of every sentence."""
    return prefilter.compile("|".join(f"(?:{p.pattern})" for p in vocabulary().programme), _I)


@lru_cache(maxsize=1024)  # every sentence is asked for its context, its missions' ties and its partners
def names_programme(text: str) -> bool:
    """The text names the ILRS itself, in any language."""
    return _programme().search(text) is not None


def programme_spans(text: str) -> list[tuple[int, int]]:
    return list(_programme_spans(text))


@lru_cache(maxsize=256)  # asked of one sentence for its partners and for its missions' ties
def _programme_spans(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(m.span() for m in _programme().finditer(text)) if names_programme(text) else ()


@lru_cache(maxsize=256)  # asked of each sentence once for partners' context and once for missions'
def refers_back_to_programme(text: str) -> bool:
    """Speaks of "the project" or "the station": the ILRS, where a document has already named it."""
    return bool(for_text(text).programme_anaphora.search(text))


@lru_cache(maxsize=256)  # the same
def speaks_of_programme(text: str) -> bool:
    """Names the ILRS, or uses a phrase that means it once a document is about it ("the lunar station")."""
    return names_programme(text) or bool(for_text(text).programme_context.search(text))

