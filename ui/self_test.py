"""`station-app --self-test`: the core's checks (station_app/self_test.py), then the window's.

Starts offscreen in a work folder of its own (a temporary one, or DIR/self-test with
--data-dir DIR, kept for a look at receipt.png and window.png), prints one ✓/✗ line per check
with its time and exits 0 only when every check passed. The checks here prove what a frozen
build most often lacks: data files (stylesheet, icons, sounds, translations), Qt plugins
(SVG icons, QtMultimedia), fonts with hanzi, the demo head office's web stack, and the real
counter window drawing itself.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import wave
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEventLoop,
    QLibraryInfo,
    QLocale,
    QTimer,
    QtMsgType,
    QTranslator,
    SignalInstance,
    qInstallMessageHandler,
)
from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QFontMetrics, QImage, QImageReader
from PySide6.QtWidgets import QApplication

from station_app.counter import Counter
from station_app.self_test import CheckFailed, SelfTest, replace_unprintable_output, run_core_checks
from station_app.voice import (
    Announcement,
    Spoken,
    clip_names,
    clip_texts,
    clips_dir,
    compose,
    load_clips,
)
from ui.resources import FONT_FAMILIES, resources_dir
from ui.wedge_filter import WedgeFilter

WINDOW_SIZE = (1366, 768)
READY_TIMEOUT_MS = 10_000
# The self-test's own entry in the .ts files: proves the .qm is the real one without depending
# on the wording of some window.
LANGUAGE_NAME = str(QT_TRANSLATE_NOOP("SelfTest", "English"))
SOUNDS = ("ok.wav", "stop.wav")  # ui/sounds.py plays these two


def run(data_dir: Path | None = None) -> int:
    """Run every check; 0 when all passed, 1 otherwise (the failed lines say why)."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a self-test never needs a screen
    replace_unprintable_output()
    try:
        work = _work_folder(data_dir)
    except OSError as error:  # e.g. a read-only --data-dir: say so, and where to point it
        print(f"✗ work folder: cannot write there ({error}); give a writable --data-dir",
              flush=True)
        return 1
    test = SelfTest(work)
    with _logging_to(work / "self-test.log"):
        app = QApplication.instance() or QApplication(sys.argv[:1])
        assert isinstance(app, QApplication)
        counter = run_core_checks(test)
        try:
            run_window_checks(test, app, counter)
        finally:
            if counter is not None:
                counter.close()
    print(test.summary(), flush=True)
    if data_dir is None and test.passed:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"files and self-test.log in {work}", flush=True)
    return 0 if test.passed else 1


def run_window_checks(test: SelfTest, app: QApplication, counter: Counter | None) -> None:
    test.check("resources bundled", _resources)
    test.check("translations (zh_CN, en)", _translations)
    test.check("Chinese font on screen", _screen_font)
    test.check("sounds (QtMultimedia)", _sounds)
    test.check("voice (clips, OS speech)", _voice)
    test.check("stylesheet and language", lambda: _style(app))
    test.then(counter, "demo head office (sync on loopback)", _head_office)
    test.then(counter, "counter window", lambda opened: _window(opened, test.work_dir))


def _work_folder(data_dir: Path | None) -> Path:
    if data_dir is None:
        return Path(tempfile.mkdtemp(prefix="station-self-test-"))
    # Never the station's own files: a folder of its own, fresh each run.
    work = data_dir / "self-test"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    return work


@contextmanager
def _logging_to(path: Path) -> Iterator[None]:
    """Warnings and Qt's messages go to the self-test's own log, not between the ✓ lines."""
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    qt_log = logging.getLogger("station.self_test.qt")
    qt_log.propagate = False
    qt_log.addHandler(handler)
    qt_log.setLevel(logging.DEBUG)
    root = logging.getLogger()
    root.addHandler(handler)

    def qt_message(kind: QtMsgType, _context: Any, message: str) -> None:
        qt_log.log(logging.WARNING if kind != QtMsgType.QtDebugMsg else logging.DEBUG,
                   "%s", message)

    previous = qInstallMessageHandler(qt_message)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)
        root.removeHandler(handler)
        qt_log.removeHandler(handler)
        handler.close()


# --- the checks -----------------------------------------------------------------------------

def _resources() -> tuple[None, str]:
    folder = resources_dir()
    styles = sorted(folder.glob("*.qss"))
    if folder / "style.qss" not in styles:
        raise CheckFailed(f"the stylesheet style.qss is missing from {folder}")
    for style in styles:
        if not style.read_text(encoding="utf-8").strip():
            raise CheckFailed(f"the stylesheet {style.name} is empty")
    icons = sorted((folder / "icons").glob("*.svg"))
    if not any(icon.stem == "app" for icon in icons):
        raise CheckFailed(f"the app icon is missing from {folder / 'icons'}")
    for icon in icons:
        # Through QImageReader: this also proves the SVG image-format plugin is bundled.
        if QImageReader(str(icon)).read().isNull():
            raise CheckFailed(f"{icon.name} cannot be drawn (is the Qt SVG plugin bundled?)")
    for name in SOUNDS:
        with wave.open(str(folder / "sounds" / name), "rb") as sound:
            if sound.getnframes() == 0:
                raise CheckFailed(f"the sound {name} is empty")
    return None, f"{len(styles)} stylesheets, {len(icons)} SVG icons drawn, {len(SOUNDS)} sounds"


