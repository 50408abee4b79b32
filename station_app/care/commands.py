"""`station-app backup | backups | restore | health | support-bundle`: looking after a counter
from the command line, without the window (no Qt is loaded). They log to the data dir's log
like the window does."""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from station_app.care.app_lock import CounterRunning, hold_counter_lock
from station_app.care.backups import (
    MANUAL,
    BackupFailed,
    integrity,
    list_backups,
    take_backup,
)
from station_app.care.health import Check, HealthReport, State, gather, size_text
from station_app.care.log_files import log_to_files
from station_app.care.restore import RestoreRefused, restore
from station_app.care.support_bundle import enrolled_secret_forms, write_bundle
from station_app.clock import station_time
from station_app.paths import DataDir
from station_app.private_files import restrict_umask
from station_app.services.staff import StaffAccounts, StaffRefusal, StaffRefused
from station_app.storage.database import Database, DatabaseError, open_database

log = logging.getLogger("station.care")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="station-app", description="Look after the counter's "
                                     "data: backups, restore, health, support bundle.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", type=Path, default=None,
                        help="the station's data dir (default: as for the window)")
    common.add_argument("--demo", action="store_true", help="the demo station's data dir")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("backup", parents=[common], help="take a checked backup now")
    commands.add_parser("backups", parents=[common],
                        help="list the backups with size, time and check result")
    restoring = commands.add_parser(
        "restore", parents=[common], help="replace the database with a backup (the app must "
        "be closed; the current file is kept as station.db.broken-<time>)")
    which = restoring.add_mutually_exclusive_group()
    which.add_argument("backup", nargs="?", type=Path, help="the backup file to restore")
    which.add_argument("--latest", action="store_true", help="the newest good backup")
    restoring.add_argument("--force", action="store_true",
                           help="restore even though the current database can still be read")
    health = commands.add_parser("health", parents=[common], help="the health report")
    health.add_argument("--json", action="store_true", help="as JSON")
    health.add_argument("--integrity", action="store_true",
                        help="full integrity check of the database (slow on a big one)")
    bundle = commands.add_parser("support-bundle", parents=[common],
                                 help="a zip of logs, settings and health for support: no "
                                      "personal data, no secrets")
    bundle.add_argument("--out", type=Path, default=None,
                        help="where to write it (default: the data dir)")
    reset = commands.add_parser(
        "reset-pin", parents=[common],
        help="set a staff member's PIN from this PC's own account: the way back in when the "
             "station's only manager is locked out (the counter must be closed; audited)")
    reset.add_argument("name", help="the staff member's name, as on the sign-in list")
    return parser


def main(args: Sequence[str], default_data_dir: Callable[[bool], Path]) -> int:
    restrict_umask()  # also when called without the launcher: logs, backups, bundles
    options = build_parser().parse_args(list(args))
    data_dir = DataDir(options.data_dir or default_data_dir(options.demo))
    log_to_files(data_dir.logs)
    log.info("station-app %s (data dir %s)", " ".join(args), data_dir.root)
    now = datetime.now(UTC)
    try:
        match options.command:
            case "backups":
                return _list(data_dir)
            case "reset-pin":
                return _reset_pin(data_dir, options.name)
            case "restore":
                report = restore(data_dir, options.backup, options.force, now)
                log.info("restored %s: %s", report.backup.path.name, " ".join(report.lines()))
                print("\n".join(report.lines()))
                return 0
            case _:
                db = open_database(data_dir.database, data_dir.backups)
                try:
                    return _with_database(options, data_dir, db, now)
                finally:
                    db.close()
    except (CounterRunning, RestoreRefused, BackupFailed, DatabaseError, OSError) as error:
        log.warning("station-app %s failed: %s", options.command, error)
        print(f"station-app {options.command}: {error}", file=sys.stderr)
        return 2


def _with_database(options: argparse.Namespace, data_dir: DataDir, db: Database,
                   now: datetime) -> int:
    if options.command == "backup":
        taken = take_backup(db, data_dir.backups, MANUAL, now)
        log.info("backup taken: %s", taken.path.name)
        print(f"{taken.path} ({size_text(taken.size)}, checked: ok)")
        return 0
    check = Check.FULL if options.command == "health" and options.integrity else Check.QUICK
    report = gather(db, data_dir, now, check)
    if options.command == "health":
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2) if options.json
              else _as_text(report))
        return 1 if report.worst is State.BAD else 0
    path = write_bundle(data_dir, options.out or data_dir.root, report, now,
                        enrolled_secret_forms(db, data_dir.root))
    print(path)
    return 0


def _reset_pin(data_dir: DataDir, name: str) -> int:
    lock = hold_counter_lock(data_dir)  # the counter must not run meanwhile
    try:
        pin = getpass.getpass(f"New PIN for {name} (4-8 digits, a manager's 6-8; no run like "
                              "1234, no repeat like 1111): ")
        if getpass.getpass("The same PIN again: ") != pin:
            print("The two PINs differ; nothing was changed.", file=sys.stderr)
            return 2
        db = open_database(data_dir.database, data_dir.backups)
        try:
            StaffAccounts(db).reset_at_the_pc(name, pin)
        except StaffRefused as refused:
            print({StaffRefusal.BAD_PIN: "A PIN is 4 to 8 digits (a station manager's 6 to 8) "
                                         "that others cannot guess: no run like 1234 or 4321, "
                                         "no repeat like 1111 or 1212.",
                   StaffRefusal.UNKNOWN: f"No active staff member is called {name}."}.get(
                refused.reason, str(refused)), file=sys.stderr)
            return 2
        finally:
            db.close()
    finally:
        lock.release()
    log.info("PIN of %s set at the PC", name)
    print(f"{name}'s PIN is set and the account unlocked.")
    return 0


def _list(data_dir: DataDir) -> int:
    backups = list_backups(data_dir.backups)
    if not backups:
        print(f"No backups in {data_dir.backups}.")
        return 1
    for backup in backups:
        taken = station_time(backup.taken_at).strftime("%Y-%m-%d %H:%M")
        print(f"{taken}  {size_text(backup.size):>9}  {integrity(backup.path, quick=True):<6}"
              f"  {backup.path.name}")
    return 0


def _as_text(report: HealthReport) -> str:
    lines = [f"schema {report.schema}, {report.worst.value.upper()}"]
    lines += [f"{item.state.value.upper():<4}  {item.key:<9} {item.value:>10}  {item.message}"
              for item in report.items]
    return "\n".join(lines)
