"""Replaying the facts of orders and goods: handovers, receiving, slots, reminders, refund
requests and return shipments. Each writes the rows its service wrote when it happened."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.clock import business_day
from station_app.domain.order_state import OrderState
from station_app.services.after_sales import NoteKind as OrderNoteKind
from station_app.services.after_sales import RefundState
from station_app.services.manifests import OPEN, RECEIVED
from station_app.services.overdue import deadline_for
from station_app.services.replay.base import (
    HeldEvent,
    NoteKind,
    ReplayNote,
    Stock,
    at,
    field,
    free_number,
    move_stock,
    sku,
    staff_id,
)
from station_app.storage.models import (
    Handover,
    HandoverLine,
    Manifest,
    ManifestLine,
    Order,
    OrderNote,
    OutboxEvent,
    RefundRequest,
    ReturnShipment,
    ReturnShipmentLine,
)

SHIPPED = "shipped"  # return_shipments.ShipmentState.SHIPPED
PRELOADED_ORDERS = "replay_orders"  # session.info: order number → Order, loaded per page


def _order(session: Session, order_no: str) -> Order | None:
    # Usually loaded with its page already (recovery.apply_held): found without a query.
    loaded: dict[str, Order] = session.info.get(PRELOADED_ORDERS, {})
    if order_no in loaded:
        return loaded[order_no]
    return session.scalar(select(Order).where(Order.order_no == order_no))


def _note(session: Session, order_no: str, kind: str, text: str, staff: int | None,
          moment: datetime) -> None:
    session.add(OrderNote(order_no=order_no, kind=kind, text=text[:500], staff_id=staff,
                          noted_at=moment))


def handover(session: Session, station_id: str, event: HeldEvent, stock: Stock,
             notes: list[ReplayNote]) -> None:
    payload = event.payload
    order_no = str(field(payload, "order_no"))
    moment = at(payload, "handed_over_at")
    staff = staff_id(session, field(payload, "staff_id"))
    assert staff is not None
    move_stock(session, payload, order_no, staff, moment, stock)
    order = _order(session, order_no)
    if order is None:
        return  # older than the orders this counter holds: its stock is what matters
    if order.handover is not None:
        # Both happened; the goods cannot come back by software, so a manager looks at it.
        notes.append(_double_handover(session, order, event, moment))
        return
    done = Handover(order_id=order.id, staff_id=staff, method=str(field(payload, "method")),
                    handed_over_at=moment, event_id=event.event_id)
    session.add(done)
    session.flush()
    by_number = {line.line_no: line for line in order.lines}
    for line in field(payload, "lines"):
        held = by_number.get(int(line["line_no"]))
        if held is not None:
            session.add(HandoverLine(handover_id=done.id, order_line_id=held.id,
                                     outcome=str(line["outcome"]),
                                     quantity=int(line["quantity"])))
    order.state = OrderState.HANDED_OVER.value
    session.expire(order, ["handover"])


def _double_handover(session: Session, order: Order, event: HeldEvent,
                     moment: datetime) -> ReplayNote:
    first = order.handover
    assert first is not None
    first_counter = session.scalar(select(OutboxEvent.counter_no).where(
        OutboxEvent.event_id == first.event_id)) if first.event_id else None
    if first_counter is None or first_counter == event.counter_no:
        # The same counter twice: handed over here again after a backup was restored.
        return ReplayNote(
            NoteKind.DOUBLE_HANDOVER, event.event_id,
            f"{order.order_no} was handed over at {moment:%Y-%m-%d %H:%M} (recovered from "
            f"head office) and again at this counter after the backup", order.order_no)
    # Two counters while the LAN between them was cut. Which one is "the second" depends only
    # on the two facts, so both counters (and head office) name the same one.
    facts = sorted([(first.handed_over_at, first_counter, first.event_id or ""),
                    (moment, event.counter_no, event.event_id)])
    (at_1, counter_1, _), (at_2, counter_2, second_id) = facts
    return ReplayNote(
        NoteKind.DOUBLE_HANDOVER, second_id,
        f"{order.order_no} was handed over at counter {counter_1} at {at_1:%Y-%m-%d %H:%M} "
        f"and again at counter {counter_2} at {at_2:%Y-%m-%d %H:%M} (double handover)",
        order.order_no)


def received(session: Session, station_id: str, event: HeldEvent, stock: Stock,
             notes: list[ReplayNote]) -> None:
    payload = event.payload
    number = str(field(payload, "manifest_no"))
    moment = at(payload, "received_at")
    staff = staff_id(session, field(payload, "staff_id"))
    move_stock(session, payload, number, staff, moment, stock)
    manifest = session.scalar(select(Manifest).where(Manifest.manifest_no == number))
    if manifest is None:  # imported from a file on the lost disk, or never pulled here
        manifest = Manifest(manifest_no=number, station_id=station_id,
                            delivery_date=business_day(moment).isoformat(),
                            source="head_office", state=OPEN, created_at=moment)
        session.add(manifest)
        session.flush()
    elif manifest.event_id is not None:
        notes.append(ReplayNote(NoteKind.NUMBER_TAKEN, event.event_id,
                                f"manifest {number} was received again here after the "
                                f"backup; the recovered receiving is kept as the record"))
        return
    _received_lines(session, manifest, field(payload, "lines"))
    manifest.state = RECEIVED
    manifest.received_at = moment
    manifest.received_by = staff
    manifest.event_id = event.event_id
    _orders_on_shelf(session, station_id, payload, number, staff, moment)


def _received_lines(session: Session, manifest: Manifest, lines: list[dict[str, Any]]) -> None:
    held = {line.sku: line for line in manifest.lines}
    next_no = max((line.line_no for line in held.values()), default=0)
    for line in lines:
        code = sku(session, str(line["sku"]))
        row = held.get(code)
        if row is None:
            next_no += 1
            row = ManifestLine(manifest_id=manifest.id, line_no=next_no, sku=code,
                               expected=int(line["expected"]), carton_code=None,
                               carton_units=1)
            session.add(row)
        row.received = int(line["received"])
        row.damaged = int(line["damaged"])
        row.reason = line.get("reason")
        row.note = line.get("note")
    session.flush()


def _orders_on_shelf(session: Session, station_id: str, payload: dict[str, Any],
                     manifest_no: str, staff: int | None, moment: datetime) -> None:
    """Orders the receiving put on the shelf. Newer events say exactly how (slot, deadline,
    short lines); older ones only which, so the deadline is the station's period again."""
    placed = {str(item["order_no"]): item for item in payload.get("orders") or []}
    for order_no in [*payload.get("ready_orders", []), *payload.get("short_orders", [])]:
        placed.setdefault(str(order_no), {})
    for order_no, how in placed.items():
        order = _order(session, order_no)
        if order is None or not _receivable(order):
            continue
        if order.state == OrderState.NOT_ARRIVED.value:
            order.state = OrderState(how.get("state") or OrderState.READY.value).value
        order.arrived_at = moment
        deadline = how.get("holding_deadline")
        order.holding_deadline = (
            datetime.fromisoformat(str(deadline).replace("Z", "+00:00")) if deadline
            else deadline_for(session, station_id, moment))
        order.slot = how.get("slot") or order.slot
        order.shortage = how.get("shortage")
        short = {int(number): int(units) for number, units in (how.get("short") or {}).items()}
        for line in order.lines:
            line.short_quantity = short.get(line.line_no, 0)
        text = f"到货 {manifest_no}，货架位 {order.slot or '—'}"
        if order.shortage:
            text += f"；缺货：{order.shortage}"
        _note(session, order_no, "received", text, staff, moment)


