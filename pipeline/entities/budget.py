"""A time budget for one document's extraction: a page built to be slow is recorded as too complex, never a hang.

The engine calls `check()` between sentences and between the steps of a long one; the clock is injected, so tests
spend the budget without waiting.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from pipeline.errors import TooComplexError


class Budget:
    """`seconds` of extraction from now, by `clock` (monotonic seconds)."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds, self._clock = seconds, clock
        self._deadline = clock() + seconds

    def check(self) -> None:
        if self._clock() > self._deadline:
            raise TooComplexError(f"extraction took longer than its budget of {self.seconds:g} s")


UNLIMITED = Budget(float("inf"))


_SPENDING: ContextVar[Budget] = ContextVar("extraction_budget", default=UNLIMITED)


@contextmanager
def spending(budget: Budget) -> Iterator[None]:
    """The document's budget, for checks deep inside one long sentence (`check`), without passing it down."""
    token = _SPENDING.set(budget)
    try:
        yield
    finally:
        _SPENDING.reset(token)


def check() -> None:
    """Check the budget of the document being read (a no-op outside `spending`)."""
    _SPENDING.get().check()
