"""diff.py is pure: claims in, register entries and changes out, no I/O."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from pipeline import diff
from pipeline.records import (
    SAME_STORY_MAX_BITS,
    Claim,
    Document,
    Evidence,
    Extraction,
    MissionFinding,
    PartnerFinding,
    RegisterEntry,
    Stories,
    change_identity,
    claim_identity,
    same_story,
)

DETECTED = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
SEEN = datetime(2026, 11, 23, 22, 0, tzinfo=UTC)  # when the pipeline stored the documents

ORIGINAL_FP = "3eeceedb59fa1fef"
SYNDICATED_FP = f"{int(ORIGINAL_FP, 16) ^ 0b10010:016x}"  # two bits away: a copy with another credit line
INDEPENDENT_FP = "d9375b8cf497f82f"  # about forty bits away: another newsroom's report


def day(n: int) -> datetime:
    return datetime(2024, 1, 1, 9, 0, tzinfo=UTC) + timedelta(days=n)


def partner(
    status: str,
    published: datetime | None,
    *,
    url: str | None = None,
    fingerprint: str = ORIGINAL_FP,
    key: str = "country:PK",
    name: str = "Pakistan",
    seen_at: datetime | None = SEEN,
) -> Claim:
    quote = f"{name} {status} the International Lunar Research Station."
    return Claim(
        key=key,
        entity="partner",
        name=name,
        kind="country",
        value=status,
        evidence=Evidence(quote, 0, len(quote)),
        source_url=url or f"https://news.example/{status}/{published.date() if published else 'undated'}",
        fingerprint=fingerprint,
        source_title=f"Pakistan {status}",
        source_site="Islamabad Observer",
        source_published=published,
        seen_at=seen_at,
        country="PK",
    )


def mission(year: int | None, published: datetime, *, url: str | None = None) -> Claim:
    quote = f"Chang'e-8 will launch{f' in {year}' if year else ''}."
    return Claim(
        key="mission:Chang'e-8",
        entity="mission",
        name="Chang'e-8",
        kind="mission",
        value=None if year is None else str(year),
        evidence=Evidence(quote, 0, len(quote)),
        source_url=url or f"https://space.example/change8/{published.date()}",
        fingerprint=f"{published.toordinal() * 0x9E3779B97F4A7C15 % 2**64:016x}",
        source_published=published,
        seen_at=SEEN,
    )


def decided(claim: Claim) -> str:
    """The identity of the claim that decided a value: part of a change's identity."""
    return claim_identity(claim.fingerprint, claim.evidence.start, claim.value)


def changes_between(before: list[Claim], after: list[Claim]) -> list:
    return diff.diff(diff.resolve(before), _entry(diff.resolve(after)), DETECTED)


def _entry(entry: RegisterEntry | None) -> RegisterEntry:
    assert entry is not None
    return entry


# --- partners --------------------------------------------------------------------------------------------


def test_a_new_partner_is_a_change() -> None:
    claim = partner("negotiating", day(0))
    (change,) = diff.diff(None, _entry(diff.resolve([claim])), DETECTED)

    assert change.change_type == "new_partner"
    assert (change.field, change.old_value, change.new_value) == ("status", None, "negotiating")
    assert change.change_id == change_identity("country:PK", "status", "negotiating", None, decided(claim))
    assert (change.entity_key, change.entity, change.name, change.kind) == (
        "country:PK",
        "partner",
        "Pakistan",
        "country",
    )
    assert change.evidence == claim.evidence
    assert (change.source_url, change.source_title, change.source_site) == (
        claim.source_url,
        "Pakistan negotiating",
        "Islamabad Observer",
    )
    assert change.source_published == day(0)
    assert change.detected_at == DETECTED
    assert change.sources == 1


def test_negotiating_then_joined_is_a_status_change() -> None:
    talks, signed = partner("negotiating", day(0)), partner("joined", day(40))
    (change,) = changes_between([talks], [talks, signed])

    assert change.change_type == "status_change"
    assert (change.old_value, change.new_value) == ("negotiating", "joined")
    assert change.change_id == change_identity("country:PK", "status", "joined", "negotiating", decided(signed))
    assert change.source_url == signed.source_url and change.evidence == signed.evidence


def test_joined_then_withdrew_is_flagged_as_a_regression() -> None:
    signed, left = partner("joined", day(0)), partner("withdrew", day(200))
    (change,) = changes_between([signed], [signed, left])

    assert change.change_type == "status_regression"
    assert (change.old_value, change.new_value) == ("joined", "withdrew")
    assert change.source_url == left.source_url


