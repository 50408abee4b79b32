"""Sync protocol v1: the wire schemas shared by the station client and the head-office server.

PROTOCOL.md is the contract; this module is its executable form. Requests are strict (unknown
fields, over-long strings and out-of-range numbers are refused with 422), so a broken or hostile
client is turned away before any of its text reaches storage. Answers and change data ignore
unknown fields, so a newer server can add a field without breaking older stations.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from station_app.domain.event_types import EventType

PROTOCOL_VERSION = 1

STREAMS: tuple[str, ...] = ("catalogue", "orders", "cancellations", "signing_keys", "manifests",
                            "after_sales")
Stream = Literal["catalogue", "orders", "cancellations", "signing_keys", "manifests",
                 "after_sales"]

MAX_BATCH_EVENTS = 500
# Uncompressed body of one events:batch request: a received 2,000-line manifest is one event
# of about 400 kB, and it must fit a batch on its own.
MAX_BATCH_BYTES = 1024 * 1024
CLOCK_WINDOW_S = 300  # |X-Date - server time| allowed
NONCE_TTL_S = 600  # a nonce is remembered (and refused again) this long
MAX_PAGE_LIMIT = 1000
MAX_DAY_EVENTS = 50_000  # event ids a day-close summary may list

# The names are the core's (one name per kind of fact, station_app/domain/event_types.py).
HANDOVER_COMPLETED = EventType.HANDOVER_COMPLETED.value
GOODS_RECEIVED = EventType.GOODS_RECEIVED.value
ORDER_SLOTTED = EventType.ORDER_SLOTTED.value
ORDER_SORTED = EventType.ORDER_SORTED.value
SALE_COMPLETED = EventType.SALE_COMPLETED.value
SALE_REFUNDED = EventType.SALE_REFUNDED.value
STOCK_COUNTED = EventType.STOCK_COUNTED.value
REFUND_REQUESTED = EventType.REFUND_REQUESTED.value
ORDER_REMINDED = EventType.ORDER_REMINDED.value
RETURN_SHIPPED = EventType.RETURN_SHIPPED.value
SHIFT_OPENED = EventType.SHIFT_OPENED.value
CASH_MOVED = EventType.CASH_MOVED.value
SHIFT_CLOSED = EventType.SHIFT_CLOSED.value
STAFF_CHANGED = EventType.STAFF_CHANGED.value
HOLDING_PERIOD_SET = EventType.HOLDING_PERIOD_SET.value
EVENT_TYPES: tuple[str, ...] = tuple(kind.value for kind in EventType)

_UUID7 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")

# Short identifiers: printable ASCII without spaces, the same alphabet order numbers use in
# pickup tokens (token_format._FIELD), so a station id always fits a token.
Ident = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[\x21-\x7e]+$")]
StationId = Annotated[str, Field(min_length=1, max_length=16, pattern=r"^[\x21-\x7e]+$")]
Name = Annotated[str, Field(min_length=1, max_length=200)]
Note = Annotated[str, Field(max_length=500)]
Sha256Hex = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
Fen = Annotated[int, Field(ge=0, le=10**12)]
Quantity = Annotated[int, Field(ge=1, le=1_000_000)]
Seq = Annotated[int, Field(ge=1, le=2**53)]  # 2**53: still exact in every JSON reader


def event_ids_sha256(ids: Iterable[str]) -> str:
    """The day-close hash: SHA-256 hex over the sorted (lower-case) event ids joined by \\n."""
    return hashlib.sha256("\n".join(sorted(i.lower() for i in ids)).encode("ascii")).hexdigest()


def _uuid7(value: str) -> str:
    value = value.lower()
    if not _UUID7.fullmatch(value):
        raise ValueError("event_id must be a UUIDv7 in canonical text form")
    return value


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Answer(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


# --- errors and time --------------------------------------------------------------------------

class ErrorDetail(_Answer):
    code: str
    message: str


class ErrorBody(_Answer):
    """Every non-2xx answer: `{"error": {"code": "<snake_case>", "message": "..."}}`."""

    error: ErrorDetail


class TimeAnswer(_Answer):
    server_time: AwareDatetime


# --- enrolment --------------------------------------------------------------------------------

class EnrolRequest(_Request):
    code: Annotated[str, Field(min_length=1, max_length=64)]
    # Chosen by the counter and written down before it asks: a counter that crashed before
    # it could store the answer asks again with the same id and gets the same key back.
    request_id: Annotated[str, Field(pattern=r"^[0-9a-f]{32,64}$")] | None = None


class EnrolAnswer(_Answer):
    station_id: str
    station_name: str
    key_id: str
    secret: str  # base64 of 32 random bytes
    server_time: AwareDatetime
    # The highest event number head office holds for the station: above 0, the station has a
    # history (a replacement PC, a re-enrolled one) and the counter checks what to take back.
    station_max_seq: int = 0
    counter_no: int = 1  # which counter of the station the key is for


# --- pull -------------------------------------------------------------------------------------

class CatalogueData(_Answer):
    sku: str
    name: str
    barcode: str | None
    unit: str
    price_fen: int


class OrderLineData(_Answer):
    line_no: int
    sku: str
    quantity: int
    unit_price_fen: int


OrderState = Literal["not_arrived", "arrived", "ready", "handed_over", "cancelled", "returned"]
FINISHED_STATES = frozenset({"handed_over", "cancelled", "returned"})


class OrderData(_Answer):
    """An order as head office knows it now. A finished order (handed over, cancelled,
    returned) travels without the resident's name, phone and pickup code: nobody needs them
    to collect it any more."""

    order_no: str
    station_id: str
    pickup_code: str
    masked_phone: str
    phone_tail: str
    customer_name: str
    slot: str | None
    state: OrderState
    holding_deadline: AwareDatetime
    created_at: AwareDatetime
    lines: list[OrderLineData]
    finished_at: AwareDatetime | None = None
    address_line: str = ""  # building and room, for the sorting sheet (newer head offices)


class CancellationData(_Answer):
    order_no: str
    cancelled_at: AwareDatetime
    reason: str


class SigningKeyData(_Answer):
    key_id: str  # 8 hex digits, token_signing.key_id_for
    public_key: str  # base64 of the 32 raw Ed25519 bytes
    not_before: AwareDatetime
    not_after: AwareDatetime | None


class ManifestLineData(_Answer):
    sku: str
    quantity: int  # expected units; the station refuses absurd values with a clear message
    carton_code: str | None = None
    carton_units: int = 1


class ManifestData(_Answer):
    """A delivery list for one station: what the morning truck brings, and whose orders."""

    manifest_no: str
    station_id: str
    delivery_date: date
    lines: list[ManifestLineData]
    order_nos: list[str] = []
    received_at: AwareDatetime | None = None  # received at the station (by any of its PCs)


class RefundAnswerData(_Answer):
    """Head office's decision on a station's refund request (after_sales stream)."""

    request_no: str
    order_no: str
    decision: Literal["approved", "rejected"]
    note: str = ""
    answered_at: AwareDatetime


STREAM_DATA: dict[str, type[BaseModel]] = {
    "catalogue": CatalogueData,
    "orders": OrderData,
    "cancellations": CancellationData,
    "signing_keys": SigningKeyData,
    "manifests": ManifestData,
    "after_sales": RefundAnswerData,
}


class Change(_Answer):
    id: str  # opaque
    kind: str  # the stream
    data: dict[str, Any]

    def parsed(self) -> BaseModel:
        """`data` as its stream's model. Raises pydantic.ValidationError or KeyError."""
        return STREAM_DATA[self.kind].model_validate(self.data)


