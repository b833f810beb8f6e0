"""Is a text about the ILRS, and which partners (with status) and missions (with year) does it report?

Every finding carries the sentence it came from and that sentence's offsets in the text, what its clause
asserts (`partners.py`: act, membership, talks, invitation, intent, interest, refusal) and a confidence.
Findings come from prose sentences that speak of the programme (or follow one that does within
CONTEXT_PARAGRAPHS); a clause about another programme (Artemis, Gateway, the ISS, Mars), a payload list or a
forum yields no partner. One partner's claims in one article are resolved in the order the article tells them
by the rule `diff` uses too (`pipeline.resolution.resolve_status`). The words are data: `lang/<code>.yaml`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import cache, lru_cache
from itertools import islice

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from pipeline.entities import chinese, countries, heads, lexicon, lists, names
from pipeline.entities.budget import UNLIMITED, Budget, spending
from pipeline.entities.missions import (
    NUCLEAR_POWER_PLANT,
    POWER_PLANT,
    STATION,
    missions,
    numbered,
    tied_in_follow_up,
    ties_programme,
    year_in_follow_up,
)
from pipeline.entities.partners import Claim, claims
from pipeline.entities.sentences import Sentence, join_continuations, split
from pipeline.records import Confidence, Evidence, Extraction, MissionFinding, PartnerFinding
from pipeline.resolution import CONFIDENCE_RANK, resolve_status

__all__ = ["detect_language", "extract", "is_relevant", "may_be_relevant", "prepare"]

_LETTER = re.compile(r"[^\W\d_]")
# How much text the identifier reads: the head of a story tells its language; the rest only costs time.
_SAMPLE = 1500
# Below this probability the identifier's first choice does not narrow the cues to one language.
SURE = 0.6


@cache
def _identifier() -> LanguageIdentifier:
    """py3langid's model (it ships with the package; loading takes about a second, once per process)."""
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def prepare() -> None:
    """Build every language's name tables now (a second or two, once per process) rather than on the first
    sentences, and let go of what only building them needed (`countries.release_sources`) before their matchers
    are compiled, which then take the memory it leaves."""
    names.entries()
    countries.forms()
    heads.heads()
    countries.release_sources()


def detect_language(text: str, *, sure: bool = False) -> str:
    """ISO 639-1 code of the language `text` is written in, by py3langid, named as the language files name it
    (its codes for Chinese varieties are Chinese: `identified_as`); "und" for a text without letters. With
    `sure`, "und" unless the identifier gives that language at least `SURE`."""
    weights = _weights(text[:_SAMPLE])
    if not weights:
        return "und"
    best = max(weights, key=weights.__getitem__)
    return best if not sure or weights[best] >= SURE else "und"


@lru_cache(maxsize=8)  # one document is asked twice: what it is written in, and whether surely
def _weights(sample: str) -> dict[str, float]:
    if not _LETTER.search(sample):
        return {}
    weights: dict[str, float] = {}
    for code, probability in _identifier().rank(sample)[:5]:
        ours = lexicon.our_code(code)
        weights[ours] = weights.get(ours, 0.0) + probability
    return weights


_has_context = lexicon.speaks_of_programme


def is_relevant(text: str) -> bool:
    """About the ILRS: names it, or speaks of a lunar station together with its founders."""
    if lexicon.names_programme(text):
        return True
    vocabulary = lexicon.vocabulary()
    return bool(vocabulary.programme_context.search(text)) and bool(vocabulary.founders.search(text))


# How many prose paragraphs after one that names the programme still speak of it ("The agreement was signed
# by the agency in Astana" follows the headline's "joins the ILRS"). A list of the programme's members comes
# later in a story than the missions that tie it to a date ("X follows earlier partners such as ..." closes
# many accession reports), so partners read one paragraph further than missions.
CONTEXT_PARAGRAPHS = 3
MISSION_CONTEXT_PARAGRAPHS = 3


