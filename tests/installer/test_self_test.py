"""`station-app --self-test`: in this process, as a command, and with a check broken on purpose."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

import ui.self_test
from station_app import self_test
from station_app.storage.database import DatabaseError
from tests.installer.conftest import ROOT

CHECKS = [
    "migrations bundled", "database created and migrated", "demo station", "handover receipt",
    "ESC/POS bytes", "receipt picture", "QR read back (zxing)", "QR read back (pyzbar)",
    "Chinese font for receipts", "resources bundled", "translations (zh_CN, en)",
    "Chinese font on screen", "sounds (QtMultimedia)", "voice (clips, OS speech)",
    "stylesheet and language",
    "demo head office (sync on loopback)", "counter window",
]


def lines_of(output: str, mark: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(mark)]


def test_every_check_passes_in_process(qapp: Any, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    # A station already lives in the data dir: the self-test must not touch it.
    station_db = tmp_path / "station.db"
    station_db.write_bytes(b"the station's own database")
    before = hashlib.sha256(station_db.read_bytes()).hexdigest()

    assert ui.self_test.run(tmp_path) == 0

    out = capsys.readouterr().out
    passed = lines_of(out, "✓")
    assert [line.split(":")[0][2:] for line in passed] == CHECKS
    assert not lines_of(out, "✗")
    assert "self-test passed" in out
    assert hashlib.sha256(station_db.read_bytes()).hexdigest() == before
    work = tmp_path / "self-test"
    with Image.open(work / "window.png") as window:
        assert window.size == (1366, 768)
    with Image.open(work / "receipt.png") as receipt:
        assert receipt.width > 500
    assert (work / "receipt.escpos").read_bytes().startswith(b"\x1b@")


def test_a_missing_translations_folder_fails_the_self_test(
        qapp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    # A build that forgot the .qm files: everything else is in place.
    broken = tmp_path / "resources"
    shutil.copytree(ROOT / "resources", broken, ignore=shutil.ignore_patterns("translations"))
    monkeypatch.setattr(ui.self_test, "resources_dir", lambda: broken)

    assert ui.self_test.run(tmp_path / "data") == 1

    out = capsys.readouterr().out
    failed = lines_of(out, "✗")
    assert len(failed) == 1
    assert failed[0].startswith("✗ translations (zh_CN, en): ")
    assert "station_zh_CN.qm does not load" in failed[0]
    assert f"FAILED (1 of {len(CHECKS)} checks)" in out
    assert len(lines_of(out, "✓")) == len(CHECKS) - 1


def test_checks_that_need_the_station_are_not_run_without_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    def unreadable(root: Path, demo: bool = False) -> None:
        raise DatabaseError("The station database cannot be read (file is not a database).")

    monkeypatch.setattr(self_test, "open_counter", unreadable)
    test = self_test.SelfTest(tmp_path)

    assert self_test.run_core_checks(test) is None

    results = {result.name: result for result in test.results}
    assert results["demo station"].detail.startswith("The station database cannot be read")
    for name in ("handover receipt", "ESC/POS bytes", "receipt picture", "QR read back (zxing)",
                 "QR read back (pyzbar)"):
        assert not results[name].ok
        assert results[name].detail.startswith("not run:")
    assert results["migrations bundled"].ok and results["Chinese font for receipts"].ok
    assert not test.passed
    assert "✗ demo station: The station database cannot be read" in capsys.readouterr().out


def test_the_command_line_self_test(tmp_path: Path) -> None:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "ui.launcher", "--self-test"], check=False, cwd=ROOT,
        capture_output=True, text=True, encoding="utf-8", timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", "TMPDIR": str(tmp_path)},
    )
    seconds = time.perf_counter() - started
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(lines_of(done.stdout, "✓")) == len(CHECKS), done.stdout
    assert "self-test passed" in done.stdout
    # Passed: the temporary work folder is gone again.
    assert not list(tmp_path.glob("station-self-test-*"))
    print(f"self-test from source: {seconds:.1f} s")


def test_a_data_dir_it_cannot_write_is_reported_not_raised(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    not_a_folder = tmp_path / "station.db"
    not_a_folder.write_bytes(b"a file where a folder was expected")

    assert ui.self_test.run(not_a_folder) == 1

    out = capsys.readouterr().out
    assert out.startswith("✗ work folder: cannot write there")
    assert "give a writable --data-dir" in out
