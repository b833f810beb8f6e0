"""Engines: the driver a URL names, a connect time-out for remote databases, and SQLite made safe for
concurrent runs (WAL, foreign keys, BEGIN IMMEDIATE)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

from pipeline.errors import InputError


def engine_for(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite":
        engine = sa.create_engine(parsed, connect_args={"timeout": 30})
        _serialise_sqlite(engine)
        return engine
    # A host that drops packets would hold a run (or the start-up check) for minutes without a connect time-out.
    postgres = parsed.get_backend_name() == "postgresql"
    connect_args = {"connect_timeout": 15} if postgres and "connect_timeout" not in parsed.query else {}
    return sa.create_engine(parsed, pool_pre_ping=True, connect_args=connect_args)


def _serialise_sqlite(engine: Engine) -> None:
    """SQLite: WAL, foreign keys, and BEGIN IMMEDIATE so a transaction holds the write lock from its start."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (the documented pysqlite recipe)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: sa.Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def check_connection(url: str) -> None:
    """Connect once, so a wrong URL, host or password is one clear line (never the password) before any work."""
    parsed = make_url(url)
    shown = parsed.set(query={}).render_as_string(hide_password=True)  # a query may carry a password too
    engine = None
    try:
        engine = engine_for(url)
        with engine.connect() as connection:
            connection.execute(sa.select(1))
    except (ImportError, sa.exc.NoSuchModuleError) as exc:
        raise InputError(f"no database driver for {shown}: {exc}") from None
    except sa.exc.SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        for secret in [parsed.password, *parsed.query.values()]:
            for text in [secret] if isinstance(secret, str) else secret or ():
                reason = reason.replace(text, "***") if len(text) > 3 else reason
        raise InputError(f"cannot open the database {shown}: {reason}") from None
    finally:
        if engine is not None:
            engine.dispose()
