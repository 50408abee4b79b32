"""The sorting sheet (分拣单): every unit still to place, on paper, for staff to tick by pen.

Staff sort from it when the scanner is busy or a helper sorts away from the counter, so it
is laid out the way they walk: by product (one pile at a time, its bags in shelf order), by
slot (one bag at a time) or by building (a helper delivering floor by floor). Each row starts
with a box to tick. Residents appear only as head office masked them (张**, phone tail): the
sheet never carries a phone number or a pickup code, so one left on a shelf gives nothing
away.

Journaled as JSON like every printed kind and laid out when it prints. Its rows are its own
plain data rather than the sorting service's views, because devices sit below services
(docs/ARCHITECTURE.md); `sorting_sheet_for` reads those views by their shape.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, tzinfo
from typing import Protocol, TypeVar

from station_app.clock import STATION_ZONE
from station_app.devices.chinese_text import normalize
from station_app.devices.receipt_layout import (
    Align,
    Cut,
    Feed,
    PrintLine,
    Rule,
    TextLine,
    centered,
    display_width,
    pad,
    two_columns,
    wrap,
)
from station_app.paper_words import LANGUAGES, QT_TRANSLATE_NOOP, PaperText

KIND = "sorting_sheet"
# The values of services.sorting_views.SheetOrder, which devices may not import.
LAYOUTS = ("product", "slot", "address")

_TEXTS: dict[str, PaperText] = {
    "title": QT_TRANSLATE_NOOP("paper: sorting sheet", "Sorting sheet"),
    "product": QT_TRANSLATE_NOOP("paper: sorting sheet", "by product"),
    "slot": QT_TRANSLATE_NOOP("paper: sorting sheet", "by slot"),
    "address": QT_TRANSLATE_NOOP("paper: sorting sheet", "by building"),
    "reprint": QT_TRANSLATE_NOOP("paper: sorting sheet", "** REPRINT **"),
    "as_of": QT_TRANSLATE_NOOP("paper: sorting sheet", "As of %1"),
    "orders": QT_TRANSLATE_NOOP("paper: sorting sheet", "Orders"),
    "units": QT_TRANSLATE_NOOP("paper: sorting sheet", "Units to place"),
    "tail": QT_TRANSLATE_NOOP("paper: sorting sheet", "phone tail"),
    "no_address": QT_TRANSLATE_NOOP("paper: sorting sheet", "No address"),
    "nothing": QT_TRANSLATE_NOOP("paper: sorting sheet", "Nothing left to sort"),
}
_UNITS_IN_GROUP = QT_TRANSLATE_NOOP("paper: sorting sheet", "%n unit(s)", "", 1)

_BOX = "□ "  # ticked by pen; two columns on a GB printer, like every non-ASCII character
_INDENT = " " * display_width(_BOX)
# "3栋1单元502" → building "3栋", room "1单元502"; "12号楼…" likewise.
_BUILDING = re.compile(r"^(.*?(?:栋|号楼))(.*)$")


@dataclass(frozen=True)
class SheetRow:
    """Units of one product still to go into one order's bag."""

    order_no: str
    slot: str | None
    customer_name: str  # already masked by head office: 张**
    phone_tail: str  # last 4 digits only
    address_line: str  # "3栋1单元502", or "" when head office sent none
    sku: str
    product: str
    unit: str
    units: int  # still to place
    placed: int


