"""The shape of a language file (`lang/<code>.yaml`), checked when it is read.

A file with a key the engine does not know, a value of the wrong type or a pattern that is no regular expression
fails at load with one line naming the file and the key (`LanguageFileError`), not later inside a sentence. Every
model forbids unknown keys and coerces nothing: a number written as a string, or a single pattern where a list is
due, is refused. What each key does is told in the README's "The language files".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from pipeline.errors import LanguageFileError


def _compiles(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as error:
        raise ValueError(f"not a regular expression ({error})") from None
    return pattern


Pattern = Annotated[str, AfterValidator(_compiles)]  # a Python regular expression, matched case-insensitively
Patterns = list[Pattern]
Assertion = Literal["act", "membership", "talks", "invitation", "intent", "interest", "refusal"]
Status = Literal["interested", "negotiating", "joined", "withdrew"]
Inflection = Literal["pymorphy3", "arabic", "genitive-s", "nukta", "ezafe", "endings"]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)


class FoundersRole(_Section):
    forms: dict[str, Pattern] = {}  # ISO code of a founder -> how the language names it
    patterns: Patterns = []  # `{F}` stands for any founder's form


class NearMiss(_Section):
    programmes: Patterns = []
    payloads: Patterns = []
    contracts: Patterns = []
    forums: Patterns = []


class Cue(_Section):
    class_: Assertion = Field(alias="class")
    priority: int
    status: Status | None = None
    object_after: bool = False
    modal: bool = True
    patterns: Patterns

    @field_validator("status")
    @classmethod
    def _never_joined(cls, status: Status | None, info: ValidationInfo) -> Status | None:
        # Only an act or a membership can say a partner joined; an invitation, a plan or talks never do.
        if status == "joined" and info.data.get("class_") not in ("act", "membership"):
            raise ValueError(f"a {info.data.get('class_')} cue can never mean joined")
        return status


class Negation(_Section):
    before: Patterns = []
    phrases: Patterns = []
    members_of_another: Patterns = []
    affiliation: Patterns = []


class Background(_Section):
    before: Patterns = []
    after: Patterns = []


class Clause(_Section):
    boundaries: Patterns = []
    asides: Patterns = []
    relative: Patterns = []
    counterparty: Patterns = []
    counterparty_after: Patterns = []
    coordination: Patterns = []
    conjunctions: list[str] = []  # words that join two clauses ("and"), as they are written
    list_separator: Patterns = []
    list_follows: Patterns = []  # a sentence that opens with one is the list of the one before ("They are: A, B")
    home_list: Patterns = []
    home_beside: Patterns = []
    home_noun: Patterns = []
    irrealis: Patterns = []
    nonfinite: Patterns = []
    member_of: Patterns = []
    member_before: Patterns = []
    agent: Patterns = []
    other_body: Patterns = []


class NumberedMission(_Section):
    pattern: Pattern  # group 1 is the mission's number
    name: str  # "Chang'e-{}"
    numbers: Annotated[list[int], Field(min_length=2, max_length=2)]  # the programme's first and last


class NamedMission(_Section):
    pattern: Pattern
    name: str


class Missions(_Section):
    numbered: list[NumberedMission] = []
    named: list[NamedMission] = []
    station_words: Patterns = []
    build: Patterns = []
    signing: Patterns = []
    anaphors: dict[str, Patterns] = {}  # a mission's name, or `numbered` -> words that refer back to it
    respectively: Patterns = []
    range: Patterns = []
    series: Patterns = []
    nuclear: Patterns = []
    station_anaphors: Patterns = []
    decade: Patterns = []
    year: Patterns = []
    year_before: bool | Literal["first"] = False
    site: Patterns = []
    tie: Patterns = []
    plan: Patterns = []


class Ending(_Section):
    end: Pattern  # the end of a name's last word
    forms: list[str]  # what replaces it, each a form of the name


class InstitutionWords(_Section):
    heads: dict[str, str]  # a head noun -> its English ("Universidad": "University")
    adjectives: dict[str, str] = {}
    of: Patterns  # the words for "of" ("de la", "del", "de")


class Names(_Section):
    # An unlisted institution, by its shape: a name that ends with a head ("Kazan Federal University", 新西伯利亚国立
    # 大学, "Томский государственный университет"), a head and `of` ("University of Peshawar"), or one that opens
    # with a head (`heads_first`: "Universidad de Chile", "جامعة الشارقة"); a company by its legal form.
    heads: Patterns = []
    heads_if_last: Patterns = []  # end a name only where no capitalised word follows ("Aerospace Industry")
    heads_first: Patterns = []
    of: Patterns = []  # what joins a head to the name after it ("of", "for")
    modifier: Pattern | None = None  # a word that agrees with a head before it (Russian adjectives)
    generic: Patterns = []  # words that name no one body on their own ("National Academy of Sciences")
    state_bodies: Patterns = []  # heads of what a state governs through ("Academy", "Agency", "Ministry")
    legal_forms: Patterns = []  # "Ltd.", "GmbH", "S.A.": part of no partner's identity
    not_governed: Patterns = []  # after an indefinite head that opens a name, these make it name no body (في)
    company_words: Patterns = []  # what a company is, before its name ("start-up Lunaris Robotics")
    its_bodies: Patterns = []  # after a state's name, its institutions or people: the state only places them
    located: Patterns = []  # between an institution and the state after it that places it ("in", "based in")
    articles: Patterns = []  # an article before a state's name ("the")
    # A language written without spaces (Chinese) cuts a run of characters into names with these:
    not_named: Patterns = []  # a phrase that holds one names no body: a count (三家公司), an epithet (知名大学)
    openers: Patterns = []  # open a sentence or a clause, never a name ("According", 目前已有…)
    state_in_name: Patterns = []  # after a state, make it part of the name (蒙古国立大学), not its place
    inflection: Inflection | None = None
    endings: list[Ending] = []
    locales: str | list[str] | None = None  # CLDR's locales, where not the code
    iso_locale: str | list[str] | None = None  # pycountry's, where not the code
    institution_words: InstitutionWords | None = None
    list_breaks: Patterns = []


class Sides(_Section):
    """How a party once named is referred to by its first character and a suffix (Chinese 巴方, 泰方)."""

    suffix: str
    states: dict[str, str] = {}  # a character (or a short name) -> the one state it means in this coverage
    everyday: str = ""  # characters whose <character><suffix> is an everyday word (东方 "east")
    not_before: Pattern = r"(?!x)x"  # after the suffix: it begins the next word instead (办法方面, 新方案)


class Countries(_Section):
    names: dict[str, list[str]] = {}  # ISO code -> names CLDR and ISO lack, inflected like theirs
    adjectives: dict[str, list[str]] = {}  # ISO code -> adjectives that name the state ("Pakistani")
    adjective_endings: list[str] = []  # the adjectives are stems: each takes each ending (German -e, -en ...)
    apostrophes: list[str] = []  # every form with an apostrophe is also written with each of these
    not_names: list[str] = []  # CLDR or ISO names that are everyday words here ("Georgia", "Того")
    compounds: Patterns = []  # everyday words that hold a state's name (沿海地区 holds 海地): no name inside
    both_founders: Patterns = []  # one word that names China and Russia together (中俄)
    sides: Sides | None = None


class Writing(_Section):
    """How the language writes people's titles, abbreviations and short sentences: read before any cue."""

    honorifics: Patterns = []  # a title before a person's name ("Mr.", "Herr", "г-н"): a person, not a state
    abbreviations: Patterns = []  # words that end in a full stop without ending a sentence ("Sr.", "bzw.")
    ordinals: Patterns = []  # words after "3." that make the number an ordinal ("3. Mai", "13. Mitglied")
    prose_letters: Pattern | None = None  # letters that measure a sentence where words are long (Korean syllables)
    prose_min_letters: int = 0  # a sentence with a full stop and this many `prose_letters` is prose


