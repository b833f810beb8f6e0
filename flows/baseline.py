"""Load the baseline corpus (`seeds/`) into the register: the starting state, with no alerts."""

from __future__ import annotations

from prefect import flow
from prefect.client.schemas.objects import State

from flows import tasks
from flows.common import build_settings
from flows.tail import conclude, ingest_all
from pipeline import monitor as stages
from pipeline.records import RunSummary
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


if __name__ == "__main__":
    baseline()
