"""Shelf slots (货架位): where a ready order waits, e.g. `A-3-017` (zone A, layer 3, position 17).

A slot is occupied exactly while an order on the shelf holds it (ready, or arrived and waiting
to be sorted into its bag): once the order leaves (handed over,
returned, cancelled) the slot is free again without anyone clearing it, because occupancy is
always read from the orders themselves. A slot head office sent with the order is kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.clock import Clock, utc_now
from station_app.devices.pickup_label import PickupLabel
from station_app.domain.event_types import EventType
from station_app.domain.order_state import OrderState
from station_app.services.authority import require_staff
from station_app.services.outbox import append_event, local_counter_no
from station_app.services.print_journal import journal_document
from station_app.storage.database import Database
from station_app.storage.models import Order, OrderNote, Station

SLOTTED_EVENT = EventType.ORDER_SLOTTED
# Orders whose goods are on the shelf: each holds its slot.
ON_SHELF = (OrderState.READY.value, OrderState.ARRIVED.value)
_ZONE = re.compile(r"^[A-Z]$")


@dataclass(frozen=True)
class ShelfLayout:
    """The `[shelf]` settings table: zones, layers per zone, positions per layer."""

    zones: str = "A,B,C,D"  # comma-separated single letters
    layers: int = 5
    positions: int = 20
    print_labels: bool = True  # a pickup label for every order that gets a slot
    # The resident's pickup code on the label too. Off by default: anyone who can read the
    # bag could then collect it; the label's QR (the order number) needs a manager instead.
    label_pickup_code: bool = False

    def __post_init__(self) -> None:
        if not self.zone_list or any(not _ZONE.match(zone) for zone in self.zone_list):
            raise ValueError(f"zones must be single letters A-Z separated by commas; "
                             f"got {self.zones!r}")
        if len(set(self.zone_list)) != len(self.zone_list):
            raise ValueError(f"zones repeat a letter: {self.zones!r}")
        if not 1 <= self.layers <= 9:
            raise ValueError(f"layers must be 1-9; got {self.layers!r}")
        if not 1 <= self.positions <= 999:
            raise ValueError(f"positions must be 1-999; got {self.positions!r}")

    @property
    def zone_list(self) -> tuple[str, ...]:
        return tuple(zone.strip().upper() for zone in self.zones.split(",") if zone.strip())

    def codes(self) -> Iterator[str]:
        """Every slot in shelf order: A-1-001, A-1-002, … A-1-020, A-2-001, … D-5-020."""
        for zone in self.zone_list:
            for layer in range(1, self.layers + 1):
                for position in range(1, self.positions + 1):
                    yield slot_code(zone, layer, position)

    def contains(self, code: str) -> bool:
        match = re.fullmatch(r"([A-Z])-(\d)-(\d{3})", code)
        return bool(match) and match is not None and match[1] in self.zone_list \
            and 1 <= int(match[2]) <= self.layers and 1 <= int(match[3]) <= self.positions

    @property
    def size(self) -> int:
        return len(self.zone_list) * self.layers * self.positions

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any]) -> ShelfLayout:
        """Raises ValueError or TypeError for unknown keys or values of the wrong type."""
        if not isinstance(raw, Mapping):
            raise TypeError("must be a table")
        defaults = cls()
        unknown = sorted(set(raw) - {"zones", "layers", "positions", "print_labels",
                                     "label_pickup_code"})
        if unknown:
            raise ValueError(f"unknown shelf setting(s): {', '.join(unknown)}")
        for key, value in raw.items():
            expected = type(getattr(defaults, key))
            if not isinstance(value, expected) or isinstance(value, bool) != (expected is bool):
                raise ValueError(f"{key} must be a {expected.__name__}; got {value!r}")
        return cls(**raw)

    def to_mapping(self) -> dict[str, Any]:
        return {"zones": self.zones, "layers": self.layers, "positions": self.positions,
                "print_labels": self.print_labels, "label_pickup_code": self.label_pickup_code}


def slot_code(zone: str, layer: int, position: int) -> str:
    return f"{zone}-{layer}-{position:03d}"


def occupied_slots(session: Session) -> dict[str, str]:
    """Slot → order number, for every slot an order on the shelf holds now."""
    rows = session.execute(
        select(Order.slot, Order.order_no)
        .where(Order.state.in_(ON_SHELF), Order.slot.is_not(None))
    ).all()
    return {slot: order_no for slot, order_no in rows if slot}


def first_free(layout: ShelfLayout, occupied: Iterable[str]) -> str | None:
    """The first slot in shelf order nobody holds; None when the shelf is full."""
    taken = set(occupied)
    return next((code for code in layout.codes() if code not in taken), None)


def assign_slot(session: Session, order: Order, now: datetime,
                layout: ShelfLayout | None = None,
                occupied: dict[str, str] | None = None) -> str | None:
    """Give `order` the first free slot, in the caller's transaction, and return it.

    An order that already has a slot (head office sent one) keeps it. `occupied` (from
    `occupied_slots`) may be passed and is kept up to date, so a caller placing many orders in
    one transaction reads the shelf once. Returns None when the shelf is full.
    """
    if order.slot:
        return order.slot
    taken = occupied if occupied is not None else occupied_slots(session)
    code = first_free(layout or ShelfLayout(), taken)
    if code is not None:
        order.slot = code
        taken[code] = order.order_no
    return code


# --- scanning an order to a slot ---------------------------------------------------------------


class SlotRefusal(StrEnum):
    UNKNOWN_ORDER = "unknown_order"
    NOT_READY = "not_ready"  # only an order waiting on the shelf has a slot
    UNKNOWN_SLOT = "unknown_slot"  # not a slot of this station's shelf layout
    SLOT_TAKEN = "slot_taken"  # another ready order holds it: `holder` names it
    OTHER_COUNTER = "other_counter"  # slots are given at the receiving counter (`holder`)


@dataclass
class SlotRefused(Exception):
    reason: SlotRefusal
    order_no: str = ""
    slot: str = ""
    holder: str | None = None  # the order already in the slot
    state: str | None = None  # the order's state, for NOT_READY
    detail: str = field(default="")

    def __str__(self) -> str:
        return f"slot refused: {self.reason} {self.order_no} {self.slot} {self.holder or ''}"


@dataclass(frozen=True)
class SlotDone:
    order_no: str
    slot: str
    previous_slot: str | None
    changed: bool  # False: the order already sat there (nothing written)
    event_id: str | None
    print_job_id: int | None


def slot_order(db: Database, order_no: str, slot: str, staff_id: int, *,
               layout: ShelfLayout, station_id: str, clock: Clock = utc_now,
               language: str = "zh_CN", receiving_counter: int = 1) -> SlotDone:
    """Staff put a ready order on a slot by scanning both: one transaction with the order's
    new slot, the `order.slotted` event, an order note and (per layout.print_labels) the new
    pickup label.

    Raises SlotRefused (unknown order or slot, order not ready, slot held by another ready
    order) and authority.NotAllowed for unknown staff, before anything is written.
    """
    slot = slot.strip().upper()
    with db.writing() as session:
        order = session.scalar(select(Order).where(Order.order_no == order_no.strip()))
        if order is None or order.station_id != station_id:
            raise SlotRefused(SlotRefusal.UNKNOWN_ORDER, order_no, slot)
        if order.state not in ON_SHELF:
            raise SlotRefused(SlotRefusal.NOT_READY, order.order_no, slot, state=order.state)
        if not layout.contains(slot):
            raise SlotRefused(SlotRefusal.UNKNOWN_SLOT, order.order_no, slot)
        holder = session.scalar(select(Order.order_no).where(
            Order.slot == slot, Order.state.in_(ON_SHELF),
            Order.id != order.id).limit(1))
        if holder is not None:
            raise SlotRefused(SlotRefusal.SLOT_TAKEN, order.order_no, slot, holder=holder)
        if local_counter_no(session, station_id) != receiving_counter:
            # One counter gives slots, so two counters cut off from each other never put
            # two orders on one slot.
            raise SlotRefused(SlotRefusal.OTHER_COUNTER, order.order_no, slot,
                              holder=str(receiving_counter))
        require_staff(session, staff_id)
        if order.slot == slot:
            return SlotDone(order.order_no, slot, slot, False, None, None)
        now = clock()
        previous = order.slot
        order.slot = slot
        event = append_event(session, station_id, SLOTTED_EVENT, {
            "order_no": order.order_no, "slot": slot, "slotted_at": now.isoformat(),
            "station_id": station_id, "staff_id": staff_id, "movements": [],
        }, now)
        session.add(OrderNote(order_no=order.order_no, kind="slotted",
                              text=f"货架位 {previous or '—'} → {slot}", staff_id=staff_id,
                              noted_at=now))
        job_id = None
        if layout.print_labels:
            job = journal_document(session, label_for(session, order, now, language,
                                                      with_code=layout.label_pickup_code), now)
            session.flush()
            job_id = job.id
        return SlotDone(order.order_no, slot, previous, True, event.event_id, job_id)


def label_for(session: Session, order: Order, now: datetime, language: str = "zh_CN",
              station: Station | None = None, *, with_code: bool = False) -> PickupLabel:
    """The pickup label of a slotted order, as it stands in this transaction. A caller
    labelling many orders passes their station (read once). The pickup code is on it only
    `with_code` (ShelfLayout.label_pickup_code): then the label alone proves the order."""
    station = station or session.get(Station, order.station_id)
    return PickupLabel(
        order_no=order.order_no,
        slot=order.slot or "",
        pickup_code=order.pickup_code if with_code else "",
        customer_name=order.customer_name,
        phone_tail=order.phone_tail,
        item_count=sum(line.quantity for line in order.lines),
        station_name=station.name if station else order.station_id,
        station_code=order.station_id,
        labelled_at=now,
        shortage=order.shortage,
        language=language,
    )
