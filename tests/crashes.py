"""Deterministic fault injection for monitor runs: a run in a child process that dies (os._exit) at its N-th
boundary, where a boundary is a database commit, the moment before a send, or the moment after a target
accepted one.

The child runs the monitor flow's own body (`flows.monitor.run_monitor`: the same stages, in the same order,
through the same `ingest_all` and `conclude`), with each Prefect task called as its plain function (`.fn`):
Prefect's engine adds retries and bookkeeping around the stages, not commits or sends of ours. The child is
forked from the test process, so it starts in milliseconds with every module and language file loaded.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import apprise
from sqlalchemy import event
from sqlalchemy.orm import Session

from flows.monitor import run_monitor  # imported here, once: every forked run starts with it loaded
from pipeline.store import Store

apprise.Apprise().add("json://127.0.0.1/")  # apprise loads its plugins on first use: here, once

# Store methods that only read: their commits are not boundaries of their own.
READS = frozenset({"feed_states", "unseen", "pending", "due_deliveries", "outbox", "changes", "deliveries",
                   "cached_links", "documents", "document_urls", "register", "history", "reviews"})  # fmt: skip
KILLED = 70  # the exit code of a child that died at its boundary
FINISHED = 0


@dataclass
class _State:
    """What a task called with `return_state=True` hands back in the flow's code."""

    value: Any

    def is_completed(self) -> bool:
        return True

    def result(self) -> Any:
        return self.value


class _Plain:
    """A Prefect task as its plain function: called, submitted or given options, it just runs."""

    def __init__(self, fn: Callable[..., Any]) -> None:
        self.fn = fn

    def with_options(self, **_: object) -> _Plain:
        return self

    def __call__(self, *args: Any, return_state: bool = False, **kwargs: Any) -> Any:
        value = self.fn(*args, **kwargs)
        return _State(value) if return_state else value

    def submit(self, *args: Any, **kwargs: Any) -> _State:
        return _State(self.fn(*args, **kwargs))


def _without_prefect(clock_shift: timedelta) -> None:
    from flows import common, tail, tasks
    from pipeline import monitor

    for name in dir(tasks):
        task = getattr(tasks, name)
        if hasattr(task, "fn") and hasattr(task, "with_options"):
            setattr(tasks, name, _Plain(task.fn))
    tail.publish = lambda summary, store: None  # type: ignore[assignment]  # artifacts: the API's, not ours
    common.get_run_logger = lambda: logging.getLogger("crash-harness")  # type: ignore[assignment]
    if clock_shift:
        real = monitor.utcnow
        monitor.utcnow = lambda: real() + clock_shift  # a later run: leases of a dead sender have run out


def _store_method() -> str:
    """The Store method whose transaction just committed: what the boundary is called in a failure."""
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_filename.endswith(
            os.path.join("store", "repository.py")
        ) and not frame.f_code.co_name.startswith("_"):
            return frame.f_code.co_name
        frame = frame.f_back
    return "?"


def _die_at(boundary: int | None, trace: int) -> None:
    """Count boundaries; at the chosen one, die. The count is written to `trace` at every boundary."""
    from pipeline import alerts

    seen = [0]

    def reached(what: str) -> None:
        seen[0] += 1
        os.write(trace, f"{seen[0]} {what}\n".encode())
        if boundary is not None and seen[0] == boundary:
            os._exit(KILLED)

    def committed(session: Session) -> None:
        method = _store_method()
        if method not in READS:  # dying after a read is dying after the write before it
            reached(f"commit of Store.{method}")

    event.listen(Session, "after_commit", committed)
    send = alerts.send_to

    def send_to(target: Any, alert: Any, settings: Any) -> None:
        reached(f"before send {alert.title}")
        send(target, alert, settings)
        reached(f"after send {alert.title}")

    alerts.send_to = send_to  # type: ignore[assignment]


def run(settings: Any, *, die_at: int | None = None, clock_shift: timedelta = timedelta(0)) -> tuple[int, list[str]]:
    """One monitor run in a forked child; its exit code and the boundaries it passed, in order."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = FINISHED
        try:
            os.close(read)
            _without_prefect(clock_shift)
            _die_at(die_at, write)
            with Store(settings.database()) as store:
                run_monitor(store, settings)
        except BaseException as exc:  # noqa: BLE001 - reported to the parent through the exit code
            print(f"harness child failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            code = 1
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read) as lines:
        trace = lines.read().splitlines()
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), trace
