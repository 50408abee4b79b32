"""What every first-run step shares: its title, retranslation, focus and the way it is left."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLayout, QVBoxLayout, QWidget

from station_app.config import Settings
from station_app.setup.first_run import LocalStation
from station_app.storage.database import Database
from sync.client.service import SyncService
from ui.language_change import Retranslated
from ui.sign_in import Runner


@dataclass
class SetupState:
    """What the wizard has set up so far; the pages read and fill it."""

    root: Path
    db: Database
    run: Runner  # the set-up's database lane
    make_service: Callable[[], SyncService]
    settings: Settings
    station: LocalStation | None = None
    manager_name: str = ""  # the manager added in this set-up
    # Managers a replacement PC took over from head office, waiting to set their PIN here.
    taken_over_managers: tuple[str, ...] = ()


class SetupPage(Retranslated, QWidget):
    """One step. Subclasses build their widgets, then call `retranslate()` themselves (it runs
    again on each language change)."""

    skippable = False
    refused = Signal()  # `leave` stayed on the page: its message says why

    def __init__(self, state: SetupState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state

    def title(self) -> str:
        raise NotImplementedError

    def stack_up(self, *parts: QWidget | QLayout, fill: bool = False) -> None:
        """Lay the page out top to bottom; the last part takes the free height when `fill`,
        else the parts stay at the top."""
        layout = QVBoxLayout(self)
        for part in parts:
            stretch = 1 if fill and part is parts[-1] else 0
            if isinstance(part, QLayout):
                layout.addLayout(part, stretch)
            else:
                layout.addWidget(part, stretch)
        if not fill:
            layout.addStretch(1)

    def entered(self) -> None:
        """The page came on screen: focus its first field."""

    def leave(self, go: Callable[[], None]) -> None:
        """Next: check and save this step, then call `go` (or show why not and stay)."""
        go()

    def skip(self) -> None:
        """Skip (only on skippable pages): what skipping means for the settings."""

    def summary(self) -> str:
        """One line for the last page."""
        return ""

    def stop(self) -> None:
        """The wizard closes: stop cameras and searches."""
