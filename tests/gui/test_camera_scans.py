"""The webcam path end to end: a generated video through the real capture code opens orders."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer

from station_app.counter import Counter
from station_app.demo_camera import demo_visits
from station_app.demo_data import demo_token
from station_app.devices.camera import CameraHealth, VideoFileSource
from station_app.devices.phone_clip import write_clip
from tests.gui.conftest import press_enter_to_confirm, type_code
from tests.helpers import READY, pickup_code, rows
from ui.app import build_camera, build_window, create_application
from ui.main_window import CounterWindow
from ui.messages import Severity


def open_with_video(qtbot: Any, counter: Counter, video: Path, loop: bool) -> CounterWindow:
    create_application("en")
    camera = build_camera(counter, source=VideoFileSource(video, loop=loop))
    window = build_window(counter, camera)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.start()
    return window


def ready_orders(counter: Counter, count: int) -> list[str]:
    return [r.order_no for r in rows(counter.db, f"SELECT order_no FROM orders WHERE {READY} "
                                                 f"ORDER BY id LIMIT {count}")]


def test_moving_tilted_blurred_phone_codes_open_the_right_orders(
        qtbot: Any, counter: Counter, tmp_path: Path) -> None:
    expected = ready_orders(counter, 3)
    # What residents hold up: the signed pickup QR of their order.
    video = write_clip(tmp_path / "counter.avi",
                       [(demo_token(counter.db, no), no) for no in expected],
                       seconds_each=2.5, blur=True)
    window = open_with_video(qtbot, counter, video, loop=False)
    shown: list[str] = []

    def staff_hand_over() -> None:  # staff check the goods and press Enter for each resident
        shown.append(window.handover.card.order.order_no if window.handover.card.order else "-")
        if window.handover.card.handable:
            QTimer.singleShot(100, window.handover.confirm)

    window.handover.lookup_shown.connect(staff_hand_over)
    qtbot.waitUntil(lambda: len(shown) >= 3, timeout=30_000)
    qtbot.wait(500)
    assert shown == expected  # each code once, in the order the residents came
    handed = rows(counter.db, "SELECT order_no FROM orders WHERE state = 'handed_over' "
                              "AND order_no IN (:a, :b, :c)", a=expected[0], b=expected[1],
                  c=expected[2])
    assert len(handed) == 3
    assert window.camera.view.frames_shown > 10
    assert window.sounds.played[-1] == "ok"
    window.close()


def test_a_camera_that_disappears_is_reported_and_recovered(
        qtbot: Any, counter: Counter, tmp_path: Path) -> None:
    video = write_clip(tmp_path / "cam.avi", [(ready_orders(counter, 1)[0], "")],
                       seconds_each=1.0)
    window = open_with_video(qtbot, counter, video, loop=False)
    camera = window.camera.worker
    assert camera is not None
    qtbot.waitUntil(lambda: camera.capture.health is CameraHealth.RUNNING, timeout=10_000)
    unplugged = video.rename(tmp_path / "unplugged.avi")  # the device goes away
    qtbot.waitUntil(lambda: camera.capture.health is CameraHealth.LOST, timeout=10_000)
    qtbot.waitUntil(lambda: window.status.camera.state == "error", timeout=5_000)
    assert "reconnecting" in window.status.camera.text()
    unplugged.rename(video)  # plugged back in
    qtbot.waitUntil(lambda: camera.capture.health is CameraHealth.RUNNING, timeout=10_000)
    qtbot.waitUntil(lambda: window.status.camera.state == "ok", timeout=10_000)
    window.close()


def test_demo_clip_shows_ready_and_problem_orders(counter: Counter) -> None:
    visits = demo_visits(counter.db, counter.station_id)
    assert len(visits) == 7
    assert all(payload for payload, _ in visits)


def plain_window(qtbot: Any, counter: Counter) -> CounterWindow:
    create_application("en")
    window = build_window(counter)
    qtbot.addWidget(window)
    window.show()
    window.start()
    return window


def test_a_camera_code_never_swaps_the_order_staff_are_handing_over(
        qtbot: Any, counter: Counter, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ui.desks.base.MIN_READABLE_S", 0.5)
    window = plain_window(qtbot, counter)
    first, second = ready_orders(counter, 2)
    type_code(qtbot, window, pickup_code(counter.db, f"order_no = '{first}'"))
    assert window.handover.card.order is not None and window.handover.card.order.order_no == first

    phone = demo_token(counter.db, second)
    assert not window.scan_from_camera(phone)  # someone else's phone drifts into view
    qtbot.wait(200)
    assert window.handover.card.order.order_no == first
    press_enter_to_confirm(qtbot, window)  # Enter hands over the order staff were looking at
    assert rows(counter.db, "SELECT state FROM orders WHERE order_no = :n",
                n=first)[0].state == "handed_over"
    assert rows(counter.db, "SELECT state FROM orders WHERE order_no = :n",
                n=second)[0].state == "ready"
    # The green "handed over" stays readable: a phone still in view does not replace it.
    assert not window.scan_from_camera(phone)
    assert window.banner.severity is Severity.OK
    qtbot.wait(600)
    with qtbot.waitSignal(window.handover.lookup_shown, timeout=5_000):
        assert window.scan_from_camera(phone)  # after a moment the camera works again
    assert window.handover.card.order.order_no == second
    window.close()


def test_a_camera_read_never_replaces_what_staff_typed_until_enter_or_esc(
        qtbot: Any, counter: Counter, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cancelled order's code typed at the counter was replaced within 0.3 s by orders the
    camera read: staff never saw what they had asked for."""
    monkeypatch.setattr("ui.desks.base.MIN_READABLE_S", 0.0)
    window = plain_window(qtbot, counter)
    type_code(qtbot, window, pickup_code(counter.db, "state = 'cancelled'"))
    title = window.banner.title
    phone = demo_token(counter.db, ready_orders(counter, 1)[0])
    for _ in range(3):
        assert not window.scan_from_camera(phone)
        qtbot.wait(150)
    assert window.banner.title == title
    qtbot.keyClick(window.scan_box, Qt.Key.Key_Escape)  # staff are done with it
    with qtbot.waitSignal(window.handover.lookup_shown, timeout=5_000):
        assert window.scan_from_camera(phone)
    window.close()


