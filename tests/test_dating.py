"""Dates a source states in its own text: date lines, dated events, the year the text gives."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pipeline import articles, dating
from pipeline.settings import Settings

NOW = datetime(2026, 12, 2, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # A wire date line gives day and month; the year comes from an event the text names with its year.
        ("KAZAN, August 21. /Agency/. Officials at the SPACE-2024 forum said talks went on.", "en", (2024, 8, 21)),
        ("ТАШКЕНТ, 3 октября. Делегации обсудили участие в проекте на форуме КОСМОС-2025.", "ru", (2025, 10, 3)),
        ("新华社北京4月25日电 2024年中国航天日活动在武汉举行。", "zh", (2024, 4, 25)),
        # No date line: the first dated event in the prose, with the year the text mentions.
        ("In 2023 the two agencies met twice. On May 17, they published a road map for the station.", "en",
         (2023, 5, 17)),
        ("El 12 de marzo de 2024 la agencia firmó el memorando sobre la estación lunar.", "es", (2024, 3, 12)),
        # Month names come from CLDR for every language with a file, written out or abbreviated.
        ("BERLIN, 14. März. Die Agentur sprach am 14. März 2025 über die Mondstation.", "de", (2025, 3, 14)),
        ("Ajans 9 Ekim 2024 tarihinde Ay istasyonu için mutabakat imzaladı.", "tr", (2024, 10, 9)),
        ("A agência assinou o memorando em 5 de setembro de 2023, na sede em Brasília.", "pt", (2023, 9, 5)),
        ("Η υπογραφή έγινε στις 21 Απριλίου 2024 στο Πεκίνο.", "el", (2024, 4, 21)),
        ("LONDON, Sept. 4, 2024 - The agency said it would take part in the station.", "en", (2024, 9, 4)),
        # The language is identified where it is not given.
        ("Die Agentur unterzeichnete am 3. Juni 2024 das Memorandum über die Mondforschungsstation.", None,
         (2024, 6, 3)),
    ],
)
def test_a_text_states_its_date(text: str, language: str | None, expected: tuple[int, int, int]) -> None:
    assert dating.stated_date(text, language, now=NOW) == datetime(*expected, tzinfo=UTC)


@pytest.mark.parametrize(
    "text",
    [
        "The station is to be built by 2035. On June 2, the agency said so.",  # a target year is not the text's
        "Work will continue through the 2030s, officials said on Tuesday.",  # a decade, and no day
        "On March 9 the agencies signed a memorandum.",  # a day but no year anywhere
        "Most read\nFeatures - Jul 01, 2025\nReview - Jun 25, 2025\n",  # teasers of other stories are not prose
    ],
)
def test_no_guess_where_the_text_gives_no_day_or_no_year(text: str) -> None:
    assert dating.stated_date(text, "en", now=NOW) is None


def test_a_month_abbreviation_of_another_language_is_no_date() -> None:
    # Portuguese abbreviates October "out": in an English text "10 out of 12" is no date, and the real one is read.
    text = "In 2024, 10 out of 12 members voted. On May 17 the agencies signed the station's road map."
    assert dating.stated_date(text, "en", now=NOW) == datetime(2024, 5, 17, tzinfo=UTC)
    assert dating.stated_date(text, None, now=NOW) == datetime(2024, 5, 17, tzinfo=UTC)


def test_a_future_date_is_not_a_publication_date() -> None:
    assert dating.stated_date("On March 9, 2031, the base will open its doors to visitors.", "en", now=NOW) is None


def test_seeds_without_a_date_header_are_dated_from_their_text_and_marked() -> None:
    seeds = {d.url: d for d in articles.load_seeds(Settings().seeds_dir)}
    tass = seeds["seed:001_16b92f8f9e53813e.txt"]  # "ST. PETERSBURG, June 15. /TASS/." and GLEX-2021
    assert tass.published == datetime(2021, 6, 15, tzinfo=UTC)
    assert tass.date_inferred
    assert not seeds["seed:000_6c4c367d9a993c30.txt"].date_inferred  # its head carries a timestamp
    assert seeds["seed:003_8e854a67f184ff0b.txt"].published is None  # says nothing of its own date


def test_a_page_without_date_metadata_is_dated_from_its_date_line() -> None:
    html = (
        "<html lang='en'><head><title>Talks on the lunar station</title></head><body><article>"
        "<p>ASTANA, September 4 - Kazakhstan's space agency held talks on the International Lunar Research "
        "Station with visiting officials on the sidelines of the TECH-2026 exhibition, its press office said.</p>"
        "<p>The agency said a decision on joining the station would follow consultations with ministries and "
        "with the national academy of sciences, without giving a date for it.</p>"
        "</article></body></html>"
    )
    document = articles.from_html(html.encode(), "https://news.example.org/kz-talks", origin="url")
    assert document.published == datetime(2026, 9, 4, tzinfo=UTC)
    assert document.date_inferred
