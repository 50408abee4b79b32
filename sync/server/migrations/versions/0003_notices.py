"""Arrival notices: head office's notification outbox (ho_notices).

One row per notice to a resident (an order ready, an overdue reminder), unique per order, kind
and change, with its delivery state, attempts and next attempt.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
UTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "ho_notices",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("notice_id", sa.String(length=36), nullable=False),
        sa.Column("station_id", sa.String(length=16), nullable=False),
        sa.Column("order_no", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("change_key", sa.String(length=40), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTC, nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("sent_at", UTC, nullable=True),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.Column("text_erased_at", UTC, nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("notice_id"),
        sa.UniqueConstraint("order_no", "kind", "change_key",
                            name="uq_ho_notices_order_change"),
    )
    op.create_index("ix_ho_notices_station_id", "ho_notices", ["station_id"])
    op.create_index("ix_ho_notices_due", "ho_notices", ["state", "next_attempt_at"])


def downgrade() -> None:
    op.drop_index("ix_ho_notices_due", "ho_notices")
    op.drop_index("ix_ho_notices_station_id", "ho_notices")
    op.drop_table("ho_notices")
