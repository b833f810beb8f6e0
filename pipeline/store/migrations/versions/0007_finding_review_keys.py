"""Review keys stored on findings, so a verdict finds its claim by an index (issue 15).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07

"""

import hashlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 1000


def _review_key(entity_key: str, source_url: str, value: str | None) -> str:
    # `pipeline.register.review_key` as it stood when this revision was written: a migration never changes.
    return hashlib.sha256(f"{entity_key}\x1f{source_url}\x1f{value}".encode()).hexdigest()[:10]


def upgrade() -> None:
    with op.batch_alter_table("findings") as batch:
        batch.add_column(sa.Column("review_key", sa.String(length=16), nullable=True))
    findings = sa.table(
        "findings", sa.column("id", sa.Integer), sa.column("document_id", sa.Integer), sa.column("key", sa.Text),
        sa.column("value", sa.String), sa.column("review_key", sa.String),
    )  # fmt: skip
    documents = sa.table("documents", sa.column("id", sa.Integer), sa.column("url", sa.Text))
    connection = op.get_bind()
    query = (
        sa.select(findings.c.id, findings.c.key, findings.c.value, documents.c.url)
        .join(documents, findings.c.document_id == documents.c.id)
        .order_by(findings.c.id)
        .limit(_BATCH)
    )
    update = sa.update(findings).where(findings.c.id == sa.bindparam("row_id")).values(review_key=sa.bindparam("rk"))
    last = -1
    while rows := connection.execute(query.where(findings.c.id > last)).all():  # in batches: flat memory
        connection.execute(update, [{"row_id": r.id, "rk": _review_key(r.key, r.url, r.value)} for r in rows])
        last = rows[-1].id
    with op.batch_alter_table("findings") as batch:
        batch.alter_column("review_key", existing_type=sa.String(length=16), nullable=False)
        batch.create_index(batch.f("ix_findings_review_key"), ["review_key"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("findings") as batch:
        batch.drop_index(batch.f("ix_findings_review_key"))
        batch.drop_column("review_key")
