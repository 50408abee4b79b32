"""The X report (mid-shift: X 报表（班中）) and the Z report (shift close: Z 报表（交班）) on paper.

Both are TextReports built from one ShiftView, so the paper shows exactly the figures the
service recorded. They print in one language, the receipt language, like every receipt. The
names follow the glossary without colliding with the day close (日结, F10), whose slip is the
日结单: "X 报表（班中）" and "Z 报表（交班）" are the only names of these two documents, on
screen (the shift desk) and on paper.
"""

from __future__ import annotations

from datetime import datetime

from station_app.clock import station_time
from station_app.devices.report import ReportSection, TextReport
from station_app.devices.sale_receipt import PaymentMethod, sale_label
from station_app.money import format_difference, format_fen
from station_app.paper_words import QT_TRANSLATE_NOOP, PaperText
from station_app.services.shifts_views import METHODS, CashKind, ShiftView

_TEXTS: dict[str, PaperText] = {
    "x_title": QT_TRANSLATE_NOOP("paper: X and Z reports", "X report"),
    "z_title": QT_TRANSLATE_NOOP("paper: X and Z reports", "Z report"),
    "x_no": QT_TRANSLATE_NOOP("paper: X and Z reports", "X report no."),
    "z_no": QT_TRANSLATE_NOOP("paper: X and Z reports", "Z report no."),
    "shift": QT_TRANSLATE_NOOP("paper: X and Z reports", "Shift"),
    "shift_no": QT_TRANSLATE_NOOP("paper: X and Z reports", "Shift no."),
    "cashier": QT_TRANSLATE_NOOP("paper: X and Z reports", "Cashier"),
    "opened": QT_TRANSLATE_NOOP("paper: X and Z reports", "Opened"),
    "closed": QT_TRANSLATE_NOOP("paper: X and Z reports", "Closed"),
    "sales": QT_TRANSLATE_NOOP("paper: X and Z reports", "Sales"),
    "count": QT_TRANSLATE_NOOP("paper: X and Z reports", "Count"),
    "total": QT_TRANSLATE_NOOP("paper: X and Z reports", "Total"),
    "discounts": QT_TRANSLATE_NOOP("paper: X and Z reports", "Discounts"),
    "refunds": QT_TRANSLATE_NOOP("paper: X and Z reports", "Refunds"),
    "voids": QT_TRANSLATE_NOOP("paper: X and Z reports", "Voids"),
    "drawer": QT_TRANSLATE_NOOP("paper: X and Z reports", "Drawer"),
    "no_sale_opens": QT_TRANSLATE_NOOP("paper: X and Z reports", "No-sale opens"),
    CashKind.CASH_IN: QT_TRANSLATE_NOOP("paper: X and Z reports", "Cash in"),
    CashKind.CASH_OUT: QT_TRANSLATE_NOOP("paper: X and Z reports", "Cash out"),
    CashKind.NO_SALE: QT_TRANSLATE_NOOP("paper: X and Z reports", "No sale"),
    "handovers": QT_TRANSLATE_NOOP("paper: X and Z reports", "Handovers"),
    "exceptions": QT_TRANSLATE_NOOP("paper: X and Z reports", "Exception lines"),
    "cash": QT_TRANSLATE_NOOP("paper: X and Z reports", "Cash"),
    "float": QT_TRANSLATE_NOOP("paper: X and Z reports", "Float"),
    "expected": QT_TRANSLATE_NOOP("paper: X and Z reports", "Expected cash"),
    "counted": QT_TRANSLATE_NOOP("paper: X and Z reports", "Counted cash"),
    "difference": QT_TRANSLATE_NOOP("paper: X and Z reports", "Difference"),
    "approved_by": QT_TRANSLATE_NOOP("paper: X and Z reports", "Approved by"),
    "cash_count": QT_TRANSLATE_NOOP("paper: X and Z reports", "Cash count"),
    "no_cash": QT_TRANSLATE_NOOP("paper: X and Z reports", "No cash"),
    "shift_is_open": QT_TRANSLATE_NOOP("paper: X and Z reports", "Shift still open"),
    "shift_is_closed": QT_TRANSLATE_NOOP("paper: X and Z reports", "Shift closed"),
}


def x_report_no(shift_no: str, x_no: int) -> str:
    return f"X-{shift_no}-{x_no}"


def z_report_no(station_code: str, z_no: int) -> str:
    return f"Z-{station_code}-{z_no:06d}"


