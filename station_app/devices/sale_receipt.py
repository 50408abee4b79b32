"""The walk-in sale receipt (and the refund receipt) as data, and its layout on paper.

Like the handover receipt it is journaled as JSON with the sale and laid out only when it
prints. The sale number is printed as text and as a QR code: a refund scans it back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import StrEnum

from station_app.clock import STATION_ZONE
from station_app.devices.chinese_text import normalize
from station_app.devices.receipt_layout import (
    Align,
    Feed,
    PrintLine,
    Rule,
    TextLine,
    centered,
    code_to_scan,
    display_width,
    pad,
    paper_end,
    two_columns,
    wrap,
)
from station_app.money import format_fen
from station_app.paper_words import QT_TRANSLATE_NOOP, PaperText

_LANGUAGES = ("zh_CN", "en")


class PaymentMethod(StrEnum):
    """How a walk-in customer paid. Only cash passes the counter; the rest are recorded by
    their reference, never processed here."""

    CASH = "cash"
    WECHAT = "wechat"
    ALIPAY = "alipay"
    CARD = "card"


class SaleKind(StrEnum):
    SALE = "sale"
    REFUND = "refund"


_LABELS: dict[str, PaperText] = {
    "title_sale": QT_TRANSLATE_NOOP("paper: sale receipt", "SALES RECEIPT"),
    "title_refund": QT_TRANSLATE_NOOP("paper: sale receipt", "REFUND RECEIPT"),
    "refund_mark": QT_TRANSLATE_NOOP("paper: sale receipt", "** REFUND **"),
    "reprint": QT_TRANSLATE_NOOP("paper: sale receipt", "** REPRINT **"),
    "station": QT_TRANSLATE_NOOP("paper: sale receipt", "Station"),
    "sale_no": QT_TRANSLATE_NOOP("paper: sale receipt", "Sale no"),
    "refund_no": QT_TRANSLATE_NOOP("paper: sale receipt", "Refund no"),
    "original": QT_TRANSLATE_NOOP("paper: sale receipt", "Original"),
    "time": QT_TRANSLATE_NOOP("paper: sale receipt", "Time"),
    "staff": QT_TRANSLATE_NOOP("paper: sale receipt", "Cashier"),
    "approved_by": QT_TRANSLATE_NOOP("paper: sale receipt", "Approved by"),
    "item": QT_TRANSLATE_NOOP("paper: sale receipt", "Item"),
    "subtotal": QT_TRANSLATE_NOOP("paper: sale receipt", "Subtotal"),
    "discount": QT_TRANSLATE_NOOP("paper: sale receipt", "Discount"),
    "total": QT_TRANSLATE_NOOP("paper: sale receipt", "Total"),
    "refund_total": QT_TRANSLATE_NOOP("paper: sale receipt", "Refunded"),
    "payment": QT_TRANSLATE_NOOP("paper: sale receipt", "Paid by"),
    "refund_to": QT_TRANSLATE_NOOP("paper: sale receipt", "Refunded by"),
    "reference": QT_TRANSLATE_NOOP("paper: sale receipt", "Reference"),
    "cash_given": QT_TRANSLATE_NOOP("paper: sale receipt", "Cash given"),
    "change": QT_TRANSLATE_NOOP("paper: sale receipt", "Change"),
    "reason": QT_TRANSLATE_NOOP("paper: sale receipt", "Reason"),
    "keep": QT_TRANSLATE_NOOP("paper: sale receipt", "Keep this receipt for returns"),
    "thanks": QT_TRANSLATE_NOOP("paper: sale receipt", "Thank you!"),
    "label_price": QT_TRANSLATE_NOOP("paper: sale receipt", "Price from the scale label"),
    PaymentMethod.CASH: QT_TRANSLATE_NOOP("paper: sale receipt", "Cash"),
    PaymentMethod.WECHAT: QT_TRANSLATE_NOOP("paper: sale receipt", "WeChat Pay"),
    PaymentMethod.ALIPAY: QT_TRANSLATE_NOOP("paper: sale receipt", "Alipay"),
    PaymentMethod.CARD: QT_TRANSLATE_NOOP("paper: sale receipt", "Bank card"),
}


def sale_label(key: str, language: str) -> str:
    return _LABELS[key].in_language(language)


@dataclass(frozen=True)
class SaleReceiptLine:
    name: str
    quantity: int
    unit: str
    unit_price_fen: int
    # A weighed pack (quantity 1, unit_price_fen the pack's price): what it weighed, the price
    # per kilogram it was priced at (None when the scale label's price won), and where the
    # price came from (services/sales_views.py: "code" or "weight").
    weight_g: int | None = None
    price_per_kg_fen: int | None = None
    price_source: str | None = None

    @property
    def amount_fen(self) -> int:
        return self.quantity * self.unit_price_fen

    def to_dict(self) -> dict[str, object]:
        """As journaled; a line sold by the piece writes what it always did."""
        raw: dict[str, object] = {"name": self.name, "quantity": self.quantity,
                                  "unit": self.unit, "unit_price_fen": self.unit_price_fen}
        if self.weight_g is not None:
            raw["weight_g"] = self.weight_g
        if self.price_per_kg_fen is not None:
            raw["price_per_kg_fen"] = self.price_per_kg_fen
        if self.price_source is not None:
            raw["price_source"] = self.price_source
        return raw

    @classmethod
    def from_dict(cls, raw: dict[str, object]) -> SaleReceiptLine:
        return cls(_str(raw["name"]), _int(raw["quantity"]), _str(raw["unit"]),
                   _int(raw["unit_price_fen"]), _optional_int(raw.get("weight_g")),
                   _optional_int(raw.get("price_per_kg_fen")),
                   _optional_str(raw.get("price_source")))


@dataclass(frozen=True)
class SaleReceipt:
    sale_no: str  # the QR on paper encodes exactly this; for a refund, the refund's number
    kind: SaleKind
    station_name: str
    station_code: str
    sold_at: datetime  # aware UTC; shown in the printing machine's local time
    staff_name: str
    lines: tuple[SaleReceiptLine, ...]
    subtotal_fen: int
    discount_fen: int
    total_fen: int
    payment_method: PaymentMethod
    payment_ref: str | None = None
    cash_given_fen: int | None = None
    change_fen: int | None = None
    original_sale_no: str | None = None  # refunds only
    reason: str | None = None  # refunds only
    language: str = "zh_CN"
    reprint: bool = False
    approved_by: str | None = None  # the manager who approved the refund or the discount

    def __post_init__(self) -> None:
        if self.sold_at.tzinfo is None or self.sold_at.utcoffset() is None:
            raise ValueError("sold_at must be timezone-aware")
        if self.language not in _LANGUAGES:
            raise ValueError(f"language must be one of {_LANGUAGES}, not {self.language!r}")

    @property
    def is_refund(self) -> bool:
        return self.kind is SaleKind.REFUND

    def to_json(self) -> str:
        return json.dumps({
            "sale_no": self.sale_no, "kind": self.kind.value,
            "station_name": self.station_name, "station_code": self.station_code,
            "sold_at": self.sold_at.isoformat(), "staff_name": self.staff_name,
            "lines": [line.to_dict() for line in self.lines],
            "subtotal_fen": self.subtotal_fen, "discount_fen": self.discount_fen,
            "total_fen": self.total_fen, "payment_method": self.payment_method.value,
            "payment_ref": self.payment_ref, "cash_given_fen": self.cash_given_fen,
            "change_fen": self.change_fen, "original_sale_no": self.original_sale_no,
            "reason": self.reason, "language": self.language, "reprint": self.reprint,
            "approved_by": self.approved_by,
        }, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> SaleReceipt:
        """Rebuild a receipt stored by `to_json`. Raises ValueError for anything else."""
        try:
            raw = json.loads(text)
            if not isinstance(raw, dict):
                raise TypeError("not an object")
            lines = tuple(SaleReceiptLine.from_dict(line) for line in raw["lines"])
            return cls(
                sale_no=_str(raw["sale_no"]), kind=SaleKind(raw["kind"]),
                station_name=_str(raw["station_name"]), station_code=_str(raw["station_code"]),
                sold_at=datetime.fromisoformat(_str(raw["sold_at"])),
                staff_name=_str(raw["staff_name"]), lines=lines,
                subtotal_fen=_int(raw["subtotal_fen"]), discount_fen=_int(raw["discount_fen"]),
                total_fen=_int(raw["total_fen"]),
                payment_method=PaymentMethod(raw["payment_method"]),
                payment_ref=_optional_str(raw.get("payment_ref")),
                cash_given_fen=_optional_int(raw.get("cash_given_fen")),
                change_fen=_optional_int(raw.get("change_fen")),
                original_sale_no=_optional_str(raw.get("original_sale_no")),
                reason=_optional_str(raw.get("reason")),
                language=_str(raw["language"]), reprint=bool(raw["reprint"]),
                # Absent from receipts journaled before it was printed.
                approved_by=_optional_str(raw.get("approved_by")),
            )
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError(f"sale receipt JSON is malformed: {error}") from None


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    return value


def _int(value: object) -> int:
    # bool is an int subclass: a stored `true` must not pass as a quantity
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"expected an integer, got {type(value).__name__}")
    return value


def _optional_str(value: object) -> str | None:
    return None if value is None else _str(value)


def _optional_int(value: object) -> int | None:
    return None if value is None else _int(value)


def layout_sale_receipt(receipt: SaleReceipt, columns: int, *, cut: bool = True,
                        drawer_kick: bool = False, tz: tzinfo = STATION_ZONE) -> list[PrintLine]:
    """The print lines of a sale or refund receipt for paper `columns` characters wide.

    `drawer_kick` says the printer drives a cash drawer; it opens only when cash changes hands
    (a cash sale or a cash refund), never for WeChat, Alipay or card.
    """
    lang = receipt.language
    out = _heading(receipt, columns)
    out.append(Rule())
    out += _sale_fields(receipt, columns, tz)
    out.append(Rule())
    out += _items(receipt, columns)
    out.append(Rule())
    out += _totals(receipt, columns)
    out += _payment(receipt, columns)
    out.append(Rule())
    out += code_to_scan(receipt.sale_no, columns)
    out.append(Feed(1))
    if not receipt.is_refund:
        out += centered(sale_label("keep", lang), columns)
    out += centered(sale_label("thanks", lang), columns, bold=True)
    return out + paper_end(cut=cut, drawer_kick=drawer_kick
                           and receipt.payment_method is PaymentMethod.CASH)


def _heading(receipt: SaleReceipt, columns: int) -> list[PrintLine]:
    lang = receipt.language
    out: list[PrintLine] = [
        *centered(sale_label("title_refund" if receipt.is_refund else "title_sale", lang),
                  columns, bold=True, double=True),
        *centered(normalize(receipt.station_name), columns, bold=True),
        *centered(f"{sale_label('station', lang)} {receipt.station_code}", columns)]
    if receipt.is_refund:
        out += centered(sale_label("refund_mark", lang), columns, bold=True, double=True)
    if receipt.reprint:
        out += centered(sale_label("reprint", lang), columns, bold=True, double=True)
    return out


def _sale_fields(receipt: SaleReceipt, columns: int, tz: tzinfo) -> list[PrintLine]:
    local_time = receipt.sold_at.astimezone(tz)
    fields = [("refund_no" if receipt.is_refund else "sale_no", receipt.sale_no)]
    if receipt.original_sale_no:
        fields.append(("original", receipt.original_sale_no))
    fields += [("time", f"{local_time:%Y-%m-%d %H:%M:%S}"), ("staff", receipt.staff_name)]
    if receipt.approved_by:  # a refund or a discount: the manager answers for it
        fields.append(("approved_by", receipt.approved_by))
    return [TextLine(line) for key, value in fields
            for line in two_columns(sale_label(key, receipt.language), normalize(value), columns)]


def _items(receipt: SaleReceipt, columns: int) -> list[PrintLine]:
    out: list[PrintLine] = [TextLine(sale_label("item", receipt.language), bold=True)]
    for line in receipt.lines:
        out += [TextLine(text) for text in wrap(normalize(line.name), columns)]
        out += [TextLine(text, Align.RIGHT) for text in wrap(_figures(line), columns)]
        if line.price_source == "code":  # the scale's price, not the catalogue's: say so
            out += [TextLine(text, Align.RIGHT) for text in wrap(
                sale_label("label_price", receipt.language), columns)]
    return out


def _figures(line: SaleReceiptLine) -> str:
    """`2袋 x ￥5.90  ￥11.80`; a weighed pack: `0.532kg x ￥29.90/kg  ￥15.91`, or its weight and
    price alone when the price came from the scale label."""
    amount = format_fen(line.amount_fen)
    if line.weight_g is None:
        return (f"{line.quantity}{normalize(line.unit)} x {format_fen(line.unit_price_fen)}"
                f"  {amount}")
    weight = f"{line.weight_g // 1000}.{line.weight_g % 1000:03d}kg"
    if line.price_per_kg_fen is None:
        return f"{weight}  {amount}"
    return f"{weight} x {format_fen(line.price_per_kg_fen)}/kg  {amount}"


def _totals(receipt: SaleReceipt, columns: int) -> list[PrintLine]:
    lang = receipt.language
    out: list[PrintLine] = [TextLine(line) for line in two_columns(
        sale_label("subtotal", lang), format_fen(receipt.subtotal_fen), columns)]
    if receipt.discount_fen:
        out += [TextLine(line) for line in two_columns(
            sale_label("discount", lang), format_fen(-receipt.discount_fen), columns)]
    total_key = "refund_total" if receipt.is_refund else "total"
    total_text = ("-" if receipt.is_refund else "") + format_fen(receipt.total_fen)
    total_line = f"{sale_label(total_key, lang)} {total_text}"
    if display_width(total_line) * 2 <= columns:  # the sum is what staff and customer check
        out.append(TextLine(pad(total_line, columns // 2, Align.RIGHT), bold=True, double=True))
    else:
        out += [TextLine(line, bold=True) for line in two_columns(
            sale_label(total_key, lang), total_text, columns)]
    return out


def _payment(receipt: SaleReceipt, columns: int) -> list[PrintLine]:
    """How the money went: the method and its reference, the cash and change, the reason."""
    lang = receipt.language
    method_key = "refund_to" if receipt.is_refund else "payment"
    out: list[PrintLine] = [TextLine(line) for line in two_columns(
        sale_label(method_key, lang), sale_label(receipt.payment_method, lang), columns)]
    if receipt.payment_ref:
        out += [TextLine(line) for line in two_columns(
            sale_label("reference", lang), receipt.payment_ref, columns)]
    if receipt.cash_given_fen is not None:
        out += [TextLine(line) for line in two_columns(
            sale_label("cash_given", lang), format_fen(receipt.cash_given_fen), columns)]
    if receipt.change_fen is not None:
        out += [TextLine(line, bold=True) for line in two_columns(
            sale_label("change", lang), format_fen(receipt.change_fen), columns)]
    if receipt.reason:
        out += [TextLine(line) for line in wrap(
            f"{sale_label('reason', lang)}: {normalize(receipt.reason)}", columns)]
    return out
