"""Loading the window's language: our `.qm` plus Qt's own (dialog buttons and the like).

Switching at run time only installs the new translators: Qt then sends `LanguageChange` to
every widget, and each one writes its texts again from their sources in its `retranslate()`
(ui/language_change.py), what it shows as a result included. Nothing on screen is rebuilt, and
nothing is translated back from what is painted.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from ui.resources import resources_dir

log = logging.getLogger("station.ui.i18n")


_installed: list[QTranslator] = []
_language = ["en"]  # what the translators installed now speak (English: none of ours)

# Labels Qt's own catalogue leaves untranslated (qtbase_zh_CN of Qt 6.x): the file dialog of
# the reports desk and the receiving import showed them in English in a Chinese window.
QT_CATALOGUE_GAPS: dict[str, dict[tuple[str, str], str]] = {
    "zh_CN": {("QFileDialog", "&Look in:"): "查找范围(&L)：",
              ("QFileDialog", "Files of &type:"): "文件类型(&T)："},
}


class QtCatalogueGaps(QTranslator):
    """Answers only what Qt's own translation lacks; installed first, so asked last."""

    def __init__(self, texts: dict[tuple[str, str], str], parent: QApplication) -> None:
        super().__init__(parent)
        self._texts = texts

    def translate(self, context: str, source_text: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        return self._texts.get((context, source_text))  # None: not ours, ask on

    def isEmpty(self) -> bool:
        return not self._texts


def current_language() -> str:
    return _language[0]


def install_language(app: QApplication, language: str) -> list[QTranslator]:
    """Switch to `language` ("zh_CN" or "en"); English is the source text (its .qm holds only
    plural forms).

    Replaces the translators installed before, so the language can change at run time.
    """
    while _installed:
        old = _installed.pop()
        app.removeTranslator(old)
        old.deleteLater()  # a child of the app: each language switch would leave one behind
    QLocale.setDefault(QLocale(language))
    installed = _installed
    if language in QT_CATALOGUE_GAPS:  # installed first: the translators below answer first
        gaps = QtCatalogueGaps(QT_CATALOGUE_GAPS[language], app)
        app.installTranslator(gaps)
        installed.append(gaps)
    ours = QTranslator(app)
    path = resources_dir() / "translations" / f"station_{language}.qm"
    if ours.load(str(path)):
        app.installTranslator(ours)
        installed.append(ours)
    else:
        log.error("translation %s is missing: run: python scripts/translations.py build", path)
    qt = QTranslator(app)
    if language != "en" and qt.load(QLocale(language), "qtbase", "_",
               QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        installed.append(qt)
    _language[0] = language
    return installed


def switch_language(app: QApplication, language: str) -> str:
    """Install `language` and show every open window in it, keeping everything they hold.
    Returns the language shown before."""
    old = current_language()
    if language == old:
        return old
    install_language(app, language)
    # Qt posted LanguageChange to every window; deliver it now, so that the switch is done
    # (every widget's `retranslate()` has run) when this returns.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
    log.info("language switched from %s to %s", old, language)
    return old
