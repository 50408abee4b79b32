"""Head office's own retention of residents' personal data (PIPL), as the counter's.

An order finished (handed over, cancelled, returned) more than `days` ago loses its resident's
name, masked phone, phone tail and pickup code here too: in `ho_orders` and in the change log
a counter may still pull. Its business facts stay (lines, state, dates, the events that
finished it), so reports and reconciliation are unchanged. The counter erases its own copy
after its `personal_data_days` (station_app/care/personal_data.py); head office uses the same
default.

Runs from `station-headoffice erase-personal-data` and, in a serving head office, once an
hour from the pruning timer. Each run is one transaction and idempotent.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from sync.server.db import HeadOfficeDb
from sync.server.models import ChangeLogEntry, Order, ReceivedEvent

log = logging.getLogger("sync.server.retention")

PERSONAL_DATA_DAYS = 30  # the counter's default personal_data_days
_PERSONAL = ("pickup_code", "masked_phone", "phone_tail", "customer_name")
_BATCH = 1000


def erase_personal_data(db: HeadOfficeDb, now: datetime,
                        days: int = PERSONAL_DATA_DAYS) -> int:
    """Erase the personal data of orders finished more than `days` ago. Returns how many
    orders were erased this run."""
    if days < 1:
        raise ValueError("keep personal data at least a day")
    cutoff = now - timedelta(days=days)
    erased = 0
    while True:
        with db.writing() as session:
            orders = _due(session, cutoff)
            for order in orders:
                for column in _PERSONAL:
                    setattr(order, column, "")
                order.personal_data_erased_at = now
            _erase_in_change_log(session, [order.order_no for order in orders])
        erased += len(orders)
        if len(orders) < _BATCH:
            break
    if erased:
        log.info("erased the personal data of %d order(s) finished before %s", erased,
                 cutoff.date())
    return erased


def _due(session: Session, cutoff: datetime) -> list[Order]:
    # Orders handed over before head office recorded when (finished_at) are dated by their
    # handover event.
    handed_over_at = select(ReceivedEvent.occurred_at).where(
        ReceivedEvent.event_id == Order.handed_over_event_id).scalar_subquery()
    return list(session.scalars(select(Order).where(
        Order.personal_data_erased_at.is_(None),
        or_(Order.finished_at < cutoff, Order.cancelled_at < cutoff,
            Order.finished_at.is_(None) & Order.handed_over_event_id.is_not(None)
            & (handed_over_at < cutoff))).limit(_BATCH)))


def _erase_in_change_log(session: Session, order_nos: list[str]) -> None:
    if not order_nos:
        return
    for entry in session.scalars(select(ChangeLogEntry).where(
            ChangeLogEntry.stream == "orders", ChangeLogEntry.ref.in_(order_nos))):
        data = json.loads(entry.data)
        if any(data.get(column) for column in _PERSONAL):
            data.update({column: "" for column in _PERSONAL})
            entry.data = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
