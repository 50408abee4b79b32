"""Change-log retention seen from the counter: a counter whose cursor is older than what
retention removed (restored from an old backup) is told `reset_required`, pulls the stream
again from the start and goes on syncing; no mock: the real counter against the real server,
on SQLite and on PostgreSQL."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from station_app.counter import Counter, open_counter
from station_app.demo_data import DEMO_STATION
from station_app.storage.models import Order, SyncStream
from sync.server import changelog
from sync.server.embedded import EmbeddedHeadOffice
from sync.server.headoffice import cancel_order, create_station, new_enrolment_code
from sync.server.order_factory import generate_orders
from sync.server.pruning import CHANGE_LOG_RETENTION, prune_change_log
from tests.sync.client.conftest import enrolled_service


@pytest.fixture
def server(database_url: str, monkeypatch: pytest.MonkeyPatch
           ) -> Iterator[EmbeddedHeadOffice]:
    # Every pull position recorded, not one per 10 minutes: the test cannot wait.
    monkeypatch.setattr(changelog, "POSITION_EVERY", timedelta(0))
    with EmbeddedHeadOffice(database_url) as head_office:
        create_station(head_office.db, DEMO_STATION, "幸福里社区自提点")
        yield head_office
    head_office.db.dispose()


def _cursor(counter: Counter, stream: str) -> str | None:
    with counter.db.reading() as session:
        row = session.get(SyncStream, stream)
        return None if row is None else row.cursor


def _states(counter: Counter, order_nos: list[str]) -> dict[str, str]:
    with counter.db.reading() as session:
        return {order_no: state for order_no, state in session.execute(select(
            Order.order_no, Order.state).where(Order.order_no.in_(order_nos)))}


def test_a_cursor_older_than_the_retention_is_reset_and_the_counter_recovers(
        server: EmbeddedHeadOffice, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    counter = open_counter(tmp_path / "station", demo=True)
    service = enrolled_service(counter, tmp_path / "station", server.url,
                               new_enrolment_code(server.db, DEMO_STATION))
    old_orders = generate_orders(server.db, DEMO_STATION, 3, seed=1)
    assert service.sync_now().error is None
    backup_cursor = _cursor(counter, "orders")  # the backup is taken here
    assert backup_cursor
    for order_no in old_orders:  # finished after the backup: published again, as cancelled
        cancel_order(server.db, order_no, "test")
    assert service.sync_now().error is None
    assert service.sync_now().error is None  # its cursor comes back: head office notes it
    later = datetime.now(UTC) + CHANGE_LOG_RETENTION + timedelta(days=1)
    assert prune_change_log(server.db, later) >= 3  # the finished orders' entries are gone
    new_orders = generate_orders(server.db, DEMO_STATION, 2, seed=2)

    with counter.db.writing() as session:  # the PC is restored from the backup
        session.get_one(SyncStream, "orders").cursor = backup_cursor
    with caplog.at_level(logging.INFO, logger="sync.puller"):
        report = service.sync_now()

    assert report.error is None, report.error
    assert "reset the orders cursor" in caplog.text  # head office answered reset_required
    assert _cursor(counter, "orders") not in (None, backup_cursor)
    assert set(_states(counter, new_orders)) == set(new_orders)  # pulled from the start
    assert set(_states(counter, old_orders).values()) == {"cancelled"}
    assert service.sync_now().error is None  # and it goes on syncing from its new cursor
    counter.close()
