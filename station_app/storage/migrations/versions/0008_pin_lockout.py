"""PIN lock-outs that escalate: 5 minutes, then 30, then until a manager resets the PIN.

- staff.lockouts: lock-outs since the escalation was last cleared (a manager's PIN reset, or a
  right PIN a day after the latest lock-out); the third holds until a manager resets the PIN;
- staff.last_locked_at: when the latest lock-out began.

Columns are added in place, never by a batch table copy: other tables point at staff.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "staff", sa.Column("lockouts", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("staff", sa.Column("last_locked_at", sa.String(length=32), nullable=True))


def downgrade() -> None:
    op.drop_column("staff", "last_locked_at")
    op.drop_column("staff", "lockouts")