def _time(at: datetime | None) -> str:
    return "—" if at is None else station_time(at).strftime("%Y-%m-%d %H:%M")


def _sections(shift: ShiftView, number_row: tuple[str, str], language: str
              ) -> list[ReportSection]:
    def t(key: str) -> str:
        return _TEXTS[key].in_language(language)

    def method(key: str) -> str:
        return sale_label(PaymentMethod(key), language)

    totals = shift.totals
    head = ReportSection(t("shift"), (
        number_row,
        (t("shift_no"), shift.shift_no),
        (t("cashier"), shift.staff_name),
        (t("opened"), _time(shift.opened_at)),
        (t("closed"), _time(shift.closed_at)),
    ))
    sales = ReportSection(t("sales"), (
        (t("count"), str(totals.sales)),
        (t("total"), format_fen(totals.sales_fen)),
        *((method(m), format_fen(totals.by_method.get(m, 0))) for m in METHODS),
        (t("discounts"), format_fen(totals.discounts_fen)),
    ))
    refunds = ReportSection(t("refunds"), (
        (t("count"), str(totals.refunds)),
        (t("total"), format_fen(totals.refunds_fen)),
        *((method(m), format_fen(totals.refunds_by_method.get(m, 0)))
          for m in METHODS if totals.refunds_by_method.get(m, 0)),
        # A void: a sale of this shift refunded in full on this same shift.
        (t("voids"), f"{totals.voids} {format_fen(totals.voids_fen)}"),
    ))
    drawer = ReportSection(t("drawer"), (
        (t("no_sale_opens"), str(totals.no_sale_opens)),
        (t(CashKind.CASH_IN), format_fen(totals.cash_in_fen)),
        (t(CashKind.CASH_OUT), format_fen(totals.cash_out_fen)),
        *((f"{t(move.kind)} {move.reason}",
           format_fen(move.amount_fen) if move.kind is not CashKind.NO_SALE else "")
          for move in totals.cash_moves),
    ))
    pickups = ReportSection(t("handovers"), (
        (t("handovers"), str(totals.handovers)),
        (t("exceptions"), str(totals.exceptions)),
    ))
    return [head, sales, refunds, drawer, pickups]


def x_report(shift: ShiftView, x_no: int, station_name: str, station_code: str,
             printed_at: datetime, language: str = "zh_CN") -> TextReport:
    """The X report: the shift so far. It shows the expected cash unless the shift is blind."""
    texts = {key: value.in_language(language) for key, value in _TEXTS.items()}
    sections = _sections(shift, (texts["x_no"], f"#{x_no}"), language)
    if not shift.blind:
        sections.append(ReportSection(texts["cash"], (
            (texts["float"], format_fen(shift.float_fen)),
            (texts["expected"], format_fen(shift.expected_cash_fen)),
        )))
    return TextReport(x_report_no(shift.shift_no, x_no), texts["x_title"], station_name,
                      station_code, printed_at, tuple(sections), footer=texts["shift_is_open"])


def z_report(shift: ShiftView, station_name: str, station_code: str,
             printed_at: datetime, language: str = "zh_CN") -> TextReport:
    """The Z report of a closed shift: the count against the expected cash, the difference
    with its sign (长款 over / 短款 short), and who approved."""
    assert shift.z_no is not None and shift.counted_cash_fen is not None
    texts = {key: value.in_language(language) for key, value in _TEXTS.items()}
    sections = _sections(shift, (texts["z_no"], f"#{shift.z_no}"), language)
    sections.append(ReportSection(texts["cash"], (
        (texts["float"], format_fen(shift.float_fen)),
        (texts["expected"], format_fen(shift.expected_cash_fen)),
        (texts["counted"], format_fen(shift.counted_cash_fen)),
        (texts["difference"], format_difference(shift.variance_fen or 0, language)),
        (texts["approved_by"], shift.approver_name or "—"),
    )))
    sections.append(ReportSection(texts["cash_count"], tuple(
        (format_fen(denomination), f"× {pieces} = {format_fen(denomination * pieces)}")
        for denomination, pieces in sorted(shift.counts.items(), reverse=True) if pieces)
        or ((texts["no_cash"], ""),)))
    return TextReport(z_report_no(station_code, shift.z_no), texts["z_title"], station_name,
                      station_code, printed_at, tuple(sections),
                      footer=texts["shift_is_closed"])
