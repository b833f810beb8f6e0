"""Several monitor and backfill processes on one PostgreSQL database: throughput, and duplicate changes (none).

    .venv/bin/python bench/processes.py [N] [--feeds 100] [--articles 300] [--latency-ms 0]

Starts bench/monitor.py's fixture server (RSS feeds and article pages of our own text on 127.0.0.1), makes a fresh
database on the PostgreSQL server of the tests (`ILRS_TEST_PG_URL`, default 127.0.0.1:5432, database `test` for
the admin connection) holding an archive of the same stories under other addresses, stored as an older extractor
left them, and starts N processes at once, as N Prefect workers would run overlapping flow runs: even ones run the
monitor's stages over every feed (poll, triage, fetch and read pages, ingest), odd ones the stored backfill
(`extraction.reextract`), which re-reads the archive and whatever the monitors have stored by then. Every process
talks to the same database, races on the same entries and documents, and extracts in its own process
(`extract_workers=1`: the processes are the parallelism). It prints each process's work, the documents stored per
second of wall time, and the changes recorded twice for one step (entity, field, old and new value): the
register's exactly-once promise says 0.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PG_ADMIN_URL = os.environ.get("ILRS_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def run_monitor(url: str, feeds_file: str) -> dict[str, float]:
    from pipeline import monitor as stages
    from pipeline.http import HttpClient
    from pipeline.settings import Settings
    from pipeline.store import Store

    settings = Settings.from_env(
        database_url=url, feeds_file=feeds_file, allow_private_networks=True, extract_workers=1
    )  # fmt: skip
    started = time.perf_counter()
    documents = changes = 0
    with Store(url) as store:
        stages.prepare(store)
        configs = stages.load_feed_configs(settings)

        async def poll():  # type: ignore[no-untyped-def]
            async with HttpClient(settings) as client:
                return await stages.poll(store, client, settings, configs)

        async def fetch(chunk):  # type: ignore[no-untyped-def]
            async with HttpClient(settings) as client:
                return await stages.fetch_and_extract(store, client, settings, chunk)

        triaged = stages.triage(store, asyncio.run(poll()))
        run_id = stages.new_run_id()
        for chunk in stages.chunked(list(triaged.relevant), settings.articles_per_task):
            processed = asyncio.run(fetch(chunk))
            result = stages.ingest(store, processed.pairs, policy="live", run_id=run_id, done=processed.done)
            documents += result.documents_new + result.documents_updated
            changes += len(result.changes)
    return {"documents": documents, "changes": changes, "seconds": time.perf_counter() - started}


def run_backfill(url: str) -> dict[str, float]:
    from pipeline import extraction
    from pipeline import monitor as stages
    from pipeline.store import Store

    started = time.perf_counter()
    read: list[int] = []
    with Store(url) as store, extraction.Extractor(1) as extractor:
        stages.prepare(store)
        result = extraction.reextract(
            store, extractor.submit, policy="live", run_id=stages.new_run_id(), advance=read.append
        )  # fmt: skip
    return {"documents": sum(read), "changes": len(result.changes), "seconds": time.perf_counter() - started}


def duplicates(url: str) -> tuple[int, int, int]:
    """(changes, steps recorded more than once, documents) in the database."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.connect() as connection:
        changes = connection.scalar(sa.text("SELECT count(*) FROM changes"))
        twice = connection.scalar(
            sa.text(
                "SELECT count(*) FROM (SELECT entity_key, field, old_value, new_value FROM changes "
                "GROUP BY entity_key, field, old_value, new_value HAVING count(*) > 1) AS repeated"
            )
        )
        documents = connection.scalar(sa.text("SELECT count(*) FROM documents"))
    engine.dispose()
    return int(changes or 0), int(twice or 0), int(documents or 0)


def measure(processes: int, feeds: int, articles: int, latency_ms: int) -> dict[str, object]:
    """The whole benchmark; returns its figures (the tests call this too)."""
    import sqlalchemy as sa
    from monitor import Fixture, serve  # bench/monitor.py: its fixture server

    name = f"ilrs_bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    ctx = mp.get_context("spawn")
    generation, ready, stop = ctx.RawValue("i", 1), ctx.Queue(), ctx.Event()
    server = ctx.Process(target=serve, args=(feeds, articles, 4, latency_ms, generation, ready, stop), daemon=True)
    server.start()
    try:
        fixture = Fixture(feeds, articles, ready.get(timeout=120))
        with tempfile.TemporaryDirectory() as folder:
            feeds_file = Path(folder) / "feeds.yaml"
            feeds_file.write_text("feeds:\n" + "".join(f"  - url: {fixture.feed_url(i)}\n" for i in range(feeds)))

            from reextract import generate  # bench/reextract.py: an archive as an older extractor left it

            # The archive the backfills re-read: the same stories as the feeds' pages, under other addresses
            # (syndicated copies, one source with them), stored with nothing found in them.
            generate(url, articles)
            started = time.perf_counter()
            children = [
                subprocess.Popen(
                    [sys.executable, __file__, "--run", "monitor" if i % 2 == 0 else "backfill", url, str(feeds_file)],
                    stdout=subprocess.PIPE, text=True, env={**os.environ, "DO_NOT_TRACK": "1"},
                )  # fmt: skip
                for i in range(processes)
            ]
            outputs = [child.communicate()[0] for child in children]
            wall = time.perf_counter() - started
        if any(child.returncode for child in children):
            raise SystemExit(f"a process failed: {[child.returncode for child in children]}")
        runs = [json.loads(out.strip().splitlines()[-1]) for out in outputs]
        changes, twice, documents = duplicates(url)
    finally:
        stop.set()
        server.join(10)
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return {"runs": runs, "wall": wall, "changes": changes, "duplicates": twice, "documents": documents}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("processes", type=int, nargs="?", default=4)
    parser.add_argument("--feeds", type=int, default=100)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--latency-ms", type=int, default=0)
    parser.add_argument("--run", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run:
        role, url, feeds_file = args.run
        print(json.dumps(run_monitor(url, feeds_file) if role == "monitor" else run_backfill(url)))
        return 0
    figures = measure(args.processes, args.feeds, args.articles, args.latency_ms)
    print("ILRS Watch: several processes on one PostgreSQL database")
    print(f"  fixture   {args.feeds} feeds, {args.articles} article pages on 127.0.0.1, latency {args.latency_ms} ms")
    print(f"  machine   {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end")
    print()
    for i, run in enumerate(figures["runs"]):  # type: ignore[attr-defined]
        role = "monitor" if i % 2 == 0 else "backfill --stored"
        print(f"process {i + 1} ({role}): {run['documents']} documents written or re-read, {run['changes']} changes "
              f"first recorded, {run['seconds']:.1f} s")  # fmt: skip
    print()
    print(f"{figures['documents']} documents stored in {figures['wall']:.1f} s of wall time "
          f"({figures['documents'] / figures['wall']:.1f} documents/s over {args.processes} processes)")  # type: ignore[operator]  # fmt: skip
    print(f"{figures['changes']} changes recorded; steps recorded more than once: {figures['duplicates']}")
    return 1 if figures["duplicates"] else 0


if __name__ == "__main__":
    sys.exit(main())
