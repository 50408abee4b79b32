"""Facts about the station itself that head office keeps for it: who works here, and how long
orders are held. A replacement PC starts with them (sync/client/recovery.py) instead of a
station keeper typing them in again.

Names and roles travel; a PIN or its hash never does: on a new PC each person sets their PIN
again (the wizard's manager step, then a manager for the others).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.domain.event_types import EventType
from station_app.services.outbox import append_event
from station_app.storage.models import Staff, Station


def _local_station(session: Session) -> str | None:
    return session.scalar(select(Station.id).where(Station.is_local.is_(True)))


def staff_changed(session: Session, member: Staff, actor_id: int | None,
                  now: datetime) -> None:
    """Tell head office who `member` is now, in the caller's transaction (none before the
    counter has a station: the set-up's first manager is sent with the station)."""
    station_id = _local_station(session)
    if station_id is None:
        return
    session.flush()  # the member's id
    append_event(session, station_id, EventType.STAFF_CHANGED, {
        "station_id": station_id, "staff_id": actor_id if actor_id is not None else member.id,
        "movements": [], "changed_at": now.isoformat(),
        "member": {"staff_id": member.id, "name": member.name, "role": member.role,
                   "active": member.active},
    }, now)


def holding_period_set(session: Session, station_id: str, days: int, actor_id: int,
                       now: datetime) -> None:
    append_event(session, station_id, EventType.HOLDING_PERIOD_SET, {
        "station_id": station_id, "staff_id": actor_id, "movements": [], "days": days,
        "set_at": now.isoformat(),
    }, now)
