"""The reports' words: the figures of `services.reports` as sections, tables and paper, in one
language each.

A report prints or exports in one language, never two side by side: the screen, CSV and PDF
in the language of the window they were saved from, the paper slip in the receipt language
(the reports desk chooses). Every output takes its labels from `_TEXTS` and its figures from
one list of rows, so they never disagree. In CSV files amounts are plain numbers (151.50) in
a column whose header names the currency: a spreadsheet adds them up, which it cannot do with
"￥151.50".
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo

from station_app.clock import STATION_ZONE, station_time
from station_app.devices.report import ReportSection, TextReport
from station_app.devices.sale_receipt import PaymentMethod, sale_label
from station_app.money import format_fen
from station_app.paper_words import QT_TRANSLATE_NOOP, PaperText
from station_app.services.reports import PeriodReport, SalesFigures, TodayReport

_TEXTS: dict[str, PaperText] = {
    "today": QT_TRANSLATE_NOOP("paper: reports", "Today"),
    "day": QT_TRANSLATE_NOOP("paper: reports", "Day report"),
    "range": QT_TRANSLATE_NOOP("paper: reports", "Range report"),
    "orders": QT_TRANSLATE_NOOP("paper: reports", "Orders"),
    "due_today": QT_TRANSLATE_NOOP("paper: reports", "Due today"),
    "waiting": QT_TRANSLATE_NOOP("paper: reports", "Waiting"),
    "handed_over_today": QT_TRANSLATE_NOOP("paper: reports", "Handed over today"),
    "overdue": QT_TRANSLATE_NOOP("paper: reports", "Overdue"),
    "not_arrived": QT_TRANSLATE_NOOP("paper: reports", "Not arrived"),
    "per_hour": QT_TRANSLATE_NOOP("paper: reports", "Pickups per hour"),
    "sales_today": QT_TRANSLATE_NOOP("paper: reports", "Sales today"),
    "stock_alerts": QT_TRANSLATE_NOOP("paper: reports", "Stock alerts"),
    "none": QT_TRANSLATE_NOOP("paper: reports", "None"),
    "sync": QT_TRANSLATE_NOOP("paper: reports", "Sync"),
    "pending": QT_TRANSLATE_NOOP("paper: reports", "Waiting to send"),
    "oldest": QT_TRANSLATE_NOOP("paper: reports", "Oldest waiting"),
    "last_success": QT_TRANSLATE_NOOP("paper: reports", "Last success"),
    "attention": QT_TRANSLATE_NOOP("paper: reports", "Open attention items"),
    "handovers": QT_TRANSLATE_NOOP("paper: reports", "Handovers"),
    "orders_handed_over": QT_TRANSLATE_NOOP("paper: reports", "Orders handed over"),
    "lines_taken": QT_TRANSLATE_NOOP("paper: reports", "Lines taken"),
    "lines_not_taken": QT_TRANSLATE_NOOP("paper: reports", "Lines not taken"),
    "receiving": QT_TRANSLATE_NOOP("paper: reports", "Receiving"),
    "manifests": QT_TRANSLATE_NOOP("paper: reports", "Manifests received"),
    "units_received": QT_TRANSLATE_NOOP("paper: reports", "Units received"),
    "units_damaged": QT_TRANSLATE_NOOP("paper: reports", "Units damaged"),
    "sales": QT_TRANSLATE_NOOP("paper: reports", "Sales"),
    "stock_after_sales": QT_TRANSLATE_NOOP("paper: reports", "Stock and after-sales"),
    "adjustments": QT_TRANSLATE_NOOP("paper: reports", "Count adjustments"),
    "units_adjusted": QT_TRANSLATE_NOOP("paper: reports", "Units adjusted"),
    "return_shipments": QT_TRANSLATE_NOOP("paper: reports", "Return shipments"),
    "units_returned": QT_TRANSLATE_NOOP("paper: reports", "Units returned"),
    "refund_requests": QT_TRANSLATE_NOOP("paper: reports", "Refund requests"),
    "staff": QT_TRANSLATE_NOOP("paper: reports", "Staff"),
    "staff_row": QT_TRANSLATE_NOOP("paper: reports", "Handovers %1 · sales %2 %3 · refunds %4"),
    "sale_count": QT_TRANSLATE_NOOP("paper: reports", "Sales", "number of sales"),
    "sales_total": QT_TRANSLATE_NOOP("paper: reports", "Sales total"),
    "refund_count": QT_TRANSLATE_NOOP("paper: reports", "Refunds"),
    "refunds_total": QT_TRANSLATE_NOOP("paper: reports", "Refunds total"),
    "refund_by": QT_TRANSLATE_NOOP("paper: reports", "Refunds: %1"),
    "net": QT_TRANSLATE_NOOP("paper: reports", "Net"),
    "section": QT_TRANSLATE_NOOP("paper: reports", "Section"),
    "item": QT_TRANSLATE_NOOP("paper: reports", "Item"),
    "value": QT_TRANSLATE_NOOP("paper: reports", "Value"),
    "amount": QT_TRANSLATE_NOOP("paper: reports", "Amount (CNY)"),
    "manifests_column": QT_TRANSLATE_NOOP("paper: reports", "Manifests"),
    "money_column": QT_TRANSLATE_NOOP("paper: reports", "%1 (CNY)"),
}

# One figure: its label, its text on screen and paper, and its fen when it is money.
_Row = tuple[str, str, int | None]


def _t(key: str, language: str, *arguments: object) -> str:
    return _TEXTS[key].in_language(language, *arguments)


def _money(label: str, fen: int) -> _Row:
    return label, format_fen(fen), fen


def _count(label: str, value: int | str) -> _Row:
    return label, str(value), None


def _sales_rows(sales: SalesFigures, language: str) -> list[_Row]:
    def t(key: str) -> str:
        return _t(key, language)

    rows = [_count(t("sale_count"), sales.sales), _money(t("sales_total"), sales.sales_fen)]
    rows += [_money(sale_label(PaymentMethod(m), language), fen) for m, fen in sales.by_method]
    rows += [_count(t("refund_count"), sales.refunds),
             _money(t("refunds_total"), sales.refunds_fen)]
    rows += [_money(_t("refund_by", language, sale_label(PaymentMethod(m), language)), fen)
             for m, fen in sales.refunds_by_method if fen]
    rows.append(_money(t("net"), sales.net_fen))
    return rows


def _figures(report: TodayReport | PeriodReport, language: str, zone: tzinfo
             ) -> list[tuple[str, list[_Row]]]:
    """(heading, rows) of every section: the one source of every output."""
    def t(key: str) -> str:
        return _t(key, language)

    if isinstance(report, TodayReport):
        sync = report.sync
        oldest = "-" if sync.oldest_pending_at is None \
            else sync.oldest_pending_at.astimezone(zone).strftime("%m-%d %H:%M")
        last = "-" if sync.last_success_at is None \
            else sync.last_success_at.astimezone(zone).strftime("%m-%d %H:%M")
        alerts = [_count(f"{a.name} {a.sku}", f"{a.book} / {a.low_level}"
                         if a.low_level is not None else str(a.book))
                  for a in report.below_zero + report.low_stock]
        return [
            (t("orders"), [_count(t("due_today"), report.due_today),
                           _count(t("waiting"), report.waiting),
                           _count(t("handed_over_today"), report.handed_over),
                           _count(t("overdue"), report.overdue),
                           _count(t("not_arrived"), report.not_arrived)]),
            (t("per_hour"), [_count(f"{hour:02d}:00", n)
                             for hour, n in enumerate(report.pickups_per_hour) if n]),
            (t("sales_today"), _sales_rows(report.sales, language)),
            (t("stock_alerts"), alerts or [_count(t("none"), "-")]),
            (t("sync"), [_count(t("pending"), sync.pending), _count(t("oldest"), oldest),
                         _count(t("last_success"), last),
                         _count(t("attention"), sync.open_attention)]),
        ]
    return [
        (t("handovers"), [_count(t("orders_handed_over"), report.handovers),
                          _count(t("lines_taken"), report.lines_taken),
                          _count(t("lines_not_taken"), report.lines_not_taken)]),
        (t("receiving"), [_count(t("manifests"), report.manifests_received),
                          _count(t("units_received"), report.units_received),
                          _count(t("units_damaged"), report.units_damaged)]),
        (t("sales"), _sales_rows(report.sales, language)),
        (t("stock_after_sales"), [
            _count(t("adjustments"), report.adjustments),
            _count(t("units_adjusted"), f"{report.adjustment_units:+d}"),
            _count(t("return_shipments"), report.return_shipments),
            _count(t("units_returned"), report.return_units),
            _count(t("refund_requests"), report.refund_requests)]),
        (t("staff"), [_count(s.name, _t(
            "staff_row", language, s.handovers, s.sales, format_fen(s.sales_fen), s.refunds))
            for s in report.staff]),
    ]


def period_label(report: PeriodReport) -> str:
    return report.first.isoformat() if report.single_day \
        else f"{report.first.isoformat()} – {report.last.isoformat()}"


def as_sections(report: TodayReport | PeriodReport, language: str = "zh_CN",
                zone: tzinfo = STATION_ZONE) -> tuple[ReportSection, ...]:
    """The report as titled label/value sections (screen and paper)."""
    return tuple(ReportSection(heading, tuple((label, text) for label, text, _fen in rows))
                 for heading, rows in _figures(report, language, zone))


def as_table(report: TodayReport | PeriodReport, language: str = "zh_CN"
             ) -> tuple[list[str], list[list[str]]]:
    """(headers, rows) for the screen table and the PDF: one row per figure."""
    return ([_t("section", language), _t("item", language), _t("value", language)],
            [[section.heading, label, value] for section in as_sections(report, language)
             for label, value in section.rows])


def csv_table(report: TodayReport | PeriodReport, language: str = "zh_CN"
              ) -> tuple[list[str], list[list[str]]]:
    """(headers, rows) for CSV: counts in the value column, amounts as plain numbers in the
    amount column (its header names the currency). The staff follow in `staff_csv_table`."""
    headers = [_t("section", language), _t("item", language), _t("value", language),
               _t("amount", language)]
    staff = _t("staff", language)
    return headers, [
        [heading, label, "" if fen is not None else text,
         "" if fen is None else format_fen(fen, symbol="")]
        for heading, rows in _figures(report, language, STATION_ZONE) if heading != staff
        for label, text, fen in rows]


def _staff_headers(language: str, money: bool) -> list[str]:
    def t(key: str) -> str:
        return _t(key, language)

    def amount(key: str) -> str:
        return _t("money_column", language, t(key)) if money else t(key)

    return [t("staff"), t("handovers"), t("sale_count"), amount("sales_total"),
            t("refund_count"), amount("refunds_total"), t("manifests_column")]


def staff_table(report: PeriodReport, language: str = "zh_CN"
                ) -> tuple[list[str], list[list[str]]]:
    """(headers, rows) of the per-staff figures, for the screen and the PDF."""
    return _staff_headers(language, money=False), [
        [s.name, str(s.handovers), str(s.sales), format_fen(s.sales_fen), str(s.refunds),
         format_fen(s.refunds_fen), str(s.manifests_received)] for s in report.staff]


def staff_csv_table(report: PeriodReport, language: str = "zh_CN"
                    ) -> tuple[list[str], list[list[str]]]:
    """The per-staff figures for CSV: amounts as plain numbers, the currency in the header."""
    return _staff_headers(language, money=True), [
        [s.name, str(s.handovers), str(s.sales), format_fen(s.sales_fen, symbol=""),
         str(s.refunds), format_fen(s.refunds_fen, symbol=""), str(s.manifests_received)]
        for s in report.staff]


def report_title(report: TodayReport | PeriodReport, language: str = "zh_CN") -> str:
    if isinstance(report, TodayReport):
        return f"{_t('today', language)} {report.day.isoformat()}"
    kind = _t("day" if report.single_day else "range", language)
    return f"{kind} {period_label(report)}"


def report_no(report: TodayReport | PeriodReport) -> str:
    """The print journal's reference: one per report kind and period (reprints share it)."""
    if isinstance(report, TodayReport):
        return f"RPT-{report.station_id}-{report.day:%Y%m%d}-{station_time(report.at):%H%M%S}"
    return f"RPT-{report.station_id}-{report.first:%Y%m%d}-{report.last:%Y%m%d}"


def as_text_report(report: TodayReport | PeriodReport, language: str = "zh_CN",
                   sections: Sequence[ReportSection] | None = None) -> TextReport:
    """The report for the thermal printer (journal it with PrintJournal.queue_report)."""
    return TextReport(report_no(report), report_title(report, language), report.station_name,
                      report.station_id, report.at,
                      tuple(sections) if sections is not None
                      else as_sections(report, language))
