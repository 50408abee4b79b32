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
    """Queue an immutable event with the next gapless sequence number of this station.

    Must run in a write transaction (`Database.writing`, BEGIN IMMEDIATE): the sequence is read
    and used under the write lock, so a rollback leaves no gap and two writers never share one.
    """
    event = OutboxEvent(
        event_id=new_event_id(),
        station_id=station_id,
        station_seq=last_seq(session, station_id) + 1,
        type=event_type,
        occurred_at=occurred_at,
        payload=canonical_json(payload),
        acked_at=None,
    )
    session.add(event)
    return event


def last_seq(session: Session, station_id: str) -> int:
    """The highest event number this station has used: its own events, or the floor a
    replacement PC took over from head office (events 1..floor were made on the PC before)."""
    held = session.scalar(
        select(func.max(OutboxEvent.station_seq)).where(OutboxEvent.station_id == station_id))
    floor = session.scalar(select(Station.seq_floor).where(Station.id == station_id))
    return max(held or 0, floor or 0)
