"""Where a change stands (sure, unconfirmed, confirmed, rejected, retracted, superseded), the sources it cites,
which targets an alert is for, and whether an analyst (not its source) took a register value out (issue 14).

Changes recorded before this revision were told under the old rule: they stand as "sure", never re-alerted.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("changes") as batch:
        batch.add_column(sa.Column("standing", sa.String(length=12), server_default="sure", nullable=False))
        batch.add_column(sa.Column("settled_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("cited", sa.JSON(), nullable=True))
        batch.create_index("ix_changes_standing", ["standing"], unique=False)
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("audience", sa.String(length=8), server_default="all", nullable=False))
    with op.batch_alter_table("register") as batch:
        batch.add_column(sa.Column("rejected", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("register") as batch:
        batch.drop_column("rejected")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("audience")
    with op.batch_alter_table("changes") as batch:
        batch.drop_index("ix_changes_standing")
        batch.drop_column("cited")
        batch.drop_column("settled_at")
        batch.drop_column("standing")
