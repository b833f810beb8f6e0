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
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Literal

import yaml

from pipeline.entities import countries, lexicon
from pipeline.entities.heads import heads
from pipeline.entities.spans import Taken
from pipeline.records import PartnerKind

Role = Literal["qualifier", "dateline"]
GAZETTEER = Path(__file__).with_name("gazetteer.yaml")
BLOC = "bloc:"  # the key prefix of a body states belong to (BRICS, the African Union): never a partner


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


def _fold(char: str) -> str:
    """A Latin letter without its accent (é → e), so a key does not hang on how a text spells it; other
    scripts as they are (й stays й)."""
    base = unicodedata.normalize("NFKD", char)[0]
    return base if base.isascii() else char


def _slug(name: str) -> str:
    """A company's legal form is no part of its identity: "Regolith Forge S.A." and "Regolith Forge" are one."""
    name = heads().legal_form.sub("", name.strip())
    return re.sub(r"[^\w]+", "-", "".join(_fold(c) for c in name.lower())).strip("-")


def _entry(raw: dict) -> Entry:
    kind, name, country = raw["kind"], raw["name"], raw.get("country")
    if kind == "agency":
        return Entry(f"country:{country}", countries.display_name(country), "country", country, name,
                     bool(raw.get("founder")))
    if kind == "bloc":  # named only so that membership of it is not read as membership of the ILRS
        return Entry(f"{BLOC}{_slug(name)}", name, "organisation", country, None, False)
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


def founders_bodies() -> frozenset[str]:
    """Display names of the founders' own bodies (signatories that are China or Russia themselves)."""
    return frozenset(e.signatory for e, _ in entries() if e.founder and e.signatory)


_HAN = re.compile(r"[\u4e00-\u9fff]")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
# An intergovernmental body named by its shape: an organisation, keyed by the acronym it introduces.
_INTERNATIONAL = re.compile(r"\bOrgani[sz]ation$")
# A Latin name in brackets after a Chinese one, not an acronym ("(ALRI)"): it has lower-case letters.
_LATIN_GLOSS = re.compile(r"\s*[(（]\s*([A-Z](?=[A-Za-z0-9&'’. -]*[a-z])[A-Za-z0-9&'’. -]{2,60}?)\s*[)）]")
_OWNER = re.compile(r"^([A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)['’]s\s+")
_DESCRIPTOR = re.compile(r"(?:^|\s)(?:\S*-)?(?:Start-?[Uu]p|Startup|Unternehmen|Firma)\s+")
# An acronym a text introduces in parentheses right after a name: "Technical University of Mombasa (TUM)".
_INTRODUCED = re.compile(r"\s*[(（]\s*([A-ZА-ЯЁ][A-Za-zА-Яа-яЁё0-9&-]{1,11})\s*[)）]")

# A state that places an institution rather than acts: "Kenya's <institution>", "<institution> in Pakistan",
# "<institution> (Russia)", "<institution>, Pakistan,", "the Kenyan institute".
# Chinese writes the state straight before the name, or with 的: 阿根廷拉普拉塔国立大学.
_OWNER_BEFORE = re.compile(r"(?:['’]s)?\s+(?:the\s+)?|的?", re.IGNORECASE)

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
    breaks = [p for data in lexicon.files() if data.names for p in data.names.list_breaks]
    return re.compile("|".join(f"(?:{p})" for p in breaks) or r"(?!x)x")


