"""Country names in every supported language, from CLDR (babel) and ISO 3166 (pycountry), with their word forms.

CLDR gives each territory's name in every language a `lang/<code>.yaml` file is present for; pycountry gives
ISO's official names and their translations. What no library has is data in each language file's `countries:`
section: the names and adjectives outlets use ("PRC", "Pakistani", "пакистанский"), the names that are everyday
words there, and which Chinese one-character short form (巴方, 泰方) means which state. Russian and Ukrainian case
forms come from pymorphy3; Arabic forms take the article and attached prepositions (والصين, بمصر). The matcher
(`Names`) is shared with the gazetteer of organisations in `names.py`.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Generic, TypeVar

import pycountry
from babel import Locale, UnknownLocaleError

from pipeline.entities import lexicon, schema
from pipeline.entities.spans import Taken

# Territories nobody signs for: no ILRS coverage names them as parties.
_UNINHABITED = frozenset({"AQ", "BV", "HM", "UM", "TF", "IO", "GS"})

def _countries(language: schema.LanguageFile) -> schema.Countries:
    return language.countries or schema.Countries()


@cache
def _english_names() -> dict[str, list[str]]:
    """The names English outlets use that ISO does not (`countries: names` in lang/en.yaml): the first is shown."""
    return next((_countries(f).names for f in lexicon.files() if f.code == "en"), {})


@cache
def _not_names() -> frozenset[str]:
    """CLDR and ISO names that are everyday words or people's names where they are written (`not_names`)."""
    return frozenset(word for f in lexicon.files() for word in _countries(f).not_names)


@dataclass(frozen=True)
class _Sides:
    """"<first character>方": how Chinese writing refers to a party once named (巴方, 泰方), from `sides`."""

    suffix: str
    states: dict[str, str]
    everyday: frozenset[str]  # <character><suffix> forms that are words (东方 "east")
    not_before: re.Pattern[str]  # what after the suffix makes it the next word's (办法方面)


@cache
def _sides() -> tuple[_Sides, ...]:
    found = [sides for f in lexicon.files() if (sides := _countries(f).sides) is not None]
    return tuple(_Sides(s.suffix, s.states, frozenset(c + s.suffix for c in s.everyday), re.compile(s.not_before))
                 for s in found)


# How far before the name it holds a compound may begin (Vietnamese "Hằng " before Nga).
_COMPOUND_REACH = 5


@cache
def _compounds() -> re.Pattern[str]:
    """Everyday words that hold a state's name (沿海地区 holds 海地): a name inside one is none."""
    patterns = [p for f in lexicon.files() for p in _countries(f).compounds]
    return re.compile("|".join(f"(?:{p})" for p in patterns) or r"(?!x)x")


@cache
def both_founders() -> re.Pattern[str]:
    """One word that names China and Russia together (中俄)."""
    patterns = [p for f in lexicon.files() for p in _countries(f).both_founders]
    return re.compile("|".join(f"(?:{p})" for p in patterns) or r"(?!x)x")


def _adjective_forms(language: schema.LanguageFile, kind: str | None, word: str) -> set[str]:
    """An adjective's forms: every form pymorphy3 knows (Russian, Ukrainian), or the stem with each ending its
    file lists (German), in lower case and capitalised; each apostrophe the language writes."""
    countries = _countries(language)
    if kind == "pymorphy3":
        forms = russian_adjective_forms(word, language.code)
    else:
        forms = {word + ending for ending in countries.adjective_endings or [""]}
        forms |= {f[:1].upper() + f[1:] for f in forms}
    return {f.replace("'", a) for f in forms for a in countries.apostrophes or ["'"]}


