"""Counters of one station keeping each other's facts: the core's half of the LAN exchange.

Every counter keeps, in its outbox, the events of every counter of its station: its own (it
numbers them, gaplessly) and the others' (with their numbers), applied as the rows the original
action wrote (`services/replay`: the handover and its lines, the receiving, the sale, the shift,
the stock movements). So any counter shows what any other did, and hands on what it holds.

Why this converges without a server PC:
- A counter holds, for every counter, a *prefix* of its events (1..n). Its marks
  (`counter → n`) say exactly what it holds; a peer answers with what lies beyond them, in
  number order, and an event is applied only right after its predecessor. A lost, repeated,
  delayed or reordered answer therefore applies nothing twice and leaves no hole.
- Applying is idempotent by event id, and each answer is applied in one write transaction
  with the notes it raises: a crash leaves all of it or none.
- The rules for facts that collide (the same order handed over at two counters while the LAN
  was cut, two staff changes) depend only on the facts, never on which arrived first, so
  every counter reaches the same state (`replay/orders.py`, `replay/money.py`; the table of
  rules is in docs/ARCHITECTURE.md, *Several counters*).

The wire, the secret and the peers' addresses are `sync/lan/`; this module never touches the
network.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, literal_column, select, update
from sqlalchemy.orm import Session

from station_app.clock import Clock, utc_now
from station_app.services.attention import add_attention
from station_app.services.outbox import local_counter_no
from station_app.services.replay import HeldEvent, NoteKind, ReplayNote, Stock, replay
from station_app.storage.database import Database
from station_app.storage.models import LanNonce, OutboxEvent, PeerCounter

log = logging.getLogger("station.exchange")

Marks = dict[int, int]  # counter number → the highest event number held (all below it too)

PAGE_EVENTS = 500  # per answer: a day's peak fits in a few, and one page applies in ~0.1 s
EXCHANGE_NOTE = "exchange_note"  # attention item kind: what applying a peer's event found
MAX_COUNTERS = 99  # a station's counters are numbered 1..99


@dataclass(frozen=True)
class CounterEvent:
    """One event as it travels between the counters of a station."""

    event_id: str
    counter_no: int
    station_seq: int
    type: str
    occurred_at: datetime
    payload: dict[str, Any]
    acked: bool  # head office holds it (the sender learnt so): nobody sends it again

    def held(self) -> HeldEvent:
        return HeldEvent(self.event_id, self.station_seq, self.type, self.occurred_at,
                         self.payload, self.counter_no)


@dataclass
class Applied:
    """What one answer from a peer did here."""

    applied: int = 0
    already_held: int = 0
    waiting: int = 0  # events past a hole (their predecessor has not come yet): next time
    acks: int = 0  # events of ours or others now known to be at head office
    notes: list[ReplayNote] = field(default_factory=list)


@dataclass(frozen=True)
class PeerView:
    counter_no: int
    address: str
    last_contact_at: datetime | None
    last_applied_at: datetime | None
    events_behind: int  # what the peer held that this counter had not applied yet
    problem: str | None  # why it cannot be reached now (None: the last ask was answered)
    problem_since: datetime | None


class Exchange:
    """This counter's side of the exchange: what it holds, what a peer lacks, what a peer
    sent. Thread-safe as the database is: each call is its own transaction."""

    def __init__(self, db: Database, station_id: str, clock: Clock = utc_now) -> None:
        self.db = db
        self.station_id = station_id
        self.clock = clock

    def counter_no(self) -> int:
        with self.db.reading() as session:
            return local_counter_no(session, self.station_id)

    def marks(self) -> Marks:
        with self.db.reading() as session:
            return held_marks(session, self.station_id)

    def version(self) -> int:
        with self.db.reading() as session:
            return outbox_version(session)

    def events_after(self, marks: Mapping[int, int], limit: int = PAGE_EVENTS
                     ) -> list[CounterEvent]:
        """What this counter holds beyond `marks`, each counter's in number order (a peer
        restored from a backup gets its own events back too)."""
        with self.db.reading() as session:
            held = held_marks(session, self.station_id)
            wanted = [(counter, marks.get(counter, 0)) for counter, top in sorted(held.items())
                      if top > marks.get(counter, 0)]
            found: list[CounterEvent] = []
            for counter, after in wanted:
                rows = session.scalars(select(OutboxEvent).where(
                    OutboxEvent.station_id == self.station_id,
                    OutboxEvent.counter_no == counter, OutboxEvent.station_seq > after)
                    .order_by(OutboxEvent.station_seq).limit(limit - len(found))).all()
                found += [_travelling(row) for row in rows]
                if len(found) >= limit:
                    break
            return found

    def acked_marks(self) -> Marks:
        """For each counter, the highest event number known to be at head office with all
        before it: a peer stops sending what head office already holds."""
        with self.db.reading() as session:
            rows = session.execute(select(
                OutboxEvent.counter_no, func.min(OutboxEvent.station_seq),
                func.max(OutboxEvent.station_seq)).where(
                    OutboxEvent.station_id == self.station_id,
                    OutboxEvent.acked_at.is_(None)).group_by(OutboxEvent.counter_no)).all()
            unacked = {int(counter): int(first) - 1 for counter, first, _ in rows}
            held = held_marks(session, self.station_id)
        return {counter: unacked.get(counter, top) for counter, top in held.items()}

    def apply(self, events: Iterable[CounterEvent], acked: Mapping[int, int] | None = None,
              from_counter: int | None = None, *, address: str = "",
              peer_marks: Mapping[int, int] | None = None) -> Applied:
        """Apply a peer's answer in one write transaction: each event right after its
        predecessor, as the rows its action wrote; `acked` (the peer's acked marks) marks
        events here as held by head office. Notes go to the attention inbox, once each."""
        result = Applied()
        ordered = sorted(events, key=lambda e: (e.counter_no, e.station_seq))
        with self.db.writing() as session:
            own = local_counter_no(session, self.station_id)
            marks = held_marks(session, self.station_id)
            now = self.clock()
            for event in ordered:
                self._apply_one(session, event, own, marks, now, result)
            if acked:
                result.acks = _mark_acked(session, self.station_id, acked, now)
            for note in result.notes:
                _file(session, note, now)
            if from_counter is not None:
                behind = sum(max(0, top - marks.get(counter, 0))
                             for counter, top in (peer_marks or {}).items() if counter != own)
                _seen(session, from_counter, address, now, applied=result.applied > 0,
                      behind=behind)
        return result

    def first_use_of(self, nonce: str, keep: timedelta) -> bool:
        """Write down a request's nonce; False when it was seen within `keep` (a replay).
        Older nonces are forgotten in the same transaction (their requests are refused by
        their date anyway)."""
        now = self.clock()
        with self.db.writing() as session:
            if session.get(LanNonce, nonce) is not None:
                return False
            session.execute(delete(LanNonce).where(LanNonce.seen_at < now - keep))
            session.add(LanNonce(nonce=nonce, seen_at=now))
            return True

    def peer_failed(self, counter_no: int, address: str, problem: str) -> None:
        """Write down why a peer cannot be reached (kept from the first failure on)."""
        with self.db.writing() as session:
            peer = _peer(session, counter_no, address)
            if peer.problem is None:
                peer.problem_since = self.clock()
            peer.problem = problem[:300]

    def peers(self) -> list[PeerView]:
        """The other counters as this one last saw them (status bar, health panel)."""
        with self.db.reading() as session:
            rows = session.scalars(select(PeerCounter).order_by(PeerCounter.counter_no)).all()
            return [PeerView(p.counter_no, p.address, p.last_contact_at, p.last_applied_at,
                             p.events_behind, p.problem, p.problem_since) for p in rows]

    def _apply_one(self, session: Session, event: CounterEvent, own: int, marks: Marks,
                   now: datetime, result: Applied) -> None:
        if not 1 <= event.counter_no <= MAX_COUNTERS or event.station_seq < 1:
            raise ValueError(f"counter {event.counter_no} event {event.station_seq}")
        top = marks.get(event.counter_no, 0)
        if event.station_seq <= top or (event.counter_no == own and event.station_seq > top):
            # Held already; or a number of ours this counter has not used (only head office's
            # recovery may bring those back: it renumbers what collides).
            result.already_held += 1
            return
        if event.station_seq != top + 1:
            result.waiting += 1
            return
        notes = replay(session, self.station_id, event.held(), now, Stock.MOVE,
                       acked=event.acked)
        marks[event.counter_no] = event.station_seq
        if notes is None:
            result.already_held += 1
            return
        result.applied += 1
        result.notes += notes


def held_marks(session: Session, station_id: str) -> Marks:
    """Counter → highest number held. A few index seeks (next counter, its top number), never
    a scan: a long poll asks this every 50 ms of an outbox a year deep."""
    marks: Marks = {}
    counter = 0
    of_station = OutboxEvent.station_id == station_id
    while True:
        counter = session.scalar(select(func.min(OutboxEvent.counter_no)).where(
            of_station, OutboxEvent.counter_no > counter)) or 0
        if not counter:
            return marks
        marks[counter] = int(session.scalar(select(func.max(OutboxEvent.station_seq)).where(
            of_station, OutboxEvent.counter_no == counter)) or 0)


def outbox_version(session: Session) -> int:
    """Grows with every event written (SQLite's rowid of the newest row): one cheap look
    tells a waiting answer whether anything is new."""
    return int(session.scalar(select(func.max(literal_column("rowid")))
                              .select_from(OutboxEvent)) or 0)


def _travelling(row: OutboxEvent) -> CounterEvent:
    return CounterEvent(row.event_id, row.counter_no, row.station_seq, row.type,
                        row.occurred_at, json.loads(row.payload), row.acked_at is not None)


def _mark_acked(session: Session, station_id: str, acked: Mapping[int, int],
                now: datetime) -> int:
    marked = 0
    for counter, through in acked.items():
        marked += session.connection().execute(update(OutboxEvent).where(
            OutboxEvent.station_id == station_id, OutboxEvent.counter_no == int(counter),
            OutboxEvent.station_seq <= int(through), OutboxEvent.acked_at.is_(None))
            .values(acked_at=now)).rowcount
    return marked


def _file(session: Session, note: ReplayNote, now: datetime) -> None:
    # A double handover is one problem of one order, whichever counter learns it first and
    # whichever of the two events brought it here: keyed by the order, it is listed once.
    key = (f"double_handover:{note.order_no}" if note.kind == NoteKind.DOUBLE_HANDOVER
           else f"exchange:{note.event_id}:{note.kind}")
    add_attention(session, key, note.kind.value if note.kind == NoteKind.DOUBLE_HANDOVER
                  else EXCHANGE_NOTE, note.message, now, order_no=note.order_no,
                  event_id=note.event_id)


def _peer(session: Session, counter_no: int, address: str) -> PeerCounter:
    peer = session.get(PeerCounter, counter_no)
    if peer is None:
        peer = PeerCounter(counter_no=counter_no, address=address, events_behind=0)
        session.add(peer)
    elif address:
        peer.address = address
    return peer


def _seen(session: Session, counter_no: int, address: str, now: datetime, *, applied: bool,
          behind: int) -> None:
    peer = _peer(session, counter_no, address)
    peer.last_contact_at = now
    peer.events_behind = behind
    if applied:
        peer.last_applied_at = now
    peer.problem = None
    peer.problem_since = None

