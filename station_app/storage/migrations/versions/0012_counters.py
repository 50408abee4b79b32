"""Several counters at one station (柜台), exchanging their facts over the station's LAN.

- station.counter_no: which counter of its station this PC is (1 for a station's first PC);
- outbox_event.counter_no: the counter that made the event. Each counter numbers its own
  events gaplessly, so the sequence is unique per (station, counter), no longer per station;
- shift.counter_no: the counter whose drawer the shift is. Z numbers count per counter, so
  `z_no` is unique per counter;
- sync_lease.counter_no: whose events the push batch in flight carries (a counter passes on
  the others' events to head office when it reaches head office first);
- peer_counter: the other counters of the station, where to reach them and how the last
  exchange went (the status bar and the health panel read it).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# Unnamed constraints of the first schema get these names when a batch reflects the table,
# so they can be dropped by name (SQLite keeps constraints inside CREATE TABLE only).
NAMES = {"uq": "uq_%(table_name)s_%(column_0_name)s"}
# The counter that made an event is part of what it is: as immutable as its number.
IMMUTABLE = """CREATE TRIGGER outbox_event_immutable BEFORE UPDATE OF
     event_id, station_id, counter_no, type, occurred_at, payload ON outbox_event
   BEGIN SELECT RAISE(ABORT, 'outbox events are immutable'); END"""


def _triggers(table: str) -> list[tuple[str, str]]:
    """(name, SQL) of the table's triggers: a batch rebuilds the table and drops them."""
    rows = op.get_bind().execute(sa.text(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :table"),
        {"table": table}).all()
    return [(str(name), str(sql)) for name, sql in rows]


def _restore(triggers: list[tuple[str, str]], replaced: dict[str, str]) -> None:
    for name, sql in triggers:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute(replaced.get(name, sql))


def upgrade() -> None:
    op.add_column("station", sa.Column("counter_no", sa.Integer(), nullable=False,
                                       server_default="1"))
    outbox_triggers = _triggers("outbox_event")
    with op.batch_alter_table("outbox_event", naming_convention=NAMES) as batch_op:
        batch_op.add_column(sa.Column("counter_no", sa.Integer(), nullable=False,
                                      server_default="1"))
        batch_op.drop_constraint("uq_outbox_event_station_id", type_="unique")
        batch_op.create_unique_constraint(
            "uq_outbox_event_counter_seq", ["station_id", "counter_no", "station_seq"])
    _restore(outbox_triggers, {"outbox_event_immutable": IMMUTABLE})
    shift_triggers = _triggers("shift")
    with op.batch_alter_table("shift", naming_convention=NAMES) as batch_op:
        batch_op.add_column(sa.Column("counter_no", sa.Integer(), nullable=False,
                                      server_default="1"))
        batch_op.drop_constraint("uq_shift_z_no", type_="unique")
        batch_op.create_unique_constraint("uq_shift_counter_z_no", ["counter_no", "z_no"])
    _restore(shift_triggers, {})
    op.add_column("sync_lease", sa.Column("counter_no", sa.Integer(), nullable=False,
                                          server_default="1"))
    op.create_table(
        "peer_counter",
        sa.Column("counter_no", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("address", sa.String(length=200), nullable=False, server_default=""),
        sa.Column("last_contact_at", sa.String(length=32), nullable=True),
        sa.Column("last_applied_at", sa.String(length=32), nullable=True),
        sa.Column("events_behind", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("problem", sa.String(length=300), nullable=True),
        sa.Column("problem_since", sa.String(length=32), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("peer_counter")
    op.drop_column("sync_lease", "counter_no")
    shift_triggers = _triggers("shift")
    with op.batch_alter_table("shift") as batch_op:
        batch_op.drop_constraint("uq_shift_counter_z_no", type_="unique")
        batch_op.create_unique_constraint("uq_shift_z_no", ["z_no"])
        batch_op.drop_column("counter_no")
    _restore(shift_triggers, {})
    outbox_triggers = _triggers("outbox_event")
    with op.batch_alter_table("outbox_event") as batch_op:
        batch_op.drop_constraint("uq_outbox_event_counter_seq", type_="unique")
        batch_op.create_unique_constraint("uq_outbox_event_station_id",
                                          ["station_id", "station_seq"])
        batch_op.drop_column("counter_no")
    _restore(outbox_triggers, {"outbox_event_immutable": IMMUTABLE.replace("counter_no, ", "")})
    op.drop_column("station", "counter_no")
