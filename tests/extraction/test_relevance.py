"""Whether a text is about the ILRS at all."""

from __future__ import annotations

import pytest

from pipeline import entities


@pytest.mark.parametrize(
    ("text", "relevant"),
    [
        ("La Estación Internacional de Investigación Lunar suma un nuevo socio.", True),
        ("La Station internationale de recherche lunaire accueille un nouveau membre.", True),
        ("Международная научная лунная станция", True),
        ("国际月球科研站再添新成员", True),
        ("NASA names the crew of its next Artemis flight.", False),
    ],
)
def test_relevance_in_many_languages(text: str, relevant: bool) -> None:
    assert entities.is_relevant(text) is relevant


def test_the_station_named_in_the_plural_makes_a_story_relevant() -> None:
    text = "Laos and China signed papers on Monday on building international lunar research stations together."
    assert entities.extract(text).relevant


def test_an_arabic_station_for_research_on_the_lunar_surface_with_its_founders_is_relevant() -> None:
    text = "وقعت الصين وروسيا اتفاقا لبناء محطة مشتركة للبحث العلمي على سطح القمر."
    assert entities.extract(text).relevant


def test_a_station_around_the_moon_told_in_russian_is_not_the_ilrs() -> None:
    text = "NASA пригласило Роскосмос к созданию окололунной станции Gateway; в Роскосмосе готовят ответ."
    assert not entities.extract(text).relevant
