"""Input checked at the door: settings, database, feed list, output paths and dates, before any work starts.

Each check raises `InputError` with one line that names what is wrong and where (never a secret), so the CLI
can print it and exit 2 before Prefect starts, and a flow started from the UI fails at once with that line.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time
from pathlib import Path

import yaml
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from pipeline import feeds
from pipeline.errors import InputError
from pipeline.records import FeedConfig
from pipeline.settings import Settings
from pipeline.store import Store

DATE_HELP = "expected a date (2025-11-01) or a date and time (2025-11-01T08:00, UTC unless it names a zone)"


def check_database(settings: Settings, *, create: bool = False) -> None:
    """The database URL parses and connects. A SQLite file that does not exist is created only when asked
    (`create`, or `create_database` in settings): a mistyped path must not become a new empty register."""
    try:
        url = make_url(settings.database())
    except ArgumentError:
        raise InputError(
            "ILRS_DATABASE_URL is not a database URL (expected e.g. sqlite:///var/ilrs-watch.sqlite3 "
            "or postgresql+psycopg://user@host/db)"
        ) from None
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        _check_sqlite_file(Path(url.database), create or settings.create_database)
    Store(settings.database()).check()


def _check_sqlite_file(path: Path, create: bool) -> None:
    if path.is_dir():
        raise InputError(f"ILRS_DATABASE_URL names a directory, not a SQLite file: {path}")
    if path.exists():
        return
    if not create:
        raise InputError(
            f"no register at {path} (check ILRS_DATABASE_URL for a typo; `ilrs-watch baseline` creates it, "
            "as do --create-db and ILRS_CREATE_DATABASE=true)"
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the directory {path.parent}: {exc.strerror or exc}") from None


def check_feeds(settings: Settings) -> list[FeedConfig]:
    """The feed list reads, parses and passes its schema (its errors name the path, the entry and the key;
    YAML's, on one line). A list given inline (the Prefect Variable) wins over the file, as in a run."""
    try:
        if settings.feed_list:
            return feeds.parse_feed_list(settings.feed_list, "given in settings (Prefect Variable ilrs-feeds)")
        return feeds.load_feeds(settings.feeds_file)
    except InputError as exc:
        cause = exc.__cause__
        if isinstance(cause, yaml.MarkedYAMLError) and cause.problem_mark:
            mark = cause.problem_mark
            where = "given in settings" if settings.feed_list else settings.feeds_file
            raise InputError(
                f"the feed list {where} is not valid YAML: line {mark.line + 1}, "
                f"column {mark.column + 1}: {cause.problem}"
            ) from None
        raise


def check_output(path: Path, flag: str = "--output") -> None:
    """A file we are about to write: its directory exists and we may write there."""
    directory = path.parent
    if path.is_dir():
        raise InputError(f"{flag} {path} is a directory; name a file")
    if not directory.is_dir():
        raise InputError(f"{flag} {path}: the directory {directory} does not exist")
    if not os.access(directory, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise InputError(f"{flag} {path}: not writable")


def check_readable(path: Path, what: str) -> None:
    if not path.is_file() or not os.access(path, os.R_OK):
        raise InputError(f"cannot read {what} {path}: {'no such file' if not path.exists() else 'not a readable file'}")


def date_bound(value: date | datetime | str | None, *, end_of_day: bool = False, name: str = "date") -> datetime | None:
    """A range bound as an aware UTC datetime. Plain dates mean the whole day: `since` its start, `until`
    (end_of_day) its end. Naive datetimes are UTC; aware ones are converted."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = _parse(value.strip(), name)
    if not isinstance(value, datetime):
        return datetime.combine(value, time.max if end_of_day else time.min, tzinfo=UTC)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _parse(text: str, name: str) -> date | datetime:
    try:
        return date.fromisoformat(text)  # a date alone: the caller decides which end of the day it means
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise InputError(f"{name} {text!r}: {DATE_HELP}") from None
