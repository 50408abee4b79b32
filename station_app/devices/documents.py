"""Everything the counter prints, by kind: receipts, reports, labels, lists.

The print journal stores a document as JSON under its kind and renders it only when the job is
printed (so a reprint after a settings change still comes out right). Each kind says here how
to read it back, what its journal reference is and how it lays out on paper; the ESC/POS and
preview back-ends then treat every kind alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import tzinfo
from typing import Any

from station_app.clock import STATION_ZONE
from station_app.devices.receipt import HandoverReceipt
from station_app.devices.receipt_layout import PrintLine, layout_receipt
from station_app.devices.report import TextReport, layout_report

# (document, columns, cut, drawer_kick, tz) -> print lines
Layout = Callable[[Any, int, bool, bool, tzinfo], list[PrintLine]]


@dataclass(frozen=True)
class DocumentKind:
    kind: str  # stored in print_job.kind
    type: type
    from_json: Callable[[str], Any]  # raises ValueError for anything it did not write
    reference: Callable[[Any], str]  # the journal reference: reprint and lookup go by it
    layout: Layout
    # The printer's name for the job (a file name on the virtual printer); the reference
    # when None.
    job_name: Callable[[Any], str] | None = None

    def name_of(self, document: Any) -> str:
        return (self.job_name or self.reference)(document)


_KINDS: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> None:
    _KINDS[kind.kind] = kind


def kind_of(document: object) -> DocumentKind:
    for kind in _KINDS.values():
        if isinstance(document, kind.type):
            return kind
    raise TypeError(f"{type(document).__name__} is not a printable document")


def document_from_json(kind: str, text: str) -> Any:
    """Raises ValueError for an unknown kind or a payload the kind cannot read."""
    found = _KINDS.get(kind)
    if found is None:
        raise ValueError(f"unknown print job kind {kind!r}")
    return found.from_json(text)


def layout_document(document: object, columns: int, *, cut: bool = True,
                    drawer_kick: bool = False, tz: tzinfo = STATION_ZONE) -> list[PrintLine]:
    """The print lines of any registered document; its times on the station's clock."""
    return kind_of(document).layout(document, columns, cut, drawer_kick, tz)


def as_reprint(document: Any) -> Any:
    """The same document marked as a reprint on paper, where its kind has such a mark."""
    if any(field.name == "reprint" for field in fields(document)):
        return replace(document, reprint=True)
    return document


register(DocumentKind(
    "handover_receipt", HandoverReceipt, HandoverReceipt.from_json,
    lambda receipt: receipt.order_no,
    lambda receipt, columns, cut, kick, tz: layout_receipt(receipt, columns, cut=cut,
                                                           drawer_kick=kick, tz=tz),
    job_name=lambda receipt: receipt.receipt_no))
register(DocumentKind(
    "report", TextReport, TextReport.from_json, lambda report: report.report_no,
    # A report never opens the cash drawer.
    lambda report, columns, cut, _kick, tz: layout_report(report, columns, cut=cut, tz=tz)))

# Walk-in sales and their refunds (门店零售): the drawer opens for cash only (see the layout).
from station_app.devices.sale_receipt import SaleReceipt, layout_sale_receipt  # noqa: E402

register(DocumentKind(
    "sale_receipt", SaleReceipt, SaleReceipt.from_json, lambda receipt: receipt.sale_no,
    lambda receipt, columns, cut, kick, tz: layout_sale_receipt(receipt, columns, cut=cut,
                                                                drawer_kick=kick, tz=tz)))

# The pickup label on a ready order's bag (货架位 + 提货码 + QR); it never opens the drawer.
from station_app.devices.pickup_label import PickupLabel, layout_label  # noqa: E402

register(DocumentKind(
    "pickup_label", PickupLabel, PickupLabel.from_json, lambda label: label.order_no,
    lambda label, columns, cut, _kick, tz: layout_label(label, columns, cut=cut, tz=tz),
    job_name=lambda label: f"label-{label.order_no}"))

# The sorting sheet (分拣单) staff tick by pen while sorting; it never opens the drawer.
from station_app.devices.sorting_sheet import SortingSheet, layout_sorting_sheet  # noqa: E402

register(DocumentKind(
    "sorting_sheet", SortingSheet, SortingSheet.from_json, lambda sheet: sheet.sheet_no,
    lambda sheet, columns, cut, _kick, tz: layout_sorting_sheet(sheet, columns, cut=cut, tz=tz)))
