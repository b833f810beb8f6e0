"""One typed settings object, built at the edge (CLI, flows) and passed down.

pydantic-settings reads the `ILRS_*` variables; what the edge hands over besides (a run's parameters, CLI flags,
values the flows read from Prefect) wins over them. Nothing here runs at import time: `Settings.from_env()`
reads the environment only when the edge calls it.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, PydanticBaseSettingsSource, SettingsConfigDict

from pipeline.backoff import Backoff
from pipeline.errors import InputError

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
_TRUE = {"1", "true", "yes", "on", "all"}
_FALSE = {"0", "false", "no", "off", "none"}

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    # Each field is read from ILRS_<NAME>; an empty variable counts as unset.
    model_config = SettingsConfigDict(env_prefix="ILRS_", env_ignore_empty=True, frozen=True, extra="forbid")

    database_url: SecretStr = SecretStr(f"sqlite:///{PROJECT_ROOT / 'var' / 'ilrs-watch.sqlite3'}")
    # A missing SQLite file is a typo until proven otherwise: only `baseline` or this switch creates one.
    create_database: bool = False
    seeds_dir: Path = PROJECT_ROOT / "seeds"
    feeds_file: Path = PROJECT_ROOT / "pipeline" / "default_feeds.yaml"
    feed_list: str | None = None  # a feed list as text (YAML, or URLs one per line); wins over feeds_file

    # Apprise targets hold tokens and passwords: kept secret so they never print, log or serialise.
    apprise_urls: Annotated[tuple[SecretStr, ...], NoDecode] = ()
    # Targets that opted into everything: unconfirmed changes too, as they are found (an analyst's own inbox).
    apprise_everything_urls: Annotated[tuple[SecretStr, ...], NoDecode] = ()
    apprise_config: Path | None = None
    apprise_tag: str | None = None
    alert_mode: Literal["change", "digest"] = "change"  # one notification per change, or one per run
    # Each (alert, target) is retried through the outbox with exponential back-off, then parked as dead.
    delivery_max_attempts: int = 8
    delivery_backoff_seconds: float = 300.0  # wait after the first failure; doubles with each failure
    delivery_backoff_max_seconds: float = 6 * 3600.0
    delivery_lease_seconds: float = 300.0  # how long one send may hold its delivery before another run may take it
    delivery_deadline_seconds: float = 30.0  # connect + send + answer of one delivery, however slowly it trickles

    # True (or "all") allows every non-public address; a list of networks allows only those, so tests and
    # intranets can reach e.g. 127.0.0.0/8 while 169.254.169.254 (cloud metadata) stays refused.
    allow_private_networks: Annotated[bool | tuple[Network, ...], NoDecode] = False
    user_agent: str = "ILRS-Watch/0.1 (+https://github.com/ilrs-watch; lunar-programme monitoring)"
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0  # wall-clock cap on one response, however slowly it trickles in
    max_feed_bytes: int = 5 * 1024 * 1024
    max_page_bytes: int = 5 * 1024 * 1024
    concurrency: int = 32
    per_host_concurrency: int = 4
    max_redirects: int = 5
    # Where Google News article pages and its link decoder live: a setting so tests can serve an imitation.
    google_news_base_url: str = "https://news.google.com"
    disable_after_failures: int = 10  # consecutive failures before a feed is switched off
    backoff_base_seconds: float = 300.0
    backoff_max_seconds: float = 24 * 3600.0
    extraction_budget_seconds: float = 60.0  # one document's extraction; past it, the page is "too complex"
    page_max_attempts: int = 5  # fetches of a page failing for now (5xx, 429, time-out) before it fails for good
    stale_run_minutes: float = 120.0  # a monitor run still "Running" this long after its last state is crashed

    task_retries: int = 3  # Prefect retries of network- and database-bound tasks (transient errors only)
    retry_delay_seconds: float = 10.0  # first back-off; doubles each retry, with jitter
    task_runner: str | None = None  # dotted path of a Prefect task runner class, e.g. prefect_dask.DaskTaskRunner
    feeds_per_task: int = 200  # feeds polled concurrently inside one task
    articles_per_task: int = 200  # batch size: a Prefect task per chunk of articles, never per article

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """What the edge hands over, then the environment; no .env or secrets directory is read."""
        return init_settings, env_settings

    @field_validator("*", mode="before")
    @classmethod
    def _stripped(cls, value: object) -> object:
        return value.strip() if isinstance(value, str) else value

    @field_validator(
        "concurrency", "per_host_concurrency", "feeds_per_task", "articles_per_task", "delivery_max_attempts"
    )
    @classmethod
    def _positive(cls, value: int) -> int:
        if value < 1:
            raise ValueError("must be at least 1")
        return value

    @field_validator("delivery_deadline_seconds")
    @classmethod
    def _deadline_within_lease(cls, value: float, info: ValidationInfo) -> float:
        # A send still running when its lease ran out could be taken, and sent again, by another run.
        lease = info.data.get("delivery_lease_seconds")
        if value <= 0 or (isinstance(lease, float) and value >= lease):
            raise ValueError("must be more than 0 and less than ILRS_DELIVERY_LEASE_SECONDS")
        return value

    @field_validator("apprise_urls", "apprise_everything_urls", mode="before")
    @classmethod
    def _apprise_urls(cls, value: object) -> object:
        # Apprise's own convention, shared by every list setting: URLs separated by whitespace or commas.
        return tuple(SecretStr(part) for part in url_list(value)) if isinstance(value, str) else value

    @field_validator("allow_private_networks", mode="before")
    @classmethod
    def _networks(cls, value: object) -> object:
        if isinstance(value, str):
            word = value.strip().lower()
            if word in _TRUE | _FALSE or not word:
                return word in _TRUE
            value = value.replace(",", " ").split()
        if isinstance(value, list | tuple):
            try:
                return tuple(ipaddress.ip_network(str(v).strip(), strict=False) for v in value)
            except ValueError as exc:
                raise ValueError(f"expected all, true, false or networks like 127.0.0.0/8 ({exc})") from None
        return value

    @classmethod
    def from_env(cls, *, given: Mapping[str, Any] | None = None, **overrides: Any) -> Settings:
        """Settings from ILRS_* variables, under what the edge hands over: `given` (values kept elsewhere, such
        as the flows' Prefect Variable and Secret) wins over the variables, explicit `overrides` (CLI flags, a
        run's parameters) over everything. None means "not given"."""
        handed = {k: v for k, v in {**(given or {}), **overrides}.items() if v is not None}
        try:
            return cls(**handed)
        except ValidationError as exc:
            raise InputError(_one_line(exc, set(handed))) from None

    def backoff(self, jitter: float = 0.0) -> Backoff:
        """How long a failing feed, page or aggregator link waits before its next try."""
        return Backoff(self.backoff_base_seconds, self.backoff_max_seconds, jitter)

    def delivery_backoff(self) -> Backoff:
        """How long a failed (alert, target) delivery waits before the outbox tries it again."""
        return Backoff(self.delivery_backoff_seconds, self.delivery_backoff_max_seconds)

    def apprise_secrets(self) -> list[str]:
        """The raw apprise URLs, for the one place that hands them to apprise."""
        return [url.get_secret_value() for url in self.apprise_urls]

    def apprise_everything_secrets(self) -> list[str]:
        return [url.get_secret_value() for url in self.apprise_everything_urls]

    def database(self) -> str:
        return self.database_url.get_secret_value()


# A comma separates two URLs only where the next one starts: a comma inside a URL's query stays.
_URL_SEPARATOR = re.compile(r"\s+|,\s*(?=[A-Za-z][A-Za-z0-9+.-]*://)")


def url_list(value: str) -> list[str]:
    """URLs given in one string, the same way wherever they are kept (an ILRS_* variable, a Prefect Variable or
    Secret): a JSON list, or URLs separated by new lines, spaces or commas."""
    text = value.strip()
    if text.startswith("["):
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        if isinstance(data, list):
            return [str(item).strip() for item in data if str(item).strip()]
    return [part.strip(",") for part in _URL_SEPARATOR.split(text) if part.strip(",")]


_SECRET_FIELDS = {"database_url", "apprise_urls", "apprise_everything_urls"}


def _one_line(exc: ValidationError, overridden: set[str]) -> str:
    """The first problem as one line naming the ILRS_* variable (or the parameter) and what it expects."""
    error = exc.errors(include_url=False)[0]
    field = str(error["loc"][0]) if error["loc"] else "settings"
    where = f"parameter {field}" if field in overridden else f"ILRS_{field.upper()}"
    got = "" if field in _SECRET_FIELDS else f" (got {error.get('input')!r})"
    message = str(error["msg"]).removeprefix("Value error, ")
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{where}: {message}{got}{more}"
