"""The store: models (`models`), the repository with every SQL statement (`repository`), rows ⇄ records
(`mapping`), engines (`engine`) and the Alembic migrations (`migrations/`)."""

from pipeline.store.models import Base
from pipeline.store.repository import MIGRATIONS, Store

__all__ = ["MIGRATIONS", "Base", "Store"]
