"""End to end, as a user does it: a real Prefect server on loopback that demands credentials, `make deploy`
(work pool and every deployment in one command), a process worker, a date-range backfill started with plain
dates as the UI's form sends them, and the run's artifacts."""

from __future__ import annotations

import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from pipeline import monitor
from pipeline.settings import Settings
from pipeline.store import Store
from tests.localserver import LocalServer
from tests.prefectserver import BIN, ROOT, Guarded, api_client, make_deploy, prefect, wait_for
from tests.scenario import serve_accessions

pytestmark = pytest.mark.slow


@pytest.fixture
def prefect_env(guarded_prefect: Guarded, tmp_path: Path) -> dict[str, str]:
    env = dict(guarded_prefect.env)
    env.update(
        ILRS_DATABASE_URL=f"sqlite:///{tmp_path / 'ilrs.sqlite3'}",
        ILRS_TASK_RETRIES="0",
        ILRS_ALLOW_PRIVATE_NETWORKS="127.0.0.0/8",  # the feed below, and nothing else that is not public
    )
    return env


def serve_feed(server: LocalServer, tmp_path: Path) -> Path:
    """One feed, two accessions: Laos in November 2025 (in the backfill's range), Nepal in January (not)."""
    accessions = [(datetime(2025, 11, 30, 21, tzinfo=UTC), "Laos"), (datetime(2025, 1, 9, tzinfo=UTC), "Nepal")]
    return serve_accessions(server, tmp_path, accessions)


def test_make_deploy_then_a_date_range_backfill_with_plain_dates(
    prefect_env: dict[str, str], guarded_prefect: Guarded, server: LocalServer, tmp_path: Path
) -> None:
    # Stored documents and the register: the baseline, loaded without Prefect.
    settings = Settings(database_url=prefect_env["ILRS_DATABASE_URL"])
    with Store(settings.database()) as store:
        monitor.prepare(store)
        monitor.ingest(store, monitor.extract(monitor.seed_documents(settings)), policy="none", run_id="seed")
    prefect_env["ILRS_FEEDS_FILE"] = str(serve_feed(server, tmp_path))

    deployed = make_deploy(prefect_env, tmp_path / "stamp")
    for name in ("monitor", "baseline", "backfill", "daily-digest"):
        assert name in deployed
    assert make_deploy(prefect_env, tmp_path / "stamp")  # again: the pool exists now, and that is fine

    with open(tmp_path / "worker.log", "wb") as worker_log:
        worker = subprocess.Popen(
            [BIN / "prefect", "worker", "start", "--pool", "ilrs-process"],
            env=prefect_env,
            cwd=ROOT,
            stdout=worker_log,
            stderr=subprocess.STDOUT,
        )
        try:
            run_id = _run_backfill(prefect_env, tmp_path)
        finally:
            worker.terminate()
            worker.wait(timeout=30)
    _no_secret_in_logs(prefect_env, run_id, guarded_prefect, tmp_path)


def _run_backfill(prefect_env: dict[str, str], tmp_path: Path) -> str:
    """Trigger the backfill deployment with plain dates (strings, as the UI's form and `--param` send them)."""
    out = prefect(
        prefect_env,
        "deployment",
        "run",
        "ilrs-backfill/backfill",
        "--param",
        "since=2025-11-01",
        "--param",
        "until=2025-11-30",
        "--param",
        'alert="none"',
    )
    run_id = re.search(r"UUID:\s*([0-9a-f-]{36})", out).group(1)
    with api_client(prefect_env) as api:
        state = wait_for(lambda: _terminal_state(api, run_id), 240, "the backfill run")
        assert state == "COMPLETED", (tmp_path / "worker.log").read_text(errors="replace")[-3000:]

        artifacts = api.post("/artifacts/filter", json={"artifacts": {"flow_run_id": {"any_": [run_id]}}}).json()
    keys = {a["key"] for a in artifacts}
    assert {"backfill-summary", "ilrs-register"} <= keys
    summary = next(a for a in artifacts if a["key"] == "backfill-summary")
    assert "backfill run" in summary["data"]
    register = str(next(a for a in artifacts if a["key"] == "ilrs-register")["data"])
    # Laos (30 November, 21:00 UTC: the plain `until` date covers the whole day) is in, Nepal (January) is not.
    assert "Pakistan" in register and "Laos" in register and "Nepal" not in register
    return run_id


def _terminal_state(api: httpx.Client, run_id: str) -> str | None:
    state = api.get(f"/flow_runs/{run_id}").json()["state"]["type"]
    return state if state in {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"} else None


def _no_secret_in_logs(prefect_env: dict[str, str], run_id: str, guarded: Guarded, tmp_path: Path) -> None:
    with api_client(prefect_env) as api:
        logs = api.post("/logs/filter", json={"logs": {"flow_run_id": {"any_": [run_id]}}}).json()
    assert logs
    texts = [entry["message"] for entry in logs]
    texts += [path.read_text(errors="replace") for path in (tmp_path / "worker.log", guarded.log)]
    assert not any(guarded.password in text for text in texts)
