"""A clock that cannot be wound back: the latest trusted time, kept in the station database.

Expiry of pickup tokens is checked offline, so the PC clock is the only judge; setting it back
a day would revive yesterday's codes. Each reading stores max(system time, latest trusted) and
returns it, so time as the counter sees it never goes backwards, across restarts too. The cost
is the other way round: a PC clock once set far ahead keeps tokens expired until head office's
time (sync issue) is trusted over it; the 6-digit code still works meanwhile.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import SQLAlchemyError

from station_app.clock import Clock, utc_now
from station_app.storage.database import Database
from station_app.storage.models import TrustedTime

log = logging.getLogger("station.security")

_ROW = 1


@dataclass(frozen=True)
class TrustedClock:
    db: Database
    system: Clock = utc_now

    def now(self) -> datetime:
        """max(system time, latest trusted), recorded as the new latest trusted time.

        If the database cannot be written (disk full), the stored time still bounds the answer;
        the reading is just not remembered. Other storage faults propagate.
        """
        system = self.system()
        try:
            return self.observe(system)
        except SQLAlchemyError as error:
            log.warning("trusted time not recorded: %s", error)
            latest = self.latest()
            return system if latest is None else max(system, latest)

    def observe(self, moment: datetime) -> datetime:
        """Record a time known to have passed (e.g. head office's, at a sync); the latest wins."""
        if moment.tzinfo is None:
            raise ValueError("trusted times must be timezone-aware")
        with self.db.writing() as session:
            row = session.get(TrustedTime, _ROW)
            if row is None:
                session.add(TrustedTime(id=_ROW, latest_at=moment))
                return moment
            row.latest_at = max(row.latest_at, moment)
            return row.latest_at

    def latest(self) -> datetime | None:
        with self.db.reading() as session:
            row = session.get(TrustedTime, _ROW)
            return None if row is None else row.latest_at
