"""The receiving desk's count editor: one manifest line's good and damaged units, its note and
its discrepancy reason (差异: short, damaged, extra…), under the table of lines.

Staff reach a field with Ctrl+T, Ctrl+D or Ctrl+N; Enter in any of them asks the desk to save
the line (`entered`), Esc drops what was typed (the desk fills the line in again). Translated
with Qt Linguist (context LineEditor).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QWidget

from station_app.services.receiving import LineCount
from ui.language_change import Retranslated


class LineEditor(Retranslated, QWidget):
    # Enter in a count or note field: the desk saves the selected line.
    entered = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.count_field = self._field("countField")
        self.damaged_field = self._field("damagedField")
        self.note_field = self._field("noteField", digits=False)
        self.reason_label = QLabel()
        self.reason_label.setObjectName("reasonLabel")
        self._line: LineCount | None = None  # the line filled in, its reason worded
        self.captions = (QLabel(), QLabel(), QLabel())  # beside count, damaged and note
        fields = QGridLayout(self)
        fields.setContentsMargins(0, 0, 0, 0)
        fields.addWidget(self.captions[0], 0, 0)
        fields.addWidget(self.count_field, 0, 1)
        fields.addWidget(self.captions[1], 0, 2)
        fields.addWidget(self.damaged_field, 0, 3)
        fields.addWidget(self.captions[2], 1, 0)
        fields.addWidget(self.note_field, 1, 1, 1, 3)
        fields.addWidget(self.reason_label, 2, 0, 1, 4)
        self.retranslate()

    def retranslate(self) -> None:
        for caption, field, text, name in (
                (self.captions[0], self.count_field, self.tr("Received (Ctrl+T)"),
                 self.tr("Good units")),
                (self.captions[1], self.damaged_field, self.tr("Damaged (Ctrl+D)"),
                 self.tr("Damaged units")),
                (self.captions[2], self.note_field, self.tr("Note (Ctrl+N)"), self.tr("Note"))):
            caption.setText(text)
            field.setAccessibleName(name)
        if self._line is not None:
            self._show_reason(self._line)

    def _field(self, name: str, digits: bool = True) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName(name)
        field.setMaxLength(6 if digits else 200)
        field.setProperty("role", "entry")
        field.returnPressed.connect(self.entered)
        return field

    def editing(self) -> bool:
        """Staff are typing into one of the fields."""
        return any(field.hasFocus() for field in (self.count_field, self.damaged_field,
                                                  self.note_field))

    def edit(self, field: QLineEdit) -> None:
        field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        field.selectAll()

    def fill(self, line: LineCount) -> None:
        """The line as saved: what was typed and not saved is dropped."""
        self.count_field.setText(str(line.received))
        self.damaged_field.setText(str(line.damaged))
        self.note_field.setText(line.note or "")
        self._show_reason(line)

    def _show_reason(self, line: LineCount) -> None:
        self._line = line
        self.reason_label.setText(self.tr("Line %1 · reason: %2").replace(
            "%1", str(line.line_no)).replace("%2", self.reason_text(line.reason)))


    def counts(self) -> tuple[int, int]:
        """The good and damaged units typed (empty: 0). Raises ValueError when either is not a
        whole number."""
        return (int(self.count_field.text().strip() or "0"),
                int(self.damaged_field.text().strip() or "0"))

    def note(self) -> str:
        return self.note_field.text()

    def reason_text(self, reason: str | None) -> str:
        """A discrepancy reason code in the counter's words."""
        texts = {None: self.tr("none"), "short": self.tr("short"),
                 "damaged": self.tr("damaged"), "extra": self.tr("extra"),
                 "wrong_item": self.tr("wrong item"), "expired": self.tr("expired"),
                 "other": self.tr("other")}
        return texts.get(reason, reason or "")