def _hand() -> list[tuple[str, str]]:
    """(form, ISO code) of every name and adjective the language files add to CLDR's and ISO's."""
    hand = []
    for language, data in zip(lexicon.languages(), lexicon.files(), strict=True):
        inflect = inflection(language.inflection, language.code)
        hand += [(f, code) for name, code in language.extra for f in inflect(name)]
        hand += [(f, code) for code, words in _countries(data).adjectives.items() for word in words
                 for f in _adjective_forms(data, language.inflection, word)]
    return hand



# Characters folded before matching, one for one so offsets hold: typographic apostrophes, ё, Arabic alifs, the
# zero-width non-joiner Persian writes inside a name as a space (سری‌لانکا, سری لانکا), and Greek accents: a genitive
# moves its stress (Αίγυπτος, Αιγύπτου), an endings rule cannot.
FOLD = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ё": "е", "Ё": "Е", "أ": "ا", "إ": "ا", "آ": "ا",
                      "ٱ": "ا", "\u00a0": " ", "\u200c": " ",
                      **dict(zip("άέήίόύώϊϋΐΰΆΈΉΊΌΎΏ", "αεηιουωιυιυΑΕΗΙΟΥΩ", strict=True))})


_FOLDABLE = re.compile("[" + "".join(chr(c) for c in FOLD) + "]")


def fold(text: str) -> str:
    return text.translate(FOLD) if _FOLDABLE.search(text) else text


def _key(form: str) -> str:
    return re.sub(r"\s+", " ", fold(form)).strip()


V = TypeVar("V")


