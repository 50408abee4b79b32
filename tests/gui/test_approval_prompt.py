"""The manager's PIN prompt keeps every amount it names whole, at any width the dialog takes."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QTextLayout, QTextOption

from station_app.counter import Counter
from station_app.services.staff import StaffAccounts
from ui.app import create_application
from ui.desks.approval import ManagerApproval

MANAGER = 2
JOINER = "\u2060"  # WORD JOINER: no line break here; drawn as nothing


def lines_at(text: str, font: Any, width: int) -> list[str]:
    """The lines a word-wrapped label draws `text` in (QLabel wraps plain text this way)."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        lines.append(text[line.textStart():line.textStart() + line.textLength()])
    layout.endLayout()
    return [line.replace(JOINER, "") for line in lines]


def test_an_amount_never_breaks_across_lines(qtbot: Any, counter: Counter) -> None:
    create_application("en")
    for what, amount in (("closing shift SH-XF01-20261125-01 with a difference: -￥12.50",
                          "-￥12.50"),
                         ("班次 SH-XF01-20261125-01 交班，差额 −￥1,012.50", "−￥1,012.50"),
                         ("a discount of ￥12.50", "￥12.50")):
        dialog = ManagerApproval(lambda: [(MANAGER, "陈建国")], what, None,
                                 staff=StaffAccounts(counter.db))
        qtbot.addWidget(dialog)
        text, font = dialog.prompt.text(), dialog.prompt.font()
        assert text.replace(JOINER, "").count(amount) == 1
        split = [width for width in range(60, 600, 2)
                 if not any(amount in line for line in lines_at(text, font, width))]
        assert split == [], (what, split[:5], lines_at(text, font, split[0]))
