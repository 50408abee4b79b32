"""The station against the real head-office server: a week offline, pulls, the inbox."""

from __future__ import annotations

import os
import stat
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text

from station_app.demo_data import DEMO_STATION
from station_app.security.secret_store import SECRET_FILE
from station_app.storage.models import Order, SigningKey
from sync.client.background import BackgroundSync
from sync.client.service import OTHER_STATION
from sync.client.state import CANCELLED_AFTER_HANDOVER, REJECTED_EVENT
from sync.client.transport import SyncError
from sync.server.embedded import EmbeddedHeadOffice
from sync.server.headoffice import cancel_order, create_station, new_enrolment_code, rotate_key
from tests.helpers import scalar
from tests.sync.client.conftest import Station
from tests.sync.client.helpers import (
    assert_head_office_holds_all,
    hand_over_all,
    local_ready,
    new_orders,
)

WEEK_ORDERS = 2100  # 300 handovers a day for seven days


def test_a_week_offline_then_one_sync_delivers_every_event_once(
        station: Station, head_office_server: EmbeddedHeadOffice) -> None:
    ho = head_office_server.db
    order_nos = new_orders(ho, DEMO_STATION, WEEK_ORDERS, seed=7)
    first = station.service.sync_now()
    assert first.error is None, first.error
    assert first.pulled["orders"] == WEEK_ORDERS
    assert local_ready(station.counter, order_nos) == WEEK_ORDERS

    # The line goes down for a week; the counter keeps handing over.
    hand_over_all(station.counter, order_nos)
    status = station.service.status()
    assert status.pending_count == WEEK_ORDERS
    assert status.oldest_pending_age_s is not None

    report = station.service.sync_now()
    assert report.error is None, report.error
    assert report.pushed_batches >= WEEK_ORDERS // 500
    assert report.applied == WEEK_ORDERS
    assert_head_office_holds_all(station.counter, ho, DEMO_STATION)
    after = station.service.status()
    assert after.pending_count == 0 and after.online
    # every event the counter wrote: the week's handovers, the demo day's 40 handovers and the
    # refund requests of their refused lines
    assert after.acked_through_seq == scalar(station.counter.db,
                                             "SELECT count(*) FROM outbox_event")
    assert scalar(station.counter.db, "SELECT count(*) FROM outbox_event "
                                      "WHERE type = 'handover.completed'") == WEEK_ORDERS + 40

    # A second sync finds nothing to send and changes nothing at head office.
    again = station.service.sync_now()
    assert again.error is None and again.pushed_batches == 0
    assert_head_office_holds_all(station.counter, ho, DEMO_STATION)


def test_events_for_orders_head_office_never_issued_are_rejected_into_the_inbox(
        station: Station, head_office_server: EmbeddedHeadOffice) -> None:
    report = station.service.sync_now()  # the demo day's handovers: unknown at head office
    assert report.error is None
    assert report.rejected == 40 and report.pending == 0
    items = station.service.attention_items()
    assert len(items) == 40
    assert {item.kind for item in items} == {REJECTED_EVENT}
    assert all(item.order_no and item.event_id and item.code for item in items)
    # Held by head office all the same: no gap, nothing to resend.
    assert_head_office_holds_all(station.counter, head_office_server.db, DEMO_STATION)
    station.service.resolve(items[0].id, "demo order, never issued by head office")
    assert len(station.service.attention_items()) == 39
    resolved = station.service.attention_items(include_resolved=True)[0]
    assert resolved.resolution and resolved.resolved_at is not None


def test_cancellation_after_an_offline_handover_lands_in_the_inbox(
        station: Station, head_office_server: EmbeddedHeadOffice) -> None:
    ho = head_office_server.db
    handed, untouched = new_orders(ho, DEMO_STATION, 2, seed=3)
    assert station.service.sync_now().error is None
    hand_over_all(station.counter, [handed])  # offline: head office does not know yet
    cancel_order(ho, handed, "customer asked for a refund")
    cancel_order(ho, untouched, "out of stock")
    # Back online: the handover goes up, the cancellations come down.
    assert station.service.sync_now().error is None

    with station.counter.db.reading() as session:
        states = {order.order_no: order.state for order in session.scalars(
            select(Order).where(Order.order_no.in_([handed, untouched])))}
    assert states == {handed: "handed_over", untouched: "cancelled"}
    late = [item for item in station.service.attention_items()
            if item.kind == CANCELLED_AFTER_HANDOVER]
    assert [item.order_no for item in late] == [handed]
    assert "after it was handed over" in late[0].message

    # Pulling the stream again (a reset) lists it once, not twice.
    with station.counter.db.writing() as session:
        session.execute(text("UPDATE sync_stream SET cursor = NULL"))
    assert station.service.sync_now().error is None
    assert len([item for item in station.service.attention_items()
                if item.kind == CANCELLED_AFTER_HANDOVER]) == 1