class ChangesPage(_Answer):
    stream: str
    changes: list[Change]
    next_cursor: str
    has_more: bool
    reset_required: bool


class StreamPull(_Request):
    """One stream's page in a batched pull: what `GET /v1/changes` takes as its query.
    `stream` is checked by head office (400 `unknown_stream`), so a newer counter asking an
    older head office for a stream it lacks hears which one."""

    stream: Annotated[str, Field(min_length=1, max_length=32,
                                 description="one of " + ", ".join(STREAMS))]
    cursor: Annotated[str, Field(max_length=100)] = ""
    limit: Annotated[int, Field(ge=1, le=MAX_PAGE_LIMIT)] = 500


class PullBatch(_Request):
    """`POST /v1/changes:batch`: the next page of several streams in one request, each stream
    at most once (400 `stream_twice`)."""

    pulls: Annotated[list[StreamPull], Field(min_length=1, max_length=32)]


class PulledPages(_Answer):
    """The answer to a PullBatch: one ChangesPage per pull, in the order asked."""

    pages: list[ChangesPage]


# --- a station's own events, held by head office (recovery) ----------------------------------

class StationAnswer(_Answer):
    """`GET /v1/station`: what head office holds for the calling station."""

    station_id: str
    station_name: str
    key_id: str
    max_seq: int  # the highest event number held (0: none)
    acked_through_seq: int  # every event 1..n held (or declared lost)
    holding_days: int = 3
    server_time: AwareDatetime


