"""Initial schema: station, staff, catalogue, orders, stock ledger, handovers, print jobs, outbox.

Datetimes are fixed-width ISO text in UTC (see storage/types.py); frozen here as strings so
this migration never changes when the app's types do.

Revision ID: 0001
Revises:
Create Date: 2026-11-25 15:22:54.499283
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# History cannot be rewritten: ledger rows, outbox facts and handovers are append-only. The
# sync client may only stamp acked_at on an outbox event.
APPEND_ONLY_TRIGGERS = (
    """CREATE TRIGGER stock_movement_no_update BEFORE UPDATE ON stock_movement
       BEGIN SELECT RAISE(ABORT, 'stock_movement is append-only'); END""",
    """CREATE TRIGGER stock_movement_no_delete BEFORE DELETE ON stock_movement
       BEGIN SELECT RAISE(ABORT, 'stock_movement is append-only'); END""",
    """CREATE TRIGGER outbox_event_immutable BEFORE UPDATE OF
         event_id, station_id, station_seq, type, occurred_at, payload ON outbox_event
       BEGIN SELECT RAISE(ABORT, 'outbox events are immutable'); END""",
    """CREATE TRIGGER outbox_event_no_delete BEFORE DELETE ON outbox_event
       WHEN OLD.acked_at IS NULL
       BEGIN SELECT RAISE(ABORT, 'an unacknowledged outbox event cannot be deleted'); END""",
    """CREATE TRIGGER handover_no_update BEFORE UPDATE ON handover
       BEGIN SELECT RAISE(ABORT, 'handover is append-only'); END""",
    """CREATE TRIGGER handover_no_delete BEFORE DELETE ON handover
       BEGIN SELECT RAISE(ABORT, 'handover is append-only'); END""",
    """CREATE TRIGGER handover_line_no_change BEFORE UPDATE ON handover_line
       BEGIN SELECT RAISE(ABORT, 'handover_line is append-only'); END""",
)


revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "catalogue_item",
        sa.Column("sku", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("barcode", sa.String(length=32), nullable=True),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.Column("price_fen", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("sku"),
        sa.UniqueConstraint("barcode"),
    )
    op.create_table(
        "print_job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("printed_at", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("print_job", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_print_job_reference"), ["reference"], unique=False)
        batch_op.create_index(batch_op.f("ix_print_job_status"), ["status"], unique=False)

    op.create_table(
        "staff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "station",
        sa.Column("id", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("holding_days", sa.Integer(), nullable=False),
        sa.Column("is_local", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_no", sa.String(length=32), nullable=False),
        sa.Column("station_id", sa.String(length=16), nullable=False),
        sa.Column("pickup_code", sa.String(length=6), nullable=False),
        sa.Column("masked_phone", sa.String(length=20), nullable=False),
        sa.Column("phone_tail", sa.String(length=4), nullable=False),
        sa.Column("customer_name", sa.String(length=50), nullable=False),
        sa.Column("slot", sa.String(length=16), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("holding_deadline", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("arrived_at", sa.String(length=32), nullable=True),
        sa.Column("cancelled_at", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["station_id"],
            ["station.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("order_no"),
    )
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_orders_phone_tail"), ["phone_tail"], unique=False)
        batch_op.create_index(batch_op.f("ix_orders_pickup_code"), ["pickup_code"], unique=False)

    op.create_table(
        "outbox_event",
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("station_id", sa.String(length=16), nullable=False),
        sa.Column("station_seq", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("occurred_at", sa.String(length=32), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("acked_at", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["station_id"],
            ["station.id"],
        ),
        sa.PrimaryKeyConstraint("event_id"),
        sa.UniqueConstraint("station_id", "station_seq"),
    )
    op.create_table(
        "stock_balance",
        sa.Column("sku", sa.String(length=32), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["sku"],
            ["catalogue_item.sku"],
        ),
        sa.PrimaryKeyConstraint("sku"),
    )
    op.create_table(
        "stock_movement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=32), nullable=False),
        sa.Column("delta", sa.Integer(), nullable=False),
        sa.Column("balance_after", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=24), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("occurred_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["sku"],
            ["catalogue_item.sku"],
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("stock_movement", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_stock_movement_reference"), ["reference"], unique=False
        )
        batch_op.create_index("ix_stock_movement_sku_id", ["sku", "id"], unique=False)

    op.create_table(
        "handover",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("handed_over_at", sa.String(length=32), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["outbox_event.event_id"],
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["orders.id"],
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("order_id"),
    )
    with op.batch_alter_table("handover", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_handover_handed_over_at"), ["handed_over_at"], unique=False
        )

    op.create_table(
        "order_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=32), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_price_fen", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["orders.id"],
        ),
        sa.ForeignKeyConstraint(
            ["sku"],
            ["catalogue_item.sku"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("order_id", "line_no"),
    )
    op.create_table(
        "handover_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("handover_id", sa.Integer(), nullable=False),
        sa.Column("order_line_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["handover_id"],
            ["handover.id"],
        ),
        sa.ForeignKeyConstraint(
            ["order_line_id"],
            ["order_line.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("handover_line", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_handover_line_handover_id"), ["handover_id"], unique=False
        )

    for statement in APPEND_ONLY_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    with op.batch_alter_table("handover_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handover_line_handover_id"))

    op.drop_table("handover_line")
    op.drop_table("order_line")
    with op.batch_alter_table("handover", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handover_handed_over_at"))

    op.drop_table("handover")
    with op.batch_alter_table("stock_movement", schema=None) as batch_op:
        batch_op.drop_index("ix_stock_movement_sku_id")
        batch_op.drop_index(batch_op.f("ix_stock_movement_reference"))

    op.drop_table("stock_movement")
    op.drop_table("stock_balance")
    op.drop_table("outbox_event")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_orders_pickup_code"))
        batch_op.drop_index(batch_op.f("ix_orders_phone_tail"))

    op.drop_table("orders")
    op.drop_table("station")
    op.drop_table("staff")
    with op.batch_alter_table("print_job", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_print_job_status"))
        batch_op.drop_index(batch_op.f("ix_print_job_reference"))

    op.drop_table("print_job")
    op.drop_table("catalogue_item")
