"""Re-extraction of the archive in flat memory: stored documents read back a batch at a time, extracted on a
pool of processes, their findings stored batch by batch and the register resolved once at the end."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from pipeline import articles, extraction
from pipeline.records import Document, Extraction
from pipeline.store import Store

START = datetime(2024, 3, 1, tzinfo=UTC)
COUNTRIES = ["Laos", "Nepal", "Kenya", "Peru", "Oman", "Cuba", "Uganda"]


def _documents() -> list[Document]:
    docs = []
    for i, country in enumerate(COUNTRIES):
        published = None if i % 3 == 0 else START - timedelta(days=i)
        text = f"{country} signed a memorandum on the International Lunar Research Station with China on Monday."
        docs.append(articles.from_text(text, f"https://news.example.org/{i}", origin="url", published=published))
    return docs


def _stored(url: str, docs: list[Document]) -> Store:
    store = Store(url)
    store.migrate()
    store.ingest([(d, Extraction(relevant=False, language="en")) for d in docs], policy="none", run_id="old", now=START)
    return store


def test_stored_documents_come_back_a_batch_at_a_time_undated_first_then_by_date(db_url: str) -> None:
    docs = _documents()
    with _stored(db_url, docs) as store:
        batches = list(store.document_batches(size=3))
        assert [len(b) for b in batches] == [3, 3, 1]
        read = [d.url for b in batches for d in b]
        undated = [d.url for d in docs if d.published is None]
        dated = [d.url for d in sorted((d for d in docs if d.published), key=lambda d: d.published or START)]
        assert read == undated + dated
        assert store.count_documents() == 7
        since = START - timedelta(days=4)
        assert [d.url for d in store.documents(since=since)] == [u for u in dated if int(u.rsplit("/", 1)[1]) <= 4]
        assert store.count_documents(since=since) == 3


def test_only_a_bounded_number_of_batches_is_in_flight() -> None:
    counts = {"submitted": 0, "answered": 0, "most": 0}

    class Answer:
        def __init__(self, value: int) -> None:
            self.value = value

        def result(self) -> int:
            counts["answered"] += 1
            return self.value

    def submit(n: int) -> Answer:
        counts["submitted"] += 1
        counts["most"] = max(counts["most"], counts["submitted"] - counts["answered"])
        return Answer(n * n)

    assert list(extraction.in_order(range(10), submit, ahead=3)) == [(n, n * n) for n in range(10)]
    assert counts["most"] == 3


def test_reextraction_on_a_pool_finds_what_one_process_finds(tmp_path: Path) -> None:
    docs = _documents()
    registers = []
    for workers, name in ((1, "one"), (2, "pool")):
        url = f"sqlite:///{tmp_path / name}.sqlite3"
        done: list[int] = []
        with _stored(url, docs) as store, extraction.Extractor(workers) as extractor:
            result = extraction.reextract(
                store, extractor.submit, policy="none", run_id=name, batch=2, ahead=2, advance=done.append
            )
            assert result.documents_updated == len(docs) and sum(done) == len(docs)
            assert sorted(c.name for c in result.changes) == sorted(COUNTRIES)
            registers.append({(e.name, e.value) for e in store.register()})
    assert registers[0] == registers[1] and ("Laos", "joined") in registers[0]


def test_the_extraction_pool_is_given_back_before_the_register_is_resolved(db_url: str) -> None:
    # The resolution of a founder's key reads tens of thousands of claims: the pool's memory must be gone by then.
    seen_at_release: list[int] = []
    with _stored(db_url, _documents()) as store:
        result = extraction.reextract(
            store, extraction.Extractor(1).submit, policy="none", run_id="release", batch=3,
            extracted=lambda: seen_at_release.append(len(store.register())),
        )  # fmt: skip
        assert seen_at_release == [0]  # every batch was back, nothing resolved yet
        assert len(store.register()) == len(COUNTRIES) == len(result.changes)


def test_releasing_a_shared_extractor_stops_it_and_a_later_one_starts_afresh() -> None:
    first = extraction.shared(1)
    extraction.release(1)
    assert extraction.shared(1) is not first
    extraction.release(1)
    extraction.release(1)  # nothing started: nothing to do


def test_closing_the_last_pool_stops_its_fork_server_and_a_new_pool_starts_another() -> None:
    import multiprocessing.forkserver

    server = multiprocessing.forkserver._forkserver
    for workers in {0, 1, 2}:  # the pools earlier tests left running in this process share the server
        extraction.release(workers)
    assert not extraction._live
    for _ in range(2):
        with extraction.Extractor(2) as extractor:
            assert extractor.submit(_documents()[:1]).result()[0][1].relevant
            assert server._forkserver_pid is not None
        assert server._forkserver_pid is None  # the warmed extractor's memory is given back


_WARMED = """
import json
from datetime import UTC, datetime

import babel.localedata

import pipeline.warm  # what the fork server runs before it forks the workers
from pipeline import dating, entities
from pipeline.entities import countries

held = {"cldr": sorted(babel.localedata._cache), "dictionaries": sorted(countries._analyzers)}
texts = [
    "Томский государственный университет подписал соглашение о присоединении к Международной научной лунной станции.",
    "Сербія підписала угоду про участь у Міжнародній науковій місячній станції.",
]
found = [[(p.key, p.status) for p in entities.extract(t).partners] for t in texts]
now = datetime(2026, 1, 1, tzinfo=UTC)
dated = [str(dating.stated_date(t, lang, now=now).date()) for t, lang in [
    ("MADRID, 5 de marzo de 2024 - La agencia firmó el acuerdo.", "es"),
    ("BUDAPEST, June 5 - The agency signed it in 2024.", "hu"),
]]
held_after = {"cldr": sorted(babel.localedata._cache), "dictionaries": sorted(countries._analyzers)}
print(json.dumps({"held": held, "found": found, "dated": dated, "held_after": held_after}))
"""


def test_a_warmed_fork_server_holds_the_tables_not_their_sources_and_its_workers_still_read() -> None:
    """CLDR's locale data and the Ukrainian dictionary only build the name and month tables: the fork server lets
    them go before it forks (its workers would otherwise share ~35 MB more), keeping the Russian dictionary that
    keys an unlisted institution's name; texts read afterwards load neither again."""
    import json
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", _WARMED], capture_output=True, text=True, check=True, timeout=300)
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert answer["held"] == {"cldr": [], "dictionaries": ["ru"]}
    assert answer["found"] == [[["institution:tomsk-state-university", "joined"]], [["country:RS", "joined"]]]
    assert answer["dated"] == ["2024-03-05", "2024-06-05"]
    assert answer["held_after"] == answer["held"]
