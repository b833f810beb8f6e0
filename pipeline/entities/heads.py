"""Institutions named by their shape, one engine over every language's words (`names:` in `lang/<code>.yaml`).

Each language file lists the heads its institutions' names are built around, the words that alone name no body and
the legal forms of its companies; this module builds them into the patterns `names.py` reads a sentence with. How
a name is built around its head belongs to the script: a Latin name ends with its head ("Kazan Federal University")
or opens with it ("University of Peshawar", "Universidad de Chile"); a Chinese one ends with it, without spaces
(新西伯利亚国立大学); a Russian one puts agreeing words before it ("Томский государственный университет"); an
Arabic one opens with it, in the construct state ("جامعة الشارقة").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from babel.dates import get_day_names, get_month_names

from pipeline.entities import lexicon

_NEVER = r"(?!x)x"
_HAN = r"\u4e00-\u9fff"
# Capitalised words of a Latin name, and the small words inside one ("Academy of Sciences of the Republic").
_CAP = r"(?:[A-Z][\w'’.-]*|of|for|and|the|de)"
_WORD = r"[A-Z][\w'’.-]*"
# Lowercase particles inside a place's name ("Dar es Salaam", "Rio de Janeiro"): a name is never cut at them.
_PARTICLE = r"(?:and|es|de|da|do|del|di|la|el|al|van|von|der|dos|das)"
_ARABIC_LETTER = r"\u0621-\u064a"


def _any(patterns: list[str]) -> str:
    return "(?:" + ("|".join(f"(?:{p})" for p in patterns) or _NEVER) + ")"


@dataclass(frozen=True)
class Heads:
    """Every language's words for institutions, compiled."""

    institution: re.Pattern[str]  # a name by its shape, in any script but Arabic
    han_name: re.Pattern[str]  # a whole Chinese name
    arabic: re.Pattern[str]  # an Arabic name: group `name`
    cyrillic_heads: re.Pattern[str]  # the head a Russian name ends with, matched at its last word
    generic_only: re.Pattern[str]  # words that alone name no body
    state_body: re.Pattern[str]  # a body a state governs through
    legal_form: re.Pattern[str]  # a legal form at a name's end
    not_named: re.Pattern[str]  # in a phrase that ends in a head, makes it name no body (三家公司, 知名大学)
    openers: re.Pattern[str]  # open a clause or a count: a name written without spaces never runs across one
    han_of: re.Pattern[str]  # joins a state or an epithet to a Chinese name (阿联酋的沙迦大学)
    state_in_name: re.Pattern[str]  # after a state, makes it part of the name (蒙古国立大学), not its place
    leading: re.Pattern[str]  # words that open a Latin sentence, not a name: "According", "On Monday", "In May"
    after_a_state: re.Pattern[str]  # a state, then "and": it ends a phrase before a name ("in Bangladesh and")
    placed_after: re.Pattern[str]  # between an institution and the state after it that places it
    company: re.Pattern[str]  # a company named by what it is ("start-up Lunaris Robotics"): group `name`
    not_governed: re.Pattern[str]  # the word an indefinite head governs, where the phrase names no body
    its_bodies: re.Pattern[str]  # right after a state: its institutions or people ("Serbian institutes")
    its_bodies_han: re.Pattern[str]  # the same without spaces (蒙古学者, 泰国的大学)


def _words(script: str, key: str) -> list[str]:
    return [p for f in lexicon.files() if f.names and script in f.scripts for p in getattr(f.names, key)]


def _joints() -> str:
    """What joins a head that opens a Latin name to the rest ("de la", "du", "d'", "di")."""
    words = [p for f in lexicon.files() if f.names and "latin" in f.scripts and f.names.heads_first
             for p in [*f.names.of, *(f.names.institution_words.of if f.names.institution_words else [])]]
    return rf"(?:{_any(words)}(?:\s+|(?<=['’])))" if words else "(?!)"


def _latin() -> list[str]:
    heads, last = _any(_words("latin", "heads")), _any(_words("latin", "heads_if_last"))
    of = _any(_words("latin", "of"))
    place = rf"{_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_WORD}){{0,3}}"
    joint = _joints()
    return [
        # "Kazan Federal University", "Tomsk State University of Control Systems", "Helvetia Lunar Systems"
        rf"(?:{_WORD}\s+)(?:{_CAP}\s+){{0,4}}(?:{heads}(?:\s+{of}\s+(?:the\s+)?{place})?|{last}(?!\s+[A-Z]))",
        rf"(?:{heads}\s+{of}\s+(?:the\s+)?{place})",  # "University of Peshawar"
        rf"(?:{_WORD}\s+){{1,3}}{_any(_words('latin', 'legal_forms'))}(?!\w)",  # "Regolith Forge S.A."
        # "Universidad Nacional de Colombia", "Université de Yaoundé I", "Università di Bologna"
        rf"{_any(_words('latin', 'heads_first'))}\s+{joint}?[A-ZÀ-Þ][\w'’.-]*(?:\s+{joint}?[A-ZÀ-Þ][\w'’.-]*){{0,3}}",
    ]


def _han() -> str:
    # A transliterated person's name inside keeps its middle dot: 亚瑟·克拉克现代技术研究所.
    # Japanese names are built the same way, with heads of their own (機構, センター).
    return rf"[{_HAN}](?:[{_HAN}]|·(?=[{_HAN}])){{1,15}}{_any(_words('han', 'heads') + _words('kana', 'heads'))}"


