"""A real Prefect server on loopback for end-to-end tests, and the CLI called as a user calls it.

The deployment test and the auth test share one server that demands credentials (`guarded_prefect` in
conftest.py: a temporary PREFECT_HOME and a free port, started once, as it takes seconds): each test works in a
work pool of its own, so neither sees the other's.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import httpx

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
T = TypeVar("T")


@dataclass(frozen=True)
class Guarded:
    """A running Prefect server that demands credentials: what its clients need, and where it logs."""

    env: dict[str, str]  # the server's environment, credentials included; copy it before adding to it
    password: str
    log: Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate: Callable[[], T], timeout: float, what: str) -> T:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def server_env(home: Path, auth: str | None = None) -> dict[str, str]:
    """Environment for a server on a free loopback port and for the CLI and workers that talk to it; with
    `auth`, the server demands it (basic auth) and the clients send it."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "ILRS_"))}
    env.update(
        PREFECT_HOME=str(home),
        PREFECT_API_URL=f"http://127.0.0.1:{port}/api",
        PREFECT_SERVER_API_HOST="127.0.0.1",
        PREFECT_SERVER_API_PORT=str(port),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_SERVER_UI_ENABLED="false",
        DO_NOT_TRACK="1",
        PWD=str(ROOT),  # prefect.yaml's pull step reads it at deploy time
    )
    if auth:
        env.update(PREFECT_SERVER_API_AUTH_STRING=auth, PREFECT_API_AUTH_STRING=auth)
    return env


@contextmanager
def running_server(env: dict[str, str], log_path: Path) -> Iterator[str]:
    """`prefect server start --host 127.0.0.1`, as the README runs it; yields the API URL once healthy."""
    api = env["PREFECT_API_URL"]
    command = [BIN / "prefect", "server", "start", "--host", "127.0.0.1", "--port", env["PREFECT_SERVER_API_PORT"]]
    with open(log_path, "wb") as log:
        server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        try:
            wait_for(lambda: healthy(api), 120, "the Prefect server")
            yield api
        finally:
            server.terminate()
            server.wait(timeout=30)


def healthy(api: str) -> bool:
    """The health probe answers without credentials (Prefect exempts it from auth)."""
    try:
        return httpx.get(f"{api}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def api_client(env: dict[str, str]) -> httpx.Client:
    """An HTTP client for the API with the credentials the CLI would send."""
    auth = env.get("PREFECT_API_AUTH_STRING")
    user, _, password = auth.partition(":") if auth else ("", "", "")
    return httpx.Client(base_url=env["PREFECT_API_URL"], auth=(user, password) if auth else None, timeout=10)


def run(env: dict[str, str], *command: str | Path, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def prefect(env: dict[str, str], *args: str) -> str:
    done = run(env, BIN / "prefect", *args)
    assert done.returncode == 0, f"prefect {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def make_deploy(env: dict[str, str], stamp: Path) -> str:
    """`make deploy` with this virtualenv: the stamp, newer than pyproject.toml, says it is built already."""
    stamp.touch()
    venv = BIN.parent
    done = run(env, "make", "--no-print-directory", "deploy", f"VENV={venv}", f"STAMP={stamp}")
    assert done.returncode == 0, f"make deploy failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr
