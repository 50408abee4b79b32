"""Sync state: pull cursors, the enrolment, the push lease, the last outcome, the attention inbox.

Datetimes frozen as fixed-width ISO text, as in 0001. The station secret is never stored here:
it lives in the OS keyring (or a 0600 file), see sync/client/secrets.py.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_stream",
        sa.Column("stream", sa.String(length=24), nullable=False),
        sa.Column("cursor", sa.Text(), nullable=True),
        sa.Column("pulled_at", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("stream"),
    )
    op.create_table(
        "sync_enrolment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("base_url", sa.String(length=200), nullable=False),
        sa.Column("station_id", sa.String(length=16), nullable=False),
        sa.Column("station_name", sa.String(length=100), nullable=False),
        sa.Column("key_id", sa.String(length=64), nullable=False),
        sa.Column("enrolled_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.CheckConstraint("id = 1", name="ck_sync_enrolment_one_row"),
    )
    op.create_table(
        "sync_lease",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=36), nullable=False),
        sa.Column("first_seq", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.String(length=32), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.CheckConstraint("id = 1", name="ck_sync_lease_one_row"),
    )
    op.create_table(
        "sync_status",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last_attempt_at", sa.String(length=32), nullable=True),
        sa.Column("last_success_at", sa.String(length=32), nullable=True),
        sa.Column("last_error_at", sa.String(length=32), nullable=True),
        sa.Column("last_error_kind", sa.String(length=32), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("acked_through_seq", sa.Integer(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.CheckConstraint("id = 1", name="ck_sync_status_one_row"),
    )
    op.create_table(
        "attention_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dedup_key", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("order_no", sa.String(length=32), nullable=True),
        sa.Column("event_id", sa.String(length=36), nullable=True),
        sa.Column("code", sa.String(length=64), nullable=True),
        sa.Column("message", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("resolved_at", sa.String(length=32), nullable=True),
        sa.Column("resolution", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dedup_key"),
    )
    with op.batch_alter_table("attention_item") as batch_op:
        batch_op.create_index("ix_attention_item_resolved_at", ["resolved_at"])


def downgrade() -> None:
    with op.batch_alter_table("attention_item") as batch_op:
        batch_op.drop_index("ix_attention_item_resolved_at")
    op.drop_table("attention_item")
    op.drop_table("sync_status")
    op.drop_table("sync_lease")
    op.drop_table("sync_enrolment")
    op.drop_table("sync_stream")
