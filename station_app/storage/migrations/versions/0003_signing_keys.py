"""Head-office public keys for pickup tokens, and the latest trusted time (one row).

Datetimes frozen as fixed-width ISO text, as in 0001.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# The trusted time only moves forward, whatever writes it (fixed-width text sorts as time).
TRUSTED_TIME_FORWARD_ONLY = """
CREATE TRIGGER trusted_time_forward_only BEFORE UPDATE OF latest_at ON trusted_time
WHEN NEW.latest_at < OLD.latest_at
BEGIN SELECT RAISE(ABORT, 'the trusted time never goes back'); END"""


def upgrade() -> None:
    op.create_table(
        "signing_key",
        sa.Column("key_id", sa.String(length=8), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("not_before", sa.String(length=32), nullable=False),
        sa.Column("not_after", sa.String(length=32), nullable=True),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("added_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("key_id"),
    )
    op.create_table(
        "trusted_time",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("latest_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.CheckConstraint("id = 1", name="ck_trusted_time_one_row"),
    )
    op.execute(TRUSTED_TIME_FORWARD_ONLY)


def downgrade() -> None:
    op.execute("DROP TRIGGER trusted_time_forward_only")
    op.drop_table("trusted_time")
    op.drop_table("signing_key")
