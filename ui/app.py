"""Starting the counter window: logging, language, style, the station, then the window."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox

from station_app.care.app_lock import CounterRunning, hold_counter_lock
from station_app.care.log_files import log_to_files
from station_app.clock import ZoneMismatch, check_pc_zone
from station_app.counter import Counter, NotEnrolledError, open_counter
from station_app.demo_camera import clip_path, ensure_demo_clip
from station_app.demo_guard import RealStationData
from station_app.devices.camera import CameraSettings, FrameSource, VideoFileSource, make_source
from station_app.devices.decoding.backends import make_decoder
from station_app.devices.decoding.pipeline import ScanPipeline
from station_app.devices.scan_loop import FramePipeline
from station_app.paths import DataDir
from station_app.private_files import restrict_umask
from station_app.storage.database import DatabaseError
from sync.client.service import SyncService
from ui.appearance import Appearance, apply_appearance
from ui.camera_panel import CameraWorker
from ui.counters_link import CountersLink
from ui.daily_care import DailyCare
from ui.first_run import start as first_run
from ui.i18n import install_language
from ui.main_window import CounterWindow
from ui.startup_problem import StartupProblemDialog, recover
from ui.sync_panel import SyncWorker
from ui.wedge_filter import WedgeFilter

log = logging.getLogger("station.ui.app")


def setup_logging(logs_dir: Path) -> None:
    log_to_files(logs_dir)  # the rotating file the care commands share; Qt's messages join it

    def qt_to_logging(kind: QtMsgType, context: Any, message: str) -> None:
        level = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
                 QtMsgType.QtWarningMsg: logging.WARNING}.get(kind, logging.ERROR)
        if str(getattr(context, "category", "")).startswith("qt.multimedia"):
            # FFmpeg probing for video acceleration and sound servers the counter never uses
            level = min(level, logging.INFO)
        logging.getLogger("station.qt").log(level, "%s", message)

    qInstallMessageHandler(qt_to_logging)


def create_application(language: str, appearance: Appearance | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("StationApp")
    apply_appearance(app, appearance or Appearance())
    install_language(app, language)
    return app


def build_camera(counter: Counter, demo: bool = False, source: FrameSource | None = None,
                 settings: CameraSettings | None = None) -> CameraWorker | None:
    """The counter's camera and decoder, or None when the camera is switched off or absent.

    In demo mode without a webcam, the virtual camera plays a generated clip; the clip is
    written on a background thread so the window opens at once.
    """
    settings = settings or counter.settings.camera
    virtual = False
    if source is None:
        if not settings.enabled:
            return None
        fallback = clip_path(counter.data_dir.root) if demo else None
        source = make_source(settings, fallback)
        if source is None:
            return None
        virtual = isinstance(source, VideoFileSource) and source.path == fallback
        if demo and fallback is not None and not fallback.exists() \
                and fallback not in _CLIPS_WRITTEN:
            _CLIPS_WRITTEN.add(fallback)  # one writer per clip (F9's test camera asks too)
            writer = threading.Thread(target=ensure_demo_clip, name="demo-clip", daemon=True,
                                      args=(counter.db, counter.station_id,
                                            counter.data_dir.root))
            writer.start()
            # OpenCV aborts the process if the interpreter exits while it writes: wait.
            _JOIN_AT_EXIT.append(writer)
    return CameraWorker(source, make_pipeline(counter, settings.decoder), virtual=virtual)


_JOIN_AT_EXIT: list[threading.Thread] = []
_CLIPS_WRITTEN: set[Path] = set()


def make_pipeline(counter: Counter, decoder: str) -> FramePipeline:
    # A genuine signed token is acted on at its first sighting; anything else needs two
    # frames that agree (see ScanPipeline).
    return ScanPipeline(make_decoder(decoder), validator=counter.handovers.token_is_authentic)


def build_sync(counter: Counter, demo: bool = False) -> tuple[SyncWorker | None, object]:
    """The background sync for an enrolled counter; demo mode first starts its own head
    office on a loopback port. Returns the worker and what must be stopped at exit."""
    if demo:
        # Only the demo embeds head office: a real counter never loads the server (FastAPI,
        # uvicorn), which would cost it about 0.3 s at every start.
        from sync.demo import start_demo_head_office  # noqa: PLC0415

        try:
            head_office = start_demo_head_office(counter)
        except Exception:  # the counter works without head office; say so in the log
            log.exception("the demo head office did not start")
            return None, None
        return SyncWorker(head_office.service, interval_s=60), head_office
    settings = counter.settings
    service = SyncService(counter.db, counter.data_dir.root,
                          verify=settings.sync_ca_bundle or True,
                          allow_insecure=settings.allow_insecure_lan)
    status = service.status()
    if not status.enrolled and not status.revoked:  # a retired key still shows its state
        return None, None
    return SyncWorker(service, interval_s=settings.sync_interval_s), None


def build_window(counter: Counter, camera: CameraWorker | None = None,
                 sync: SyncWorker | None = None, sign_in: bool = False,
                 demo: bool = False) -> CounterWindow:
    """The counter window. `sign_in`: staff sign in with their PIN at start and the counter
    locks when idle (the real app; tests and screenshots leave it off). `demo`: a camera
    chosen in F9 falls back to the demo's virtual camera as the counter's own does."""
    window = CounterWindow(counter, camera, sync, sign_in=sign_in)
    window.camera.make = lambda settings: build_camera(counter, demo=demo, source=None,
                                                       settings=settings)
    wedge = WedgeFilter(window, window.scan_box, window.scan)
    QApplication.instance().installEventFilter(wedge)  # type: ignore[union-attr]
    return window


def demo_devices(counter: Counter) -> Counter:
    """The demo without a scale or pole display set up: the simulated scale (it weighs what
    the sales desk asks for) and a virtual pole display, as the demo's camera and printer are
    virtual. For this run only (settings.toml keeps them only if a manager saves F2)."""
    settings = counter.settings
    if settings.scale.port and settings.pole_display.port:
        return counter
    scale = settings.scale if settings.scale.port else replace(settings.scale, port="simulator")
    pole = settings.pole_display if settings.pole_display.port else replace(
        settings.pole_display, port="virtual")
    return replace(counter, settings=replace(settings, scale=scale, pole_display=pole))


def warn_about_time_zone(window: CounterWindow,
                         pc_now: datetime | None = None) -> ZoneMismatch | None:
    """At start-up: when the PC's time zone is not the station's, say so in the status bar
    (all day) and the banner (now, and again after the first sign-in, which clears it). The
    counter itself is right either way (station_app.clock); the PC's own clock, the taskbar
    and other programs are not. Returns what differs, None when nothing does."""
    mismatch = check_pc_zone(pc_now or datetime.now().astimezone())
    if mismatch is None:
        return None
    log.warning("the PC's time zone is %s, the station's %s: the counter uses the station's",
                mismatch.pc, mismatch.station)
    window.status.warn_time_zone(mismatch)
    banner = window.messages.time_zone_differs(mismatch)
    window.banner.show_banner(banner)
    if window.staff.dialog is not None:
        # Connected after the window's own slot, which clears the banner on sign-in.
        window.staff.dialog.signed_in.connect(lambda _who: window.banner.show_banner(banner))
    return mismatch


def run(options: argparse.Namespace, started_at: float) -> int:
    restrict_umask()  # the database, logs, receipts and photos are this account's alone
    language = options.lang or "zh_CN"
    _offscreen_without_a_screen()
    setup_logging(Path(options.data_dir) / "logs")
    app = create_application(language)
    data_dir = DataDir(Path(options.data_dir))
    try:  # one counter per data dir; `station-app restore` waits for this lock
        lock = hold_counter_lock(data_dir)
    except CounterRunning as running:
        print(str(running), file=sys.stderr)
        if not _unattended(options):
            StartupProblemDialog(running, data_dir).exec()
        return 2
    except OSError:  # a folder that cannot be written: opening the database explains it
        lock = None
    # A new counter (no station, or nobody who could sign in) is set up first, then opens.
    if not (options.demo or _unattended(options)) and \
            not first_run.run_if_needed(Path(options.data_dir), options.lang):
        return 1
    counter = _open_station(app, options, data_dir)
    if counter is None:
        return 2
    if options.lang is None and counter.settings.language != language:
        install_language(app, counter.settings.language)
    apply_appearance(app, counter.settings)  # large font, high contrast: before the window
    demo = options.demo or counter.settings.demo  # the wizard made this the demo station
    if demo:
        counter = demo_devices(counter)
    sync, head_office = build_sync(counter, demo=demo)
    window = _show_window(app, counter, sync, options, demo)
    counters = CountersLink(window)  # the station's other counters, on the LAN
    care = None if _unattended(options) else _start_daily_care(counter, window)
    QTimer.singleShot(0, lambda: _ready(window, options, started_at))
    code = app.exec()
    counters.stop()
    if care is not None:
        care.stop()
    for thread in _JOIN_AT_EXIT:
        thread.join(timeout=30)
    if head_office is not None:
        head_office.stop()  # type: ignore[attr-defined]
    counter.close()
    if lock is not None:
        lock.release()
    return code


def _unattended(options: argparse.Namespace) -> bool:
    """A run nobody sits at (a start-up timing, a screenshot): no dialogs, no sign-in."""
    return bool(options.exit_when_ready or options.screenshot)


def _offscreen_without_a_screen() -> None:
    if not os.environ.get("QT_QPA_PLATFORM") and sys.platform.startswith("linux") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no screen (e.g. --screenshot on a server)


def _open_station(app: QApplication, options: argparse.Namespace,
                  data_dir: DataDir) -> Counter | None:
    """The counter on the data dir, or None (after saying why) when it cannot open."""
    try:
        return open_counter(Path(options.data_dir), demo=options.demo)
    except DatabaseError as error:
        log.error("cannot open the station: %s", error)
        print(str(error), file=sys.stderr)
        if _unattended(options):
            return None
        if isinstance(error, NotEnrolledError | RealStationData):
            QMessageBox.critical(None, app.translate("Startup", "The counter cannot start"),
                                 str(error))
            return None
        # A damaged database (restore the latest backup and go on), a read-only folder…
        return recover(error, data_dir, lambda: open_counter(data_dir.root, demo=options.demo))


def _show_window(app: QApplication, counter: Counter, sync: SyncWorker | None,
                 options: argparse.Namespace, demo: bool) -> CounterWindow:
    unattended = _unattended(options)
    window = build_window(counter, build_camera(counter, demo=demo), sync,
                          sign_in=not unattended, demo=demo)
    if unattended:
        window.resize(1366, 768)
        window.show()
    else:
        # The counter PC runs nothing else. Size to the screen first: without a window
        # manager (kiosk set-ups, Xvfb) "maximized" alone leaves the window at its hint.
        window.setGeometry(app.primaryScreen().availableGeometry())
        window.showMaximized()
    window.start()
    warn_about_time_zone(window)
    return window


def _start_daily_care(counter: Counter, window: CounterWindow) -> DailyCare:
    care = DailyCare(counter, window)  # today's backup and the PIPL erasure, then hourly
    care.failed.connect(window.show_storage_fault)
    care.start()
    return care


def _ready(window: CounterWindow, options: argparse.Namespace, started_at: float) -> None:
    elapsed_ms = (time.perf_counter() - started_at) * 1000
    log.info("window ready in %.0f ms", elapsed_ms)
    if options.exit_when_ready:
        print(f"ready_ms={elapsed_ms:.1f}", flush=True)
        window.close()
    elif options.screenshot:
        QTimer.singleShot(300, lambda: save_screenshot(window, options.screenshot))


def save_screenshot(window: CounterWindow, path: Path) -> None:
    window.grab().save(str(path))
    window.close()