def _han_cuts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where a Chinese name cannot run through between `start` and `end`: list joints, openers, the programme's
    name and cue words ("国际月球科研站迎来沙迦大学" is no name); never inside a state's name (埃及 holds 及)."""
    states = [(start + a, start + b) for a, b, _ in countries.find(text[start:end])]
    cuts = [m.span() for p in (_han_breaks(), heads().openers) for m in p.finditer(text, start, end)
            if not any(a < m.end() and m.start() < b for a, b in states)]
    cuts += [m.span() for m in heads().han_of.finditer(text, start, end)
             if any(b == m.start() for _, b in states)
             or heads().not_named.search(text, max(start, m.start() - 3), m.start())]
    cuts += [(a, b) for a, b in lexicon.programme_spans(text) if a < end and start < b]
    cuts += [m.span() for tier in lexicon.for_text(text).tiers for m in tier.pattern.finditer(text, start, end)]
    merged: list[tuple[int, int]] = []
    for a, b in sorted(cuts):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _spans(text: str, match: re.Match[str]) -> list[tuple[int, int]]:
    """Where the names in one institution match stand: a Chinese run may hold a list ("清华大学与北京大学",
    "包括…大学、…学院和…大学") or begin with other words, which a name never spans; each piece that ends like a
    name is one."""
    lead = heads().leading.match(match.group())
    start = match.start() + (lead.end() if lead else 0)
    end = start + len(text[start : match.end()].rstrip(".,"))
    if not _HAN.search(text, start, end):
        return [(start, end)]
    spans, piece = [], start
    for a, b in [*_han_cuts(text, start, end), (end, end)]:
        if heads().han_name.fullmatch(text, piece, a):
            spans.append((piece, a))
        piece = max(piece, b)
    return spans


def _placed(name: str, start: int) -> int:
    """Where a Chinese name proper begins after a state written straight before it (阿联酋沙迦大学: 沙迦大学, the
    state only placing it), unless the state belongs to the name (蒙古国立大学, 中国科学院)."""
    inside = countries.find(name)
    if not inside or inside[0][0] != 0:
        return start
    rest = name[inside[0][1] :]
    words = heads()
    if words.han_name.fullmatch(rest) and not words.state_in_name.match(rest) and not words.not_named.search(rest):
        return start + inside[0][1]
    return start


@cache
def _institution_words() -> tuple[tuple[dict[str, str], dict[str, str], re.Pattern[str]], ...]:
    """Each language's institution heads, adjectives and words for "of" (`names: institution_words`)."""
    found = []
    for data in lexicon.files():
        words = data.names.institution_words if data.names else None
        if words:
            of = re.compile(r"\s(?:" + "|".join(words.of) + r")(?:\s+|(?<=['’]))")
            found.append((words.heads, words.adjectives, of))
    return tuple(found)


@cache
def _honorifics() -> re.Pattern[str] | None:
    """Every language's titles before a person's name (`writing: honorifics`), one pattern; None without any."""
    words = [w for data in lexicon.files() for w in data.writing.honorifics]
    if not words:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?:\s+|(?<=\.)(?=\S))", re.IGNORECASE)


_NAME_WORD = re.compile(r"[\w'’-]+")


def _people(text: str) -> Taken:
    """Spans of people's names after a title ("Mr. Jordan", "Dr. Chad Jordan", "господин Иордан"): up to three
    capitalised words, which name a person even where one of them is also a state's name."""
    people = Taken()
    honorifics = _honorifics()
    if honorifics is None:
        return people
    for title in honorifics.finditer(text):
        end = position = title.end()
        for _ in range(3):
            word = _NAME_WORD.match(text, position)
            if word is None or not word.group()[0].isupper():
                break
            end = word.end()
            position = end + len(text[end:]) - len(text[end:].lstrip(" "))
        if end > title.end():
            people.add(title.end(), end)
    return people


def _national_body(name: str) -> str | None:
    """The state whose generic body a name is ("Tajik Academy of Sciences"), else None."""
    for start, end, code in countries.find(name):
        rest = (name[:start] + name[end:]).strip()
        rest = re.sub(r"\s+(?:of|of\s+the)$", "", rest)
        words = heads()
        generic = bool(rest) and words.generic_only.fullmatch(rest) and words.state_body.search(rest)
        if (start == 0 or end == len(name)) and generic:
            return code
    return None


def _whole_state(words: str) -> bool:
    return any(start == 0 and end == len(words) for start, end, _ in countries.find(words))


