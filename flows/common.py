"""What every flow shares: settings from the edge, the retry policy, the task runner, artifacts."""

from __future__ import annotations

import importlib
from typing import Any

from prefect import Task, get_run_logger
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.client.schemas.objects import State, TaskRun
from prefect.task_runners import TaskRunner
from prefect.tasks import exponential_backoff
from sqlalchemy.exc import OperationalError

from pipeline import checks, report
from pipeline.errors import TransientError
from pipeline.monitor import open_store
from pipeline.records import RunSummary
from pipeline.settings import Settings

REGISTER_ARTIFACT_KEY = "ilrs-register"  # fixed, so the UI keeps the register's history under one key


def build_settings(**overrides: Any) -> Settings:
    """The one place flows read the environment: at run time, never at import. The database is checked at
    once, so a run started from the UI with a bad URL fails on its first line, naming the problem."""
    settings = Settings.from_env(**overrides)
    checks.check_database(settings)
    return settings


def transient_only(task: Task[..., Any], task_run: TaskRun, state: State) -> bool:
    """Retry time-outs, resets, 5xx/429, locked databases; never a 404, a 410 or a parse error."""
    try:
        state.result()
    except (TransientError, OperationalError, TimeoutError, ConnectionError):
        return True
    except Exception:  # permanent by default: retrying would fail the same way
        return False
    return False


def retrying(task: Task, settings: Settings) -> Task:
    """The task with the retry policy from settings: exponential back-off with jitter, transient only."""
    if settings.task_retries <= 0:
        return task.with_options(retries=0)
    return task.with_options(
        retries=settings.task_retries,
        retry_delay_seconds=exponential_backoff(backoff_factor=settings.retry_delay_seconds)(settings.task_retries),
        retry_jitter_factor=0.5,
        retry_condition_fn=transient_only,
    )


def task_runner(settings: Settings) -> TaskRunner | None:
    """A task runner named in settings (e.g. `prefect_dask.DaskTaskRunner`), or None for the default."""
    if not settings.task_runner:
        return None
    module_name, _, class_name = settings.task_runner.rpartition(".")
    return getattr(importlib.import_module(module_name), class_name)()


def publish(summary: RunSummary, settings: Settings) -> None:
    """Log the summary and publish it, with the register, as artifacts the UI shows on the run."""
    logger = get_run_logger()
    for line in report.summary_lines(summary):
        logger.info(line)
    create_markdown_artifact(
        markdown=report.summary_markdown(summary),
        key=f"{summary.kind}-summary",
        description=f"What this {summary.kind} run found",
    )
    with open_store(settings) as store:
        rows = report.register_rows(store.register())
    create_table_artifact(
        table=rows or [{"register": "empty"}], key=REGISTER_ARTIFACT_KEY, description="The ILRS register after this run"
    )
