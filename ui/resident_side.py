"""The customer display beside the counter window: where it shows, what it is told, and the
settings it follows (ui/customer_display.py paints it).

`customer_display` says where: "off" (the default: no display is built and `tell_resident`
returns at once), "second_screen" (full screen on a screen other than the staff window's;
with none, hidden until one is plugged in) or "window" (an ordinary window on the staff
window's screen, to try it on a one-screen machine). A settings change applies at once.

Screens come and go (a monitor unplugged, a loose cable). On `screenRemoved` the display
leaves the screen going away before Qt moves it onto the primary one (full screen, over the
counter): it goes to another resident screen, or hides. On `screenAdded` it comes back. The
counter never waits for any of it.

What the resident sees follows the desks (`DeskContext.tell_resident`). A desk coming on show
or the counter locking clears it to idle, so nothing of one resident stays for the next; a
finished result (a handover's outcome, a paid sale) goes back to idle after RESULT_SHOWN_MS.
A finished view equal to the last finished one of its kind is old news (the sales desk tells
its last sale again each time it redraws) and is not shown again.

The payment codes are read and scaled on a lane of their own when their paths change, never
per update, and a missing or unreadable image is only a text on the display.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QImage, QImageReader, QPixmap, QScreen
from PySide6.QtWidgets import QApplication

from station_app.config import Settings
from ui.background import Lane
from ui.customer_display import PAYMENT_CODES, CustomerDisplay
from ui.resident_view import Outcome, ResidentCart, ResidentHandover, ResidentIdle, ResidentView
from ui.resident_words import ResidentWords

if TYPE_CHECKING:
    from ui.main_window import CounterWindow

log = logging.getLogger("station.ui.customer_display")

RESULT_SHOWN_MS = 8_000  # a handover's outcome or a paid sale, then idle again
WINDOW_SIZE = QSize(1024, 768)  # "window": a common customer-display panel
CODE_SIDE = 420  # the payment code's longest side on the display, in pixels


def finished(view: ResidentView) -> bool:
    """A result the resident reads once: a handover's outcome other than "check", a paid
    sale."""
    if isinstance(view, ResidentCart):
        return view.paid
    return isinstance(view, ResidentHandover) and view.outcome is not Outcome.CHECK


def resident_screen(screens: Sequence[QScreen], staff: QScreen | None, mode: str,
                    current: QScreen | None = None) -> QScreen | None:
    """Where the display goes among `screens`: "window" beside the staff window; otherwise a
    screen that is not the staff window's (the one it is on, if it still qualifies), or None."""
    if mode == "window":
        return staff if staff in screens else next(iter(screens), None)
    others = [screen for screen in screens if screen is not staff]
    return current if current in others else next(iter(others), None)