def _cyrillic() -> str:
    modifiers = _any([f.names.modifier for f in lexicon.files() if f.names and f.names.modifier and
                      "cyrillic" in f.scripts])
    last = rf"[А-ЯЁ][а-яё-]+(?:\s+{modifiers}){{0,2}}\s+{_any(_words('cyrillic', 'heads'))}\w*"
    # A Serbian name opens with its head: "Институт за физику", "Универзитет у Нишу", then perhaps its place
    # ("Институт за астрофизику Ниш"); the word after "за" is what the body studies, in lower case.
    first = [w for w in _words("cyrillic", "heads_first") if re.match(r"[А-ЯЁЂЈЉЊЋЏ]", w)]
    if not first:
        return last
    of = _any([w for w in _words("cyrillic", "of") if re.match(r"[а-яёђјљњћџ]", w)])
    lower, upper = r"[а-яёђјљњћџ]", r"[А-ЯЁЂЈЉЊЋЏ]"
    opening = rf"{_any(first)}\s+{of}\s+(?:{lower}[\w-]*|{upper}[\w-]*)(?:\s+{upper}[\w-]*){{0,2}}"
    return rf"(?:{last}|{opening})"


def _arabic() -> re.Pattern[str]:
    head = _any(_words("arabic", "heads_first"))
    letter = _ARABIC_LETTER
    # The head in the construct state and the word it governs ("جامعة الشارقة", "لجامعة بيشاور"), or the definite
    # head with its definite adjectives ("الجمعية الفلكية الأردنية"); an attached preposition is no part of it.
    return re.compile(
        rf"(?<![{letter}])[وف]?[بلك]?(?P<name>{head}\s+[{letter}]{{3,}}"
        rf"|ال{head}\s+ال[{letter}]{{2,}}(?:ية|ي)(?:\s+ال[{letter}]{{2,}}(?:ية|ي)){{0,2}})(?![{letter}])")


def _all(key: str) -> list[str]:
    return [p for f in lexicon.files() if f.names for p in getattr(f.names, key)]


def _conjunctions() -> list[str]:
    return [re.escape(w) for f in lexicon.files() if {"latin", "cyrillic"} & set(f.scripts)
            for w in f.clause.conjunctions]


def _leading() -> re.Pattern[str]:
    """Words that open a Latin sentence rather than a name: each file's `openers`, its month and day names (CLDR)
    and a place an adjective is made of ("Berlin-based")."""
    words = []
    for f in lexicon.files():
        if "latin" in f.scripts and f.names and f.names.openers:
            words += f.names.openers
            for locale in lexicon.language(f.code).locales:
                words += [re.escape(str(n)) for n in get_month_names("wide", "format", locale).values()]
                words += [re.escape(str(n)) for n in get_day_names("wide", "format", locale).values()]
    return re.compile(rf"^(?:{_any(words)}\s+|[A-Z][\w.'’]*-based\s+)+")


@cache
def heads() -> Heads:
    """Every language file's institution words, built into the engine's patterns once."""
    legal = _any([p for f in lexicon.files() if f.names for p in f.names.legal_forms])
    return Heads(
        institution=re.compile("|".join([*_latin(), _han(), _cyrillic()])),
        han_name=re.compile(_han()),
        arabic=_arabic(),
        cyrillic_heads=re.compile(_any(_words("cyrillic", "heads"))),
        generic_only=re.compile(rf"(?:{_any([p for f in lexicon.files() if f.names for p in f.names.generic])}\s*)+"),
        state_body=re.compile(rf"\b{_any([p for f in lexicon.files() if f.names for p in f.names.state_bodies])}\b"),
        legal_form=re.compile(rf"[\s,]+{legal}$"),
        not_named=re.compile(_any(_words("han", "not_named"))),
        openers=re.compile(_any(_words("han", "openers"))),
        han_of=re.compile(_any(_words("han", "of"))),
        state_in_name=re.compile(_any(_words("han", "state_in_name"))),
        leading=_leading(),
        # Two capitalised words at least; an adjective may stand between ("la société genevoise Helvetia ...")
        company=re.compile(rf"(?<![\w])(?i:{_any(_all('company_words'))})\s+"
                           r"(?:[a-zà-ÿ]+\s+)?(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,3})"),
        not_governed=re.compile(rf"^{_any(_words('arabic', 'not_governed'))}$"),
        # one word may stand between ("Serbian space institutes"), but not a conjunction: "Serbia and universities"
        its_bodies=re.compile(rf"\s+(?:(?!{_any(_conjunctions())}\s)[\w-]+\s+)?"
                              rf"{_any(_words('latin', 'its_bodies') + _words('cyrillic', 'its_bodies'))}\b", re.I),
        its_bodies_han=re.compile(rf"{_any(_words('han', 'of'))}?{_any(_words('han', 'its_bodies'))}"),
        after_a_state=re.compile(rf"^(.+?)\s+{_any(_conjunctions())}\s+"),
        placed_after=re.compile(rf"\s*(?:[(（,]\s*)?(?:{_any(_all('located'))}\s+)?(?:{_any(_all('articles'))}\s+)?",
                                re.IGNORECASE),
    )