class HeldEventData(_Answer):
    event_id: str
    station_seq: int
    type: str
    occurred_at: AwareDatetime
    payload: dict[str, Any]
    status: Literal["applied", "rejected"]
    code: str | None = None


class SeqRange(_Answer):
    from_seq: int
    to_seq: int


class HeldEventsPage(_Answer):
    """`GET /v1/station/events?after_seq=&limit=`: held events in number order."""

    events: list[HeldEventData]
    has_more: bool
    max_seq: int
    lost: list[SeqRange] = []  # numbers declared lost (never to arrive)


class StaffData(_Answer):
    staff_id: int
    name: str
    role: str
    active: bool


class StationState(_Answer):
    """`GET /v1/station/state?window_days=`: where a replacement PC starts from."""

    as_of_seq: int  # the balances hold every movement of events 1..as_of_seq
    window_first_seq: int  # the first event of the recent window (0: none)
    stock: dict[str, int]
    holding_days: int = 3
    staff: list[StaffData] = []


class LostRequest(_Request):
    """`POST /v1/station/lost`: numbers the station recorded on a disk that is gone and never
    sent. Head office stops waiting for them (and keeps the declaration)."""

    from_seq: Seq
    to_seq: Seq
    reason: Annotated[str, Field(min_length=1, max_length=200)]


class LostAnswer(_Answer):
    acked_through_seq: int


# --- push -------------------------------------------------------------------------------------

class PushEvent(_Request):
    event_id: str
    station_seq: Seq
    type: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z0-9_.]+$")]
    occurred_at: AwareDatetime
    # Checked per event type by head office: a bad payload is a *rejected* (held) event,
    # not a refused batch, so one broken fact cannot block everything queued after it.
    payload: dict[str, Any]

    _check_id = field_validator("event_id")(_uuid7)


class PushBatch(_Request):
    station_id: StationId
    events: Annotated[list[PushEvent], Field(min_length=1, max_length=MAX_BATCH_EVENTS)]
    # Whose numbers the events carry: a batch is one counter's run (any counter of the
    # station may send another's events: whichever reaches head office first).
    counter_no: Annotated[int, Field(ge=1, le=99)] = 1


class EventResult(_Answer):
    event_id: str
    status: Literal["applied", "duplicate", "rejected"]
    code: str | None = None
    message: str | None = None


class PushAnswer(_Answer):
    results: list[EventResult]
    acked_through_seq: int
    gap_after_seq: int | None = None


# --- event payloads (validated by head office, after the batch is accepted) -------------------

class HandoverLinePayload(_Request):
    line_no: Annotated[int, Field(ge=1, le=10_000)]
    sku: Ident
    quantity: Quantity
    outcome: Literal["taken", "missing", "damaged", "refused"]


