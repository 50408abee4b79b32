"""A station's whole life: recovery from head office, retired keys, station isolation,
retention.

- ho_lost_seqs: event numbers a station declared lost with a dead disk;
- ho_staff: the station's staff from its facts (names and roles, never a PIN);
- ho_stations.holding_days;
- ho_credentials.first_used_at, overlap_s: earlier keys retire when the new one is first used;
- ho_enrolment_codes.cancelled_at, request_sha256, key_id, overlap_s: codes can be cancelled,
  and a counter that crashed while enrolling gets the same key for the same request again;
- ho_orders.finished_at, personal_data_erased_at: finished orders, and their retention;
- ho_refund_requests: the primary key is (station, number), not the number alone;
- ho_change_log: indexes for a station's pull and for keeping only the newest change of each
  thing; ho_idempotency.created_at indexed for pruning.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
UTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "ho_lost_seqs",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("station_id", sa.String(length=16), nullable=False),
        sa.Column("from_seq", sa.BigInteger(), nullable=False),
        sa.Column("to_seq", sa.BigInteger(), nullable=False),
        sa.Column("declared_at", UTC, nullable=False),
        sa.Column("key_id", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_ho_lost_seqs_station_id", "ho_lost_seqs", ["station_id"])
    op.create_table(
        "ho_staff",
        sa.Column("station_id", sa.String(length=16), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.PrimaryKeyConstraint("station_id", "staff_id"),
    )
    with op.batch_alter_table("ho_stations") as batch:
        batch.add_column(sa.Column("holding_days", sa.Integer(), nullable=False,
                                   server_default="3"))
    with op.batch_alter_table("ho_credentials") as batch:
        batch.add_column(sa.Column("first_used_at", UTC, nullable=True))
        batch.add_column(sa.Column("overlap_s", sa.Integer(), nullable=False,
                                   server_default="0"))
    with op.batch_alter_table("ho_enrolment_codes") as batch:
        batch.add_column(sa.Column("cancelled_at", UTC, nullable=True))
        batch.add_column(sa.Column("request_sha256", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("key_id", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("overlap_s", sa.Integer(), nullable=False,
                                   server_default="0"))
    with op.batch_alter_table("ho_orders") as batch:
        batch.add_column(sa.Column("finished_at", UTC, nullable=True))
        batch.add_column(sa.Column("personal_data_erased_at", UTC, nullable=True))
    _refund_requests_keyed_by(["station_id", "request_no"], index=False)
    op.create_index("ix_ho_change_log_stream_station_id", "ho_change_log",
                    ["stream", "station_id", "id"])
    op.create_index("ix_ho_change_log_stream_station_ref", "ho_change_log",
                    ["stream", "station_id", "ref"])
    op.create_index("ix_ho_idempotency_created_at", "ho_idempotency", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_ho_idempotency_created_at", "ho_idempotency")
    op.drop_index("ix_ho_change_log_stream_station_ref", "ho_change_log")
    op.drop_index("ix_ho_change_log_stream_station_id", "ho_change_log")
    _refund_requests_keyed_by(["request_no"], index=True)
    with op.batch_alter_table("ho_orders") as batch:
        batch.drop_column("personal_data_erased_at")
        batch.drop_column("finished_at")
    with op.batch_alter_table("ho_enrolment_codes") as batch:
        batch.drop_column("overlap_s")
        batch.drop_column("key_id")
        batch.drop_column("request_sha256")
        batch.drop_column("cancelled_at")
    with op.batch_alter_table("ho_credentials") as batch:
        batch.drop_column("overlap_s")
        batch.drop_column("first_used_at")
    with op.batch_alter_table("ho_stations") as batch:
        batch.drop_column("holding_days")
    op.drop_table("ho_staff")
    op.drop_index("ix_ho_lost_seqs_station_id", "ho_lost_seqs")
    op.drop_table("ho_lost_seqs")


_REFUND_COLUMNS = ("request_no, station_id, order_no, sku, quantity, source, reason, "
                   "requested_at, event_id, decision, note, answered_at")


def _refund_requests_keyed_by(key: list[str], index: bool) -> None:
    """A new primary key: the table is built again beside the old one and the rows copied
    (the same on SQLite and PostgreSQL; the table is small)."""
    op.create_table(
        "ho_refund_requests_new",
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
        sa.PrimaryKeyConstraint(*key, name="pk_ho_refund_requests_new"),
    )
    op.execute(f"INSERT INTO ho_refund_requests_new ({_REFUND_COLUMNS}) "
               f"SELECT {_REFUND_COLUMNS} FROM ho_refund_requests")
    if not index:
        op.drop_index("ix_ho_refund_requests_station_id", "ho_refund_requests")
    op.drop_table("ho_refund_requests")
    op.rename_table("ho_refund_requests_new", "ho_refund_requests")
    if index:
        op.create_index("ix_ho_refund_requests_station_id", "ho_refund_requests",
                        ["station_id"])