def test_unknown_cursor_resets_the_stream_and_the_repull_is_harmless(
        station: Station, head_office_server: EmbeddedHeadOffice) -> None:
    ho = head_office_server.db
    order_nos = new_orders(ho, DEMO_STATION, 30, seed=11)
    assert station.service.sync_now().error is None
    hand_over_all(station.counter, order_nos[:10])
    with station.counter.db.writing() as session:
        session.execute(text("UPDATE sync_stream SET cursor = 'garbage-cursor'"))
    report = station.service.sync_now()
    assert report.error is None, report.error
    assert report.pulled["orders"] == 30  # from the start again
    with station.counter.db.reading() as session:
        handed = session.scalar(select(text("count(*)")).select_from(Order).where(
            Order.order_no.in_(order_nos), Order.state == "handed_over"))
    assert handed == 10  # the re-pulled orders did not undo the handovers


def test_signing_keys_are_pulled_into_the_key_store(
        station: Station, head_office_server: EmbeddedHeadOffice) -> None:
    rotate_key(head_office_server.db)
    assert station.service.sync_now().error is None
    with station.counter.db.reading() as session:
        origins = {row.origin for row in session.scalars(select(SigningKey))}
    assert "head_office" in origins


def test_the_secret_is_kept_in_a_private_file_when_no_keyring_works(station: Station) -> None:
    secret_file = station.data_dir / SECRET_FILE
    assert stat.S_IMODE(os.stat(secret_file).st_mode) == 0o600
    with station.counter.db.reading() as session:
        columns = " ".join(str(value) for value in session.execute(
            text("SELECT * FROM sync_enrolment")).one())
    assert secret_file.read_text().strip() not in columns


def test_background_sync_keeps_running_through_errors(
        station: Station, head_office_server: EmbeddedHeadOffice) -> None:
    reports = []

    def explode(report: object) -> None:
        reports.append(report)
        raise RuntimeError("a broken listener must not kill the sync thread")

    worker = BackgroundSync(station.service, interval_s=60, on_report=explode)
    worker.start()
    deadline = time.monotonic() + 20
    while not reports and time.monotonic() < deadline:
        time.sleep(0.05)
    head_office_server.stop()  # head office goes away
    worker.sync_now()
    while len(reports) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert worker.alive
    worker.stop()
    assert len(reports) >= 2
    assert reports[0].error is None  # type: ignore[attr-defined]
    assert reports[1].error is not None and reports[1].error.kind == "offline"  # type: ignore[attr-defined]
    assert not station.service.status().online
    assert datetime.now(UTC) - timedelta(minutes=1) < station.service.status().last_error_at  # type: ignore[operator]


def test_a_code_for_another_station_does_not_graft_a_second_station_onto_the_counter(
        station: Station, head_office_server: EmbeddedHeadOffice) -> None:
    create_station(head_office_server.db, "XF02", "另一个自提点")
    secret_before = (station.data_dir / SECRET_FILE).read_bytes()
    with pytest.raises(SyncError) as refused:
        station.service.enrol(head_office_server.url,
                              new_enrolment_code(head_office_server.db, "XF02"))
    assert refused.value.code == OTHER_STATION
    db = station.counter.db
    assert scalar(db, "SELECT group_concat(id) FROM station WHERE is_local") == DEMO_STATION
    assert scalar(db, "SELECT station_id FROM sync_enrolment") == DEMO_STATION
    assert (station.data_dir / SECRET_FILE).read_bytes() == secret_before
    assert station.service.sync_now().error is None  # still enrolled as itself
