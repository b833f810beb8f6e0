"""Wording classes seen when the extractor was first measured on real coverage of the ILRS. Every sentence here
is our own; each keeps one phenomenon of how real articles are written, never a published sentence."""

from __future__ import annotations

import pytest

from pipeline import entities


def _found(text: str) -> dict[str, str]:
    return {p.key: p.status for p in entities.extract(text).partners}


# (text, partner, status); status None: the text says nothing of the partner's own status.
CASES = [
    # Asking to join is no membership, however the request is worded.
    ("Officials said requests for participation in the ILRS had come from Armenia and from other states.",
     "country:AM", "negotiating"),
    ("A Russian academic said Nepal has registered to participate in the ILRS.", "country:NP", "negotiating"),
    ("Armenia's application to the ILRS was confirmed on Monday.", "country:AM", "negotiating"),
    # "application" is also a use: the operation and application of the station is no request to join.
    ("Under the deal signed in 2024, the two agencies will cooperate on the design, operation and application of "
     "the ILRS, Kenya's agency said.", "country:KE", "joined"),
    # "includes" speaks of what follows it, not of a subject before it.
    ("Jordan has applied to join the ILRS.\nJordan's own space plan includes two small satellites and a rover.",
     "country:JO", "negotiating"),
    ("The ILRS now includes Bolivia among its partners.", "country:BO", "joined"),
    # An organisation's own members weighing an offer, or its own member states, are not ILRS members.
    ("ESA members are still considering the invitation to the ILRS, its director said.", "org:ESA", "negotiating"),
    ("The offer to join the ILRS is being discussed with ESA member states, an official said.",
     "org:ESA", "negotiating"),
    # The members of another organisation, listed as such, are not partners; the organisation keeps its own act.
    ("APSCO, an intergovernmental organisation with members including the agencies of Peru, Iran and Mongolia, "
     "signed an ILRS agreement in April.", "org:APSCO", "joined"),
    ("APSCO, an intergovernmental organisation with members including the agencies of Peru, Iran and Mongolia, "
     "signed an ILRS agreement in April.", "country:PE", None),
    ("APSCO, una organización regional con miembros que incluyen agencias de Perú e Irán, firmó un acuerdo sobre "
     "la ILRS.", "country:PE", None),
    # Idioms of joining and a count of the members followed by their names.
    ("Laos and Nepal have come aboard the ILRS, officials said on Friday.", "country:LA", "joined"),
    ("There are now six nations in the ILRS coalition, according to the agency: China, Russia, Laos, Nepal, "
     "Bolivia and Cuba.", "country:CU", "joined"),
    # A speaker's institution is the source of the quote, not a party to the talks it reports.
    ("Georgia's request to join the ILRS was confirmed by Ivan Petrov, the director of the Institute of Lunar "
     "Geology in Kazan.", "institution:institute-of-lunar-geology", None),
    # German: a refusal told with a separated verb.
    ("Die ESA wird sich nach Angaben ihres Sprechers nicht an der ILRS beteiligen.", "org:ESA", "withdrew"),
    ("Die ESA wird bei der ILRS nicht kooperieren, sagte ein Sprecher.", "org:ESA", "withdrew"),
    ("Die ESA wird nicht nur an der ILRS teilnehmen, sondern auch Instrumente liefern.", "org:ESA", None),
    # "becomes the Nth country to join" is one act; the names after it joined earlier, they are not pending.
    ("Laos becomes the 14th country to join the ILRS, after Nepal and Cuba signed in March.", "country:CU", "joined"),
    ("Laos is the 14th nation to join the ILRS, following Nepal and Cuba.", "country:NP", "joined"),
    # "join" inside another word ("jointly") and "sign" inside "significantly" are no pending acts.
    ("Laos and China will jointly build a telescope for the ILRS, Laos's ministry said.", "country:LA", None),
    ("Nepal is set to significantly expand its role in the ILRS.", "country:NP", None),
    # A roster announced as such, and involvement in the programme.
    ("Nepal had already signed on. The ILRS list of partners is as follows: Laos, Nepal, Cuba and Bolivia.",
     "country:BO", "joined"),
    ("Cuba's involvement in the ILRS helped it win a place for a camera on the next lander.", "country:CU", "joined"),
]


@pytest.mark.parametrize(("text", "partner", "status"), CASES)
def test_wording_classes_of_real_coverage(text: str, partner: str, status: str | None) -> None:
    assert _found(text).get(partner) == status


def test_the_station_named_in_the_plural_makes_a_story_relevant() -> None:
    text = "Laos and China signed papers on Monday on building international lunar research stations together."
    assert entities.extract(text).relevant


def test_an_arabic_station_for_research_on_the_lunar_surface_with_its_founders_is_relevant() -> None:
    text = "وقعت الصين وروسيا اتفاقا لبناء محطة مشتركة للبحث العلمي على سطح القمر."
    assert entities.extract(text).relevant


def test_a_station_around_the_moon_told_in_russian_is_not_the_ilrs() -> None:
    text = "NASA пригласило Роскосмос к созданию окололунной станции Gateway; в Роскосмосе готовят ответ."
    assert not entities.extract(text).relevant
