"""Who may come in: a Prefect server started with an auth string refuses anonymous API calls, while the CLI
(and so deploy and workers, which use the same client settings) with the credentials works."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.prefectserver import BIN, api_client, prefect, run, running_server, server_env

pytestmark = pytest.mark.slow

PASSWORD = secrets.token_hex(12)


@pytest.fixture
def env(tmp_path: Path) -> Iterator[dict[str, str]]:
    env = server_env(tmp_path / "prefect-home", auth=f"analyst:{PASSWORD}")
    with running_server(env, tmp_path / "server.log"):
        yield env


def test_anonymous_calls_are_refused_and_the_cli_with_credentials_works(env: dict[str, str]) -> None:
    api = env["PREFECT_API_URL"]
    assert httpx.post(f"{api}/flows/filter", json={}, timeout=10).status_code == 401
    assert httpx.post(f"{api}/flows/filter", json={}, auth=("analyst", "guess"), timeout=10).status_code == 401
    with api_client(env) as client:
        assert client.post("/flows/filter", json={}).status_code == 200

    prefect(env, "work-pool", "create", "ilrs-process", "--type", "process")
    assert "ilrs-process" in prefect(env, "work-pool", "inspect", "ilrs-process")

    anonymous = {k: v for k, v in env.items() if k != "PREFECT_API_AUTH_STRING"}
    refused = run(anonymous, BIN / "prefect", "work-pool", "inspect", "ilrs-process")
    assert refused.returncode != 0 and "ilrs-process" not in refused.stdout
    assert PASSWORD not in refused.stdout + refused.stderr
