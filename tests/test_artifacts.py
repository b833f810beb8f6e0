"""The run's artifacts in Prefect: changes first, the register by status, and one register version per change."""

from __future__ import annotations

from pathlib import Path

from prefect import flow
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

from flows.common import REGISTER_ARTIFACT_KEY, publish
from pipeline.records import RunSummary
from pipeline.store import Store
from tests.test_report_page import build_register


@flow
def _publishing(summary: RunSummary, database_url: str) -> None:
    with Store(database_url) as store:
        publish(summary, store)


def _artifacts(key: str) -> list:
    with get_client(sync_client=True) as client:
        return client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])))


def test_the_register_table_gets_a_new_version_only_when_the_register_changed(
    tmp_path: Path, prefect_harness: None
) -> None:
    url = f"sqlite:///{tmp_path / 'ilrs.sqlite3'}"
    store = Store(url)
    store.migrate()
    before = len(_artifacts(REGISTER_ARTIFACT_KEY))
    _publishing(RunSummary(run_id="empty", kind="artifact-test"), url)
    build_register(store)
    egypt = tuple(c for c in store.changes() if c.name == "Egypt")
    store.close()
    _publishing(RunSummary(run_id="a", kind="artifact-test", changes=egypt), url)
    _publishing(RunSummary(run_id="b", kind="artifact-test"), url)  # nothing changed: no new snapshot
    tables = _artifacts(REGISTER_ARTIFACT_KEY)
    assert len(tables) - before == 2
    newest = max(tables, key=lambda a: a.created)
    assert '"name": "Azerbaijan"' in str(newest.data) and '"status/year": "joined' in str(newest.data)

    summaries = sorted(_artifacts("artifact-test-summary"), key=lambda a: a.created)
    with_change = next(str(a.data) for a in summaries if "run `a`" in str(a.data))
    assert with_change.index("What changed since the last run (2)") < with_change.index("## The register")
    assert "**Egypt**: negotiating → joined" in with_change and "## This run" in with_change
    quiet = next(str(a.data) for a in summaries if "run `b`" in str(a.data))
    assert "Nothing: the register is as the last run left it." in quiet