class LanguageFile(_Section):
    """One `lang/<code>.yaml`."""

    code: str
    script: str | list[str] = "latin"
    identified_as: list[str] = []
    reads_also: list[str] = []
    names: Names | None = None
    writing: Writing = Writing()
    month_locales: list[str] = []  # CLDR locales whose month names texts use (babel), where not `names: locales`
    countries: Countries | None = None
    programme: Patterns = []
    programme_anaphora: Patterns = []
    programme_context: Patterns = []
    founders: Patterns = []
    host_adjectives: Patterns = []
    founders_role: FoundersRole = FoundersRole()
    near_miss: NearMiss = NearMiss()
    cues: list[Cue] = []
    negation: Negation = Negation()
    hedges: Patterns = []
    reported_speech: Patterns = []
    dates: Patterns = []
    clause: Clause = Clause()
    background: Background = Background()
    missions: Missions = Missions()

    @field_validator("script")
    @classmethod
    def _known_scripts(cls, script: str | list[str], info: ValidationInfo) -> str | list[str]:
        known = (info.context or {}).get("scripts")
        unknown = {script} if isinstance(script, str) else set(script)
        unknown -= set(known or unknown)
        if unknown:
            raise ValueError(f"unknown script {sorted(unknown)}; known: {sorted(known or ())}")
        return script

    @property
    def scripts(self) -> tuple[str, ...]:
        return (self.script,) if isinstance(self.script, str) else tuple(self.script)


def _where(location: tuple[int | str, ...]) -> str:
    """('cues', 3, 'patterns', 0) -> cues[3].patterns[0]"""
    out = ""
    for part in location:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top)"


def load(data: Any, source: Path | str, scripts: Mapping[str, str] | None = None) -> LanguageFile:
    """The parsed YAML of one language file, checked; `scripts` are the scripts the engine knows."""
    name = Path(source).name
    if not isinstance(data, dict):
        raise LanguageFileError(f"lang/{name}: not a mapping of keys")
    try:
        loaded = LanguageFile.model_validate(data, context={"scripts": scripts})
    except ValidationError as error:
        first = error.errors()[0]
        more = error.error_count() - 1
        where = _where(tuple(first["loc"]))
        message = first["msg"].removeprefix("Value error, ")
        raise LanguageFileError(f"lang/{name}: {where}: {message}" + (f" (and {more} more)" if more else "")) from None
    if loaded.code != Path(source).stem:
        raise LanguageFileError(f"lang/{name}: code: {loaded.code!r} is not the file's name")
    return loaded
