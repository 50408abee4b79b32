"""Staff PINs and lock-out, the audit log, shifts with their cash drawer (float, cash in and
out, denomination counts, X reports) and each sale's shift. The audit log and cash movements are
history: triggers refuse to rewrite them.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 18:49:28.453685
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

HISTORY_TRIGGERS = tuple(
    f"""CREATE TRIGGER {table}_no_{verb} BEFORE {verb.upper()} ON {table}
       BEGIN SELECT RAISE(ABORT, '{table} is history: it cannot be changed'); END"""
    for table in ("audit_log", "cash_movement")
    for verb in ("update", "delete")
)


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("approver_id", sa.Integer(), nullable=True),
        sa.Column("subject", sa.String(length=64), nullable=True),
        sa.Column("detail", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["approver_id"],
            ["staff.id"],
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_action"), ["action"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)

    op.create_table(
        "shift",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shift_no", sa.String(length=32), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("opened_at", sa.String(length=32), nullable=False),
        sa.Column("float_fen", sa.Integer(), nullable=False),
        sa.Column("blind", sa.Boolean(), nullable=False),
        sa.Column("closed_at", sa.String(length=32), nullable=True),
        sa.Column("closed_by", sa.Integer(), nullable=True),
        sa.Column("expected_cash_fen", sa.Integer(), nullable=True),
        sa.Column("counted_cash_fen", sa.Integer(), nullable=True),
        sa.Column("variance_fen", sa.Integer(), nullable=True),
        sa.Column("approved_by", sa.Integer(), nullable=True),
        sa.Column("z_no", sa.Integer(), nullable=True),
        sa.Column("open_event_id", sa.String(length=36), nullable=True),
        sa.Column("close_event_id", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["approved_by"],
            ["staff.id"],
        ),
        sa.ForeignKeyConstraint(
            ["close_event_id"],
            ["outbox_event.event_id"],
        ),
        sa.ForeignKeyConstraint(
            ["closed_by"],
            ["staff.id"],
        ),
        sa.ForeignKeyConstraint(
            ["open_event_id"],
            ["outbox_event.event_id"],
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("shift_no"),
        sa.UniqueConstraint("z_no"),
    )
    with op.batch_alter_table("shift", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shift_state"), ["state"], unique=False)

    op.create_table(
        "cash_count",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shift_id", sa.Integer(), nullable=False),
        sa.Column("denomination_fen", sa.Integer(), nullable=False),
        sa.Column("pieces", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["shift_id"],
            ["shift.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("shift_id", "denomination_fen"),
    )
    with op.batch_alter_table("cash_count", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cash_count_shift_id"), ["shift_id"], unique=False)

    op.create_table(
        "cash_movement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shift_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("approved_by", sa.Integer(), nullable=True),
        sa.Column("at", sa.String(length=32), nullable=False),
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
            ["shift_id"],
            ["shift.id"],
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("cash_movement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cash_movement_shift_id"), ["shift_id"], unique=False)

    op.create_table(
        "x_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shift_id", sa.Integer(), nullable=False),
        sa.Column("x_no", sa.Integer(), nullable=False),
        sa.Column("printed_at", sa.String(length=32), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["shift_id"],
            ["shift.id"],
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("x_report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_x_report_shift_id"), ["shift_id"], unique=False)

    # Plain ALTER TABLE ADD COLUMN, never a batch table copy: copying `sale` would drop its
    # history triggers, and dropping a table other rows point at fails with foreign keys on.
    op.execute("ALTER TABLE sale ADD COLUMN shift_id INTEGER REFERENCES shift (id)")
    op.create_index("ix_sale_shift_id", "sale", ["shift_id"], unique=False)
    op.add_column("staff", sa.Column("pin_hash", sa.String(length=200), nullable=True))
    op.add_column(
        "staff", sa.Column("failed_pins", sa.Integer(), nullable=False, server_default="0")
    )
    op.add_column("staff", sa.Column("locked_until", sa.String(length=32), nullable=True))
    for statement in HISTORY_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    for name in (
        "audit_log_no_update",
        "audit_log_no_delete",
        "cash_movement_no_update",
        "cash_movement_no_delete",
    ):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_index("ix_sale_shift_id", "sale")
    for table, column in (
        ("sale", "shift_id"),
        ("staff", "locked_until"),
        ("staff", "failed_pins"),
        ("staff", "pin_hash"),
    ):
        op.drop_column(table, column)
    for table in ("x_report", "cash_movement", "cash_count", "shift", "audit_log"):
        op.drop_table(table)
