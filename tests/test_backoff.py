"""The one back-off rule that feeds, pages, aggregator links and deliveries share."""

from __future__ import annotations

from pipeline.backoff import Backoff


def test_the_wait_doubles_with_each_failure_up_to_its_cap() -> None:
    backoff = Backoff(base_seconds=300.0, max_seconds=3600.0)
    assert [backoff.delay(n) for n in range(1, 7)] == [300.0, 600.0, 1200.0, 2400.0, 3600.0, 3600.0]


def test_a_servers_retry_after_wins_but_is_capped_too() -> None:
    backoff = Backoff(base_seconds=300.0, max_seconds=3600.0)
    assert backoff.delay(5, retry_after=30.0) == 30.0
    assert backoff.delay(1, retry_after=86_400.0) == 3600.0


def test_jitter_spreads_waits_within_its_share() -> None:
    backoff = Backoff(base_seconds=100.0, max_seconds=10_000.0, jitter=0.2)
    waits = {backoff.delay(1) for _ in range(200)}
    assert all(80.0 <= wait <= 120.0 for wait in waits) and len(waits) > 1
    assert backoff.delay(1, retry_after=50.0) == 50.0  # a server's own wait is taken as it is
