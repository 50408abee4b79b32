"""A second (third…) counter for a station that has one: start from a copy of a counter's
database, then become a counter of one's own.

The copy carries the station's whole state (orders, stock, staff, every counter's events).
What belonged to the PC it came from stays behind: its place in head office's numbering (the
new counter numbers its own events from 1), its key and push lease, its print queue, what it
knew of its peers. The copy comes over the LAN from a running counter (`sync/lan/join.py`) or
from a backup file a technician carried over.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import delete, select, update

from station_app.services.exchange import MAX_COUNTERS, held_marks
from station_app.services.print_journal import JobStatus
from station_app.storage.database import Database, open_database
from station_app.storage.migrate import upgrade
from station_app.storage.models import (
    EnrolmentAttempt,
    PeerCounter,
    PrintJob,
    Station,
    SyncEnrolment,
    SyncLease,
    SyncStatus,
)


class CannotBecomeCounter(ValueError):
    """The copy cannot become counter `n`: the message says why, for staff."""


def become_counter(db: Database, counter_no: int, replacing: bool = False) -> str:
    """Make the database at `db` (a copy of another counter's) counter `counter_no` of its
    station. Returns the station id. One transaction: a crash leaves the copy as it was.

    `replacing`: this PC takes the place of counter `counter_no` (its PC died, or its disk was
    restored from a backup). The copy holds that counter's records as the others received
    them, so it numbers on after the last of them and nothing is numbered twice. The old PC
    must not come back as that counter."""
    if not 2 <= counter_no <= MAX_COUNTERS:
        raise CannotBecomeCounter(f"a new counter is number 2 to {MAX_COUNTERS}")
    with db.writing() as session:
        station = session.scalar(select(Station).where(Station.is_local.is_(True)))
        if station is None:
            raise CannotBecomeCounter("the copy holds no station")
        if counter_no in held_marks(session, station.id) and not replacing:
            raise CannotBecomeCounter(f"the station already has a counter {counter_no}: "
                                      "choose the next free number")
        station.counter_no = counter_no
        station.seq_floor = 0  # the floor was the old PC's numbering, not this counter's
        for table in (SyncLease, SyncEnrolment, EnrolmentAttempt, SyncStatus, PeerCounter):
            session.execute(delete(table))
        session.execute(update(PrintJob).where(PrintJob.status == JobStatus.QUEUED.value)
                        .values(status=JobStatus.PRINTED.value))  # the other PC's paper
        return station.id


def open_as_counter(copy: Path, counter_no: int) -> str:
    """`become_counter` on a database file (migrated first, as at start-up)."""
    db = open_database(copy, copy.parent / "backups")
    try:
        return become_counter(db, counter_no)
    finally:
        db.close()


def take_copy_into(db: Database, copy: Path, counter_no: int, replacing: bool = False) -> str:
    """Fill the (new, empty) database `db` with `copy` and make it counter `counter_no`.

    SQLite's backup API writes the copy into the open database page by page under its lock,
    so the wizard's connection stays valid; the copy is then migrated to this version (it may
    come from a counter one version behind). Returns the station id."""
    source = sqlite3.connect(copy)
    try:
        if source.execute("PRAGMA quick_check").fetchone() != ("ok",):
            raise CannotBecomeCounter("the copy arrived damaged: join again")
        raw = db.engine.raw_connection()
        try:
            target = raw.driver_connection
            assert isinstance(target, sqlite3.Connection)
            source.backup(target)
        finally:
            raw.close()
    finally:
        source.close()
    db.engine.dispose()  # pooled connections knew the empty schema
    upgrade(db.engine)
    return become_counter(db, counter_no, replacing)