def _translations() -> tuple[None, str]:
    folder = resources_dir() / "translations"
    loaded: list[QTranslator] = []
    for language in ("zh_CN", "en"):
        translator = QTranslator()
        path = folder / f"station_{language}.qm"
        if not translator.load(str(path)):
            raise CheckFailed(f"{path} does not load: build it with "
                              f"`python scripts/translations.py build`")
        loaded.append(translator)
    chinese = loaded[0].translate("SelfTest", LANGUAGE_NAME) or ""
    if not _has_hanzi(chinese):
        raise CheckFailed(f"station_zh_CN.qm does not translate {LANGUAGE_NAME!r}: rebuild it")
    qt_own = QTranslator()
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not qt_own.load(QLocale("zh_CN"), "qtbase", "_", qt_folder):
        raise CheckFailed(f"Qt's own Chinese (qtbase_zh_CN.qm) is missing from {qt_folder}")
    return None, f"station_zh_CN.qm ({chinese}), station_en.qm, qtbase_zh_CN.qm"


def _screen_font() -> tuple[None, str]:
    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    chosen = QFontInfo(font).family()
    if not families or not QFontMetrics(font).inFontUcs4(ord("自")):
        raise CheckFailed(f"no Chinese font for the window ({chosen} has no hanzi): install "
                          f"fonts-wqy-microhei or fonts-noto-cjk")
    return None, f"{chosen}; {len(families)} Chinese families"


def _sounds() -> tuple[None, str]:
    from ui import sounds  # noqa: PLC0415 - imports QtMultimedia, which may be missing

    if sounds.SOUND_EFFECT is None:
        raise CheckFailed("QtMultimedia does not load: the counter will be silent "
                          "(install libpulse0, or the build lacks the multimedia plugins)")
    return None, "QtMultimedia loads"


def _voice() -> tuple[None, str]:
    """Every shipped clip is there and composes; which OS voices the machine offers."""
    from ui import voice  # noqa: PLC0415 - imports QtTextToSpeech, which may be missing

    slot, count = Announcement(Spoken.SLOT, "B-2-001", quantity=2), 0
    for language in ("zh_CN", "en"):
        clips = load_clips(clips_dir(language, resources_dir()))
        missing = sorted(set(clip_texts(language)) - set(clips))
        if missing:
            raise CheckFailed(f"voice clips missing for {language}: {', '.join(missing[:8])}")
        compose([clips[name] for name in clip_names(slot, language)])
        count += len(clips)
    engines = voice.os_engines()
    return None, f"{count} clips compose; OS speech: {', '.join(engines) or 'none (clips)'}"


def _style(app: QApplication) -> tuple[None, str]:
    from ui.app import create_application  # noqa: PLC0415 - after QApplication exists

    create_application("zh_CN")
    if not app.styleSheet() or not _has_hanzi(QCoreApplication.translate("SelfTest",
                                                                          LANGUAGE_NAME)):
        raise CheckFailed("the stylesheet or the Chinese translation was not applied")
    return None, f"{len(app.styleSheet())} characters of style, window in zh_CN"


def _head_office(counter: Counter) -> tuple[None, str]:
    from sync.demo import start_demo_head_office  # noqa: PLC0415 - uvicorn, FastAPI: slow

    head_office = start_demo_head_office(counter)
    try:
        report = head_office.service.sync_now()
    finally:
        head_office.stop()
    if not report.ok or report.rejected:
        raise CheckFailed(f"sync with the demo head office failed: {report.error}, "
                          f"{report.rejected} events rejected")
    return None, f"{report.applied} events pushed and acknowledged through " \
                 f"#{report.acked_through_seq}"


def _window(counter: Counter, out: Path) -> tuple[None, str]:
    from ui.app import build_window  # noqa: PLC0415 - the whole window: import when needed

    window = build_window(counter)
    try:
        window.resize(*WINDOW_SIZE)
        window.show()
        if not _wait_for(window.handover.recent_shown, window.start, READY_TIMEOUT_MS):
            raise CheckFailed(f"the window did not show its recent handovers within "
                              f"{READY_TIMEOUT_MS / 1000:.0f} s")
        picture = window.grab().toImage()
        title = window.windowTitle()
    finally:
        window.close()
        # Its keyboard-wedge filter sits on the application: take it off with the window.
        for wedge in window.findChildren(WedgeFilter):
            QCoreApplication.instance().removeEventFilter(wedge)  # type: ignore[union-attr]
    path = out / "window.png"
    picture.save(str(path))
    colours = _colour_count(picture)
    if (picture.width(), picture.height()) != WINDOW_SIZE or colours < 16:
        raise CheckFailed(f"the window drew a {picture.width()}×{picture.height()} picture "
                          f"with {colours} colours: see {path}")
    if counter.station_name not in title:
        raise CheckFailed(f"the window title {title!r} lacks the station's name")
    return None, f"{title}, {picture.width()}×{picture.height()} → {path.name}"


def _has_hanzi(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


def _wait_for(signal: SignalInstance, trigger: Callable[[], None], timeout_ms: int) -> bool:
    """Call `trigger` and run the event loop until `signal` fires; False after the timeout."""
    loop = QEventLoop()
    fired: list[bool] = []
    def fire(*_: object) -> None:
        fired.append(True)
        loop.quit()

    signal.connect(fire)
    trigger()
    if not fired:
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
    return bool(fired)


def _colour_count(picture: QImage, step: int = 7) -> int:
    """Distinct colours on a sparse grid: a blank or failed paint has one or two."""
    return len({picture.pixel(x, y) for x in range(0, picture.width(), step)
                for y in range(0, picture.height(), step)})
