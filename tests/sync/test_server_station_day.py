"""Head office holds the rest of the station's day: receiving, sales, counts, after-sales and
return shipments. Each fact's movements join head office's ledger; refund requests wait for a
decision, which goes back down the after_sales stream; manifests go down the manifests stream."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
import uuid6
from sqlalchemy import func, select

from sync.protocol import ChangesPage
from sync.server import headoffice
from sync.server.embedded import EmbeddedHeadOffice
from sync.server.headoffice import HeadOfficeError
from sync.server.models import Manifest, RefundRequest, StockMovement
from tests.sync.conftest import OTHER_STATION, STATION
from tests.sync.signed_client import SignedClient

NOW = datetime.now(UTC).isoformat()


def fact(seq: int, event_type: str, payload: dict[str, Any],
         movements: list[tuple[str, int, str]] = (), station: str = STATION) -> dict[str, Any]:
    return {"event_id": str(uuid6.uuid7()), "station_seq": seq, "type": event_type,
            "occurred_at": NOW,
            "payload": {"station_id": station, "staff_id": 1,
                        "movements": [{"sku": s, "delta": d, "reason": r}
                                      for s, d, r in movements], **payload}}


def sale(seq: int, sale_no: str = "S-XF01-20261125-0001") -> dict[str, Any]:
    return fact(seq, "sale.completed", {
        "sale_no": sale_no, "sold_at": NOW,
        "lines": [{"sku": "SNK-001", "quantity": 2, "unit_price_fen": 350,
                   "oversell_reason": None}],
        "subtotal_fen": 700, "discount_fen": 0, "total_fen": 700, "payment_method": "cash",
        "payment_ref": None, "approved_by": None}, [("SNK-001", -2, "sale")])


def received(seq: int, manifest_no: str) -> dict[str, Any]:
    return fact(seq, "goods.received", {
        "manifest_no": manifest_no, "received_at": NOW,
        "lines": [{"sku": "SNK-001", "expected": 10, "received": 9, "damaged": 1,
                   "reason": "damaged", "note": "纸箱压坏", "has_photo": True}],
        "ready_orders": [], "short_orders": []}, [("SNK-001", 9, "received")])


def refund_requested(seq: int, request_no: str) -> dict[str, Any]:
    return fact(seq, "refund.requested", {
        "request_no": request_no, "order_no": "XF01-251125-0001", "sku": "VEG-001",
        "quantity": 1, "source": "returned", "reason": "坏了", "requested_at": NOW,
        "has_photo": False}, [("VEG-001", 1, "customer_return")])


def statuses(answer: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(r["status"], r.get("code")) for r in answer["results"]]


def stock(ho: EmbeddedHeadOffice) -> dict[str, int]:
    with ho.db.reading() as session:
        rows = session.execute(select(StockMovement.sku, func.sum(StockMovement.delta))
                               .where(StockMovement.station_id == STATION)
                               .group_by(StockMovement.sku)).all()
    return {sku: total for sku, total in rows}


def test_every_fact_of_the_day_is_applied_and_its_movements_join_the_ledger(
        ho: EmbeddedHeadOffice, client: SignedClient) -> None:
    with ho.db.writing() as session:
        headoffice.publish_manifest(session, STATION, "M-XF01-20261125-01", "2026-11-25",
                                    [{"sku": "SNK-001", "quantity": 10}], [],
                                    datetime.now(UTC))
    events = [
        received(1, "M-XF01-20261125-01"),
        sale(2),
        fact(3, "sale.refunded", {
            "sale_no": "S-XF01-20261125-0002", "original_sale_no": "S-XF01-20261125-0001",
            "refunded_at": NOW, "lines": [{"sku": "SNK-001", "quantity": 1,
                                           "unit_price_fen": 350, "oversell_reason": None}],
            "total_fen": 350, "payment_method": "cash", "reason": "口味不对", "approved_by": 2},
            [("SNK-001", 1, "sale_refund")]),
        fact(4, "stock.counted", {
            "count_no": "C-XF01-0001", "approved_by": 2, "approved_at": NOW,
            "lines": [{"sku": "SNK-001", "book": 8, "counted": 7}]},
            [("SNK-001", -1, "count_adjustment")]),
        refund_requested(5, "R-XF01-000001"),
        fact(6, "order.slotted", {"order_no": "XF01-251125-0001", "slot": "A-1-001",
                                  "slotted_at": NOW}),
        fact(7, "order.reminded", {"order_no": "XF01-251125-0001", "reminded_at": NOW}),
        fact(9, "shift.opened", {"shift_no": "SH-XF01-20261125-01", "opened_at": NOW,
                                 "float_fen": 50_000}),
        fact(10, "cash.moved", {"shift_no": "SH-XF01-20261125-01", "kind": "cash_out",
                                "amount_fen": 2_000, "reason": "买垃圾袋", "at": NOW,
                                "approved_by": 2}),
        fact(11, "shift.closed", {
            "shift_no": "SH-XF01-20261125-01", "closed_at": NOW, "z_no": 1,
            "float_fen": 50_000, "expected_cash_fen": 48_700, "counted_cash_fen": 48_600,
            "variance_fen": -100, "approved_by": None,
            "totals": {"sales_fen": 700, "refunds_fen": 350,
                       "by_method": {"cash": 700, "wechat": 0, "alipay": 0, "card": 0},
                       "cash_in_fen": 0, "cash_out_fen": 2_000, "no_sale_opens": 0,
                       "handovers": 0, "sales": 1, "refunds": 1}}),
        fact(8, "return.shipped", {
            "shipment_no": "RS-XF01-20261125-01", "shipped_at": NOW,
            "lines": [{"sku": "VEG-001", "quantity": 1, "reason": "returned",
                       "order_no": "XF01-251125-0001"}], "returned_orders": []},
            [("VEG-001", -1, "return_shipment")]),
    ]
    answer = client.push(events).json()
    assert statuses(answer) == [("applied", None)] * len(events)
    assert answer["acked_through_seq"] == len(events)
    assert stock(ho) == {"SNK-001": 9 - 2 + 1 - 1, "VEG-001": 0}
    with ho.db.reading() as session:
        manifest = session.get(Manifest, "M-XF01-20261125-01")
        assert manifest is not None and manifest.received_event_id == events[0]["event_id"]
        request = session.get(RefundRequest, ("XF01", "R-XF01-000001"))
        assert request is not None and request.decision is None and request.quantity == 1


def test_bad_facts_are_held_as_rejected_and_move_no_stock(
        ho: EmbeddedHeadOffice, client: SignedClient) -> None:
    with ho.db.writing() as session:
        headoffice.publish_manifest(session, OTHER_STATION, "M-XF02-01", "2026-11-25",
                                    [{"sku": "SNK-001", "quantity": 10}], [],
                                    datetime.now(UTC))
        headoffice.publish_manifest(session, STATION, "M-XF01-01", "2026-11-25",
                                    [{"sku": "SNK-001", "quantity": 10}], [],
                                    datetime.now(UTC))
    bad_method = sale(3, "S-2")
    bad_method["payload"]["payment_method"] = "bitcoin"
    no_lines = sale(4, "S-3")
    no_lines["payload"]["lines"] = []
    events = [
        received(1, "M-XF01-01"),
        received(2, "M-XF01-01"),  # the same manifest twice
        bad_method,
        no_lines,
        sale(5, "S-4") | {"payload": sale(5)["payload"] | {"station_id": OTHER_STATION}},
        received(6, "M-XF02-01"),
        refund_requested(7, "R-1"),
        refund_requested(8, "R-1"),
        fact(9, "stock.teleported", {}),
    ]
    answer = client.push(events).json()
    assert statuses(answer) == [
        ("applied", None), ("rejected", "manifest_already_received"),
        ("rejected", "invalid_payload"), ("rejected", "invalid_payload"),
        ("rejected", "wrong_station"), ("rejected", "manifest_other_station"),
        ("applied", None), ("rejected", "duplicate_request"),
        ("rejected", "unknown_event_type")]
    assert answer["acked_through_seq"] == 9  # rejected facts are held: no gap
    assert stock(ho) == {"SNK-001": 9, "VEG-001": 1}


def test_a_refund_decision_goes_down_the_after_sales_stream_once(
        ho: EmbeddedHeadOffice, client: SignedClient) -> None:
    assert statuses(client.push([refund_requested(1, "R-XF01-000009")]).json()) == [
        ("applied", None)]
    assert [r["request_no"] for r in headoffice.open_refund_requests(ho.db, STATION)] == [
        "R-XF01-000009"]
    headoffice.answer_refund(ho.db, "R-XF01-000009", "approved", "已退款")
    headoffice.answer_refund(ho.db, "R-XF01-000009", "approved", "已退款")  # same: no-op
    with pytest.raises(HeadOfficeError) as changed:
        headoffice.answer_refund(ho.db, "R-XF01-000009", "rejected")
    assert changed.value.code == "already_answered"
    with pytest.raises(HeadOfficeError) as unknown:
        headoffice.answer_refund(ho.db, f"R-{uuid.uuid4()}", "approved")
    assert unknown.value.code == "unknown_request"
    page = ChangesPage.model_validate(client.changes("after_sales").json())
    assert [(c.data["request_no"], c.data["decision"]) for c in page.changes] == [
        ("R-XF01-000009", "approved")]
    assert headoffice.open_refund_requests(ho.db, STATION) == []


def test_a_manifest_goes_only_to_its_station(ho: EmbeddedHeadOffice,
                                             client: SignedClient) -> None:
    with ho.db.writing() as session:
        for station, number in ((STATION, "M-A"), (OTHER_STATION, "M-B")):
            headoffice.publish_manifest(
                session, station, number, "2026-11-25",
                [{"sku": "SNK-001", "quantity": 24, "carton_code": "CTN-1",
                  "carton_units": 12}], ["XF01-251125-0001"], datetime.now(UTC))
    page = ChangesPage.model_validate(client.changes("manifests").json())
    assert [c.data["manifest_no"] for c in page.changes] == ["M-A"]
    parsed = page.changes[0].parsed()
    assert parsed.lines[0].carton_units == 12  # type: ignore[attr-defined]
