"""Who is named in a text: states (in every form), agencies (as their states), organisations and institutions.

The register's identities: a state is `country:<ISO>`, an organisation `org:<acronym>`, an institution
`institution:<slug>`. A state agency is recorded as its state, with the agency as the signatory; the founders'
own bodies (CNSA, Roscosmos, the Deep Space Exploration Laboratory, their academies) are recorded as China or
Russia in the same way. Organisations, agencies and named institutions come from `gazetteer.yaml`; states from
`countries.py`; other institutions from their shape ("... University", "... Co., Ltd.", "...大学").

Some names are not parties and carry a `role`: a state that only places an institution ("Kenya's Technical
University of Mombasa", "Kazan Federal University (Russia)") is a `qualifier`; a place in the dateline that
opens a paragraph ("LEYLAND, United Kingdom —") is a `dateline`. `mentions` leaves both out unless asked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Literal

import yaml

from pipeline.entities import countries, lexicon
from pipeline.records import PartnerKind

Role = Literal["qualifier", "dateline"]
GAZETTEER = Path(__file__).with_name("gazetteer.yaml")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    key: str
    name: str
    kind: PartnerKind
    country: str | None = None
    signatory: str | None = None
    role: Role | None = None  # None: a party the sentence may say something about


@dataclass
class Aliases:
    """What one document has taught about its names, for its later sentences: acronyms it introduced
    ("Technical University of Mombasa (TUM)" makes a later "TUM" the same partner) and the states it named
    (so that 乌方 after 乌兹别克斯坦 is Uzbekistan). Pass one instance to `mentions` for all of a document's
    sentences, in order."""

    acronyms: dict[str, Mention] = field(default_factory=dict)
    states: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Entry:
    """One body of the gazetteer, as the mention it makes."""

    key: str
    name: str
    kind: PartnerKind
    country: str | None
    signatory: str | None
    founder: bool

    def at(self, start: int, end: int) -> Mention:
        return Mention(start, end, self.key, self.name, self.kind, self.country, self.signatory)


def _slug(name: str) -> str:
    return re.sub(r"[^\w]+", "-", name.lower()).strip("-")


def _entry(raw: dict) -> Entry:
    kind, name, country = raw["kind"], raw["name"], raw.get("country")
    if kind == "agency":
        return Entry(f"country:{country}", countries.display_name(country), "country", country, name,
                     bool(raw.get("founder")))
    if kind == "organisation":
        key = raw.get("key") or f"org:{(raw.get('acronyms') or [name])[0]}"
        return Entry(key, name, "organisation", country, None, False)
    return Entry(raw.get("key") or f"institution:{_slug(name)}", name, "institution", country, None, False)


def _alias_forms(alias: str, language: str) -> set[str]:
    kind = next((lang.inflection for lang in lexicon.languages() if lang.code == language), None)
    if kind == "arabic":  # an organisation's name takes ل, never the relative adjective of a state's
        return {alias, "ل" + alias[2:]} if alias.startswith("ال") else {alias}
    return countries.inflection(kind, language)(alias)


@cache
def entries() -> tuple[tuple[Entry, tuple[str, ...]], ...]:
    """Each gazetteer body with all the forms it is written in."""
    loaded = []
    for raw in yaml.safe_load(GAZETTEER.read_text(encoding="utf-8")):
        forms = set(raw.get("acronyms") or ())
        for language, aliases in (raw.get("aliases") or {}).items():
            forms |= {f for alias in aliases for f in _alias_forms(alias, language)}
        loaded.append((_entry(raw), tuple(sorted(forms))))
    return tuple(loaded)


@cache
def gazetteer() -> countries.Names[Entry]:
    return countries.Names.build({form: entry for entry, forms in entries() for form in forms})


def warm_up() -> None:
    """Build the gazetteers now (about a second, once per process) rather than on the first sentence."""
    gazetteer()
    countries.gazetteer()


def founders_bodies() -> frozenset[str]:
    """Display names of the founders' own bodies (signatories that are China or Russia themselves)."""
    return frozenset(e.signatory for e, _ in entries() if e.founder and e.signatory)