def _trie(words: Iterable[str]) -> str:
    """One regex for many literal names, as a character trie: Python's engine tries an alternation of 900 names
    one by one at every position, a trie only along the characters that match. A space matches any run of
    whitespace."""
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [(r"\s+" if char == " " else re.escape(char)) + build(child)
                    for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body  # greedy: the longest name wins, shorter ones remain

    return build(root)


# Each script's names are bounded the way its words are: Latin and Cyrillic by word characters, Arabic after
# its attached prefixes (و and, ف so, ب by/in, ل for, ك as), Chinese not at all (the trie's longest name wins),
# Korean and Japanese before the name only: their particles attach to it (파키스탄은, パキスタンは).
_CYRILLIC = "\u0400-\u04ff"
# The letters of the Arabic script with Persian and Urdu ones (پ چ ژ ک گ ی ے ہ ں), without digits, vowel marks or
# punctuation (، ۔): "ایران" is no name inside "ایرانی" (Iranian), nor "چین" inside "چینی".
ARABIC_LETTERS = "\u0620-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff"
_DEVANAGARI = "\u0900-\u0963\u0966-\u097f"  # not the danda (।, ॥)
_WORDY = r"[^\W\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7a3\u0e00-\u0e7f]"  # a letter or digit of a script with spaces
LATIN_WORD = _WORDY  # what bounds a Latin name: Chinese, Japanese or Korean letters do not
_HANGUL = "\uac00-\ud7a3"
_KATAKANA = "\u30a1-\u30fa\u30fc"
_GREEK = "\u0370-\u03ff\u1f00-\u1fff"
_THAI = "\u0e01-\u0e5b"
# A Thai vowel or tone mark continues the syllable before it, and a vowel written before its consonant (เ แ โ ใ ไ)
# begins one: a name neither begins after the one nor ends before the other.
_THAI_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
# Capitals a Latin name may begin with: Serbian Č Š Ž, Turkish İ Ş, Azerbaijani Ə.
# Vietnamese Ấ Ả among them (Ấn Độ, Ả Rập Xê Út: Latin Extended Additional).
_LATIN_CAPITALS = "A-ZÀ-ÖØ-Þ" + "".join(c for c in (*map(chr, range(0x100, 0x250)), *map(chr, range(0x1E00, 0x1F00)))
                                       if c.isupper())
# Azerbaijani, Serbian and Kazakh decline an acronym after a hyphen (CNSA-nın, ESA-om, CNSA-мен); any other
# hyphen joins a longer word ("Guinea-Bissau", "Kazakhstan-based").
_HYPHEN_ENDING = (r"(?:[а-яәғқңөұүһі]|(?:nın|nin|nun|nün|ın|in|un|ün|nı|ni|nu|nü|ya|yə|da|də|dan|dən|la|lə|yla|ylə|"
                  rf"om|em|a|e|i|ı|u|ü|ə)(?!{_WORDY}))")
_SCRIPTS: tuple[tuple[str, Callable[[str], bool], str], ...] = (
    # A Latin name may touch Chinese, Japanese or Korean letters: "APSCO与", "CNSA는", "ILRSに".
    ("latin", lambda s: bool(re.match(f"[{_LATIN_CAPITALS}]", s)),
     rf"(?<!{_WORDY})(?<!\.)(?=[{_LATIN_CAPITALS}])(?P<n>{{}})(?!{_WORDY}|-(?!{_HYPHEN_ENDING}))"),
    # French elides its articles onto a lower-case name: "l'université Cheikh Anta Diop", "d'université ..."
    ("latin adjective", lambda s: bool(re.match(r"[a-zß-ÿ]", s)),
     rf"(?:(?<!{_WORDY})(?<![.'-])|(?<=\b[LlDd]'))(?=[a-zß-ÿ])(?P<n>{{}})(?!{_WORDY}|-)"),
    ("cyrillic", lambda s: bool(re.match(f"[{_CYRILLIC}]", s)),
     rf"(?<![\w-])(?=[{_CYRILLIC}])(?P<n>{{}})(?![\w])"),
    ("greek", lambda s: bool(re.match(f"[{_GREEK}]", s)), rf"(?<![\w-])(?=[{_GREEK}])(?P<n>{{}})(?![\w])"),
    # Thai writes no spaces between words: a name is bound by its syllables only (the trie's longest name wins).
    ("thai", lambda s: bool(re.match(f"[{_THAI}]", s)),
     rf"(?<![\u0e40-\u0e44])(?=[{_THAI}])(?P<n>{{}})(?![{_THAI_MARKS}])"),
    ("han", lambda s: bool(re.match(r"[\u4e00-\u9fff]", s)), r"(?=[\u4e00-\u9fff])(?P<n>{})"),
    ("hangul", lambda s: bool(re.match(f"[{_HANGUL}]", s)), rf"(?<![{_HANGUL}])(?=[{_HANGUL}])(?P<n>{{}})"),
    ("katakana", lambda s: bool(re.match(f"[{_KATAKANA}]", s)),
     rf"(?<![{_KATAKANA}])(?=[{_KATAKANA}])(?P<n>{{}})(?![{_KATAKANA}])"),
    ("arabic", lambda s: bool(re.match(r"[\u0600-\u06ff]", s)),
     rf"(?<![{ARABIC_LETTERS}])(?=[{ARABIC_LETTERS}])[وف]?[بلك]?(?P<n>{{}})(?![{ARABIC_LETTERS}])"),
    # Hindi writes its postpositions apart (भारत ने); a vowel sign or nukta after a name continues the word
    # (ईरानी, Iranian), the danda (।) ends it.
    ("devanagari", lambda s: bool(re.match(f"[{_DEVANAGARI}]", s)),
     rf"(?<![{_DEVANAGARI}])(?=[{_DEVANAGARI}])(?P<n>{{}})(?![{_DEVANAGARI}])"),
)


@dataclass(frozen=True)
class Names(Generic[V]):
    """Literal name forms of many entities, compiled once into one trie regex per script."""

    # Each script's trie, after a pattern that finds any letter its names begin with: a text without one is not
    # read by that trie at all (most texts hold two or three scripts of the nine).
    patterns: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]
    table: dict[str, V]

    @classmethod
    def build(cls, table: dict[str, V]) -> Names[V]:
        folded = {_key(form): value for form, value in table.items() if form.strip()}
        patterns = []
        for _, in_script, template in _SCRIPTS:
            words = [form for form in folded if in_script(form)]
            if words:
                initials = "".join(sorted({re.escape(w[0]) for w in words}))
                patterns.append((re.compile(f"[{initials}]"), re.compile(template.format(_trie(words)))))
        return cls(tuple(patterns), folded)

    def find(self, text: str) -> list[tuple[int, int, V]]:
        """(start, end, value) of each name in `text`, left to right, never overlapping."""
        folded = fold(text)
        hits: list[tuple[int, int, V]] = []
        taken = Taken()
        for initial, pattern in self.patterns:
            if not initial.search(folded):
                continue
            for m in pattern.finditer(folded):
                start, end = m.span("n")
                form = _key(m.group("n"))
                side = next((s for s in _sides() if form.endswith(s.suffix)), None)
                if side is not None and side.not_before.match(folded, end):
                    bare = form[: -len(side.suffix)]
                    if bare not in self.table:  # 尼加拉瓜方面 (the Nicaraguan side): the name without 方
                        continue
                    form, end = bare, end - len(side.suffix)
                window = _compounds().finditer(folded, max(0, start - _COMPOUND_REACH), end + _COMPOUND_REACH)
                if any(w.start() <= start and end <= w.end() for w in window):
                    continue
                if not taken.overlaps(start, end):
                    hits.append((start, end, self.table[form]))
                    taken.add(start, end)
        return sorted(hits, key=lambda h: h[0])


