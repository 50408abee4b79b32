"""Reports to files: CSV for Excel and A4 PDF for e-mail and filing.

Both take the (headers, rows) the screen shows (`station_app.services.report_sheets`), so a
file never says something the screen did not; CSV gets the amounts as plain numbers
(`csv_table`), which a spreadsheet can add. The PDF goes through Qt's own text layout
with the app's Chinese font families, so it needs a QGuiApplication (the counter always has one).
"""

from __future__ import annotations

import csv
import html
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from ui.resources import FONT_FAMILIES

Table = tuple[Sequence[str], Sequence[Sequence[str]]]


def export_csv(path: Path, tables: Sequence[tuple[str, Table]]) -> Path:
    """Write titled tables one after another, a blank row between them. UTF-8 with a BOM: Excel
    on a Chinese Windows opens it as UTF-8 only with the BOM (otherwise it guesses GBK)."""
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        for index, (title, (headers, rows)) in enumerate(tables):
            if index:
                writer.writerow([])
            writer.writerow([title])
            writer.writerow(list(headers))
            writer.writerows(list(row) for row in rows)
    return path


def report_html(title: str, subtitle: str, tables: Sequence[tuple[str, Table]]) -> str:
    """The HTML the PDF is laid out from (also what tests read: Qt's PDF text is compressed)."""
    parts = [f"<h2>{html.escape(title)}</h2>", f"<p>{html.escape(subtitle)}</p>"]
    for heading, (headers, rows) in tables:
        parts.append(f"<h3>{html.escape(heading)}</h3>")
        parts.append('<table border="1" cellspacing="0" cellpadding="4" width="100%">')
        parts.append("<tr>" + "".join(f"<th align='left'>{html.escape(h)}</th>"
                                      for h in headers) + "</tr>")
        for row in rows:
            parts.append("<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row)
                         + "</tr>")
        parts.append("</table>")
    return "\n".join(parts)


def export_pdf(path: Path, title: str, subtitle: str, tables: Sequence[tuple[str, Table]]
               ) -> Path:
    """Write an A4 portrait PDF of the titled tables, in the app's Chinese font."""
    writer = QPdfWriter(str(path))
    writer.setTitle(title)
    writer.setCreator("station counter")
    writer.setResolution(300)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait,
                                     QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
    document = QTextDocument()
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSize(10)
    document.setDefaultFont(font)
    document.setHtml(report_html(title, subtitle, tables))
    # No page size of our own: print_() then lays the text out for the writer's resolution,
    # so 10 pt is 10 pt on paper.
    document.print_(writer)
    return path