def test_an_old_withdrawal_does_not_outweigh_a_later_accession() -> None:
    left, rejoined = partner("withdrew", day(0)), partner("joined", day(90))
    entry = _entry(diff.resolve([rejoined, left]))
    assert entry.value == "joined"
    (change,) = changes_between([left], [left, rejoined])
    assert (change.change_type, change.old_value, change.new_value) == ("status_change", "withdrew", "joined")


def test_a_weaker_later_claim_is_not_a_change() -> None:
    signed = partner("joined", day(0))
    hedging = partner("interested", day(30), url="https://blog.example/pk-interested")
    entry = _entry(diff.resolve([signed, hedging]))

    assert entry.value == "joined"
    assert entry.source_url == signed.source_url  # the evidence stays with the strongest claim
    assert changes_between([signed], [signed, hedging]) == []


def test_an_earlier_weaker_claim_arriving_late_is_not_a_change() -> None:
    signed = partner("joined", day(60))
    backfilled = partner("negotiating", day(0))
    assert changes_between([signed], [signed, backfilled]) == []


# --- missions --------------------------------------------------------------------------------------------


def test_a_new_mission_is_a_change() -> None:
    planned = mission(2028, day(0))
    (change,) = diff.diff(None, _entry(diff.resolve([planned])), DETECTED)
    assert change.change_type == "new_mission"
    assert (change.field, change.old_value, change.new_value) == ("year", None, "2028")
    assert change.change_id == change_identity("mission:Chang'e-8", "year", "2028", None, decided(planned))


def test_a_new_mission_without_a_year_is_still_new() -> None:
    (change,) = diff.diff(None, _entry(diff.resolve([mission(None, day(0))])), DETECTED)
    assert (change.change_type, change.new_value) == ("new_mission", None)


def test_a_later_target_year_is_a_year_change() -> None:
    planned, slipped = mission(2028, day(0)), mission(2029, day(100))
    (change,) = changes_between([planned], [planned, slipped])

    assert change.change_type == "year_change"
    assert (change.field, change.old_value, change.new_value) == ("year", "2028", "2029")
    assert change.source_url == slipped.source_url


def test_a_claim_without_a_year_never_erases_one() -> None:
    planned, vague = mission(2028, day(0)), mission(None, day(100))
    assert _entry(diff.resolve([planned, vague])).value == "2028"
    assert changes_between([planned], [planned, vague]) == []


def test_the_first_year_for_an_undated_mission_is_a_year_change() -> None:
    vague, planned = mission(None, day(0)), mission(2030, day(10))
    (change,) = changes_between([vague], [vague, planned])
    assert (change.change_type, change.old_value, change.new_value) == ("year_change", None, "2030")


# --- idempotence and determinism -------------------------------------------------------------------------


def test_the_same_input_twice_yields_no_change_the_second_time() -> None:
    claims = [partner("negotiating", day(0)), partner("joined", day(40))]
    first = diff.diff(None, _entry(diff.resolve(claims)), DETECTED)
    assert len(first) == 1

    register = diff.resolve(claims)
    again = _entry(diff.resolve(list(claims)))
    assert again == register
    assert diff.diff(register, again, DETECTED + timedelta(hours=1)) == []

    missions = [mission(2028, day(0)), mission(2029, day(50))]
    assert diff.diff(diff.resolve(missions), _entry(diff.resolve(missions)), DETECTED) == []


def test_resolve_does_not_depend_on_the_order_claims_arrive_in() -> None:
    claims = [
        partner("interested", day(0)),
        partner("negotiating", day(10), fingerprint=INDEPENDENT_FP),
        partner("joined", day(20)),
        partner("joined", day(21), url="https://copy.example/pk", fingerprint=SYNDICATED_FP),
        partner("interested", day(30), url="https://late.example/pk", fingerprint=INDEPENDENT_FP),
    ]
    expected = diff.resolve(claims)
    rng = random.Random(7)
    for _ in range(20):
        shuffled = claims[:]
        rng.shuffle(shuffled)
        assert diff.resolve(shuffled) == expected


def test_change_identity_is_stable_and_distinguishes_values() -> None:
    joined = change_identity("country:PK", "status", "joined")
    assert joined == change_identity("country:PK", "status", "joined")
    assert len(joined) == 32
    assert joined != change_identity("country:PK", "status", "withdrew")
    assert joined != change_identity("country:IN", "status", "joined")
    assert joined != change_identity("country:PK", "status", "joined", "withdrew")  # a rejoin is news again