_HAN = re.compile(r"[\u4e00-\u9fff]")
_HAN_INSTITUTION = r"[\u4e00-\u9fff]{2,12}(?:大学|天文台|研究所|研究院|公司)"
_HAN_NAME = re.compile(_HAN_INSTITUTION)
# Universities, observatories, companies: "Kazan Federal University", "University of Peshawar".
_HEAD = r"(?:University|Observatory|Institute|Academy|Laboratory|Corporation|Association|College|Foundation)"
_CAP = r"(?:[A-Z][\w'’.-]*|of|for|and|the|de)"
# Lowercase particles inside a place's name ("Dar es Salaam", "Rio de Janeiro"): a name is never cut at them.
_PARTICLE = r"(?:and|es|de|da|do|del|di|la|el|al|van|von|der|dos|das)"
INSTITUTION = re.compile(
    rf"(?:(?:[A-Z][\w'’.-]*\s+)(?:{_CAP}\s+){{0,4}}{_HEAD}(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w'’.-]*"
    rf"(?:\s+(?:{_PARTICLE}\s+)?[A-Z][\w'’.-]*){{0,3}})?)"
    rf"|(?:{_HEAD}\s+of\s+(?:the\s+)?[A-Z][\w'’.-]*(?:\s+(?:{_PARTICLE}\s+)?[A-Z][\w'’.-]*){{0,3}})"
    r"|(?:[A-Z][\w'’.-]*\s+){1,3}(?:Co\.,?\s+Ltd\.?|Ltd\.?|Inc\.|Corp\.|AG|GmbH|LLC|PLC|JSC|S\.A\.)(?!\w)"
    r"|(?:Universidad|Universidade|Université|Instituto|Institut|Observatorio|Observatório|Observatoire|Academia|"
    r"Laboratorio|Laboratoire)\s+(?:(?:de|del|des|du|da|do)\s+(?:la\s+)?|d['’])?[A-ZÀ-Þ][\w'’.-]*"
    r"(?:\s+(?:(?:de|del|des|du|da|do)\s+(?:la\s+)?)?[A-ZÀ-Þ][\w'’.-]*){0,3}"
    rf"|{_HAN_INSTITUTION}"
    r"|[А-Я][а-яё]+\w*\s+(?:государственн\w+\s+|федеральн\w+\s+)?университет\w*"
)
# A company is often named only by what it is: "start-up Lunaris Robotics", "la société genevoise Helvetia Lunar
# Systems", "компания «Лунные системы»" is not covered (quoted names are not read). Two capitalised words at least.
_COMPANY = re.compile(
    r"(?<![\w-])(?i:start-?up|company|firm|société|entreprise|empresa|compañía)\s+"
    r"(?:[a-zà-ÿ]+\s+)?(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,3})")
# Capitalised words that open a sentence, not a name.
NOT_A_NAME = frozenset({"The", "A", "An", "According", "Under", "On", "In", "At", "Its", "Their", "This", "That",
                        "Both", "While", "After", "Before", "Last", "Next", "Earlier", "Later", "With", "By", "And"})
_LEADING = re.compile(r"^(?:(?:[A-Z][a-z]+day|January|February|March|April|May|June|July|August|September|October|"
                      r"November|December)\s+|(?:" + "|".join(NOT_A_NAME) + r")\s+|[A-Z][\w.'’]*-based\s+)+")
# Chinese phrases that end in 大学 without naming one: "该国多所大学" (several of the country's universities).
_GENERIC_HAN = re.compile(r"该|多所|各|这些|一些|其他|等|某")

# An acronym a text introduces in parentheses right after a name: "Technical University of Mombasa (TUM)".
_INTRODUCED = re.compile(r"\s*[(（]\s*([A-ZА-ЯЁ][A-Za-zА-Яа-яЁё0-9&-]{1,11})\s*[)）]")

# A state that places an institution rather than acts: "Kenya's <institution>", "<institution> in Pakistan",
# "<institution> (Russia)", "<institution>, Pakistan,", "the Kenyan institute".
# Chinese writes the state straight before the name, or with 的: 阿根廷拉普拉塔国立大学.
_OWNER_BEFORE = re.compile(r"(?:['’]s)?\s+(?:the\s+)?|的?", re.IGNORECASE)
_PLACE_AFTER = re.compile(r"\s*(?:[(（,]\s*)?(?:(?:in|based\s+in|of|from|en|au|à|de|du|в|из)\s+)?(?:the\s+)?",
                          re.IGNORECASE)
_GENERIC_INSTITUTION = re.compile(
    r"\s+(?:(?!(?:and|or|и|или|et|ou|y|o)\s)[\w-]+\s+)?(?:universit(?:y|ies)|institutes?|observator(?:y|ies)|academy|laborator(?:y|ies)|lab|"
    r"colleges?|compan(?:y|ies)|firms?|start-?ups?|associations?|foundations?|scientists|researchers|"
    r"университет\w*|институт\w*|обсерватори\w*|компани\w*|учен\w+|учён\w+|"
    r"université|universidad|instituto|institut|observatoire|observatorio|entreprise|empresa)\b",
    re.IGNORECASE,
)

