"""The health report: each item's state follows what is really on disk and in the database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from station_app.care.backups import MANUAL, take_backup
from station_app.care.health import Check, LiveDevices, State, gather, size_text
from station_app.counter import Counter
from station_app.storage.database import SCHEMA_HEAD, open_database

REPO = Path(__file__).resolve().parents[3]


def test_a_fresh_demo_counter(counter: Counter) -> None:
    now = counter.clock()
    report = gather(counter.db, counter.data_dir, now, Check.QUICK)
    assert [i.key for i in report.items] == ["database", "backup", "outbox", "sync", "clock",
                                             "counters", "disk", "printer", "camera", "logs"]
    assert report.item("counters").state == State.OFF  # the demo station has one counter
    assert report.item("database").code == "db_ok"
    assert report.item("backup").state is State.BAD  # none taken yet: say so, loudly
    assert report.item("sync").state is State.OFF
    assert report.item("camera").state is State.OFF
    assert report.schema == SCHEMA_HEAD
    assert json.loads(json.dumps(report.to_json()))["items"][0]["key"] == "database"

    take_backup(counter.db, counter.data_dir.backups, MANUAL, now)
    assert gather(counter.db, counter.data_dir, now).item("backup").state is State.OK
    later = gather(counter.db, counter.data_dir, now + timedelta(days=2))
    assert later.item("backup").state is State.WARN
    assert later.item("outbox").state is State.WARN  # demo events unsent for two days
    much_later = gather(counter.db, counter.data_dir, now + timedelta(days=4))
    assert much_later.item("backup").state is State.BAD
    assert much_later.item("outbox").state is State.BAD
    assert much_later.worst is State.BAD


def test_integrity_check_finds_a_damaged_page(counter: Counter) -> None:
    path = counter.data_dir.database
    counter.close()
    pages = path.stat().st_size // 4096
    with path.open("r+b") as handle:  # a page far from the schema goes bad on the disk
        handle.seek(pages * 3 // 4 * 4096)
        handle.write(os.urandom(4096))
    db = open_database(path, counter.data_dir.backups)
    try:
        report = gather(db, counter.data_dir, counter.clock(), Check.FULL)
        assert report.item("database").state is State.BAD
        assert report.item("database").code == "db_damaged"
    finally:
        db.close()


def test_failed_receipts_and_live_devices(counter: Counter) -> None:
    with counter.db.writing() as session:
        session.connection().exec_driver_sql(
            "INSERT INTO print_job (kind, reference, payload, status, attempts, last_error, "
            "created_at) VALUES ('handover_receipt', 'X', '{}', 'failed', 1, 'paper out', "
            "'2026-01-01T00:00:00.000000Z')")
    live = LiveDevices(printer_state="error", printer_text="1 receipt(s) not printed",
                       camera_state="running", camera_fps=29.7, decode_fps=12.0, decode_ms=4.2)
    report = gather(counter.db, counter.data_dir, counter.clock(), live=live)
    printer, camera = report.item("printer"), report.item("camera")
    assert printer.state is State.WARN and "paper out" in printer.message
    assert "F6" in printer.message
    assert camera.state is State.OK and camera.value == "30 fps"
    assert camera.figures == {"1": "30", "2": "12", "3": "4"}


def test_health_command_prints_json(counter: Counter) -> None:
    root = str(counter.data_dir.root)
    counter.close()
    result = subprocess.run([sys.executable, "-m", "ui.launcher", "health", "--json",
                             "--data-dir", root], cwd=REPO, capture_output=True, text=True,
                            timeout=120, check=False)
    report = json.loads(result.stdout)
    assert result.returncode == 1  # no backup yet: "bad" is the exit status too
    assert report["worst"] == "bad" and report["schema"] == SCHEMA_HEAD
    assert {item["key"] for item in report["items"]} >= {"database", "disk", "outbox"}


def test_sizes_read_at_a_glance() -> None:
    assert [size_text(n) for n in (3_000, 600_000, 76_000 * 1024 * 1024)] == [
        "3 KB", "0.6 MB", "74.2 GB"]


def test_the_clock_row_shows_a_pc_clock_off_and_a_counter_clock_held_ahead(
        counter: Counter) -> None:
    from datetime import timedelta

    from sqlalchemy import text

    from station_app.security.trusted_clock import TrustedClock

    now = counter.clock()
    assert gather(counter.db, counter.data_dir, now).item("clock").state is State.OFF
    with counter.db.writing() as session:  # as a sync records head office's time
        session.execute(text("INSERT OR REPLACE INTO sync_status (id, acked_through_seq, "
                             "failures, clock_offset_ms) VALUES (1, 0, 0, 600000)"))
    clock = gather(counter.db, counter.data_dir, now).item("clock")
    assert (clock.state, clock.code) == (State.WARN, "clock_behind")
    TrustedClock(counter.db, lambda: now + timedelta(days=365)).now()  # ran ahead once
    clock = gather(counter.db, counter.data_dir, now).item("clock")
    assert (clock.state, clock.code) == (State.BAD, "clock_trusted_ahead")
    assert "Ctrl+T" in clock.message
