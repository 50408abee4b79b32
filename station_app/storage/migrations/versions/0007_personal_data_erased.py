"""When an order's personal data (customer name, masked phone, phone tail) was erased on this
counter after the retention period (PIPL). The orders table has no history triggers: the purge
overwrites those columns in place and keeps every business fact.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # In place (ADD COLUMN), never a batch copy: other tables point at orders.
    op.add_column("orders", sa.Column("personal_data_erased_at", sa.String(length=32),
                                      nullable=True))


def downgrade() -> None:
    op.drop_column("orders", "personal_data_erased_at")
