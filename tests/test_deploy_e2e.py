"""End to end, as a user does it: a real Prefect server on loopback, `prefect deploy --all`, a process worker,
a backfill triggered with parameters, and the run's artifacts."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from pipeline import monitor
from pipeline.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(predicate, timeout: float, what: str) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def prefect_env(tmp_path: Path) -> dict[str, str]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "ILRS_"))}
    env.update(
        PREFECT_HOME=str(tmp_path / "prefect-home"),
        PREFECT_API_URL=f"http://127.0.0.1:{port}/api",
        PREFECT_SERVER_API_PORT=str(port),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_SERVER_UI_ENABLED="false",
        DO_NOT_TRACK="1",
        PWD=str(ROOT),  # prefect.yaml's pull step reads it at deploy time
        ILRS_DATABASE_URL=f"sqlite:///{tmp_path / 'ilrs.sqlite3'}",
        ILRS_TASK_RETRIES="0",
    )
    return env


@pytest.fixture
def prefect_server(prefect_env: dict[str, str], tmp_path: Path) -> Iterator[str]:
    api = prefect_env["PREFECT_API_URL"]
    command = [
        BIN / "prefect",
        "server",
        "start",
        "--host",
        "127.0.0.1",
        "--port",
        prefect_env["PREFECT_SERVER_API_PORT"],
    ]
    with open(tmp_path / "server.log", "wb") as log:
        server = subprocess.Popen(command, env=prefect_env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        try:
            _wait(lambda: _healthy(api), 120, "the Prefect server")
            yield api
        finally:
            server.terminate()
            server.wait(timeout=30)


def _healthy(api: str) -> bool:
    try:
        return httpx.get(f"{api}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def _prefect(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([BIN / "prefect", *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, f"prefect {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def test_deploy_all_then_a_backfill_from_the_cli(
    prefect_env: dict[str, str], prefect_server: str, tmp_path: Path
) -> None:
    # Stored documents for the backfill to re-extract: the baseline, loaded without Prefect.
    settings = Settings(database_url=prefect_env["ILRS_DATABASE_URL"])
    monitor.prepare(settings)
    monitor.ingest(settings, monitor.extract(monitor.seed_documents(settings)), policy="none", run_id="seed")

    _prefect(prefect_env, "work-pool", "create", "ilrs-process", "--type", "process")
    deployed = _prefect(prefect_env, "--no-prompt", "deploy", "--all")
    for name in ("monitor", "baseline", "backfill", "daily-digest"):
        assert name in deployed

    with open(tmp_path / "worker.log", "wb") as worker_log:
        worker = subprocess.Popen(
            [BIN / "prefect", "worker", "start", "--pool", "ilrs-process"],
            env=prefect_env,
            cwd=ROOT,
            stdout=worker_log,
            stderr=subprocess.STDOUT,
        )
        try:
            _run_backfill(prefect_env, prefect_server, tmp_path)
        finally:
            worker.terminate()
            worker.wait(timeout=30)


def _run_backfill(prefect_env: dict[str, str], prefect_server: str, tmp_path: Path) -> None:
    """Trigger the backfill deployment with parameters, as a user does from the CLI, and check its run."""
    out = _prefect(
        prefect_env, "deployment", "run", "ilrs-backfill/backfill", "--param", "stored=true", "--param", 'alert="none"'
    )
    run_id = re.search(r"UUID:\s*([0-9a-f-]{36})", out).group(1)
    state = _wait(lambda: _terminal_state(prefect_server, run_id), 240, "the backfill run")
    assert state == "COMPLETED", (tmp_path / "worker.log").read_text(errors="replace")[-3000:]

    artifacts = httpx.post(
        f"{prefect_server}/artifacts/filter", json={"artifacts": {"flow_run_id": {"any_": [run_id]}}}, timeout=10
    ).json()
    keys = {a["key"] for a in artifacts}
    assert {"backfill-summary", "ilrs-register"} <= keys
    summary = next(a for a in artifacts if a["key"] == "backfill-summary")
    assert "backfill run" in summary["data"]
    register = next(a for a in artifacts if a["key"] == "ilrs-register")
    assert "Pakistan" in str(register["data"])


def _terminal_state(api: str, run_id: str) -> str | None:
    state = httpx.get(f"{api}/flow_runs/{run_id}", timeout=5).json()["state"]["type"]
    return state if state in {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"} else None
