"""What every flow shares: settings from the edge, the retry policy, the task runner, artifacts."""

from __future__ import annotations

import importlib
import json
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any, ParamSpec, TypeVar

import yaml
from prefect import Task, get_client, get_run_logger
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.blocks.system import Secret
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
from prefect.client.schemas.objects import State, TaskRun
from prefect.client.schemas.sorting import ArtifactSort
from prefect.context import FlowRunContext
from prefect.events import emit_event
from prefect.states import Completed
from prefect.task_runners import TaskRunner
from prefect.tasks import exponential_backoff
from prefect.variables import Variable
from pydantic import SecretStr
from sqlalchemy.exc import DBAPIError, OperationalError

from pipeline import checks, report
from pipeline.errors import DatabaseUnavailable, TransientError
from pipeline.records import RegisterEntry, RunSummary
from pipeline.redaction import redact_text
from pipeline.settings import Settings, url_list
from pipeline.store import Store

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")

REGISTER_ARTIFACT_KEY = "ilrs-register"  # fixed, so the UI keeps the register's history under one key


# Settings people change in the Prefect UI: the next run uses them, no worker restart.
FEEDS_VARIABLE = "ilrs-feeds"  # Variables: a JSON list of feed URLs, or a YAML feed list as text
APPRISE_SECRET = "ilrs-apprise-urls"  # Blocks > Secret: apprise URLs, separated by spaces, commas or a JSON list
EVERYTHING_SECRET = "ilrs-apprise-everything-urls"  # the same, for targets that also get unconfirmed changes


def build_settings(**overrides: Any) -> Settings:
    """The one place flows read their settings, at run time, never at import. What wins: a run's own
    parameters, then the Prefect Variable and Secret above, then ILRS_* variables, then the defaults."""
    feeds_given = overrides.get("feeds_file") is not None
    settings = Settings.from_env(given=prefect_settings(feeds_given=feeds_given), **overrides)
    # Checked at once, so a run started from the UI with a bad database URL fails on its first line, naming it.
    checks.check_database(settings)
    return settings


def prefect_settings(*, feeds_given: bool) -> dict[str, Any]:
    """The feed list and alert targets kept in Prefect, where set."""
    found: dict[str, Any] = {} if feeds_given else prefect_feed_list()
    for block, field in ((APPRISE_SECRET, "apprise_urls"), (EVERYTHING_SECRET, "apprise_everything_urls")):
        try:
            targets = _answered(Secret.load(block)).get()
        except ValueError:  # no such block: the environment's targets stand
            continue
        urls = targets if isinstance(targets, list) else url_list(str(targets))
        found[field] = tuple(SecretStr(str(url)) for url in urls if str(url).strip())
    return found


def prefect_feed_list() -> dict[str, Any]:
    """The Variable `ilrs-feeds` as the setting `feed_list`, where set: a JSON list, or text as in a feeds file
    (YAML, or URLs separated by new lines, spaces or commas, as the Secret and the environment accept)."""
    feeds = _answered(Variable.get(FEEDS_VARIABLE, default=None))
    if feeds is None:
        return {}
    return {"feed_list": feeds if isinstance(feeds, str) else yaml.safe_dump(feeds)}


def _answered(value: T | Coroutine[Any, Any, T]) -> T:
    """The answer of one of Prefect's functions that serve both sync and async callers: a flow's body is sync
    code, so it answers at once."""
    assert not isinstance(value, Coroutine)
    return value


@contextmanager
def database_outage() -> Iterator[None]:
    """A database that stops answering mid-run ends the run with one line (DatabaseUnavailable), not the
    driver's traceback: the flow run is Failed with that line as its message, the CLI exits 4."""
    try:
        yield
    except DBAPIError as exc:
        if not (isinstance(exc, OperationalError) or exc.connection_invalidated):
            raise
        raise DatabaseUnavailable(outage_line(exc)) from None


def outage_line(exc: DBAPIError) -> str:
    """The driver's first line, without the connection string (it may hold a password)."""
    reason = redact_text(" ".join(str(exc.orig or exc).split())[:200]) or type(exc).__name__
    return (
        f"the database stopped answering during the run ({reason}); the run is marked failed, nothing "
        "half-written is kept, and the next run resumes where this one stopped"
    )


def transient_only(task: Task[..., Any], task_run: TaskRun, state: State) -> bool:
    """Retry time-outs, resets, 5xx/429, locked databases; never a 404, a 410 or a parse error."""
    try:
        state.result()
    except (TransientError, OperationalError, TimeoutError, ConnectionError):
        return True
    except Exception:  # permanent by default: retrying would fail the same way
        return False
    return False


def retrying(task: Task[P, R], settings: Settings) -> Task[P, R]:
    """The task with the retry policy from settings: exponential back-off with jitter, transient only."""
    if settings.task_retries <= 0:
        return task.with_options(retries=0)
    return task.with_options(
        retries=settings.task_retries,
        retry_delay_seconds=exponential_backoff(backoff_factor=settings.retry_delay_seconds)(settings.task_retries),
        retry_jitter_factor=0.5,
        retry_condition_fn=transient_only,
    )


