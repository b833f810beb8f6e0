"""Runs that died mid-way: the next run of the same flow marks them Crashed, so the UI stops showing them
"Running" and the deployment's concurrency slot is theirs no longer.

A run killed with SIGKILL (or whose machine went away) never reports its end. Each run labels itself with
its host and process id; at the start of the next run, one of its kind still Running or Pending is dead when
its process is gone from this host, or when its state has not moved for `stale_run_minutes` (another host,
or no label). Setting a Crashed state with `force=True` goes through Prefect's minimal flow policy, whose
`ReleaseFlowConcurrencySlots` rule releases the deployment concurrency lease on leaving Running or Pending
(prefect 3.8, server/orchestration/core_policy.py); the server's repossessor also frees a lease the dead
engine stopped renewing, so the next scheduled run is not cancelled by `collision_strategy: CANCEL_NEW`.
"""

from __future__ import annotations

import os
import socket
from datetime import UTC, datetime, timedelta

from prefect import get_client
from prefect.client.schemas.filters import (
    FlowFilter,
    FlowFilterName,
    FlowRunFilter,
    FlowRunFilterState,
    FlowRunFilterStateType,
)
from prefect.client.schemas.objects import FlowRun, StateType
from prefect.context import FlowRunContext
from prefect.states import Crashed

HOST_LABEL = "ilrs.host"
PID_LABEL = "ilrs.pid"


def mark_dead_runs(stale_minutes: float) -> list[str]:
    """Label the current flow run with this host and process; mark dead runs of the same flow Crashed.

    Returns one line per run marked, for the run's log and summary."""
    context = FlowRunContext.get()
    if context is None or context.flow_run is None or context.flow is None:
        return []
    current = context.flow_run
    marked = []
    with get_client(sync_client=True) as client:
        client.update_flow_run_labels(current.id, {HOST_LABEL: socket.gethostname(), PID_LABEL: str(os.getpid())})
        unfinished = client.read_flow_runs(
            flow_filter=FlowFilter(name=FlowFilterName(any_=[context.flow.name])),
            flow_run_filter=FlowRunFilter(
                state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.RUNNING, StateType.PENDING]))
            ),
        )
        now = datetime.now(UTC)
        for run in unfinished:
            if run.id == current.id:  # a parent run that started this one as a subflow has our process: alive
                continue
            reason = why_dead(run, now, stale_minutes)
            if reason:
                message = f"marked crashed by run {current.name}: {reason}"
                client.set_flow_run_state(run.id, Crashed(message=message), force=True)
                marked.append(f"run {run.name} was left {run.state_name}: {reason}; marked Crashed")
    return marked


def why_dead(run: FlowRun, now: datetime, stale_minutes: float) -> str | None:
    """Why an unfinished run is dead, or None while it may be alive."""
    labels = run.labels or {}
    pid_label = str(labels.get(PID_LABEL, ""))
    if labels.get(HOST_LABEL) == socket.gethostname() and pid_label.isdigit():
        pid = int(pid_label)
        return None if _alive(pid) else f"its process {pid} on this host is gone"
    since = run.state.timestamp if run.state else run.start_time
    if since is not None and now - since > timedelta(minutes=stale_minutes):
        return f"no state change for {int((now - since).total_seconds() // 60)} minutes"
    return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True
