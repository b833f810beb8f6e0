"""Load the baseline corpus (`seeds/`) into the register: the starting state, with no alerts."""

from __future__ import annotations

from prefect import flow
from prefect.client.schemas.objects import State

from flows import tasks
from flows.common import build_settings, finish, publish, retrying
from pipeline import monitor as stages
from pipeline.records import RunSummary


@flow(name="ilrs-baseline", description="Ingest the baseline corpus in seeds/; idempotent, never alerts.")
def baseline(seeds_dir: str | None = None) -> RunSummary | State[RunSummary]:
    settings = build_settings(seeds_dir=seeds_dir, create_database=True)  # the one flow that may create it
    run_id = stages.new_run_id()
    tasks.prepare_database(settings)
    pairs = tasks.extract_documents(stages.seed_documents(settings))
    # Policy "none": the baseline records facts (and their change ids, so they never alert later) silently.
    result = retrying(tasks.ingest, settings)(settings, pairs, "none", run_id)
    summary = stages.summarise(run_id, "baseline", processed=[stages.Processed(pairs, (), ())], ingested=[result])
    publish(summary, settings)
    return finish(summary)


if __name__ == "__main__":
    baseline()