# Russian and Ukrainian: pymorphy3 inflects each name through the six cases, the words that agree with its head noun
# (adjectives and the noun itself) changing, its complements ("Штаты Америки", «Роскосмос») staying.
_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


# pymorphy3's analyzers, by language: every name table is built with them, and reading text needs Russian's still
# (an unlisted institution's name is keyed in the nominative, `russian_nominative`).
_analyzers: dict[str, object] = {}
_READING = "ru"


def _morph(lang: str = _READING):  # noqa: ANN202 - pymorphy3 has no type hints
    analyzer = _analyzers.get(lang)
    if analyzer is None:
        import pymorphy3

        analyzer = _analyzers[lang] = pymorphy3.MorphAnalyzer(lang=lang)
    return analyzer


def release_sources() -> None:
    """Let go of what only building the name tables needed, once they are built: the word parses and every
    dictionary but the one reading text needs (Ukrainian's is about 16 MB). A fork server that warms the extractor
    calls this before it forks, so no worker carries them."""
    _parse.cache_clear()
    for lang in [code for code in _analyzers if code != _READING]:
        del _analyzers[lang]
    _morph()


def _restore_case(form: str, original: str) -> str:
    if original[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


@cache
def _parse(word: str, lang: str = "ru"):  # noqa: ANN202
    parses = [p for p in _morph(lang).parse(word) if {"NOUN", "ADJF", "PRTF"} & {p.tag.POS} and "nomn" in p.tag]
    named = [p for p in parses if {"Geox", "Orgn"} & set(p.tag.grammemes)]
    return (named or parses or [None])[0]


def russian_forms(name: str, lang: str = "ru") -> set[str]:
    """Every case form of a Russian (or Ukrainian) name: "Южная Корея" → "Южной Кореи", "Южную Корею"..."""
    words = name.split()
    agreeing: list[object | None] = []
    head_seen = False
    for i, word in enumerate(words):
        joined_by_and = head_seen and i >= 2 and words[i - 1] == "и" and agreeing[i - 2] is not None
        if (head_seen and not joined_by_and) or word.isupper() or not re.fullmatch(f"[{_CYRILLIC}'’ʼ-]+", word):
            agreeing.append(None)
            continue
        parse = _parse(word, lang)
        agreeing.append(parse)
        head_seen = head_seen or (parse is not None and parse.tag.POS == "NOUN")
    forms = {name}
    for case in _CASES:
        inflected = []
        for word, parse in zip(words, agreeing, strict=True):
            form = parse.inflect({case}) if parse is not None else None
            inflected.append(_restore_case(form.word, word) if form is not None else word)
        forms.add(" ".join(inflected))
    return forms


def russian_nominative(name: str) -> str:
    """A Russian name whose modifiers agree with its last word, in the nominative: "Томского государственного
    университета" → "Томский государственный университет", so every case form of an unlisted name is one name."""
    words = name.split()
    head = next((p for p in _morph().parse(words[-1]) if p.tag.POS == "NOUN"), None)
    lemma = head.inflect({"nomn", "sing"}) if head is not None else None
    if head is None or lemma is None:
        return name
    out = []
    for word in words[:-1]:
        parse = next((p for p in _morph().parse(word) if p.tag.POS == "ADJF"), None)
        form = parse.inflect({"nomn", "sing", head.tag.gender}) if parse is not None and head.tag.gender else None
        out.append(_restore_case(form.word, word) if form is not None else word)
    return " ".join([*out, _restore_case(lemma.word, words[-1])])


def russian_modifiers_agree(name: str) -> bool:
    """Every word before the last can be an adjective: "Томский государственный университет", not "Вчера
    университет"."""
    return all(any(p.tag.POS == "ADJF" for p in _morph().parse(word)) for word in name.split()[:-1])


def russian_adjective_forms(lemma: str, lang: str = "ru") -> set[str]:
    """All forms of a relational adjective, in lower case and capitalised: "вьетнамской", "Пакистанская"."""
    parse = next((p for p in _morph(lang).parse(lemma) if p.tag.POS == "ADJF"), None)
    words = {f.word for f in parse.lexeme if f.tag.POS == "ADJF"} if parse is not None else {lemma}
    return words | {w[:1].upper() + w[1:] for w in words}


def arabic_forms(name: str) -> set[str]:
    """A name as it stands after ل (للصين), and the relative adjective of a one-word name (باكستاني, الصينية)."""
    forms = {name}
    if name.startswith("ال"):
        forms.add("ل" + name[2:])
    if " " not in name:
        bare = name[2:] if name.startswith("ال") else name
        stem = re.sub(r"(?:يا|ا|ة)$", "", bare)
        for suffix in ("ي", "ية", "يين", "يون"):
            forms |= {stem + suffix, "ال" + stem + suffix, "لل" + stem + suffix}
    return forms


def inflection(kind: str | None, lang: str) -> Callable[[str], set[str]]:
    """The word forms of a name in a language, by the `names: inflection` its lang file gives."""
    if kind == "pymorphy3":
        return lambda name: russian_forms(name, lang)
    if kind == "arabic":
        return arabic_forms
    if kind == "genitive-s":
        return genitive_s_forms
    if kind == "nukta":
        return nukta_forms
    if kind == "ezafe":
        return ezafe_forms
    if kind == "endings":
        rules = next(language.endings for language in lexicon.languages() if language.code == lang)
        return lambda name: ending_forms(name, rules)
    return lambda name: {name}


def ezafe_forms(name: str) -> set[str]:
    """A Persian name whose ezafe CLDR writes with a hamza (کرهٔ جنوبی), as texts also write it: کره جنوبی,
    کره‌ی جنوبی."""
    name = name.replace("\u06c0", "\u0647\u0654")  # ۀ: the same heh with its hamza, in one character
    return {name, name.replace("\u0654", ""), name.replace("\u0654", "\u200cی")}


_NUKTA = "\u093c"
# The Devanagari letters Unicode also gives with their nukta composed (क़ ख़ ग़ ज़ ड़ ढ़ फ़ य़): NFC keeps them apart.
_WITH_NUKTA = {unicodedata.normalize("NFD", chr(c)): chr(c) for c in range(0x958, 0x960)}


def nukta_forms(name: str) -> set[str]:
    """A Hindi name with its nukta written apart, composed, or left out, as texts do: अज़रबैजान, अजरबैजान."""
    apart = unicodedata.normalize("NFD", name)
    composed = apart
    for pair, letter in _WITH_NUKTA.items():
        composed = composed.replace(pair, letter)
    return {name, apart, composed, apart.replace(_NUKTA, "")}


def ending_forms(name: str, rules: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]) -> set[str]:
    """A name with its last word's end replaced by each ending of every rule that matches it: Kazakh and
    Azerbaijani suffixes (Сербияның, Pakistanın), Serbian and Greek case endings (Србије, Σερβίας). Read
    folded, as names are matched: a Greek ending holds no accent (Ροσκοσμός, Ροσκοσμού)."""
    name = fold(name)
    forms = {name}
    for end, endings in rules:
        m = end.search(name)
        if m is not None:
            forms |= {name[: m.start()] + ending for ending in endings}
    return forms


