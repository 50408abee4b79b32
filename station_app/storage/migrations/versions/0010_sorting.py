"""Sorting (分拣): putting the day's bulk goods into each household's bag.

- order_line.placed_quantity: units of the line put into the order's bag while sorting;
- orders.sorted_at: when every unit of the order was placed (or found short);
- orders.address_line: the building and room the order carries (for the sorting sheet),
  personal data erased with the name and phone;
- sort_placement: one row per placement, so the last one can be undone and a crash between
  scans loses nothing and counts nothing twice.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("order_line") as batch_op:
        batch_op.add_column(sa.Column("placed_quantity", sa.Integer(), nullable=False,
                                      server_default="0"))
    op.add_column("orders", sa.Column("sorted_at", sa.String(length=32), nullable=True))
    op.add_column("orders", sa.Column("address_line", sa.String(length=80), nullable=False,
                                      server_default=""))
    op.create_table(
        "sort_placement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_line_id", sa.Integer(), nullable=False),
        sa.Column("order_no", sa.String(length=32), nullable=False),
        sa.Column("sku", sa.String(length=32), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("placed_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["order_line_id"], ["order_line.id"]),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("sort_placement") as batch_op:
        batch_op.create_index("ix_sort_placement_order_no", ["order_no"], unique=False)
    op.create_index("ix_orders_sorting", "orders", ["state", "sorted_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_orders_sorting", table_name="orders")
    op.drop_table("sort_placement")
    with op.batch_alter_table("orders") as batch_op:
        batch_op.drop_column("address_line")
        batch_op.drop_column("sorted_at")
    with op.batch_alter_table("order_line") as batch_op:
        batch_op.drop_column("placed_quantity")
