"""A database outage mid-run (PostgreSQL refusing connections, every open one terminated) ends the run with
one clear line: the flow run is Failed with that line, the CLI exits 4, and the next run completes, recording
what the failed run could not, once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from tests.conftest import PG_ADMIN_URL
from tests.localserver import LocalServer, Request, Response
from tests.test_failures import _feed, _feeds_file, _page

pytestmark = pytest.mark.postgres


class Outage:
    """Cuts the test database off: no new connection is accepted and every open one is terminated."""

    def __init__(self, database: str) -> None:
        self.database = database
        self.admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")

    def _set(self, allowed: bool) -> None:
        with self.admin.connect() as conn:
            conn.execute(sa.text(f'ALTER DATABASE "{self.database}" WITH ALLOW_CONNECTIONS {str(allowed).lower()}'))
            if not allowed:
                conn.execute(
                    sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name"),
                    {"name": self.database},
                )

    def start(self) -> None:
        self._set(False)

    def end(self) -> None:
        self._set(True)


@pytest.fixture
def outage(pg_url: str) -> Iterator[Outage]:
    cut = Outage(str(make_url(pg_url).database))
    yield cut
    cut.end()
    cut.admin.dispose()


def test_postgres_cut_off_mid_run_fails_the_run_with_one_line_and_the_next_run_completes(
    pg_url: str, outage: Outage, server: LocalServer, tmp_path: Path, prefect_harness: None,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    from flows.cli import main
    from flows.monitor import monitor

    for name, value in {
        "ILRS_DATABASE_URL": pg_url,
        "ILRS_ALLOW_PRIVATE_NETWORKS": "1",
        "ILRS_TASK_RETRIES": "0",
        "ILRS_SEEDS_DIR": str(tmp_path),  # no baseline: the changes counted below are the run's own
    }.items():
        monkeypatch.setenv(name, value)
    server.route("/feed.xml", Response(200, _feed(server, "/story"), {"Content-Type": "application/rss+xml"}))
    cut = {"on": True}

    def story(_: Request) -> Response:  # the page is fetched mid-run: the database goes away right then
        if cut["on"]:
            outage.start()
        return _page()

    server.route("/story", story)
    feeds = _feeds_file(tmp_path, server.url("/feed.xml"))

    state = monitor(feeds_file=str(feeds), return_state=True)

    assert state.is_failed()
    assert state.message and "the database stopped answering during the run" in state.message
    assert "OperationalError" not in (state.message or "").split("(")[0]

    outage.end()
    capsys.readouterr()
    assert main(["run", "--feeds", str(feeds)]) == 4  # the same from the CLI: one line, exit 4, no traceback
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("ilrs-watch: run failed: the database stopped answering during the run (")
    assert not any(line.startswith("Traceback") for line in err[-3:])

    outage.end()
    cut["on"] = False
    code = main(["run", "--feeds", str(feeds)])  # the database is back: this run completes
    assert code == 3, capsys.readouterr().err  # 3: the run had problems (no alert target), but it completed
    engine = sa.create_engine(pg_url)
    with engine.connect() as conn:
        changes = conn.execute(sa.text("select entity_key from changes")).scalars().all()
        documents = conn.execute(sa.text("select count(*) from documents")).scalar_one()
    engine.dispose()
    assert changes == ["country:MN"] and documents == 1
