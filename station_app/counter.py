"""Everything a counter needs, opened in one place: used by the window, the tests and benchmarks.

Start-up order matters for "nothing is lost": the database is opened and migrated (after a
backup) before anything can print or sync, and receipts a crash left queued are found again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from station_app.clock import Clock, utc_now
from station_app.config import Settings, load_settings
from station_app.demo_data import seed_demo
from station_app.paths import DataDir
from station_app.services.handover import Handovers
from station_app.services.print_journal import PrintJournal
from station_app.storage.database import Database, DatabaseError, open_database
from station_app.storage.models import Staff, Station

log = logging.getLogger("station.startup")


class NotEnrolledError(DatabaseError):
    """The database holds no local station yet (enrolment comes with the sync issue)."""


@dataclass(frozen=True)
class Counter:
    data_dir: DataDir
    db: Database
    settings: Settings
    settings_problems: tuple[str, ...]
    station_id: str
    station_name: str
    staff_id: int
    staff_name: str
    handovers: Handovers
    journal: PrintJournal
    # The one clock of everything this counter records (station_app.clock): passed in, so
    # tests and benchmarks can run a day at any hour.
    clock: Clock = utc_now

    def close(self) -> None:
        self.db.close()


def open_counter(root: Path, demo: bool = False, clock: Clock = utc_now) -> Counter:
    """Open the station in `root`, seeding the demo station first when `demo` is set.

    Raises DatabaseError (and DatabaseTooNew) with a message meant for staff, and
    NotEnrolledError when the database has no station and this is not a demo.
    """
    data_dir = DataDir(root)
    data_dir.ensure()
    db = open_database(data_dir.database, data_dir.backups)
    if demo:
        seed_demo(db, clock())
    loaded = load_settings(data_dir.settings_file)
    for problem in loaded.problems:
        log.warning("settings: %s", problem)
    with db.reading() as session:
        station = session.scalar(select(Station).where(Station.is_local.is_(True)))
        if station is None:
            db.close()
            raise NotEnrolledError(
                "This counter is not set up for a station yet. Start it with --demo to try it, "
                "or enrol it with head office."
            )
        staff = session.get(Staff, loaded.settings.staff_id) or session.scalar(
            select(Staff).where(Staff.active.is_(True)).order_by(Staff.id)
        )
        if staff is None:
            db.close()
            raise NotEnrolledError("No staff account exists for this station.")
        station_id, station_name = station.id, station.name
        staff_id, staff_name = staff.id, staff.name
    handovers = Handovers(db, station_id, loaded.settings.receipt_language, clock)
    return Counter(data_dir, db, loaded.settings, loaded.problems, station_id, station_name,
                   staff_id, staff_name, handovers, PrintJournal(db, clock), clock)
