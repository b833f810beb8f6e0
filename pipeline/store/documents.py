"""Reading the stored documents back, a batch at a time, so a re-extraction of the whole archive runs in flat memory."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from pipeline.records import Document
from pipeline.store import mapping
from pipeline.store.models import DocumentRow

Q = TypeVar("Q", bound=sa.Select[Any])


class DocumentReads:
    """The store's reads of documents (`Store` provides the engine and transactions)."""

    @property
    def engine(self) -> Engine:
        raise NotImplementedError

    def _transaction(self, *, serialised: bool = False) -> AbstractContextManager[Session]:
        raise NotImplementedError

    def documents(self, *, since: datetime | None = None, until: datetime | None = None) -> Iterator[Document]:
        for batch in self.document_batches(since=since, until=until):
            yield from batch

    def count_documents(self, *, since: datetime | None = None, until: datetime | None = None) -> int:
        query = _published_within(sa.select(sa.func.count()).select_from(DocumentRow), since, until)
        with self._transaction() as s:
            return int(s.scalar(query) or 0)

    def document_batches(
        self, *, since: datetime | None = None, until: datetime | None = None, size: int = 500
    ) -> Iterator[list[Document]]:
        """Stored documents by publication date (undated first), `size` at a time: memory holds one batch,
        however large the archive. PostgreSQL streams them from one server-side cursor (a snapshot that blocks
        no writer); SQLite reads page after page by key, each page its own short transaction, because a
        transaction there holds the write lock (BEGIN IMMEDIATE) that the caller's writes between pages need."""
        if self.engine.dialect.name == "postgresql":
            # Plain rows, not ORM objects: a streamed ORM result keeps every object it made in its session.
            table = DocumentRow.__table__
            query = _published_within(sa.select(table), since, until)
            query = query.order_by(table.c.published.nulls_first(), table.c.id)
            with self._transaction() as s:
                streamed = s.connection().execution_options(stream_results=True, yield_per=size).execute(query)
                for rows in streamed.partitions():
                    yield [mapping.document(DocumentRow(**row._mapping)) for row in rows]
            return
        after: tuple[datetime | None, int] | None = None
        while batch := self._page(since, until, after, size):
            yield [document for document, _ in batch]
            after = batch[-1][1]

    def _page(
        self, since: datetime | None, until: datetime | None, after: tuple[datetime | None, int] | None, size: int
    ) -> list[tuple[Document, tuple[datetime | None, int]]]:
        query = _published_within(sa.select(DocumentRow), since, until)
        if after is not None:
            published, last_id = after
            undated = DocumentRow.published.is_(None)
            if published is None:  # still among the undated, which come first
                query = query.where(sa.or_(sa.and_(undated, DocumentRow.id > last_id), ~undated))
            else:
                later = sa.or_(
                    DocumentRow.published > published,
                    sa.and_(DocumentRow.published == published, DocumentRow.id > last_id),
                )
                query = query.where(~undated, later)
        query = query.order_by(DocumentRow.published.nulls_first(), DocumentRow.id).limit(size)
        with self._transaction() as s:
            return [(mapping.document(row), (row.published, row.id)) for row in s.scalars(query)]


def _published_within(query: Q, since: datetime | None, until: datetime | None) -> Q:
    if since is not None:
        query = query.where(DocumentRow.published >= since)
    if until is not None:
        query = query.where(DocumentRow.published <= until)
    return query
