"""Replaying the facts of money and the book: walk-in sales and their refunds, shifts and
their cash, stock counts. Each writes the rows its service wrote when it happened."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station_app.devices.sale_receipt import SaleKind
from station_app.services.replay.base import (
    HeldEvent,
    ReplayNote,
    Stock,
    at,
    field,
    free_number,
    move_stock,
    sku,
    staff_id,
    staff_member,
)
from station_app.services.shifts_views import ShiftState
from station_app.services.stock_count import CountState
from station_app.storage.models import (
    CashCount,
    CashMovement,
    OutboxEvent,
    Sale,
    SaleLine,
    Shift,
    Station,
    StockCount,
    StockCountLine,
)


def _shift_of(session: Session, shift_no: object, staff: int, moment: datetime) -> int | None:
    """The shift whose drawer took the money: named by newer events, else the seller's shift
    that was open at that moment (as the sale found it then)."""
    if shift_no:
        return session.scalar(select(Shift.id).where(Shift.shift_no == str(shift_no)))
    return session.scalar(select(Shift.id).where(
        Shift.staff_id == staff, Shift.opened_at <= moment,
        (Shift.closed_at.is_(None)) | (Shift.closed_at > moment)).limit(1))


def _sale_lines(session: Session, sale: Sale, lines: list[dict[str, object]]) -> None:
    for number, line in enumerate(lines, start=1):
        price = int(str(line["unit_price_fen"]))
        session.add(SaleLine(sale_id=sale.id, line_no=number,
                             sku=sku(session, str(line["sku"]), price),
                             quantity=int(str(line["quantity"])), unit_price_fen=price,
                             oversell_reason=line.get("oversell_reason"),
                             weight_g=_weight(line.get("weight_g")),
                             price_source=_source(line.get("price_source"))))


def _weight(value: object) -> int | None:
    return None if value is None else int(str(value))


def _source(value: object) -> str | None:
    return None if value is None else str(value)[:12]


def sale(session: Session, station_id: str, event: HeldEvent, stock: Stock,
         notes: list[ReplayNote]) -> None:
    payload = event.payload
    moment = at(payload, "sold_at")
    staff = staff_id(session, field(payload, "staff_id"))
    assert staff is not None
    number = free_number(session, Sale.sale_no, str(field(payload, "sale_no")), event, notes)
    move_stock(session, payload, number, staff, moment, stock)
    done = Sale(sale_no=number, kind=SaleKind.SALE.value, original_sale_id=None,
                staff_id=staff, approved_by=staff_id(session, payload.get("approved_by")),
                sold_at=moment, subtotal_fen=int(field(payload, "subtotal_fen")),
                discount_fen=int(field(payload, "discount_fen")),
                total_fen=int(field(payload, "total_fen")),
                payment_method=str(field(payload, "payment_method")),
                payment_ref=payload.get("payment_ref"),
                cash_given_fen=payload.get("cash_given_fen"),
                change_fen=payload.get("change_fen"), reason=None, event_id=event.event_id,
                shift_id=_shift_of(session, payload.get("shift_no"), staff, moment))
    session.add(done)
    session.flush()
    _sale_lines(session, done, field(payload, "lines"))


def refund(session: Session, station_id: str, event: HeldEvent, stock: Stock,
           notes: list[ReplayNote]) -> None:
    payload = event.payload
    moment = at(payload, "refunded_at")
    staff = staff_id(session, field(payload, "staff_id"))
    assert staff is not None
    number = free_number(session, Sale.sale_no, str(field(payload, "sale_no")), event, notes)
    move_stock(session, payload, number, staff, moment, stock)
    original = session.scalar(select(Sale.id).where(
        Sale.sale_no == str(field(payload, "original_sale_no"))))
    total = int(field(payload, "total_fen"))
    done = Sale(sale_no=number, kind=SaleKind.REFUND.value, original_sale_id=original,
                staff_id=staff, approved_by=staff_id(session, payload.get("approved_by")),
                sold_at=moment, subtotal_fen=int(payload.get("subtotal_fen", total)),
                discount_fen=int(payload.get("discount_fen", 0)), total_fen=total,
                payment_method=str(field(payload, "payment_method")),
                payment_ref=payload.get("payment_ref"), cash_given_fen=None, change_fen=None,
                reason=str(field(payload, "reason")), event_id=event.event_id,
                shift_id=_shift_of(session, payload.get("shift_no"), staff, moment))
    session.add(done)
    session.flush()
    _sale_lines(session, done, field(payload, "lines"))


def shift_opened(session: Session, station_id: str, event: HeldEvent, stock: Stock,
                 notes: list[ReplayNote]) -> None:
    payload = event.payload
    staff = staff_id(session, field(payload, "staff_id"))
    assert staff is not None
    number = free_number(session, Shift.shift_no, str(field(payload, "shift_no")), event,
                         notes)
    session.add(Shift(counter_no=event.counter_no, shift_no=number, staff_id=staff,
                      state=ShiftState.OPEN.value,
                      opened_at=at(payload, "opened_at"),
                      float_fen=int(field(payload, "float_fen")),
                      blind=bool(payload.get("blind", False)), open_event_id=event.event_id))


def _held_shift(session: Session, event: HeldEvent) -> Shift | None:
    # A shift opened before the window a replacement PC recovers is not here: that older
    # drawer stays at head office's record. A replayed shift whose number was reused after
    # the backup carries the mark (free_number): it is the one this fact closes.
    number = str(field(event.payload, "shift_no"))
    for candidate in (f"{number}*", number):
        shift = session.scalar(select(Shift).where(Shift.shift_no == candidate))
        if shift is not None:
            return shift
    return None


def cash_moved(session: Session, station_id: str, event: HeldEvent, stock: Stock,
               notes: list[ReplayNote]) -> None:
    payload = event.payload
    staff = staff_id(session, field(payload, "staff_id"))
    assert staff is not None
    shift = _held_shift(session, event)
    if shift is None:
        return
    session.add(CashMovement(shift_id=shift.id, kind=str(field(payload, "kind")),
                             amount_fen=int(field(payload, "amount_fen")),
                             reason=str(field(payload, "reason")), staff_id=staff,
                             approved_by=staff_id(session, payload.get("approved_by")),
                             at=at(payload, "at"), event_id=event.event_id))


def shift_closed(session: Session, station_id: str, event: HeldEvent, stock: Stock,
                 notes: list[ReplayNote]) -> None:
    payload = event.payload
    staff = staff_id(session, field(payload, "staff_id"))
    shift = _held_shift(session, event)
    if shift is None or shift.state == ShiftState.CLOSED.value:
        return
    z_no = int(field(payload, "z_no"))
    if session.scalar(select(func.count()).where(Shift.z_no == z_no,
                                                 Shift.counter_no == shift.counter_no)):
        z_no_kept: int | None = None  # a Z number reused after the backup: the first keeps it
    else:
        z_no_kept = z_no
    shift.state = ShiftState.CLOSED.value
    shift.closed_at = at(payload, "closed_at")
    shift.closed_by = staff
    shift.expected_cash_fen = int(field(payload, "expected_cash_fen"))
    shift.counted_cash_fen = int(field(payload, "counted_cash_fen"))
    shift.variance_fen = int(field(payload, "variance_fen"))
    shift.approved_by = staff_id(session, payload.get("approved_by"))
    shift.z_no = z_no_kept
    shift.close_event_id = event.event_id
    for denomination, pieces in (payload.get("denominations") or {}).items():
        session.add(CashCount(shift_id=shift.id, denomination_fen=int(denomination),
                              pieces=int(pieces)))


def stock_counted(session: Session, station_id: str, event: HeldEvent, stock: Stock,
                  notes: list[ReplayNote]) -> None:
    payload = event.payload
    moment = at(payload, "approved_at")
    starter = staff_id(session, field(payload, "staff_id"))
    approver = staff_id(session, field(payload, "approved_by"))
    assert starter is not None
    number = free_number(session, StockCount.count_no, str(field(payload, "count_no")), event,
                         notes)
    move_stock(session, payload, number, approver, moment, stock)
    started = at(payload, "started_at") if payload.get("started_at") else moment
    count = StockCount(count_no=number, state=CountState.APPROVED.value, started_at=started,
                       started_by=starter, closed_at=moment, approved_by=approver,
                       event_id=event.event_id)
    session.add(count)
    session.flush()
    for line in field(payload, "lines"):
        session.add(StockCountLine(count_id=count.id, sku=sku(session, str(line["sku"])),
                                   book=int(line["book"]), counted=int(line["counted"]),
                                   counted_at=moment))


def staff_changed(session: Session, station_id: str, event: HeldEvent, stock: Stock,
                  notes: list[ReplayNote]) -> None:
    member = field(event.payload, "member")
    staff = int(member["staff_id"])
    if _overtaken(session, event, lambda payload: (payload.get("member") or {})
                  .get("staff_id") == staff):
        return  # a later change of the same person stands, wherever it was made
    staff_member(session, staff, str(member["name"]), str(member["role"]),
                 bool(member["active"]))


def holding_period_set(session: Session, station_id: str, event: HeldEvent, stock: Stock,
                       notes: list[ReplayNote]) -> None:
    station = session.get(Station, station_id)
    if station is not None and not _overtaken(session, event, lambda _payload: True):
        station.holding_days = int(field(event.payload, "days"))


def _overtaken(session: Session, event: HeldEvent,
               same_subject: Callable[[dict[str, Any]], bool]) -> bool:
    """Whether a later event of the same type and subject is held here already.

    Last writer wins, by the trusted clock the events carry (tie: the higher counter, then the
    event id): the outcome depends on the facts alone, never on the order counters exchanged
    them in. These changes are rare, so reading them all costs nothing."""
    mine = (event.occurred_at, event.counter_no, event.event_id)
    later = session.execute(select(OutboxEvent.payload, OutboxEvent.occurred_at,
                                   OutboxEvent.counter_no, OutboxEvent.event_id).where(
        OutboxEvent.type == event.type, OutboxEvent.occurred_at >= event.occurred_at,
        OutboxEvent.event_id != event.event_id)).all()
    return any((moment, counter, event_id) > mine and same_subject(json.loads(payload))
               for payload, moment, counter, event_id in later)