@dataclass(frozen=True)
class SortingSheet:
    station_name: str
    station_code: str
    printed_at: datetime
    layout: str  # one of LAYOUTS: how `entries` are grouped on paper
    entries: tuple[SheetRow, ...]  # already in the layout's order (Sorting.sheet sorts them)
    orders: int
    units: int
    language: str = "zh_CN"
    reprint: bool = False

    def __post_init__(self) -> None:
        if self.printed_at.tzinfo is None:
            raise ValueError("printed_at must be timezone-aware")
        if self.language not in LANGUAGES:
            raise ValueError(f"unknown sheet language {self.language!r}")
        if self.layout not in LAYOUTS:
            raise ValueError(f"unknown sorting sheet layout {self.layout!r}")

    @property
    def sheet_no(self) -> str:
        """The journal's reference: a reprint finds the sheet by it."""
        local = self.printed_at.astimezone(STATION_ZONE)
        return f"SORT-{self.station_code}-{local:%Y%m%d-%H%M%S}-{self.layout}"

    def to_json(self) -> str:
        return json.dumps({"kind": KIND, **asdict(self),
                           "printed_at": self.printed_at.isoformat()}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> SortingSheet:
        """Raises ValueError for anything that is not a sorting sheet written by `to_json`."""
        try:
            raw = json.loads(text)
            if raw.get("kind") != KIND:
                raise ValueError("not a sorting sheet")
            entries = tuple(SheetRow(
                _text(row["order_no"]), None if row["slot"] is None else _text(row["slot"]),
                _text(row["customer_name"]), _text(row["phone_tail"]),
                _text(row["address_line"]), _text(row["sku"]), _text(row["product"]),
                _text(row["unit"]), _count(row["units"]), _count(row["placed"]))
                for row in raw["entries"])
            return cls(_text(raw["station_name"]), _text(raw["station_code"]),
                       datetime.fromisoformat(raw["printed_at"]), _text(raw["layout"]),
                       entries, _count(raw["orders"]), _count(raw["units"]),
                       _text(raw["language"]), raw["reprint"] is True)
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise ValueError(f"sorting sheet JSON is malformed: {error}") from None


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {value!r}")
    return value


def _count(value: object) -> int:
    # json gives True for true: a count of True would print as 1 and hide the damage
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise TypeError(f"expected a count, got {value!r}")
    return value


# --- from the sorting service's views ---------------------------------------------------------


class _Household(Protocol):
    @property
    def customer_name(self) -> str: ...
    @property
    def phone_tail(self) -> str: ...


class _Entry(Protocol):
    @property
    def order_no(self) -> str: ...
    @property
    def slot(self) -> str | None: ...
    @property
    def household(self) -> _Household: ...
    @property
    def address_line(self) -> str: ...
    @property
    def sku(self) -> str: ...
    @property
    def product(self) -> str: ...
    @property
    def unit(self) -> str: ...
    @property
    def units(self) -> int: ...
    @property
    def placed(self) -> int: ...


class SheetSource(Protocol):
    """What the sheet is made from: services.sorting_views.SortingSheetData, by its shape."""

    @property
    def order(self) -> str: ...  # a SheetOrder: a str enum whose values are LAYOUTS
    @property
    def entries(self) -> Sequence[_Entry]: ...
    @property
    def orders(self) -> int: ...
    @property
    def units(self) -> int: ...


def sorting_sheet_for(data: SheetSource, station_name: str, station_code: str, now: datetime,
                      language: str = "zh_CN") -> SortingSheet:
    """The sheet of `Sorting.sheet(...)`'s data, in `language`, printed at `now` (aware).

    Raises ValueError for a naive `now`, an unknown language or layout."""
    entries = tuple(SheetRow(e.order_no, e.slot, e.household.customer_name,
                             e.household.phone_tail, e.address_line, e.sku, e.product, e.unit,
                             e.units, e.placed) for e in data.entries)
    return SortingSheet(station_name, station_code, now, str(data.order), entries, data.orders,
                        data.units, language)


# --- on paper ----------------------------------------------------------------------------------


def layout_sorting_sheet(sheet: SortingSheet, columns: int, *, cut: bool = True,
                         tz: tzinfo = STATION_ZONE) -> list[PrintLine]:
    """The sheet's print lines: heading, totals, then the groups of its layout, each row with
    a box to tick."""
    words = {key: text.in_language(sheet.language) for key, text in _TEXTS.items()}
    out = _heading(sheet, words, columns, tz)
    groups = {"product": _by_product, "slot": _by_slot, "address": _by_building}[sheet.layout]
    if sheet.entries:
        out += groups(sheet, words, columns)
    else:
        out += [Rule(), *centered(words["nothing"], columns)]
    out += [Rule(), Feed(3)]
    if cut:
        out.append(Cut())
    return out


def _heading(sheet: SortingSheet, words: dict[str, str], columns: int,
             tz: tzinfo) -> list[PrintLine]:
    title = f"{words['title']} · {words[sheet.layout]}"
    out: list[PrintLine] = []
    if display_width(title) <= columns // 2:
        out += centered(title, columns, bold=True, double=True)
    else:  # one double line or none: a title broken mid-word reads worse than two sizes
        out += [*centered(words["title"], columns, bold=True, double=True),
                *centered(words[sheet.layout], columns, bold=True)]
    if sheet.reprint:  # a reprint shows what was left then, not now
        out += centered(words["reprint"], columns, bold=True)
    out += centered(normalize(f"{sheet.station_name} {sheet.station_code}"), columns)
    local = sheet.printed_at.astimezone(tz)
    out += centered(_TEXTS["as_of"].in_language(sheet.language, f"{local:%Y-%m-%d %H:%M}"),
                    columns)
    out.append(Rule())
    for label, value in ((words["orders"], sheet.orders), (words["units"], sheet.units)):
        out += [TextLine(line, bold=True) for line in _beside(label, str(value), columns)]
    return out


def _by_product(sheet: SortingSheet, words: dict[str, str], columns: int) -> list[PrintLine]:
    """Per product its total, then one row per bag in shelf order: bag, ×units, household."""
    skus_of: dict[str, set[str]] = {}
    for entry in sheet.entries:
        skus_of.setdefault(entry.product, set()).add(entry.sku)
    out: list[PrintLine] = []
    for rows in _grouped(sheet.entries, lambda entry: entry.sku):
        first = rows[0]
        # two products of one name (two sizes of eggs) are told apart by their SKU
        name = first.product if len(skus_of[first.product]) == 1 \
            else f"{first.product} [{first.sku}]"
        total = _times(sum(row.units for row in rows), first.unit)
        out += [Rule(), *_header(normalize(name), total, columns)]
        out += _bags_of(rows, words, columns - len(_INDENT))
    return out


def _bags_of(rows: Sequence[SheetRow], words: dict[str, str], width: int) -> list[PrintLine]:
    """One ticked row per bag: bag and ×units in columns, then the household. The columns
    are dropped when aligning them would push a household onto a line of its own, since
    every row staying one line matters more on a long sheet than a straight column."""
    cells = [(normalize(_bag(row)), _times(row.units, row.unit), _household(row, words))
             for row in rows]
    bag_width = max(display_width(bag) for bag, _, _ in cells)
    count_width = max(display_width(count) for _, count, _ in cells)
    if any(bag_width + count_width + display_width(who) + 2 > width for _, _, who in cells):
        bag_width = count_width = 0
    return [line for bag, count, who in cells for line in _ticked(_after(
        f"{pad(bag, bag_width)} {pad(count, count_width, Align.RIGHT)}", who, width))]


def _by_slot(sheet: SortingSheet, words: dict[str, str], columns: int) -> list[PrintLine]:
    """Per bag in shelf order its household and units, then one row per product. No rule
    between bags: a rule each would add 40 cm of paper to a hundred bags, and the bold heads
    part them well enough."""
    out: list[PrintLine] = [Rule()]
    for rows in _grouped(sheet.entries, lambda entry: entry.order_no):
        title = f"{normalize(_bag(rows[0]))} {_household(rows[0], words)}"
        out += _header(title, _units_in(rows, sheet.language), columns)
        out += _products(rows, columns)
    return out


def _by_building(sheet: SortingSheet, words: dict[str, str], columns: int) -> list[PrintLine]:
    """Per building its units, per room (household) its bag, then one row per product."""
    out: list[PrintLine] = []
    for rows in _grouped(sheet.entries, lambda entry: _building(entry.address_line)[0]):
        building = _building(rows[0].address_line)[0] or words["no_address"]
        out += [Rule(), *_header(normalize(building), _units_in(rows, sheet.language),
                                 columns)]
        for bag in _grouped(rows, lambda entry: entry.order_no):
            room = _building(bag[0].address_line)[1]
            who = f"{room} {_household(bag[0], words)}".strip()
            out += [TextLine(line) for line in _beside(who, normalize(_bag(bag[0])), columns)]
            out += _products(bag, columns)
    return out


def _products(rows: Sequence[SheetRow], columns: int) -> list[PrintLine]:
    """One ticked row per product of a bag, its ×units at the right edge."""
    return [line for row in rows for line in _ticked(_beside(
        normalize(row.product), _times(row.units, row.unit), columns - len(_INDENT)))]


# --- helpers -----------------------------------------------------------------------------------

_Row = TypeVar("_Row")


def _grouped(rows: Iterable[_Row], key: Callable[[_Row], Hashable]) -> list[list[_Row]]:
    """Rows by `key`, groups in the order they first appear: the order Sorting.sheet chose."""
    groups: dict[Hashable, list[_Row]] = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    return list(groups.values())


def _building(address: str) -> tuple[str, str]:
    """(building, room) of an address line; an address naming no building is a building of
    its own, so nothing is lost from the paper."""
    found = _BUILDING.match(address.strip())
    return (found[1], found[2].strip()) if found else (address.strip(), "")


def _bag(row: SheetRow) -> str:
    # A bag with no slot yet is found by its order number (the bag label's QR and text).
    return row.slot or row.order_no


def _household(row: SheetRow, words: dict[str, str]) -> str:
    return normalize(f"{row.customer_name} {words['tail']} {row.phone_tail}")


def _times(units: int, unit: str) -> str:
    return f"×{units}{normalize(unit)}"


def _units_in(rows: Sequence[SheetRow], language: str) -> str:
    return _UNITS_IN_GROUP.in_language(language, n=sum(row.units for row in rows))


def _header(title: str, figure: str, columns: int) -> list[PrintLine]:
    return [TextLine(line, bold=True) for line in _beside(title, figure, columns)]


def _ticked(lines: Sequence[str]) -> list[PrintLine]:
    """A row staff tick: the box on its first line, the rest kept clear of the box."""
    return [TextLine((_BOX if number == 0 else _INDENT) + line)
            for number, line in enumerate(lines)]


def _beside(left: str, right: str, width: int) -> list[str]:
    """`right` at the right edge of `left`'s last line; underneath when the two cannot share
    a line (two_columns would overflow a `right` wider than the paper)."""
    if display_width(right) <= width // 2:
        return two_columns(left, right, width)
    return [*wrap(left, width), *wrap(right, width)]


def _after(left: str, right: str, width: int) -> list[str]:
    """`right` after `left` on one line when both fit, else on lines of its own."""
    if display_width(left) + 1 + display_width(right) <= width:
        return [f"{left} {right}".rstrip()]
    return [*wrap(left, width), *wrap(right, width)]

