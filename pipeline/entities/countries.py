"""Country names in English, Russian and Chinese, from pycountry's ISO 3166 data and its translations.

pycountry gives the official and short names and their Russian and Chinese translations; what it lacks are the
names newspapers use ("Russia", "PRC", "UAE"), adjectives ("Pakistani") and Russian case endings, added here.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import pycountry

# Names outlets use that ISO does not; the first one is the display name where ISO's is awkward.
SHORT_NAMES: dict[str, tuple[str, ...]] = {
    "RU": ("Russia",),
    "CN": ("China", "PRC", "People's Republic of China", "Mainland China"),
    "US": ("United States", "USA", "U.S.", "United States of America"),
    "GB": ("United Kingdom", "UK", "Britain", "Great Britain"),
    "KR": ("South Korea", "Republic of Korea"),
    "KP": ("North Korea",),
    "IR": ("Iran",),
    "SY": ("Syria",),
    "LA": ("Laos",),
    "VN": ("Vietnam", "Viet Nam"),
    "TR": ("Turkey", "Türkiye", "Turkiye"),
    "CZ": ("Czech Republic", "Czechia"),
    "CI": ("Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire"),
    "CD": ("Democratic Republic of the Congo", "DR Congo", "DRC"),
    "CG": ("Republic of the Congo",),
    "TZ": ("Tanzania",),
    "MD": ("Moldova",),
    "BO": ("Bolivia",),
    "VE": ("Venezuela",),
    "AE": ("United Arab Emirates", "UAE", "Emirates"),
    "TW": ("Taiwan",),
    "PS": ("Palestine",),
    "BN": ("Brunei",),
    "CV": ("Cape Verde",),
    "MK": ("North Macedonia", "Macedonia"),
    "FM": ("Micronesia",),
    "VA": ("Vatican",),
}

# Adjectives name a state too ("the Pakistani side signed"); only states that ILRS coverage is about.
ADJECTIVES: dict[str, tuple[str, ...]] = {
    "RU": ("Russian",), "CN": ("Chinese",), "BY": ("Belarusian", "Belarussian"), "PK": ("Pakistani",),
    "AZ": ("Azerbaijani",), "VE": ("Venezuelan",), "TH": ("Thai",), "RS": ("Serbian",), "NI": ("Nicaraguan",),
    "SN": ("Senegalese",), "DJ": ("Djiboutian",), "BO": ("Bolivian",), "EG": ("Egyptian",), "ET": ("Ethiopian",),
    "ZA": ("South African",), "KZ": ("Kazakh", "Kazakhstani"), "UZ": ("Uzbek",), "KG": ("Kyrgyz",),
    "TJ": ("Tajik",), "MN": ("Mongolian",), "TR": ("Turkish",), "IR": ("Iranian",), "IN": ("Indian",),
    "BR": ("Brazilian",), "AR": ("Argentine", "Argentinian"), "NG": ("Nigerian",), "KE": ("Kenyan",),
    "DZ": ("Algerian",), "MA": ("Moroccan",), "TN": ("Tunisian",), "SA": ("Saudi",), "AE": ("Emirati",),
    "ID": ("Indonesian",), "MY": ("Malaysian",), "VN": ("Vietnamese",), "LA": ("Lao", "Laotian"),
    "KH": ("Cambodian",), "LK": ("Sri Lankan",), "BD": ("Bangladeshi",), "NP": ("Nepali", "Nepalese"),
    "JP": ("Japanese",), "KR": ("South Korean",), "FR": ("French",), "DE": ("German",), "IT": ("Italian",),
    "GB": ("British",), "CA": ("Canadian",), "UA": ("Ukrainian",), "AM": ("Armenian",),
    "CU": ("Cuban",), "PE": ("Peruvian",), "CL": ("Chilean",), "MX": ("Mexican",), "HU": ("Hungarian",),
}

# Russian and Chinese forms that pycountry's translations do not carry.
RUSSIAN: dict[str, tuple[str, ...]] = {
    "RU": ("Россия", "РФ"), "CN": ("Китай", "КНР"), "BY": ("Белоруссия", "Республика Беларусь"),
    "US": ("США",), "VE": ("Венесуэла",), "ZA": ("ЮАР",), "AE": ("ОАЭ",), "GB": ("Великобритания",),
    "LA": ("Лаос",), "IR": ("Иран",), "SY": ("Сирия",), "VN": ("Вьетнам",), "BO": ("Боливия",),
    "TZ": ("Танзания",), "MD": ("Молдавия",), "KR": ("Южная Корея",), "KP": ("КНДР",), "TR": ("Турция",),
}
CHINESE: dict[str, tuple[str, ...]] = {
    "RU": ("俄罗斯", "俄方"), "CN": ("中国", "中方"), "VE": ("委内瑞拉",), "BO": ("玻利维亚",),
    "US": ("美国",), "KZ": ("哈萨克斯坦",),
}
# The one Chinese word that names both founders at once.
CHINESE_PAIR = "中俄"

# ISO names that are everyday words or people's names in English text.
_AMBIGUOUS = frozenset({"Chad", "Georgia", "Turkey", "Dominica"})
_CYRILLIC_ENDING = re.compile(r"[аяьйоеиы]$")


def display_name(code: str) -> str:
    if code in SHORT_NAMES:
        return SHORT_NAMES[code][0]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name.split(",")[0]


def _english(country: object) -> set[str]:
    names = {getattr(country, attr, None) for attr in ("name", "official_name", "common_name")}
    forms = {n for n in names if n}
    forms |= {n.split(",")[0] for n in forms if "," in n and n.split(",")[0] not in ("Korea", "Congo")}
    forms = {n for n in forms if "," not in n}
    return forms - _AMBIGUOUS


def _russian_pattern(name: str) -> str:
    # Russian inflects names: "Пакистан", "Пакистана", "Пакистаном"; "Беларусь", "Беларуси".
    words = []
    for word in name.split():
        if len(word) <= 3 or word.isupper():
            words.append(re.escape(word))
        else:
            stem = _CYRILLIC_ENDING.sub("", word)
            words.append(re.escape(stem) + r"[а-яё]{0,3}")
    return r"(?<![А-Яа-яЁё])" + r"\s+".join(words) + r"(?![А-Яа-яЁё])"


@dataclass(frozen=True)
class Gazetteer:
    """All name forms of all states, compiled into one alternation per script, longest first."""

    pattern: re.Pattern[str]
    exact: dict[str, str]  # English and Chinese forms → ISO code
    inflected: tuple[tuple[re.Pattern[str], str], ...]  # Russian forms, matched whole against a hit

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, ISO code) of each state named in `text`, left to right, never overlapping."""
        hits = []
        for match in self.pattern.finditer(text):
            code = self.exact.get(match.group()) or self._inflected(match.group())
            if code:
                hits.append((match.start(), match.end(), code))
        return hits

    def _inflected(self, found: str) -> str | None:
        return next((code for pattern, code in self.inflected if pattern.fullmatch(found)), None)


