"""Starting the counter window: logging, language, style, the station, then the window."""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QMessageBox

from station_app.counter import Counter, open_counter
from station_app.demo_camera import clip_path, ensure_demo_clip
from station_app.devices.camera import CameraSettings, FrameSource, make_source
from station_app.devices.decoding.backends import make_decoder
from station_app.devices.decoding.pipeline import ScanPipeline
from station_app.devices.scan_loop import FramePipeline
from station_app.storage.database import DatabaseError
from sync.client.service import SyncService
from sync.demo import start_demo_head_office
from ui.camera_panel import CameraWorker
from ui.i18n import install_language
from ui.main_window import CounterWindow
from ui.resources import FONT_FAMILIES, resources_dir
from ui.sync_panel import SyncWorker
from ui.wedge_filter import WedgeFilter

log = logging.getLogger("station.ui.app")



def setup_logging(logs_dir: Path) -> None:
    logs_dir.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        logs_dir / "station.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    # python-escpos calls logging.basicConfig() at import, which would echo every INFO line to
    # the terminal; the counter logs to its file (and warnings to stderr) instead.
    for old in [h for h in root.handlers if type(h) is logging.StreamHandler]:
        root.removeHandler(old)
    console = logging.StreamHandler()
    console.setLevel(logging.WARNING)
    root.addHandler(console)
    root.addHandler(handler)
    root.setLevel(logging.INFO)

    def qt_to_logging(kind: QtMsgType, context: Any, message: str) -> None:
        level = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
                 QtMsgType.QtWarningMsg: logging.WARNING}.get(kind, logging.ERROR)
        if str(getattr(context, "category", "")).startswith("qt.multimedia"):
            # FFmpeg probing for video acceleration and sound servers the counter never uses
            level = min(level, logging.INFO)
        logging.getLogger("station.qt").log(level, "%s", message)

    qInstallMessageHandler(qt_to_logging)


def create_application(language: str) -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("StationApp")
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSize(12)
    app.setFont(font)
    app.setStyleSheet((resources_dir() / "style.qss").read_text(encoding="utf-8"))
    install_language(app, language)
    return app


def build_camera(counter: Counter, demo: bool = False, source: FrameSource | None = None,
                 settings: CameraSettings | None = None) -> CameraWorker | None:
    """The counter's camera and decoder, or None when the camera is switched off or absent.

    In demo mode without a webcam, the virtual camera plays a generated clip; the clip is
    written on a background thread so the window opens at once.
    """
    settings = settings or counter.settings.camera
    if source is None:
        if not settings.enabled:
            return None
        fallback = clip_path(counter.data_dir.root) if demo else None
        source = make_source(settings, fallback)
        if source is None:
            return None
        if demo and fallback is not None and not fallback.exists():
            writer = threading.Thread(target=ensure_demo_clip, name="demo-clip", daemon=True,
                                      args=(counter.db, counter.station_id,
                                            counter.data_dir.root))
            writer.start()
            # OpenCV aborts the process if the interpreter exits while it writes: wait.
            _JOIN_AT_EXIT.append(writer)
    return CameraWorker(source, make_pipeline(counter, settings.decoder))


_JOIN_AT_EXIT: list[threading.Thread] = []


def make_pipeline(counter: Counter, decoder: str) -> FramePipeline:
    # A genuine signed token is acted on at its first sighting; anything else needs two
    # frames that agree (see ScanPipeline).
    return ScanPipeline(make_decoder(decoder), validator=counter.desk.token_is_authentic)


def build_sync(counter: Counter, demo: bool = False) -> tuple[SyncWorker | None, object]:
    """The background sync for an enrolled counter; demo mode first starts its own head
    office on a loopback port. Returns the worker and what must be stopped at exit."""
    if demo:
        try:
            head_office = start_demo_head_office(counter)
        except Exception:  # the counter works without head office; say so in the log
            log.exception("the demo head office did not start")
            return None, None
        return SyncWorker(head_office.service, interval_s=60), head_office
    settings = counter.settings
    service = SyncService(counter.db, counter.data_dir.root,
                          verify=settings.sync_ca_bundle or True)
    if not service.status().enrolled:
        return None, None
    return SyncWorker(service, interval_s=settings.sync_interval_s), None


def build_window(counter: Counter, camera: CameraWorker | None = None,
                 sync: SyncWorker | None = None, sign_in: bool = False) -> CounterWindow:
    """The counter window. `sign_in`: staff sign in with their PIN at start and the counter
    locks when idle (the real app; tests and screenshots leave it off)."""
    window = CounterWindow(counter, camera, sync, sign_in=sign_in)
    window.make_camera = lambda settings: build_camera(counter, source=None, settings=settings)
    wedge = WedgeFilter(window, window.scan_box, window.scan)
    QApplication.instance().installEventFilter(wedge)  # type: ignore[union-attr]
    return window


def run(options: argparse.Namespace, started_at: float) -> int:
    language = options.lang or "zh_CN"
    if not os.environ.get("QT_QPA_PLATFORM") and sys.platform.startswith("linux") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no screen (e.g. --screenshot on a server)
    setup_logging(Path(options.data_dir) / "logs")
    app = create_application(language)
    try:
        counter = open_counter(Path(options.data_dir), demo=options.demo)
    except DatabaseError as error:
        log.error("cannot open the station: %s", error)
        print(str(error), file=sys.stderr)
        if not options.exit_when_ready and not options.screenshot:
            QMessageBox.critical(None, app.translate("Startup", "The counter cannot start"),
                                 str(error))
        return 2
    if options.lang is None and counter.settings.language != language:
        install_language(app, counter.settings.language)
    sync, head_office = build_sync(counter, demo=options.demo)
    window = build_window(counter, build_camera(counter, demo=options.demo), sync,
                          sign_in=not (options.screenshot or options.exit_when_ready))
    if options.screenshot or options.exit_when_ready:
        window.resize(1366, 768)
        window.show()
    else:
        # The counter PC runs nothing else. Size to the screen first: without a window
        # manager (kiosk set-ups, Xvfb) "maximized" alone leaves the window at its hint.
        window.setGeometry(app.primaryScreen().availableGeometry())
        window.showMaximized()
    window.start()

    def ready() -> None:
        elapsed_ms = (time.perf_counter() - started_at) * 1000
        log.info("window ready in %.0f ms", elapsed_ms)
        if options.exit_when_ready:
            print(f"ready_ms={elapsed_ms:.1f}", flush=True)
            window.close()
        elif options.screenshot:
            QTimer.singleShot(300, lambda: save_screenshot(window, options.screenshot))

    QTimer.singleShot(0, ready)
    code = app.exec()
    for thread in _JOIN_AT_EXIT:
        thread.join(timeout=30)
    if head_office is not None:
        head_office.stop()  # type: ignore[attr-defined]
    counter.close()
    return code


def save_screenshot(window: CounterWindow, path: Path) -> None:
    window.grab().save(str(path))
    window.close()