def slotted(session: Session, station_id: str, event: HeldEvent, stock: Stock,
            notes: list[ReplayNote]) -> None:
    payload = event.payload
    order = _order(session, str(field(payload, "order_no")))
    staff = staff_id(session, field(payload, "staff_id"))
    if order is None:
        return
    previous, order.slot = order.slot, str(field(payload, "slot"))
    _note(session, order.order_no, "slotted", f"货架位 {previous or '—'} → {order.slot}", staff,
          at(payload, "slotted_at"))


def _receivable(order: Order) -> bool:
    """Whether a replayed receiving writes the order: not arrived yet, or arrived with the
    orders stream (a replacement PC pulls it first) and not touched by sorting since, whose
    own event then carries the order's units."""
    if order.state == OrderState.NOT_ARRIVED.value:
        return True
    return order.state in (OrderState.ARRIVED.value, OrderState.READY.value) and \
        order.sorted_at is None and \
        not any(line.placed_quantity or line.short_quantity for line in order.lines)


def sorted_(session: Session, station_id: str, event: HeldEvent, stock: Stock,
             notes: list[ReplayNote]) -> None:
    """Sorting finished an order's bag (or took it back): its placed and short units, its
    state and deadline, as the event says. Placements themselves are the counter's working
    notes: only their sums travel."""
    payload = event.payload
    order = _order(session, str(field(payload, "order_no")))
    if order is None or order.state not in (OrderState.ARRIVED.value, OrderState.READY.value):
        return
    placed = {int(no): int(units) for no, units in (field(payload, "placed") or {}).items()}
    short = {int(no): int(units) for no, units in (payload.get("short") or {}).items()}
    for line in order.lines:
        line.placed_quantity = placed.get(line.line_no, 0)
        line.short_quantity = short.get(line.line_no, 0)
    moment = at(payload, "sorted_at")
    order.sorted_at = moment if field(payload, "sorted") else None
    order.state = OrderState(str(field(payload, "state"))).value
    order.shortage = payload.get("shortage")
    order.slot = payload.get("slot") or order.slot
    order.holding_deadline = at(payload, "holding_deadline")