class MovementPayload(_Request):
    sku: Ident
    delta: Annotated[int, Field(ge=-1_000_000, le=1_000_000)]
    reason: Annotated[str, Field(min_length=1, max_length=32)]


class HandoverCompletedPayload(_Request):
    order_no: Ident
    station_id: StationId
    staff_id: Annotated[int, Field(ge=0, le=2**31)]
    method: Annotated[str, Field(min_length=1, max_length=32)]
    handed_over_at: AwareDatetime
    lines: Annotated[list[HandoverLinePayload], Field(min_length=1, max_length=200)]
    movements: Annotated[list[MovementPayload], Field(max_length=200)]


MAX_MANIFEST_LINES = 5_000
Count = Annotated[int, Field(ge=0, le=1_000_000)]
ShortText = Annotated[str, Field(max_length=200)]
PaymentMethod = Literal["cash", "wechat", "alipay", "card"]


class _StationFact(_Request):
    """What every event but the handover carries: who, where, and its stock movements (exactly
    those posted with it at the station, so head office's stock is the sum of movements)."""

    station_id: StationId
    staff_id: Annotated[int, Field(ge=0, le=2**31)]
    movements: Annotated[list[MovementPayload], Field(max_length=MAX_MANIFEST_LINES)]


class ReceivedLinePayload(_Request):
    sku: Ident
    expected: Count
    received: Count
    damaged: Count
    reason: Annotated[str, Field(max_length=24)] | None
    note: ShortText | None
    has_photo: bool


LineNo = Annotated[str, Field(pattern=r"^[0-9]{1,5}$")]


class PlacedOrderPayload(_Request):
    """How receiving put one order on the shelf (newer stations send it; a replay on a
    restored or replacement counter writes exactly this)."""

    order_no: Ident
    slot: Annotated[str, Field(max_length=16)] | None
    holding_deadline: AwareDatetime
    shortage: Annotated[str, Field(max_length=300)] | None
    short: Annotated[dict[LineNo, Quantity], Field(max_length=200)] = {}
    # "arrived" when the station makes orders ready at sorting (they wait to be sorted).
    state: Literal["ready", "arrived"] = "ready"


class GoodsReceivedPayload(_StationFact):
    manifest_no: Annotated[str, Field(min_length=1, max_length=40)]
    received_at: AwareDatetime
    lines: Annotated[list[ReceivedLinePayload], Field(min_length=1,
                                                      max_length=MAX_MANIFEST_LINES)]
    ready_orders: Annotated[list[Ident], Field(max_length=MAX_MANIFEST_LINES)]
    short_orders: Annotated[list[Ident], Field(max_length=MAX_MANIFEST_LINES)]
    orders: Annotated[list[PlacedOrderPayload], Field(max_length=MAX_MANIFEST_LINES)] = []


class OrderSlottedPayload(_StationFact):
    order_no: Ident
    slot: Annotated[str, Field(min_length=1, max_length=16)]
    slotted_at: AwareDatetime


class OrderSortedPayload(_StationFact):
    """Sorting put every unit of an order into its bag (or found it short), or Ctrl+Z took a
    sorted order back (`sorted` false). `state` is the order's state after it."""

    order_no: Ident
    sorted: bool
    state: Literal["arrived", "ready"]
    sorted_at: AwareDatetime
    slot: Annotated[str, Field(max_length=16)] | None
    holding_deadline: AwareDatetime
    shortage: Annotated[str, Field(max_length=300)] | None
    placed: Annotated[dict[LineNo, Annotated[int, Field(ge=0, le=1_000_000)]],
                      Field(max_length=200)]
    short: Annotated[dict[LineNo, Quantity], Field(max_length=200)] = {}


