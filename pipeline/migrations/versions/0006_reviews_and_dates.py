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
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("date_inferred", sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table("register") as batch:
        batch.add_column(sa.Column("first_seen_basis", sa.String(length=8), server_default="source", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("register") as batch:
        batch.drop_column("first_seen_basis")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("date_inferred")