def test_a_partner_that_withdrew_and_rejoins_is_a_new_change() -> None:
    signed, left, back = partner("joined", day(0)), partner("withdrew", day(200)), partner("joined", day(400))
    (first,) = diff.diff(None, _entry(diff.resolve([signed])), DETECTED)
    (exit_,) = changes_between([signed], [signed, left])
    (rejoin,) = changes_between([signed, left], [signed, left, back])
    assert (rejoin.old_value, rejoin.new_value) == ("withdrew", "joined")
    assert len({first.change_id, exit_.change_id, rejoin.change_id}) == 3


# --- sources ---------------------------------------------------------------------------------------------


def test_syndicated_copies_count_as_one_source() -> None:
    claims = [
        partner("joined", day(0), url="https://herald.example/pk", fingerprint=ORIGINAL_FP),
        partner("joined", day(0), url="https://digest.example/pk", fingerprint=SYNDICATED_FP),
        partner("joined", day(1), url="https://aggregator.example/pk", fingerprint=ORIGINAL_FP),
        partner("joined", day(1), url="https://affairs.example/pk", fingerprint=INDEPENDENT_FP),
    ]
    entry = _entry(diff.resolve(claims))
    assert entry.sources == 2
    (change,) = diff.diff(None, entry, DETECTED)
    assert change.sources == 2


def test_two_findings_in_one_document_are_one_source() -> None:
    a = partner("joined", day(0), url="https://herald.example/pk")
    b = replace(a, evidence=Evidence("Pakistan is now a member.", 200, 225))
    assert diff.count_sources([a, b]) == 1


def test_the_near_copy_threshold_is_same_story_max_bits() -> None:
    base = int(ORIGINAL_FP, 16)
    at_limit = f"{base ^ (2**SAME_STORY_MAX_BITS - 1):016x}"  # exactly SAME_STORY_MAX_BITS bits flipped
    beyond = f"{base ^ (2 ** (SAME_STORY_MAX_BITS + 1) - 1):016x}"
    near = [
        partner("joined", day(0), url="https://a.example"),
        partner("joined", day(0), url="https://b.example", fingerprint=at_limit),
    ]
    far = [
        partner("joined", day(0), url="https://a.example"),
        partner("joined", day(0), url="https://b.example", fingerprint=beyond),
    ]
    assert diff.count_sources(near) == 1
    assert diff.count_sources(far) == 2


def test_sources_count_only_claims_backing_the_current_value() -> None:
    claims = [
        partner("negotiating", day(0), url="https://a.example/talks", fingerprint=INDEPENDENT_FP),
        partner("joined", day(10), url="https://b.example/signed", fingerprint=ORIGINAL_FP),
    ]
    entry = _entry(diff.resolve(claims))
    assert (entry.value, entry.sources) == ("joined", 1)


# --- dates -----------------------------------------------------------------------------------------------


def test_first_seen_is_the_sources_publication_date() -> None:
    talks = partner("negotiating", day(0), seen_at=DETECTED)
    signed = partner("joined", day(40), seen_at=DETECTED)
    entry = _entry(diff.resolve([signed, talks]))

    assert entry.first_seen == day(0)  # not the day we read it
    assert entry.last_seen == day(40)
    assert entry.source_published == day(40)


def test_an_undated_source_falls_back_to_when_it_was_stored() -> None:
    undated = partner("negotiating", None, seen_at=SEEN)
    entry = _entry(diff.resolve([undated]))
    assert entry.first_seen == SEEN and entry.source_published is None


def test_claims_from_a_document_carry_its_source() -> None:
    text = "Pakistan has joined the ILRS. Chang'e-8 will launch in 2028."
    document = Document(
        url="https://wire.example.com/pk",
        text=text,
        fingerprint=ORIGINAL_FP,
        origin="feed",
        title="Pakistan joins",
        published=day(3),
        site="Orbital Times",
    )
    extraction = Extraction(
        relevant=True,
        language="en",
        partners=(
            PartnerFinding("country:PK", "Pakistan", "country", "joined", Evidence(text[:29], 0, 29), "PK", "SUPARCO"),
        ),
        missions=(MissionFinding("mission:Chang'e-8", "Chang'e-8", 2028, Evidence(text[30:], 30, len(text))),),
    )
    claims = diff.claims_from(document, extraction, SEEN)

    assert [(c.key, c.entity, c.kind, c.value) for c in claims] == [
        ("country:PK", "partner", "country", "joined"),
        ("mission:Chang'e-8", "mission", "mission", "2028"),
    ]
    assert all(
        (c.source_url, c.fingerprint, c.source_title, c.source_site, c.source_published, c.seen_at)
        == (document.url, ORIGINAL_FP, "Pakistan joins", "Orbital Times", day(3), SEEN)
        for c in claims
    )
    assert claims[0].signatory == "SUPARCO" and claims[0].country == "PK"
    assert claims[0].evidence.quote == "Pakistan has joined the ILRS."


