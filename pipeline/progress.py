"""How far a long piece of work is: done of total, the rate, the time left, and when to say so again.

Pure arithmetic on a clock that is handed in, so a test can move time; the flows show it as a bar on a terminal
and as log lines in the run.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Pace:
    """`advance` counts finished items and returns a line to log when `every` seconds have passed since the last
    one (and at the end), so a run of hours logs at a steady pace, not once per batch."""

    stage: str
    total: int
    every: float = 30.0
    clock: Callable[[], float] = time.monotonic
    done: int = 0
    started: float = field(init=False)
    _said_at: float = field(init=False)

    def __post_init__(self) -> None:
        self.started = self._said_at = self.clock()

    def advance(self, n: int) -> str | None:
        self.done += n
        now = self.clock()
        if now - self._said_at < self.every and self.done < self.total:
            return None
        self._said_at = now
        return self.line()

    def rate(self) -> float:
        """Items per second so far."""
        seconds = self.clock() - self.started
        return self.done / seconds if seconds > 0 else 0.0

    def left(self) -> float | None:
        """Seconds until the end at the rate so far; None before there is a rate."""
        rate = self.rate()
        return max(self.total - self.done, 0) / rate if rate > 0 else None

    def line(self) -> str:
        share = f" ({100 * self.done / self.total:.0f}%)" if self.total else ""
        left = self.left()
        rest = "" if self.done >= self.total else f", {_duration(left)} left" if left is not None else ""
        return f"{self.stage}: {self.done:,} of {self.total:,}{share}, {self.rate():.1f}/s{rest}"


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"about {seconds:.0f} s"
    if seconds < 90 * 60:
        return f"about {seconds / 60:.0f} min"
    return f"about {seconds / 3600:.1f} h"
