"""Pulls head office's streams by cursor; each page and its cursor land in one transaction.

A crash between pages loses nothing (the saved cursor is the last applied page) and re-pulling
a page is harmless, because every change is applied as an idempotent upsert. The counter's own
facts win: an order handed over here is never changed by a pull, and a cancellation that comes
after it becomes an attention item instead.

Head office is asked for the next page of every stream in one request (`POST
/v1/changes:batch`), so an everyday sync pulls with one request instead of six. The streams are
still applied in order, each to its end before the next: a stream's page is applied only when
every stream before it has ended, the later pages of a round where one has not are dropped
unapplied (their cursors stay), and that stream is asked alone until it ends. An older head
office without the batched pull (404 or 405) is asked stream by stream.
"""

from __future__ import annotations

import base64
import binascii
import logging
from dataclasses import dataclass, field
from datetime import datetime

from pydantic import BaseModel, ValidationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from station_app.clock import Clock, utc_now
from station_app.domain.order_state import OrderState
from station_app.security.key_store import HEAD_OFFICE, store_key
from station_app.security.token_verifier import TrustedKey
from station_app.services.after_sales import apply_answer
from station_app.services.manifests import (
    ManifestInput,
    ManifestLineInput,
    mark_received,
    store_manifest,
)
from station_app.storage.database import Database
from station_app.storage.models import CatalogueItem, Order, OrderLine, SyncStream
from sync.client.state import BAD_CHANGE, CANCELLED_AFTER_HANDOVER, add_attention
from sync.client.transport import PROTOCOL, SyncError, Transport
from sync.protocol import (
    FINISHED_STATES,
    CancellationData,
    CatalogueData,
    ChangesPage,
    ManifestData,
    OrderData,
    RefundAnswerData,
    SigningKeyData,
)

log = logging.getLogger("sync.puller")

# Catalogue before orders (order lines name SKUs), orders before cancellations and manifests
# (a manifest names the orders its bags carry).
PULL_ORDER = ("catalogue", "signing_keys", "orders", "cancellations", "manifests",
              "after_sales")
PAGE_LIMIT = 500
MAX_RESETS = 2  # per stream per pull: a server that always says "reset" must not spin us
# The goods are at the station: on the shelf, or waiting to be sorted into the bag.
ARRIVED_STATES = frozenset({OrderState.READY.value, OrderState.ARRIVED.value})
CLOSED_STATES = frozenset({OrderState.HANDED_OVER.value, OrderState.CANCELLED.value,
                           OrderState.RETURNED.value})


@dataclass
class PullResult:
    applied: dict[str, int] = field(default_factory=dict)
    pages: int = 0
    resets: int = 0
    attention: int = 0


@dataclass
class _Tally:
    """Pages and resets per stream in one pull: a head office that never ends a stream, or
    always resets it, must not spin the counter."""

    pages: dict[str, int] = field(default_factory=dict)
    resets: dict[str, int] = field(default_factory=dict)


