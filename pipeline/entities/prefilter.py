"""Regexes of many alternatives, compiled to skip at once the places where none of them can begin.

Python's `re` tries every alternative of an alternation at every position of the text. Case-insensitive, with `\\b`
or a look-behind in front, it cannot tell beforehand which characters a match may begin with, so a section of
the language files (dozens of phrases in one alternation) costs dozens of failed tries per character of every
sentence. `compile` reads the pattern's syntax once, collects the characters any match must begin with, and puts
them in front as a look-ahead (`(?=[...])`): one test per position, the same matches, the same groups.
Where it cannot be sure of that set (a pattern that may match nothing, or begins with `.` or `[^...]`), it
compiles the pattern as it is.
"""

from __future__ import annotations

import re
import warnings
from typing import Any

with warnings.catch_warnings():  # the parser `re` itself uses, under its old public name (typed in typeshed)
    warnings.simplefilter("ignore", DeprecationWarning)
    import sre_constants as c
    import sre_parse

_CATEGORIES = {c.CATEGORY_DIGIT: r"\d", c.CATEGORY_NOT_DIGIT: r"\D", c.CATEGORY_SPACE: r"\s",
               c.CATEGORY_NOT_SPACE: r"\S", c.CATEGORY_WORD: r"\w", c.CATEGORY_NOT_WORD: r"\W"}
_REPEATS = (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT)


class _Unknown(Exception):
    """The pattern may begin with something other than a set of characters: no look-ahead."""


def compile(source: str, flags: int = 0) -> re.Pattern[str]:  # noqa: A001 (re.compile's name, on purpose)
    """`re.compile(source, flags)`, with a look-ahead on the characters any of its matches begins with."""
    try:
        firsts, empty = _firsts(list(sre_parse.parse(source, flags).data), flags)
    except (_Unknown, RecursionError):
        return re.compile(source, flags)
    if empty or not firsts or not _worth(firsts, flags):
        return re.compile(source, flags)
    return re.compile(f"(?=[{''.join(dict.fromkeys(firsts))}])(?:{source})", flags)


def _worth(firsts: list[str], flags: int) -> bool:
    """Only where `re` has no such test of its own: it has one for a pattern that begins with uncased characters
    (Chinese, Arabic) or is case-sensitive, and a look-ahead in front would take it away."""
    return bool(flags & re.IGNORECASE) and any(f.startswith("\\") and f[1:2].isalpha() or f.lower() != f.upper()
                                               for f in firsts)


def _char(code: int) -> str:
    return re.escape(chr(code))


def _firsts(items: list[tuple[Any, Any]], flags: int) -> tuple[list[str], bool]:
    """The characters (as items of a character class) a match of the sequence `items` may begin with, and whether
    it may match nothing at all. Zero-width items (`\\b`, `^`, look-arounds) are passed over: the set stays one
    that every match begins with, if larger than needed."""
    out: list[str] = []
    for op, av in items:
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue
        if op is c.LITERAL:
            return out + [_char(av)], False
        if op is c.IN:
            return out + [_member(item, value) for item, value in av], False
        if op is c.BRANCH:
            found, empty = [], False
            for alternative in av[1]:
                some, may_be_empty = _firsts(list(alternative.data), flags)
                found += some
                empty = empty or may_be_empty
            first_empty = empty
        elif op is c.SUBPATTERN:
            _, added, _, sub = av
            if added & re.IGNORECASE and not flags & re.IGNORECASE:
                raise _Unknown  # a case-insensitive part of a case-sensitive pattern: its set would miss cases
            found, first_empty = _firsts(list(sub.data), flags)
        elif op in _REPEATS:
            least, _, sub = av
            found, empty = _firsts(list(sub.data), flags)
            first_empty = empty or least == 0
        elif op is c.ATOMIC_GROUP:
            found, first_empty = _firsts(list(av.data), flags)
        else:
            raise _Unknown
        out += found
        if not first_empty:
            return out, False
    return out, True


def _member(item: Any, value: Any) -> str:
    if item is c.LITERAL:
        return _char(value)
    if item is c.RANGE:
        return f"{_char(value[0])}-{_char(value[1])}"
    if item is c.CATEGORY and value in _CATEGORIES:
        return _CATEGORIES[value]
    raise _Unknown  # a negated set ([^...]) and the like