def genitive_s_forms(name: str) -> set[str]:
    """German names without an article take -s in the genitive ("eine Beteiligung Deutschlands")."""
    return {name} if " " in name or name[-1:] in "sßxzSXZ" else {name, name + "s"}


def display_name(code: str) -> str:
    if code in _english_names():
        return _english_names()[code][0]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name.split(",")[0]


def _variants(name: str) -> tuple[set[str], set[str]]:
    """A CLDR or ISO name's own forms, and the weaker forms in its brackets: "Myanmar (Burma)" gives Myanmar and
    (weaker) Burma; "Сен-Мартен (Франция)" gives Сен-Мартен, never France; ISO's "Korea, Republic of" nothing."""
    name = name.replace(" - ", "-")
    if "," in name:
        return set(), set()
    inner = re.fullmatch(r"(.+?)\s*[(（](.+)[)）]", name)
    if inner is None:
        return {name}, set()
    outer, part = inner.group(1), inner.group(2)
    return {name} | ({outer} if len(outer) >= 3 else set()), {part} if len(part) >= 4 and not part.isupper() else set()


def _lower_tails(names: set[str]) -> set[str]:
    """Each name, and where it ends in a capitalised word after another, that word in lower case as writers often
    leave it ("l'Afrique du sud", "Южно-Африканская республика"): the first word still makes it a name."""
    tails = set()
    for name in names:
        head, _, last = name.rpartition(" ")
        if head and last[:1].isupper() and last[1:].islower():
            tails.add(f"{head} {last.lower()}")
    return names | tails