# A dateline opening a paragraph: a city in capitals, maybe a region or a date, maybe the agency, then a dash;
# "ПЕКИН, 12 мая. /ТАСС/."; "新华社北京3月3日电"; "موسكو (رويترز) -".
_DATELINES = (
    re.compile(r"\s*(?P<city>[A-ZÀ-Þ][A-ZÀ-Þ'’.-]+(?:\s+[A-ZÀ-Þ][A-ZÀ-Þ'’.-]+){0,3})"
               r"(?:\s*,\s*[\w][\w'’.-]*(?:\s+[\w'’.-]+){0,3}?){0,2}"
               r"(?:\s*\([^)]{1,30}\))?\s*\.?(?:—|–|--?)\s*"),
    re.compile(r"\s*[А-ЯЁ][А-ЯЁ-]+(?:\s+[А-ЯЁ][А-ЯЁ-]+){0,2}\s*,\s*\d{1,2}\s+[а-яё]+\.?"
               r"(?:\s*/[^/]{1,20}/\.?|\s*[—–-]+\s*[А-ЯЁ][\w-]*(?:\s+[А-ЯЁ][\w-]*)?\.?)?\s*"),
    re.compile(r"\s*(?:[\u4e00-\u9fff]{0,12}\d{1,2}月\d{1,2}日电|[\u4e00-\u9fff]{2,8}消息)(?:[（(][^）)]{0,20}[）)])?\s*"),
    re.compile(r"\s*[\u0621-\u064a]+(?:\s+[\u0621-\u064a]+)?(?:\s*[،,]\s*[\d٠-٩]{1,2}\s+[\u0621-\u064a]+)?"
               r"(?:\s*\([^)]{1,30}\))?\s*[-—–]+\s*"),
)


def dateline_span(text: str) -> tuple[int, int] | None:
    """(0, end) of the dateline that opens `text` (a paragraph or its first sentence), or None."""
    for pattern in _DATELINES:
        m = pattern.match(text)
        if m is None or m.end() > 90:
            continue
        city = m.groupdict().get("city")
        if city is not None and (len(city) < 3 or countries.fold(city) in gazetteer().table):
            continue  # "ESA — ..." opens with an acronym, not a place
        return (0, m.end())
    return None


@cache
def _han_breaks() -> re.Pattern[str]:
    """What joins the names of a Chinese list or opens one (和, 、, 包括): a name never spans one. From the
    `names: list_breaks` section of the language files."""
    breaks = [p for data in lexicon._files() for p in ((data.get("names") or {}).get("list_breaks") or ())]
    return re.compile("|".join(f"(?:{p})" for p in breaks) or r"(?!x)x")


def _overlaps(start: int, end: int, taken: list[Mention]) -> bool:
    return any(start < m.end and m.start < end for m in taken)


def _spans(text: str, match: re.Match[str]) -> list[tuple[int, int]]:
    """Where the names in one institution match stand: a Chinese run may hold a list ("清华大学与北京大学",
    "包括…大学、…学院和…大学"), whose joints a name never spans; each piece that ends like a name is one."""
    lead = _LEADING.match(match.group())
    start = match.start() + (lead.end() if lead else 0)
    end = start + len(text[start : match.end()].rstrip(".,"))
    if not _HAN.search(text, start, end):
        return [(start, end)]
    spans, piece = [], start
    for joint in [*_han_breaks().finditer(text, start, end), None]:
        stop = joint.start() if joint is not None else end
        if _HAN_NAME.fullmatch(text, piece, stop):
            spans.append((piece, stop))
        piece = joint.end() if joint is not None else end
    return spans


def _institutions(text: str, taken: list[Mention]) -> list[Mention]:
    found = []
    for match in INSTITUTION.finditer(text):
        for start, end in _spans(text, match):
            name = text[start:end]
            han = _HAN.search(name)
            if (len(name.split()) < 2 and not han) or (han and _GENERIC_HAN.search(name)):
                continue
            if _overlaps(start, end, taken):
                continue
            inside = countries.find(name)
            country = inside[0][2] if inside else None
            found.append(Mention(start, end, f"institution:{_slug(name)}", name, "institution", country))
    for match in _COMPANY.finditer(text):
        start, end = match.span("name")
        name = match.group("name")
        if not name[0].isupper() or _overlaps(start, end, taken + found) or _LEADING.match(name):
            continue
        inside = countries.find(name)
        found.append(Mention(start, end, f"institution:{_slug(name)}", name, "institution",
                             inside[0][2] if inside else None))
    return found


