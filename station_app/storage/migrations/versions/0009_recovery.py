"""A counter's whole life: recovery from head office, crash-safe enrolment, clocks.

- station.seq_floor: a replacement PC numbers its events after those of the PC it replaces;
- recovery: what each recovery from head office brought back and what was lost;
- sync_enrolment_attempt: an enrolment written down before head office is asked;
- sync_status.revoked_at, clock_offset_ms, clock_seen_at: a revoked key, head office's time;
- trusted_time.head_office_at: the latest time head office vouched for. The trusted time may
  now come back, but never below it, and it only moves forward (not even SQL lowers either:
  a clock set back by hand cannot revive expired codes).

- outbox_event: an event head office never held may take a new number (recovery moves a
  restored counter's new events after head office's); every other column stays immutable.

Columns are added in place (other tables point at station); datetimes as fixed-width text.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


_IMMUTABLE = """CREATE TRIGGER outbox_event_immutable BEFORE UPDATE OF
     event_id, station_id, {columns} ON outbox_event
   BEGIN SELECT RAISE(ABORT, 'outbox events are immutable'); END"""
_NUMBER_KEPT = """CREATE TRIGGER outbox_event_number_kept BEFORE UPDATE OF station_seq
     ON outbox_event WHEN OLD.acked_at IS NOT NULL OR NEW.acked_at IS NOT NULL
   BEGIN SELECT RAISE(ABORT, 'an acknowledged event keeps its number'); END"""


_TIME_FORWARD = """CREATE TRIGGER trusted_time_forward_only BEFORE UPDATE OF latest_at
     ON trusted_time WHEN NEW.latest_at < OLD.latest_at{exception}
   BEGIN SELECT RAISE(ABORT, 'the trusted time never goes back'); END"""
_BELOW_HEAD_OFFICE = " AND (NEW.head_office_at IS NULL OR NEW.latest_at < NEW.head_office_at)"
_HEAD_OFFICE_FORWARD = """CREATE TRIGGER trusted_time_head_office_forward_only BEFORE UPDATE OF
     head_office_at ON trusted_time WHEN NEW.head_office_at < OLD.head_office_at
     OR (NEW.head_office_at IS NULL AND OLD.head_office_at IS NOT NULL)
   BEGIN SELECT RAISE(ABORT, 'head office time never goes back'); END"""


def upgrade() -> None:
    op.execute("DROP TRIGGER outbox_event_immutable")
    op.execute(_IMMUTABLE.format(columns="type, occurred_at, payload"))
    op.execute(_NUMBER_KEPT)
    op.add_column("station", sa.Column("seq_floor", sa.Integer(), nullable=False,
                                       server_default="0"))
    op.add_column("trusted_time", sa.Column("head_office_at", sa.String(length=32),
                                            nullable=True))
    op.execute("DROP TRIGGER trusted_time_forward_only")
    op.execute(_TIME_FORWARD.format(exception=_BELOW_HEAD_OFFICE))
    op.execute(_HEAD_OFFICE_FORWARD)
    op.add_column("sync_status", sa.Column("revoked_at", sa.String(length=32), nullable=True))
    op.add_column("sync_status", sa.Column("clock_offset_ms", sa.Integer(), nullable=True))
    op.add_column("sync_status", sa.Column("clock_seen_at", sa.String(length=32),
                                           nullable=True))
    op.create_table(
        "sync_enrolment_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("base_url", sa.String(length=200), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("request_id", sa.String(length=64), nullable=False),
        sa.Column("previous_key_id", sa.String(length=64), nullable=True),
        sa.Column("started_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.CheckConstraint("id = 1", name="ck_sync_enrolment_attempt_one_row"),
    )
    op.create_table(
        "recovery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("started_at", sa.String(length=32), nullable=False),
        sa.Column("finished_at", sa.String(length=32), nullable=True),
        sa.Column("local_seq", sa.Integer(), nullable=False),
        sa.Column("head_office_seq", sa.Integer(), nullable=False),
        sa.Column("recovered", sa.Integer(), nullable=False),
        sa.Column("renumbered", sa.Integer(), nullable=False),
        sa.Column("lost_from_seq", sa.Integer(), nullable=True),
        sa.Column("lost_to_seq", sa.Integer(), nullable=True),
        sa.Column("lost_after", sa.String(length=32), nullable=True),
        sa.Column("lost_before", sa.String(length=32), nullable=True),
        sa.Column("summary", sa.String(length=1000), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER outbox_event_number_kept")
    op.execute("DROP TRIGGER outbox_event_immutable")
    op.execute(_IMMUTABLE.format(columns="station_seq, type, occurred_at, payload"))
    op.drop_table("recovery")
    op.drop_table("sync_enrolment_attempt")
    with op.batch_alter_table("sync_status") as batch:
        batch.drop_column("clock_seen_at")
        batch.drop_column("clock_offset_ms")
        batch.drop_column("revoked_at")
    op.execute("DROP TRIGGER trusted_time_head_office_forward_only")
    op.execute("DROP TRIGGER trusted_time_forward_only")
    op.drop_column("trusted_time", "head_office_at")
    op.execute(_TIME_FORWARD.format(exception=""))
    op.drop_column("station", "seq_floor")
