"""Pushing events: applied, duplicate, rejected-but-held, gaps, idempotency, stock ledger."""

from __future__ import annotations

import json
import uuid
from datetime import datetime

from sqlalchemy import func, select

from station_app.clock import CHINA
from sync.server.dayclose import reconcile
from sync.server.embedded import EmbeddedHeadOffice
from sync.server.models import Order, OrderLine, ReceivedEvent, SequenceGap, StockMovement
from sync.server.order_factory import generate_orders
from tests.sync.conftest import OTHER_STATION, STATION
from tests.sync.signed_client import SignedClient, handover_event

SQL = "XF01'; DROP TABLE ho_events; --"


def order_lines(ho: EmbeddedHeadOffice, order_no: str) -> list[tuple[str, int]]:
    with ho.db.reading() as session:
        order = session.get(Order, order_no)
        assert order is not None
        return [(line.sku, line.quantity) for line in session.scalars(
            select(OrderLine).where(OrderLine.order_no == order_no))]


def test_push_applies_then_reports_duplicates(ho: EmbeddedHeadOffice,
                                              client: SignedClient) -> None:
    orders = generate_orders(ho.db, STATION, 3, seed=1)
    events = [handover_event(n, o, STATION, order_lines(ho, o))
              for n, o in enumerate(orders, start=1)]
    first = client.push(events)
    assert first.status_code == 200, first.text
    body = first.json()
    assert [r["status"] for r in body["results"]] == ["applied"] * 3
    assert body["acked_through_seq"] == 3 and body["gap_after_seq"] is None
    again = client.push(events).json()  # a new Idempotency-Key: the events themselves dedupe
    assert [r["status"] for r in again["results"]] == ["duplicate"] * 3
    with ho.db.reading() as session:
        assert session.scalar(select(func.count()).select_from(ReceivedEvent)) == 3


def test_rejected_events_are_held_and_leave_no_gap(ho: EmbeddedHeadOffice,
                                                   client: SignedClient) -> None:
    (order,) = generate_orders(ho.db, STATION, 1, seed=2)
    (foreign,) = generate_orders(ho.db, OTHER_STATION, 1, seed=3)
    bad_payload = handover_event(5, order, STATION)
    bad_payload["payload"]["lines"] = []
    events = [
        handover_event(1, order, STATION, event_type="receiving.confirmed"),
        handover_event(2, "XF01-000000-999999", STATION),
        handover_event(3, foreign, STATION),
        handover_event(4, order, STATION),
        bad_payload,
        handover_event(6, order, STATION),  # the order was handed over by seq 4
    ]
    body = client.push(events).json()
    assert [(r["status"], r.get("code")) for r in body["results"]] == [
        ("rejected", "unknown_event_type"), ("rejected", "unknown_order"),
        ("rejected", "order_other_station"), ("applied", None),
        ("rejected", "invalid_payload"), ("rejected", "order_already_handed_over")]
    assert all(r["message"] for r in body["results"] if r["status"] == "rejected")
    assert body["acked_through_seq"] == 6 and body["gap_after_seq"] is None
    with ho.db.reading() as session:
        statuses = session.scalars(select(ReceivedEvent.status)
                                   .order_by(ReceivedEvent.station_seq)).all()
    assert statuses == ["rejected", "rejected", "rejected", "applied", "rejected", "rejected"]


def test_a_sequence_gap_holds_the_ack_and_raises_an_alarm(ho: EmbeddedHeadOffice,
                                                         client: SignedClient) -> None:
    orders = generate_orders(ho.db, STATION, 5, seed=4)
    events = [handover_event(n, o, STATION) for n, o in enumerate(orders, start=1)]
    body = client.push([events[0], events[1], events[3], events[4]]).json()
    assert body["acked_through_seq"] == 2 and body["gap_after_seq"] == 2
    with ho.db.reading() as session:
        gap = session.scalar(select(SequenceGap))
        assert gap is not None and gap.gap_after_seq == 2 and gap.next_held_seq == 4
        report = reconcile(session, STATION, events[0]["occurred_at"] and
                           datetime.now(CHINA).date()).text()
    assert "after seq 2 (next held 4), OPEN" in report
    filled = client.push([events[2]]).json()
    assert filled["acked_through_seq"] == 5 and filled["gap_after_seq"] is None
    with ho.db.reading() as session:
        gap = session.scalar(select(SequenceGap))
        assert gap is not None and gap.closed_at is not None


