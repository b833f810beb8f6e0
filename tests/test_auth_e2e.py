"""Who may come in: a Prefect server started with an auth string refuses anonymous API calls, while the CLI
(and so deploy and workers, which use the same client settings) with the credentials works."""

from __future__ import annotations

import httpx
import pytest

from tests.prefectserver import BIN, Guarded, api_client, prefect, run

pytestmark = pytest.mark.slow

POOL = "auth-check"  # not the deployments' pool: the deployment test creates that one itself, with `make deploy`


def test_anonymous_calls_are_refused_and_the_cli_with_credentials_works(guarded_prefect: Guarded) -> None:
    env = dict(guarded_prefect.env)
    api = env["PREFECT_API_URL"]
    assert httpx.post(f"{api}/flows/filter", json={}, timeout=10).status_code == 401
    assert httpx.post(f"{api}/flows/filter", json={}, auth=("analyst", "guess"), timeout=10).status_code == 401
    with api_client(env) as client:
        assert client.post("/flows/filter", json={}).status_code == 200

    prefect(env, "work-pool", "create", POOL, "--type", "process")
    assert POOL in prefect(env, "work-pool", "inspect", POOL)

    anonymous = {k: v for k, v in env.items() if k != "PREFECT_API_AUTH_STRING"}
    refused = run(anonymous, BIN / "prefect", "work-pool", "inspect", POOL)
    assert refused.returncode != 0 and POOL not in refused.stdout
    assert guarded_prefect.password not in refused.stdout + refused.stderr
