"""A generic head without a proper name names no partner, and a name is never cut short."""

from __future__ import annotations

import pytest

from pipeline import entities
from pipeline.entities.names import mentions
from tests.extraction.texts import keys, pairs, spans


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
    assert pairs(text) == set()


def test_chinese_heads_after_a_count_or_an_epithet_name_no_body() -> None:
    assert pairs("三家研究中心和多个协会签署了加入国际月球科研站的协议。") == set()


@pytest.mark.parametrize(
    "text",
    [
        "目前已有数十所大学和多家科研机构加入国际月球科研站合作。",
        "已有50多个国际科研机构签署了合作文件。",
        "该国多所大学表示有兴趣。",
        "三家公司和一些知名大学参与了论证。",
        "国际月球科研站迎来十余所大学。",
    ],
)
def test_counts_and_epithets_in_chinese_name_no_institution(text: str) -> None:
    assert [m for m in mentions(text) if m.kind == "institution"] == []


def test_a_capitalised_word_before_a_generic_russian_noun_names_no_university() -> None:
    assert keys("Вчера университет подписал меморандум.") == []


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        # a state that ends one phrase does not begin the next institution's name
        ("DSEL signed memoranda with the University of Dhaka in Bangladesh and Tomsk State University in Russia.",
         {"institution:university-of-dhaka", "institution:tomsk-state-university"}),
        # generic words alone name no body of their own
        ("The president of the Academy of Sciences said talks had begun.", set()),
        ("He heads the National Academy of Sciences.", set()),
    ],
)
def test_institution_names_end_at_states_and_need_a_name(text: str, keys: set[str]) -> None:
    assert {m.key for m in mentions(text) if m.kind == "institution"} == keys


def test_a_word_that_ends_a_company_name_does_not_cut_a_longer_name() -> None:
    text = "Uzbekistan's Aerospace Committee signed a memorandum to join the ILRS."
    assert not any(name.endswith("Aerospace") for name in spans(text))
    assert pairs(text) == {("country:UZ", "joined")}


def test_a_name_with_innovation_and_aerospace_is_kept_whole() -> None:
    text = "The Ministry of Innovation and Aerospace Industry of Kyrgyzstan joined the ILRS."
    assert "Innovation and Aerospace" not in spans(text)
    assert pairs(text) == {("country:KG", "joined")}


def test_a_company_whose_name_ends_with_such_a_word_is_still_found() -> None:
    assert pairs("Helvetia Lunar Systems joined the ILRS.") == {("institution:helvetia-lunar-systems", "joined")}


def test_a_name_is_not_cut_at_its_lowercase_particles() -> None:
    found = {p.key for p in entities.extract(
        "The University of Dar es Salaam signed a memorandum on the International Lunar Research Station."
    ).partners}
    assert "institution:university-of-dar-es-salaam" in found
