"""Screenshots of the reports desk on a demo station with a day of sales behind it.

    QT_QPA_PLATFORM=offscreen python scripts/report_screenshots.py docs/screenshots [zh_CN|en]

The clock is fixed at 18:30 China time so the demo's morning handovers and the sales below all
fall on one business day. Until the desk's strings are in resources/translations, the Chinese
texts come from PENDING_ZH (what the lead puts into the .ts file).
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer, QTranslator
from PySide6.QtTest import QTest

from station_app.counter import open_counter
from station_app.demo_data import CATALOGUE
from station_app.services.sales import Cart, CartLine, Payment, Sales
from station_app.services.shifts import Shifts
from station_app.storage.models import CatalogueItem
from ui.app import create_application
from ui.desks.reports_desk import ReportsDesk
from ui.main_window import CounterWindow
from ui.resources import resources_dir

NOW = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)  # 18:30 in China

PENDING_ZH = {
    "Today (Ctrl+1)": "今日 (Ctrl+1)", "Day / range (Ctrl+2)": "日/期间 (Ctrl+2)",
    "Staff (Ctrl+3)": "员工 (Ctrl+3)", "Refresh (Ctrl+R)": "刷新 (Ctrl+R)",
    "Save CSV (Ctrl+E)": "导出 CSV (Ctrl+E)", "Save PDF (Ctrl+D)": "导出 PDF (Ctrl+D)",
    "Print (Ctrl+P)": "打印 (Ctrl+P)", "Due today": "今日到期", "Waiting on the shelf": "待提货",
    "Handed over today": "今日已提货", "Overdue": "滞留", "Not arrived": "待到货",
    "Sales today": "今日销售额", "Refunds today": "今日退款", "Stock alerts": "库存预警",
    "Waiting to send": "待上传", "Pickups per hour": "每小时取件", "Pickups": "取件",
    "From": "从", "to": "至", "Section": "分类", "Item": "项目", "Value": "数值",
    "Report figures": "报表数据", "Staff": "员工", "Handovers": "取件", "Sales": "销售笔数",
    "Sales total": "销售额", "Refunds": "退款笔数", "Refunds total": "退款额",
    "Manifests received": "收货单", "Figures per staff": "员工数据", "Reports": "报表",
    "Type a day (2026-11-20) or two days for a range, and press Enter":
        "输入日期 (2026-11-20) 或两个日期查期间，按回车",
    "%1 sales · %2 refunds · net %3": "销售 %1 笔 · 退款 %2 笔 · 净额 %3",
    "Stock alerts: %1": "库存预警：%1",
    "Sync: %1 waiting to send, last success %2, %3 open attention items":
        "同步：待上传 %1 条，上次成功 %2，待处理事项 %3 项",
    "Staff figures %1": "员工数据 %1", "Figures": "汇总", "Report saved": "报表已保存",
    "Printing %1": "正在打印 %1", "Take the slip from the receipt printer.": "请从小票机取单。",
}


class PendingTranslations(QTranslator):
    """The station's .qm with the reports desk's pending texts on top."""

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str:
        if context in ("ReportsDesk", "Tile") and source in PENDING_ZH:
            return PENDING_ZH[source]
        return super().translate(context, source, disambiguation, n)  # null: ask the .qm


def settle(ms: int = 500) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def trade(counter: object) -> None:
    """A believable day of walk-in sales, one refund and a low and a negative stock line."""
    db = counter.db  # type: ignore[attr-defined]
    methods = ("cash", "wechat", "alipay", "wechat", "card", "cash", "alipay", "wechat")
    sold = []
    for staff in (1, 2):  # cash goes into each cashier's drawer: their shifts are open
        Shifts(db, "XF01", lambda: NOW - timedelta(hours=10)).open(staff, 20_000)
    for n, (sku, _name, unit, price, _bc) in enumerate(CATALOGUE[3:19]):
        at = NOW - timedelta(hours=9) + timedelta(minutes=37 * n)
        method = methods[n % len(methods)]
        qty = 1 + n % 3
        payment = Payment("cash", cash_given_fen=price * qty) if method == "cash" \
            else Payment(method, reference=f"T{n:04d}{price}")
        done = Sales(db, "XF01", lambda at=at: at).sell(
            Cart((CartLine(sku, sku, unit, qty, price),)), 1 + n % 2, payment)
        sold.append((done.sale.sale_no, sku))
    Sales(db, "XF01", lambda: NOW - timedelta(hours=1)).refund(
        sold[2][0], {sold[2][1]: 1}, 1, 2, "包装破损 damaged")
    with db.writing() as session:
        item = session.get(CatalogueItem, CATALOGUE[4][0])
        if item is not None:
            item.low_stock_level = 99


def main(out: Path, language: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = create_application(language)
    if language == "zh_CN":
        translator = PendingTranslations(app)
        translator.load(str(resources_dir() / "translations" / "station_zh_CN.qm"))
        QCoreApplication.installTranslator(translator)
    with tempfile.TemporaryDirectory() as data:
        counter = open_counter(Path(data), demo=True, clock=lambda: NOW)
        trade(counter)
        window = CounterWindow(counter, desks=[("reports", ReportsDesk)])
        window.resize(1366, 768)
        window.show()
        window.start()
        settle()
        window.show_desk("reports")
        settle(800)
        window.grab().save(str(out / f"reports-today-{language}.png"))
        QTest.keyClick(window.scan_box, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
        day = NOW.date()
        QTest.keyClicks(window.scan_box, f"{day - timedelta(days=1)} {day}")
        QTest.keyClick(window.scan_box, Qt.Key.Key_Return)
        settle(800)
        window.grab().save(str(out / f"reports-range-{language}.png"))
        window.close()
        counter.close()


if __name__ == "__main__":
    for lang in sys.argv[2:] or ["zh_CN"]:
        main(Path(sys.argv[1]), lang)
