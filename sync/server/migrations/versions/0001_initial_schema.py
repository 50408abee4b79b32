"""Initial schema: head office as `metadata.create_all` made it before there were migrations.

Stations, credentials and enrolment codes; the change log the pull cursors point into;
catalogue, orders, signing keys and manifests; the events stations pushed, head office's stock
ledger, sequence gaps, day closes and refund requests; nonces and idempotent answers. Types
are frozen here as they are today (UTC datetimes are `DateTime(timezone=True)`, which the
models' UtcDateTime stores into), so this revision never changes when models.py does.

Revision ID: 0001
Revises:
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL gets a 64-bit identity.
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
UTC = sa.DateTime(timezone=True)

TABLES = ("ho_meta", "ho_stations", "ho_credentials", "ho_enrolment_codes", "ho_change_log",
          "ho_catalogue", "ho_orders", "ho_order_lines", "ho_signing_keys", "ho_events",
          "ho_stock_movements", "ho_nonces", "ho_idempotency", "ho_sequence_gaps",
          "ho_day_closes", "ho_manifests", "ho_refund_requests")


def upgrade() -> None:
    op.create_table(
        "ho_meta",
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "ho_stations",
        sa.Column("id", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("acked_through_seq", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "ho_credentials",
        sa.Column("key_id", sa.String(length=32), nullable=False),
        sa.Column("station_id", sa.String(length=16), nullable=False),
        sa.Column("secret", sa.String(length=64), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("revoked_at", UTC, nullable=True),
        sa.ForeignKeyConstraint(["station_id"], ["ho_stations.id"]),
        sa.PrimaryKeyConstraint("key_id"),
    )
    op.create_table(
        "ho_enrolment_codes",
        sa.Column("code_sha256", sa.String(length=64), nullable=False),
        sa.Column("station_id", sa.String(length=16), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("expires_at", UTC, nullable=False),
        sa.Column("used_at", UTC, nullable=True),
        sa.ForeignKeyConstraint(["station_id"], ["ho_stations.id"]),
        sa.PrimaryKeyConstraint("code_sha256"),
    )
    op.create_table(
        "ho_change_log",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("stream", sa.String(length=32), nullable=False),
        sa.Column("station_id", sa.String(length=16), nullable=True),
        sa.Column("ref", sa.String(length=64), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("committed_at", UTC, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_ho_change_log_stream_id", "ho_change_log", ["stream", "id"])
    op.create_table(
        "ho_catalogue",
        sa.Column("sku", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("barcode", sa.String(length=32), nullable=True),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("price_fen", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("sku"),
    )
    op.create_table(
        "ho_orders",
        sa.Column("order_no", sa.String(length=32), nullable=False),
        sa.Column("station_id", sa.String(length=16), nullable=False),
        sa.Column("pickup_code", sa.String(length=6), nullable=False),
        sa.Column("masked_phone", sa.String(length=20), nullable=False),
        sa.Column("phone_tail", sa.String(length=4), nullable=False),
        sa.Column("customer_name", sa.String(length=100), nullable=False),
        sa.Column("slot", sa.String(length=16), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("holding_deadline", UTC, nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("cancelled_at", UTC, nullable=True),
        sa.Column("handed_over_event_id", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(["station_id"], ["ho_stations.id"]),
        sa.PrimaryKeyConstraint("order_no"),
    )
    op.create_index("ix_ho_orders_station_id", "ho_orders", ["station_id"])
    op.create_table(
        "ho_order_lines",
        sa.Column("order_no", sa.String(length=32), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=32), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_price_fen", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["order_no"], ["ho_orders.order_no"]),
        sa.PrimaryKeyConstraint("order_no", "line_no"),
    )
    op.create_table(
        "ho_signing_keys",
        sa.Column("key_id", sa.String(length=8), nullable=False),
        sa.Column("private_key", sa.LargeBinary(length=32), nullable=False),
        sa.Column("public_key", sa.LargeBinary(length=32), nullable=False),
        sa.Column("not_before", UTC, nullable=False),
        sa.Column("not_after", UTC, nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.PrimaryKeyConstraint("key_id"),
    )
    op.create_table(
        "ho_events",
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("station_id", sa.String(length=16), nullable=False),
        sa.Column("station_seq", sa.BigInteger(), nullable=False),
        sa.Column("type", sa.String(length=64), nullable=False),
        sa.Column("occurred_at", UTC, nullable=False),
        sa.Column("received_at", UTC, nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=True),
        sa.Column("message", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("event_id"),
    )
    op.create_index("ix_ho_events_station_seq", "ho_events", ["station_id", "station_seq"])
    op.create_table(
        "ho_stock_movements",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("station_id", sa.String(length=16), nullable=False),
        sa.Column("sku", sa.String(length=32), nullable=False),
        sa.Column("delta", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("occurred_at", UTC, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_ho_stock_station_sku", "ho_stock_movements", ["station_id", "sku"])
    op.create_table(
        "ho_nonces",
        sa.Column("key_id", sa.String(length=32), nullable=False),
        sa.Column("nonce", sa.String(length=128), nullable=False),
        sa.Column("seen_at", UTC, nullable=False),
        sa.PrimaryKeyConstraint("key_id", "nonce"),
    )
    op.create_index("ix_ho_nonces_seen_at", "ho_nonces", ["seen_at"])
    op.create_table(
        "ho_idempotency",
        sa.Column("station_id", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("body_sha256", sa.String(length=64), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.PrimaryKeyConstraint("station_id", "key"),
    )
    op.create_table(
        "ho_sequence_gaps",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("station_id", sa.String(length=16), nullable=False),
        sa.Column("gap_after_seq", sa.BigInteger(), nullable=False),
        sa.Column("next_held_seq", sa.BigInteger(), nullable=False),
        sa.Column("detected_at", UTC, nullable=False),
        sa.Column("closed_at", UTC, nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_ho_sequence_gaps_station_id", "ho_sequence_gaps", ["station_id"])
    op.create_table(
        "ho_day_closes",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("station_id", sa.String(length=16), nullable=False),
        sa.Column("business_day", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("first_seq", sa.BigInteger(), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("checked_at", UTC, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_ho_day_closes_station_id", "ho_day_closes", ["station_id"])
    op.create_table(
        "ho_manifests",
        sa.Column("manifest_no", sa.String(length=40), nullable=False),
        sa.Column("station_id", sa.String(length=16), nullable=False),
        sa.Column("delivery_date", sa.String(length=10), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("published_at", UTC, nullable=False),
        sa.Column("received_event_id", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(["station_id"], ["ho_stations.id"]),
        sa.PrimaryKeyConstraint("manifest_no"),
    )
    op.create_index("ix_ho_manifests_station_id", "ho_manifests", ["station_id"])
    op.create_table(
        "ho_refund_requests",
        sa.Column("request_no", sa.String(length=40), nullable=False),
        sa.Column("station_id", sa.String(length=16), nullable=False),
        sa.Column("order_no", sa.String(length=32), nullable=False),
        sa.Column("sku", sa.String(length=32), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("requested_at", UTC, nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=True),
        sa.Column("note", sa.String(length=300), nullable=True),
        sa.Column("answered_at", UTC, nullable=True),
        sa.PrimaryKeyConstraint("request_no"),
    )
    op.create_index("ix_ho_refund_requests_station_id", "ho_refund_requests", ["station_id"])


def downgrade() -> None:
    for table in reversed(TABLES):  # children before the stations and orders they point at
        op.drop_table(table)
