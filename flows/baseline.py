"""Load the baseline corpus (`seeds/`) into the register: the starting state, with no alerts."""

from __future__ import annotations

from prefect import flow
from prefect.client.schemas.objects import State

from flows import tasks
from flows.common import build_settings
from flows.tail import conclude, ingest_all
from pipeline import monitor as stages
from pipeline.records import IngestResult, RunSummary
from pipeline.settings import Settings
from pipeline.store import Store


@flow(name="ilrs-baseline", description="Ingest the baseline corpus in seeds/; idempotent, never alerts.")
def baseline(seeds_dir: str | None = None) -> RunSummary | State[RunSummary]:
    settings = build_settings(seeds_dir=seeds_dir, create_database=True)  # the one flow that may create it
    run_id = stages.new_run_id()
    with Store(settings.database()) as store:  # one store for the whole run, closed at its end
        tasks.prepare_database(store)
        processed = [stages.Processed(tasks.extract_documents(stages.seed_documents(settings)), (), ())]
        # Policy "none": the baseline records facts (and their change ids, so they never alert later) silently.
        ingested = ingest_all(store, settings, processed, run_id, "none")
        return conclude(store, settings, run_id, "baseline", ingested, deliver_alerts=False, processed=processed)


def baseline_first(store: Store, settings: Settings, run_id: str) -> list[str]:
    """Load the baseline quietly into a register that lacks it, before a monitor or backfill ingests anything:
    its members are never news, and its history comes first whatever flow ran first. Returns the run's note."""
    if store.has_baseline():
        return []
    documents = stages.seed_documents(settings)
    if not documents:
        return [f"no baseline in {settings.seeds_dir}: every finding is new to this register"]
    pairs = tasks.extract_documents(documents)
    done: IngestResult = tasks.ingest(store, pairs, "none", f"{run_id}-baseline")
    return [
        f"the register had no baseline: loaded it first, quietly ({len(documents)} seed documents, "
        f"{len(done.changes)} facts recorded without alerts)"
    ]


if __name__ == "__main__":
    baseline()
