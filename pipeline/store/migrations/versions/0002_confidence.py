"""Findings, claims, register and changes carry what a clause asserts and how sure it is (issue 7); the register
keeps the claim that decided each value and marks a value retracted instead of deleting it (issue 8).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _confidence() -> sa.Column[str]:
    # Rows from before this revision were weighed by no one: "medium", the records' default.
    return sa.Column("confidence", sa.String(length=8), server_default="medium", nullable=False)


def _assertion() -> sa.Column[str]:
    return sa.Column("assertion", sa.String(length=16), nullable=True)


def upgrade() -> None:
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.add_column(_assertion())
        batch_op.add_column(_confidence())
    with op.batch_alter_table("register", schema=None) as batch_op:
        batch_op.add_column(_confidence())
        batch_op.add_column(_assertion())
        batch_op.add_column(sa.Column("decided_by", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("retracted_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("changes", schema=None) as batch_op:
        batch_op.add_column(_confidence())
        batch_op.add_column(_assertion())
        batch_op.add_column(sa.Column("unconfirmed", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("changes", schema=None) as batch_op:
        batch_op.drop_column("unconfirmed")
        batch_op.drop_column("assertion")
        batch_op.drop_column("confidence")
    with op.batch_alter_table("register", schema=None) as batch_op:
        batch_op.drop_column("retracted_at")
        batch_op.drop_column("decided_by")
        batch_op.drop_column("assertion")
        batch_op.drop_column("confidence")
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.drop_column("confidence")
        batch_op.drop_column("assertion")
