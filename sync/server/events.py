"""`POST /v1/events:batch`: hold each pushed fact once, apply what can be applied.

One batch is one transaction with set-based reads and bulk inserts (a handful of statements per
500 events), so a station's week-long backlog uploads in seconds. Pushes of one station are
serialised on its station row, which keeps its acknowledged watermark exact.

A station writes facts about itself only: every order, manifest and request number an event
names must be the pushing station's (`order_other_station`, `manifest_other_station`), and
request numbers are unique per station. An event whose number head office already holds for
another event (`seq_conflict`) is answered but NOT held: the station recovers, renumbers it
and sends it again, and it must then be taken as new (see sync/client/recovery.py).

What changes an order's life (handed over, received onto the shelf, slotted, returned) is
published on the orders stream in the same transaction, so a counter that pulls from the start
(a replacement PC, a restore) sees each order as it is now, never a finished one as ready.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import to_json
from sqlalchemy import (
    BigInteger,
    String,
    bindparam,
    cast,
    insert,
    literal,
    null,
    select,
    union_all,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from sync.protocol import (
    EVENT_PAYLOADS,
    HANDOVER_COMPLETED,
    GoodsReceivedPayload,
    HandoverCompletedPayload,
    OrderRemindedPayload,
    OrderSlottedPayload,
    OrderSortedPayload,
    PushBatch,
    PushEvent,
    RefundRequestedPayload,
    ReturnShippedPayload,
)
from sync.server.holdings import advance_watermark
from sync.server.models import (
    Order,
    ReceivedEvent,
    Station,
    StockMovement,
    table_of,
)
from sync.server.notices import NoticeDrafts
from sync.server.order_changes import OrderChanges
from sync.server.push_facts import Rejected, StationFacts

SEQ_CONFLICT = "seq_conflict"
DOUBLE_HANDOVER = "double_handover"  # held and applied, flagged for head office's staff

log = logging.getLogger("sync.server.events")


class _HandedOverAlready(Exception):
    def __init__(self, by: str) -> None:
        super().__init__(by)
        self.by = by


_EVENTS = table_of(ReceivedEvent)
_ORDERS = table_of(Order)
_MOVEMENTS = table_of(StockMovement)
# Built once: the IN lists are expanding bind parameters, so SQLAlchemy neither coerces 500
# literals nor compiles a new statement per batch.
# What head office already knows about a batch, in ONE statement (one round trip): which of
# its event ids are held (kind 0), which of its numbers this counter already used (kind 1),
# and whose the orders its events name are and whether they were handed over (kind 2). Built
# once: the IN lists are expanding bind parameters, so SQLAlchemy neither coerces 500
# literals nor compiles a new statement per batch.
_NO_TEXT, _NO_NUMBER = cast(null(), String), cast(null(), BigInteger)
_KNOWN = union_all(
    select(literal(0).label("kind"), _EVENTS.c.event_id.label("ref"),
           _NO_NUMBER.label("seq"), _NO_TEXT.label("owner"), _NO_TEXT.label("done_by"))
    .where(_EVENTS.c.event_id.in_(bindparam("ids", expanding=True))),
    select(literal(1), _NO_TEXT, _EVENTS.c.station_seq, _NO_TEXT, _NO_TEXT).where(
        _EVENTS.c.station_id == bindparam("station"),
        _EVENTS.c.counter_no == bindparam("counter"),
        _EVENTS.c.station_seq.in_(bindparam("seqs", expanding=True))),
    select(literal(2), _ORDERS.c.order_no, _NO_NUMBER, _ORDERS.c.station_id,
           _ORDERS.c.handed_over_event_id).where(
        _ORDERS.c.order_no.in_(bindparam("order_nos", expanding=True))))


def push_batch(session: Session, station_id: str, batch: PushBatch, now: datetime
               ) -> dict[str, Any]:
    """Hold and apply a batch in the caller's write transaction. Returns the protocol answer
    (a PushAnswer as JSON-ready data: "code"/"message" only on rejected results)."""
    # FOR NO KEY UPDATE: serialises this station's pushes without blocking the foreign-key
    # checks of head office adding its orders or manifests meanwhile.
    station = session.scalar(select(Station).where(Station.id == station_id)
                             .with_for_update(key_share=True))
    assert station is not None  # authentication resolved the station
    connection = session.connection()
    events = batch.events
    # Parsed before head office says which it holds, so that one statement can also answer
    # for the orders they name: a duplicate (rare) is parsed for nothing.
    parsed = {event.event_id: _parse(event) for event in events if event.type in EVENT_PAYLOADS}
    held_ids, held_seqs, orders = _known(connection, batch, station_id, [
        order_no for payload in parsed.values() for order_no in _orders_named(payload)])
    payloads = {event_id: payload for event_id, payload in parsed.items()
                if event_id not in held_ids}
    push = _Push(session, station_id, now, held_ids, held_seqs, payloads, orders,
                 OrderChanges(session, station_id),
                 StationFacts.read(connection, station, list(payloads.values()), now),
                 batch.counter_no)
    for event in events:
        push.take(event)
    push.write(connection)
    acked, gap_after = advance_watermark(session, station, now, batch.counter_no)
    return {"results": push.results, "acked_through_seq": acked, "gap_after_seq": gap_after}


@dataclass
class _Push:
    """One batch on its way in: what head office already holds, and what it writes."""

    session: Session
    station_id: str
    now: datetime
    held_ids: set[str]
    held_seqs: set[int]
    payloads: dict[str, BaseModel | Rejected]
    orders: dict[str, tuple[str, str | None]]
    changes: OrderChanges
    facts: StationFacts
    counter_no: int = 1
    results: list[dict[str, Any]] = field(default_factory=list)
    event_rows: list[dict[str, Any]] = field(default_factory=list)
    movement_rows: list[dict[str, Any]] = field(default_factory=list)
    handed_over: list[dict[str, Any]] = field(default_factory=list)
    notices: NoticeDrafts = field(default_factory=NoticeDrafts)

    def take(self, event: PushEvent) -> None:
        """Answer one event: a duplicate, a number conflict, or held (applied or rejected)."""
        event_id = event.event_id
        if event_id in self.held_ids:
            self.results.append({"event_id": event_id, "status": "duplicate"})
            return
        if event.station_seq in self.held_seqs:
            # Not held: the station takes head office's event back, renumbers this one after
            # it and sends it again, and it must then be applied, not seen as a duplicate.
            self.results.append({"event_id": event_id, "status": "rejected",
                                 "code": SEQ_CONFLICT,
                                 "message": f"another event holds seq {event.station_seq}"})
            return
        self.held_ids.add(event_id)  # the same id twice in one batch: the second is a duplicate
        self.held_seqs.add(event.station_seq)
        # Normalised once per event (pydantic's own UTC tzinfo is not datetime.UTC), shared by
        # the event row and its movements.
        occurred_at = event.occurred_at.astimezone(UTC)
        result = self._outcome(event, occurred_at)
        self.results.append(result)
        self.event_rows.append({
            "event_id": event_id, "station_id": self.station_id,
            "counter_no": self.counter_no, "station_seq": event.station_seq, "type": event.type,
            "occurred_at": occurred_at, "received_at": self.now,
            # Compact UTF-8 JSON, byte-for-byte what json.dumps(ensure_ascii=False,
            # separators=(",", ":")) writes, in a fifth of the time.
            "payload": to_json(event.payload).decode(),
            "status": result["status"], "code": result.get("code"),
            "message": result.get("message"),
        })

    def _outcome(self, event: PushEvent, occurred_at: datetime) -> dict[str, Any]:
        """Apply the event; "applied", or "rejected" with its code and message."""
        event_id = event.event_id
        try:
            payload = self.payloads.get(event_id)
            if not isinstance(payload, Rejected):
                _own_orders(payload, self.station_id, self.orders)
            if event.type == HANDOVER_COMPLETED:
                try:
                    self.movement_rows.extend(_apply(event, occurred_at, payload,
                                                     self.station_id, self.orders,
                                                     self.handed_over))
                except _HandedOverAlready as already:
                    return self._double_handover(event, occurred_at, payload, already.by)
            else:
                self.movement_rows.extend(_fact_movements(self.facts, event, occurred_at,
                                                          payload, self.station_id))
            applied = None if isinstance(payload, Rejected) else payload
            self.changes.note(event_id, applied, occurred_at)
            self.notices.note(event_id, applied)  # written with the batch, sent later
            return {"event_id": event_id, "status": "applied"}
        except Rejected as rejected:
            return {"event_id": event_id, "status": "rejected", "code": rejected.code,
                    "message": rejected.message}

    def _double_handover(self, event: PushEvent, occurred_at: datetime,
                         payload: BaseModel | Rejected | None, first_id: str
                         ) -> dict[str, Any]:
        """The order was handed over by another event already. From the same counter that is
        a mistake (rejected). From another counter of the station it happened: two counters
        cut off from each other both handed it over. Both facts are held and both move stock
        (every counter's books count both), and the later of the two is flagged."""
        first = self.session.execute(select(
            _EVENTS.c.counter_no, _EVENTS.c.occurred_at).where(
            _EVENTS.c.event_id == first_id)).first()
        first_counter, first_at = (first if first is not None
                                   else (self.counter_no, occurred_at))
        if first_counter == self.counter_no:
            return {"event_id": event.event_id, "status": "rejected",
                    "code": "order_already_handed_over",
                    "message": f"already handed over by {first_id}"}
        assert isinstance(payload, HandoverCompletedPayload)
        self.movement_rows.extend(_movements(payload, event.event_id, occurred_at,
                                             self.station_id))
        self.changes.note(event.event_id, payload, occurred_at)
        later = max((first_at.astimezone(UTC), first_counter, first_id),
                    (occurred_at, self.counter_no, event.event_id))
        message = (f"order {payload.order_no} handed over at counter {first_counter} and at "
                   f"counter {self.counter_no}; the double is event {later[2]}")
        log.warning("station %s: %s", self.station_id, message)
        if later[2] != event.event_id:  # the one held before is the later: flag it
            self.session.execute(update(_EVENTS).where(_EVENTS.c.event_id == first_id)
                                 .values(code=DOUBLE_HANDOVER, message=message))
        return {"event_id": event.event_id, "status": "applied",
                **({"code": DOUBLE_HANDOVER, "message": message}
                   if later[2] == event.event_id else {})}

    def write(self, connection: Connection) -> None:
        self.facts.write(self.session)
        if self.event_rows:
            # Core executemany, not the ORM's bulk path: a third less time per batch.
            connection.execute(insert(_EVENTS), self.event_rows)
        if self.movement_rows:
            connection.execute(insert(_MOVEMENTS), self.movement_rows)
        for handed in self.handed_over:  # written with the order's other changes
            self.changes.hand_over(handed["o_no"], handed["e_id"])
        self.changes.publish(self.now)
        self.notices.create(self.session, self.station_id, self.now)  # from orders as now


def _parse(event: PushEvent) -> BaseModel | Rejected:
    try:
        return EVENT_PAYLOADS[event.type].model_validate(event.payload)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        return Rejected("invalid_payload", f"{where}: {first['msg']}")


def _known(connection: Connection, batch: PushBatch, station_id: str, order_nos: list[str]
           ) -> tuple[set[str], set[int], dict[str, tuple[str, str | None]]]:
    """Held event ids, this counter's numbers already used, and each named order's (owner,
    handed over by)."""
    held_ids: set[str] = set()
    held_seqs: set[int] = set()
    orders: dict[str, tuple[str, str | None]] = {}
    for kind, ref, seq, owner, done_by in connection.execute(_KNOWN, {
            "ids": [e.event_id for e in batch.events], "station": station_id,
            "counter": batch.counter_no, "seqs": [e.station_seq for e in batch.events],
            "order_nos": list(set(order_nos))}):
        if kind == 0:
            held_ids.add(ref)
        elif kind == 1:
            held_seqs.add(seq)
        else:
            orders[ref] = (owner, done_by)
    return held_ids, held_seqs, orders


def _orders_named(payload: BaseModel | Rejected | None) -> list[str]:
    """Every order number an event's payload names."""
    if isinstance(payload, HandoverCompletedPayload | OrderSlottedPayload |
                  OrderSortedPayload | OrderRemindedPayload | RefundRequestedPayload):
        return [payload.order_no]
    if isinstance(payload, GoodsReceivedPayload):
        return [*payload.ready_orders, *payload.short_orders,
                *(placed.order_no for placed in payload.orders)]
    if isinstance(payload, ReturnShippedPayload):
        return [*payload.returned_orders,
                *(line.order_no for line in payload.lines if line.order_no)]
    return []


def _own_orders(payload: BaseModel | None, station_id: str,
                orders: dict[str, tuple[str, str | None]]) -> None:
    """A station writes facts about its own orders only. An order head office does not know
    is nobody else's (an order imported from a file, say): only the handover needs it."""
    for order_no in _orders_named(payload):
        known = orders.get(order_no)
        if known is not None and known[0] != station_id:
            raise Rejected("order_other_station",
                            f"order {order_no} is due at another station")


def _apply(event: PushEvent, occurred_at: datetime,
           payload: BaseModel | Rejected | None,
           station_id: str, orders: dict[str, tuple[str, str | None]],
           handed_over: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The stock movements a handover makes, or Rejected."""
    if isinstance(payload, Rejected):
        raise payload
    assert isinstance(payload, HandoverCompletedPayload)
    if payload.station_id != station_id:
        raise Rejected("wrong_station", "the payload names another station")
    order = orders.get(payload.order_no)
    if order is None:
        raise Rejected("unknown_order", "head office has no such order")
    owner, done_by = order
    if owner != station_id:
        raise Rejected("order_other_station", "the order is due at another station")
    if done_by is not None:
        raise _HandedOverAlready(done_by)
    orders[payload.order_no] = (owner, event.event_id)
    handed_over.append({"o_no": payload.order_no, "e_id": event.event_id})
    return _movements(payload, event.event_id, occurred_at, station_id)


def _movements(payload: HandoverCompletedPayload, event_id: str, occurred_at: datetime,
               station_id: str) -> list[dict[str, Any]]:
    return [{"station_id": station_id, "sku": m.sku, "delta": m.delta, "reason": m.reason,
             "event_id": event_id, "occurred_at": occurred_at} for m in payload.movements]


def _fact_movements(facts: StationFacts, event: PushEvent, occurred_at: datetime,
                    payload: BaseModel | Rejected | None, station_id: str
                    ) -> list[dict[str, Any]]:
    """Every other fact (receiving, sales, counts, after-sales, returns): held, its movements
    added to head office's ledger, and the few that head office acts on noted (push_facts)."""
    if payload is None:
        raise Rejected("unknown_event_type", f"head office does not know type {event.type}")
    if isinstance(payload, Rejected):
        raise payload
    if getattr(payload, "station_id", None) != station_id:
        raise Rejected("wrong_station", "the payload names another station")
    facts.apply(event, payload)
    movements = getattr(payload, "movements", [])
    return [{"station_id": station_id, "sku": m.sku, "delta": m.delta, "reason": m.reason,
             "event_id": event.event_id, "occurred_at": occurred_at} for m in movements]
