"""Who is named in a text: states (in every form), agencies (as their states), organisations and institutions.

The register's identities: a state is `country:<ISO>`, an organisation `org:<acronym>`, an institution
`institution:<slug>`. A state agency is recorded as its state, with the agency as the signatory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.entities import countries
from pipeline.records import PartnerKind

# State agencies sign for their states: the register records the state, with the agency as its signatory.
AGENCIES: tuple[tuple[str, str, str], ...] = (
    # (pattern, display name, ISO country)
    (r"\bRoscosmos\b|\bRoskosmos\b|Роскосмос\w*|俄罗斯国家航天集团", "Roscosmos", "RU"),
    (r"\bCNSA\b|\bChin(?:a|ese)\s+National\s+Space\s+Administration\b|(?:中国)?国家航天局", "CNSA", "CN"),
    (r"\bSUPARCO\b|Space\s+and\s+Upper\s+Atmosphere\s+Research\s+Commission", "SUPARCO", "PK"),
    (r"\bGISTDA\b|Geo-Informatics\s+and\s+Space\s+Technology\s+Development\s+Agency", "GISTDA", "TH"),
    (r"\bAzercosmos\b", "Azercosmos", "AZ"),
    (r"\bABAE\b|Agencia\s+Bolivariana\s+para\s+Actividades\s+Espaciales", "ABAE", "VE"),
    (r"\bABE\b|Agencia\s+Boliviana\s+Espacial|Bolivian\s+Space\s+Agency", "Bolivian Space Agency", "BO"),
    (r"\bEgSA\b|Egyptian\s+Space\s+Agency", "Egyptian Space Agency", "EG"),
    (r"\bSANSA\b|South\s+African\s+National\s+Space\s+Agency", "SANSA", "ZA"),
    (r"\bEthiopian\s+Space\s+Science\s+and\s+(?:Geospatial|Technology)\s+Institute\b|\bESSTI\b|\bSSGI\b",
     "Ethiopian Space Science and Geospatial Institute", "ET"),
    (r"\bKazcosmos\b|Aerospace\s+Committee\s+of\s+Kazakhstan|Kazakh\s+(?i:aerospace\s+committee)", "Kazcosmos", "KZ"),
    (r"\bASES\b|Senegalese\s+Space\s+Agency|Agence\s+s[ée]n[ée]galaise\s+d['’]études\s+spatiales",
     "Senegalese Space Agency", "SN"),
    (r"\bISRO\b|Indian\s+Space\s+Research\s+Organi[sz]ation", "ISRO", "IN"),
    (r"\bJAXA\b", "JAXA", "JP"),
    (r"\bUAE\s+Space\s+Agency\b", "UAE Space Agency", "AE"),
    (r"\bTurkish\s+Space\s+Agency\b|\bTUA\b", "Turkish Space Agency", "TR"),
    (r"\bUzbekcosmos\b", "Uzbekcosmos", "UZ"),
    (r"\bNASRDA\b", "NASRDA", "NG"),
    (r"\bKenya\s+Space\s+Agency\b", "Kenya Space Agency", "KE"),
    (r"\bMongolian\s+Space\s+Agency\b", "Mongolian Space Agency", "MN"),
    (r"\bSerbian\s+Space\s+Agency\b", "Serbian Space Agency", "RS"),
)

# International organisations are partners of their own.
ORGANISATIONS: tuple[tuple[str, str, str], ...] = (
    # (pattern, key suffix, display name)
    (r"\bESA\b|\bEuropean\s+Space\s+Agency\b|Европейск\w+\s+космическ\w+\s+агентств\w+|欧洲航天局|欧空局",
     "ESA", "ESA"),
    (r"\bAPSCO\b|Asia[-\s]Pacific\s+Space\s+Cooperation\s+Organi[sz]ation|亚太空间合作组织", "APSCO", "APSCO"),
    (r"\bUNOOSA\b|United\s+Nations\s+Office\s+for\s+Outer\s+Space\s+Affairs", "UNOOSA", "UNOOSA"),
    (r"\bISSI\b|International\s+Space\s+Science\s+Institute", "ISSI", "International Space Science Institute"),
    (r"\bAUASS\b|Arab\s+Union\s+for\s+Astronomy\s+and\s+Space\s+Sciences", "AUASS",
     "Arab Union for Astronomy and Space Sciences"),
)

# Universities, observatories, companies: "Kazan Federal University", "University of Peshawar".
_HEAD = r"(?:University|Observatory|Institute|Academy|Laboratory|Corporation|Association|College|Foundation)"
_CAP = r"(?:[A-Z][\w'’.-]*|of|for|and|the|de)"
INSTITUTION = re.compile(
    rf"(?:(?:[A-Z][\w'’.-]*\s+)(?:{_CAP}\s+){{0,4}}{_HEAD}(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w'’.-]*"
    rf"(?:\s+(?:and\s+)?[A-Z][\w'’.-]*){{0,3}})?)"
    rf"|(?:{_HEAD}\s+of\s+(?:the\s+)?[A-Z][\w'’.-]*(?:\s+(?:and\s+)?[A-Z][\w'’.-]*){{0,3}})"
    r"|(?:[A-Z][\w'’.-]*\s+){1,3}(?:Co\.,?\s+Ltd\.?|Ltd\.?|Inc\.|Corp\.|AG|GmbH|LLC|PLC|JSC|S\.A\.)(?!\w)"
    r"|[\u4e00-\u9fff]{2,12}(?:大学|天文台|研究所|研究院|公司)"
    r"|[А-Я][а-яё]+\w*\s+(?:государственн\w+\s+|федеральн\w+\s+)?университет\w*"
)
# Capitalised words that open a sentence, not a name.
NOT_A_NAME = frozenset({"The", "A", "An", "According", "Under", "On", "In", "At", "Its", "Their", "This", "That",
                        "Both", "While", "After", "Before", "Last", "Next", "Earlier", "Later", "With", "By", "And"})


_LEADING = re.compile(r"^(?:(?:[A-Z][a-z]+day|January|February|March|April|May|June|July|August|September|October|"
                      r"November|December)\s+|(?:" + "|".join(NOT_A_NAME) + r")\s+)+")
# Chinese phrases that end in 大学 without naming one: "该国多所大学" (several of the country's universities).
_GENERIC_HAN = re.compile(r"该|多所|各|这些|一些|其他|等")
_ORGANISATIONS = tuple((re.compile(p), key, name) for p, key, name in ORGANISATIONS)
_AGENCIES = tuple((re.compile(p), name, code) for p, name, code in AGENCIES)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    key: str
    name: str
    kind: PartnerKind
    country: str | None = None
    signatory: str | None = None


def _overlaps(start: int, end: int, taken: list[Mention]) -> bool:
    return any(start < m.end and m.start < end for m in taken)


def _slug(name: str) -> str:
    return re.sub(r"[^\w]+", "-", name.lower()).strip("-")


def _institutions(text: str, taken: list[Mention]) -> list[Mention]:
    found = []
    for match in INSTITUTION.finditer(text):
        lead = _LEADING.match(match.group())
        start = match.start() + (lead.end() if lead else 0)
        name = text[start : match.end()].rstrip(".,")
        han = re.search(r"[\u4e00-\u9fff]", name)
        if (len(name.split()) < 2 and not han) or (han and _GENERIC_HAN.search(name)):
            continue
        if _overlaps(start, match.end(), taken):
            continue
        inside = countries.gazetteer().find(name)
        country = inside[0][2] if inside else None
        found.append(Mention(start, start + len(name), f"institution:{_slug(name)}", name, "institution", country))
    return found


def mentions(text: str) -> list[Mention]:
    """Organisations, agencies (as their states), institutions and states named in `text`, left to right."""
    taken: list[Mention] = []
    for pattern, key, name in _ORGANISATIONS:
        taken += [Mention(m.start(), m.end(), f"org:{key}", name, "organisation") for m in pattern.finditer(text)]
    for pattern, agency, code in _AGENCIES:
        for m in pattern.finditer(text):
            if not _overlaps(m.start(), m.end(), taken):
                name = countries.display_name(code)
                taken.append(Mention(m.start(), m.end(), f"country:{code}", name, "country", code, agency))
    taken += _institutions(text, taken)
    for start, end, code in countries.gazetteer().find(text):
        if not _overlaps(start, end, taken):
            taken.append(Mention(start, end, f"country:{code}", countries.display_name(code), "country", code))
    for m in re.finditer(countries.CHINESE_PAIR, text):
        if not _overlaps(m.start(), m.end(), taken):
            taken += [Mention(m.start(), m.end(), f"country:{c}", countries.display_name(c), "country", c)
                      for c in ("CN", "RU")]
    ordered = sorted(taken, key=lambda m: m.start)
    # "the China National Space Administration (CNSA)": the abbreviation is the same mention, not another.
    return [m for i, m in enumerate(ordered)
            if not (i and ordered[i - 1].key == m.key and text[ordered[i - 1].end : m.start].strip() == "(")]


