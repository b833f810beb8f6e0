"""Past one machine: monitor and backfill processes racing on one PostgreSQL database record each change once."""

from __future__ import annotations

import sys

import pytest

from tests.conftest import ROOT, _pg_available

pytestmark = pytest.mark.postgres


def test_monitors_and_a_backfill_in_parallel_on_postgresql_record_no_change_twice() -> None:
    if reason := _pg_available():
        pytest.skip(reason)
    sys.path.insert(0, str(ROOT / "bench"))
    from processes import measure

    figures = measure(processes=3, feeds=12, articles=36, latency_ms=0)

    runs = figures["runs"]
    assert isinstance(runs, list) and len(runs) == 3
    assert runs[1]["documents"] >= 36  # the backfill re-read the whole archive, at least
    assert figures["changes"] > 0 and figures["duplicates"] == 0
