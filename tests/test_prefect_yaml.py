"""prefect.yaml is the deployment contract: every entrypoint imports, every schedule parses, every flow ships."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
import yaml
from prefect import Flow
from prefect.client.schemas.schedules import CronSchedule

import flows

ROOT = Path(__file__).resolve().parent.parent
CONFIG = yaml.safe_load((ROOT / "prefect.yaml").read_text())
DEPLOYMENTS = CONFIG["deployments"]


def _load(entrypoint: str) -> object:
    path, _, name = entrypoint.partition(":")
    module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
    return getattr(module, name)


@pytest.mark.parametrize("deployment", DEPLOYMENTS, ids=lambda d: d["name"])
def test_entrypoint_is_a_flow(deployment: dict) -> None:
    assert isinstance(_load(deployment["entrypoint"]), Flow)


@pytest.mark.parametrize("deployment", DEPLOYMENTS, ids=lambda d: d["name"])
def test_schedules_parse(deployment: dict) -> None:
    for schedule in deployment.get("schedules") or []:
        CronSchedule(cron=schedule["cron"], timezone=schedule.get("timezone", "UTC"))


@pytest.mark.parametrize("deployment", DEPLOYMENTS, ids=lambda d: d["name"])
def test_parameters_match_the_flow(deployment: dict) -> None:
    signature = inspect.signature(_load(deployment["entrypoint"]).fn)
    assert set(deployment.get("parameters") or {}) <= set(signature.parameters)


def test_every_flow_in_flows_is_deployed() -> None:
    found = set()
    for info in pkgutil.iter_modules(flows.__path__):
        module = importlib.import_module(f"flows.{info.name}")
        found |= {obj.name for obj in vars(module).values() if isinstance(obj, Flow)}
    deployed = {_load(d["entrypoint"]).name for d in DEPLOYMENTS}
    assert found == deployed


def test_the_monitor_runs_every_30_minutes_never_twice_at_once() -> None:
    monitor = next(d for d in DEPLOYMENTS if d["name"] == "monitor")
    assert [s["cron"] for s in monitor["schedules"]] == ["*/30 * * * *"]
    assert monitor["schedules"][0]["timezone"] == "UTC"
    assert monitor["concurrency_limit"] == {"limit": 1, "collision_strategy": "CANCEL_NEW"}


def test_a_process_work_pool() -> None:
    assert {d["work_pool"]["name"] for d in DEPLOYMENTS} == {"ilrs-process"}
