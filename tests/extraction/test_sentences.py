"""The extractor's classes of wording, sentence by sentence, in every language: `sentences/<code>.yaml`.

Each file holds sentences of our own (never a published text) under the class of wording they exercise. A row
says what the extractor must find in its text: `partners` maps each key found to its status (exactly: a partner
not listed must not be found; `null` says outright that the sentence tells nothing of that one), and optionally
`assertion` (key → the class of wording its status was read from), `confidence` (key → level), `missions` (name →
year, exactly, when given) and `title`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline import entities
from pipeline.entities import lexicon

FOLDER = Path(__file__).with_name("sentences")

# The classes a row may stand under: what a clause asserts (lexicon.CLASS_STATUS), what makes a name no party,
# and how a story tells its partners and missions.
CLASSES = {
    "act": "a completed act on the ILRS: signed, joined, became the Nth member",
    "membership": "reported membership: listed among members, 'is a partner of'",
    "talks": "talks, an application, consideration, a parliament debating accession",
    "invitation": "invited, received or welcomed an invitation",
    "intent": "a pending or planned act: will sign, is expected to sign, plans to join",
    "interest": "expressed interest, wants to join",
    "refusal": "declined, pulled out, will not take part",
    "negation": "a negated cue says nothing, or a negated plan is a refusal",
    "hedge": "reportedly, is said to, according to media reports: confidence a step lower",
    "other_programme": "signatories of another programme (Artemis Accords, Gateway, a payload deal) are no partners",
    "origin": "a country named as where an institution or organisation comes from is no partner",
    "contractor": "who builds or supplies a founder's own programme is no partner",
    "person": "a person's name after a title ('Mr. Jordan', 'Herr Jordan', 'господин Иордан') names no state",
    "generic_name": "a generic head without a proper name names no partner; a name is never cut",
    "pending": "applied, is negotiating, expected to sign, a cabinet approving a draft: never joined",
    "background_list": "members listed in background: 'already joined: A, B and C', 'N countries, including'",
    "institution_list": "institutions that signed at one event",
    "founders": "the founders' own acts and their leading role",
    "missions": "missions tied to the ILRS by their sentence or its paragraph, with their target years",
    "relevance": "whether a text is about the ILRS at all",
}


class _Loader(yaml.SafeLoader):
    """A class named twice in one file would hide the first one's rows."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        keys = [self.construct_object(k, deep=deep) for k, _ in node.value]
        twice = {k for k in keys if keys.count(k) > 1}
        if twice:
            raise yaml.constructor.ConstructorError(None, None, f"{sorted(twice)} given twice", node.start_mark)
        return super().construct_mapping(node, deep=deep)


def _rows() -> list[Any]:
    params = []
    for path in sorted(FOLDER.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}  # noqa: S506 - a safe loader
        unknown = set(data) - set(CLASSES)
        assert not unknown, f"{path.name}: unknown classes {sorted(unknown)}"
        for assertion, rows in data.items():
            for i, row in enumerate(rows or (), 1):
                params.append(pytest.param(row, id=f"{path.stem}-{assertion}-{i}"))
    return params


_KEYS = {"text", "title", "partners", "assertion", "confidence", "missions", "relevant"}


@pytest.mark.parametrize("row", _rows())
def test_sentence(row: dict[str, Any]) -> None:
    assert set(row) <= _KEYS, f"unknown keys {sorted(set(row) - _KEYS)}"
    found = entities.extract(row["text"], title=row.get("title"))
    if "relevant" in row:
        assert found.relevant == row["relevant"]
    partners = {p.key: p for p in found.partners}
    expected = {k: v for k, v in (row.get("partners") or {}).items() if v is not None}
    assert {k: p.status for k, p in partners.items()} == expected, [
        (p.key, p.status, p.assertion, p.evidence.quote) for p in found.partners]
    for key, assertion in (row.get("assertion") or {}).items():
        assert partners[key].assertion == assertion, (key, partners[key].assertion)
    for key, level in (row.get("confidence") or {}).items():
        assert partners[key].confidence == level, (key, partners[key].confidence)
    if "missions" in row:
        assert {m.name: m.year for m in found.missions} == (row["missions"] or {})


def test_every_cue_class_is_checked_in_each_language_with_class_checks() -> None:
    """Where a table checks classes, it checks each one with its status, both statuses of intent and a negation."""
    for code in ("en", "ru", "zh", "es", "fr", "ar", "de", "pt", "it", "id", "ko", "uk", "ja", "tr"):
        data = yaml.load((FOLDER / f"{code}.yaml").read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506
        checked = {(assertion, row["partners"][key])
                   for rows in data.values() for row in rows or ()
                   for key, assertion in (row.get("assertion") or {}).items()}
        for assertion, status in [*lexicon.CLASS_STATUS.items(), ("intent", "negotiating")]:
            assert (assertion, status) in checked, (code, assertion, status)
        assert any(None in (row.get("partners") or {}).values() for row in data.get("negation") or ()), code
