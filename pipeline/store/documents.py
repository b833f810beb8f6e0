"""The archive's re-extraction in the store: documents read back a batch at a time (flat memory), their findings
stored batch by batch, and the keys they name resolved once at the end."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, defer

from pipeline.records import AlertPolicy, Change, Document, Extraction, IngestResult, MissionFinding, PartnerFinding
from pipeline.store import digests, mapping
from pipeline.store.models import DocumentRow, FindingRow

Q = TypeVar("Q", bound=sa.Select[Any])


class DocumentReads:
    """The store's part in a re-extraction (`Store` provides the engine, transactions and the register's steps)."""

    @property
    def engine(self) -> Engine:
        raise NotImplementedError

    def _transaction(self, *, serialised: bool = False) -> AbstractContextManager[Session]:
        raise NotImplementedError

    def _update_register(
        self, s: Session, key: str, now: datetime, run_id: str, policy: str
    ) -> tuple[list[Change], int]:
        raise NotImplementedError

    def store_documents(self, items: Sequence[tuple[Document, Extraction]], now: datetime) -> tuple[int, int, set[str]]:
        """Documents and findings only, one transaction: (new, updated, the keys their findings name, now or
        before). A re-extraction of the archive resolves those keys once at its end (`resolve`): resolving them
        after every batch would read each key's growing list of claims again and again."""
        with self._transaction(serialised=True) as s:
            new, updated, affected = self._store_documents(s, items, now)
        # An unchanged document's keys too: a run that died before its resolution is made good by the next.
        named = {p.key for _, found in items for p in found.partners} | {m.key for _, x in items for m in x.missions}
        return new, updated, affected | named

    def resolve(
        self, keys: Iterable[str], *, policy: AlertPolicy, run_id: str, now: datetime, digest_id: str | None = None
    ) -> IngestResult:
        """Re-resolve these keys from every stored claim and record the changes, one transaction."""
        with self._transaction(serialised=True) as s:
            changes, queued = self._resolve(s, set(keys), policy, run_id, now, digest_id)
        return IngestResult(0, 0, tuple(changes), queued)

    def _store_documents(
        self, s: Session, items: Sequence[tuple[Document, Extraction]], now: datetime
    ) -> tuple[int, int, set[str]]:
        """Write a batch: each document whose text or findings changed, with its findings replaced. One query
        reads the batch's stored rows, one flush writes the documents, one statement inserts the findings."""
        counts = {"new": 0, "updated": 0, "same": 0}
        affected: set[str] = set()
        urls = {document.url for document, _ in items}
        query = sa.select(DocumentRow).where(DocumentRow.url.in_(urls)).options(defer(DocumentRow.text))
        stored = {row.url: row for row in s.scalars(query)}  # without text: it is only ever replaced
        findings: dict[str, tuple[DocumentRow, list[dict[str, Any]]]] = {}
        for document, extraction in items:
            said: list[PartnerFinding | MissionFinding] = [*extraction.partners, *extraction.missions]
            found = [mapping.finding_values(f, document.url) for f in said]
            content_hash = mapping.content_hash(document, found)
            row = stored.get(document.url)
            if row is not None and row.content_hash == content_hash:
                counts["same"] += 1
                continue
            counts["new" if row is None else "updated"] += 1
            if row is None:
                row = stored[document.url] = DocumentRow(url=document.url, fetched_at=now)
                s.add(row)
            _fill(row, document, content_hash)
            findings[document.url] = (row, found)  # a later copy of the same address in the batch wins
            affected |= {f["key"] for f in found}
        replaced = [row.id for row, _ in findings.values() if row.id is not None]
        if replaced:  # the keys they named before count as affected: a finding gone is news too
            affected |= set(s.scalars(sa.select(FindingRow.key).where(FindingRow.document_id.in_(replaced))))
            s.execute(sa.delete(FindingRow).where(FindingRow.document_id.in_(replaced)))
        s.flush()
        rows = [{**f, "document_id": row.id} for row, found in findings.values() for f in found]
        if rows:
            s.execute(sa.insert(FindingRow), rows)
        return counts["new"], counts["updated"], affected

    def _resolve(
        self, s: Session, keys: set[str], policy: str, run_id: str, now: datetime, digest_id: str | None
    ) -> tuple[list[Change], int]:
        changes, queued = [], 0
        for key in sorted(keys):
            told, alerted = self._update_register(s, key, now, run_id, policy)
            changes += told
            queued += alerted
        if digest_id is not None:
            digests.collect(s, digest_id, [c.change_id for c in changes], now)
        return changes, queued

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


def _fill(row: DocumentRow, document: Document, content_hash: str) -> None:
    row.fingerprint, row.content_hash, row.origin = document.fingerprint, content_hash, document.origin
    row.title, row.site, row.language, row.text = document.title, document.site, document.language, document.text
    if document.published is not None or row.published is None:
        row.published, row.date_inferred = document.published, document.date_inferred
    row.feed_url, row.entry_id = document.feed_url, document.entry_id
