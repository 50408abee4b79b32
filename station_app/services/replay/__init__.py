"""Replaying this station's own facts from head office's copy.

Head office holds every event a station pushed. A counter that lost some of its own (a backup
restored over a dead disk) or never had them (a replacement PC) gets them back from there and
writes, for each, the rows its action wrote when it happened — the handover and its lines, the
receiving, the sale, the shift, the stock movements — in the caller's transaction, with the
event itself kept in the outbox as acknowledged (head office has it; it is never sent again).

Replaying is idempotent by event id: an event already in the outbox is skipped. A fact that
collides with what this counter did after its backup (the same order handed over again, a
document number used twice) keeps both facts and returns a note for a person; a payload this
version cannot read keeps the event and its note, and never stops the rest.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from station_app.domain.event_types import EventType
from station_app.services.replay import money, orders
from station_app.services.replay.base import (
    HeldEvent,
    NoteKind,
    NotReplayable,
    ReplayNote,
    Stock,
    keep_event,
)
from station_app.storage.models import OutboxEvent

__all__ = ["HeldEvent", "NoteKind", "ReplayNote", "Stock", "replay"]

log = logging.getLogger("station.replay")

Replayer = Callable[[Session, str, HeldEvent, Stock, list[ReplayNote]], None]

REPLAYERS: dict[str, Replayer] = {
    EventType.HANDOVER_COMPLETED: orders.handover,
    EventType.GOODS_RECEIVED: orders.received,
    EventType.ORDER_SLOTTED: orders.slotted,
    EventType.ORDER_SORTED: orders.sorted_,
    EventType.ORDER_REMINDED: orders.reminded,
    EventType.REFUND_REQUESTED: orders.refund_requested,
    EventType.RETURN_SHIPPED: orders.return_shipped,
    EventType.SALE_COMPLETED: money.sale,
    EventType.SALE_REFUNDED: money.refund,
    EventType.SHIFT_OPENED: money.shift_opened,
    EventType.CASH_MOVED: money.cash_moved,
    EventType.SHIFT_CLOSED: money.shift_closed,
    EventType.STOCK_COUNTED: money.stock_counted,
    EventType.STAFF_CHANGED: money.staff_changed,
    EventType.HOLDING_PERIOD_SET: money.holding_period_set,
}


def replay(session: Session, station_id: str, event: HeldEvent, now: datetime,
           stock: Stock = Stock.MOVE, *, acked: bool = True) -> list[ReplayNote] | None:
    """Write `event`'s rows in the caller's write transaction. Returns None when the event
    was already here, else the notes for a person (usually none). Storage faults propagate.
    `acked`: head office holds the event (False for another counter's, not yet sent)."""
    if session.get(OutboxEvent, event.event_id) is not None:
        return None
    keep_event(session, station_id, event, now, acked)
    notes: list[ReplayNote] = []
    replayer = REPLAYERS.get(event.type)
    if replayer is None:
        notes.append(ReplayNote(NoteKind.NOT_REPLAYABLE, event.event_id,
                                f"event type {event.type} is not known to this version"))
        return notes
    try:
        # A savepoint: a payload that fails half-way leaves none of its rows, only the event.
        with session.begin_nested():
            replayer(session, station_id, event, stock, notes)
    except (NotReplayable, KeyError, ValueError, TypeError) as error:
        # The savepoint took back the rows it made: forget what the caches learnt in it.
        session.info.pop("replay_staff", None)
        session.info.pop("replay_skus", None)
        log.warning("event %s (%s) kept without its rows: %s", event.event_id, event.type,
                    error)
        notes.append(ReplayNote(NoteKind.NOT_REPLAYABLE, event.event_id,
                                f"{event.type} {event.station_seq} could not be re-applied "
                                f"({error})"[:500]))
    return notes
