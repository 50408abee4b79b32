"""Nonces of requests other counters sent here, kept across restarts.

A request captured on the LAN and sent again after this counter restarted would otherwise be
answered: the nonces lived in memory only. Kept for twice the clock window, then forgotten.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lan_nonce",
        sa.Column("nonce", sa.String(length=128), primary_key=True),
        sa.Column("seen_at", sa.String(length=32), nullable=False, index=True),
    )


def downgrade() -> None:
    op.drop_table("lan_nonce")