def may_be_relevant(text: str) -> bool:
    """Worth fetching: about the ILRS, or about lunar exploration, whose full text may turn out to be."""
    return is_relevant(text) or bool(lexicon.LUNAR.search(text))


def _in_context(sentences: list[Sentence], title_has_context: bool,
                paragraphs: int = CONTEXT_PARAGRAPHS) -> list[bool]:
    """A prose sentence speaks of the ILRS if it names it, or follows one that does in its paragraph or in the
    last `paragraphs` prose paragraphs; a headline that names it counts as a paragraph before the text."""
    flags = []
    paragraph, remaining, active = -1, paragraphs if title_has_context else 0, False
    named = title_has_context  # once the document has named the ILRS, "the project" refers back to it
    headings = _headings(sentences)
    for sentence in sentences:
        if not sentence.prose:
            flags.append(False)
            continue
        if sentence.paragraph != paragraph:
            paragraph = sentence.paragraph
            if paragraph not in headings:  # an explainer's "Who has signed?" opens its answer, it uses no room
                remaining, active = (remaining - 1, True) if remaining > 0 else (0, False)
        if _has_context(sentence.text):
            active, remaining, named = True, paragraphs + 1, True
        elif named and lexicon.refers_back_to_programme(sentence.text):
            # "the station", "the project" in a document that named the ILRS is the ILRS: the story goes on
            active, remaining = True, max(remaining, paragraphs)
        flags.append(active)
    return flags


_HEADING_WORDS = 10  # a heading is shorter than this


def _headings(sentences: list[Sentence]) -> set[int]:
    """Paragraphs that are a short question or a label of their own ("Who is in talks?", "Calendario:")."""
    by_paragraph: dict[int, list[Sentence]] = {}
    for sentence in sentences:
        by_paragraph.setdefault(sentence.paragraph, []).append(sentence)
    return {p for p, group in by_paragraph.items()
            if len(group) == 1 and group[0].text.rstrip().endswith(("?", "？", ":", "：", "؟"))
            and len(group[0].text.split()) < _HEADING_WORDS}


def _finding(claim: Claim, evidence: Evidence, signatory: str | None) -> PartnerFinding:
    m = claim.mention
    return PartnerFinding(m.key, m.name, m.kind, claim.status, evidence, m.country, signatory, claim.assertion,
                          claim.confidence)


def _news(said: list[tuple[Claim, Evidence]]) -> list[tuple[Claim, Evidence]]:
    """After a withdrawal, only a new act (a rejoin) is news; an invitation, talks or a membership told after
    it is the background of the exit ("the government thanked China for its invitation")."""
    exit_at = next((i for i, (c, _) in enumerate(said) if c.status == "withdrew"), None)
    if exit_at is None:
        return said
    return said[: exit_at + 1] + [c for c in said[exit_at + 1 :] if c[0].assertion in ("act", "refusal")]


def _chronology(said: list[tuple[Claim, Evidence]]) -> list[tuple[Claim, Evidence]]:
    """The claims in the story's own order of events: background the clause dates in the past ("signed on to
    the ILRS in 2024", "had signed") before the news, by the year it names, then in the order told."""
    return sorted(said, key=lambda c: (c[0].when == 0, c[0].when, c[0].position))


def _told(text: str, sentences: list[Sentence], context: list[bool], reading: lexicon.Reading,
          budget: Budget) -> Iterator[tuple[Claim, Evidence]]:
    """Every claim the story tells in its ILRS context: sentence by sentence, and the lists set out one item a
    line under a sentence that introduces them."""
    for sentence, in_context in zip(sentences, context, strict=True):
        if in_context:
            budget.check()
            evidence = Evidence(sentence.text, sentence.start, sentence.end)
            yield from ((claim, evidence) for claim in claims(sentence.text, sentence.start, reading))
    for block in lists.blocks(sentences, context):
        budget.check()
        yield from lists.item_claims(text, block, reading)


