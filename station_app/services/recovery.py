"""Recovery, the counter's side: taking back what head office holds of this station's facts.

Head office holds every event a station pushed. Two kinds of counter need them back:

- **restore**: a backup put back over a dead or damaged database holds the events up to the
  backup; head office may hold later ones the lost disk had sent. They are replayed here with
  their stock movements (`Stock.MOVE`), keeping their numbers; events this counter made after
  the restore and head office never saw are moved after head office's last number, so the
  sequence stays gapless and no number means two things.
- **replacement**: a new PC enrolled for a station that already exists starts from head
  office's balances (one `opening` movement per product, no event: head office already has
  those movements) and replays only the recent window of events without moving stock
  (`Stock.KEEP`); its own numbering continues after head office's last number (seq_floor).

Numbers head office never received and nobody holds any more (the tail, or a hole, of what
the lost disk recorded) are named as lost: the Recovery row says which and between which
times, so staff know exactly which window to check on paper.

The network side (sync/client/recovery.py) asks head office and calls these in order:
`begin`, `apply_held` per page, `take_over` (replacement only), `finish`. Each is one
transaction, and each is idempotent, so a crash at any point is finished by running recovery
again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from station_app.domain.stock import MovementReason
from station_app.services.outbox import last_seq
from station_app.services.replay import HeldEvent, ReplayNote, Stock, replay
from station_app.services.replay.base import sku, staff_member
from station_app.services.replay.orders import PRELOADED_ORDERS
from station_app.services.stock_ledger import post_movement
from station_app.storage.database import Database
from station_app.storage.models import (
    Order,
    OutboxEvent,
    Recovery,
    Staff,
    Station,
    StockBalance,
    StockMovement,
    SyncLease,
)


class RecoveryKind(StrEnum):
    RESTORE = "restore"
    REPLACEMENT = "replacement"


@dataclass(frozen=True)
class LocalHoldings:
    last_seq: int  # the highest number used here (own events, or the floor taken over)
    watermark: int  # every event 1..watermark here is acknowledged by head office
    events: int  # how many events this counter holds

    @property
    def empty(self) -> bool:
        return self.events == 0 and self.last_seq == 0


@dataclass(frozen=True)
class RecoveryView:
    id: int
    kind: RecoveryKind
    started_at: datetime
    finished_at: datetime | None
    local_seq: int
    head_office_seq: int
    recovered: int
    renumbered: int
    lost_from_seq: int | None
    lost_to_seq: int | None
    lost_after: datetime | None
    lost_before: datetime | None
    summary: str | None

    @property
    def lost(self) -> int:
        if self.lost_from_seq is None or self.lost_to_seq is None:
            return 0
        return self.lost_to_seq - self.lost_from_seq + 1


def holdings(session: Session, station_id: str) -> LocalHoldings:
    count, first_unacked = session.execute(
        select(func.count(), func.min(OutboxEvent.station_seq).filter(
            OutboxEvent.acked_at.is_(None)))
        .where(OutboxEvent.station_id == station_id)).one()
    highest = last_seq(session, station_id)
    floor = session.scalar(select(Station.seq_floor).where(Station.id == station_id)) or 0
    acked = session.scalar(select(func.max(OutboxEvent.station_seq)).where(
        OutboxEvent.station_id == station_id, OutboxEvent.acked_at.is_not(None))) or 0
    watermark = (first_unacked - 1) if first_unacked is not None else max(acked, floor)
    return LocalHoldings(highest, max(watermark, 0), int(count))


def local_holdings(db: Database, station_id: str) -> LocalHoldings:
    with db.reading() as session:
        return holdings(session, station_id)


def begin(db: Database, station_id: str, kind: RecoveryKind, head_office_seq: int,
          held_ids: Mapping[str, int], now: datetime) -> int:
    """Open a recovery: move this counter's own events that head office never held (ids not
    in `held_ids`, id → head office's number) after `head_office_seq`, drop the push lease
    (its numbers may have moved; head office knows resent events by id), and write the
    Recovery row. Returns its id. One transaction."""
    with db.writing() as session:
        local = holdings(session, station_id)
        renumbered = _renumber(session, station_id, local.watermark, head_office_seq,
                               held_ids)
        session.execute(delete(SyncLease))
        row = Recovery(kind=kind.value, started_at=now, local_seq=local.last_seq,
                       head_office_seq=head_office_seq, recovered=0, renumbered=renumbered)
        session.add(row)
        session.flush()
        return row.id


def _renumber(session: Session, station_id: str, watermark: int, head_office_seq: int,
              held_ids: Mapping[str, int]) -> int:
    own = session.scalars(select(OutboxEvent).where(
        OutboxEvent.station_id == station_id, OutboxEvent.station_seq > watermark,
        OutboxEvent.acked_at.is_(None)).order_by(OutboxEvent.station_seq)).all()
    # Events head office holds under the same id keep their number (it is the same fact).
    # Those it never saw go after head office's last number, in their order, gapless.
    moving = [event for event in own if event.event_id not in held_ids]
    targets = {event.event_id: head_office_seq + rank
               for rank, event in enumerate(moving, start=1)}
    moving = [event for event in moving if event.station_seq != targets[event.event_id]]
    if not moving:
        return 0
    # Two steps through negative numbers: the unique (station, seq) key holds at every row.
    for event in moving:
        event.station_seq = -event.station_seq
    session.flush()
    for event in moving:
        event.station_seq = targets[event.event_id]
    session.flush()
    return len(moving)


def apply_held(db: Database, station_id: str, recovery_id: int, events: Sequence[HeldEvent],
               stock: Stock, now: datetime) -> list[ReplayNote]:
    """Replay one page of head office's events in one transaction (skipping those already
    here, which are marked acknowledged). Returns the notes for a person."""
    notes: list[ReplayNote] = []
    replayed = 0
    with db.writing() as session:
        # Loaded once per page and held: the session keeps unchanged rows only while someone
        # refers to them, and a page of handovers names a few hundred orders and products.
        held = _preload(session, events)
        for event in events:
            found = replay(session, station_id, event, now, stock)
            if found is None:
                session.execute(update(OutboxEvent).where(
                    OutboxEvent.event_id == event.event_id,
                    OutboxEvent.acked_at.is_(None)).values(acked_at=now))
                continue
            replayed += 1
            notes.extend(found)
        session.execute(update(Recovery).where(Recovery.id == recovery_id).values(
            recovered=Recovery.recovered + replayed))
        session.info.pop(PRELOADED_ORDERS, None)
        del held
    return notes


def _preload(session: Session, events: Sequence[HeldEvent]) -> list[object]:
    order_nos = {str(e.payload["order_no"]) for e in events if e.payload.get("order_no")}
    skus = {str(m.get("sku")) for e in events for m in e.payload.get("movements") or []}
    found: list[object] = []
    ordered = sorted(order_nos)
    orders: dict[str, Order] = {}
    for start in range(0, len(ordered), 500):
        orders.update((order.order_no, order) for order in session.scalars(select(Order).where(
            Order.order_no.in_(ordered[start:start + 500]))))
    session.info[PRELOADED_ORDERS] = orders
    found += orders.values()
    codes = sorted(skus)
    for start in range(0, len(codes), 500):
        found += session.scalars(select(StockBalance).where(
            StockBalance.sku.in_(codes[start:start + 500])))
    return found


@dataclass(frozen=True)
class Member:
    staff_id: int
    name: str
    role: str
    active: bool


def take_over(db: Database, station_id: str, head_office_seq: int,
              balances: Mapping[str, int], now: datetime, *,
              staff: Sequence[Member] = (), holding_days: int | None = None) -> int:
    """A replacement PC starts from head office's book: an `opening` movement per product
    (none if this counter already has a book: run twice, it changes nothing), the station's
    staff (names and roles; each sets a PIN here) and holding period, and numbering after
    head office's last event. Returns how many balances were taken."""
    with db.writing() as session:
        station = session.get_one(Station, station_id)
        station.seq_floor = max(station.seq_floor, head_office_seq)
        if holding_days is not None:
            station.holding_days = holding_days
        for member in staff:
            # Someone set up on this PC already (the wizard's manager) keeps their account.
            if session.get(Staff, member.staff_id) is None:
                staff_member(session, member.staff_id, member.name, member.role,
                             member.active)
        if session.scalar(select(func.count()).select_from(StockMovement)):
            return 0
        taken = 0
        for code, quantity in sorted(balances.items()):
            if quantity:
                post_movement(session, sku(session, code), quantity, MovementReason.OPENING,
                              f"recovered {now:%Y-%m-%d}", None, now)
                taken += 1
        session.flush()
        return taken


