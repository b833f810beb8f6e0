"""Lists set out one item a line under a sentence that introduces them ("Among the signatories were:", a table of
members with their dates): each item is a partner the introduction speaks of.

Extracted pages keep such lists as short lines that are no prose of their own; the introduction's cue (a signing,
a membership) tells what every item did, unless an item's own line says otherwise ("Bolivia — April 2025 (exit
announced in 2026)"). The structure is the same in every language; the words are the introduction's cues.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.entities import lexicon
from pipeline.entities.names import BLOC, mentions
from pipeline.entities.partners import Claim, claims, cues
from pipeline.entities.sentences import Sentence
from pipeline.records import Evidence

# An introduction ends in a colon; an item is a line of its own, short, maybe behind a bullet. A table kept as text
# ("Country | Signed with | Year") is introduced by its header row, whose cue tells what every row did.
_INTRODUCES = re.compile(r"[:：]\s*$")
_TABLE_ROW = re.compile(r"[^|｜\s][^|｜]*[|｜]\s*[^|｜\s]")
_BULLET = re.compile(r"^\s*(?:[-•*·▪►–—]|\d{1,2}[.)])\s+")
_ITEM_WORDS = 14
_MOST_ITEMS = 80
# What an introduction's cue may tell of the items; a founder in a list is a member only.
_CLASSES = frozenset({"act", "membership", "talks", "invitation", "intent", "interest", "refusal"})


@dataclass(frozen=True)
class ListBlock:
    intro: Sentence
    items: tuple[Sentence, ...]


def blocks(sentences: list[Sentence], context: list[bool]) -> Iterator[ListBlock]:
    """Each introduction in the ILRS context with the item lines right under it."""
    for i, sentence in enumerate(sentences):
        table = bool(_TABLE_ROW.match(sentence.text))
        # A header row is no prose: it stands in the context of the sentence above it.
        in_context = context[i] or table and i > 0 and context[i - 1]
        if not (in_context and (table or sentence.prose and _INTRODUCES.search(sentence.text))):
            continue
        if table and i and _TABLE_ROW.match(sentences[i - 1].text):
            continue  # a row, read under its header
        items: list[Sentence] = []
        for item in sentences[i + 1 : i + 1 + _MOST_ITEMS]:
            if not _follows(item, items[-1] if items else sentence) or not _is_item(item):
                break
            if table and not _TABLE_ROW.match(item.text):
                break
            items.append(item)
        if items:
            yield ListBlock(sentence, tuple(items))


def _follows(item: Sentence, before: Sentence) -> bool:
    """The next line, or a bulleted line after one blank line: pages often set a list apart from its introduction
    or space its bullets out. A short paragraph of prose after a blank line is no item."""
    gap = item.paragraph - before.paragraph
    return gap == 1 or gap == 2 and bool(_BULLET.match(item.text))


def _is_item(sentence: Sentence) -> bool:
    return bool(_BULLET.match(sentence.text)) or len(sentence.text.split()) <= _ITEM_WORDS


def item_claims(text: str, block: ListBlock, reading: lexicon.Reading) -> list[tuple[Claim, Evidence]]:
    """What the list tells of each item: the item's own cue where its line has one, else the introduction's."""
    intro = block.intro
    vocabulary = reading.vocabulary(intro.text)
    if vocabulary.near_miss.search(intro.text) and not lexicon.programme_spans(intro.text):
        return []  # "Several partners also signed the Artemis Accords:"
    told = [c for c in cues(intro.text, vocabulary) if c.assertion in _CLASSES]
    cue = told[-1] if told else None  # the one nearest the colon
    found = []
    for item in block.items:
        evidence = Evidence(text[intro.start : item.end], intro.start, item.end)
        own = claims(item.text, item.start, reading)
        found += [(c, evidence) for c in own]
        if cue is None or cue.status is None or cue.assertion is None:
            continue
        spoken = {c.mention.key for c in own}
        named = mentions(item.text)
        # "Belgrade University | Serbia": beside an institution, a state is where it comes from, not a party.
        homes = any(m.kind != "country" and not m.key.startswith(BLOC) for m in named)
        for mention in named:
            if mention.key in spoken or mention.key.startswith(BLOC) or homes and mention.kind == "country":
                continue
            if mention.key in lexicon.HOSTS and cue.assertion not in ("act", "membership"):
                continue
            spoken.add(mention.key)
            found.append((Claim(mention, cue.assertion, cue.status, "medium", item.start + mention.start), evidence))
    return found