def read_code(path: str) -> QImage | None:
    """The payment code image at `path`, scaled to fit CODE_SIDE (small ones grow by whole
    steps, so the code's modules stay sharp); None when empty, missing or unreadable. Runs on
    the lane: QImage, unlike QPixmap, may be made off the GUI thread."""
    if not path:
        return None
    reader = QImageReader(path)
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid() and max(size.width(), size.height()) > CODE_SIDE:
        reader.setScaledSize(size.scaled(CODE_SIDE, CODE_SIDE, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        log.warning("customer display: payment code %s unreadable: %s", path,
                    reader.errorString())
        return None
    factor = CODE_SIDE // max(image.width(), image.height())
    if factor >= 2:
        image = image.scaled(image.width() * factor, image.height() * factor,
                             Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.FastTransformation)
    return image


class ResidentSide(QObject):
    codes_read = Signal()  # the payment codes of the settings are on the display (tests)

    def __init__(self, window: CounterWindow) -> None:
        super().__init__(window)
        self._window = window
        self.display: CustomerDisplay | None = None
        self._mode = "off"
        self._closed = False
        self._lane = Lane("customer-display")
        self._codes_asked: tuple[str, ...] | None = None
        self._last_finished: dict[type, ResidentView] = {}
        self.result_timer = QTimer(self)  # a finished result, then idle
        self.result_timer.setSingleShot(True)
        self.result_timer.setInterval(RESULT_SHOWN_MS)
        self.result_timer.timeout.connect(self._back_to_idle)
        window.context.tell_resident = self.tell
        window.desk_switch.currentChanged.connect(lambda _index: self.tell(ResidentIdle()))
        window.installEventFilter(self)
        self._central = window.centralWidget()
        if self._central is not None:
            self._central.installEventFilter(self)  # hidden: the counter is locked
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.screenAdded.connect(self.screen_added)
            app.screenRemoved.connect(self.screen_removed)
        self.apply(window.counter.settings)

    # --- what the resident sees -------------------------------------------------------------

    def tell(self, view: ResidentView) -> None:
        """A desk's news for the resident; returns at once (the display paints later)."""
        display = self.display
        if display is None or self._mode == "off" or not self._is_news(view):
            return
        if finished(view):
            self.result_timer.start()
        else:
            self.result_timer.stop()
        display.show_view(view)

    def _is_news(self, view: ResidentView) -> bool:
        kind = type(view)
        if not finished(view):
            self._last_finished.pop(kind, None)
            return True
        if self._last_finished.get(kind) == view:
            return False
        self._last_finished[kind] = view
        return True

    def _back_to_idle(self) -> None:
        if self.display is not None:
            self.display.show_view(ResidentIdle())

    # --- settings ---------------------------------------------------------------------------

    def apply(self, settings: Settings) -> None:
        """Use `settings` at once: on or off, where, the language, the notice, the codes."""
        if self._closed:
            return
        self._mode = settings.customer_display
        display = self.display
        if self._mode == "off":
            self.result_timer.stop()
            if display is not None:
                display.hide()
                display.show_view(ResidentIdle())
            return
        station = self._window.counter.station_name
        if display is None:
            display = self.display = CustomerDisplay(
                ResidentWords(settings.customer_display_language), station,
                settings.customer_notice)
            display.activated.connect(self._keys_to_the_counter)
        else:
            if display.words.language != settings.customer_display_language:
                display.use_words(ResidentWords(settings.customer_display_language))
            display.set_station(station, settings.customer_notice)
        codes = (settings.payment_qr_wechat, settings.payment_qr_alipay)
        if codes != self._codes_asked:
            self._read_codes(codes)
        self.place()

    def _read_codes(self, paths: tuple[str, ...]) -> None:
        self._codes_asked = paths
        self._lane.submit(lambda: [read_code(path) for path in paths],
                          lambda images: self._codes_done(paths, images), self._codes_failed)

    def _codes_done(self, paths: tuple[str, ...], images: list[QImage | None]) -> None:
        if paths != self._codes_asked or self.display is None:
            return  # newer settings asked for other files meanwhile
        self.display.set_payment_codes({
            method: QPixmap.fromImage(image)
            for method, image in zip(PAYMENT_CODES, images, strict=True) if image is not None})
        self.codes_read.emit()

    def _codes_failed(self, error: BaseException) -> None:
        log.warning("customer display: the payment codes could not be read: %s", error)
        if self.display is not None:
            self.display.set_payment_codes({})
        self.codes_read.emit()

    # --- screens ----------------------------------------------------------------------------

    def place(self, gone: QScreen | None = None) -> None:
        """Show the display where the setting says, on the screens there are now (`gone`: one
        being unplugged), or hide it when there is no such screen."""
        display = self.display
        if display is None or self._mode == "off":
            return
        screens = [screen for screen in QGuiApplication.screens() if screen is not gone]
        staff: QScreen | None = self._window.screen()
        if staff not in screens:  # Qt moves the staff window to the primary screen
            primary = QGuiApplication.primaryScreen()
            staff = primary if primary in screens else next(iter(screens), None)
        current = display.screen() if display.isVisible() else None
        target = resident_screen(screens, staff, self._mode, current)
        if target is None:
            if display.isVisible():
                log.info("customer display hidden: no screen for it")
            display.hide()
            return
        if self._mode == "window":
            if not (display.isVisible() and current is target and not display.isFullScreen()):
                display.setScreen(target)
                display.setGeometry(_centred(target.availableGeometry()))
                display.showNormal()
            return
        if not (current is target and display.isFullScreen()):
            display.setScreen(target)
            display.setGeometry(target.geometry())
            display.showFullScreen()
            log.info("customer display on screen %s", target.name())

    def _keys_to_the_counter(self) -> None:
        """The display never keeps the keyboard: the scanner types into the active window. It
        asks not to be activated, but a kiosk without a window manager, a touch on its screen
        or a platform ignoring the hint may still do it."""
        if self._window.isVisible():
            (QApplication.activeModalWidget() or self._window).activateWindow()

    def screen_added(self, _screen: QScreen) -> None:
        self.place()

    def screen_removed(self, screen: QScreen) -> None:
        self.place(gone=screen)

    # --- the window -------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Identity only: while the window is destroyed its children's events still come here.
        if watched is self._window and event.type() == QEvent.Type.Close:
            self.close()
        elif watched is self._window and event.type() == QEvent.Type.Show:
            self.place()  # the staff window's screen is known now: the display takes another
        elif watched is self._central and event.type() == QEvent.Type.Hide:
            self.tell(ResidentIdle())  # locked: nothing of the counter stays on either screen
        return False

    def close(self) -> None:
        """The counter window closes: so does the display (it would keep the app running)."""
        self._closed = True
        self.result_timer.stop()
        if self.display is not None:
            self.display.close()
            self.display.deleteLater()
            self.display = None
        self._lane.shutdown()


def _centred(area: QRect) -> QRect:
    size = WINDOW_SIZE.boundedTo(area.size())
    return QRect(area.x() + (area.width() - size.width()) // 2,
                 area.y() + (area.height() - size.height()) // 2, size.width(), size.height())