class Puller:
    def __init__(self, db: Database, transport: Transport, station_id: str, *,
                 clock: Clock = utc_now, page_limit: int = PAGE_LIMIT) -> None:
        self.db = db
        self.transport = transport
        self.station_id = station_id
        self.clock = clock
        self.page_limit = page_limit

    def pull_all(self, streams: tuple[str, ...] = PULL_ORDER,
                 max_pages: int = 100_000) -> PullResult:
        """Pull every stream to its end. Raises SyncError; pages applied so far stay applied."""
        result = PullResult()
        tally = _Tally()
        pending = list(streams)
        alone = False  # ask the first stream only: it had more, the rest would be dropped
        while pending:
            asked = pending[:1] if alone else list(pending)
            cursors = self._cursors(asked)
            pages = self.transport.changes_batch(
                [(stream, cursors[stream], self.page_limit) for stream in asked])
            if pages is None:
                break  # an older head office: stream by stream, below
            alone = False
            for stream, page in zip(asked, pages, strict=True):
                if not self._take(stream, page, result, tally, max_pages):
                    # Not at its end: the later streams' pages wait until it is (a manifest
                    # names SKUs the catalogue brings, a cancellation an order).
                    alone = True
                    break
                pending.remove(stream)
        for stream in pending:
            self.pull_stream(stream, result, max_pages, tally)
        return result

    def pull_stream(self, stream: str, result: PullResult, max_pages: int = 100_000,
                    tally: _Tally | None = None) -> None:
        tally = tally or _Tally()
        while True:
            page = self.transport.changes(stream, self._cursor(stream), self.page_limit)
            if self._take(stream, page, result, tally, max_pages):
                return

    def _take(self, stream: str, page: ChangesPage, result: PullResult, tally: _Tally,
              max_pages: int) -> bool:
        """Apply a page of `stream` with its cursor (or drop the cursor on a reset). Returns
        whether the stream is at its end. Raises SyncError."""
        if page.stream != stream:
            raise SyncError(PROTOCOL, f"asked for {stream}, head office sent {page.stream}")
        tally.pages[stream] = asked = tally.pages.get(stream, 0) + 1
        if page.reset_required:
            tally.resets[stream] = resets = tally.resets.get(stream, 0) + 1
            result.resets += 1
            if resets > MAX_RESETS:
                raise SyncError(PROTOCOL, f"head office keeps resetting the {stream} pull")
            log.info("head office reset the %s cursor; pulling it from the start", stream)
            self._save_cursor(stream, None)
            done = False
        else:
            self._apply_page(stream, page, result)
            result.pages += 1
            done = not page.has_more
        if not done and asked >= max_pages:
            raise SyncError(PROTOCOL, f"the {stream} pull did not end after {max_pages} pages")
        return done

    def _cursor(self, stream: str) -> str | None:
        return self._cursors([stream])[stream]

    def _cursors(self, streams: list[str]) -> dict[str, str | None]:
        with self.db.reading() as session:
            rows = {stream: session.get(SyncStream, stream) for stream in streams}
            return {stream: None if row is None else row.cursor for stream, row in rows.items()}

    def _save_cursor(self, stream: str, cursor: str | None) -> None:
        with self.db.writing() as session:
            self._set_cursor(session, stream, cursor)

    def _set_cursor(self, session: Session, stream: str, cursor: str | None) -> None:
        row = session.get(SyncStream, stream)
        if row is None:
            session.add(SyncStream(stream=stream, cursor=cursor, pulled_at=self.clock()))
        else:
            row.cursor, row.pulled_at = cursor, self.clock()

    def _apply_page(self, stream: str, page: ChangesPage, result: PullResult) -> None:
        now = self.clock()
        with self.db.writing() as session:
            for change in page.changes:
                try:
                    if change.kind != stream:
                        raise ValueError(f"a {change.kind} change in the {stream} stream")
                    data = change.parsed()
                    self._apply(session, data, now, result)
                except (ValidationError, ValueError, KeyError) as error:
                    # One bad change must not block the stream forever: list it and go on.
                    result.attention += add_attention(
                        session, f"bad_change:{stream}:{change.id}"[:120], BAD_CHANGE,
                        f"{stream} change {change.id} cannot be used: {error}"[:500], now)
                    continue
                result.applied[stream] = result.applied.get(stream, 0) + 1
            self._set_cursor(session, stream, page.next_cursor)

    def _apply(self, session: Session, data: BaseModel, now: datetime,
               result: PullResult) -> None:
        if isinstance(data, CatalogueData):
            _upsert_catalogue(session, data)
        elif isinstance(data, OrderData):
            self._upsert_order(session, data, now)
        elif isinstance(data, CancellationData):
            result.attention += self._cancel(session, data, now)
        elif isinstance(data, SigningKeyData):
            _store_signing_key(session, data, now)
        elif isinstance(data, ManifestData):
            # A manifest head office got wrong (unknown SKUs, absurd counts) raises
            # ManifestRefused, a ValueError: listed for staff, nothing stored, stream goes on.
            manifest = ManifestInput(
                manifest_no=data.manifest_no, station_id=data.station_id,
                delivery_date=data.delivery_date,
                lines=tuple(ManifestLineInput(line.sku, line.quantity, line.carton_code,
                                              line.carton_units) for line in data.lines),
                order_nos=tuple(data.order_nos))
            if data.received_at is None:
                store_manifest(session, manifest, "head_office", now,
                               station_id=self.station_id)
            else:
                # Received by this station already (on another PC, or before a restore):
                # never offered for receiving again; its receiving fact is replayed apart.
                mark_received(session, manifest, data.received_at, now,
                              station_id=self.station_id)
        elif isinstance(data, RefundAnswerData):
            apply_answer(session, data.request_no, data.decision, data.note,
                         data.answered_at, now)

    def _upsert_order(self, session: Session, data: OrderData, now: datetime) -> None:
        if data.station_id != self.station_id:
            raise ValueError(f"order {data.order_no} is for station {data.station_id}")
        order = session.scalar(select(Order).where(Order.order_no == data.order_no))
        if order is not None and order.state in CLOSED_STATES:
            return  # handed over, cancelled or returned here: the counter's fact stands
        for line in data.lines:
            _ensure_sku(session, line.sku, line.unit_price_fen)
        if data.state in FINISHED_STATES:
            # Head office holds the fact that closed it (a handover this counter lost with a
            # disk, or made before it was this PC): it never comes back as ready, and it
            # travels without the resident's personal data.
            if order is None:
                order = Order(order_no=data.order_no, station_id=data.station_id,
                              pickup_code="", masked_phone="", phone_tail="",
                              customer_name="", slot=data.slot, state=data.state,
                              holding_deadline=data.holding_deadline,
                              created_at=data.created_at, arrived_at=None,
                              cancelled_at=data.finished_at
                              if data.state == OrderState.CANCELLED.value else None,
                              personal_data_erased_at=now)
                session.add(order)
                session.flush()
                self._set_lines(session, order, data)
            else:
                order.state = data.state
                if data.state == OrderState.CANCELLED.value:
                    order.cancelled_at = data.finished_at or now
            return
        if order is None:
            order = Order(order_no=data.order_no, station_id=data.station_id,
                          state=data.state, arrived_at=None, cancelled_at=None)
            session.add(order)
        arrived_here = order.state in ARRIVED_STATES and order.arrived_at is not None
        if order.state in ARRIVED_STATES:
            # Once the goods are here, arrived or ready is the counter's own fact: head office
            # may still hold an older one (a sort pushed, then undone before this pull).
            data = data.model_copy(update={"state": order.state})
        order.pickup_code = data.pickup_code
        order.masked_phone = data.masked_phone
        order.phone_tail = data.phone_tail
        order.customer_name = data.customer_name
        order.slot = data.slot or order.slot  # a slot given here stays unless head office sends one
        order.state = data.state
        if not arrived_here:
            # Once the goods are on this shelf, the holding period is the counter's own fact.
            order.holding_deadline = data.holding_deadline
        order.created_at = data.created_at
        order.address_line = data.address_line or order.address_line
        if data.state in ARRIVED_STATES and order.arrived_at is None:
            order.arrived_at = now
        session.flush()
        self._set_lines(session, order, data)

    def _set_lines(self, session: Session, order: Order, data: OrderData) -> None:
        wanted = {line.line_no: line for line in data.lines}
        current = {line.line_no: line for line in session.scalars(
            select(OrderLine).where(OrderLine.order_id == order.id))}
        for line_no, line in wanted.items():
            row = current.get(line_no)
            if row is None:
                session.add(OrderLine(order_id=order.id, line_no=line_no, sku=line.sku,
                                      quantity=line.quantity, unit_price_fen=line.unit_price_fen))
            else:
                row.sku, row.quantity, row.unit_price_fen = \
                    line.sku, line.quantity, line.unit_price_fen
        gone = set(current) - set(wanted)
        if gone:
            session.execute(delete(OrderLine).where(OrderLine.order_id == order.id,
                                                    OrderLine.line_no.in_(gone)))
        session.expire(order, ["lines"])

    def _cancel(self, session: Session, data: CancellationData, now: datetime) -> int:
        order = session.scalar(select(Order).where(Order.order_no == data.order_no))
        if order is None or order.state in (OrderState.CANCELLED.value,
                                            OrderState.RETURNED.value):
            return 0
        if order.state == OrderState.HANDED_OVER.value:
            return int(add_attention(
                session, f"cancelled_after_handover:{data.order_no}", CANCELLED_AFTER_HANDOVER,
                f"cancelled by head office after it was handed over ({data.reason})"[:500],
                now, order_no=data.order_no))
        order.state = OrderState.CANCELLED.value
        order.cancelled_at = data.cancelled_at
        return 0


