"""The demo never runs on a real station's data: not by --demo with the station's data dir
set in the environment, not by --demo --data-dir pointing at it, not by seeding the demo day
into its database (which would trust the public demo signing key)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import text

from station_app.counter import open_counter
from station_app.demo_data import seed_demo
from station_app.demo_guard import RealStationData
from station_app.paths import DataDir
from station_app.security.key_store import HEAD_OFFICE, store_key
from station_app.security.pins import hash_pin
from station_app.security.token_signing import raw_public_key
from station_app.security.token_verifier import TrustedKey, key_id_for
from station_app.setup.first_run import SetupRefused, enrol_demo
from station_app.storage.database import open_database
from station_app.storage.models import Staff, Station
from ui import launcher

NOW = datetime(2026, 12, 5, 2, 0, tzinfo=UTC)


def real_station(root: Path) -> Path:
    """A data dir enrolled as station GL01, with its manager and head office's signing key."""
    data_dir = DataDir(root)
    data_dir.ensure()
    db = open_database(data_dir.database, data_dir.backups)
    try:
        with db.writing() as session:
            session.add(Station(id="GL01", name="光明路自提点", holding_days=3, is_local=True))
            session.add(Staff(id=1, name="张站长", role="manager", active=True,
                              pin_hash=hash_pin("4321"), failed_pins=0))
            public = raw_public_key(Ed25519PrivateKey.generate().public_key())
            store_key(session, TrustedKey(key_id_for(public), public, not_before=NOW),
                      HEAD_OFFICE, NOW)
    finally:
        db.close()
    return data_dir.database


def fingerprint(root: Path) -> dict[str, str]:
    """Every file under `root` with a hash of its bytes."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def rows(database: Path, query: str) -> list[Any]:
    db = open_database(database, database.parent / "backups")
    try:
        with db.reading() as session:
            return [tuple(row) for row in session.execute(text(query))]
    finally:
        db.close()


class FakeWindow:
    """Stands in for the window: records what it would have opened."""

    def __init__(self) -> None:
        self.opened: list[Path] = []

    def run(self, options: Any, _started_at: float) -> int:
        self.opened.append(Path(options.data_dir))
        return 0


@pytest.fixture
def window(monkeypatch: pytest.MonkeyPatch) -> FakeWindow:
    fake = FakeWindow()
    monkeypatch.setattr(launcher, "run_window", fake.run)
    return fake


def test_demo_with_the_data_dir_variable_uses_a_demo_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, window: FakeWindow) -> None:
    station = tmp_path / "station"
    real_station(station)
    before = fingerprint(station)
    monkeypatch.setenv(launcher.DATA_DIR_VARIABLE, str(station))
    assert launcher.main(["--demo"]) == 0
    assert window.opened == [station / "demo"]
    assert launcher.station_data_dir(demo=True) == station / "demo"
    assert launcher.station_data_dir(demo=False) == station
    assert {k: v for k, v in fingerprint(station).items()
            if not k.startswith("demo/")} == before
    assert "demo" in launcher.build_parser().format_help()


def test_demo_refuses_a_real_stations_data_dir_before_writing(
        tmp_path: Path, window: FakeWindow, capsys: pytest.CaptureFixture[str]) -> None:
    station = tmp_path / "station"
    real_station(station)
    before = fingerprint(station)
    assert launcher.main(["--demo", "--data-dir", str(station)]) == 2
    assert window.opened == []
    assert "GL01" in capsys.readouterr().err
    assert fingerprint(station) == before  # no log, no lock file, no demo key


def test_seeding_the_demo_refuses_a_real_station_and_writes_nothing(tmp_path: Path) -> None:
    database = real_station(tmp_path / "station")
    keys = rows(database, "SELECT * FROM signing_key")
    before = database.read_bytes()
    db = open_database(database, database.parent / "backups")
    try:
        with pytest.raises(RealStationData, match="GL01"):
            seed_demo(db, NOW)
        with pytest.raises(SetupRefused):
            enrol_demo(db, NOW)
    finally:
        db.close()
    assert database.read_bytes() == before
    assert rows(database, "SELECT * FROM signing_key") == keys
    assert rows(database, "SELECT id FROM station") == [("GL01",)]


def test_opening_a_real_station_as_the_demo_is_refused(tmp_path: Path) -> None:
    database = real_station(tmp_path / "station")
    keys = rows(database, "SELECT * FROM signing_key")
    with pytest.raises(RealStationData):
        open_counter(database.parent, demo=True, clock=lambda: NOW)
    assert rows(database, "SELECT * FROM signing_key") == keys
    assert rows(database, "SELECT count(*) FROM orders") == [(0,)]


def test_the_demo_station_still_seeds_and_reopens(tmp_path: Path) -> None:
    first = open_counter(tmp_path / "demo", demo=True, clock=lambda: NOW)
    first.close()
    again = open_counter(tmp_path / "demo", demo=True, clock=lambda: NOW)
    assert again.station_id == "XF01"
    again.close()
