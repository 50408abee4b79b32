"""A power cut at any instant of a restore leaves a whole database: the old one (restore again)
or the restored one; never no `station.db` at all (the old restore moved the old file away
before renaming the new one in, with no folder sync in between)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from station_app.care.backups import MANUAL, take_backup
from station_app.care.restore import restore
from station_app.counter import Counter, open_counter
from station_app.storage import swap
from tests.helpers import scalar


class PowerCut(BaseException):
    """The machine stops here (BaseException: nothing on the way catches it)."""


@pytest.fixture
def counter(tmp_path: Path) -> Iterator[Counter]:
    opened = open_counter(tmp_path / "data", demo=True)
    yield opened
    opened.close()


def events(root: Path) -> int:
    reopened = open_counter(root)  # what the next start does
    try:
        return int(scalar(reopened.db, "SELECT count(*) FROM outbox_event"))
    finally:
        reopened.close()


@pytest.mark.parametrize("cut", ["before_journal", "after_journal", "after_old_wal_gone",
                                 "after_rename"])
def test_a_power_cut_anywhere_in_a_restore_leaves_a_whole_database(
        counter: Counter, monkeypatch: pytest.MonkeyPatch, cut: str) -> None:
    backup = take_backup(counter.db, counter.data_dir.backups, MANUAL, datetime.now(UTC))
    in_backup = scalar(counter.db, "SELECT count(*) FROM outbox_event")
    code = scalar(counter.db, "SELECT pickup_code FROM orders WHERE state = 'ready' "
                              "ORDER BY id LIMIT 1")
    order = counter.handovers.lookup(code).order
    assert order is not None
    counter.handovers.confirm(order.order_no, 1, code)  # after the backup: only the old file has it
    counter.close()
    root, database = counter.data_dir.root, counter.data_dir.database

    real_replace, real_complete = Path.replace, swap._complete

    def replace(self: Path, target: Path) -> Path:  # type: ignore[override]
        if cut == "after_old_wal_gone" and self.name.endswith(".restoring"):
            raise PowerCut
        moved = real_replace(self, target)
        if cut == "after_rename" and self.name.endswith(".restoring"):
            raise PowerCut
        return moved

    def complete(path: Path) -> None:
        if cut == "after_journal":
            raise PowerCut
        real_complete(path)

    if cut == "before_journal":
        monkeypatch.setattr("station_app.care.restore.swap_in",
                            lambda _database: (_ for _ in ()).throw(PowerCut()))
    monkeypatch.setattr(Path, "replace", replace)
    monkeypatch.setattr("station_app.storage.swap._complete", complete)
    with pytest.raises(PowerCut):
        restore(counter.data_dir, backup.path, force=True,
                now=datetime.now(UTC) + timedelta(minutes=1))
    monkeypatch.undo()

    assert database.exists() or swap.journal_for(database).exists()
    expected = in_backup + 1 if cut == "before_journal" else in_backup  # old file, or new
    assert events(root) == expected
    assert not swap.journal_for(database).exists()
    assert list(root.glob("station.db.broken-*")), "the old file is always kept for support"
