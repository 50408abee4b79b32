"""Several counters at one station: each numbers its own events.

- ho_events.counter_no: the counter that made the event (1 for a station's first PC and for
  every event before this revision); numbers are per (station, counter);
- ho_counters: for counters 2 and up, the highest n with every event 1..n held (counter 1's
  stays on ho_stations.acked_through_seq, where it always was);
- ho_sequence_gaps.counter_no: whose sequence has the hole;
- ho_credentials.counter_no, ho_enrolment_codes.counter_no: which counter a key and a code
  are for; a re-enrolment retires the keys of its own counter only.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

COUNTED = ("ho_events", "ho_sequence_gaps", "ho_credentials", "ho_enrolment_codes")


def upgrade() -> None:
    for table in COUNTED:
        op.add_column(table, sa.Column("counter_no", sa.Integer(), nullable=False,
                                       server_default="1"))
    op.create_index("ix_ho_events_counter_seq", "ho_events",
                    ["station_id", "counter_no", "station_seq"])
    op.create_table(
        "ho_counters",
        sa.Column("station_id", sa.String(length=16), nullable=False),
        sa.Column("counter_no", sa.Integer(), nullable=False),
        sa.Column("acked_through_seq", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("station_id", "counter_no"),
    )


def downgrade() -> None:
    op.drop_table("ho_counters")
    op.drop_index("ix_ho_events_counter_seq", "ho_events")
    for table in reversed(COUNTED):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("counter_no")
