"""Arrival notices: what head office tells residents about their orders, kept in an outbox.

When a station's accepted events make an order ready (a `goods.received` that shelved it as
ready, an `order.sorted` that finished its bag) or staff mark an overdue order reminded
(`order.reminded`), the same transaction that applies the events writes one notice per order
and change into `ho_notices` (NoticeDrafts, called from events.py). A dispatcher delivers them
later (notice_dispatch.py); nothing is sent while the transaction is open, and a rolled-back
batch leaves no notice behind.

Exactly once: (order_no, kind, change_key) is unique and inserts ignore a row that is there
already, so an event delivered twice, a second event saying the same thing (`order.sorted`
then `goods.received` for one order) or events arriving out of order make no second notice.
An order already finished when its notice is made gets the notice as `skipped` (it holds the
key, so nothing later makes another) and without text.

The text holds the pickup code: personal data. It is never logged, is dropped when a notice is
skipped, and `erase_notice_texts` removes it after the same retention as the order's own
personal data (retention.py): hourly in a serving head office (notice_serving.py) and with
`station-headoffice erase-personal-data`.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from pydantic import BaseModel
from sqlalchemy import case, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from station_app.clock import business_day, station_time
from sync.protocol import (
    FINISHED_STATES,
    GoodsReceivedPayload,
    OrderRemindedPayload,
    OrderSortedPayload,
)
from sync.server.db import HeadOfficeDb
from sync.server.models import Notice, Order, Station, table_of
from sync.server.notice_templates import OVERDUE_REMINDER, READY, NoticeFacts, render

PENDING, SENT, FAILED, SKIPPED = "pending", "sent", "failed", "skipped"
STATES = (PENDING, SENT, FAILED, SKIPPED)
# An order becomes ready once as far as its resident is concerned: taking a sorted bag back
# and sorting it again (Ctrl+Z) must not tell them twice.
READY_CHANGE = "ready"
# At most one reminder a day per order: staff who press 已提醒 twice do not message twice.
REMINDED_CHANGE = "reminded:{day}"

_NOTICES = table_of(Notice)
# Notice ids are derived from the unique key, so a notice made again (a head-office database
# restored from a backup and the events pushed again) keeps its id and the far side's
# de-duplication still holds.
_NOTICE_IDS = uuid.UUID("6f1c3a52-8d0e-4b7a-9a51-2f4e0c7d9b13")
_ERASE_BATCH = 1000


def notice_id_for(order_no: str, kind: str, change_key: str) -> str:
    return str(uuid.uuid5(_NOTICE_IDS, f"{order_no}\n{kind}\n{change_key}"))


def is_finished(order: Order) -> bool:
    """Handed over, cancelled or returned: nobody collects it any more."""
    return (order.state in FINISHED_STATES or order.handed_over_event_id is not None
            or order.cancelled_at is not None)


class NoticeDrafts:
    """Collects, from the accepted events of one batch, the notices they call for."""

    def __init__(self) -> None:
        self.wanted: dict[tuple[str, str, str], str] = {}  # (order, kind, change) → event id

    def note(self, event_id: str, payload: BaseModel | None) -> None:
        """Remember what an applied event calls for (nothing, for most events)."""
        if isinstance(payload, GoodsReceivedPayload):
            for order_no in (*payload.ready_orders, *payload.short_orders,
                             *(placed.order_no for placed in payload.orders
                               if placed.state == "ready")):
                self._want(order_no, READY, READY_CHANGE, event_id)
        elif isinstance(payload, OrderSortedPayload):
            if payload.sorted and payload.state == "ready":
                self._want(payload.order_no, READY, READY_CHANGE, event_id)
        elif isinstance(payload, OrderRemindedPayload):
            day = business_day(payload.reminded_at).isoformat()
            self._want(payload.order_no, OVERDUE_REMINDER, REMINDED_CHANGE.format(day=day),
                       event_id)

    def _want(self, order_no: str, kind: str, change_key: str, event_id: str) -> None:
        self.wanted.setdefault((order_no, kind, change_key), event_id)

    def create(self, session: Session, station_id: str, now: datetime) -> int:
        """Write the notices in the caller's transaction, after the batch's order changes
        are applied (the text is made from the order as it is now). An order head office
        does not know gets none: there is no code to send. Returns how many rows were
        offered (those already there are left as they are)."""
        if not self.wanted:
            return 0
        station = session.get_one(Station, station_id)  # locked by the push: no query
        orders = {order.order_no: order for order in session.scalars(select(Order).where(
            Order.order_no.in_({order_no for order_no, _, _ in self.wanted}),
            Order.station_id == station_id))}
        rows = []
        for (order_no, kind, change_key), event_id in self.wanted.items():
            order = orders.get(order_no)
            if order is None:
                continue
            skipped = is_finished(order)
            rows.append({
                "notice_id": notice_id_for(order_no, kind, change_key),
                "station_id": station_id, "order_no": order_no, "kind": kind,
                "change_key": change_key, "event_id": event_id,
                "state": SKIPPED if skipped else PENDING,
                "text": "" if skipped else render(kind, NoticeFacts(
                    station.name, order_no, order.pickup_code, order.slot,
                    order.holding_deadline)),
                "attempts": 0, "next_attempt_at": now, "created_at": now,
                "last_error": "order finished" if skipped else None})
        insert_new(session, rows)
        return len(rows)


def insert_new(session: Session, rows: Sequence[dict[str, object]]) -> None:
    """Insert notice rows, leaving any whose key or id is already held as it is."""
    if not rows:
        return
    dialect = session.connection().dialect.name
    if dialect == "postgresql":
        session.execute(postgresql.insert(_NOTICES).on_conflict_do_nothing(), rows)
    elif dialect == "sqlite":
        session.execute(sqlite.insert(_NOTICES).on_conflict_do_nothing(), rows)
    else:
        raise RuntimeError(f"notices need PostgreSQL or SQLite, not {dialect}")


def erase_notice_texts(db: HeadOfficeDb, now: datetime, days: int) -> int:
    """Erase the text of every notice whose order was finished more than `days` ago (or whose
    personal data retention.py already erased); one not yet sent is skipped for good. The
    row stays (what was sent when). Idempotent; returns how many texts were erased."""
    if days < 1:
        raise ValueError("keep personal data at least a day")
    cutoff = now - timedelta(days=days)
    finished_long_ago = select(Order.order_no).where(or_(
        Order.personal_data_erased_at.is_not(None), Order.finished_at < cutoff,
        Order.cancelled_at < cutoff))
    erased = 0
    while True:
        with db.writing() as session:
            ids = list(session.scalars(select(Notice.id).where(
                Notice.text_erased_at.is_(None),
                Notice.order_no.in_(finished_long_ago)).limit(_ERASE_BATCH)))
            if ids:
                session.execute(update(Notice).where(Notice.id.in_(ids)).values(
                    text="", text_erased_at=now,
                    state=case((Notice.state == PENDING, SKIPPED), else_=Notice.state)))
        erased += len(ids)
        if len(ids) < _ERASE_BATCH:
            return erased


@dataclass(frozen=True)
class NoticeView:
    """One notice as an operator lists it."""

    notice_id: str
    station_id: str
    order_no: str
    kind: str
    state: str
    attempts: int
    created_at: datetime
    next_attempt_at: datetime
    sent_at: datetime | None
    last_error: str | None
    text: str


def list_notices(db: HeadOfficeDb, state: str | None = None, station_id: str | None = None,
                 limit: int = 50) -> list[NoticeView]:
    """The newest `limit` notices, optionally of one state and one station."""
    query = select(Notice).order_by(Notice.id.desc()).limit(limit)
    if state is not None:
        query = query.where(Notice.state == state)
    if station_id is not None:
        query = query.where(Notice.station_id == station_id)
    with db.reading() as session:
        return [NoticeView(n.notice_id, n.station_id, n.order_no, n.kind, n.state, n.attempts,
                           n.created_at, n.next_attempt_at, n.sent_at, n.last_error, n.text)
                for n in session.scalars(query)]


def count_notices(db: HeadOfficeDb, station_id: str | None = None) -> dict[str, int]:
    """How many notices are in each state."""
    query = select(Notice.state, func.count()).group_by(Notice.state)
    if station_id is not None:
        query = query.where(Notice.station_id == station_id)
    with db.reading() as session:
        counted: dict[str, int] = {state: n for state, n in session.execute(query)}
    return {state: counted.get(state, 0) for state in STATES}


def notice_lines(db: HeadOfficeDb, state: str | None, station_id: str | None, limit: int,
                 show_text: bool = False) -> list[str]:
    """`station-headoffice notices`: tab-separated rows (times on China time) and a count of
    each state. The text, personal data, only with `show_text`."""
    lines = []
    for n in list_notices(db, state, station_id, limit):
        when = n.sent_at if n.state == SENT else n.next_attempt_at if n.state == PENDING \
            else None
        row = [n.notice_id, n.station_id, n.order_no, n.kind, n.state,
               f"attempts {n.attempts}", f"created {_shown(n.created_at)}",
               f"{'sent' if n.state == SENT else 'due'} {_shown(when)}" if when else "",
               n.last_error or ""]
        if show_text:
            row.append(n.text or "(erased)")
        lines.append("\t".join(row).rstrip())
    counts = count_notices(db, station_id)
    lines.append(", ".join(f"{counts[s]} {s}" for s in STATES))
    return lines


def _shown(moment: datetime) -> str:
    return f"{station_time(moment):%Y-%m-%d %H:%M:%S}"
