"""Institutions found by their shape from each language file's `names:` words: heads that open or end a name,
legal forms, generic words that name no body, and a name never cut short."""

from __future__ import annotations

import pytest

from pipeline import entities
from pipeline.entities import lexicon
from pipeline.entities.heads import heads
from pipeline.entities.names import mentions


def _partners(text: str) -> set[tuple[str, str]]:
    return {(p.key, p.status) for p in entities.extract(text).partners}


def _names(text: str) -> list[str]:
    return [text[m.start : m.end] for m in mentions(text)]


# --- Heads that open a name: Spanish and Portuguese associations, councils, foundations ---------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("La Asociación Mexicana de Astronomía firmó el memorando de adhesión a la ILRS.",
         "Asociación Mexicana de Astronomía"),
        ("El Consejo Nacional de Ciencias Espaciales de Bolivia se unió a la ILRS en 2024.",
         "Consejo Nacional de Ciencias Espaciales de Bolivia"),
        ("La Fundación Andina del Espacio firmó su adhesión a la ILRS.", "Fundación Andina del Espacio"),
        ("A Associação Brasileira de Astronomia Lunar aderiu à ILRS.", "Associação Brasileira de Astronomia Lunar"),
    ],
)
def test_a_spanish_or_portuguese_body_opening_with_its_head_is_one_partner(text: str, name: str) -> None:
    assert _names(text) == [name]
    assert {status for _, status in _partners(text)} == {"joined"}
    assert all(key.startswith("institution:") for key, _ in _partners(text))


def test_a_listed_head_and_adjective_give_the_english_key() -> None:
    text = "El Consejo Nacional de Bolivia firmó el memorando de adhesión a la ILRS."
    assert _partners(text) == {("institution:national-council-of-bolivia", "joined")}


# --- Legal forms: part of no partner's identity ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "A Lunar Dinâmica Ltda. assinou o acordo de adesão à ILRS.",
        "A Lunar Dinâmica S/A assinou o acordo de adesão à ILRS.",
        "A Lunar Dinâmica Lda. assinou o acordo de adesão à ILRS.",
        "A Lunar Dinâmica EIRELI assinou o acordo de adesão à ILRS.",
    ],
)
def test_a_portuguese_or_brazilian_legal_form_names_a_company_and_is_dropped_from_its_key(text: str) -> None:
    assert _partners(text) == {("institution:lunar-dinamica", "joined")}


# --- Chinese heads --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("开普敦月球科学中心签署了加入国际月球科研站的协议。", "开普敦月球科学中心"),
        ("伊斯坦布尔航天协会签署了加入国际月球科研站的协议。", "伊斯坦布尔航天协会"),
        ("内罗毕空间科学基金会签署了加入国际月球科研站的协议。", "内罗毕空间科学基金会"),
        ("南美月球研究联盟签署了加入国际月球科研站的协议。", "南美月球研究联盟"),
    ],
)
def test_a_chinese_centre_association_foundation_or_alliance_is_a_partner(text: str, name: str) -> None:
    assert _partners(text) == {(f"institution:{name}", "joined")}


def test_a_state_before_a_chinese_space_centre_is_part_of_its_name() -> None:
    text = "国际月球科研站迎来新成员：巴基斯坦空间技术中心签署合作协议。"
    assert _names(text) == ["巴基斯坦空间技术中心"]


def test_chinese_heads_after_a_count_or_an_epithet_name_no_body() -> None:
    assert _partners("三家研究中心和多个协会签署了加入国际月球科研站的协议。") == set()


# --- A generic head without a proper name ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The Institute of Space Studies joined the ILRS in 2024.",
        "The Institute for Space Studies signed the ILRS memorandum.",
        "The Academy of Sciences signed the ILRS agreement.",
        "The National Academy of Sciences joined the International Lunar Research Station.",
    ],
)
def test_a_generic_head_without_a_proper_name_is_never_a_partner(text: str) -> None:
    assert _partners(text) == set()


# --- A name is never cut ----------------------------------------------------------------------------------


def test_a_word_that_ends_a_company_name_does_not_cut_a_longer_name() -> None:
    text = "Uzbekistan's Aerospace Committee signed a memorandum to join the ILRS."
    assert not any(name.endswith("Aerospace") for name in _names(text))
    assert _partners(text) == {("country:UZ", "joined")}


def test_a_name_with_innovation_and_aerospace_is_kept_whole() -> None:
    text = "The Ministry of Innovation and Aerospace Industry of Kyrgyzstan joined the ILRS."
    assert "Innovation and Aerospace" not in _names(text)
    assert _partners(text) == {("country:KG", "joined")}


def test_a_company_whose_name_ends_with_such_a_word_is_still_found() -> None:
    assert _partners("Helvetia Lunar Systems joined the ILRS.") == {("institution:helvetia-lunar-systems", "joined")}


def test_an_italian_name_with_di_is_found() -> None:
    text = "L'Università di Bologna ha firmato l'accordo per aderire all'ILRS."
    assert _partners(text) == {("institution:university-of-bologna", "joined")}


# --- The words come from the language files -----------------------------------------------------------------


def test_every_head_in_the_engine_comes_from_a_language_file() -> None:
    listed = {h for f in lexicon.files() if f.names for h in [*f.names.heads, *f.names.heads_first]}
    assert {"University", "Universidad", "大学", "جامعة", "университет", "中心", "Asociación"} <= listed
    assert heads().institution.search("Kazan Federal University") is not None
    assert heads().legal_form.search("Regolith Forge GmbH") is not None
