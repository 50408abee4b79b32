"""Bad situations at a real counter (issue 7): a damaged database, a full disk, a data dir that
cannot be written, a printer that dies in the middle of a receipt, a camera another program
holds. Each: a clear message with a way forward, and nothing already recorded lost. Real files,
real file systems (tmpfs mounts when root, as on CI), real sockets; no mocks."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from station_app.care.backups import MANUAL, take_backup
from station_app.care.health import State, gather
from station_app.counter import Counter, open_counter
from station_app.devices.camera import CameraHealth, CameraSettings, DeviceSource
from station_app.devices.printer_settings import PrinterSettings
from station_app.paths import DataDir
from station_app.storage.database import DatabaseError, StorageProblem
from tests.gui.conftest import Driver, press_enter_to_confirm, type_code
from tests.helpers import READY, pickup_code, scalar
from tests.lan_printer import LanPrinter
from tests.oracle.oracle import parse_receipt
from ui.app import build_window, create_application, make_pipeline
from ui.camera_panel import CameraWorker
from ui.messages import Severity
from ui.startup_problem import StartupProblemDialog

ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 24 MB file system (tmpfs) of its own, so 'full' and 'read-only' are real."""
    if not ROOT:
        if os.environ.get("CI"):
            pytest.fail("CI runs as root: these tests need to mount a tmpfs")
        pytest.skip("mounting a tmpfs needs root")
    mount = tmp_path / "disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def hand_over(counter: Counter, n: int) -> list[str]:
    """Hand over `n` ready orders through the service; their order numbers."""
    done = []
    for _ in range(n):
        order = counter.handovers.lookup(pickup_code(counter.db, READY)).order
        assert order is not None
        counter.handovers.confirm(order.order_no, counter.staff_id, order.pickup_code)
        done.append(order.order_no)
    return done


def handed_over(db_path: Path, order_nos: list[str]) -> int:
    import sqlite3

    # immutable: read the file as it is, even on a read-only disk (the app closed it cleanly)
    with sqlite3.connect(f"{db_path.as_uri()}?immutable=1", uri=True) as connection:
        marks = ",".join("?" * len(order_nos))
        return int(connection.execute(
            f"SELECT count(*) FROM handover h JOIN orders o ON o.id = h.order_id "
            f"WHERE o.order_no IN ({marks})", order_nos).fetchone()[0])


def start_up_problem(qtbot: Any, root: Path, problem: StorageProblem) -> StartupProblemDialog:
    """Open the counter as start-up does; it fails with `problem`, and the dialog explains."""
    with pytest.raises(DatabaseError) as raised:
        open_counter(root)
    assert raised.value.problem is problem
    create_application("en")
    dialog = StartupProblemDialog(raised.value, DataDir(root))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


