"""The station's day over sync: manifests come down and wait for receiving, a broken one is
listed for staff, and head office's decision on a refund request lands in the order's
history."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from station_app.demo_data import DEMO_STATION
from station_app.storage.models import AttentionItem, Manifest, OrderNote, RefundRequest
from sync.server import headoffice
from sync.server.embedded import EmbeddedHeadOffice
from tests.helpers import scalar
from tests.sync.client.conftest import Station


def publish(ho: EmbeddedHeadOffice, number: str, lines: list[dict[str, object]],
            order_nos: list[str] | None = None) -> None:
    with ho.db.writing() as session:
        headoffice.publish_manifest(session, DEMO_STATION, number, "2026-11-25", lines,
                                    order_nos or [], datetime.now(UTC))


def test_a_manifest_from_head_office_waits_for_receiving(
        station: Station, head_office_server: EmbeddedHeadOffice) -> None:
    sku = scalar(station.counter.db, "SELECT sku FROM catalogue_item ORDER BY sku LIMIT 1")
    publish(head_office_server, "M-XF01-TEST-01",
            [{"sku": sku, "quantity": 24, "carton_code": "CTN-77", "carton_units": 12}])
    publish(head_office_server, "M-XF01-TEST-02", [{"sku": "NO-SUCH-SKU", "quantity": 3}])
    report = station.service.sync_now()
    assert report.error is None, report.error
    with station.counter.db.reading() as session:
        manifest = session.scalar(select(Manifest).where(
            Manifest.manifest_no == "M-XF01-TEST-01"))
        assert manifest is not None and manifest.state == "open"
        assert manifest.source == "head_office"
        assert [(line.sku, line.expected, line.carton_code, line.carton_units)
                for line in manifest.lines] == [(sku, 24, "CTN-77", 12)]
        assert session.scalar(select(Manifest).where(
            Manifest.manifest_no == "M-XF01-TEST-02")) is None
        problems = [item.message for item in session.scalars(select(AttentionItem))
                    if "M-XF01-TEST-02" in item.message]
    assert problems and "NO-SUCH-SKU" in problems[0]
    again = station.service.sync_now()  # nothing new: the stored manifest stays as it is
    assert again.error is None
    assert scalar(station.counter.db, "SELECT count(*) FROM manifest "
                                      "WHERE manifest_no LIKE 'M-XF01-TEST-%'") == 1


def test_head_office_answers_a_refund_request_into_the_orders_history(
        station: Station, head_office_server: EmbeddedHeadOffice) -> None:
    # The demo day's handovers with refused or damaged lines made refund requests.
    with station.counter.db.reading() as session:
        request_no, order_no = session.execute(
            select(RefundRequest.request_no, RefundRequest.order_no)
            .where(RefundRequest.state == "requested").order_by(RefundRequest.id)
            .limit(1)).one()
    assert station.service.sync_now().error is None  # pushes the requests
    waiting = {r["request_no"] for r in headoffice.open_refund_requests(
        head_office_server.db, DEMO_STATION)}
    assert request_no in waiting
    headoffice.answer_refund(head_office_server.db, request_no, "rejected", "超过售后时限")
    assert station.service.sync_now().error is None
    with station.counter.db.reading() as session:
        request = session.scalar(select(RefundRequest).where(
            RefundRequest.request_no == request_no))
        assert request is not None
        assert (request.state, request.answer_note) == ("rejected", "超过售后时限")
        notes = [note.text for note in session.scalars(
            select(OrderNote).where(OrderNote.order_no == order_no))]
    assert any(request_no in text and "超过售后时限" in text for text in notes)
