"""Qt's own dialogs (the file dialog of the reports desk and the receiving import) speak the
window's language: Qt's Chinese catalogue is loaded, and the labels it lacks are filled."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog

from tests.gui.conftest import Driver
from tests.gui.language_check import wrong_language


def test_the_file_dialog_is_chinese_in_a_chinese_window(qtbot: Any, open_window: Driver,
                                                       tmp_path: Path) -> None:
    window = open_window("zh_CN")
    for mode in (QFileDialog.AcceptMode.AcceptSave, QFileDialog.AcceptMode.AcceptOpen):
        title = QCoreApplication.translate("ReportsDesk", "Save report")  # as the desk asks
        dialog = QFileDialog(window, title, str(tmp_path), "CSV (*.csv)")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setAcceptMode(mode)
        qtbot.addWidget(dialog)
        dialog.show()
        assert wrong_language(dialog, "zh_CN") == []
        dialog.close()
