"""The X report (mid-shift, 中间报表) and the Z report (shift close, 交班报表) on paper.

Both are TextReports built from one ShiftView, so the paper shows exactly the figures the
service recorded. Labels are Chinese with English, like the stock count's variance sheet.
"""

from __future__ import annotations

from datetime import datetime

from station_app.devices.report import ReportSection, TextReport
from station_app.money import format_fen
from station_app.services.shifts_views import METHODS, CashKind, ShiftView

METHOD_LABELS = {"cash": "现金 Cash", "wechat": "微信 WeChat", "alipay": "支付宝 Alipay",
                 "card": "银行卡 Card"}
KIND_LABELS = {CashKind.CASH_IN: "存入 In", CashKind.CASH_OUT: "取出 Out",
               CashKind.NO_SALE: "开钱箱 No sale"}


def x_report_no(shift_no: str, x_no: int) -> str:
    return f"X-{shift_no}-{x_no}"


def z_report_no(station_code: str, z_no: int) -> str:
    return f"Z-{station_code}-{z_no:06d}"


def _time(at: datetime | None) -> str:
    return "—" if at is None else at.astimezone().strftime("%Y-%m-%d %H:%M")


def _sections(shift: ShiftView, number_row: tuple[str, str]) -> list[ReportSection]:
    t = shift.totals
    head = ReportSection("班次 Shift", (
        number_row,
        ("班次号 Shift no.", shift.shift_no),
        ("收银员 Cashier", shift.staff_name),
        ("开班 Opened", _time(shift.opened_at)),
        ("交班 Closed", _time(shift.closed_at)),
    ))
    sales = ReportSection("销售 Sales", (
        ("笔数 Sales", str(t.sales)),
        ("合计 Total", format_fen(t.sales_fen)),
        *((METHOD_LABELS[m], format_fen(t.by_method.get(m, 0))) for m in METHODS),
        ("折扣 Discounts", format_fen(t.discounts_fen)),
    ))
    refunds = ReportSection("退款 Refunds", (
        ("笔数 Refunds", str(t.refunds)),
        ("合计 Total", format_fen(t.refunds_fen)),
        *((METHOD_LABELS[m], format_fen(t.refunds_by_method.get(m, 0)))
          for m in METHODS if t.refunds_by_method.get(m, 0)),
        # A void: a sale of this shift refunded in full on this same shift.
        ("作废 Voids", f"{t.voids} {format_fen(t.voids_fen)}"),
    ))
    drawer = ReportSection("钱箱 Drawer", (
        ("无销售开箱 No-sale opens", str(t.no_sale_opens)),
        ("存入 Cash in", format_fen(t.cash_in_fen)),
        ("取出 Cash out", format_fen(t.cash_out_fen)),
        *((f"{KIND_LABELS[move.kind]} {move.reason}",
           format_fen(move.amount_fen) if move.kind is not CashKind.NO_SALE else "")
          for move in t.cash_moves),
    ))
    pickups = ReportSection("提货 Handovers", (
        ("提货 Handovers", str(t.handovers)),
        ("异常行 Exceptions", str(t.exceptions)),
    ))
    return [head, sales, refunds, drawer, pickups]


def x_report(shift: ShiftView, x_no: int, station_name: str, station_code: str,
             printed_at: datetime) -> TextReport:
    """The X report: the shift so far. It shows the expected cash unless the shift is blind."""
    sections = _sections(shift, ("X报表 X report", f"#{x_no}"))
    if not shift.blind:
        sections.append(ReportSection("现金 Cash", (
            ("备用金 Float", format_fen(shift.float_fen)),
            ("应有现金 Expected", format_fen(shift.expected_cash_fen)),
        )))
    return TextReport(x_report_no(shift.shift_no, x_no), "X报表 中间报表", station_name,
                      station_code, printed_at, tuple(sections), footer="班次未结束 Shift open")


def z_report(shift: ShiftView, station_name: str, station_code: str,
             printed_at: datetime) -> TextReport:
    """The Z report of a closed shift: the count against the expected cash and who approved."""
    assert shift.z_no is not None and shift.counted_cash_fen is not None
    sections = _sections(shift, ("Z报表 Z report", f"#{shift.z_no}"))
    sections.append(ReportSection("现金 Cash", (
        ("备用金 Float", format_fen(shift.float_fen)),
        ("应有现金 Expected", format_fen(shift.expected_cash_fen)),
        ("实点现金 Counted", format_fen(shift.counted_cash_fen)),
        ("差异 Variance", format_fen(shift.variance_fen or 0)),
        ("审批 Approved by", shift.approver_name or "—"),
    )))
    sections.append(ReportSection("点钞 Count", tuple(
        (format_fen(denomination), f"× {pieces} = {format_fen(denomination * pieces)}")
        for denomination, pieces in sorted(shift.counts.items(), reverse=True) if pieces)
        or (("无现金 No cash", ""),)))
    return TextReport(z_report_no(station_code, shift.z_no), "Z报表 交班报表", station_name,
                      station_code, printed_at, tuple(sections), footer="班次已结束 Shift closed")