def _territories() -> dict[str, list[tuple[str, str]]]:
    """CLDR's names of each ISO 3166 state, per language (in each of its locales: Serbian Cyrillic and Latin)."""
    known = {c.alpha_2 for c in pycountry.countries} - _UNINHABITED
    return {lang.code: [(code, name) for locale in lang.locales
                        for code, name in Locale.parse(locale).territories.items() if code in known]
            for lang in lexicon.languages()}


def _iso(code: str, lang: str, translations: dict[str, list[gettext.NullTranslations]]) -> set[str]:
    country = pycountry.countries.get(alpha_2=code)
    names = {getattr(country, a, None) for a in ("name", "official_name", "common_name")} - {None}
    if lang != "en":
        names = {t for n in names for tr in translations[lang] if (t := tr.gettext(n)) != n}
    return {v for n in names for v in _variants(n)[0]}


def _chinese_sides(chinese: dict[str, str]) -> dict[str, str | tuple[str, ...]]:
    """巴方, 泰方: the short form of each state whose first character is its own; shared ones as candidates. Only
    for the states some file gives an adjective for: those ILRS coverage is about."""
    likely_states = {code for f in lexicon.files() for code in _countries(f).adjectives}
    sides: dict[str, str | tuple[str, ...]] = {}
    for rules in _sides():
        by_char: dict[str, set[str]] = {}
        for name, code in chinese.items():
            by_char.setdefault(name[0], set()).add(code)
        for char, codes in by_char.items():
            form = char + rules.suffix
            if form in rules.everyday:
                continue
            likely = codes & likely_states
            if char in rules.states:
                sides[form] = rules.states[char]
            elif len(codes) == 1 and likely:
                sides[form] = next(iter(codes))
            elif len(likely) > 1:
                sides[form] = tuple(sorted(likely))  # decided by a state named nearby, else not a mention
        sides.update({k + rules.suffix: v for k, v in rules.states.items() if len(k) > 1})
        sides.update({name + rules.suffix: code for name, code in chinese.items() if len(name) > 1})
    return sides


