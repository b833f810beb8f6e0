"""The spans of a text already taken by names, kept sorted: whether a new one overlaps them in log time.

A sentence may be a list of thousands of names (a page built to be slow, or a long roster): testing each new name
against every earlier one would make reading it quadratic.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable


class Taken:
    """Non-overlapping (start, end) spans."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._starts: list[int] = []
        self._ends: dict[int, int] = {}
        for start, end in spans:
            self.add(start, end)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self._starts, end)  # spans that start before this one ends: only the last may reach in
        return i > 0 and self._ends[self._starts[i - 1]] > start

    def add(self, start: int, end: int) -> None:
        if start not in self._ends:
            insort(self._starts, start)
        self._ends[start] = max(end, self._ends.get(start, end))
