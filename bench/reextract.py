"""Re-extraction of a stored archive: one core against every core, documents per second and peak memory.

    .venv/bin/python bench/reextract.py N [--sample M] [--batch 200]

Generates N stored documents of our own text (bench/monitor.py's stories: about 40% ILRS reports, the rest other
news, each with its own mix of paragraphs, partner, mission and date) in a SQLite file, stored as an older
extractor left them (nothing found). Then, each in a fresh process on its own copy of that file, it re-extracts
them with `pipeline.monitor.reextract` (what `backfill --stored` runs, without Prefect): once with one process
(`extract_workers=1`) and once with one worker process per core. It prints documents per second, the speed-up,
and the peak memory of each run's whole process tree (the run and its workers, sampled twice a second): the sum
of RSS, which counts pages the workers share with their fork server once per process, the sum of PSS, which
counts a shared page once (what the tree really holds), and the largest single process's RSS. `--sample M` times
the one-core run on the first M documents only (its rate is what is compared), to save time on a large N.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def generate(url: str, count: int) -> None:
    """`count` stored documents, nothing found in them yet."""
    from monitor import Fixture  # bench/monitor.py: its stories

    from pipeline import articles
    from pipeline.records import Extraction
    from pipeline.store import Store

    fixture = Fixture(feeds=1000, articles=count, ports=[80])
    nothing = Extraction(relevant=False, language="en")
    with Store(url) as store:
        store.migrate()
        for start in range(0, count, 1000):
            batch = []
            for m in range(start, min(start + 1000, count)):
                title, paragraphs, _ = fixture.story(m)
                url_m = f"https://bench.example.org/{m % 8}/story/{m}"
                document = articles.from_text(
                    "\n\n".join(paragraphs), url_m, origin="url", published=fixture.published(m), title=title
                )
                batch.append((document, nothing))
            store.ingest(batch, policy="none", run_id="older-extractor", now=datetime.now(UTC))


def run(url: str, workers: int, limit: int | None, batch: int) -> None:
    """One re-extraction (the child process): prints what it did as JSON."""
    from pipeline import extraction
    from pipeline.store import Store

    started = time.perf_counter()
    with Store(url) as store, extraction.Extractor(workers) as extractor:
        until = None
        if limit is not None:  # the first `limit` documents by date
            dates = [d.published for b in store.document_batches(size=limit) for d in b][:limit]
            until = dates[-1] if dates else None
        read: list[int] = []
        result = extraction.reextract(
            store, extractor.submit, policy="none", run_id=f"bench-{workers}", until=until, batch=batch,
            ahead=2 * extractor.workers, advance=read.append, extracted=extractor.close,
        )  # fmt: skip
    seconds = time.perf_counter() - started
    print(json.dumps({"documents": sum(read), "seconds": seconds, "updated": result.documents_updated,
                      "changes": len(result.changes), "workers": extractor.workers}))  # fmt: skip


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _memory(pids: list[int]) -> tuple[float, float, float]:
    """(sum of RSS, sum of PSS, the largest process's RSS) in MiB."""
    rss = pss = largest = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                    largest = max(largest, int(line.split()[1]))
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
        except OSError:
            continue
    return rss / 1024, pss / 1024, largest / 1024


def measure(url: str, workers: int, limit: int | None, batch: int) -> dict[str, float]:
    command = [sys.executable, __file__, "--run", url, "--workers", str(workers), "--batch", str(batch)]
    if limit is not None:
        command += ["--limit", str(limit)]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    peak_rss = peak_pss = peak_one = 0.0
    while child.poll() is None:
        rss, pss, one = _memory(_tree(child.pid))
        peak_rss, peak_pss, peak_one = max(peak_rss, rss), max(peak_pss, pss), max(peak_one, one)
        time.sleep(0.5)
    output = child.stdout.read() if child.stdout else ""
    if child.returncode:
        raise SystemExit(f"the run with {workers} worker(s) failed ({child.returncode})")
    answer: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return {**answer, "peak_rss": peak_rss, "peak_pss": peak_pss, "peak_one": peak_one}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("documents", type=int, nargs="?", default=10_000)
    parser.add_argument("--sample", type=int, help="time the one-core run on the first M documents only")
    parser.add_argument("--batch", type=int, default=200, help="documents per batch (articles_per_task)")
    parser.add_argument("--run", help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    os.environ.setdefault("DO_NOT_TRACK", "1")
    if args.run:
        run(args.run, args.workers, args.limit, args.batch)
        return 0

    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="ilrs-reextract-") as folder:
        archive = Path(folder) / "archive.sqlite3"
        started = time.perf_counter()
        generate(f"sqlite:///{archive}", args.documents)
        made = time.perf_counter() - started
        load_before = os.getloadavg()
        results = {}
        for workers, limit in ((1, args.sample), (cores, None)):
            copy = Path(folder) / f"run-{workers}.sqlite3"
            shutil.copyfile(archive, copy)
            results[workers] = measure(f"sqlite:///{copy}", workers, limit, args.batch)
            copy.unlink()
        load_after = os.getloadavg()

    print("ILRS Watch re-extraction benchmark")
    print(f"  archive   {args.documents} stored documents of our own text, generated and stored in {made:.0f} s")
    print(f"  machine   Python {sys.version.split()[0]}, {cores} CPUs; load average {load_before[0]:.1f} before the "
          f"runs, {load_after[0]:.1f} after (other work on the machine slows both runs)")  # fmt: skip
    print()
    header = f"{'run':<22}{'documents':>10}{'seconds':>10}{'docs/s':>9}{'updated':>9}{'changes':>9}" \
        f"{'peak RSS sum':>14}{'peak PSS sum':>14}{'largest RSS':>14}"  # fmt: skip
    print(header)
    print("-" * len(header))
    rates = {}
    for workers, r in results.items():
        rates[workers] = r["documents"] / r["seconds"]
        name = "one process" if workers == 1 else f"{int(r['workers'])} worker processes"
        print(f"{name:<22}{int(r['documents']):>10}{r['seconds']:>10.1f}{rates[workers]:>9.1f}{int(r['updated']):>9}"
              f"{int(r['changes']):>9}{r['peak_rss']:>10.0f} MiB{r['peak_pss']:>10.0f} MiB"
              f"{r['peak_one']:>10.0f} MiB")  # fmt: skip
    if len(results) > 1:
        print(f"\nspeed-up, every core against one: {rates[cores] / rates[1]:.2f}x")
        pss = results[cores]["peak_pss"]
        print(f"memory of the whole tree with every core (peak PSS sum): {pss:.0f} MiB = {pss * 1.048576:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
