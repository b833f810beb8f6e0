"""Shared fixtures: real databases (SQLite always, PostgreSQL where a server answers) and local HTTP servers."""

from __future__ import annotations

import os
import secrets
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from pipeline.store import Store
from tests.localserver import LocalServer
from tests.prefectserver import Guarded, running_server, server_env

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = os.environ.get("ILRS_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _pg_available() -> str | None:
    """None when PostgreSQL answers, else the reason to skip."""
    try:
        engine = sa.create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(sa.text("select 1"))
        engine.dispose()
    except Exception as exc:  # any failure to connect means: no server to be had here
        return f"PostgreSQL not reachable at {PG_ADMIN_URL.split('@')[-1]} ({type(exc).__name__})"
    return None


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A throwaway database on the local PostgreSQL server for this test session."""
    reason = _pg_available()
    if reason:
        pytest.skip(reason)
    name = f"ilrs_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A clean PostgreSQL database (every table dropped) for one test."""
    reset_schema(pg_server)
    yield pg_server


def reset_schema(url: str) -> None:
    """Drop every table of a PostgreSQL database: each test or trial starts from an empty one."""
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


def _sqlite_file(tmp_path: Path) -> str:
    """An empty SQLite register (a zero-byte file is one): flows refuse to create a missing file unless asked,
    so that a mistyped path never becomes a new, empty register."""
    path = tmp_path / "ilrs.sqlite3"
    path.touch()
    return f"sqlite:///{path}"


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return _sqlite_file(tmp_path)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test using this runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return _sqlite_file(tmp_path)
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """A migrated, empty register on each database (a test file may bring its own, filled)."""
    store = Store(db_url)
    store.migrate()
    yield store
    store.close()


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as srv:
        yield srv


@pytest.fixture(scope="module")
def module_server() -> Iterator[LocalServer]:
    with LocalServer() as srv:
        yield srv


@pytest.fixture
def reused_server(module_server: LocalServer) -> LocalServer:
    """One real server per module, emptied before every test."""
    module_server.routes.clear()
    del module_server.requests[:]
    del module_server.peers[:]
    return module_server


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """A temporary Prefect server for flow tests: started once per session (it takes seconds), not autouse.

    Without flow-run heartbeats: the engine ends every flow run by joining its heartbeat thread, which sleeps in
    whole seconds, so each run would wait up to a second for nothing (two minutes of the suite). Heartbeats tell
    a server that a worker's run is still alive; these runs have no worker, and the end-to-end tests, which
    start a real server and worker, keep them."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
    from prefect.testing.utilities import prefect_test_harness

    with (
        temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}),
        prefect_test_harness(server_startup_timeout=120),
    ):
        yield


@pytest.fixture(scope="session")
def guarded_prefect(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Guarded]:
    """A real Prefect server on loopback that demands credentials, as `prefect server start` runs it, for the
    end-to-end tests: started once (it takes seconds), each test with a work pool of its own."""
    folder = tmp_path_factory.mktemp("prefect-server")
    password = secrets.token_hex(12)
    env = server_env(folder / "prefect-home", auth=f"analyst:{password}")
    with running_server(env, folder / "server.log"):
        yield Guarded(env, password, folder / "server.log")