def _learn(text: str, taken: list[Mention], aliases: Aliases) -> None:
    """Acronyms introduced after a name become that name's: "(ILOA)", "(TUM)", "(KSA)"."""
    for m in taken:
        intro = _INTRODUCED.match(text, m.end)
        if intro and sum(c.isupper() for c in intro.group(1)) >= 2:
            aliases.acronyms.setdefault(intro.group(1), replace(m, start=0, end=0))


def _known_acronyms(text: str, taken: list[Mention], aliases: Aliases) -> list[Mention]:
    if not aliases.acronyms:
        return []
    pattern = re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, aliases.acronyms)) + r")(?!\w)")
    found = []
    for m in pattern.finditer(text):
        if not _overlaps(m.start(), m.end(), taken + found):
            found.append(replace(aliases.acronyms[m.group(1)], start=m.start(), end=m.end()))
    return found


def _qualifies(country: Mention, other: Mention, text: str) -> bool:
    """A state named only to place an institution or agency next to it."""
    if other.kind != "institution" and other.signatory is None:
        return False
    if country.end <= other.start:
        return bool(_OWNER_BEFORE.fullmatch(text, country.end, other.start))
    between = text[other.end : country.start]
    if not between.strip() or not _PLACE_AFTER.fullmatch(between):
        return False
    # "the University of Peshawar, Pakistan and Serbia signed" is a list; "..., Pakistan, signed" a place.
    return "," not in between or bool(re.match(r"\s*[,)）.;]|\s*$", text[country.end :]))


def _roles(text: str, found: list[Mention]) -> list[Mention]:
    dateline = dateline_span(text)
    marked = []
    for i, m in enumerate(found):
        if dateline and m.start < dateline[1]:
            m = replace(m, role="dateline")
        elif m.kind == "country" and m.signatory is None:
            neighbours = [n for n in found[max(0, i - 1) : i + 2]
                          if n is not m and (n.kind != "country" or n.signatory)]
            if any(_qualifies(m, n, text) for n in neighbours) or _GENERIC_INSTITUTION.match(text, m.end):
                m = replace(m, role="qualifier")
        marked.append(m)
    # The institution a qualifier places takes its country.
    for i, m in enumerate(marked):
        if m.kind == "institution" and m.country is None:
            near = [q for q in marked[max(0, i - 1) : i + 2] if q.role == "qualifier"]
            if near:
                marked[i] = replace(m, country=near[0].country)
    return marked


def _merge_introduced(text: str, ordered: list[Mention]) -> list[Mention]:
    """"the China National Space Administration (CNSA)": one mention, the name with its abbreviation."""
    merged: list[Mention] = []
    for m in ordered:
        last = merged[-1] if merged else None
        if last is not None and last.key == m.key and text[last.end : m.start].strip() in ("(", "（"):
            close = re.match(r"\s*[)）]", text[m.end :])
            merged[-1] = replace(last, end=m.end + (close.end() if close else 0))
        else:
            merged.append(m)
    return merged


def mentions(text: str, aliases: Aliases | None = None, *, roles: bool = False) -> list[Mention]:
    """Organisations, agencies (as their states), institutions and states named in `text`, left to right,
    never overlapping. With `aliases`, acronyms and states learnt from earlier sentences of the same document
    count, and this sentence's are added. Mentions with a role (qualifier, dateline) only when `roles`."""
    aliases = aliases if aliases is not None else Aliases()
    taken = [entry.at(start, end) for start, end, entry in gazetteer().find(text)]
    taken += _institutions(text, taken)
    _learn(text, taken, aliases)
    taken += _known_acronyms(text, taken, aliases)
    for start, end, code in countries.find(text, aliases.states):
        if not _overlaps(start, end, taken):
            taken.append(Mention(start, end, f"country:{code}", countries.display_name(code), "country", code))
    for m in re.finditer(countries.CHINESE_PAIR, text):
        if not _overlaps(m.start(), m.end(), taken):
            taken += [Mention(m.start(), m.end(), f"country:{c}", countries.display_name(c), "country", c)
                      for c in ("CN", "RU")]
    marked = _roles(text, _merge_introduced(text, sorted(taken, key=lambda m: m.start)))
    aliases.states |= {m.country for m in marked if m.kind == "country" and m.country}
    return marked if roles else [m for m in marked if m.role is None]


def document_mentions(sentences: Iterable[str], *, roles: bool = False) -> list[list[Mention]]:
    """`mentions` of each sentence of one document, in order, sharing what earlier sentences taught."""
    aliases = Aliases()
    return [mentions(sentence, aliases, roles=roles) for sentence in sentences]
