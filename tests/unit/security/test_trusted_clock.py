"""The trusted clock: winding the PC clock back never revives an expired code, even after a
restart; the stored time only moves forward."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from station_app.security.token_verifier import TokenOutcome
from station_app.security.trusted_clock import (
    CLOCK_CORRECTED,
    CLOCK_RESET,
    ClockResetRefused,
    TrustedClock,
)
from station_app.services.audit import entries
from station_app.services.authority import NotAllowed
from station_app.storage.database import Database, open_database
from tests.unit.security.tokens import NOW, RING, STATION, token


def open_db(tmp_path: Path) -> Database:
    return open_database(tmp_path / "station.db", tmp_path / "backups")


def test_follows_the_system_clock_forward(tmp_path: Path) -> None:
    db = open_db(tmp_path)
    assert TrustedClock(db, lambda: NOW).now() == NOW
    later = NOW + timedelta(hours=1)
    assert TrustedClock(db, lambda: later).now() == later
    assert TrustedClock(db).latest() == later
    db.close()


def test_clock_wound_back_cannot_revive_an_expired_token_even_after_a_restart(
        tmp_path: Path) -> None:
    code = token(expires_at=NOW + timedelta(hours=1))
    after_expiry = NOW + timedelta(hours=2)
    db = open_db(tmp_path)
    seen = TrustedClock(db, lambda: after_expiry).now()
    assert RING.verify(code, STATION, seen).outcome is TokenOutcome.EXPIRED
    db.close()

    db = open_db(tmp_path)  # the next morning, someone sets the PC clock back a day
    wound_back = TrustedClock(db, lambda: NOW - timedelta(days=1)).now()
    assert wound_back == after_expiry
    assert RING.verify(code, STATION, wound_back).outcome is TokenOutcome.EXPIRED
    db.close()


def test_a_time_from_elsewhere_moves_it_forward_only(tmp_path: Path) -> None:
    db = open_db(tmp_path)
    clock = TrustedClock(db, lambda: NOW)
    assert clock.observe(NOW + timedelta(minutes=5)) == NOW + timedelta(minutes=5)
    assert clock.observe(NOW) == NOW + timedelta(minutes=5)
    assert clock.now() == NOW + timedelta(minutes=5)
    with pytest.raises(ValueError):
        clock.observe(NOW.replace(tzinfo=None))
    db.close()


def test_not_even_sql_can_set_the_stored_time_back(tmp_path: Path) -> None:
    db = open_db(tmp_path)
    TrustedClock(db, lambda: NOW).now()
    with pytest.raises(IntegrityError, match="never goes back"), db.writing() as session:
        session.execute(text("UPDATE trusted_time SET latest_at = '2000-01-01T00:00:00.000000Z'"))
    with pytest.raises(IntegrityError), db.writing() as session:
        session.execute(text("INSERT INTO trusted_time (id, latest_at) "
                             "VALUES (2, '2000-01-01T00:00:00.000000Z')"))
    assert TrustedClock(db, lambda: NOW - timedelta(days=1)).now() == NOW
    db.close()


def test_when_the_time_cannot_be_written_the_stored_bound_still_holds(tmp_path: Path) -> None:
    db = open_db(tmp_path)
    TrustedClock(db, lambda: NOW).now()
    with db.writing() as session:  # every write of the time now fails, as on a full disk
        session.execute(text("CREATE TRIGGER no_room BEFORE UPDATE ON trusted_time "
                             "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"))
    assert TrustedClock(db, lambda: NOW + timedelta(hours=1)).now() == NOW + timedelta(hours=1)
    assert TrustedClock(db, lambda: NOW - timedelta(hours=1)).now() == NOW
    assert TrustedClock(db).latest() == NOW
    db.close()


# --- a clock that ran ahead, and head office's time ------------------------------------------

def test_head_offices_time_pulls_back_a_trusted_clock_that_ran_ahead(tmp_path: Path) -> None:
    """One scan while the PC clock was a year ahead used to keep every genuine code expired
    for that year, with no way back."""
    code = token(expires_at=NOW + timedelta(days=2))
    db = open_db(tmp_path)
    TrustedClock(db, lambda: NOW + timedelta(days=365)).now()  # the PC clock ran ahead once
    clock = TrustedClock(db, lambda: NOW)  # put right again
    assert RING.verify(code, STATION, clock.now()).outcome is TokenOutcome.EXPIRED

    ahead = clock.heed_head_office(NOW + timedelta(seconds=3))
    assert ahead == NOW + timedelta(days=365)
    assert RING.verify(code, STATION, clock.now()).outcome is TokenOutcome.VALID
    [entry] = entries(db)
    assert entry.action == CLOCK_CORRECTED and "head office" in entry.detail
    db.close()


def test_head_offices_time_never_lowers_the_clock_below_what_it_once_said(
        tmp_path: Path) -> None:
    db = open_db(tmp_path)
    clock = TrustedClock(db, lambda: NOW)
    assert clock.heed_head_office(NOW + timedelta(hours=1)) is None  # only raises the floor
    assert clock.heed_head_office(NOW) is None  # a delayed answer: nothing moves back
    assert clock.reading().head_office == NOW + timedelta(hours=1)
    TrustedClock(db, lambda: NOW + timedelta(days=30)).now()
    clock.heed_head_office(NOW - timedelta(days=1))  # an old answer replayed
    assert clock.latest() == NOW + timedelta(hours=1)  # not below head office's own word
    with pytest.raises(IntegrityError), db.writing() as session:  # nor by hand
        session.execute(text("UPDATE trusted_time SET latest_at = '2000-01-01T00:00:00.000000Z'"
                             ", head_office_at = '2000-01-01T00:00:00.000000Z'"))
    db.close()


def test_a_manager_resets_the_clock_within_head_offices_bound(tmp_path: Path) -> None:
    from station_app.demo_data import seed_demo

    db = open_db(tmp_path)
    seed_demo(db, NOW)
    clock = TrustedClock(db, lambda: NOW + timedelta(days=1))
    with pytest.raises(ClockResetRefused):  # nothing vouches for a time yet
        clock.reset(2)
    clock.heed_head_office(NOW)
    TrustedClock(db, lambda: NOW + timedelta(days=90)).now()
    with pytest.raises(NotAllowed):
        clock.reset(1)  # a clerk
    assert clock.reset(2) == NOW + timedelta(days=1)
    assert [e.action for e in entries(db)][-1] == CLOCK_RESET
    db.close()
