"""Overdue orders (滞留): ready orders not collected within the station's holding period.

Staff see them oldest first, remind the residents (the reminder itself goes out from head
office on the `order.reminded` event), and send the orders back in the open return shipment.

The holding period is `Station.holding_days`. An order's `holding_deadline` is fixed when the
order becomes ready (receiving sets it with `deadline_for`), so changing the period moves only
the deadlines of orders received afterwards: a resident never finds their promised date moved.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.clock import Clock, utc_now
from station_app.domain.event_types import EventType
from station_app.domain.order_state import OrderState
from station_app.domain.refusal import Refused
from station_app.services.after_sales import NoteKind
from station_app.services.authority import require_manager, require_staff
from station_app.services.outbox import append_event
from station_app.services.return_shipments import (
    ReturnShipments,
    ShipmentState,
    ShipmentView,
    overdue_problem,
)
from station_app.services.station_facts import holding_period_set
from station_app.storage.database import Database
from station_app.storage.models import (
    Order,
    OrderNote,
    ReturnShipment,
    ReturnShipmentLine,
    Station,
)

REMINDED_EVENT = EventType.ORDER_REMINDED
MIN_HOLDING_DAYS = 1
MAX_HOLDING_DAYS = 30


class OverdueProblem(StrEnum):
    NO_ORDERS = "no_orders"
    NOT_OVERDUE = "not_overdue"  # unknown, not ready, or not past its deadline
    BAD_HOLDING_DAYS = "bad_holding_days"


class OverdueRefused(Refused):
    """An overdue action that must not happen; nothing was written."""

    reason: OverdueProblem


@dataclass(frozen=True)
class OverdueOrder:
    order_no: str
    pickup_code: str
    customer_name: str
    masked_phone: str
    slot: str | None
    holding_deadline: datetime
    overdue_for: timedelta  # how long past the deadline
    item_count: int
    reminders: int
    reminded_at: datetime | None
    in_return_shipment: bool  # already listed in the open return shipment

    @property
    def days(self) -> int:
        return self.overdue_for.days

    @property
    def hours(self) -> int:
        return self.overdue_for.seconds // 3600


@dataclass(frozen=True)
class RemindDone:
    order_nos: tuple[str, ...]
    event_ids: tuple[str, ...]
    reminded_at: datetime


def deadline_for(session: Session, station_id: str, ready_at: datetime) -> datetime:
    """The holding deadline of an order that becomes ready at `ready_at` (for receiving)."""
    station = session.get(Station, station_id)
    return ready_at + timedelta(days=station.holding_days if station else 3)


@dataclass(frozen=True)
class Overdue:
    """The overdue list of one station. Safe to call from any one worker thread."""

    db: Database
    station_id: str
    clock: Clock = utc_now

    def overdue(self, now: datetime | None = None) -> list[OverdueOrder]:
        """Ready orders of this station past their holding deadline, oldest first."""
        now = now or self.clock()
        with self.db.reading() as session:
            orders = session.scalars(
                select(Order).where(Order.state == OrderState.READY.value,
                                    Order.station_id == self.station_id,
                                    Order.holding_deadline < now)
                .order_by(Order.holding_deadline, Order.id)).all()
            listed = set(session.scalars(
                select(ReturnShipmentLine.order_no).join(ReturnShipment)
                .where(ReturnShipment.state == ShipmentState.OPEN.value,
                       ReturnShipmentLine.order_no.is_not(None))))
            return [OverdueOrder(
                order.order_no, order.pickup_code, order.customer_name, order.masked_phone,
                order.slot, order.holding_deadline, now - order.holding_deadline,
                sum(line.quantity for line in order.lines), order.reminders, order.reminded_at,
                order.order_no in listed) for order in orders]

    def remind(self, order_nos: Iterable[str], staff_id: int) -> RemindDone:
        """Mark the orders reminded (time, count, note) with one `order.reminded` event each,
        in one transaction.

        Raises OverdueRefused (nothing written) for an empty list or any order that is not
        overdue here (`items` says which and why); NotAllowed for an unknown staff id.
        """
        wanted = list(dict.fromkeys(no.strip() for no in order_nos if no.strip()))
        if not wanted:
            raise OverdueRefused(OverdueProblem.NO_ORDERS)
        now = self.clock()
        with self.db.writing() as session:
            require_staff(session, staff_id)
            orders = {order.order_no: order for order in session.scalars(
                select(Order).where(Order.order_no.in_(wanted)))}
            problems = tuple(problem for no in wanted if (problem := overdue_problem(
                orders.get(no), no, self.station_id, now)) is not None)
            if problems:
                raise OverdueRefused(OverdueProblem.NOT_OVERDUE, problems[0], items=problems)
            events = []
            for no in wanted:
                order = orders[no]
                order.reminded_at = now
                order.reminders += 1
                session.add(OrderNote(order_no=no, kind=NoteKind.REMINDED.value,
                                      text=f"reminder {order.reminders}", staff_id=staff_id,
                                      noted_at=now))
                events.append(append_event(session, self.station_id, REMINDED_EVENT, {
                    "station_id": self.station_id,
                    "staff_id": staff_id,
                    "movements": [],
                    "order_no": no,
                    "reminded_at": now.isoformat(),
                }, now).event_id)
            return RemindDone(tuple(wanted), tuple(events), now)

    def move_to_return(self, order_nos: Iterable[str], staff_id: int) -> ShipmentView:
        """Put the overdue orders into the open return shipment (opened if needed), in one
        transaction. Raises what `ReturnShipments.add_overdue` raises."""
        return ReturnShipments(self.db, self.station_id, self.clock).add_overdue(order_nos,
                                                                                  staff_id)

    def holding_days(self) -> int:
        with self.db.reading() as session:
            station = session.get(Station, self.station_id)
            return station.holding_days if station else 3

    def set_holding_days(self, days: int, approver_id: int) -> int:
        """Set the station's holding period (a manager's decision). Existing deadlines stay;
        orders received from now on get the new period. Returns the previous period.

        Raises OverdueRefused(BAD_HOLDING_DAYS) outside 1…30 and NotAllowed unless
        `approver_id` is an active manager; nothing is written then.
        """
        if isinstance(days, bool) or not MIN_HOLDING_DAYS <= days <= MAX_HOLDING_DAYS:
            raise OverdueRefused(OverdueProblem.BAD_HOLDING_DAYS, str(days))
        with self.db.writing() as session:
            require_manager(session, approver_id)
            station = session.get_one(Station, self.station_id)
            previous = station.holding_days
            station.holding_days = days
            if days != previous:
                holding_period_set(session, self.station_id, days, approver_id, self.clock())
            return previous
