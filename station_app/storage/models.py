"""The station's tables: SQLAlchemy 2.0 typed mappings.

Append-only tables (stock movements, outbox events, handovers) are guarded by triggers in the
migrations as well, so not even a stray SQL statement can rewrite history.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from station_app.storage.types import UTCDateTime


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime()}


class Station(Base):
    __tablename__ = "station"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)  # station code, e.g. GL01
    name: Mapped[str] = mapped_column(String(100))
    holding_days: Mapped[int] = mapped_column(Integer, default=3)
    is_local: Mapped[bool] = mapped_column(default=False)  # the station this counter runs
    # Events 1..seq_floor of this station were recorded on an earlier PC (a replacement takes
    # over from head office's copy): this counter numbers its own after them.
    seq_floor: Mapped[int] = mapped_column(default=0)
    # Which counter of its station this PC is (柜台 1, 2, …): it numbers its own events, and
    # its documents carry it (`S-XF01-2-…`) so two counters never print the same number.
    counter_no: Mapped[int] = mapped_column(default=1)


class Staff(Base):
    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(default=True)
    # argon2id hash of the PIN (never the PIN). None: no PIN set yet (demo seeds one).
    pin_hash: Mapped[str | None] = mapped_column(String(200))
    failed_pins: Mapped[int] = mapped_column(default=0)  # wrong PINs in a row
    locked_until: Mapped[datetime | None]  # too many wrong PINs: no sign-in before this
    # Lock-outs since the escalation was last cleared (services.staff): the third one holds
    # until a manager resets the PIN; and when the latest began.
    lockouts: Mapped[int] = mapped_column(default=0)
    last_locked_at: Mapped[datetime | None]


class CatalogueItem(Base):
    __tablename__ = "catalogue_item"

    sku: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    barcode: Mapped[str | None] = mapped_column(String(32), unique=True)
    unit: Mapped[str] = mapped_column(String(10))
    price_fen: Mapped[int]
    # Set at this station (head office's catalogue never touches it): at or below this book
    # quantity a walk-in item is marked low on the stock screen. None: not watched.
    low_stock_level: Mapped[int | None]
    # Set at this station too (migration 0011): the number its scales know it by (the PLU in a
    # scale label), and whether its price is per kilogram, weighed at the sale.
    plu: Mapped[str | None] = mapped_column(String(8), unique=True, index=True)
    sold_by_weight: Mapped[bool] = mapped_column(default=False)


class Order(Base):
    __tablename__ = "orders"  # "order" is an SQL keyword
    __table_args__ = (Index("ix_orders_state_deadline", "state", "holding_deadline"),
                      Index("ix_orders_sorting", "state", "sorted_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    order_no: Mapped[str] = mapped_column(String(32), unique=True)
    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    pickup_code: Mapped[str] = mapped_column(String(6), index=True)
    masked_phone: Mapped[str] = mapped_column(String(20))
    phone_tail: Mapped[str] = mapped_column(String(4), index=True)
    customer_name: Mapped[str] = mapped_column(String(50), default="")  # already masked: 张**
    slot: Mapped[str | None] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))
    holding_deadline: Mapped[datetime]
    created_at: Mapped[datetime]
    arrived_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    # Set at receiving when some of the order's goods did not come: what is short, as shown
    # to staff at handover (e.g. "苹果 ×1"). None: complete.
    shortage: Mapped[str | None] = mapped_column(String(300))
    reminded_at: Mapped[datetime | None]  # the last overdue reminder
    reminders: Mapped[int] = mapped_column(default=0)
    # Set when the customer's name and phone were erased after the retention period (PIPL,
    # station_app.care.personal_data): the order's business facts stay.
    personal_data_erased_at: Mapped[datetime | None]
    # When sorting put every unit of the order into its bag (or found it short); None: not
    # sorted (services/sorting.py).
    sorted_at: Mapped[datetime | None]
    # Building and room ("3栋1单元502"), for the sorting sheet by address; personal data.
    address_line: Mapped[str] = mapped_column(String(80), default="")

    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="order", order_by="OrderLine.line_no", lazy="selectin"
    )
    handover: Mapped[Handover | None] = relationship(back_populates="order", lazy="selectin")


class OrderLine(Base):
    __tablename__ = "order_line"
    __table_args__ = (UniqueConstraint("order_id", "line_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
    line_no: Mapped[int]
    sku: Mapped[str] = mapped_column(ForeignKey("catalogue_item.sku"))
    quantity: Mapped[int]
    unit_price_fen: Mapped[int]
    # Units that did not come at receiving: never on the shelf, so a handover pre-marks the
    # line missing and a return shipment does not send them back.
    short_quantity: Mapped[int] = mapped_column(default=0)
    # Units put into the order's bag while sorting (never more than quantity - short).
    placed_quantity: Mapped[int] = mapped_column(default=0)

    order: Mapped[Order] = relationship(back_populates="lines")
    item: Mapped[CatalogueItem] = relationship(lazy="joined")


class SortPlacement(Base):
    """One scan of sorting: `units` of an order line put into its bag. The newest is what
    Ctrl+Z takes back."""

    __tablename__ = "sort_placement"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_line.id"))
    order_no: Mapped[str] = mapped_column(String(32), index=True)
    sku: Mapped[str] = mapped_column(String(32))
    units: Mapped[int]
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    placed_at: Mapped[datetime]


class StockBalance(Base):
    __tablename__ = "stock_balance"

    sku: Mapped[str] = mapped_column(ForeignKey("catalogue_item.sku"), primary_key=True)
    quantity: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime]


class StockMovement(Base):
    """One signed change of stock with its reason. Append-only."""

    __tablename__ = "stock_movement"
    __table_args__ = (Index("ix_stock_movement_sku_id", "sku", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(ForeignKey("catalogue_item.sku"))
    delta: Mapped[int]
    balance_after: Mapped[int]
    reason: Mapped[str] = mapped_column(String(24))
    reference: Mapped[str] = mapped_column(String(64), index=True)  # e.g. the order number
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    occurred_at: Mapped[datetime]


class Handover(Base):
    """A closed handover. One per order, enforced by a unique key: a second confirm cannot land."""

    __tablename__ = "handover"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), unique=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    method: Mapped[str] = mapped_column(String(16))  # how the order was found
    handed_over_at: Mapped[datetime] = mapped_column(index=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("outbox_event.event_id"))

    order: Mapped[Order] = relationship(back_populates="handover")
    staff: Mapped[Staff] = relationship(lazy="joined")
    lines: Mapped[list[HandoverLine]] = relationship(lazy="selectin", order_by="HandoverLine.id")


class HandoverLine(Base):
    __tablename__ = "handover_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    handover_id: Mapped[int] = mapped_column(ForeignKey("handover.id"), index=True)
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_line.id"))
    outcome: Mapped[str] = mapped_column(String(16))
    quantity: Mapped[int]


class PrintJob(Base):
    """The print journal: a receipt survives a dead printer and can be retried or reprinted."""

    __tablename__ = "print_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))  # handover_receipt, …
    reference: Mapped[str] = mapped_column(String(64), index=True)
    payload: Mapped[str] = mapped_column(Text)  # the receipt model as JSON, rendered at print time
    status: Mapped[str] = mapped_column(String(12), index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime]
    printed_at: Mapped[datetime | None]


class OutboxEvent(Base):
    """An immutable fact waiting for (or acknowledged by) head office."""

    __tablename__ = "outbox_event"
    __table_args__ = (UniqueConstraint("station_id", "counter_no", "station_seq",
                                       name="uq_outbox_event_counter_seq"),)

    event_id: Mapped[str] = mapped_column(String(36), primary_key=True)  # UUIDv7
    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    # The counter that made the event: this one, or another of the station (LAN exchange).
    counter_no: Mapped[int] = mapped_column(default=1)
    station_seq: Mapped[int]  # gapless per counter: head office spots a lost event by the gap
    type: Mapped[str] = mapped_column(String(40))
    occurred_at: Mapped[datetime]
    payload: Mapped[str] = mapped_column(Text)  # canonical JSON
    acked_at: Mapped[datetime | None]  # set by the sync client when head office holds it


class SigningKey(Base):
    """A head-office public key for pickup tokens, honoured between not_before and not_after."""

    __tablename__ = "signing_key"

    key_id: Mapped[str] = mapped_column(String(8), primary_key=True)  # 8 hex digits
    public_key: Mapped[str] = mapped_column(String(64))  # raw Ed25519 key as hex
    not_before: Mapped[datetime]
    not_after: Mapped[datetime | None]  # None: no end published yet
    origin: Mapped[str] = mapped_column(String(16))  # head_office, or demo for --demo data
    added_at: Mapped[datetime]


class TrustedTime(Base):
    """The latest time this counter has trusted: one row. Winding the PC clock back stops here."""

    __tablename__ = "trusted_time"

    id: Mapped[int] = mapped_column(primary_key=True)  # always 1
    latest_at: Mapped[datetime]
    # The latest time head office vouched for (over TLS or loopback): the trusted clock may
    # be pulled back towards it when the PC ran ahead, never below it.
    head_office_at: Mapped[datetime | None]


# --- sync with head office (sync/client) -------------------------------------------------------


class SyncStream(Base):
    """Where the pull of one stream stands: the cursor is saved with the page it ends."""

    __tablename__ = "sync_stream"

    stream: Mapped[str] = mapped_column(String(24), primary_key=True)
    cursor: Mapped[str | None] = mapped_column(Text)  # opaque; None: pull from the start
    pulled_at: Mapped[datetime | None]


class SyncEnrolment(Base):
    """Which head office this counter talks to, as whom: one row. The secret is not here."""

    __tablename__ = "sync_enrolment"

    id: Mapped[int] = mapped_column(primary_key=True)  # always 1
    base_url: Mapped[str] = mapped_column(String(200))
    station_id: Mapped[str] = mapped_column(String(16))
    station_name: Mapped[str] = mapped_column(String(100))
    key_id: Mapped[str] = mapped_column(String(64))
    enrolled_at: Mapped[datetime]


class SyncLease(Base):
    """The push batch in flight: one row while a batch is unanswered.

    It survives a crash, so the next push resends exactly events first_seq..last_seq under the
    same Idempotency-Key, and head office answers it as the batch it may already have committed.
    """

    __tablename__ = "sync_lease"

    id: Mapped[int] = mapped_column(primary_key=True)  # always 1
    counter_no: Mapped[int] = mapped_column(default=1)  # whose events the batch carries
    idempotency_key: Mapped[str] = mapped_column(String(36))
    first_seq: Mapped[int]
    last_seq: Mapped[int]
    started_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(default=0)


class SyncStatus(Base):
    """The last sync outcome, shown on the status bar: one row."""

    __tablename__ = "sync_status"

    id: Mapped[int] = mapped_column(primary_key=True)  # always 1
    last_attempt_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    last_error_at: Mapped[datetime | None]
    last_error_kind: Mapped[str | None] = mapped_column(String(32))
    last_error: Mapped[str | None] = mapped_column(String(500))
    acked_through_seq: Mapped[int] = mapped_column(default=0)
    failures: Mapped[int] = mapped_column(default=0)  # in a row: drives the back-off
    # Head office refused this counter's key as revoked: "this PC is no longer enrolled".
    revoked_at: Mapped[datetime | None]
    # Head office's clock minus this PC's at the last answer, and when it was seen.
    clock_offset_ms: Mapped[int | None]
    clock_seen_at: Mapped[datetime | None]


class EnrolmentAttempt(Base):
    """An enrolment under way: written before head office is asked, removed when the new key
    is in use. A crash in between is finished at the next start with the same request id, and
    head office answers it with the same key (sync/PROTOCOL.md, enrolment)."""

    __tablename__ = "sync_enrolment_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)  # always 1
    base_url: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(64))  # the one-time code; gone with this row
    request_id: Mapped[str] = mapped_column(String(64))
    previous_key_id: Mapped[str | None] = mapped_column(String(64))
    started_at: Mapped[datetime]


class Recovery(Base):
    """One recovery of this station's facts from head office's copy (after a restore, on a
    replacement PC, or when head office answered a sequence conflict), and what it found."""

    __tablename__ = "recovery"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # restore | replacement
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    local_seq: Mapped[int]  # the highest event number this counter held before
    head_office_seq: Mapped[int]  # the highest head office held
    recovered: Mapped[int] = mapped_column(default=0)  # events re-applied here
    renumbered: Mapped[int] = mapped_column(default=0)  # own new events moved after them
    # Event numbers head office never received and this counter no longer holds: they
    # existed only on the lost disk. None: nothing was lost.
    lost_from_seq: Mapped[int | None]
    lost_to_seq: Mapped[int | None]
    lost_after: Mapped[datetime | None]  # the last event head office holds before the gap
    lost_before: Mapped[datetime | None]  # … and the first after it (None: up to the loss)
    summary: Mapped[str | None] = mapped_column(String(1000))


class PeerCounter(Base):
    """Another counter of this station: where it is and how the last exchange with it went."""

    __tablename__ = "peer_counter"

    counter_no: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    address: Mapped[str] = mapped_column(String(200), default="")  # host:port
    last_contact_at: Mapped[datetime | None]  # its last answer, even an empty one
    last_applied_at: Mapped[datetime | None]  # the last time its events were applied here
    events_behind: Mapped[int] = mapped_column(default=0)  # what it held that this one did not
    problem: Mapped[str | None] = mapped_column(String(300))  # why it cannot be reached
    problem_since: Mapped[datetime | None]


class LanNonce(Base):
    """A nonce another counter's request carried: the same request is never answered twice,
    even after this counter restarts."""

    __tablename__ = "lan_nonce"

    nonce: Mapped[str] = mapped_column(String(128), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(index=True)


class AttentionItem(Base):
    """Something staff or head office must look at: a rejected event, a late cancellation."""

    __tablename__ = "attention_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The same problem reported twice (a resent batch, a re-pulled page) stays one item.
    dedup_key: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    order_no: Mapped[str | None] = mapped_column(String(32))
    event_id: Mapped[str | None] = mapped_column(String(36))
    code: Mapped[str | None] = mapped_column(String(64))
    message: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime]
    resolved_at: Mapped[datetime | None] = mapped_column(index=True)
    resolution: Mapped[str | None] = mapped_column(String(500))


# --- the rest of the station's day (receiving, sales, counts, after-sales) -----------------------


class OrderNote(Base):
    """One entry in an order's history besides its handover: received, slotted, reminded,
    refund requested and head office's answer, returned. Append-only."""

    __tablename__ = "order_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_no: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(String(500))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    noted_at: Mapped[datetime]


