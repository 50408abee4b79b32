"""SIGKILL a counter while it recovers from head office and while it enrolls again; restart;
nothing is lost or doubled, and the counter always holds a key it can sign with."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from station_app.care.backups import DAILY, take_backup
from station_app.care.restore import restore
from station_app.counter import open_counter
from station_app.demo_data import DEMO_STATION
from sync.client.service import SyncService
from sync.server.embedded import EmbeddedHeadOffice
from sync.server.headoffice import create_station, new_enrolment_code
from sync.server.order_factory import generate_orders
from tests.helpers import rows, scalar
from tests.sync.client.helpers import hand_over_all, held_events

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")


@pytest.fixture
def head_office(tmp_path: Path) -> Iterator[EmbeddedHeadOffice]:
    server = EmbeddedHeadOffice(f"sqlite:///{tmp_path / 'headoffice.db'}")
    server.start()
    create_station(server.db, DEMO_STATION, "幸福里社区自提点")
    yield server
    server.stop()


def service_for(counter_db: object, data_dir: Path) -> SyncService:
    return SyncService(counter_db, data_dir, use_keyring=False,  # type: ignore[arg-type]
                       timeout=(5.0, 10.0))


def run_and_kill(rng: random.Random, *args: str) -> bool:
    """Start the driver, kill -9 it somewhere after it started; True if it finished first."""
    process = subprocess.Popen([sys.executable, "-m", "tests.e2e.life_driver", *args],
                               cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    assert process.stdout is not None
    first = process.stdout.readline()
    assert first.startswith("STARTED"), process.stderr.read() if process.stderr else ""
    time.sleep(rng.uniform(0.0, 0.5))
    process.send_signal(signal.SIGKILL)
    rest, _ = process.communicate(timeout=60)
    return "DONE" in rest


def test_sigkill_during_recovery_loses_and_doubles_nothing(
        tmp_path: Path, head_office: EmbeddedHeadOffice) -> None:
    data_dir = tmp_path / "station"
    counter = open_counter(data_dir, demo=True)
    service = service_for(counter.db, data_dir)
    service.enrol(head_office.url, new_enrolment_code(head_office.db, DEMO_STATION))
    order_nos = generate_orders(head_office.db, DEMO_STATION, 200, seed=9)
    assert service.sync_now().error is None
    backup = take_backup(counter.db, counter.data_dir.backups, DAILY, datetime.now(UTC))
    handed = order_nos[:150]
    hand_over_all(counter, handed)
    assert service.sync_now().error is None
    book_at_sync = dict(rows(counter.db, "SELECT sku, quantity FROM stock_balance"))
    counter.close()
    restore(counter.data_dir, backup.path, force=True)

    rng = random.Random(20261204)
    finished = sum(run_and_kill(rng, "sync", str(data_dir)) for _ in range(8))

    counter = open_counter(data_dir)  # as a restart does, then the next sync
    try:
        report = service_for(counter.db, data_dir).sync_now()
        assert report.error is None, report.error
        assert finished < 8, "every run finished before its kill: the sweep tested nothing"
        # Each handover head office holds is here once, with its order handed over.
        assert scalar(counter.db, "SELECT count(*) FROM orders WHERE state = 'handed_over' "
                                  f"AND order_no IN ({','.join(repr(o) for o in handed)})") \
            == len(handed)
        assert scalar(counter.db, "SELECT count(*) FROM handover h JOIN orders o ON "
                                  "o.id = h.order_id WHERE o.order_no IN "
                                  f"({','.join(repr(o) for o in handed)})") == len(handed)
        local = {r.event_id: r.station_seq for r in rows(
            counter.db, "SELECT event_id, station_seq FROM outbox_event")}
        held = held_events(head_office.db, DEMO_STATION)
        assert {e: seq for seq, e, _status in held} == local  # the same facts, same numbers
        assert scalar(counter.db, "SELECT count(*) FROM outbox_event "
                                  "WHERE acked_at IS NULL") == 0
        assert dict(rows(counter.db, "SELECT sku, quantity FROM stock_balance")) == \
            book_at_sync  # every movement once
        assert scalar(counter.db, "SELECT count(*) FROM recovery "
                                  "WHERE finished_at IS NULL") == 0
    finally:
        counter.close()


def test_sigkill_during_enrolment_always_leaves_a_working_key(
        tmp_path: Path, head_office: EmbeddedHeadOffice) -> None:
    data_dir = tmp_path / "station"
    counter = open_counter(data_dir, demo=True)
    service = service_for(counter.db, data_dir)
    service.enrol(head_office.url, new_enrolment_code(head_office.db, DEMO_STATION))
    assert service.sync_now().error is None
    counter.close()

    rng = random.Random(4)
    for _ in range(8):
        code = new_enrolment_code(head_office.db, DEMO_STATION)
        run_and_kill(rng, "enrol", str(data_dir), head_office.url, code)
        counter = open_counter(data_dir)
        try:
            # Whatever the kill interrupted, the counter signs with a key it holds the
            # secret of: its old one, or the new one the interrupted enrolment is finished to.
            report = service_for(counter.db, data_dir).sync_now()
            assert report.error is None, report.error
            assert scalar(counter.db, "SELECT count(*) FROM sync_enrolment_attempt") == 0
        finally:
            counter.close()
    events = held_events(head_office.db, DEMO_STATION)
    assert len({e for _seq, e, _status in events}) == len(events)  # nothing sent twice
