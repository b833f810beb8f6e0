"""Past one machine: the re-extraction backfill on Prefect's Dask task runner, against a Dask cluster on
127.0.0.1 (scheduler and worker processes of its own, as on other machines)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from flows.backfill import backfill
from pipeline.records import Extraction
from pipeline.settings import Settings
from pipeline.store import Store
from tests.test_backfill import COUNTRIES, history

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as local:
        yield local.scheduler_address


def test_the_stored_backfill_runs_on_a_dask_cluster(
    cluster: str, monkeypatch: pytest.MonkeyPatch, sqlite_url: str, prefect_harness: None
) -> None:
    for name, value in {
        "ILRS_DATABASE_URL": sqlite_url,
        "ILRS_TASK_RETRIES": "0",
        "ILRS_TASK_RUNNER": "prefect_dask.DaskTaskRunner",
        "ILRS_TASK_RUNNER_ADDRESS": cluster,
        "ILRS_ARTICLES_PER_TASK": "10",  # five batches, spread over the cluster's two workers
        "ILRS_APPRISE_URLS": "json://127.0.0.1:9/unused",
    }.items():
        monkeypatch.setenv(name, value)
    with Store(Settings.from_env().database()) as store:
        store.migrate()
        nothing = Extraction(relevant=False, language="en")
        store.ingest([(d, nothing) for d in history()], policy="live", run_id="old", now=datetime.now(UTC))

    summary = backfill(stored=True)

    assert summary.documents_updated == 50
    assert sorted(c.name for c in summary.changes) == sorted(COUNTRIES)
    with distributed.Client(cluster) as client:  # the batches were extracted in the cluster's worker processes
        extracted_there = client.run(lambda: "pipeline.entities" in sys.modules)
    assert len(extracted_there) == 2 and any(extracted_there.values())
    again = backfill(stored=True)
    assert again.changes == ()  # nothing found twice: no duplicate change
