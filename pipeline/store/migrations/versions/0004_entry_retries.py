"""Bounded retries of failed pages: attempts, retry time and last error per feed entry; a feed's last
success (issue 8).

An entry's status gains the value `failed` (a page refused, gone, or failing past the limit); old rows have
no failed fetch on record, so they start at zero attempts.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("not_before", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("last_error", sa.Text(), nullable=True))
    with op.batch_alter_table("feeds", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_success", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("feeds", schema=None) as batch_op:
        batch_op.drop_column("last_success")
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.drop_column("last_error")
        batch_op.drop_column("not_before")
        batch_op.drop_column("attempts")