def english_form(name: str) -> str | None:
    """"Universidad Nacional de Colombia" → "National University of Colombia", "Instituto Politécnico Nacional" →
    "National Polytechnic Institute": a Romance name whose head and every adjective before "of" are listed, in
    English order (the place after "of" as written), so its key is the one an English text gives; else None."""
    head, _, rest = name.partition(" ")
    for english, adjectives, of in _institution_words():
        if head not in english:
            continue
        joint = of.search(" " + rest)
        modifiers = (" " + rest)[: joint.start()].split() if joint else rest.split()
        place = (" " + rest)[joint.end() :].strip() if joint else ""
        if (modifiers or place) and all(w in adjectives for w in modifiers):
            form = " ".join([*(adjectives[w] for w in reversed(modifiers)), english[head]])
            return f"{form} of {place}" if place else form
    return None


def _institution(text: str, start: int, end: int) -> Mention | None:
    """The institution an unlisted name found by its shape names, or None for a phrase that names none. Its key
    is the slug of the name as the text writes it, Russian in the nominative, a Chinese name without the state
    that places it: one language's spellings of one name are one partner; another language's is another unless
    the gazetteer lists it (a transliteration or translation made here would be a guess)."""
    name = text[start:end]
    han = _HAN.search(name)
    if (len(name.split()) < 2 and not han) or (han and heads().not_named.search(name)):
        return None
    if han:
        return _han_institution(text, _placed(name, start), end)
    # "... in Bangladesh and Tomsk State University": the state ends a phrase
    joined = heads().after_a_state.match(name)
    if joined and _whole_state(joined.group(1)):
        start += joined.end()
    if heads().generic_only.fullmatch(text[start:end]):
        return None  # "the country's Academy of Sciences", "National Academy of Sciences": no name of its own
    national = _national_body(text[start:end])
    if national is not None:  # "Tajik Academy of Sciences", "Academy of Sciences of Belarus": the state's own
        return _state_body(start, end, national, text[start:end])
    start = _past_owner_or_descriptor(text, start, end)
    name = text[start:end]
    key = _key(name)
    if key is None:
        return None
    if _INTERNATIONAL.search(name):
        return _organisation(text, start, end, key)
    inside = countries.find(name)
    return Mention(start, end, f"institution:{_slug(key)}", name, "institution", inside[0][2] if inside else None)


def _han_institution(text: str, start: int, end: int) -> Mention:
    """A Chinese name, keyed by the Latin name its owners use where the text gives it in brackets after it
    ("安第斯轨道公司(Andes Orbital)"), else by itself."""
    name = text[start:end]
    latin = _LATIN_GLOSS.match(text, end)
    inside = countries.find(name)
    return Mention(start, end, f"institution:{_slug(latin.group(1) if latin else name)}",
                   latin.group(1) if latin else name, "institution", inside[0][2] if inside else None)


def _state_body(start: int, end: int, code: str, name: str) -> Mention:
    """A state's own body: the state, with the body as its signatory."""
    return Mention(start, end, f"country:{code}", countries.display_name(code), "country", code, name)


def _past_owner_or_descriptor(text: str, start: int, end: int) -> int:
    """Where the name proper begins: after a state that owns it ("Thailand's National Astronomical Research
    Institute") or after what it is ("Das Berliner Raumfahrt-Start-up Lunaris Robotics")."""
    name = text[start:end]
    owner = _OWNER.match(name)
    if owner and countries.find(owner.group(1)) and len(name[owner.end():].split()) >= 2:
        return start + owner.end()
    descriptor = _DESCRIPTOR.search(name)
    return start + descriptor.end() if descriptor else start


def _key(name: str) -> str | None:
    """The name a key is made from: Russian in the nominative (None where its words do not agree, so no name),
    a Romance name in its English form."""
    key = name
    if _CYRILLIC.match(name) and heads().cyrillic_heads.match(name.split()[-1].lower()):
        if not countries.russian_modifiers_agree(name):
            return None
        key = countries.russian_nominative(name)
    return english_form(key) or key


