"""The HTTP client's CPU per request: process time of this process while it polls bench/monitor.py's fixture.

The poll is CPU-bound on a small machine (the client and the fixture server share its cores), so the client's own
CPU per request is what to compare across changes; wall-clock rates move with whatever else the machine runs.
It starts the fixture server (1,000 feeds, 2,000 pages, 8 hosts, `--latency-ms`, 20 by default) and prints the
minimum and median process time over `--polls` repeats of:

- pass 1: every feed answers 200 and is parsed (new connections; one run);
- pass 2: the states of pass 1 sent back, 900 feeds answer 304, 100 changed feeds are read and parsed;
- all 304: every feed answers 304 (the client's cost per request, with almost nothing else);
- pages: the 2,000 article pages fetched in chunks of `articles_per_task`, a client per chunk, as the monitor's
  tasks fetch them (fetch only: the pages are not read).

    .venv/bin/python bench/client.py [--polls 8] [--latency-ms 20]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.monitor import Fixture, serve  # noqa: E402  (after the path is set)

FEEDS, ARTICLES, HOSTS = 1000, 2000, 8


def cpu_of(action: Callable[[], object]) -> float:
    start = time.process_time()
    action()
    return time.process_time() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--polls", type=int, default=8)
    parser.add_argument("--latency-ms", type=int, default=20)
    args = parser.parse_args(argv)
    os.environ.setdefault("DO_NOT_TRACK", "1")

    from pipeline import feeds
    from pipeline.http import HttpClient
    from pipeline.records import FeedConfig
    from pipeline.settings import Settings

    settings = Settings.from_env(allow_private_networks=True)
    ctx = mp.get_context("spawn")
    generation, ready, stop = ctx.RawValue("i", 1), ctx.Queue(), ctx.Event()
    server = ctx.Process(
        target=serve, args=(FEEDS, ARTICLES, HOSTS, args.latency_ms, generation, ready, stop), daemon=True
    )
    server.start()
    try:
        fixture = Fixture(FEEDS, ARTICLES, ready.get(timeout=120))
        configs = [FeedConfig(url=fixture.feed_url(i)) for i in range(FEEDS)]
        pages = [fixture.article_url(m) for m in range(ARTICLES)]

        async def poll(states: dict) -> list:
            async with HttpClient(settings) as client:
                return await feeds.poll_feeds(client, configs, states, settings, datetime.now(UTC))

        async def fetch_pages() -> None:
            size = settings.articles_per_task
            for start in range(0, len(pages), size):
                async with HttpClient(settings) as client:
                    chunk = pages[start : start + size]
                    await asyncio.gather(*(client.get(u, max_bytes=settings.max_page_bytes) for u in chunk))

        asyncio.run(poll({}))  # imports and first calls out of the figures
        first: list = []
        pass1 = cpu_of(lambda: first.extend(asyncio.run(poll({}))))
        generation.value = 2  # a tenth of the feeds publish
        states = {p.state.url: p.state for p in first}
        pass2 = [cpu_of(lambda: asyncio.run(poll(states))) for _ in range(args.polls)]
        unchanged = {p.state.url: p.state for p in asyncio.run(poll(states))}
        all_304 = [cpu_of(lambda: asyncio.run(poll(unchanged))) for _ in range(args.polls)]
        asyncio.run(fetch_pages())
        page_runs = [cpu_of(lambda: asyncio.run(fetch_pages())) for _ in range(max(args.polls // 2, 1))]
    finally:
        stop.set()
        server.join(10)

    def line(name: str, runs: list[float], requests: int) -> str:
        low, median = min(runs), statistics.median(runs)
        return f"{name:<44}{low:>8.2f}{median:>9.2f} s{1000 * low / requests:>10.2f} ms/request"

    print(
        f"HTTP client CPU (process time), fixture latency {args.latency_ms} ms, {HOSTS} hosts, "
        f"load average {os.getloadavg()[0]:.1f}; min / median of the runs"
    )
    print(line("pass 1: 1,000 feeds, all 200, parsed (1 run)", [pass1], FEEDS))
    print(line(f"pass 2: 900 answer 304, 100 parsed ({args.polls})", pass2, FEEDS))
    print(line(f"all 304 ({args.polls})", all_304, FEEDS))
    print(line(f"2,000 article pages fetched ({len(page_runs)})", page_runs, ARTICLES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