def reminded(session: Session, station_id: str, event: HeldEvent, stock: Stock,
             notes: list[ReplayNote]) -> None:
    payload = event.payload
    order = _order(session, str(field(payload, "order_no")))
    staff = staff_id(session, field(payload, "staff_id"))
    if order is None:
        return
    order.reminded_at = at(payload, "reminded_at")
    order.reminders += 1
    _note(session, order.order_no, OrderNoteKind.REMINDED.value,
          f"reminder {order.reminders}", staff, order.reminded_at)


def refund_requested(session: Session, station_id: str, event: HeldEvent, stock: Stock,
                     notes: list[ReplayNote]) -> None:
    payload = event.payload
    moment = at(payload, "requested_at")
    staff = staff_id(session, field(payload, "staff_id"))
    assert staff is not None
    number = free_number(session, RefundRequest.request_no,
                         str(field(payload, "request_no")), event, notes)
    move_stock(session, payload, number, staff, moment, stock)
    order_no, code = str(field(payload, "order_no")), sku(session, str(field(payload, "sku")))
    quantity, source = int(field(payload, "quantity")), str(field(payload, "source"))
    reason = str(field(payload, "reason"))
    session.add(RefundRequest(
        request_no=number, order_no=order_no, sku=code, quantity=quantity, source=source,
        reason=reason, photo_path=None, staff_id=staff, requested_at=moment,
        state=RefundState.REQUESTED.value, answered_at=None, answer_note=None,
        event_id=event.event_id))
    _note(session, order_no, OrderNoteKind.REFUND_REQUESTED.value,
          f"{number}: {code} ×{quantity} ({source}) {reason}", staff, moment)


def return_shipped(session: Session, station_id: str, event: HeldEvent, stock: Stock,
                   notes: list[ReplayNote]) -> None:
    payload = event.payload
    moment = at(payload, "shipped_at")
    staff = staff_id(session, field(payload, "staff_id"))
    assert staff is not None
    number = free_number(session, ReturnShipment.shipment_no,
                         str(field(payload, "shipment_no")), event, notes)
    move_stock(session, payload, number, staff, moment, stock)
    opened_by = staff_id(session, payload.get("opened_by", staff))
    assert opened_by is not None
    shipment = ReturnShipment(
        shipment_no=number, state=SHIPPED,
        created_at=at(payload, "opened_at") if payload.get("opened_at") else moment,
        created_by=opened_by, shipped_at=moment, shipped_by=staff, event_id=event.event_id)
    session.add(shipment)
    session.flush()
    for line in field(payload, "lines"):
        quantity = int(line["quantity"])
        session.add(ReturnShipmentLine(
            shipment_id=shipment.id, order_no=line.get("order_no"),
            sku=sku(session, str(line["sku"])), quantity=quantity,
            reason=str(line["reason"]), scanned=quantity))
    for order_no in payload.get("returned_orders") or []:
        order = _order(session, str(order_no))
        if order is None or order.state == OrderState.HANDED_OVER.value:
            continue  # a handover (its own fact) outranks the list the shipment carried
        order.state = OrderState.RETURNED.value
        _note(session, order.order_no, OrderNoteKind.RETURNED.value,
              f"{number}: shipped back", staff, moment)