def _organisation(text: str, start: int, end: int, key: str) -> Mention | None:
    """A body named "... Organization": the programme's own (none), a state's agency, or an intergovernmental
    organisation keyed by the acronym it introduces ("Regional African Satellite Communication Organization
    (RASCOM)")."""
    name = text[start:end]
    if lexicon.names_programme(name):
        return None  # "ILRS Cooperation Organization"
    window = text[max(0, start - 40) : start]
    placed = countries.find(name) or [hit for hit in countries.find(window) if not window[hit[1] :].strip()]
    if placed:  # "Bangladesh Space Research and Remote Sensing Organization"
        return _state_body(start, end, placed[-1][2], name)
    intro = _INTRODUCED.match(text, end)
    return Mention(start, end, f"org:{intro.group(1) if intro else _slug(key)}", name, "organisation")


def _arabic_institutions(text: str, taken: Taken) -> list[Mention]:
    found = []
    for match in heads().arabic.finditer(text):
        start, end = match.span("name")
        name = text[start:end]
        governed = name.split()[-1]
        placed = [code for s, e, code in countries.find(governed) if e - s == len(governed)]
        if taken.overlaps(start, end):
            continue
        adjective = governed.endswith(("ية", "ي"))  # "جامعة باكستانية": a Pakistani university, no name
        if not name.startswith("ال") and ((placed and adjective) or heads().not_governed.match(governed)):
            continue  # ("جامعة الكويت" is Kuwait University); "جمعية علمية" is a scientific society
        found.append(Mention(start, end, f"institution:{_slug(name)}", name, "institution",
                             placed[0] if placed else None))
        taken.add(start, end)
    return found


def _institutions(text: str, taken: Taken) -> list[Mention]:
    """Institutions named by their shape, where no name is taken yet; their spans are taken in turn."""
    found = []
    for match in heads().institution.finditer(text):
        for start, end in _spans(text, match):
            if taken.overlaps(start, end):
                continue
            mention = _institution(text, start, end)
            if mention is not None:
                found.append(mention)
    for m in found:
        taken.add(m.start, m.end)
    found += _arabic_institutions(text, taken)
    # A company named only by what it is (`company_words`): "start-up Lunaris Robotics"; a quoted name
    # («Лунные системы») is not read.
    for match in heads().company.finditer(text):
        start, end = match.span("name")
        name = match.group("name")
        if not name[0].isupper() or taken.overlaps(start, end) or heads().leading.match(name):
            continue
        inside = countries.find(name)
        found.append(Mention(start, end, f"institution:{_slug(name)}", name, "institution",
                             inside[0][2] if inside else None))
        taken.add(start, end)
    return found


def _learn(text: str, taken: list[Mention], aliases: Aliases) -> None:
    """Acronyms introduced after a name become that name's: "(ILOA)", "(TUM)", "(KSA)"."""
    for m in taken:
        intro = _INTRODUCED.match(text, m.end)
        if intro and sum(c.isupper() for c in intro.group(1)) >= 2:
            aliases.acronyms.setdefault(intro.group(1), replace(m, start=0, end=0))


_WORD_CHAR = re.compile(countries.LATIN_WORD)


def _known_acronyms(text: str, taken: Taken, aliases: Aliases) -> list[Mention]:
    if not aliases.acronyms:
        return []
    # The acronyms alone make a cheap pattern; the bounds are checked apart, since compiling the word class into
    # each document's own pattern cost more than reading the document.
    pattern = re.compile("(" + "|".join(map(re.escape, sorted(aliases.acronyms, key=len, reverse=True))) + ")")
    found = []
    for m in pattern.finditer(text):
        start, end = m.start(), m.end()
        bounded = not (start and (_WORD_CHAR.match(text, start - 1) or text[start - 1] == ".")) \
            and not _WORD_CHAR.match(text, end)
        if bounded and not taken.overlaps(start, end):
            found.append(replace(aliases.acronyms[m.group(1)], start=m.start(), end=m.end()))
            taken.add(m.start(), m.end())
    return found


