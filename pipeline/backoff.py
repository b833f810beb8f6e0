"""The one back-off rule: how long a failing feed, page, aggregator link or delivery waits before its next try."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Backoff:
    """Exponential back-off: `base_seconds` after the first failure, doubling with each one after it, never
    more than `max_seconds`."""

    base_seconds: float
    max_seconds: float
    jitter: float = 0.0  # ± this share of the wait, so many failing feeds are not retried in lock-step

    def delay(self, attempts: int, retry_after: float | None = None) -> float:
        """Seconds to wait after the `attempts`-th failure in a row. A server's Retry-After wins over the
        formula, but is capped too: a server can ask for an absurd wait."""
        if retry_after is None:
            retry_after = min(self.max_seconds, self.base_seconds * 2 ** (attempts - 1))
            if self.jitter:
                retry_after *= random.uniform(1 - self.jitter, 1 + self.jitter)
        return min(retry_after, self.max_seconds)