def _upsert_catalogue(session: Session, data: CatalogueData) -> None:
    if data.barcode is not None:
        # A barcode moved to another SKU at head office: the newest owner keeps it.
        for other in session.scalars(select(CatalogueItem).where(
                CatalogueItem.barcode == data.barcode, CatalogueItem.sku != data.sku)):
            other.barcode = None
        session.flush()
    item = session.get(CatalogueItem, data.sku)
    if item is None:
        session.add(CatalogueItem(sku=data.sku, name=data.name, barcode=data.barcode,
                                  unit=data.unit, price_fen=data.price_fen))
    else:
        item.name, item.barcode, item.unit, item.price_fen = \
            data.name, data.barcode, data.unit, data.price_fen
    session.flush()


def _ensure_sku(session: Session, sku: str, price_fen: int) -> None:
    # An order may name a SKU the catalogue page has not brought yet: hold its place, so the
    # order is not lost; the catalogue upsert fills in the name later.
    if session.get(CatalogueItem, sku) is None:
        session.add(CatalogueItem(sku=sku, name=sku, barcode=None, unit="", price_fen=price_fen))
        session.flush()


def _store_signing_key(session: Session, data: SigningKeyData, now: datetime) -> None:
    try:
        raw = base64.b64decode(data.public_key, validate=True)
    except (binascii.Error, ValueError) as error:
        raise ValueError(f"signing key {data.key_id} is not base64") from error
    store_key(session, TrustedKey(data.key_id, raw, data.not_before, data.not_after),
              HEAD_OFFICE, now)