def finish(db: Database, recovery_id: int, now: datetime, *,
           lost: tuple[int, int] | None = None, lost_after: datetime | None = None,
           lost_before: datetime | None = None, summary: str = "") -> RecoveryView:
    """Close the recovery with what was lost (event numbers head office never received)."""
    with db.writing() as session:
        row = session.get_one(Recovery, recovery_id)
        row.finished_at = now
        if lost is not None:
            row.lost_from_seq, row.lost_to_seq = lost
            row.lost_after, row.lost_before = lost_after, lost_before
        row.summary = summary[:1000] or None
        return _view(row)


def latest(db: Database) -> RecoveryView | None:
    with db.reading() as session:
        row = session.scalar(select(Recovery).order_by(Recovery.id.desc()).limit(1))
        return None if row is None else _view(row)


def unfinished(db: Database) -> RecoveryView | None:
    """A recovery a crash interrupted: the next sync runs recovery again and finishes it."""
    with db.reading() as session:
        row = session.scalar(select(Recovery).where(Recovery.finished_at.is_(None))
                             .order_by(Recovery.id.desc()).limit(1))
        return None if row is None else _view(row)


def _view(row: Recovery) -> RecoveryView:
    return RecoveryView(row.id, RecoveryKind(row.kind), row.started_at, row.finished_at,
                        row.local_seq, row.head_office_seq, row.recovered, row.renumbered,
                        row.lost_from_seq, row.lost_to_seq, row.lost_after, row.lost_before,
                        row.summary)
