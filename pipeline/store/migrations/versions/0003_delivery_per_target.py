"""Per-target delivery of alerts and document identity (issue 8; owner: delivery work).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # One row per (alert, target): a target that accepted an alert is never sent it again, whatever the others do.
    op.create_table(
        "deliveries",
        sa.Column("alert_id", sa.String(length=128), nullable=False),
        sa.Column("target_id", sa.String(length=64), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("next_attempt", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("owner", sa.String(length=64), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["alert_id"], ["outbox.alert_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("alert_id", "target_id"),
    )
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deliveries_status"), ["status"], unique=False)
    # The alert-wide claim is gone: an alert held by a sender when the schema moved is simply pending again
    # (its targets are fanned out on the next delivery).
    op.execute("UPDATE outbox SET status = 'pending', owner = NULL, lease_until = NULL WHERE status = 'sending'")


def downgrade() -> None:
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deliveries_status"))
    op.drop_table("deliveries")
    op.execute("UPDATE outbox SET status = 'pending' WHERE status = 'dead'")