class SaleLinePayload(_Request):
    sku: Ident
    quantity: Quantity
    unit_price_fen: Fen
    oversell_reason: ShortText | None
    # A weighed pack (issue 18): what it weighed, and where its price came from ("code": the
    # scale label's price, which won over the catalogue; "weight": price per kg × weight).
    # Sent only for weighed lines, so other sales look as they always did.
    weight_g: Annotated[int, Field(ge=1, le=30_000)] | None = None
    price_source: Literal["code", "weight"] | None = None


class SaleCompletedPayload(_StationFact):
    sale_no: Ident
    sold_at: AwareDatetime
    lines: Annotated[list[SaleLinePayload], Field(min_length=1, max_length=500)]
    subtotal_fen: Fen
    discount_fen: Fen
    total_fen: Fen
    payment_method: PaymentMethod
    payment_ref: Annotated[str, Field(max_length=64)] | None
    approved_by: Annotated[int, Field(ge=0, le=2**31)] | None
    cash_given_fen: Fen | None = None
    change_fen: Fen | None = None
    shift_no: Ident | None = None


class SaleRefundedPayload(_StationFact):
    sale_no: Ident
    original_sale_no: Ident
    refunded_at: AwareDatetime
    lines: Annotated[list[SaleLinePayload], Field(min_length=1, max_length=500)]
    total_fen: Fen
    payment_method: PaymentMethod
    reason: ShortText
    approved_by: Annotated[int, Field(ge=0, le=2**31)]
    subtotal_fen: Fen | None = None  # the goods' price before their share of the discount
    discount_fen: Fen | None = None
    payment_ref: Annotated[str, Field(max_length=64)] | None = None
    shift_no: Ident | None = None


class CountedLinePayload(_Request):
    sku: Ident
    book: Annotated[int, Field(ge=-1_000_000, le=1_000_000)]
    counted: Count


class StockCountedPayload(_StationFact):
    count_no: Ident
    approved_by: Annotated[int, Field(ge=0, le=2**31)]
    approved_at: AwareDatetime
    started_at: AwareDatetime | None = None
    lines: Annotated[list[CountedLinePayload], Field(min_length=1,
                                                     max_length=MAX_MANIFEST_LINES)]


class RefundRequestedPayload(_StationFact):
    request_no: Annotated[str, Field(min_length=1, max_length=40)]
    order_no: Ident
    sku: Ident
    quantity: Quantity
    source: Literal["refused", "damaged", "missing", "returned"]
    reason: ShortText
    requested_at: AwareDatetime
    has_photo: bool


class OrderRemindedPayload(_StationFact):
    order_no: Ident
    reminded_at: AwareDatetime


class ShippedLinePayload(_Request):
    sku: Ident
    quantity: Quantity
    reason: Annotated[str, Field(min_length=1, max_length=16)]
    order_no: Ident | None


class ReturnShippedPayload(_StationFact):
    shipment_no: Ident
    shipped_at: AwareDatetime
    lines: Annotated[list[ShippedLinePayload], Field(min_length=1,
                                                     max_length=MAX_MANIFEST_LINES)]
    returned_orders: Annotated[list[Ident], Field(max_length=MAX_MANIFEST_LINES)]
    opened_at: AwareDatetime | None = None
    opened_by: Annotated[int, Field(ge=0, le=2**31)] | None = None


class ShiftOpenedPayload(_StationFact):
    shift_no: Ident
    opened_at: AwareDatetime
    float_fen: Fen
    blind: bool = False


class CashMovedPayload(_StationFact):
    shift_no: Ident
    kind: Literal["cash_in", "cash_out", "no_sale"]
    amount_fen: Fen
    reason: ShortText
    at: AwareDatetime
    approved_by: Annotated[int, Field(ge=0, le=2**31)] | None


Count32 = Annotated[int, Field(ge=0, le=10**9)]


class ShiftTotals(_Request):
    sales_fen: Fen
    refunds_fen: Fen
    by_method: dict[PaymentMethod, Fen]
    cash_in_fen: Fen
    cash_out_fen: Fen
    no_sale_opens: Count32
    handovers: Count32
    sales: Count32
    refunds: Count32


