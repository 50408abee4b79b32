"""The rest of the station's day: manifests and receiving, walk-in sales, stock counts,
refund requests, return shipments, overdue reminders and each order's history notes.

Sales and order notes are history: triggers refuse to rewrite them, as for the ledger.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

HISTORY_TRIGGERS = (
    """CREATE TRIGGER sale_no_update BEFORE UPDATE ON sale
       BEGIN SELECT RAISE(ABORT, 'sales are history: refund instead'); END""",
    """CREATE TRIGGER sale_no_delete BEFORE DELETE ON sale
       BEGIN SELECT RAISE(ABORT, 'sales are history: refund instead'); END""",
    """CREATE TRIGGER sale_line_no_change BEFORE UPDATE ON sale_line
       BEGIN SELECT RAISE(ABORT, 'sales are history'); END""",
    """CREATE TRIGGER sale_line_no_delete BEFORE DELETE ON sale_line
       BEGIN SELECT RAISE(ABORT, 'sales are history'); END""",
    """CREATE TRIGGER order_note_no_change BEFORE UPDATE ON order_note
       BEGIN SELECT RAISE(ABORT, 'order history is append-only'); END""",
    """CREATE TRIGGER order_note_no_delete BEFORE DELETE ON order_note
       BEGIN SELECT RAISE(ABORT, 'order history is append-only'); END""",
)


def upgrade() -> None:
    op.create_table(
        "order_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_no", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("noted_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("order_note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_order_note_order_no"), ["order_no"], unique=False)

    op.create_table(
        "manifest",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("manifest_no", sa.String(length=40), nullable=False),
        sa.Column("station_id", sa.String(length=16), nullable=False),
        sa.Column("delivery_date", sa.String(length=10), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("received_at", sa.String(length=32), nullable=True),
        sa.Column("received_by", sa.Integer(), nullable=True),
        sa.Column("event_id", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["outbox_event.event_id"],
        ),
        sa.ForeignKeyConstraint(
            ["received_by"],
            ["staff.id"],
        ),
        sa.ForeignKeyConstraint(
            ["station_id"],
            ["station.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("manifest_no"),
    )
    with op.batch_alter_table("manifest", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_manifest_state"), ["state"], unique=False)

    op.create_table(
        "refund_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_no", sa.String(length=40), nullable=False),
        sa.Column("order_no", sa.String(length=32), nullable=False),
        sa.Column("sku", sa.String(length=32), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("photo_path", sa.String(length=200), nullable=True),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("requested_at", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("answered_at", sa.String(length=32), nullable=True),
        sa.Column("answer_note", sa.String(length=300), nullable=True),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["outbox_event.event_id"],
        ),
        sa.ForeignKeyConstraint(
            ["sku"],
            ["catalogue_item.sku"],
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("request_no"),
    )
    with op.batch_alter_table("refund_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_refund_request_order_no"), ["order_no"], unique=False)
        batch_op.create_index(batch_op.f("ix_refund_request_state"), ["state"], unique=False)

    op.create_table(
        "return_shipment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shipment_no", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("shipped_at", sa.String(length=32), nullable=True),
        sa.Column("shipped_by", sa.Integer(), nullable=True),
        sa.Column("event_id", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["staff.id"],
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["outbox_event.event_id"],
        ),
        sa.ForeignKeyConstraint(
            ["shipped_by"],
            ["staff.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("shipment_no"),
    )
    with op.batch_alter_table("return_shipment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_return_shipment_state"), ["state"], unique=False)

    op.create_table(
        "sale",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sale_no", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("original_sale_id", sa.Integer(), nullable=True),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("approved_by", sa.Integer(), nullable=True),
        sa.Column("sold_at", sa.String(length=32), nullable=False),
        sa.Column("subtotal_fen", sa.Integer(), nullable=False),
        sa.Column("discount_fen", sa.Integer(), nullable=False),
        sa.Column("total_fen", sa.Integer(), nullable=False),
        sa.Column("payment_method", sa.String(length=12), nullable=False),
        sa.Column("payment_ref", sa.String(length=64), nullable=True),
        sa.Column("cash_given_fen", sa.Integer(), nullable=True),
        sa.Column("change_fen", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["approved_by"],
            ["staff.id"],
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["outbox_event.event_id"],
        ),
        sa.ForeignKeyConstraint(
            ["original_sale_id"],
            ["sale.id"],
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sale_no"),
    )
    with op.batch_alter_table("sale", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sale_original_sale_id"), ["original_sale_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_sale_sold_at"), ["sold_at"], unique=False)

    op.create_table(
        "stock_count",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("count_no", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("started_at", sa.String(length=32), nullable=False),
        sa.Column("started_by", sa.Integer(), nullable=False),
        sa.Column("closed_at", sa.String(length=32), nullable=True),
        sa.Column("approved_by", sa.Integer(), nullable=True),
        sa.Column("event_id", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["approved_by"],
            ["staff.id"],
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["outbox_event.event_id"],
        ),
        sa.ForeignKeyConstraint(
            ["started_by"],
            ["staff.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("count_no"),
    )
    with op.batch_alter_table("stock_count", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stock_count_state"), ["state"], unique=False)

    op.create_table(
        "manifest_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("manifest_id", sa.Integer(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=32), nullable=False),
        sa.Column("expected", sa.Integer(), nullable=False),
        sa.Column("carton_code", sa.String(length=40), nullable=True),
        sa.Column("carton_units", sa.Integer(), nullable=False),
        sa.Column("received", sa.Integer(), nullable=False),
        sa.Column("damaged", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=24), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.Column("photo_path", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["manifest_id"],
            ["manifest.id"],
        ),
        sa.ForeignKeyConstraint(
            ["sku"],
            ["catalogue_item.sku"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("manifest_id", "sku"),
    )
    with op.batch_alter_table("manifest_line", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_manifest_line_carton_code"), ["carton_code"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_manifest_line_manifest_id"), ["manifest_id"], unique=False
        )

    op.create_table(
        "manifest_order",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("manifest_id", sa.Integer(), nullable=False),
        sa.Column("order_no", sa.String(length=32), nullable=False),
        sa.Column("bag_scanned", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["manifest_id"],
            ["manifest.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("manifest_id", "order_no"),
    )
    with op.batch_alter_table("manifest_order", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_manifest_order_manifest_id"), ["manifest_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_manifest_order_order_no"), ["order_no"], unique=False)

    op.create_table(
        "return_shipment_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shipment_id", sa.Integer(), nullable=False),
        sa.Column("order_no", sa.String(length=32), nullable=True),
        sa.Column("sku", sa.String(length=32), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("scanned", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["shipment_id"],
            ["return_shipment.id"],
        ),
        sa.ForeignKeyConstraint(
            ["sku"],
            ["catalogue_item.sku"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("return_shipment_line", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_return_shipment_line_order_no"), ["order_no"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_return_shipment_line_shipment_id"), ["shipment_id"], unique=False
        )

    op.create_table(
        "sale_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sale_id", sa.Integer(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=32), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_price_fen", sa.Integer(), nullable=False),
        sa.Column("oversell_reason", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["sale_id"],
            ["sale.id"],
        ),
        sa.ForeignKeyConstraint(
            ["sku"],
            ["catalogue_item.sku"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sale_id", "line_no"),
    )
    with op.batch_alter_table("sale_line", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sale_line_sale_id"), ["sale_id"], unique=False)

    op.create_table(
        "stock_count_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("count_id", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=32), nullable=False),
        sa.Column("book", sa.Integer(), nullable=False),
        sa.Column("counted", sa.Integer(), nullable=False),
        sa.Column("counted_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["count_id"],
            ["stock_count.id"],
        ),
        sa.ForeignKeyConstraint(
            ["sku"],
            ["catalogue_item.sku"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("count_id", "sku"),
    )
    with op.batch_alter_table("stock_count_line", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_stock_count_line_count_id"), ["count_id"], unique=False
        )

    with op.batch_alter_table("catalogue_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("low_stock_level", sa.Integer(), nullable=True))

    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("shortage", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("reminded_at", sa.String(length=32), nullable=True))
        batch_op.add_column(
            sa.Column("reminders", sa.Integer(), nullable=False, server_default="0")
        )
    with op.batch_alter_table("order_line", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("short_quantity", sa.Integer(), nullable=False, server_default="0")
        )

    for statement in HISTORY_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    with op.batch_alter_table("order_line", schema=None) as batch_op:
        batch_op.drop_column("short_quantity")
    for name in (
        "sale_no_update",
        "sale_no_delete",
        "sale_line_no_change",
        "sale_line_no_delete",
        "order_note_no_change",
        "order_note_no_delete",
    ):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_column("reminders")
        batch_op.drop_column("reminded_at")
        batch_op.drop_column("shortage")

    with op.batch_alter_table("catalogue_item", schema=None) as batch_op:
        batch_op.drop_column("low_stock_level")

    with op.batch_alter_table("stock_count_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stock_count_line_count_id"))

    op.drop_table("stock_count_line")
    with op.batch_alter_table("sale_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sale_line_sale_id"))

    op.drop_table("sale_line")
    with op.batch_alter_table("return_shipment_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_return_shipment_line_shipment_id"))
        batch_op.drop_index(batch_op.f("ix_return_shipment_line_order_no"))

    op.drop_table("return_shipment_line")
    with op.batch_alter_table("manifest_order", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_manifest_order_order_no"))
        batch_op.drop_index(batch_op.f("ix_manifest_order_manifest_id"))

    op.drop_table("manifest_order")
    with op.batch_alter_table("manifest_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_manifest_line_manifest_id"))
        batch_op.drop_index(batch_op.f("ix_manifest_line_carton_code"))

    op.drop_table("manifest_line")
    with op.batch_alter_table("stock_count", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stock_count_state"))

    op.drop_table("stock_count")
    with op.batch_alter_table("sale", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sale_sold_at"))
        batch_op.drop_index(batch_op.f("ix_sale_original_sale_id"))

    op.drop_table("sale")
    with op.batch_alter_table("return_shipment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_return_shipment_state"))

    op.drop_table("return_shipment")
    with op.batch_alter_table("refund_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_refund_request_state"))
        batch_op.drop_index(batch_op.f("ix_refund_request_order_no"))

    op.drop_table("refund_request")
    with op.batch_alter_table("manifest", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_manifest_state"))

    op.drop_table("manifest")
    with op.batch_alter_table("order_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_order_note_order_no"))

    op.drop_table("order_note")
