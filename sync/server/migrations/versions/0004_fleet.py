"""A fleet of stations: how far each station has pulled, so the change log can be pruned.

- ho_pull_positions: per station and per-station stream, the newest change the station has
  acknowledged (the cursor it sent back) and the newest change retention removed for it.
  Every existing station starts at 0: nothing of it is pruned until it pulls again.

(The change log's (stream, station_id, id) index a pull needs came with 0002.)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

UTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "ho_pull_positions",
        sa.Column("station_id", sa.String(length=16), nullable=False),
        sa.Column("stream", sa.String(length=32), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("pruned_through", sa.BigInteger(), nullable=False),
        sa.Column("pulled_at", UTC, nullable=False),
        sa.PrimaryKeyConstraint("station_id", "stream"),
    )


def downgrade() -> None:
    op.drop_table("ho_pull_positions")
