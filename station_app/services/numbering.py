"""Readable document numbers counted per local day: `S-XF01-20261125-0001`, `SH-…-01`.

Taken inside the action's write transaction (BEGIN IMMEDIATE), so two writers never share one;
these documents are never deleted, so today's count is the last number used.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session


def next_day_number(session: Session, column: InstrumentedAttribute[str], kind: str,
                    station_id: str, now: datetime, digits: int) -> str:
    """`<kind>-<station>-<YYYYMMDD>-<n>`, n zero-padded to `digits`, counted in `column`."""
    stem = f"{kind}-{station_id}-{now.astimezone():%Y%m%d}-"
    used = session.scalar(select(func.count()).where(column.like(stem + "%"))) or 0
    return f"{stem}{used + 1:0{digits}d}"
