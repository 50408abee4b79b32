"""PIPL: customers' names and phones are erased after the retention period; business facts and
reports stay exactly as they were."""

from __future__ import annotations

import json
from datetime import timedelta

from station_app.care.personal_data import (
    AUDIT_ACTION,
    ERASED_NAME,
    ERASED_PHONE,
    ERASED_TAIL,
    erase_personal_data,
)
from station_app.counter import Counter
from station_app.services.reports import Reports
from tests.helpers import rows, scalar

FACTS = ("SELECT count(*), sum(quantity) FROM handover_line",
         "SELECT count(*), sum(delta) FROM stock_movement",
         "SELECT count(*), max(station_seq) FROM outbox_event",
         "SELECT count(*), group_concat(order_no) FROM orders")


def facts(counter: Counter) -> list[object]:
    return [tuple(rows(counter.db, sql)[0]) for sql in FACTS]


def test_personal_data_of_orders_gone_for_long_is_erased_and_the_books_still_add_up(
        counter: Counter) -> None:
    db = counter.db
    now = counter.clock()
    finished = rows(db, "SELECT order_no, masked_phone, customer_name FROM orders "
                        "WHERE state IN ('handed_over', 'cancelled')")
    open_orders = rows(db, "SELECT order_no, masked_phone, phone_tail, customer_name "
                           "FROM orders WHERE state IN ('ready', 'not_arrived') ORDER BY id")
    assert finished and open_orders
    # A receipt kept for reprinting, and a photo of a refused item, of a finished order.
    handed = rows(db, "SELECT o.order_no FROM orders o JOIN handover h ON h.order_id = o.id")
    order_no = handed[0][0]
    with db.writing() as session:
        session.connection().exec_driver_sql(
            "INSERT INTO print_job (kind, reference, payload, status, attempts, created_at) "
            "VALUES ('handover_receipt', ?, ?, 'printed', 1, '2026-01-01T00:00:00.000000Z')",
            (order_no, json.dumps({"order_no": order_no, "masked_phone": "138****4321",
                                   "lines": []})))
    photo = counter.data_dir.photos / "refused.jpg"
    photo.parent.mkdir(parents=True, exist_ok=True)
    photo.write_bytes(b"\xff\xd8 a picture of the resident")
    has_request = scalar(db, "SELECT count(*) FROM refund_request WHERE order_no=:n",
                         n=order_no)
    if has_request:
        with db.writing() as session:
            session.connection().exec_driver_sql(
                "UPDATE refund_request SET photo_path='photos/refused.jpg' WHERE order_no=?",
                (order_no,))
    reports = Reports(db, counter.station_id, lambda: now)
    before_report = reports.range(now.date() - timedelta(days=3), now.date())
    before_facts = facts(counter)

    too_early = erase_personal_data(db, counter.data_dir, 30, now + timedelta(days=29))
    assert too_early.orders == 0
    assert scalar(db, "SELECT count(*) FROM audit_log WHERE action=:a", a=AUDIT_ACTION) == 0

    done = erase_personal_data(db, counter.data_dir, 30, now + timedelta(days=31))

    assert done.orders == len(finished)
    left = rows(db, "SELECT DISTINCT masked_phone, phone_tail, customer_name, address_line "
                    "FROM orders WHERE state IN ('handed_over', 'cancelled')")
    assert left == [(ERASED_PHONE, ERASED_TAIL, ERASED_NAME, "")], "the building and room too"
    assert rows(db, "SELECT order_no, masked_phone, phone_tail, customer_name FROM orders "
                    "WHERE state IN ('ready', 'not_arrived') ORDER BY id") == open_orders
    payload = json.loads(str(scalar(db, "SELECT payload FROM print_job WHERE reference=:n "
                                        "AND kind='handover_receipt' ORDER BY id DESC",
                                    n=order_no)))
    assert payload["masked_phone"] == ERASED_PHONE and payload["order_no"] == order_no
    if has_request:
        assert not photo.exists() and done.photos == 1
    # Business facts and reports: exactly as before.
    assert facts(counter) == before_facts
    assert reports.range(now.date() - timedelta(days=3), now.date()) == before_report
    audit = rows(db, "SELECT detail FROM audit_log WHERE action=:a", a=AUDIT_ACTION)
    assert len(audit) == 1 and f"{len(finished)} order(s)" in audit[0][0]

    # Gone from the file itself, not only from the rows (secure_delete, WAL checkpointed).
    raw = counter.data_dir.database.read_bytes()
    wal = counter.data_dir.database.with_name("station.db-wal")
    raw += wal.read_bytes() if wal.exists() else b""
    for _no, phone, _name in finished:
        if phone not in {masked for _n, masked, _t, _c in open_orders}:
            assert phone.encode() not in raw, phone
    assert b"138****4321" not in raw

    again = erase_personal_data(db, counter.data_dir, 30, now + timedelta(days=32))
    assert again.orders == 0  # once only, and no second audit entry
    assert scalar(db, "SELECT count(*) FROM audit_log WHERE action=:a", a=AUDIT_ACTION) == 1
