"""Analyst verdicts on findings, and what a date rests on (issue 9).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reviews",
        sa.Column("review_key", sa.String(length=16), nullable=False),
        sa.Column("entity_key", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("value", sa.String(length=16), nullable=True),
        sa.Column("source_url", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.String(length=32), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("verdict", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("reviewer", sa.Text(), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("review_key"),
    )
    op.create_index(op.f("ix_reviews_entity_key"), "reviews", ["entity_key"], unique=False)
    with op.batch_alter_table("changes") as batch:
        batch.add_column(sa.Column("note", sa.Text(), nullable=True))
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("date_inferred", sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table("register") as batch:
        batch.add_column(sa.Column("first_seen_basis", sa.String(length=8), server_default="source", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("changes") as batch:
        batch.drop_column("note")
    op.drop_index(op.f("ix_reviews_entity_key"), table_name="reviews")
    op.drop_table("reviews")
    with op.batch_alter_table("register") as batch:
        batch.drop_column("first_seen_basis")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("date_inferred")
