"""Alembic environment: run with the connection the store hands over (see `Store.migrate`)."""

from __future__ import annotations

from alembic import context

from pipeline.store.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through pipeline.store.Store.migrate(), which supplies the connection")

# render_as_batch: SQLite can only alter tables by copying them, which batch mode does for us.
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