def test_the_camera_feeds_only_what_the_screen_asked_for(qtbot: Any,
                                                         counter: Counter) -> None:
    """Signed pickup QR codes the receiving and sales desks never asked for gave them red
    banners ("unknown code PT1…"); at handover a bag label or a product barcode in view
    opened things too."""
    window = plain_window(qtbot, counter)
    order_no = ready_orders(counter, 1)[0]
    phone = demo_token(counter.db, order_no)
    for code in (order_no, "6901234500017", "S-XF01-20261125-0001"):
        assert not window.scan_from_camera(code)  # at handover: only a resident's QR
    for desk in ("receiving", "sales", "stock", "shift", "reports"):
        window.show_desk(desk)
        assert not window.scan_from_camera(phone)
        assert window.banner.severity is None
    window.close()


@pytest.mark.skipif(os.name != "posix", reason="Windows has no POSIX modes")
def test_a_photo_is_the_counter_accounts_alone(qtbot: Any, counter: Counter,
                                               tmp_path: Path) -> None:
    """A photo of a damaged carton or a refused item may show a resident: 0600 in a 0700
    folder, even in a process started with the usual umask."""
    old = os.umask(0o022)
    try:
        video = write_clip(tmp_path / "cam.avi", [(ready_orders(counter, 1)[0], "")],
                           seconds_each=1.0)
        window = open_with_video(qtbot, counter, video, loop=True)
        qtbot.waitUntil(lambda: window.camera.view.frames_shown > 0, timeout=10_000)
        relative = window.camera.take_photo("damaged carton")
        assert relative is not None
        photo = counter.data_dir.root / relative
        assert stat.S_IMODE(photo.stat().st_mode) == 0o600
        assert stat.S_IMODE(photo.parent.stat().st_mode) == 0o700
        window.close()
    finally:
        os.umask(old)
