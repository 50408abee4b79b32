"""Readable document numbers counted per business day: `S-XF01-20261125-0001`, `SH-…-01`.

A station's second and later counters put their number after the station's
(`S-XF01-2-20261125-0001`): counters number on their own, offline, and their documents meet
in every counter's database, so no two may share a number.

The day is the station's (station_app.clock), never the PC's zone: a receipt's number, its
report and its day close name the same date.

Taken inside the action's write transaction (BEGIN IMMEDIATE), so two writers never share one;
these documents are never deleted, so today's count is the last number used.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from station_app.clock import business_day
from station_app.storage.models import Station


def counter_code(session: Session, station_id: str) -> str:
    """`XF01` for a station's first counter, `XF01-2` for its second."""
    counter_no = session.scalar(select(Station.counter_no).where(Station.id == station_id))
    return station_id if not counter_no or counter_no == 1 else f"{station_id}-{counter_no}"


def next_day_number(session: Session, column: InstrumentedAttribute[str], kind: str,
                    station_id: str, now: datetime, digits: int) -> str:
    """`<kind>-<station>-<YYYYMMDD>-<n>`, n zero-padded to `digits`, counted in `column`."""
    stem = f"{kind}-{counter_code(session, station_id)}-{business_day(now):%Y%m%d}-"
    used = session.scalar(select(func.count()).where(column.like(stem + "%"))) or 0
    return f"{stem}{used + 1:0{digits}d}"
