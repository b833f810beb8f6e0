"""Progress on long work: done of total, the rate and the time left, logged at a steady pace of the clock."""

from __future__ import annotations

import logging

import pytest
from prefect import flow

from flows.common import Progress
from pipeline.progress import Pace


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_line_comes_every_interval_of_the_clock_and_at_the_end_not_per_batch() -> None:
    clock = Clock()
    pace = Pace("re-extracting", 1000, every=30, clock=clock)
    lines = []
    for _ in range(10):  # ten batches of 100, one every 10 s
        clock.now += 10
        lines.append(pace.advance(100))
    said = [(i, line) for i, line in enumerate(lines) if line]
    assert [i for i, _ in said] == [2, 5, 8, 9]  # at 30, 60 and 90 s, then at the end
    assert said[0][1] == "re-extracting: 300 of 1,000 (30%), 10.0/s, about 70 s left"
    assert said[-1][1] == "re-extracting: 1,000 of 1,000 (100%), 10.0/s"


def test_time_left_follows_the_rate_so_far() -> None:
    clock = Clock()
    pace = Pace("fetching pages", 100_000, clock=clock)
    assert pace.left() is None and pace.line() == "fetching pages: 0 of 100,000 (0%), 0.0/s"  # no rate yet
    clock.now += 600
    pace.advance(20_000)
    assert pace.rate() == pytest.approx(33.33, abs=0.01)
    assert pace.left() == pytest.approx(2400)
    assert pace.line().endswith("about 40 min left")


def test_a_flow_logs_progress_at_a_steady_pace(prefect_harness: None, caplog: pytest.LogCaptureFixture) -> None:
    clock = Clock()

    @flow
    def long_work() -> None:
        with Progress("re-extracting stored documents", 50, every=60, clock=clock) as progress:
            for _ in range(50):
                clock.now += 5  # one document every 5 s: a line every 12 documents
                progress.advance(1)

    caplog.set_level(logging.INFO)
    long_work()
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("re-extracting")]
    assert [line.split(" (")[0] for line in lines] == [
        "re-extracting stored documents: 12 of 50",
        "re-extracting stored documents: 24 of 50",
        "re-extracting stored documents: 36 of 50",
        "re-extracting stored documents: 48 of 50",
        "re-extracting stored documents: 50 of 50",
    ]
    assert lines[0].endswith("0.2/s, about 3 min left")
