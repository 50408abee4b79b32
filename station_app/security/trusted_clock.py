"""A clock that cannot be wound back: the latest trusted time, kept in the station database.

Expiry of pickup tokens is checked offline, so the PC clock is the only judge; setting it back
a day would revive yesterday's codes. Each reading stores max(system time, latest trusted) and
returns it, so time as the counter sees it never goes backwards, across restarts too.

The cost is the other way round: one reading taken while the PC clock ran a year ahead would
keep every genuine code "expired" for a year. Two things lower it, and only these:
- head office's time, as an answer over verified TLS (or from this PC) stated it
  (`heed_head_office`): a trusted time more than `AHEAD_TOLERANCE` ahead of it is pulled back
  to it. Never below the latest time head office ever vouched for, so a replayed or delayed
  answer cannot wind the clock back further than head office itself once said. Logged and
  audited.
- a manager's reset (`reset`), from the health panel, when head office cannot be reached:
  back to the PC's time (after the PC clock was put right), again never below head office's
  latest vouched time. Audited with the manager's name.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from station_app.clock import Clock, utc_now
from station_app.services.audit import record
from station_app.services.authority import Permission, require
from station_app.storage.database import Database
from station_app.storage.models import TrustedTime

log = logging.getLogger("station.security")

_ROW = 1
AHEAD_TOLERANCE = timedelta(minutes=5)  # head office's answer took time to arrive, too
CLOCK_CORRECTED = "clock_corrected"  # audit action: head office pulled the clock back
CLOCK_RESET = "clock_reset"  # audit action: a manager reset it


class ClockResetRefused(Exception):
    """A reset with nothing to bound it; the message says what to do."""


@dataclass(frozen=True)
class ClockReading:
    """The trusted clock against head office's, for the health panel."""

    latest: datetime | None  # the latest trusted time
    head_office: datetime | None  # the latest time head office vouched for


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
        """Record a time known to have passed; the latest wins."""
        if moment.tzinfo is None:
            raise ValueError("trusted times must be timezone-aware")
        with self.db.writing() as session:
            row = _row(session, moment)
            row.latest_at = max(row.latest_at, moment)
            return row.latest_at

    def latest(self) -> datetime | None:
        with self.db.reading() as session:
            row = session.get(TrustedTime, _ROW)
            return None if row is None else row.latest_at

    def reading(self) -> ClockReading:
        with self.db.reading() as session:
            row = session.get(TrustedTime, _ROW)
            return ClockReading(row.latest_at if row else None,
                                row.head_office_at if row else None)

    def heed_head_office(self, head_office: datetime) -> datetime | None:
        """Head office's time, from an answer nobody on the path could change. Returns the
        trusted time it replaced when that had run ahead (and was pulled back), else None."""
        if head_office.tzinfo is None:
            raise ValueError("trusted times must be timezone-aware")
        with self.db.writing() as session:
            row = _row(session, head_office)
            floor = max(row.head_office_at or head_office, head_office)
            row.head_office_at = floor
            if row.latest_at <= head_office + AHEAD_TOLERANCE or row.latest_at <= floor:
                return None
            ahead = row.latest_at
            row.latest_at = floor
            log.warning("trusted clock was %s ahead of head office; pulled back to %s",
                        ahead - head_office, row.latest_at.isoformat())
            record(session, CLOCK_CORRECTED, None, head_office, subject="trusted clock",
                   detail=f"{ahead.isoformat()} → {row.latest_at.isoformat()} "
                          f"(head office's time)")
            return ahead

    def reset(self, approver_id: int) -> datetime:
        """A manager puts the trusted clock back to the PC's time (after the PC clock was put
        right), never below head office's latest vouched time. Raises authority.NotAllowed
        unless `approver_id` is a manager, ClockResetRefused when head office has never
        vouched for a time here (then nothing bounds the reset: sync first). Returns the new
        trusted time."""
        now = self.system()
        with self.db.writing() as session:
            approver = require(session, approver_id, Permission.CLOCK_RESET)
            row = _row(session, now)
            if row.head_office_at is None:
                raise ClockResetRefused("head office's time is not known here yet: connect "
                                        "to head office (F7), then try again")
            before = row.latest_at
            row.latest_at = max(now, row.head_office_at)
            record(session, CLOCK_RESET, approver.id, now, approver_id=approver.id,
                   subject="trusted clock",
                   detail=f"{before.isoformat()} → {row.latest_at.isoformat()}")
            return row.latest_at


def _row(session: Session, moment: datetime) -> TrustedTime:
    row = session.get(TrustedTime, _ROW)
    if row is None:
        row = TrustedTime(id=_ROW, latest_at=moment, head_office_at=None)
        session.add(row)
        session.flush()
    return row
