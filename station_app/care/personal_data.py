"""Erasing customers' personal data after the retention period (PIPL, `personal_data_days`).

An order that has left the station (handed over, cancelled, sent back) keeps its business facts
for ever: order number, lines, quantities, times, staff, stock movements, events. What
identifies the resident is erased on this counter once the order left more than
`personal_data_days` ago, by overwriting with fixed markers:

- orders: customer_name (already masked by head office, e.g. 张**), masked_phone, phone_tail;
- the print journal: the same fields inside receipts and pickup labels kept for reprinting;
- photos taken at the counter for the order's after-sales cases (the resident may be in them).

The pickup code stays (it opens nothing once the order is closed). Outbox events never carry
personal data (order numbers and SKUs only). Staff-typed free text (refund reasons, notes) is
not searched. Backups taken before the erasure still hold the data until they age out
(`backup_keep_days`, care.backups). SQLite's `secure_delete` is on for the erasure and the WAL is
checkpointed afterwards, so the old values do not linger in free space of the database file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import ColumnElement, and_, exists, or_, select, update
from sqlalchemy.orm import Session

from station_app.domain.order_state import OrderState
from station_app.paths import DataDir
from station_app.services.audit import record
from station_app.storage.database import Database
from station_app.storage.models import Handover, Order, OrderNote, PrintJob, RefundRequest

ERASED_NAME = "**"
ERASED_PHONE = "***********"
ERASED_TAIL = "****"
ERASED = {"customer_name": ERASED_NAME, "masked_phone": ERASED_PHONE,
          "phone_tail": ERASED_TAIL, "address_line": ""}
AUDIT_ACTION = "personal_data_erased"
RETURNED_NOTE = "returned"  # the order-history note return shipments write when goods go back
BATCH = 500  # orders per transaction: the counter's own writes never wait long


@dataclass(frozen=True)
class Erasure:
    orders: int
    print_jobs: int
    photos: int


def erase_personal_data(db: Database, data_dir: DataDir, days: int, now: datetime) -> Erasure:
    """Erase the personal data of orders that left the station more than `days` ago; one
    audit entry with the counts (none when nothing was due)."""
    cutoff = now - timedelta(days=days)
    orders = jobs = 0
    photos: list[str] = []
    while True:
        with db.writing() as session:
            connection = session.connection()
            # zero what the updates free (the old values) instead of leaving it in the file;
            # only for this work: the pooled connection goes back as it came
            connection.exec_driver_sql("PRAGMA secure_delete = ON")
            try:
                due = session.execute(select(Order.id, Order.order_no).where(
                    Order.personal_data_erased_at.is_(None), _left_before(cutoff))
                    .limit(BATCH)).all()
                numbers = [row.order_no for row in due]
                session.execute(update(Order).where(Order.id.in_([row.id for row in due]))
                                .values(**ERASED, personal_data_erased_at=now))
                jobs += _erase_print_jobs(session, numbers)
                photos += _forget_photos(session, numbers)
                orders += len(due)
            finally:
                connection.exec_driver_sql("PRAGMA secure_delete = OFF")
        if len(due) < BATCH:
            break
    result = Erasure(orders, jobs, _delete_photos(data_dir.root, photos))
    if orders:
        with db.writing() as session:
            record(session, AUDIT_ACTION, None, now, detail=(
                f"personal data of {orders} order(s) older than {days} days erased; "
                f"{jobs} print job(s), {result.photos} photo(s)"))
        with db.engine.connect() as connection:  # old values out of the WAL and free pages
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return result


def _left_before(cutoff: datetime) -> ColumnElement[bool]:
    """The order left the station (handed over, cancelled, sent back) before `cutoff`."""
    handed = exists().where(Handover.order_id == Order.id, Handover.handed_over_at < cutoff)
    returned = exists().where(OrderNote.order_no == Order.order_no,
                              OrderNote.kind == RETURNED_NOTE, OrderNote.noted_at < cutoff)
    return or_(
        and_(Order.state == OrderState.HANDED_OVER.value, handed),
        and_(Order.state == OrderState.CANCELLED.value, Order.cancelled_at < cutoff),
        and_(Order.state == OrderState.RETURNED.value, returned),
    )


def _erase_print_jobs(session: Session, order_numbers: list[str]) -> int:
    changed = 0
    for job in session.scalars(select(PrintJob).where(PrintJob.reference.in_(order_numbers))):
        try:
            payload = json.loads(job.payload)
        except ValueError:
            continue
        if isinstance(payload, dict) and any(key in payload for key in ERASED):
            payload.update({key: value for key, value in ERASED.items() if key in payload})
            job.payload = json.dumps(payload, ensure_ascii=False)
            changed += 1
    return changed


def _forget_photos(session: Session, order_numbers: list[str]) -> list[str]:
    paths = list(session.scalars(select(RefundRequest.photo_path).where(
        RefundRequest.order_no.in_(order_numbers), RefundRequest.photo_path.is_not(None))))
    if paths:
        session.execute(update(RefundRequest).where(
            RefundRequest.order_no.in_(order_numbers)).values(photo_path=None))
    return [p for p in paths if p]


def _delete_photos(root: Path, relative_paths: list[str]) -> int:
    """Delete the photo files (after the commit: a rolled-back erasure keeps them)."""
    deleted = 0
    base = root.resolve()
    for relative in relative_paths:
        path = (root / relative).resolve()
        if base in path.parents and path.is_file():  # never outside the data dir
            path.unlink()
            deleted += 1
    return deleted