def _partners(said_in_story: Iterable[tuple[Claim, Evidence]]) -> tuple[PartnerFinding, ...]:
    """One finding per partner: its claims, in the story's chronology, resolved by the rule `diff`
    uses too (a rejoin told after a withdrawal stands); the deciding claim (the most confident of those that
    back the status, the first among equals) gives the evidence."""
    told: dict[str, list[tuple[Claim, Evidence]]] = {}
    for claim, evidence in said_in_story:
        told.setdefault(claim.mention.key, []).append((claim, evidence))
    found = []
    for said in told.values():
        resolved = resolve_status(_news(_chronology(said)), lambda c: c[0].status)
        if resolved is None:
            continue
        _, backing = resolved
        claim, evidence = max(backing, key=lambda c: (CONFIDENCE_RANK[c[0].confidence], -c[0].position))
        signatory = claim.mention.signatory or next((c.mention.signatory for c, _ in said if c.mention.signatory),
                                                    None)
        found.append(_finding(claim, evidence, signatory))
    return tuple(found)


def _better_mission(new: MissionFinding, old: MissionFinding) -> bool:
    return (old.year is None and new.year is not None) or (old.site is None and new.site is not None
                                                           and (new.year is not None or old.year is None))


# How many sentences after a mission's name may still give its year ("The reactor is to be installed by 2036").
FOLLOW_UP = 2


def _mission_confidence(text: str, year: int | None) -> Confidence:
    """High where the sentence itself ties a dated mission to the ILRS, low where it is hedged."""
    if _hedged(text):
        return "low"
    return "high" if year is not None and lexicon.names_programme(text) else "medium"


@lru_cache(maxsize=256)  # asked for every mission a sentence names, and again in the next pass over a story
def _hedged(text: str) -> bool:
    vocabulary = lexicon.for_text(text)
    return bool(vocabulary.hedges.search(text) or vocabulary.reported_speech.search(text))


def _missions(text: str, sentences: list[Sentence], context: list[bool],
              reading: lexicon.Reading = lexicon.ANY_LANGUAGE) -> tuple[MissionFinding, ...]:
    told = [(i, m) for i, s in enumerate(sentences) if s.prose
            for m in missions(s.text, context[i], _before(sentences, i), reading)]
    # Where a story names one numbered mission only, any later "the mission" is that one.
    lone = len({m.name for _, m in told if numbered(m.name)}) == 1
    found: dict[str, MissionFinding] = {}
    tied: set[str] = set()  # a numbered mission the text ties to the programme somewhere
    # A paragraph that ties the programme ties the missions it lists ("The ILRS envisions precursor missions in
    # the 2020s. These include Chang'e-7 around 2026 and Chang'e-8").
    tying = {s.paragraph for i, s in enumerate(sentences) if s.prose and context[i] and ties_programme(s.text, reading)}
    for i, m in told:
        sentence = sentences[i]
        # The next sentences of the same stretch (in or out of the ILRS context) may give a mission its year.
        follows = [f for f, c in zip(sentences[i + 1 : i + 1 + FOLLOW_UP], context[i + 1 : i + 1 + FOLLOW_UP],
                                     strict=True) if f.prose and c == context[i]]
        evidence = Evidence(sentence.text, sentence.start, sentence.end)
        year = m.year
        for follow in follows if year is None else ():
            if year := year_in_follow_up(m.name, follow.text, reading):
                evidence = Evidence(text[sentence.start : follow.end], sentence.start, follow.end)
                break
        later = zip(sentences[i + 1 :], context[i + 1 :], strict=True)
        # A sentence that ties missions itself says which of its clauses it ties; one that does not takes its
        # paragraph's tie.
        paragraph_tie = sentence.paragraph in tying and not ties_programme(sentence.text, reading)
        if m.tied or paragraph_tie or any(tied_in_follow_up(m.name, f.text, c, reading)
                                          for f, c in islice(later, None if lone else FOLLOW_UP) if f.prose):
            tied.add(m.name)
        finding = MissionFinding(f"mission:{m.name}", m.name, year, evidence, m.site,
                                 _mission_confidence(sentence.text, year))
        old = found.get(finding.key)
        if old is None or _better_mission(finding, old):
            found[finding.key] = finding
    # The station without a year or a site is not a fact about it; a numbered mission the text never ties to
    # the programme is another lunar mission, though its untied mentions may give a tied one its year.
    kept = [f for f in found.values() if (f.name != STATION or f.year or f.site)
            and (not numbered(f.name) or f.name in tied)]
    return tuple(_nuclear(kept, [sentences[i].text for i, m in told if m.name == POWER_PLANT]))