class ShiftClosedPayload(_StationFact):
    shift_no: Ident
    closed_at: AwareDatetime
    z_no: Annotated[int, Field(ge=1, le=10**9)]
    float_fen: Fen
    expected_cash_fen: Annotated[int, Field(ge=-(10**12), le=10**12)]
    counted_cash_fen: Fen
    variance_fen: Annotated[int, Field(ge=-(10**12), le=10**12)]
    approved_by: Annotated[int, Field(ge=0, le=2**31)] | None
    totals: ShiftTotals
    # fen of the note or coin → pieces counted
    denominations: Annotated[dict[Annotated[str, Field(pattern=r"^[0-9]{1,6}$")], Count32],
                             Field(max_length=20)] = {}


class StaffMemberPayload(_Request):
    staff_id: Annotated[int, Field(ge=1, le=2**31)]
    name: Annotated[str, Field(min_length=1, max_length=50)]
    role: Literal["clerk", "manager"]
    active: bool


class StaffChangedPayload(_StationFact):
    """Who works at the station now (never a PIN or its hash)."""

    changed_at: AwareDatetime
    member: StaffMemberPayload


class HoldingPeriodSetPayload(_StationFact):
    days: Annotated[int, Field(ge=1, le=30)]
    set_at: AwareDatetime


# Head office checks each pushed event's payload against its type's model.
EVENT_PAYLOADS: dict[str, type[BaseModel]] = {
    HANDOVER_COMPLETED: HandoverCompletedPayload,
    GOODS_RECEIVED: GoodsReceivedPayload,
    ORDER_SLOTTED: OrderSlottedPayload,
    ORDER_SORTED: OrderSortedPayload,
    SALE_COMPLETED: SaleCompletedPayload,
    SALE_REFUNDED: SaleRefundedPayload,
    STOCK_COUNTED: StockCountedPayload,
    REFUND_REQUESTED: RefundRequestedPayload,
    ORDER_REMINDED: OrderRemindedPayload,
    RETURN_SHIPPED: ReturnShippedPayload,
    SHIFT_OPENED: ShiftOpenedPayload,
    CASH_MOVED: CashMovedPayload,
    SHIFT_CLOSED: ShiftClosedPayload,
    STAFF_CHANGED: StaffChangedPayload,
    HOLDING_PERIOD_SET: HoldingPeriodSetPayload,
}


# --- day close --------------------------------------------------------------------------------

class CounterRange(_Request):
    counter_no: Annotated[int, Field(ge=1, le=99)]
    first_seq: Seq
    last_seq: Seq


class DayCloseSummary(_Request):
    station_id: StationId
    business_day: date
    first_seq: Seq
    last_seq: Seq
    counts: Annotated[dict[Annotated[str, Field(max_length=64)], Annotated[int, Field(ge=0)]],
                      Field(max_length=100)]
    event_ids_sha256: Sha256Hex
    # Not in the first sketch of PROTOCOL.md: without the ids head office cannot *name* the
    # events it misses (a hash only says that something differs). Optional, so a summary
    # without it still gets match/mismatch and the extra ids.
    event_ids: Annotated[list[str], Field(max_length=MAX_DAY_EVENTS)] | None = None
    # A station with several counters: each counter's range of the day (first_seq/last_seq
    # are then the lowest and highest number of any counter). Absent: counter 1's range.
    counter_ranges: Annotated[list[CounterRange], Field(max_length=99)] | None = None

    @field_validator("event_ids")
    @classmethod
    def _ids(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else [_uuid7(v) for v in value]


class DayCloseTally(_Answer):
    station_id: str
    business_day: date
    first_seq: int | None
    last_seq: int | None
    counts: dict[str, int]
    event_ids_sha256: str


class DayCloseAnswer(_Answer):
    status: Literal["match", "mismatch"]
    server: DayCloseTally
    missing_event_ids: list[str]
    extra_event_ids: list[str]
