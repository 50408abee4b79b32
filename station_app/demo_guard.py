"""The demo never runs on a real station's data.

Seeding the demo day into a real station's database would trust the demo signing key, whose
private half ships with the app (anyone could then forge pickup tokens for that station), and
add a second local station beside the real one. So `--demo`, `seed_demo` and the first-run
wizard's demo all refuse a data dir whose database holds a local station other than the
demo's, before they write anything. The demo station's id is reserved for the demo.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.storage.database import DatabaseError
from station_app.storage.models import Station

DEMO_STATION = "XF01"


class RealStationData(DatabaseError):
    """The demo was asked to run on the data of a real station; nothing was written."""


def refusal(station_id: str, where: Path | str) -> RealStationData:
    return RealStationData(
        f"{where} holds the data of station {station_id}: the demo never runs on a real "
        f"station's data. Start the demo without --data-dir (it has its own folder), or give "
        f"it an empty folder.")


def real_station(session: Session) -> str | None:
    """The id of a local station in this database that is not the demo's, if any."""
    return session.scalar(select(Station.id).where(
        Station.is_local.is_(True), Station.id != DEMO_STATION).limit(1))


def refuse_real_station(session: Session, where: Path | str) -> None:
    """Raise RealStationData when this database runs a real station."""
    station_id = real_station(session)
    if station_id is not None:
        raise refusal(station_id, where)


def real_station_in(database: Path) -> str | None:
    """The real station a database file holds, read without changing the folder (no log, no
    lock, no migration): for the command line, before anything opens the data dir. None when
    there is no file, no station or no readable database (opening it says what is wrong)."""
    if not database.is_file():
        return None
    if database.with_name(database.name + "-wal").exists():
        # A counter may have it open: read through SQLite's locks, the log included.
        uri = f"{database.resolve().as_uri()}?mode=ro"
    else:
        # Nothing open: read the file as it is, without SQLite creating its -wal and -shm.
        uri = f"{database.resolve().as_uri()}?immutable=1"
    try:
        with closing(sqlite3.connect(uri, uri=True)) as connection:
            row = connection.execute(
                "SELECT id FROM station WHERE is_local AND id != ? LIMIT 1",
                (DEMO_STATION,)).fetchone()
    except sqlite3.Error:
        return None
    return None if row is None else str(row[0])