def _nuclear(found: list[MissionFinding], told_of_the_plant: list[str]) -> list[MissionFinding]:
    """The power plant is the nuclear one where the story calls it nuclear (a reactor) wherever it speaks of it."""
    if not any(lexicon.for_text(text).missions.nuclear.search(text) for text in told_of_the_plant):
        return found
    return [replace(f, name=NUCLEAR_POWER_PLANT) if f.name == POWER_PLANT else f for f in found]  # one plant, one key




def _before(sentences: list[Sentence], i: int) -> str:
    """The sentence before in the same paragraph, if any."""
    return sentences[i - 1].text if i and sentences[i - 1].paragraph == sentences[i].paragraph else ""


def extract(text: str, title: str | None = None, language: str | None = None, *,
            budget: Budget = UNLIMITED) -> Extraction:
    """Relevance, partners and missions of one document; evidence offsets index into `text`. Raises
    `TooComplexError` once the document has spent its `budget`."""
    lang = (language or "").split("-")[0].split("_")[0].lower() or detect_language(text)
    # Chinese in traditional characters is read in simplified ones, offset for offset.
    chinese_text = detect_language(text) == "zh"
    read = chinese.simplified(text) if chinese_text else text
    heading = chinese.simplified(title or "") if chinese_text else title
    if not is_relevant(f"{heading or ''}\n{read}"):
        return Extraction(False, lang)
    # What the text is written in, not what its feed says: it narrows each sentence's cues to that language's.
    with spending(budget):  # checked inside one long sentence too, between the engine's steps
        found = _extract(read, heading, lang, lexicon.Reading(detect_language(text, sure=True)), budget)
    return found if read == text else _quoting(text, found)


def _quoting(text: str, found: Extraction) -> Extraction:
    """Findings read in a text's simplified form, quoting the text as it was written (the same offsets)."""
    def original(evidence: Evidence) -> Evidence:
        return Evidence(text[evidence.start : evidence.end], evidence.start, evidence.end)

    return replace(found, partners=tuple(replace(p, evidence=original(p.evidence)) for p in found.partners),
                   missions=tuple(replace(m, evidence=original(m.evidence)) for m in found.missions))


def _extract(text: str, title: str | None, lang: str, reading: lexicon.Reading, budget: Budget) -> Extraction:
    sentences = join_continuations(text, split(text), lexicon.vocabulary().list_follows)
    titled = bool(title) and _has_context(title or "")
    context = _in_context(sentences, titled)
    partners = _partners(_told(text, sentences, context, reading, budget))
    budget.check()
    found_missions = _missions(text, sentences, _in_context(sentences, titled, MISSION_CONTEXT_PARAGRAPHS), reading)
    if not lexicon.supported(lang):  # read with no cues of its own: what is found waits for an analyst
        partners = tuple(replace(p, confidence="low") for p in partners)
        found_missions = tuple(replace(m, confidence="low") for m in found_missions)
    # A name the register cannot key in Latin letters waits for an analyst too, never titles a live alert.
    partners = tuple(replace(p, confidence="low") if not p.key.isascii() else p for p in partners)
    return Extraction(True, lang, partners, found_missions)
