from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import cv2

from station_app.devices.decoding import files
from ui.launcher import main

from .conftest import EAN, ORDER_NO, TOKEN, bars_image, qr_image, scene

REPO = Path(__file__).resolve().parents[4]


def run(*args: str) -> tuple[int, list[dict]]:
    out = io.StringIO()
    code = files.main(list(args), out=out)
    return code, [json.loads(line) for line in out.getvalue().splitlines()]


def test_an_image_file(tmp_path: Path) -> None:
    path = tmp_path / "phone.png"
    cv2.imwrite(str(path), scene(qr_image(TOKEN)))
    code, lines = run(str(path))
    assert code == 0
    assert lines == [{"file": str(path), "codes": [{"text": TOKEN, "format": "QRCode"}],
                      "ms": lines[0]["ms"]}]
    assert lines[0]["ms"] > 0


def test_a_folder_with_the_pyzbar_decoder(tmp_path: Path) -> None:
    cv2.imwrite(str(tmp_path / "a.png"), scene(bars_image(EAN, "EAN13")))
    cv2.imwrite(str(tmp_path / "b.jpg"), scene(qr_image(ORDER_NO), bars_image(ORDER_NO,
                                                                              "Code128")))
    cv2.imwrite(str(tmp_path / "c.png"), scene())
    (tmp_path / "notes.txt").write_text("not an image")
    code, lines = run(str(tmp_path), "--decoder", "pyzbar")
    assert code == 0
    assert [Path(line["file"]).name for line in lines] == ["a.png", "b.jpg", "c.png"]
    assert lines[0]["codes"] == [{"text": EAN, "format": "EAN13"}]
    assert sorted(c["format"] for c in lines[1]["codes"]) == ["Code128", "QRCode"]
    assert {c["text"] for c in lines[1]["codes"]} == {ORDER_NO}
    assert lines[2]["codes"] == []


def test_a_video_reports_each_code_once(tmp_path: Path) -> None:
    path = tmp_path / "counter.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), 15, (640, 480))
    for image in [scene()] * 5 + [scene(qr_image(ORDER_NO))] * 20 + [
            scene(bars_image(EAN, "EAN13"))] * 10:
        writer.write(image)
    writer.release()
    code, lines = run(str(path))
    assert code == 0
    assert lines[0]["frames"] == 35
    assert lines[0]["codes"] == [{"text": ORDER_NO, "format": "QRCode"},
                                 {"text": EAN, "format": "EAN13"}]


def test_unreadable_files_give_an_error_line(tmp_path: Path) -> None:
    broken, video = tmp_path / "broken.png", tmp_path / "broken.mp4"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n garbage")
    video.write_bytes(b"not a video")
    code, lines = run(str(broken), str(tmp_path / "missing.jpg"), str(video))
    assert code == 1
    assert [sorted(line) for line in lines] == [["error", "file"]] * 3
    assert lines[1]["error"] == "no such file"


def test_the_cli_routes_decode_without_the_window(tmp_path: Path, capsys) -> None:
    path = tmp_path / "label.png"
    cv2.imwrite(str(path), scene(bars_image(ORDER_NO, "Code128")))
    assert main(["decode", str(path)]) == 0
    line = json.loads(capsys.readouterr().out)
    assert line["codes"] == [{"text": ORDER_NO, "format": "Code128"}]


PROBE = """
import json, sys
from ui.launcher import main
code = main(["decode", sys.argv[1]])
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "ui",
                                                               "sqlalchemy")
                and m not in ("ui", "ui.launcher"))  # the front door itself, not the window
print(json.dumps(loaded))
sys.exit(code)
"""


def test_the_command_imports_no_qt_and_no_database(tmp_path: Path) -> None:
    path = tmp_path / "phone.png"
    cv2.imwrite(str(path), scene(qr_image(ORDER_NO)))
    result = subprocess.run([sys.executable, "-c", PROBE, str(path)], cwd=REPO,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    first, loaded = result.stdout.splitlines()
    assert json.loads(first)["codes"] == [{"text": ORDER_NO, "format": "QRCode"}]
    assert json.loads(loaded) == []
