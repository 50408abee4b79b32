"""Short sounds for scans: staff hear the result while looking at the resident, not the screen.

QtMultimedia comes from pyside6-addons and needs the system's sound libraries; a counter
without them (or without a sound card) works silently rather than failing.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QUrl

from ui.resources import resources_dir

log = logging.getLogger("station.ui.sounds")

try:
    from PySide6 import QtMultimedia
except ImportError as error:  # pragma: no cover - depends on the machine's libraries
    QtMultimedia = None  # type: ignore[assignment]
    log.warning("sounds are off: %s", error)

# None when the machine's QtMultimedia does not load: the counter is silent, never broken.
SOUND_EFFECT = None if QtMultimedia is None else QtMultimedia.QSoundEffect


class Sounds(QObject):
    def __init__(self, volume: float = 0.8, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._effects = {}
        self.volume = volume
        self.played: list[str] = []  # what was asked to play, for tests and diagnostics
        if SOUND_EFFECT is None:
            return
        for name in ("ok", "stop"):
            effect = SOUND_EFFECT(self)
            effect.setSource(QUrl.fromLocalFile(str(resources_dir() / "sounds" / f"{name}.wav")))
            effect.setVolume(volume)
            self._effects[name] = effect

    def set_volume(self, volume: float) -> None:
        """0 (silent) … 1; staff turn the scan sounds down in settings."""
        self.volume = volume
        for effect in self._effects.values():
            effect.setVolume(volume)

    def play(self, name: str) -> None:
        self.played = [*self.played, name][-20:]
        effect = self._effects.get(name)
        if effect is not None and self.volume > 0:
            effect.play()