def _collect(sources: Iterable[tuple[str, str]]) -> dict[str, str]:
    """form → code; a form two states claim is nobody's (conservative), hand lists excepted."""
    table: dict[str, str] = {}
    clash: set[str] = set()
    for form, code in sources:
        if form in _not_names() or len(form) < 2 or form[0].islower():  # "the State of Eritrea"
            continue
        if table.setdefault(form, code) != code:
            clash.add(form)
    return {form: code for form, code in table.items() if form not in clash}


@cache
def forms() -> dict[str, str | tuple[str, ...]]:
    """Every form of every state's name in every supported language → its ISO code (or candidate codes)."""
    territories = _territories()
    translations = {lang.code: [gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[locale],
                                                    fallback=True) for locale in lang.iso_locales]
                    for lang in lexicon.languages()}
    sources: list[tuple[str, str]] = []
    weaker: list[tuple[str, str]] = []
    for language in lexicon.languages():
        lang = language.code
        inflect = inflection(language.inflection, lang)
        for code, name in territories[lang]:
            own, bracketed = _variants(name)
            sources += [(f, code) for n in _lower_tails(own | _iso(code, lang, translations)) for f in inflect(n)]
            weaker += [(f, code) for n in bracketed for f in inflect(n)]
    table = _collect(sources)
    for form, code in _collect(weaker).items():
        table.setdefault(form, code)
    hand = _hand()
    table.update(hand)
    # Chinese names only: Japanese ones that begin with han (中央アフリカ) hold kana.
    chinese = {n: c for n, c in table.items()
               if re.match(r"[\u4e00-\u9fff]", n) and not re.search(r"[\u3040-\u30ff]", n)}
    result: dict[str, str | tuple[str, ...]] = {**_chinese_sides(chinese), **table}
    return result


@cache
def gazetteer() -> Names[str | tuple[str, ...]]:
    return Names.build(forms())


@cache
def names_in(language: str) -> Names[str] | None:
    """CLDR's names of the states in a language no `lang/<code>.yaml` is present for (a document in it still has
    its parties named), or None where CLDR has no such locale."""
    try:
        territories = Locale.parse(language).territories
    except (ValueError, LookupError, UnknownLocaleError):
        return None
    known = {c.alpha_2 for c in pycountry.countries} - _UNINHABITED
    return Names.build(_collect((name, code) for code, name in territories.items() if code in known))


def find(text: str, known: Iterable[str] = (), extra: Names[str] | None = None) -> list[tuple[int, int, str]]:
    """(start, end, ISO code) of each state named in `text`; an ambiguous short form (乌方) only where the text
    also names exactly one of its candidates. `extra`: the names of a language without a file, besides."""
    hits = gazetteer().find(text)
    if extra is not None:
        taken = Taken((start, end) for start, end, _ in hits)
        hits = sorted(hits + [h for h in extra.find(text) if not taken.overlaps(h[0], h[1])], key=lambda h: h[0])

    named = {v for _, _, v in hits if isinstance(v, str)} | set(known)
    found = []
    for start, end, value in hits:
        if isinstance(value, tuple):
            candidates = named & set(value)
            if len(candidates) != 1:
                continue
            value = candidates.pop()
        found.append((start, end, value))
    return found
