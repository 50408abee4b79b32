"""What every desk (handover, receiving, sales, shift, returns, overdue, stock, count, reports)
shares with the window.

The window owns the scan box, the banner, the camera and the workers; a desk owns its screen.
A scan from the box, the USB scanner or the camera goes to the desk on show. Keys the scan box
sees while it is empty (Enter, ↑ ↓, Space) go to the desk too, so a desk is worked from the
keyboard without leaving the scan box. Desks never touch the database on the GUI thread: they
run the core's work with `Desk.operate` and get the result back on the GUI thread.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from station_app.counter import Counter
from station_app.domain.scan_text import CodeKind
from station_app.voice import Announcement
from ui.background import Lane
from ui.language_change import Retranslated
from ui.messages import Banner, Messages
from ui.resident_view import ResidentView

T = TypeVar("T")


# Gets the approving manager's staff id once their PIN checked out, or None when cancelled.
Approved = Callable[[int | None], None]
MIN_READABLE_S = 2.0  # a result on screen is not replaced by a camera read sooner than this


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
    reprint: Callable[[str], None]  # an order's handover receipt again
    paint_now: Callable[[], None]  # the banner painted now and the scan box focused

    # The cashier signed in now (the window sets it at each sign-in and switch); None before
    # any sign-in: the counter's start-up staff.
    cashier_id: int | None = None
    cashier_is_manager: bool = False
    # The counter speaks (ui/voice.py): a slot, a handover's outcome. Silent until the window
    # gives its voice.
    say: Callable[[Announcement], None] = lambda _announcement: None
    # The customer display (ui/customer_display.py) follows what the resident may see.
    tell_resident: Callable[[ResidentView], None] = lambda _view: None

    @property
    def staff_id(self) -> int:
        """Who is at the counter now: actions are recorded in their name."""
        return self.cashier_id if self.cashier_id is not None else self.counter.staff_id

    def run(self, work: Callable[[], T], done: Callable[[T], None],
            failed: Callable[[BaseException], None] | None = None) -> None:
        """Run `work` on the database lane; `done` (or `failed`) runs on the GUI thread."""
        self.db_lane.submit(work, done, failed or self.show_failure)


class Desk(Retranslated, QWidget):
    """A workflow screen. Subclasses set `title` (translated) and override what they need;
    `retranslate()` draws what the desk shows again from its state (the language changed)."""


    # After the desk shows a result: tests and benchmarks wait on it.
    shown = Signal()

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._watched_box: QLineEdit | None = None
        self.busy = False  # an exclusive operation is on its way (see `operate`)
        self._readable_until = 0.0  # no camera read replaces a result before this (monotonic)

    @property
    def title(self) -> str:
        raise NotImplementedError

    @property
    def scan_hint(self) -> str:
        """Placeholder of the scan box while this desk is on show."""
        return ""

    def activated(self) -> None:
        """The desk came on screen: refresh what it shows."""

    def side_panel(self) -> QWidget | None:
        """A panel shown under the camera while this desk is on show (handover's recent list)."""
        return None

    def scan(self, text: str) -> None:
        """A code from the scan box or the USB scanner (and the camera, see `camera_scan`)."""

    def camera_scan(self, text: str) -> None:
        """A code the camera read, of a kind this desk asked for, while it accepts one."""
        self.scan(text)

    def camera_codes(self) -> frozenset[CodeKind]:
        """The kinds of code this desk takes from the camera (none unless it asks): a
        resident's pickup QR held up at the counter must not land on a desk that never asked
        for it."""
        return frozenset()

    def enter(self) -> bool:
        """Enter in an empty scan box. Returns whether the desk used it."""
        return False

    def move_choice(self, step: int) -> bool:
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

    def camera_may_act(self) -> bool:
        """The desk accepts a camera read now, and its last result had time to be read."""
        return self.accepts_camera() and time.monotonic() >= self._readable_until

    def hold_result(self) -> None:
        """A result was painted: no camera read replaces it for MIN_READABLE_S."""
        self._readable_until = time.monotonic() + MIN_READABLE_S

    def release_result(self) -> None:
        """Esc: staff are done reading."""
        self._readable_until = 0.0

    # --- running the core's work ------------------------------------------------------------

    def operate(self, work: Callable[[], T], done: Callable[[T], None],
                failed: Callable[[BaseException], None] | None = None, *,
                exclusive: bool = False, then: Callable[[], None] | None = None) -> bool:
        """Run `work` (the core) on the database lane and `done` with its result on the GUI
        thread; a refusal or fault goes to `show_error` (or to `failed`, a desk's own
        handling for this one operation) and ends whatever was on its way (`busy`).
        `exclusive`: one at a time, so a second Enter while the first is on its way sends
        nothing; returns False then. `then` runs after either outcome is on screen."""
        if exclusive:
            if self.busy:
                return False
            self.busy = True

        def finished(result: T) -> None:
            if exclusive:
                self.busy = False
            done(result)
            if then is not None:
                then()

        def went_wrong(error: BaseException) -> None:
            self.busy = False
            (failed or self.show_error)(error)
            if then is not None:
                then()

        self.context.run(work, finished, went_wrong)
        return True

    def show_error(self, error: BaseException) -> None:
        """A refusal this desk words (`refusal`) becomes its banner with the red flash;
        anything else is a fault the window words."""
        banner = self.refusal(error)
        if banner is None:
            self.fail(error)
        else:
            self.refuse(banner)

    def refusal(self, error: BaseException) -> Banner | None:
        """The banner for a refusal by this desk's services; None for anything else."""
        return None

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
