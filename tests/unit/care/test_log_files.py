"""The log file rotates and keeps five old ones."""

from __future__ import annotations

import logging
from pathlib import Path

from station_app.care.log_files import KEEP, log_files, log_to_files


def test_the_log_rotates_and_keeps_five(tmp_path: Path) -> None:
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        path = log_to_files(tmp_path / "logs", max_bytes=20_000)
        assert path is not None
        assert log_to_files(tmp_path / "logs", max_bytes=20_000) == path  # once per folder
        writer = logging.getLogger("station.test")
        for number in range(4000):
            writer.info("line %05d of the rotation test with some padding text", number)
        files = log_files(tmp_path / "logs")
        assert [p.name for p in files] == ["station.log"] + [f"station.log.{n}"
                                                            for n in range(1, KEEP + 1)]
        assert all(p.stat().st_size <= 20_000 for p in files)
        assert "line 03999" in files[0].read_text(encoding="utf-8")
    finally:
        for handler in [h for h in root.handlers if h not in before]:
            root.removeHandler(handler)
            handler.close()
        for handler in before:
            if handler not in root.handlers:
                root.addHandler(handler)


def test_a_folder_that_cannot_be_written_gives_no_log_and_no_crash(tmp_path: Path) -> None:
    blocker = tmp_path / "logs"
    blocker.write_text("a file where the folder should be")
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        assert log_to_files(blocker) is None
    finally:
        for handler in [h for h in root.handlers if h not in before]:
            root.removeHandler(handler)
        for handler in before:
            if handler not in root.handlers:
                root.addHandler(handler)