def task_runner(settings: Settings) -> TaskRunner[Any] | None:
    """A task runner named in settings (e.g. `prefect_dask.DaskTaskRunner`), or None for the default."""
    if not settings.task_runner:
        return None
    module_name, _, class_name = settings.task_runner.rpartition(".")
    runner: TaskRunner[Any] = getattr(importlib.import_module(module_name), class_name)()
    return runner


def publish(summary: RunSummary, store: Store) -> None:
    """Log the summary and publish it, with the register, as artifacts the UI shows on the run."""
    logger = get_run_logger()
    for line in report.summary_lines(summary):
        # A feed or page that failed is a warning: the UI's log filter and log-based alerting see it.
        logger.warning(line) if report.is_problem_line(line) else logger.info(line)
    entries, steps = store.register(), report.history_steps(store.history(), store.changes())
    create_markdown_artifact(
        markdown=report.run_markdown(summary, entries, steps),
        key=f"{summary.kind}-summary",
        description=f"What this {summary.kind} run changed, then the register",
    )
    publish_register(entries)


def publish_register(entries: list[RegisterEntry]) -> bool:
    """A new version of the `ilrs-register` table only when the register differs from the last one published:
    its history in the UI is then a list of real changes, not one identical snapshot per run."""
    rows = report.register_artifact_rows(entries) or [{"register": "empty"}]
    if _latest_table(REGISTER_ARTIFACT_KEY) == rows:
        get_run_logger().info("register unchanged since its last published version: no new table artifact")
        return False
    create_table_artifact(table=rows, key=REGISTER_ARTIFACT_KEY, description="The ILRS register after this run")
    return True


def _latest_table(key: str) -> list[dict[str, Any]] | None:
    """The rows of the newest artifact under `key`, or None when there is none or it cannot be read (then we
    publish: a duplicate is better than a missing register)."""
    try:
        with get_client(sync_client=True) as client:
            newest = client.read_artifacts(
                artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])),
                sort=ArtifactSort.CREATED_DESC,
                limit=1,
            )
        latest = newest[0] if newest else None
        data = json.loads(latest.data) if latest is not None and isinstance(latest.data, str) else None
    except Exception:  # noqa: BLE001 - a failed look-up only costs one duplicate snapshot
        return None
    return data if isinstance(data, list) else None


PROBLEMS_TAG = "problems"  # on a run whose feeds, pages or deliveries failed: the runs list filters by it
PROBLEM_EVENT = "ilrs-watch.run.problem"  # one per kind of problem: an automation can notify on it
_STATE_MESSAGE_CHARS = 1000  # the runs list shows the start of it; the artifact has every reason


def finish(summary: RunSummary) -> RunSummary | State[RunSummary]:
    """What a flow returns: the summary (plain Completed) when all went well; else a Completed state whose
    message starts "with problems:" and gives the reasons, the run tagged `problems`, each problem logged at
    WARNING and emitted as an event. The state keeps Prefect's own name "Completed": a custom name falls outside
    the UI's default run filters, and the run would vanish from the runs list and the deployment page."""
    problems = report.problems(summary)
    if not problems:
        return summary
    logger = get_run_logger()
    for line in problems:
        logger.warning("run with problems: %s", line)
    _flag_problems(problems)
    message = "with problems: " + "; ".join(problems)
    if len(message) > _STATE_MESSAGE_CHARS:
        message = message[: _STATE_MESSAGE_CHARS - 1] + "…"
    return Completed(data=summary, message=message)


def _flag_problems(problems: list[str]) -> None:
    """Tag the current run `problems` and emit one event per problem; the API being away costs only the flag."""
    context = FlowRunContext.get()
    if context is None or context.flow_run is None:
        return
    run = context.flow_run
    try:
        with get_client(sync_client=True) as client:
            client.update_flow_run(run.id, tags=sorted({*run.tags, PROBLEMS_TAG}))
        for line in problems:
            emit_event(
                event=PROBLEM_EVENT,
                resource={"prefect.resource.id": f"prefect.flow-run.{run.id}", "prefect.resource.name": run.name},
                payload={"problem": line},
            )
    except Exception as exc:  # noqa: BLE001 - the state message and the logs still say it
        get_run_logger().warning("could not tag the run as having problems: %s", type(exc).__name__)


_bars = False  # progress bars instead of log lines: the CLI turns them on when its output is a terminal


def show_progress_bars(on: bool) -> None:
    global _bars
    _bars = on


class Progress:
    """How far a stage is, advanced per finished batch: a rich bar on a terminal, else a log line at each
    tenth of the way (scheduled runs log to Prefect, where a bar means nothing)."""

    def __init__(self, stage: str, total: int) -> None:
        self.stage, self.total, self.done = stage, total, 0
        self._logged_tenths = 0
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> Progress:
        if _bars and self.total:
            from rich.progress import Progress as Bar

            self._bar = Bar(transient=True)
            self._bar.start()
            self._task = self._bar.add_task(self.stage, total=self.total)
        return self

    def advance(self, n: int) -> None:
        self.done += n
        if self._bar is not None:
            self._bar.update(self._task, completed=self.done)
            return
        tenths = self.done * 10 // max(self.total, 1)
        if tenths > self._logged_tenths:
            self._logged_tenths = tenths
            get_run_logger().info("%s: %d of %d", self.stage, self.done, self.total)

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self._bar is not None:
            self._bar.stop()
