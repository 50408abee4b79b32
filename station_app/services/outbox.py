"""Writing facts for head office: one outbox event inside the caller's transaction."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station_app.ids import new_event_id
from station_app.storage.models import OutboxEvent, Station


def canonical_json(payload: dict[str, Any]) -> str:
    """Sorted keys and no spaces: the same fact always hashes the same (day-close hashes)."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def append_event(session: Session, station_id: str, event_type: str, payload: dict[str, Any],
                 occurred_at: datetime) -> OutboxEvent:
    """Queue an immutable event with the next gapless sequence number of this counter.

    Must run in a write transaction (`Database.writing`, BEGIN IMMEDIATE): the sequence is read
    and used under the write lock, so a rollback leaves no gap and two writers never share one.
    Each counter of a station numbers its own events (the other counters' come over the LAN
    with their own numbers), so head office spots a lost event of any counter by its gap.
    """
    counter_no, floor = _this_counter(session, station_id)
    event = OutboxEvent(
        event_id=new_event_id(),
        station_id=station_id,
        counter_no=counter_no,
        station_seq=max(_highest(session, station_id, counter_no), floor) + 1,
        type=event_type,
        occurred_at=occurred_at,
        payload=canonical_json(payload),
        acked_at=None,
    )
    session.add(event)
    return event


def local_counter_no(session: Session, station_id: str) -> int:
    """Which counter of `station_id` this PC is (1 until a second counter is enrolled)."""
    return _this_counter(session, station_id)[0]


def last_seq(session: Session, station_id: str, counter_no: int | None = None) -> int:
    """The highest event number this counter has used: its own events, or the floor a
    replacement PC took over from head office (events 1..floor were made on the PC before).
    `counter_no` None: this PC's own counter; another counter's has no floor here."""
    own, floor = _this_counter(session, station_id)
    counter_no = own if counter_no is None else counter_no
    return max(_highest(session, station_id, counter_no), floor if counter_no == own else 0)


def _this_counter(session: Session, station_id: str) -> tuple[int, int]:
    """(this PC's counter number, the floor of its numbering), in one read."""
    row = session.execute(select(Station.counter_no, Station.seq_floor)
                          .where(Station.id == station_id)).first()
    return (row[0] or 1, row[1] or 0) if row is not None else (1, 0)


def _highest(session: Session, station_id: str, counter_no: int) -> int:
    return session.scalar(select(func.max(OutboxEvent.station_seq)).where(
        OutboxEvent.station_id == station_id, OutboxEvent.counter_no == counter_no)) or 0