# --- change identity by occurrence, retraction (issues 7 and 8) ------------------------------------------


def test_an_oscillating_status_gets_a_new_change_id_at_every_step() -> None:
    claims = [
        partner("joined", day(0)),
        partner("withdrew", day(200), fingerprint=INDEPENDENT_FP),
        partner("joined", day(400), fingerprint=SYNDICATED_FP[::-1]),
        partner("withdrew", day(600), fingerprint="0123456789abcdef"),
    ]
    ids, old = [], None
    for n in range(4):
        new = _entry(diff.resolve(claims[: n + 1]))
        (change,) = diff.diff(old, new, DETECTED)
        ids.append(change.change_id)
        old = new
    assert len(set(ids)) == 4  # the second withdrawal is news, not a repeat of the first


def test_the_same_step_from_a_later_copy_keeps_its_id() -> None:
    signed, left = partner("joined", day(0)), partner("withdrew", day(200), fingerprint=INDEPENDENT_FP)
    copy = partner("withdrew", day(201), url="https://copy.example/pk", fingerprint=INDEPENDENT_FP)
    (alone,) = changes_between([signed], [signed, left])
    (with_copy,) = changes_between([signed], [signed, left, copy])
    assert alone.change_id == with_copy.change_id


def test_a_stronger_claim_taken_back_is_a_step_back() -> None:
    talks, signed = partner("negotiating", day(0)), partner("joined", day(40))
    (change,) = diff.diff(_entry(diff.resolve([talks, signed])), _entry(diff.resolve([talks])), DETECTED)
    assert (change.change_type, change.old_value, change.new_value) == ("status_regression", "joined", "negotiating")


def test_settle_keeps_a_fully_retracted_entry_and_records_the_retraction() -> None:
    signed = partner("joined", day(0))
    old = _entry(diff.resolve([signed]))
    entry, (change,) = diff.settle(old, None, DETECTED)
    assert entry is not None and (entry.value, entry.sources, entry.retracted_at) == (None, 0, DETECTED)
    assert entry.evidence == signed.evidence
    assert (change.change_type, change.old_value, change.new_value, change.sources) == ("retracted", "joined", None, 0)
    assert diff.settle(entry, None, DETECTED + timedelta(days=1)) == (entry, [])  # retracted once

    back, (restored,) = diff.settle(entry, diff.resolve([signed]), DETECTED + timedelta(days=2))
    assert back is not None and back.retracted_at is None and back.value == "joined"
    assert (restored.change_type, restored.old_value) == ("status_change", diff.RETRACTED)
    assert restored.change_id != diff.diff(None, _entry(diff.resolve([signed])), DETECTED)[0].change_id


def test_claims_carry_assertion_and_confidence() -> None:
    document = Document(url="https://x.example/pk", text="Pakistan joined.", fingerprint=ORIGINAL_FP, origin="feed")
    quote = Evidence("Pakistan joined.", 0, 16)
    finding = PartnerFinding("country:PK", "Pakistan", "country", "joined", quote, assertion="act", confidence="high")
    mission = MissionFinding("mission:Luna-27", "Luna-27", 2028, Evidence("Luna-27", 0, 7), confidence="low")
    claims = diff.claims_from(document, Extraction(True, "en", (finding,), (mission,)), SEEN)
    assert [(c.assertion, c.confidence) for c in claims] == [("act", "high"), (None, "low")]
    entry = _entry(diff.resolve(claims[:1]))
    assert (entry.assertion, entry.confidence) == ("act", "high")


def test_the_story_index_finds_exactly_the_copies_a_comparison_with_every_story_finds() -> None:
    # Clusters of near-copies (a few bits apart) and unrelated stories, some fingerprints not hex at all: the
    # index must answer as a one-by-one comparison does, for every distance around the threshold.
    rng = random.Random(7)
    fingerprints: list[str] = []
    for _ in range(300):
        base = rng.getrandbits(64)
        fingerprints.append(f"{base:016x}")
        for flips in (1, SAME_STORY_MAX_BITS, SAME_STORY_MAX_BITS + 1, 12):
            copy = base
            for bit in rng.sample(range(64), flips):
                copy ^= 1 << bit
            fingerprints.append(f"{copy:016X}" if flips == 1 else f"{copy:016x}")
    fingerprints += ["not-hex", "not-hex", ""]
    rng.shuffle(fingerprints)
    stories, seen = Stories(), []
    for fingerprint in fingerprints:
        assert (fingerprint in stories) == any(same_story(fingerprint, s) for s in seen)
        if rng.random() < 0.5:
            stories.add(fingerprint)
            seen.append(fingerprint)