def _qualifies(country: Mention, other: Mention, text: str) -> bool:
    """A state named only to place an institution or agency next to it."""
    if other.kind != "institution" and other.signatory is None:
        return False
    if other.country and other.country != country.country:
        return False  # a state places its own bodies; "Мысыр Қытай ... әкімшілігімен": Egypt signs with China's
    if country.end <= other.start:
        return bool(_OWNER_BEFORE.fullmatch(text, country.end, other.start))
    between = text[other.end : country.start]
    if not between.strip() or not heads().placed_after.fullmatch(between):
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
            if any(_qualifies(m, n, text) for n in neighbours) or heads().its_bodies.match(text, m.end) or (
                    _HAN.match(text, m.end) and heads().its_bodies_han.match(text, m.end)):
                m = replace(m, role="qualifier")
        marked.append(m)
    # The institution a qualifier places takes its country.
    for i, m in enumerate(marked):
        if m.kind == "institution" and m.country is None:
            near = [q for q in marked[max(0, i - 1) : i + 2] if q.role == "qualifier"]
            if near:
                marked[i] = replace(m, country=near[0].country)
    return marked


# Between an institution and an apposition that names it again: "(UKM), the", ", la".
_APPOSITION = re.compile(r"\s*(?:[(（][^()（）]{1,15}[)）])?\s*,\s*(?:the\s+|la\s+|el\s+|le\s+|l['’])?")


_BRACKET = re.compile(r"\s*[(（]\s*")


@cache
def _listed() -> frozenset[str]:
    return frozenset(entry.key for entry, _ in entries())


def _same_by_apposition(text: str, taken: list[Mention]) -> list[Mention]:
    """"Universiti Kebangsaan Malaysia (UKM), the National University of Malaysia": one institution. Its key is
    the gazetteer's where one of the two is listed, else the apposition's (a text glosses a local name in its own
    language), so an acronym introduced with it is that partner too."""
    ordered = sorted(taken, key=lambda m: m.start)
    out = list(ordered)
    for i, (a, b) in enumerate(zip(ordered, ordered[1:], strict=False)):
        same = _APPOSITION.fullmatch(text, a.end, b.start) or (  # "National Astronomical ... Institute (NARIT)"
            b.key in _listed() and _BRACKET.fullmatch(text, a.end, b.start))
        if a.kind == b.kind == "institution" and a.key != b.key and same:
            keep = a if a.key in _listed() else b
            out[i], out[i + 1] = (replace(m, key=keep.key, name=keep.name, country=keep.country or m.country)
                                  for m in (a, b))
    return out


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


def mentions(text: str, aliases: Aliases | None = None, *, roles: bool = False,
             language: str | None = None) -> list[Mention]:
    """Organisations, agencies (as their states), institutions and states named in `text`, left to right,
    never overlapping. With `aliases`, acronyms and states learnt from earlier sentences of the same document
    count, and this sentence's are added. Mentions with a role (qualifier, dateline) only when `roles`. A
    `language` no file is present for adds CLDR's names of the states in it."""
    aliases = aliases if aliases is not None else Aliases()
    taken = [entry.at(start, end) for start, end, entry in gazetteer().find(text)]
    spans = Taken((m.start, m.end) for m in taken)
    taken = _same_by_apposition(text, taken + _institutions(text, spans))
    _learn(text, taken, aliases)
    taken += _known_acronyms(text, spans, aliases)
    extra = countries.names_in(language) if language and not lexicon.supported(language) else None
    people = _people(text)
    for start, end, code in countries.find(text, aliases.states, extra):
        if not spans.overlaps(start, end) and not people.overlaps(start, end):
            taken.append(Mention(start, end, f"country:{code}", countries.display_name(code), "country", code))
            spans.add(start, end)
    for m in countries.both_founders().finditer(text):
        if not spans.overlaps(m.start(), m.end()):
            taken += [Mention(m.start(), m.end(), f"country:{c}", countries.display_name(c), "country", c)
                      for c in ("CN", "RU")]
    marked = _roles(text, _merge_introduced(text, sorted(taken, key=lambda m: m.start)))
    aliases.states |= {m.country for m in marked if m.kind == "country" and m.country}
    return marked if roles else [m for m in marked if m.role is None]


def document_mentions(sentences: Iterable[str], *, roles: bool = False) -> list[list[Mention]]:
    """`mentions` of each sentence of one document, in order, sharing what earlier sentences taught."""
    aliases = Aliases()
    return [mentions(sentence, aliases, roles=roles) for sentence in sentences]
