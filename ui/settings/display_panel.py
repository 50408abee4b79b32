"""Display and language: the window's language, the receipts' language, and (in settings) large
type, high contrast, how loud the scan sounds are, whether the counter speaks, and the
customer display facing the resident."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QListWidget,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from station_app.config import Settings, setting_spec
from ui.language_change import Retranslated
from ui.settings.forms import labelled
from ui.sounds import Sounds

# The volume slider moves in hundredths; its ends are sound_volume's declared range (0-1).
VOLUME = setting_spec("sound_volume")
VOLUME_STEPS = 100

# The customer display's modes, as declared with the setting.
DISPLAY_MODES = setting_spec("customer_display").choices

# Each language named in itself: whoever cannot read the current one still finds theirs.
LANGUAGE_NAMES = (("zh_CN", "简体中文"), ("en", "English"))


class DisplayPanel(Retranslated, QWidget):
    language_chosen = Signal(str)  # the window language picked (the wizard switches at once)

    def __init__(self, settings: Settings, full: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self.language = QListWidget()
        self.language.setObjectName("languageList")
        for code, name in LANGUAGE_NAMES:
            self.language.addItem(name)
            self.language.item(self.language.count() - 1).setData(
                Qt.ItemDataRole.UserRole, code)
        self.language.setCurrentRow([code for code, _ in LANGUAGE_NAMES].index(
            settings.language))
        self.language.setFixedHeight(96)
        self.language.currentRowChanged.connect(
            lambda row: self.language_chosen.emit(LANGUAGE_NAMES[row][0]))
        self.receipt_language = QComboBox()
        for code, name in LANGUAGE_NAMES:
            self.receipt_language.addItem(name, code)
        self.receipt_language.setCurrentIndex(self.receipt_language.findData(
            settings.receipt_language))
        self.large_font = QCheckBox()
        self.large_font.setChecked(settings.large_font)
        self.high_contrast = QCheckBox()
        self.high_contrast.setChecked(settings.high_contrast)
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(round((VOLUME.low or 0) * VOLUME_STEPS),
                             round((VOLUME.high or 1) * VOLUME_STEPS))
        self.volume.setPageStep(VOLUME_STEPS // 10)
        self.volume.setValue(round(settings.sound_volume * VOLUME_STEPS))
        self.sound_button = QPushButton()
        self.sound_button.setAutoDefault(False)
        self._sounds = Sounds(settings.sound_volume, self)
        self.sound_button.clicked.connect(self.test_sound)
        volume = QHBoxLayout()
        volume.addWidget(self.volume, 1)
        volume.addWidget(self.sound_button)
        self._resident_controls(settings)

        form = QFormLayout()
        self.labels = [labelled(form, self.language), labelled(form, self.receipt_language)]
        if full:
            form.addRow(self.large_font)
            form.addRow(self.high_contrast)
            self.labels.append(labelled(form, volume))
            form.addRow(self.voice)
            self.labels.append(labelled(form, self.customer_display))
        else:
            for widget in (self.large_font, self.high_contrast, self.sound_button, self.volume,
                           self.voice, self.customer_display):
                widget.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addStretch(1)
        self.retranslate()

    def _resident_controls(self, settings: Settings) -> None:
        """Whether the counter speaks, and the customer display's mode."""
        self.voice = QCheckBox()
        self.voice.setChecked(settings.voice)
        self.customer_display = QComboBox()
        for mode in DISPLAY_MODES:
            self.customer_display.addItem("", mode)
        self.customer_display.setCurrentIndex(max(0, self.customer_display.findData(
            settings.customer_display)))

    def retranslate(self) -> None:
        texts = (self.tr("Window language"), self.tr("Receipt language"),
                 self.tr("Sound volume"), self.tr("Customer display"))
        for label, text in zip(self.labels, texts, strict=False):
            label.setText(text)
        self.language.setAccessibleName(self.tr("Window language"))
        self.language.setAccessibleDescription(self.tr("The counter window switches to the "
                                                       "chosen language when saved."))
        self.receipt_language.setAccessibleName(self.tr("Receipt language"))
        self.large_font.setText(self.tr("Large type"))
        self.large_font.setAccessibleName(self.tr("Large type"))
        self.high_contrast.setText(self.tr("High contrast"))
        self.high_contrast.setAccessibleName(self.tr("High contrast"))
        self.volume.setAccessibleName(self.tr("Sound volume"))
        self.sound_button.setText(self.tr("Test sound"))
        self.sound_button.setAccessibleName(self.tr("Test sound"))
        self.voice.setText(self.tr("Say slots and handovers aloud"))
        self.voice.setAccessibleName(self.tr("Say slots and handovers aloud"))
        names = {"off": self.tr("Off"), "second_screen": self.tr("On the second screen"),
                 "window": self.tr("In a window (to try it on one screen)")}
        for index, mode in enumerate(DISPLAY_MODES):
            self.customer_display.setItemText(index, names[mode])
        self.customer_display.setAccessibleName(self.tr("Customer display"))

    def focus_first(self) -> None:
        self.language.setFocus()

    def test_sound(self) -> None:
        self._sounds.set_volume(self.volume.value() / VOLUME_STEPS)
        self._sounds.play("ok")

    def chosen(self, settings: Settings) -> Settings:
        """`settings` with the choices on screen."""
        row = max(0, self.language.currentRow())
        return replace(settings, language=LANGUAGE_NAMES[row][0],
                       receipt_language=str(self.receipt_language.currentData()),
                       large_font=self.large_font.isChecked(),
                       high_contrast=self.high_contrast.isChecked(),
                       sound_volume=self.volume.value() / VOLUME_STEPS,
                       voice=self.voice.isChecked(),
                       customer_display=str(self.customer_display.currentData()))