def _forms() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    ru = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"], fallback=True)
    zh = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"], fallback=True)
    english: dict[str, str] = {}
    russian: dict[str, str] = {}
    chinese: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        for name in _english(country) | set(SHORT_NAMES.get(code, ())) | set(ADJECTIVES.get(code, ())):
            english.setdefault(name, code)
        for name in ({ru.gettext(country.name)} | set(RUSSIAN.get(code, ()))) - {country.name}:
            russian.setdefault(name, code)
        for source in {country.name, getattr(country, "official_name", None)} - {None}:
            if (name := zh.gettext(source)) != source:
                chinese.setdefault(name, code)
        for name in CHINESE.get(code, ()):
            chinese[name] = code
    return english, russian, chinese


def _trie(words: Iterable[str]) -> str:
    """One regex for many literal names, as a character trie: Python's engine tries an alternation of 900 names
    one by one at every position, a trie only along the characters that match."""
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body  # greedy: the longest name wins, shorter ones remain

    return build(root)


@cache
def gazetteer() -> Gazetteer:
    english, russian, chinese = _forms()
    cyrillic = {name: _russian_pattern(name) for name in sorted(russian, key=len, reverse=True)}
    # Each script's branch is guarded by a look-ahead, so most positions are rejected at their first character.
    pattern = re.compile(
        rf"(?<![\w.])(?=[A-Z])(?:{_trie(english)})(?![\w-])"
        rf"|(?=[А-ЯЁ])(?:{'|'.join(cyrillic.values())})"
        rf"|(?=[\u4e00-\u9fff])(?:{_trie(chinese)})"
    )
    inflected = tuple((re.compile(p), russian[name]) for name, p in cyrillic.items())
    return Gazetteer(pattern, {**english, **chinese}, inflected)