# --- a damaged database at start-up ------------------------------------------------------------


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_damaged_database_offers_the_latest_backup_and_opens_the_counter(
        qtbot: Any, tmp_path: Path, damage: str) -> None:
    root = tmp_path / "data"
    counter = open_counter(root, demo=True)
    kept = hand_over(counter, 2)
    take_backup(counter.db, counter.data_dir.backups, MANUAL, counter.clock())
    counter.close()
    database = DataDir(root).database
    size = database.stat().st_size
    if damage == "garbage":
        database.write_bytes(os.urandom(size))
    else:  # a copy interrupted half way: a real database, cut short
        with database.open("r+b") as handle:
            handle.truncate(size // 2)
    for side in ("-wal", "-shm"):
        Path(f"{database}{side}").unlink(missing_ok=True)

    dialog = start_up_problem(qtbot, root, StorageProblem.CORRUPT)
    assert dialog.title.text() == "The station database is damaged"
    assert "latest good backup" in dialog.detail.text()
    assert "restore --latest --data-dir" in dialog.command.text()
    assert dialog.restore_button.isVisible()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    with qtbot.waitSignal(dialog.restored, timeout=20_000) as restored:
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_R,
                       Qt.KeyboardModifier.ControlModifier)

    assert restored.args[0].backup.label == MANUAL
    aside = list(root.glob("station.db.broken-*"))
    assert aside and aside[0].stat().st_size == (size if damage == "garbage" else size // 2)
    reopened = open_counter(root)  # the counter opens with everything the backup held
    try:
        assert handed_over(reopened.data_dir.database, kept) == 2
        assert scalar(reopened.db, "SELECT count(*) FROM outbox_event") > 0
    finally:
        reopened.close()


# --- a full disk ---------------------------------------------------------------------------------


def fill(folder: Path) -> None:
    """Take up every free byte of the file system, as another program's files do."""
    with (folder / "someone-elses-video.mp4").open("wb", buffering=0) as handle:
        block = b"\0" * 65536
        while True:
            try:
                handle.write(block)
            except OSError:  # ENOSPC: then the last few bytes one block size lower
                if len(block) == 1:
                    return
                block = block[:len(block) // 16 or 1]


def test_full_disk_saves_nothing_for_the_order_keeps_the_earlier_ones_and_health_says_so(
        qtbot: Any, small_disk: Path) -> None:
    counter = open_counter(small_disk / "data", demo=True)
    try:
        earlier = hand_over(counter, 3)
        create_application("en")
        window = build_window(counter)
        qtbot.addWidget(window)
        window.show()
        with qtbot.waitSignal(window.handover.recent_shown, timeout=10_000):
            window.start()
        type_code(qtbot, window, pickup_code(counter.db, READY))
        order_no = window.handover.card.order.order_no  # type: ignore[union-attr]
        with counter.db.engine.connect() as connection:  # the WAL's room is used up too
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        fill(small_disk)

        press_enter_to_confirm(qtbot, window)

        assert window.banner.severity is Severity.STOP
        assert window.banner.title == "Not saved: the disk is full"
        assert "Nothing was recorded" in window.banner.detail
        assert "scan the order again" in window.banner.detail
        assert scalar(counter.db, "SELECT state FROM orders WHERE order_no=:n",
                      n=order_no) == "ready"
        assert handed_over(counter.data_dir.database, earlier) == 3
        health = gather(counter.db, counter.data_dir, counter.clock())
        assert health.item("disk").state is State.BAD
        assert health.item("disk").code == "disk_critical"
        window.close()
    finally:
        counter.close()


# --- a data dir that cannot be written -----------------------------------------------------------


def test_read_only_data_dir_says_so_at_start_and_nothing_is_lost(
        qtbot: Any, small_disk: Path) -> None:
    root = small_disk / "data"
    counter = open_counter(root, demo=True)
    kept = hand_over(counter, 2)
    counter.close()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)

    dialog = start_up_problem(qtbot, root, StorageProblem.READ_ONLY)
    assert dialog.title.text() == "The data folder cannot be written"
    assert "--data-dir" in dialog.detail.text() and "--data-dir" in dialog.command.text()
    assert not dialog.restore_button.isVisible()
    assert handed_over(DataDir(root).database, kept) == 2  # read straight from the file

    # The whole start-up, as staff run it: a message and exit code 2, no traceback.
    result = subprocess.run(
        [sys.executable, "-m", "ui.launcher", "--data-dir", str(root),
         "--exit-when-ready"], capture_output=True, text=True, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, check=False)
    assert result.returncode == 2, result.stderr
    assert "cannot be written" in result.stderr and "Traceback" not in result.stderr


# --- a printer that dies in the middle of a receipt ---------------------------------------------


def test_printer_dying_mid_receipt_keeps_the_handover_and_f6_prints_it_again(
        qtbot: Any, open_window: Driver, tmp_path: Path) -> None:
    with LanPrinter(die_after=300) as printer:
        port = printer.port
        window = open_window("en", printer=PrinterSettings(
            transport="network", host="127.0.0.1", port=port, timeout_s=2.0))
        db = window.counter.db
        type_code(qtbot, window, pickup_code(db, READY))
        order_no = window.handover.card.order.order_no  # type: ignore[union-attr]
        press_enter_to_confirm(qtbot, window)
        qtbot.waitUntil(lambda: scalar(db, "SELECT status FROM print_job WHERE reference=:n",
                                       n=order_no) == "failed", timeout=15_000)
        assert 0 < len(printer.received) < 2000  # part of a receipt came out
        assert scalar(db, "SELECT state FROM orders WHERE order_no=:n", n=order_no) == \
            "handed_over"
        qtbot.waitUntil(lambda: window.banner.title.startswith("Receipt not printed"),
                        timeout=5_000)
        assert "F6" in window.banner.detail and "saved" in window.banner.detail
        assert window.status.printer.state == "error"

    with LanPrinter(port) as healthy:  # switched on again
        qtbot.keyClick(window.scan_box, Qt.Key.Key_F6)
        qtbot.waitUntil(lambda: scalar(db, "SELECT status FROM print_job WHERE reference=:n",
                                       n=order_no) == "printed", timeout=15_000)
        qtbot.waitUntil(lambda: len(healthy.received) > 500, timeout=5_000)
        printed = parse_receipt(healthy.received, tmp_path)
        assert order_no in "\n".join(printed.text_lines)
        assert printed.cuts == 1


# --- a camera another program holds -------------------------------------------------------------


def test_camera_held_by_another_program_says_so_and_typing_still_works(
        qtbot: Any, counter: Counter, tmp_path: Path) -> None:
    # No webcam here: a device node that exists but gives no pictures is what the capture code
    # sees of a camera another program holds (present, but it cannot be opened).
    device = tmp_path / "video7"
    device.write_bytes(os.urandom(4096))
    source = DeviceSource(str(device), CameraSettings(source=str(device)))
    camera = CameraWorker(source, make_pipeline(counter, "zxing"))
    create_application("en")
    window = build_window(counter, camera)
    qtbot.addWidget(window)
    window.show()
    try:
        with qtbot.waitSignal(window.handover.recent_shown, timeout=10_000):
            window.start()
        qtbot.waitUntil(lambda: window.camera.status is not None
                        and window.camera.status.health is CameraHealth.IN_USE, timeout=10_000)
        assert "in use by another program" in window.status.camera.text()
        assert "keep scanning with the scanner/typing" in window.camera.view._message
        live = window.back_office.live_devices()
        assert live.camera_state == "in_use"
        health = gather(counter.db, counter.data_dir, counter.clock(), live=live)
        assert health.item("camera").code == "camera_in_use"

        type_code(qtbot, window, pickup_code(counter.db, READY))  # the counter goes on
        press_enter_to_confirm(qtbot, window)
        assert window.banner.severity is Severity.OK
    finally:
        window.close()
