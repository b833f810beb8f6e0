"""What one sentence asserts about each partner it names: a class, the status it supports, and a confidence.

The engine is shared by every language; the words are data (`lang/*.yaml`, compiled by `lexicon`). A sentence
is read in four steps: find its cues (where two overlap, the higher priority wins), let negations cancel or
flip them and non-finite forms ("in order to join") turn acts into plans, give each partner the nearest cue of
its own clause (preferring the main clause to a relative one), and grade the claim.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from pipeline.entities import budget, countries, lexicon
from pipeline.entities.names import BLOC, Mention, mentions
from pipeline.entities.spans import Taken
from pipeline.records import Assertion, Confidence, Status

# A negated plan or interest is a refusal ("will not join", "not interested"); any other negated cue says
# nothing ("has not joined", "was not invited").
_NEGATED: dict[str, tuple[Assertion, Status] | None] = {
    "interest": ("refusal", "withdrew"),
    "intent": ("refusal", "withdrew"),
}
_LOWER: dict[Confidence, Confidence] = {"high": "medium", "medium": "low", "low": "low"}
# The founders lead the programme: the only thing a sentence can tell of them is that they are in it. Talks,
# invitations and plans they host are their partners' news; a founder's exit would never rest on one clause.
_FOUNDERS_CLASSES = ("act", "membership")
# A dateline opens a story with its place: "LEYLAND, United Kingdom —", "MOSCOW, June 18 -". A state named
# there is where the story was filed, not a partner.
_DATELINE = re.compile(r"^[A-ZА-ЯЁ][A-ZА-ЯЁ .'’-]{2,},\s+[^,.—–]{0,40}?\s*(?:[—–]|-{1,2}\s|\(\w+\)\s*[—–-])")


@dataclass(frozen=True)
class Cue:
    start: int
    end: int
    assertion: Assertion | None  # None: a negation that says nothing
    status: Status | None
    priority: int
    language: str = ""
    negated: bool = False  # a refusal read from a negated plan or interest ("not interested")
    object_after: bool = False  # speaks of partners after it only ("Azerbaijan invited Georgia")
    modal: bool = True  # the clause's mood (a condition, a non-finite form) applies to it


@dataclass(frozen=True)
class Claim:
    """One partner in one sentence and what the sentence asserts of it; `position` orders claims in a text."""

    mention: Mention
    assertion: Assertion
    status: Status
    confidence: Confidence
    position: int = 0
    # When the clause sets the act in the story's past: 0 for the news, else the year it names (1 when it names
    # none: "had signed", "a member since"). Background is told before the news in the story's own chronology.
    when: int = 0


def cues(text: str, vocabulary: lexicon.Vocabulary | None = None, bounds: list[int] | None = None) -> list[Cue]:
    """The cues of `text` (read with `vocabulary`, by default every language of its script), negations applied;
    where two overlap, the one of higher priority wins. `bounds`: where its clauses begin, if known."""
    vocabulary = vocabulary or lexicon.for_text(text)
    bounds = _bounds(text, vocabulary) if bounds is None else bounds
    found = [Cue(m.start(), m.end(), None, None, 100) for m in vocabulary.negation_phrases.finditer(text)]
    taken = Taken((c.start, c.end) for c in found)
    # "APSCO, a body with members including Iran and Peru, ...": silent about the members after it, not about APSCO
    for m in vocabulary.members_of_another.finditer(text):
        if not taken.overlaps(m.start(), m.end()):
            found.append(Cue(m.start(), m.end(), None, None, 100, object_after=True))
            taken.add(m.start(), m.end())
    for tier in vocabulary.tiers:
        for m in tier.pattern.finditer(text):
            if not taken.overlaps(m.start(), m.end()):
                rule = tier.rules[m.lastgroup or ""]
                found.append(Cue(m.start(), m.end(), rule.assertion, rule.status, rule.priority, rule.language,
                                 object_after=rule.object_after, modal=rule.modal))
                taken.add(m.start(), m.end())
    return [_modal(text, cue, vocabulary, _clause_start(cue.start, bounds)) for cue in found]


def _modal(text: str, cue: Cue, vocabulary: lexicon.Vocabulary, clause: int) -> Cue:
    """A cue as its context reads it: negated ("has not joined"), an act in a non-finite form ("in order to
    join") or an act or membership pending ("if it is signed", "may become the twelfth", "would be a member"),
    each read in the cue's own clause, which begins at `clause`."""
    if cue.assertion is None:
        return cue
    before = text[clause : cue.start]
    # Any language of the sentence's script may negate: a cue shared by two languages ("Partner") is found as
    # one of them, while the sentence is written in the other ("nicht zum Partner").
    if any(negation.search(before) for negation in vocabulary.negation_before.values()):
        flipped = _NEGATED.get(cue.assertion)
        return Cue(cue.start, cue.end, *(flipped or (None, None)), cue.priority, cue.language, negated=True)
    if cue.assertion not in ("act", "membership", "talks") or not cue.modal:
        return cue
    nonfinite = vocabulary.nonfinite.get(cue.language)
    if nonfinite is not None and nonfinite.search(before):  # "intends to join", "intends to seek membership"
        return Cue(cue.start, cue.end, "intent", "interested", cue.priority, cue.language)
    if cue.assertion == "talks":
        return cue
    irrealis = vocabulary.irrealis.get(cue.language)
    if irrealis is not None and irrealis.search(before):
        return Cue(cue.start, cue.end, "intent", "negotiating", cue.priority, cue.language)
    return cue


def _gap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(b_start - a_end, a_start - b_end, 0)


def _clause_of(position: int, bounds: list[int]) -> int:
    return bisect_right(bounds, position)


# The farthest back a clause is read from a word: a bound on the work, not on the meaning. A clause runs from its
# markers (`clause.boundaries`, asides); one longer than this is a list, whose words before a cue are all names.
_CLAUSE_REACH = 240


def _clause_start(position: int, bounds: list[int]) -> int:
    """Where the clause that holds `position` begins."""
    i = bisect_right(bounds, position)
    return max(bounds[i - 1] if i else 0, position - _CLAUSE_REACH)


def _with_fronted_phrase(position: int, s: _Sentence) -> int:
    """Where a clause begins with a phrase fronted before it, which tells no act of its own ("早在2022年，加纳签署",
    "In 2022, Ghana signed"): the phrase sets the clause's time."""
    start = _clause_start(position, s.bounds)
    before = _clause_start(max(0, start - 1), s.bounds)
    if before < start and not any(before <= c.start < start for c in s.cues):
        return before
    return start


def _clause_end(position: int, bounds: list[int]) -> int:

    """Where the clause that holds `position` ends (the next one's beginning)."""
    i = bisect_right(bounds, position)
    return min(bounds[i] if i < len(bounds) else position + _CLAUSE_REACH, position + _CLAUSE_REACH)


def _in_relative(relatives: list[tuple[int, int]], cue: Cue) -> bool:
    return any(a <= cue.start and cue.end <= b for a, b in relatives)


@dataclass(frozen=True)
class _Sentence:
    """What the engine needs of a sentence, computed once."""

    text: str
    vocabulary: lexicon.Vocabulary  # of the sentence's scripts, in the document's language
    cues: list[Cue]
    bounds: list[int]
    relatives: list[tuple[int, int]]
    misses: list[tuple[int, int]]  # other programmes, payloads, forums
    aliases: list[tuple[int, int]]  # the ILRS by name
    dateline_end: int
    lists: dict[int, tuple[int, int]]  # a mention's start -> the span of the list it stands in


def _lists(text: str, named: list[Mention], separator: re.Pattern[str]) -> dict[int, tuple[int, int]]:
    spans: dict[int, tuple[int, int]] = {}
    group: list[Mention] = []
    for mention in [*named, None]:
        if mention is not None and group and separator.fullmatch(text[group[-1].end : mention.start]):
            group.append(mention)
            continue
        for member in group:
            spans[member.start] = (group[0].start, group[-1].end)
        group = [mention] if mention is not None else []
    return spans


def _bounds(text: str, vocabulary: lexicon.Vocabulary) -> list[int]:
    """Where clauses begin: at each boundary word, and around an aside, which is a clause of its own."""
    bounds = [m.start() for m in vocabulary.clause_bounds.finditer(text)]
    bounds += [at for m in vocabulary.asides.finditer(text) for at in m.span()]
    return sorted(bounds)


def _read(text: str, named: list[Mention], vocabulary: lexicon.Vocabulary) -> _Sentence:
    dateline = _DATELINE.match(text)
    bounds = _bounds(text, vocabulary)
    return _Sentence(
        text,
        vocabulary,
        cues(text, vocabulary, bounds),
        bounds,

        [(m.start(), m.end()) for m in vocabulary.relative.finditer(text)],
        [(m.start(), m.end()) for m in vocabulary.near_miss.finditer(text)],
        lexicon.programme_spans(text),
        dateline.end() if dateline else -1,
        _lists(text, named, vocabulary.list_separator),
    )


_OBJECT_GAP = 12  # characters between a cue and the programme it governs: "non aderirà alla", "will not join the"


def _near_miss_wins(mention: Mention, cue: Cue, s: _Sentence) -> bool:
    """Another programme (or a payload list, a forum) in the partner's clause wins unless the ILRS is the cue's
    object or is named nearer to the partner; a list of partners ("Egypt, Bahrain and Thailand") is measured as
    one. A relative clause is its own region: the cue is read with the programme named where it stands ("Ghana,
    which joined the ILRS in 2024, signed the Artemis Accords"; "Unlike Ghana, which joined the ILRS, Togo signed
    the Artemis Accords")."""
    clause = _clause_of(mention.start, s.bounds)
    if not any(_clause_of(span[0], s.bounds) == clause for span in s.misses):
        return False
    region = next((r for r in s.relatives if r[0] <= cue.start < r[1]), None)
    inside = lambda span: _clause_of(span[0], s.bounds) == clause and (  # noqa: E731
        region[0] <= span[0] < region[1] if region else not any(a <= span[0] < b for a, b in s.relatives))
    aliases = [span for span in s.aliases if inside(span)]
    if not aliases:
        # In a story about the ILRS, another programme named after the cue in a phrase of its own ("would not
        # take part, citing its Artemis commitments") is the reason given, not the cue's object.
        return any(inside(span) and not (span[0] >= cue.end and "," in s.text[cue.end : span[0]])
                   for span in s.misses)
    misses = [span for span in s.misses if inside(span)]
    if not misses:
        return False
    # A cue whose object is the ILRS itself speaks of it ("X is among the Artemis signatories and will not join the
    # ILRS"); else the programme nearer the partner decides.
    if any(0 <= a - cue.end <= _OBJECT_GAP for a, _ in aliases):
        return False
    start, end = s.lists.get(mention.start, (mention.start, mention.end))
    distance = lambda spans: min(_gap(start, end, a, b) for a, b in spans)  # noqa: E731
    return distance(misses) < distance(aliases)


def _founder_as_other_party(mention: Mention, s: _Sentence, before: Mention | None, after: Mention | None) -> bool:
    """A founder named as the other party of a newcomer's act ("signed with the CNSA", "Egypt and China signed")
    tells the newcomer's news, not the founder's."""
    joined = s.vocabulary.coordination.search
    if before is not None and before.key not in lexicon.HOSTS and joined(s.text[before.end : mention.start]):
        return True
    if after is not None and after.key not in lexicon.HOSTS and joined(s.text[mention.end : after.start]):
        return True
    # "Russia signed with China's space agency": the other party is the other founder, and that is the founding
    other_founder = any(m.key in lexicon.HOSTS and m.key != mention.key for m in (before, after) if m is not None)
    return not other_founder and _counterparty(mention, s)


# How far before a name the word that makes it the other party may stand ("signed with the", "与").
_COUNTERPARTY_REACH = 60


def _counterparty(mention: Mention, s: _Sentence) -> bool:
    """Named as the other party: after "with" ("signed with the CNSA"), or before a postposition that says it
    (Hindi "चीन के साथ", Urdu "چین کے ساتھ")."""
    before = s.text[max(0, mention.start - _COUNTERPARTY_REACH) : mention.start]
    return bool(s.vocabulary.counterparty.search(before) or s.vocabulary.counterparty_after.match(s.text, mention.end))


def _own_relative(mention: Mention, s: _Sentence) -> tuple[int, int] | None:
    """The relative clause right after a mention, when another partner follows it and takes the main verb: then
    the relative clause is all the sentence says of this one."""
    for start, end in s.relatives:
        if 0 <= start - mention.end <= 1 and any(end + gap in s.lists for gap in range(5)):

            return start, end
    return None


def _relative_after_object(mention: Mention, near: list[Cue], s: _Sentence) -> tuple[int, int] | None:
    """The relative clause right after a partner (or its list) that is the object of another's pending act: "Namibia
    would join partners Egypt and Senegal, which signed in 2024" says what Egypt and Senegal did in the relative
    clause, not in "would join"."""
    end = s.lists.get(mention.start, (mention.start, mention.end))[1]
    relative = next((r for r in s.relatives if 0 <= r[0] - end <= 1), None)
    if relative is None or not any(relative[0] <= c.start < relative[1] for c in near):
        return None
    before = [c for c in near if c.end <= mention.start and not _in_relative(s.relatives, c)]
    return relative if before and all(c.assertion == "intent" for c in before) else None


def _may_speak_of(mention: Mention, cue: Cue, s: _Sentence) -> bool:
    """A cue in a relative clause speaks of the noun it follows or of a partner inside it, never of another
    ("Unlike Ghana, which joined the ILRS, Togo ...": "joined" is not Togo's)."""
    region = next((r for r in s.relatives if r[0] <= cue.start < r[1]), None)
    if region is None:
        return True
    end = s.lists.get(mention.start, (mention.start, mention.end))[1]
    return region[0] <= mention.start < region[1] or 0 <= region[0] - end <= 1


def _owned(mention: Mention, cue: Cue, s: _Sentence) -> bool:
    """The membership word is the organisation's own ("ESA member states"): it says nothing of its ILRS status."""
    return (mention.kind == "organisation" and cue.assertion == "membership" and cue.start >= mention.end
            and bool(s.vocabulary.member_before.fullmatch(s.text, mention.end, cue.end)))


def _refused_before_aside(cue: Cue, mention: Mention, text: str) -> bool:
    """A refusal tells of its subject, before it: a party named after it past a comma is in a phrase of its own
    ("decided not to take part, preferring to focus on the African Space Agency's programmes")."""
    return cue.assertion == "refusal" and cue.end <= mention.start and "," in text[cue.end : mention.start]


def _cue_for(mention: Mention, s: _Sentence, elsewhere: frozenset[Cue] = frozenset()) -> Cue | None:
    """The cue that speaks of this mention: the nearest in its clause, preferring the main verb to a relative
    clause ("Bolivia, which signed in 2025, pulled out"); none where another programme is nearer. A membership of
    another body ("Egypt, a member of BRICS, is in talks") leaves the clause's other cues to speak."""
    clause = _clause_of(mention.start, s.bounds)
    # An active invitation speaks of who is invited, after it, not of who invites.
    near = [c for c in s.cues if _clause_of(c.start, s.bounds) == clause and c not in elsewhere
            and not (c.object_after and c.start > mention.start) and not _owned(mention, c, s)
            and not _refused_before_aside(c, mention, s.text)]
    if mention.key in lexicon.HOSTS:  # a founder is a member whatever else the sentence tells of it
        near = [c for c in near if c.assertion in _FOUNDERS_CLASSES]
    near = [c for c in near if not _near_miss_wins(mention, c, s) and _may_speak_of(mention, c, s)]
    # A partner named inside a relative clause is spoken of there only ("talks, which took place before the attack
    # on Ukraine, stalled"): the main clause's cue is another party's.
    inside = next((r for r in s.relatives if r[0] <= mention.start < r[1]), None)
    if inside is not None:
        near = [c for c in near if inside[0] <= c.start < inside[1]]
    if not near:
        return None
    own = _own_relative(mention, s) or _relative_after_object(mention, near, s)
    if own is not None:  # "Unlike Egypt, which has joined, Algeria is weighing the offer"
        near = [c for c in near if own[0] <= c.start and c.end <= own[1]] or near
    main = [c for c in near if not _in_relative(s.relatives, c)] or near
    # Of two cues as near, the one listed as stronger reading wins.
    return min(main, key=lambda c: (_gap(mention.start, mention.end, c.start, c.end), -c.priority))


def _in_another_bodys_list(mention: Mention, s: _Sentence) -> bool:
    """A name in a list that another body's members or partners open ("APSCO, with members including agencies
    from Bangladesh, Peru and Turkey, ...", "our partners, including ESA"): the whole list says nothing of the ILRS,
    whatever cue follows its last name."""
    start = s.lists.get(mention.start, (mention.start, mention.end))[0]
    return any(c.assertion is None and c.object_after and 0 <= start - c.end <= _LIST_OPENING
               and s.vocabulary.list_separator.fullmatch(s.text[c.end : start]) for c in s.cues)


# What may stand between the words that open another body's list and its first name: a comma, an article.
_LIST_OPENING = 8



def _newcomer_before(
before: list[Mention], mention: Mention, s: _Sentence) -> bool:
    """An institution after "with" is the other party of a newcomer named before it in its clause ("Ghana signed
    with Peking University"); after a founder's body ("the Deep Space Exploration Laboratory signed with
    Spacetalk", "深空探测实验室与…签署") or in a passive ("с … университетом подписан") it is the newcomer."""
    clause = _clause_of(mention.start, s.bounds)
    for m in reversed(before):  # back to the clause's start only: a long list is read once, not once a name
        if _clause_of(m.start, s.bounds) != clause:
            return False
        # "signed with A and with B": A is a counterparty too, not the newcomer
        if m.key not in lexicon.HOSTS and not m.key.startswith(BLOC) and not _counterparty(m, s):
            return True
    return False


def _home_of_institution(text: str, named: list[Mention], i: int, s: _Sentence, homes: dict[int, bool]) -> bool:
    """A state is where an institution (or its people) come from: beside an institution's name, or in a list
    after "institutions from", "experts from", "来自". `homes` remembers what each list's opening said."""
    mention = named[i]
    if mention.kind != "country":
        return False
    start = s.lists.get(mention.start, (mention.start, 0))[0]
    vocabulary = s.vocabulary
    if start not in homes:
        homes[start] = bool(vocabulary.home_list.search(text[_clause_start(start, s.bounds) : start]))

    if homes[start]:
        return True
    if vocabulary.home_noun.match(text[mention.end : mention.end + 40]):
        return True
    before = named[i - 1] if i else None
    after = named[i + 1] if i + 1 < len(named) else None
    beside = vocabulary.home_beside
    if before is not None and before.kind == "institution" and beside.fullmatch(text[before.end : mention.start]):
        return True
    return after is not None and after.kind == "institution" and bool(beside.fullmatch(text[mention.end : after.start]))


def _membership_elsewhere(text: str, named: list[Mention], s: _Sentence) -> set[Cue]:
    """Membership cues that speak of another organisation ("member states of the ESA, including France", where
    the organisation comes first: "欧洲航天局成员国", "ESA-Mitgliedstaaten"): what they say of the parties named
    with them is not about the ILRS, nor of that organisation's own status."""
    vocabulary = s.vocabulary
    member_of, member_before = vocabulary.member_of, vocabulary.member_before
    of_other = {c for c in s.cues if c.assertion == "membership"
                and any(m.kind == "organisation" and (
                    (m.start >= c.end and member_of.fullmatch(text, c.end, m.start))
                    or (m.end <= c.start and member_before.fullmatch(text, m.end, c.end))) for m in named)}
    # "the BRICS group, which Brazil is part of", "BRICS – grupo este que o Brasil faz parte": a membership told
    # just after a bloc, with no programme named between, is of the bloc.
    of_other |= {c for c in s.cues if _bloc_before(c, named, s) is not None}
    # "joined ASEAN in 2025", "加入东盟": the act's own object is another body, whatever the paragraph is about.
    # "accession to the European Union" is pending or talked about, but of that body too. A list introduced as
    # "including BRICS partners (Egypt, ...)" still names the act's parties: never membership cues.
    return of_other | {c for c in s.cues
                       if c.assertion in ("act", "intent", "talks") and vocabulary.other_body.match(text, c.end)}


# How far after a bloc's name a membership may still be of the bloc ("BRICS, a group which Brazil is part of").
_AFTER_A_BLOC = 60


def _bloc_before(cue: Cue, named: list[Mention], s: _Sentence) -> Mention | None:
    """The bloc a membership cue speaks of when it follows the bloc's name closely in its clause, with no
    programme named between ("BRICS – grupo este que o Brasil faz parte")."""
    if cue.assertion != "membership" or cue.object_after:  # "the third ASEAN state after Thailand" lists its own
        return None
    return next((b for b in named if b.key.startswith(BLOC) and 0 <= cue.start - b.end <= _AFTER_A_BLOC
                 and _clause_of(b.start, s.bounds) == _clause_of(cue.start, s.bounds)
                 and not any(b.end <= a < cue.end for a, _ in s.aliases)), None)


def _told_of_a_bloc(mention: Mention, named: list[Mention], s: _Sentence) -> bool:
    """A party named between a bloc and the membership that is the bloc's is spoken of there only."""
    return any(b.end <= mention.start and mention.end <= c.start
               for c in s.cues if (b := _bloc_before(c, named, s)) is not None)


def _member_elsewhere(
mention: Mention, cue: Cue, elsewhere: set[Cue], s: _Sentence) -> bool:
    """The partner's membership cue, or one before it in its clause, is of another organisation."""
    if cue in elsewhere:
        return True
    if cue.assertion != "membership":
        return False
    clause = _clause_of(mention.start, s.bounds)
    return cue in elsewhere or any(f.start < mention.start and _clause_of(f.start, s.bounds) == clause
                                   for f in elsewhere)


@dataclass(frozen=True)
class _Sureness:
    """What makes one sentence's claims surer or less sure, read once per sentence."""

    dated: bool  # a date or rank makes a completed act explicit
    lowered: int  # a hedge ("reportedly") and third-hand attribution ("according to media reports") each lower it

    @classmethod
    def of(cls, text: str, vocabulary: lexicon.Vocabulary) -> _Sureness:
        markers = (vocabulary.hedges, vocabulary.reported_speech)
        return cls(bool(vocabulary.dates.search(text)), sum(bool(m.search(text)) for m in markers))


def confidence(assertion: Assertion, mention: Mention, sureness: _Sureness, negated: bool = False) -> Confidence:
    """How sure the sentence is: an explicit completed act with its signatory, date or rank named is high, a
    decline high; lists, talks, invitations and interest medium; plans and future acts low. Each hedge
    ("reportedly") and third-hand attribution ("according to media reports") lowers it a step."""
    level: Confidence
    if assertion == "act":
        level = "high" if mention.signatory or sureness.dated else "medium"
    elif assertion == "refusal":
        level = "medium" if negated else "high"
    elif assertion == "intent":
        level = "low"
    else:
        level = "medium"
    for _ in range(sureness.lowered):
        level = _LOWER[level]
    return level


_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")  # any script's digits (۲۰۲۴): int() reads them; 1800-2099 only


def _when(cue: Cue, s: _Sentence) -> int:
    """0 when what the clause asserts is the news; when a marker in its clause sets it in the past ("had received
    the invitation in 2025", "signed on in 2024"), the year it names, else 1. An intent looks forward: never past."""
    if cue.assertion in (None, "intent"):
        return 0
    vocabulary, text = s.vocabulary, s.text
    found = (vocabulary.background_before.search(text[_with_fronted_phrase(cue.start, s) : cue.start])
             or vocabulary.background_after.match(text[cue.end : _clause_end(cue.end, s.bounds)]))
    if found is None:
        return 0
    years = [y for y in map(int, _YEAR.findall(found.group())) if 1800 <= y <= 2099]
    return years[0] if years else 1




def _source_of_quote(mention: Mention, cue: Cue, s: _Sentence) -> bool:
    """The institution is where the speaker works ("Ivanov, the director of the Space Research Institute, confirmed
    Turkey's application"): the talks or plans it would take are another party's. An act stays its own ("the
    rector of Kazan University signed")."""
    if cue.assertion in ("act", "membership", "refusal"):
        return False
    return bool(s.vocabulary.affiliation.search(s.text[_clause_start(mention.start, s.bounds) : mention.start]))


def _a_body_beside_the_party(named: list[Mention], i: int, cue: Cue, s: _Sentence) -> bool:
    """An institution or organisation that is only a newcomer's counterparty ("with Peking University") or the
    place a source works at ("the director of the Space Research Institute said")."""
    mention = named[i]
    if mention.kind not in ("institution", "organisation"):
        return False
    return (_counterparty(mention, s) and _newcomer_before(named[:i], mention, s)) or _source_of_quote(mention, cue, s)


def claims(text: str, position: int = 0, reading: lexicon.Reading = lexicon.ANY_LANGUAGE) -> list[Claim]:
    """Each partner in one ILRS sentence with what the sentence asserts of it; a partner named twice takes
    its mention nearest to a cue. `position` (the sentence's offset) orders claims across a document; `reading`
    is the document's language."""
    named = mentions(text, language=reading.language)
    vocabulary = reading.vocabulary(text)

    if not named:
        return _founders_role(text, position, vocabulary, set())

    budget.check()  # a sentence that lists names for megabytes is read in linear steps, each checked
    s = _read(text, named, vocabulary)
    budget.check()
    named = [m for m in named if m.end > s.dateline_end]
    homes: dict[int, bool] = {}
    named = [m for i, m in enumerate(named) if not _home_of_institution(text, named, i, s, homes)]
    budget.check()
    named = [m for m in named if not _in_another_bodys_list(m, s) and not _told_of_a_bloc(m, named, s)]

    best: dict[str, tuple[int, Mention, Cue]] = {}
    elsewhere = _membership_elsewhere(text, named, s)
    budget.check()
    for i, mention in enumerate(named):
        if i % 256 == 255:
            budget.check()
        if mention.key.startswith(BLOC):
            continue
        cue = _cue_for(mention, s, frozenset(c for c in elsewhere if c.assertion == "membership"))
        if cue is None or cue.assertion is None or _member_elsewhere(mention, cue, elsewhere, s):
            continue
        before, after = (named[i - 1] if i else None), (named[i + 1] if i + 1 < len(named) else None)
        if mention.key in lexicon.HOSTS and (vocabulary.host_adjectives.fullmatch(text, mention.start, mention.end)
                                             or _founder_as_other_party(mention, s, before, after)):
            continue  # "the Chinese laboratory signed": its bodies or people (their role: `founders_role`)
        if _a_body_beside_the_party(named, i, cue, s):
            continue
        gap = _gap(mention.start, mention.end, cue.start, cue.end)
        if mention.key not in best or gap < best[mention.key][0]:
            best[mention.key] = (gap, mention, cue)
    out = []
    sureness = _Sureness.of(text, vocabulary) if best else None
    for _, mention, cue in best.values():
        assert cue.assertion is not None and cue.status is not None and sureness is not None
        level = confidence(cue.assertion, mention, sureness, cue.negated)
        out.append(Claim(mention, cue.assertion, cue.status, level, position + mention.start,
                         _when(cue, s)))
    return out + _founders_role(text, position, vocabulary, {c.mention.key for c in out})


def _founders_role(text: str, position: int, vocabulary: lexicon.Vocabulary, told: set[str]) -> list[Claim]:
    """The founders as the programme's leaders ("the China-led ILRS", "initiated by China and Russia", "a
    Russian-Chinese project"): members, a fact of the programme and never news (`founders_role` in the data)."""
    out = []
    for match in vocabulary.founders_role.finditer(text):
        for key, forms in vocabulary.founder_forms.items():
            if key in told or not forms.search(match.group()):
                continue
            code = key.split(":")[1]
            mention = Mention(match.start(), match.end(), key, countries.display_name(code), "country", code)
            out.append(Claim(mention, "membership", "joined", "medium", position + match.start()))
            told.add(key)
    return out