def test_same_idempotency_key_returns_the_first_answer(ho: EmbeddedHeadOffice,
                                                       client: SignedClient) -> None:
    (order,) = generate_orders(ho.db, STATION, 1, seed=5)
    events = [handover_event(1, order, STATION)]
    key = str(uuid.uuid4())
    first = client.push(events, key=key)
    second = client.push(events, key=key)
    assert first.json() == second.json()
    assert second.json()["results"][0]["status"] == "applied"  # not "duplicate"
    other_body = client.push([handover_event(2, order, STATION)], key=key)
    assert other_body.status_code == 409
    assert other_body.json()["error"]["code"] == "idempotency_key_reused"
    missing = client.request("POST", "/v1/events:batch",
                             body={"station_id": STATION, "events": events})
    assert missing.status_code == 400


def test_head_office_stock_is_the_sum_of_pushed_movements(ho: EmbeddedHeadOffice,
                                                          client: SignedClient) -> None:
    orders = generate_orders(ho.db, STATION, 40, seed=6)
    expected: dict[str, int] = {}
    events = []
    for n, order in enumerate(orders, start=1):
        lines = order_lines(ho, order)
        events.append(handover_event(n, order, STATION, lines))
        for sku, quantity in lines:
            expected[sku] = expected.get(sku, 0) - quantity
    for start in range(0, 40, 15):
        assert client.push(events[start:start + 15]).status_code == 200
    with ho.db.reading() as session:
        stock = dict(session.execute(
            select(StockMovement.sku, func.sum(StockMovement.delta))
            .where(StockMovement.station_id == STATION).group_by(StockMovement.sku)).all())
        report = reconcile(session, STATION, datetime.now(CHINA).date())
    assert stock == expected
    assert report.stock == expected


def test_schema_invalid_bodies_get_422_with_the_error_shape(client: SignedClient) -> None:
    good = handover_event(1, "XF01-1", STATION)
    cases = [
        {"station_id": STATION, "events": [dict(good, station_seq=0)]},
        {"station_id": STATION, "events": [dict(good, event_id="not-a-uuid")]},
        {"station_id": STATION, "events": [dict(good, event_id=str(uuid.uuid4()))]},  # v4
        {"station_id": STATION, "events": [dict(good, extra="x")]},
        {"station_id": STATION, "events": [dict(good, occurred_at="2026-11-25T08:00:00")]},
        {"station_id": STATION, "events": [good] * 501},
        {"station_id": STATION, "events": [dict(good, type="x" * 10_000)]},
    ]
    for body in cases:
        answer = client.request("POST", "/v1/events:batch", body=body,
                                headers={"Idempotency-Key": str(uuid.uuid4())})
        assert answer.status_code in (413, 422), (answer.status_code, answer.text[:200])
        error = answer.json()["error"]
        assert error["code"] in ("invalid_request", "body_too_large")
        assert len(answer.content) < 2000  # the 10 kB input is not echoed back
    broken = client.request("POST", "/v1/events:batch", raw=b"{not json",
                            headers={"Idempotency-Key": str(uuid.uuid4())})
    assert broken.status_code == 422


def test_an_oversized_batch_is_refused_before_parsing(client: SignedClient) -> None:
    event = handover_event(1, "XF01-1", STATION)
    event["payload"]["note"] = "很" * 400_000  # 1.2 MB of UTF-8
    answer = client.push([event])
    assert answer.status_code == 413
    assert answer.json()["error"]["code"] == "body_too_large"
    zipped = client.push([event], gzipped=True)  # small on the wire, too big unpacked
    assert zipped.status_code == 413


def test_sql_looking_and_huge_strings_are_held_verbatim(ho: EmbeddedHeadOffice,
                                                        client: SignedClient) -> None:
    sql = handover_event(1, SQL[:32], STATION)
    huge = handover_event(2, "XF01-1", STATION)
    huge["payload"]["method"] = "x" * 10_000
    body = client.push([sql, huge]).json()
    assert [r["status"] for r in body["results"]] == ["rejected", "rejected"]
    with ho.db.reading() as session:
        held = {e.station_seq: json.loads(e.payload)
                for e in session.scalars(select(ReceivedEvent))}
    assert held[1]["order_no"] == SQL[:32]
    assert held[2]["method"] == "x" * 10_000
    # A cursor or stream that looks like SQL is refused, not executed.
    assert client.changes("orders", cursor=SQL).json()["reset_required"] is True
    assert client.changes(SQL).status_code == 422
