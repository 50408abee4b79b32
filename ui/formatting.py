"""Dates, times and money as staff read them, in the language of the window.

Dates follow the language (QLocale, set by ui.i18n.install_language): 2026年11月25日 14:05 in
Chinese, 25 Nov 2026 14:05 in English. Money is yuan in both, written as on the receipt
(`￥12.50`, station_app.money) so screen and paper agree. Printed receipts keep their own
`receipt_language` layout in the core.

Times are on the station's clock (station_app.clock), never the PC's zone: the screen, the
receipt and the report say the same hour.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime, QTimeZone

from station_app.clock import station_time
from station_app.money import format_fen

# (date with year, date without year) per language; the time is 24-hour everywhere.
DATE_FORMATS = {"zh": ("yyyy年M月d日", "M月d日"), "en": ("d MMM yyyy", "d MMM")}


def money(fen: int) -> str:
    return format_fen(fen)


def _formats() -> tuple[str, str]:
    return DATE_FORMATS["zh" if QLocale().language() == QLocale.Language.Chinese else "en"]


def _local(moment: datetime) -> QDateTime:
    local = station_time(moment)
    return QDateTime(QDate(local.year, local.month, local.day),
                     QTime(local.hour, local.minute, local.second),
                     QTimeZone(int(local.utcoffset().total_seconds())  # type: ignore[union-attr]
                               ))


def day(value: date) -> str:
    """`2026年11月25日` / `25 Nov 2026`."""
    return QLocale().toString(QDate(value.year, value.month, value.day), _formats()[0])


def date_time(moment: datetime, seconds: bool = False) -> str:
    """`2026年11月25日 14:05` / `25 Nov 2026 14:05` on the station's clock."""
    clock = "HH:mm:ss" if seconds else "HH:mm"
    return QLocale().toString(_local(moment), f"{_formats()[0]} {clock}")


def short_date_time(moment: datetime) -> str:
    """This year's moments without the year: `11月25日 14:05` / `25 Nov 14:05`."""
    return QLocale().toString(_local(moment), f"{_formats()[1]} HH:mm")


def time_of_day(moment: datetime) -> str:
    """`14:05` on the station's clock."""
    return station_time(moment).strftime("%H:%M")
