"""Scales and scale labels (称重条码): goods sold by weight at walk-in sales.

- catalogue_item.plu: the number the station's scales know the item by (the PLU a scale label
  carries); set at this station, like low_stock_level. Unique when set.
- catalogue_item.sold_by_weight: its price is per kilogram and a sale weighs it;
- sale_line.weight_g: what the line weighed (None: sold by the piece);
- sale_line.price_source: where the line's price came from (None: the catalogue; `code`: the
  price printed in a scale label, which wins over the catalogue; `weight`: the catalogue's
  price per kilogram times the counter scale's weight).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-09
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE ADD COLUMN, never a batch copy: catalogue_item and sale_line are pointed
    # at by other rows and sale_line carries history triggers (as in 0006).
    op.add_column("catalogue_item", sa.Column("plu", sa.String(length=8), nullable=True))
    op.add_column("catalogue_item", sa.Column("sold_by_weight", sa.Boolean(), nullable=False,
                                              server_default=sa.false()))
    op.create_index("ix_catalogue_item_plu", "catalogue_item", ["plu"], unique=True)
    op.add_column("sale_line", sa.Column("weight_g", sa.Integer(), nullable=True))
    op.add_column("sale_line", sa.Column("price_source", sa.String(length=12), nullable=True))


def downgrade() -> None:
    op.drop_index("ix_catalogue_item_plu", table_name="catalogue_item")
    op.drop_column("sale_line", "price_source")
    op.drop_column("sale_line", "weight_g")
    op.drop_column("catalogue_item", "sold_by_weight")
    op.drop_column("catalogue_item", "plu")
