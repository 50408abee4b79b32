"""What every desk (receiving, stock, count, sales, returns, overdue) shares with the window.

The window owns the scan box, the banner, the camera and the workers; a desk owns its screen.
A scan from the box, the USB scanner or the camera goes to the desk on show. Keys the scan box
sees while it is empty (Enter, ↑ ↓, Space) go to the desk too, so a desk is worked from the
keyboard without leaving the scan box. Desks never touch the database on the GUI thread: they
submit work to `DeskContext.run` and get the result back on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from station_app.counter import Counter
from station_app.domain.scan_text import CodeKind
from ui.background import Lane
from ui.messages import Banner, Messages

T = TypeVar("T")


# Gets the approving manager's staff id once their PIN checked out, or None when cancelled.
Approved = Callable[[int | None], None]


@dataclass
class DeskContext:
    counter: Counter
    db_lane: Lane
    messages: Messages
    show_banner: Callable[[Banner], None]
    show_failure: Callable[[BaseException], None]  # storage faults and the like
    print_job: Callable[[int], None]  # after a service journaled a print job
    feedback: Callable[[bool], None]  # flash and sound: True good, False refused
    take_photo: Callable[[str], Path | None]  # camera still into data_dir/photos; None: no camera
    ask_manager: Callable[[str, Approved], object]  # a manager's PIN, then the callback

    # The cashier signed in now (the window sets it at each sign-in and switch); None before
    # any sign-in: the counter's start-up staff.
    cashier_id: int | None = None

    @property
    def staff_id(self) -> int:
        """Who is at the counter now: actions are recorded in their name."""
        return self.cashier_id if self.cashier_id is not None else self.counter.staff_id

    def run(self, work: Callable[[], T], done: Callable[[T], None],
            failed: Callable[[BaseException], None] | None = None) -> None:
        """Run `work` on the database lane; `done` (or `failed`) runs on the GUI thread."""
        self.db_lane.submit(work, done, failed or self.show_failure)


class Desk(QWidget):
    """A workflow screen. Subclasses set `title` (translated) and override what they need."""

    # After the desk shows a result: tests and benchmarks wait on it.
    shown = Signal()

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._watched_box: QLineEdit | None = None

    @property
    def title(self) -> str:
        raise NotImplementedError

    @property
    def scan_hint(self) -> str:
        """Placeholder of the scan box while this desk is on show."""
        return ""

    def activated(self) -> None:
        """The desk came on screen: refresh what it shows."""

    def scan(self, text: str) -> None:
        """A code from the scan box, the USB scanner or the camera."""

    def camera_codes(self) -> frozenset[CodeKind]:
        """The kinds of code this desk takes from the camera (none unless it asks): a
        resident's pickup QR held up at the counter must not land on a desk that never asked
        for it."""
        return frozenset()

    def enter(self) -> bool:
        """Enter in an empty scan box. Returns whether the desk used it."""
        return False

    def move(self, step: int) -> bool:
        """↑ (-1) or ↓ (+1) in the scan box. Returns whether the desk used it."""
        return False

    def space(self) -> bool:
        """Space in an empty scan box. Returns whether the desk used it."""
        return False

    def escape(self) -> None:
        """Esc: drop what is half done on screen (never what is saved)."""

    def accepts_camera(self) -> bool:
        """Whether a code the camera reads may act now (False while staff are mid-step)."""
        return True

    def done_showing(self, *_: Any) -> None:
        self.shown.emit()

    def watch_scan_box(self) -> QLineEdit | None:
        """Install this desk as an event filter on the window's scan box (once), for desks
        that use keys the window does not route (+ − Delete on the cart, Ctrl+X on a shift).
        Returns the box, or None before the desk is in a window."""
        box = self.window().findChild(QLineEdit, "scanBox")
        if not isinstance(box, QLineEdit):
            return None
        if box is not self._watched_box:
            box.installEventFilter(self)
            self._watched_box = box
        return box

    def refuse(self, banner: Banner) -> None:
        """Show why an action was refused (nothing was written), with the red flash."""
        self.context.show_banner(banner)
        self.context.feedback(False)
        self.shown.emit()

    def fail(self, error: BaseException) -> None:
        """A fault that is not a refusal (storage, printer…): the window says what to do."""
        self.context.show_failure(error)
        self.context.feedback(False)
        self.shown.emit()
