"""What sorting (分拣) shows and refuses: plain data for the desk, the paper and the tests."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from station_app.domain.refusal import Refused


class SortingRefusal(StrEnum):
    UNKNOWN_CODE = "unknown_code"  # no product, carton or order of this station
    NOT_DELIVERED = "not_delivered"  # a product nobody waits for in today's deliveries
    ALL_PLACED = "all_placed"  # one too many: every unit of the product is in its bag
    NOT_IN_ORDER = "not_in_order"  # by order: the order did not buy this product
    ORDER_HAS_IT = "order_has_it"  # by order: the order has all it bought of this product
    OTHER_STATION = "other_station"  # a bag label of another station's order
    NOT_TO_SORT = "not_to_sort"  # the order is not waiting to be sorted (state says why)
    NOTHING_TO_UNDO = "nothing_to_undo"
    UNDO_TOO_LATE = "undo_too_late"  # the order left the station since


class SortingRefused(Refused):
    """A scan or key sorting refuses; nothing was written."""

    def __init__(self, reason: SortingRefusal, code: str = "", *, order_no: str = "",
                 state: str = "", product: str = "") -> None:
        super().__init__(reason, code or order_no)
        self.code = code
        self.order_no = order_no
        self.state = state  # the order's state for NOT_TO_SORT and UNDO_TOO_LATE
        self.product = product  # the product's name, when the refusal is about one


@dataclass(frozen=True)
class Household:
    """Who a bag is for, as staff may see it: masked name and phone tail only."""

    customer_name: str
    phone_tail: str


@dataclass(frozen=True)
class SortLine:
    line_no: int
    sku: str
    name: str
    unit: str
    quantity: int
    placed: int
    short: int

    @property
    def left(self) -> int:
        return self.quantity - self.short - self.placed


@dataclass(frozen=True)
class BagView:
    """One order's bag while it is sorted (按单分拣)."""

    order_no: str
    slot: str | None
    household: Household
    address_line: str
    lines: tuple[SortLine, ...]
    sorted: bool

    @property
    def units(self) -> int:
        return sum(line.quantity - line.short for line in self.lines)

    @property
    def placed(self) -> int:
        return sum(line.placed for line in self.lines)


@dataclass(frozen=True)
class Placement:
    """Where a scan put goods: the instruction staff follow (slot, ×units, household)."""

    placement_id: int
    sku: str
    product: str
    units: int
    bag: BagView
    product_left: int  # units of this product still to place after this one
    finished: bool  # this placement finished the order's sorting
    event_id: str | None  # the order.sorted event, when finished
    label_job_ids: tuple[int, ...]  # bag labels journaled with this placement


@dataclass(frozen=True)
class Undone:
    """What Ctrl+Z took back."""

    sku: str
    product: str
    units: int
    bag: BagView
    reopened: bool  # the order had been sorted: it is not any more (an event says so)


@dataclass(frozen=True)
class Shorted:
    """Units found missing while sorting: they became the orders' shortage."""

    sku: str
    product: str
    units: int
    bags: tuple[BagView, ...]
    finished: tuple[str, ...]  # orders this finished
    label_job_ids: tuple[int, ...]


@dataclass(frozen=True)
class ProductLeft:
    sku: str
    name: str
    barcode: str | None
    total: int  # units of today's sorting
    placed: int
    short: int

    @property
    def left(self) -> int:
        return self.total - self.short - self.placed


@dataclass(frozen=True)
class SortProgress:
    """Today's sorting at a glance."""

    orders: int
    sorted_orders: int
    units: int
    placed: int
    short: int
    products: tuple[ProductLeft, ...]

    @property
    def left(self) -> int:
        return self.units - self.short - self.placed


class SheetOrder(StrEnum):
    """How the sorting sheet (分拣单) is laid out."""

    PRODUCT = "product"  # per product, the bags it goes into in shelf order
    SLOT = "slot"  # per slot, what goes into its bag
    ADDRESS = "address"  # per building and room, what goes into the household's bag


@dataclass(frozen=True)
class SheetEntry:
    order_no: str
    slot: str | None
    household: Household
    address_line: str
    sku: str
    product: str
    unit: str
    units: int  # still to place
    placed: int


@dataclass(frozen=True)
class SortingSheetData:
    """Every unit still to sort, for the printed sheet; the layout groups the entries."""

    order: SheetOrder
    entries: tuple[SheetEntry, ...]
    orders: int
    units: int
