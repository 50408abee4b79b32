"""The audit log: recorded in the action's transaction, listed newest first with filters,
refuses to be edited, exported as CSV that Excel and the csv module read."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError as SqlError

from station_app.counter import Counter
from station_app.services.audit import CSV_HEADER, actions, entries, export_csv, record

CLERK, MANAGER = 1, 2
T0 = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)


def seed(counter: Counter) -> None:
    with counter.db.writing() as session:
        record(session, "sign_in", CLERK, T0)
        record(session, "override", CLERK, T0 + timedelta(minutes=1), approver_id=MANAGER,
               subject="S-XF01-20261125-0001", detail="discount ¥9.80, 折扣")
        record(session, "sign_in", MANAGER, T0 + timedelta(days=1))


def test_entries_newest_first_and_filtered(counter: Counter) -> None:
    seed(counter)
    every = entries(counter.db)
    assert [(e.action, e.staff_id) for e in every] == [
        ("sign_in", MANAGER), ("override", CLERK), ("sign_in", CLERK)]
    assert every[1].staff_name == "王丽" and every[1].approver_name == "陈建国"
    day = entries(counter.db, since=T0, until=T0 + timedelta(hours=1))
    assert [e.action for e in day] == ["override", "sign_in"]
    assert [e.action for e in entries(counter.db, action="override")] == ["override"]
    # A staff filter finds them as actor or as approver.
    assert [e.action for e in entries(counter.db, staff_id=MANAGER)] == ["sign_in", "override"]
    assert actions(counter.db) == ["override", "sign_in"]


@pytest.mark.parametrize("sql", [
    "UPDATE audit_log SET detail = 'nothing happened'",
    "UPDATE audit_log SET approver_id = NULL",
    "DELETE FROM audit_log",
])
def test_the_database_refuses_to_rewrite_the_log(counter: Counter, sql: str) -> None:
    seed(counter)
    before = entries(counter.db)
    with pytest.raises(SqlError, match="audit_log is history"), counter.db.writing() as session:
        session.execute(text(sql))
    assert entries(counter.db) == before


def test_nothing_in_the_app_edits_the_log() -> None:
    """No module outside the migrations writes UPDATE/DELETE on audit_log."""
    root = Path(__file__).resolve().parents[3]
    for path in [*(root / "station_app").rglob("*.py"), *(root / "ui").rglob("*.py"),
                 *(root / "sync").rglob("*.py")]:
        if "migrations" in path.parts:
            continue
        source = path.read_text(encoding="utf-8").lower()
        for verb in ("update audit_log", "delete from audit_log", "update(auditentry",
                     "delete(auditentry"):
            assert verb not in source, f"{path} edits the audit log"


def test_csv_export_opens_with_the_right_rows(counter: Counter, tmp_path: Path) -> None:
    seed(counter)
    path = tmp_path / "audit.csv"
    chosen = entries(counter.db, action="override")
    assert export_csv(path, chosen) == 1
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for Chinese
    with path.open(encoding="utf-8-sig", newline="") as stream:
        table = list(csv.reader(stream))
    assert tuple(table[0]) == CSV_HEADER
    assert table[1:] == [[str(chosen[0].id), (T0 + timedelta(minutes=1)).isoformat(),
                          "override", "1", "王丽", "2", "陈建国", "S-XF01-20261125-0001",
                          "discount ¥9.80, 折扣"]]


def test_csv_cells_cannot_become_formulas(counter: Counter, tmp_path: Path) -> None:
    with counter.db.writing() as session:
        record(session, "note", CLERK, T0, detail="=HYPERLINK(\"http://x\")")
    path = tmp_path / "audit.csv"
    export_csv(path, entries(counter.db))
    with path.open(encoding="utf-8-sig", newline="") as stream:
        assert list(csv.reader(stream))[1][-1] == "'=HYPERLINK(\"http://x\")"
