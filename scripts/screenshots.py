"""Screenshots of the counter for the README and for looking at it as staff would.

    QT_QPA_PLATFORM=offscreen python scripts/screenshots.py docs/screenshots
Drives the real window on a fresh demo station: scans codes with the keyboard, confirms.
Then the F1 key list, and the main window in large type and in high contrast (1366×768, the
smallest counter screen: nothing may be cut off there).
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from station_app.config import Settings
from station_app.counter import open_counter
from ui.app import build_window, create_application
from ui.appearance import Appearance, apply_appearance


def settle(ms: int = 400) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main(out: Path, language: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    create_application(language)
    with tempfile.TemporaryDirectory() as data:
        counter = open_counter(Path(data), demo=True)
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        with counter.db.reading() as session:
            ready, overdue = (session.execute(text(
                "SELECT pickup_code FROM orders WHERE state='ready' AND station_id='XF01' "
                f"AND holding_deadline {op} :now ORDER BY id LIMIT 1"),
                {"now": now}).scalar_one() for op in (">", "<"))
        window = build_window(counter)
        window.resize(1366, 768)
        window.show()
        window.start()
        settle()

        def shot(name: str) -> None:
            settle()
            window.grab().save(str(out / f"{name}-{language}.png"))

        def scan(code: str) -> None:
            QTest.keyClicks(window.scan_box, code)
            QTest.keyClick(window.scan_box, Qt.Key.Key_Return)

        scan(ready)
        shot("order-ready")
        QTest.keyClick(window.scan_box, Qt.Key.Key_Down)
        QTest.keyClick(window.scan_box, Qt.Key.Key_Space)
        QTest.keyClick(window.scan_box, Qt.Key.Key_Return)
        shot("handed-over")
        scan(ready)
        shot("already-picked-up")
        scan("8888")
        shot("phone-tail")
        scan(overdue)
        shot("overdue")
        scan("hello; DROP TABLE")
        shot("not-a-code")

        # The other desks of the day, each one key away.
        with counter.db.reading() as session:
            manifest_no, carton = session.execute(text(
                "SELECT m.manifest_no, l.carton_code FROM manifest m JOIN manifest_line l "
                "ON l.manifest_id = m.id WHERE l.carton_code IS NOT NULL LIMIT 1")).one()
            handed_over = session.execute(text(
                "SELECT o.order_no FROM orders o JOIN refund_request r "
                "ON r.order_no = o.order_no ORDER BY r.id LIMIT 1")).scalar_one()
        window.show_desk("receiving")
        scan(manifest_no)
        scan(carton)
        scan("6901234500017")
        shot("receiving")
        QTest.keyClick(window.scan_box, Qt.Key.Key_Escape)
        window.show_desk("sales")
        for code in ("6901234500017", "6901234500017", "6901234500093"):
            scan(code)
        shot("sales")
        QTest.keyClick(window.scan_box, Qt.Key.Key_Return)
        QTest.keyClicks(window.scan_box, "100")
        shot("sales-payment")
        QTest.keyClick(window.scan_box, Qt.Key.Key_Escape)
        QTest.keyClick(window.scan_box, Qt.Key.Key_Escape)
        QTest.keyClick(window.scan_box, Qt.Key.Key_Escape)
        window.show_desk("shift")
        QTest.keyClick(window.scan_box, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
        settle()
        scan("500")
        shot("shift")
        window.show_desk("returns")
        scan(handed_over)
        shot("returns")
        window.show_desk("overdue")
        shot("overdue-list")
        window.show_desk("stock")
        shot("stock")
        window.show_desk("count")
        QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        settle()
        for code in ("6901234500017", "6901234500017", "6901234500024"):
            scan(code)
        shot("count")
        window.show_desk("reports")
        shot("reports")
        window.show_desk("sorting")
        for code in ("6901234500017", "6901234500017"):
            scan(code)
        shot("sorting")
        with counter.db.reading() as session:
            bag = session.execute(text(
                "SELECT o.order_no FROM orders o JOIN order_line l ON l.order_id = o.id "
                "WHERE o.state = 'ready' AND o.sorted_at IS NULL AND o.station_id = 'XF01' "
                "GROUP BY o.id HAVING count(*) > 2 ORDER BY o.slot LIMIT 1")).scalar_one()
            first = session.execute(text(
                "SELECT c.barcode FROM order_line l JOIN orders o ON o.id = l.order_id JOIN "
                "catalogue_item c ON c.sku = l.sku WHERE o.order_no = :no ORDER BY l.line_no "
                "LIMIT 1"), {"no": bag}).scalar_one()
        scan(bag)
        scan(first)
        shot("sorting-bag")
        QTest.keyClick(window.scan_box, Qt.Key.Key_Escape)
        window.show_desk("sales")
        keys = window.show_keys()
        settle()
        keys.grab().save(str(out / f"keys-help-sales-{language}.png"))
        keys.close()
        window.close()
        counter.close()


def appearance_shots(out: Path, language: str) -> None:
    """The handover with an order, the sales desk with a cart and the reports desk, in large
    type and in high contrast: the modes staff switch on in settings."""
    for name, look in (("large-font", Appearance(large_font=True)),
                       ("high-contrast", Appearance(high_contrast=True)),
                       ("large-font-high-contrast", Appearance(True, True))):
        create_application(language)
        with tempfile.TemporaryDirectory() as data:
            counter = open_counter(Path(data), demo=True)
            with counter.db.reading() as session:
                ready = session.execute(text(
                    "SELECT pickup_code FROM orders WHERE state='ready' AND station_id='XF01' "
                    "ORDER BY id LIMIT 1")).scalar_one()
            window = build_window(counter)
            window.resize(1366, 768)
            window.show()
            window.start()
            # As the settings switch it on: at run time, on the open window.
            window.apply_display(replace(counter.settings, language=language,
                                         large_font=look.large_font,
                                         high_contrast=look.high_contrast))
            settle()
            QTest.keyClicks(window.scan_box, ready)
            QTest.keyClick(window.scan_box, Qt.Key.Key_Return)
            settle(600)
            window.grab().save(str(out / f"{name}-{language}.png"))
            window.show_desk("sales")
            for code in ("6901234500017", "6901234500017", "6901234500093"):
                QTest.keyClicks(window.scan_box, code)
                QTest.keyClick(window.scan_box, Qt.Key.Key_Return)
            settle(600)
            window.grab().save(str(out / f"{name}-sales-{language}.png"))
            window.show_desk("reports")  # the most crowded desk: tiles, chart, tables
            settle(1500)
            window.grab().save(str(out / f"{name}-reports-{language}.png"))
            window.close()
            counter.close()
        apply_appearance(QApplication.instance(), Settings())  # type: ignore[arg-type]


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    for lang in sys.argv[2:] or ["zh_CN", "en"]:
        main(target, lang)
        appearance_shots(target, lang)
