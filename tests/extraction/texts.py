"""What the extractor tests share: the programme's name as our sentences write it in each language, and the
partners the extractor finds in a text (by key), with or without their whole finding."""

from __future__ import annotations

from pipeline import entities
from pipeline.entities.names import Aliases, mentions
from pipeline.records import PartnerFinding

MNLS = "Международной научной лунной станции"
MNLS_SHORT = "МНЛС"
ILRS_ZH = "国际月球科研站"
ILRS_AR = "المحطة الدولية لأبحاث القمر"
ES = "la Estación Internacional de Investigación Lunar"
FR = "la Station internationale de recherche lunaire"
PT = "a Estação Internacional de Pesquisa Lunar"
IT = "la Stazione Internazionale di Ricerca Lunare"
DE_DATIVE = "der Internationalen Mondforschungsstation"


def findings(text: str, title: str | None = None) -> dict[str, PartnerFinding]:
    return {p.key: p for p in entities.extract(text, title=title).partners}


def statuses(text: str, title: str | None = None) -> dict[str, str]:
    return {p.key: p.status for p in entities.extract(text, title=title).partners}


def keys(text: str, aliases: Aliases | None = None) -> list[str]:
    """The keys of the names found in `text`, in order."""
    return [m.key for m in mentions(text, aliases)]


def pairs(text: str) -> set[tuple[str, str]]:
    return {(p.key, p.status) for p in entities.extract(text).partners}


def spans(text: str) -> list[str]:
    """The names found in `text`, as written."""
    return [text[m.start : m.end] for m in mentions(text)]