class Manifest(Base):
    """A delivery list (配送单): pulled from head office or imported from a file."""

    __tablename__ = "manifest"

    id: Mapped[int] = mapped_column(primary_key=True)
    manifest_no: Mapped[str] = mapped_column(String(40), unique=True)
    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    delivery_date: Mapped[str] = mapped_column(String(10))  # YYYY-MM-DD, the station's day
    source: Mapped[str] = mapped_column(String(16))  # head_office | file | demo
    state: Mapped[str] = mapped_column(String(16), index=True)  # open | received
    created_at: Mapped[datetime]
    received_at: Mapped[datetime | None]
    received_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    event_id: Mapped[str | None] = mapped_column(ForeignKey("outbox_event.event_id"))

    lines: Mapped[list[ManifestLine]] = relationship(
        back_populates="manifest", order_by="ManifestLine.line_no", lazy="selectin")
    orders: Mapped[list[ManifestOrder]] = relationship(lazy="selectin")


class ManifestLine(Base):
    """Expected against received for one SKU. The counts are the receiving draft: they are
    saved at every scan (a crash loses no counting) and frozen when the manifest is received.
    Lines with `expected` 0 are extras: goods that came without being on the list."""

    __tablename__ = "manifest_line"
    __table_args__ = (UniqueConstraint("manifest_id", "sku"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    manifest_id: Mapped[int] = mapped_column(ForeignKey("manifest.id"), index=True)
    line_no: Mapped[int]
    sku: Mapped[str] = mapped_column(ForeignKey("catalogue_item.sku"))
    expected: Mapped[int]
    carton_code: Mapped[str | None] = mapped_column(String(40), index=True)
    carton_units: Mapped[int] = mapped_column(default=1)  # units one carton scan counts
    received: Mapped[int] = mapped_column(default=0)  # good units counted in
    damaged: Mapped[int] = mapped_column(default=0)  # units that came broken
    reason: Mapped[str | None] = mapped_column(String(24))  # short | damaged | extra | …
    note: Mapped[str | None] = mapped_column(String(200))
    photo_path: Mapped[str | None] = mapped_column(String(200))  # relative to the data dir

    manifest: Mapped[Manifest] = relationship(back_populates="lines")
    item: Mapped[CatalogueItem] = relationship(lazy="joined")


class ManifestOrder(Base):
    """An order whose goods travel with the manifest; its bag label carries the order number."""

    __tablename__ = "manifest_order"
    __table_args__ = (UniqueConstraint("manifest_id", "order_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    manifest_id: Mapped[int] = mapped_column(ForeignKey("manifest.id"), index=True)
    order_no: Mapped[str] = mapped_column(String(32), index=True)
    bag_scanned: Mapped[bool] = mapped_column(default=False)


class Sale(Base):
    """A walk-in sale or the refund of one (kind = refund, original_sale_id set). Immutable."""

    __tablename__ = "sale"

    id: Mapped[int] = mapped_column(primary_key=True)
    sale_no: Mapped[str] = mapped_column(String(32), unique=True)  # the receipt code
    kind: Mapped[str] = mapped_column(String(8))  # sale | refund
    original_sale_id: Mapped[int | None] = mapped_column(ForeignKey("sale.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))  # discount, refund
    sold_at: Mapped[datetime] = mapped_column(index=True)
    subtotal_fen: Mapped[int]
    discount_fen: Mapped[int] = mapped_column(default=0)
    total_fen: Mapped[int]  # what the customer paid (a refund: what they got back)
    payment_method: Mapped[str] = mapped_column(String(12))  # cash | wechat | alipay | card
    payment_ref: Mapped[str | None] = mapped_column(String(64))
    cash_given_fen: Mapped[int | None]
    change_fen: Mapped[int | None]
    reason: Mapped[str | None] = mapped_column(String(200))  # a refund's reason
    event_id: Mapped[str] = mapped_column(ForeignKey("outbox_event.event_id"))
    shift_id: Mapped[int | None] = mapped_column(ForeignKey("shift.id"), index=True)

    lines: Mapped[list[SaleLine]] = relationship(lazy="selectin", order_by="SaleLine.line_no")


class SaleLine(Base):
    __tablename__ = "sale_line"
    __table_args__ = (UniqueConstraint("sale_id", "line_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sale_id: Mapped[int] = mapped_column(ForeignKey("sale.id"), index=True)
    line_no: Mapped[int]
    sku: Mapped[str] = mapped_column(ForeignKey("catalogue_item.sku"))
    quantity: Mapped[int]  # positive, in a refund too
    unit_price_fen: Mapped[int]
    # Why stock may go below zero: staff were asked when they sold more than the book shows.
    oversell_reason: Mapped[str | None] = mapped_column(String(200))
    # A weighed line (migration 0011): one pack, what it weighed, and where its price came from
    # (None: the catalogue; `code`: printed in the label; `weight`: price per kg × weight).
    weight_g: Mapped[int | None]
    price_source: Mapped[str | None] = mapped_column(String(12))

    item: Mapped[CatalogueItem] = relationship(lazy="joined")


class StockCount(Base):
    """A stock count (盘点): counted against book, approved by a manager into adjustments."""

    __tablename__ = "stock_count"

    id: Mapped[int] = mapped_column(primary_key=True)
    count_no: Mapped[str] = mapped_column(String(32), unique=True)
    state: Mapped[str] = mapped_column(String(12), index=True)  # open | approved | cancelled
    started_at: Mapped[datetime]
    started_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    closed_at: Mapped[datetime | None]
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    event_id: Mapped[str | None] = mapped_column(ForeignKey("outbox_event.event_id"))

    lines: Mapped[list[StockCountLine]] = relationship(lazy="selectin",
                                                       order_by="StockCountLine.id")


class StockCountLine(Base):
    __tablename__ = "stock_count_line"
    __table_args__ = (UniqueConstraint("count_id", "sku"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    count_id: Mapped[int] = mapped_column(ForeignKey("stock_count.id"), index=True)
    sku: Mapped[str] = mapped_column(ForeignKey("catalogue_item.sku"))
    book: Mapped[int]  # the balance when the line was first counted
    counted: Mapped[int]
    counted_at: Mapped[datetime]

    item: Mapped[CatalogueItem] = relationship(lazy="joined")


class RefundRequest(Base):
    """An after-sales case for head office: goods refused, damaged, missing or brought back."""

    __tablename__ = "refund_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_no: Mapped[str] = mapped_column(String(40), unique=True)
    order_no: Mapped[str] = mapped_column(String(32), index=True)
    sku: Mapped[str] = mapped_column(ForeignKey("catalogue_item.sku"))
    quantity: Mapped[int]
    source: Mapped[str] = mapped_column(String(16))  # refused | damaged | missing | returned
    reason: Mapped[str] = mapped_column(String(200))
    photo_path: Mapped[str | None] = mapped_column(String(200))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    requested_at: Mapped[datetime]
    state: Mapped[str] = mapped_column(String(12), index=True)  # requested | approved | rejected
    answered_at: Mapped[datetime | None]
    answer_note: Mapped[str | None] = mapped_column(String(300))
    event_id: Mapped[str] = mapped_column(ForeignKey("outbox_event.event_id"))

    item: Mapped[CatalogueItem] = relationship(lazy="joined")


class ReturnShipment(Base):
    """Goods going back to head office (退货出库): built up, scanned out, shipped once."""

    __tablename__ = "return_shipment"

    id: Mapped[int] = mapped_column(primary_key=True)
    shipment_no: Mapped[str] = mapped_column(String(32), unique=True)
    state: Mapped[str] = mapped_column(String(12), index=True)  # open | shipped
    created_at: Mapped[datetime]
    created_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    shipped_at: Mapped[datetime | None]
    shipped_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    event_id: Mapped[str | None] = mapped_column(ForeignKey("outbox_event.event_id"))

    lines: Mapped[list[ReturnShipmentLine]] = relationship(
        lazy="selectin", order_by="ReturnShipmentLine.id")


class ReturnShipmentLine(Base):
    """Goods in a return shipment: a whole overdue order's line, or loose returned goods."""

    __tablename__ = "return_shipment_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("return_shipment.id"), index=True)
    order_no: Mapped[str | None] = mapped_column(String(32), index=True)
    sku: Mapped[str] = mapped_column(ForeignKey("catalogue_item.sku"))
    quantity: Mapped[int]
    reason: Mapped[str] = mapped_column(String(16))  # overdue | refused | returned | surplus
    scanned: Mapped[int] = mapped_column(default=0)  # units scanned out so far

    item: Mapped[CatalogueItem] = relationship(lazy="joined")


# --- staff, shifts and cash -----------------------------------------------------------------


class AuditEntry(Base):
    """Who did what sensitive thing, and who approved it: sign-ins, overrides, voids, refunds,
    adjustments, settings. Append-only (triggers); viewable and exportable, never editable."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))  # None: nobody signed in
    action: Mapped[str] = mapped_column(String(40), index=True)
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))  # a manager override
    subject: Mapped[str | None] = mapped_column(String(64))  # sale no, order no, count no…
    detail: Mapped[str] = mapped_column(String(500), default="")


class Shift(Base):
    """A cashier's session at the counter (班次) with its cash drawer."""

    __tablename__ = "shift"
    __table_args__ = (UniqueConstraint("counter_no", "z_no", name="uq_shift_counter_z_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    counter_no: Mapped[int] = mapped_column(default=1)  # whose drawer: shifts are per counter
    shift_no: Mapped[str] = mapped_column(String(32), unique=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    state: Mapped[str] = mapped_column(String(12), index=True)  # open | closed
    opened_at: Mapped[datetime]
    float_fen: Mapped[int]  # 备用金: the cash in the drawer at opening
    blind: Mapped[bool] = mapped_column(default=False)  # close without seeing the expected cash
    closed_at: Mapped[datetime | None]
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    expected_cash_fen: Mapped[int | None]  # float + cash sales − cash refunds ± cash in/out
    counted_cash_fen: Mapped[int | None]
    variance_fen: Mapped[int | None]  # counted − expected
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))  # a big variance
    z_no: Mapped[int | None]  # the Z report's sequence number, counted per counter
    open_event_id: Mapped[str | None] = mapped_column(ForeignKey("outbox_event.event_id"))
    close_event_id: Mapped[str | None] = mapped_column(ForeignKey("outbox_event.event_id"))


class CashMovement(Base):
    """Cash into or out of the drawer that is not a sale: paid in, paid out, a drawer opened
    without a sale. Append-only."""

    __tablename__ = "cash_movement"

    id: Mapped[int] = mapped_column(primary_key=True)
    shift_id: Mapped[int] = mapped_column(ForeignKey("shift.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # cash_in | cash_out | no_sale
    amount_fen: Mapped[int]  # positive; the kind says which way (0 for no_sale)
    reason: Mapped[str] = mapped_column(String(200))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    at: Mapped[datetime]
    event_id: Mapped[str | None] = mapped_column(ForeignKey("outbox_event.event_id"))


class CashCount(Base):
    """The denomination count at closing: how many of each note and coin."""

    __tablename__ = "cash_count"
    __table_args__ = (UniqueConstraint("shift_id", "denomination_fen"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    shift_id: Mapped[int] = mapped_column(ForeignKey("shift.id"), index=True)
    denomination_fen: Mapped[int]  # 10000 for ¥100 … 10 for ¥0.1
    pieces: Mapped[int]


class XReport(Base):
    """A mid-shift X report printed: numbered, so paper and screen can be matched."""

    __tablename__ = "x_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    shift_id: Mapped[int] = mapped_column(ForeignKey("shift.id"), index=True)
    x_no: Mapped[int]  # per shift, from 1
    printed_at: Mapped[datetime]
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
