"""Daily backups (checked, one per China business day, pruned by age) and restore."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from station_app.care.app_lock import CounterRunning, hold_counter_lock
from station_app.care.backups import (
    DAILY,
    MANUAL,
    daily_backup,
    integrity,
    list_backups,
    prune,
    take_backup,
)
from station_app.care.restore import RestoreRefused, restore
from station_app.counter import Counter, open_counter
from station_app.storage.database import DatabaseError, StorageProblem
from tests.helpers import scalar

REPO = Path(__file__).resolve().parents[3]
# 15:30 UTC is 23:30 in China: half an hour later it is the next business day there.
LATE = datetime(2026, 11, 25, 15, 30, tzinfo=UTC)


def test_one_checked_daily_backup_per_china_business_day(counter: Counter) -> None:
    first = daily_backup(counter.db, counter.data_dir, 14, LATE)
    assert first.taken is not None and first.taken.label == DAILY
    assert integrity(first.taken.path) == "ok"
    with sqlite3.connect(first.taken.path) as copy:  # a whole station, not an empty file
        assert copy.execute("SELECT count(*) FROM orders").fetchone()[0] == \
            scalar(counter.db, "SELECT count(*) FROM orders")
    assert daily_backup(counter.db, counter.data_dir, 14, LATE + timedelta(minutes=20)).taken \
        is None  # still 25 November in China
    next_day = daily_backup(counter.db, counter.data_dir, 14, LATE + timedelta(minutes=40))
    assert next_day.taken is not None  # 26 November in China, though still the 25th in UTC
    assert len(list_backups(counter.data_dir.backups)) == 2


def test_prune_by_age_keeps_the_newest_good_backup(counter: Counter) -> None:
    folder = counter.data_dir.backups
    old = [take_backup(counter.db, folder, label, LATE - timedelta(days=days))
           for label, days in ((DAILY, 30), ("before-0007", 20), (DAILY, 16), (DAILY, 3))]
    removed = prune(folder, 14, LATE)
    assert sorted(removed) == sorted(b.path for b in old[:3])
    assert [b.path for b in list_backups(folder)] == [old[3].path]

    # Everything is older than the retention: the newest good one stays all the same, and a
    # damaged newer one does not count as good.
    take_backup(counter.db, folder, MANUAL, LATE - timedelta(days=1))
    damaged = list_backups(folder)[0].path
    with damaged.open("r+b") as handle:
        handle.seek(0)
        handle.write(b"garbage" * 20)
    prune(folder, 1, LATE + timedelta(days=30))
    assert [b.path for b in list_backups(folder)] == [old[3].path]


def test_a_damaged_copy_is_never_counted_as_a_backup(counter: Counter) -> None:
    taken = take_backup(counter.db, counter.data_dir.backups, MANUAL, LATE)
    with taken.path.open("r+b") as handle:  # a page in the middle goes bad on the disk
        handle.seek(8 * 4096)
        handle.write(os.urandom(4096))
    assert integrity(taken.path) != "ok"


def test_truncated_database_is_caught_at_start_up(counter: Counter) -> None:
    path = counter.data_dir.database
    counter.close()
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.truncate(size // 3)
    with pytest.raises(DatabaseError) as raised:
        open_counter(path.parent)
    assert raised.value.problem is StorageProblem.CORRUPT
    assert "cut short" in str(raised.value) and "backup" in str(raised.value)


def test_restore_refuses_while_the_counter_runs_and_over_a_readable_database(
        counter: Counter) -> None:
    take_backup(counter.db, counter.data_dir.backups, MANUAL, LATE)
    lock = hold_counter_lock(counter.data_dir)  # the app holds this while it runs
    try:
        with pytest.raises(CounterRunning, match="close it first"):
            restore(counter.data_dir)
    finally:
        lock.release()
    with pytest.raises(RestoreRefused, match="--force"):
        restore(counter.data_dir)
    assert not list(counter.data_dir.root.glob("station.db.broken-*"))


def test_restore_puts_the_backup_back_and_keeps_the_damaged_file(counter: Counter) -> None:
    before = scalar(counter.db, "SELECT count(*) FROM outbox_event")
    backup = take_backup(counter.db, counter.data_dir.backups, MANUAL, LATE)
    root, database = counter.data_dir.root, counter.data_dir.database
    counter.close()
    garbage = os.urandom(database.stat().st_size)
    database.write_bytes(garbage)

    report = restore(counter.data_dir, now=LATE + timedelta(hours=1))

    assert report.backup.path == backup.path
    assert [p.name for p in report.set_aside] == ["station.db.broken-20261125T163000Z"]
    assert report.set_aside[0].read_bytes() == garbage  # never deleted
    assert report.restored is not None and report.restored.last_seq == before
    text = "\n".join(report.lines())
    assert f"events 1-{before}" in text and "takes back from head office" in text
    assert "could not be read" in text  # the old file is garbage: nothing can be named
    reopened = open_counter(root)
    try:
        assert scalar(reopened.db, "SELECT count(*) FROM outbox_event") == before
    finally:
        reopened.close()


def test_restore_refuses_a_damaged_backup(counter: Counter, tmp_path: Path) -> None:
    bad = tmp_path / "station-20261125T000000Z-manual.db"
    bad.write_bytes(b"SQLite format 3\0" + os.urandom(9000))
    counter.close()
    with pytest.raises(RestoreRefused, match="not usable"):
        restore(counter.data_dir, bad, force=True)
    assert counter.data_dir.database.exists()


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ui.launcher", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=120, check=False)


def test_backup_backups_and_restore_commands(counter: Counter) -> None:
    root = str(counter.data_dir.root)
    counter.close()
    taken = run_cli("backup", "--data-dir", root)
    assert taken.returncode == 0, taken.stderr
    assert "checked: ok" in taken.stdout
    listed = run_cli("backups", "--data-dir", root)
    assert listed.returncode == 0 and " ok " in listed.stdout and "-manual.db" in listed.stdout

    refused = run_cli("restore", "--latest", "--data-dir", root)
    assert refused.returncode == 2 and "--force" in refused.stderr
    forced = run_cli("restore", "--latest", "--force", "--data-dir", root)
    assert forced.returncode == 0, forced.stderr
    assert "Restored station-" in forced.stdout and "station.db.broken-" in forced.stdout
    log = (counter.data_dir.logs / "station.log").read_text(encoding="utf-8")
    assert "backup taken" in log and "restored station-" in log  # the commands log too


def test_reset_pin_at_the_pc_lets_a_locked_out_sole_manager_back_in(
        counter: Counter, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The third lock-out holds until a manager resets the PIN: with one manager, only the
    PC's own account can."""
    from station_app.care.commands import main as care_main
    from station_app.services.staff import StaffAccounts, StaffRefused

    with counter.db.writing() as session:
        session.execute(text("UPDATE staff SET lockouts = 3, locked_until = '9999-01-01T00:"
                             "00:00.000000Z' WHERE name = '陈建国'"))
    with pytest.raises(StaffRefused):
        StaffAccounts(counter.db).sign_in(2, "2222")
    root = counter.data_dir.root
    counter.close()
    pins = iter(["593817", "593817"])
    monkeypatch.setattr("getpass.getpass", lambda _prompt="": next(pins))
    assert care_main(["reset-pin", "陈建国", "--data-dir", str(root)],
                     lambda _demo: root) == 0
    assert "unlocked" in capsys.readouterr().out
    reopened = open_counter(root)
    try:
        assert StaffAccounts(reopened.db).sign_in(2, "593817").name == "陈建国"
        assert "reset-pin" in str(scalar(reopened.db, "SELECT detail FROM audit_log WHERE "
                                                      "action = 'pin_changed' ORDER BY id "
                                                      "DESC LIMIT 1"))
    finally:
        reopened.close()
