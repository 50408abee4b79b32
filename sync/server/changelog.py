"""The committed change log behind `GET /v1/changes`, and its cursors.

Why a page never skips a row: a cursor is the id of the last change a station has seen, and a
page is "ids greater than that, in order". That is only safe if no change with a smaller id can
become visible after a larger one. PostgreSQL hands out sequence values at INSERT time, so
without care writer A takes id 11, writer B takes 12 and commits first, a reader pages past
12, and 11 appears later behind the cursor. So every transaction that appends to the log first
takes `LOCK TABLE ho_change_log IN EXCLUSIVE MODE` (blocks other writers, never readers) and
holds it to commit: ids are then handed out in commit order. SQLite already runs one writer at
a time (BEGIN IMMEDIATE), which gives the same order.

The log keeps the newest change of each thing only (stream and ref: an order, a product, a
key): appending a change deletes the older ones of the same ref. A counter pulling from the
start then meets each order once, as it is now (a finished one without personal data), and
the log grows with the number of things, not of changes. Deleting rows behind a cursor never
moves it: a page is still "ids greater than the cursor".
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, text
from sqlalchemy.orm import Session

from sync.protocol import Change, ChangesPage
from sync.server.models import ChangeLogEntry

_CURSOR = re.compile(r"(?P<epoch>[0-9a-f]{8})\.(?P<stream>[a-z_]{1,32})\.(?P<pos>[0-9]{1,18})")

# Streams whose changes each concern one station; the others go to every station.
PER_STATION_STREAMS = frozenset({"orders", "cancellations", "manifests", "after_sales"})


def lock_change_log(session: Session) -> None:
    """Serialise change-log writers until this transaction ends (see the module docstring)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("LOCK TABLE ho_change_log IN EXCLUSIVE MODE"))


def append_changes(session: Session, stream: str,
                   changes: Iterable[tuple[str | None, str, dict[str, Any]]],
                   now: datetime) -> int:
    """Append (station id or None, ref, data) changes in the caller's write transaction.
    Returns how many were written."""
    rows: list[dict[str, Any]] = [{"stream": stream, "station_id": station, "ref": ref,
                                   "data": json.dumps(data, ensure_ascii=False,
                                                      separators=(",", ":")),
                                   "committed_at": now} for station, ref, data in changes]
    if rows:
        lock_change_log(session)
        by_station: dict[str | None, set[str]] = {}
        for row in rows:
            by_station.setdefault(row["station_id"], set()).add(row["ref"])
        for station, refs in by_station.items():
            whose = ChangeLogEntry.station_id.is_(None) if station is None else \
                ChangeLogEntry.station_id == station
            ordered = sorted(refs)
            for start in range(0, len(ordered), 500):
                session.execute(delete(ChangeLogEntry).where(
                    ChangeLogEntry.stream == stream, whose,
                    ChangeLogEntry.ref.in_(ordered[start:start + 500])))
        session.execute(insert(ChangeLogEntry), rows)
    return len(rows)


def cursor_for(epoch: str, stream: str, position: int) -> str:
    return f"{epoch}.{stream}.{position}" if position else ""


def read_page(session: Session, epoch: str, stream: str, station_id: str, cursor: str,
              limit: int) -> ChangesPage:
    """One page of `stream` for `station_id` after `cursor` ("" = from the start)."""
    position = _position(epoch, stream, cursor)
    if position is None or (position and position > _last_id(session)):
        # Unknown cursor, or one from before this log was rebuilt: start again.
        return ChangesPage(stream=stream, changes=[], next_cursor="", has_more=False,
                           reset_required=True)
    query = (select(ChangeLogEntry.id, ChangeLogEntry.data)
             .where(ChangeLogEntry.stream == stream, ChangeLogEntry.id > position))
    if stream in PER_STATION_STREAMS:
        query = query.where(ChangeLogEntry.station_id == station_id)
    else:
        query = query.where(or_(ChangeLogEntry.station_id.is_(None),
                                ChangeLogEntry.station_id == station_id))
    rows = session.execute(query.order_by(ChangeLogEntry.id).limit(limit + 1)).all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    if rows:
        position = rows[-1].id
    changes = [Change(id=str(row.id), kind=stream, data=json.loads(row.data)) for row in rows]
    return ChangesPage(stream=stream, changes=changes,
                       next_cursor=cursor_for(epoch, stream, position), has_more=has_more,
                       reset_required=False)


def _position(epoch: str, stream: str, cursor: str) -> int | None:
    if cursor == "":
        return 0
    match = _CURSOR.fullmatch(cursor)
    if match is None or match["epoch"] != epoch or match["stream"] != stream:
        return None
    return int(match["pos"])


def _last_id(session: Session) -> int:
    return session.scalar(select(func.max(ChangeLogEntry.id))) or 0
