"""The webcam path end to end: a generated video through the real capture code opens orders."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from station_app.counter import Counter
from station_app.demo_camera import demo_visits
from station_app.devices.camera import CameraHealth, VideoFileSource
from station_app.devices.phone_clip import write_clip
from tests.helpers import READY, rows
from ui.app import build_camera, build_window, create_application
from ui.main_window import CounterWindow


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
    video = write_clip(tmp_path / "counter.avi", [(no, no) for no in expected],
                       seconds_each=2.5, blur=True)
    window = open_with_video(qtbot, counter, video, loop=False)
    shown: list[str] = []
    window.lookup_shown.connect(
        lambda: shown.append(window.card.order.order_no if window.card.order else "-"))

    qtbot.waitUntil(lambda: len(shown) >= 3, timeout=30_000)
    qtbot.wait(500)
    assert shown == expected  # each code once, in the order the residents came
    assert window.camera_view.frames_shown > 10
    assert window.sounds.played[-1] == "ok"
    window.close()


def test_a_camera_that_disappears_is_reported_and_recovered(
        qtbot: Any, counter: Counter, tmp_path: Path) -> None:
    video = write_clip(tmp_path / "cam.avi", [(ready_orders(counter, 1)[0], "")],
                       seconds_each=1.0)
    window = open_with_video(qtbot, counter, video, loop=False)
    camera = window.camera
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
