"""Sync through a storm of network faults, and against answers that are not what they claim."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from station_app.counter import Counter, open_counter
from station_app.demo_data import DEMO_STATION
from sync.client.service import SyncService
from sync.client.transport import OFFLINE, PROTOCOL, SERVER, THROTTLED
from sync.server.embedded import EmbeddedHeadOffice
from sync.server.headoffice import new_enrolment_code
from tests.helpers import rows, scalar
from tests.sync.client.conftest import enrolled_service
from tests.sync.client.fault_proxy import STORM, FaultProxy, raw_answer
from tests.sync.client.helpers import (
    assert_head_office_holds_all,
    hand_over_all,
    local_ready,
    new_orders,
)


@pytest.fixture
def proxied(tmp_path: Path, head_office_server: EmbeddedHeadOffice
            ) -> Iterator[tuple[Counter, SyncService, FaultProxy]]:
    port = int(head_office_server.url.rsplit(":", 1)[1])
    proxy = FaultProxy(port, seed=20261125)
    counter = open_counter(tmp_path / "station", demo=True)
    code = new_enrolment_code(head_office_server.db, DEMO_STATION)
    service = enrolled_service(counter, tmp_path / "station", proxy.url, code,
                               timeout=(1.0, 1.0), push_attempts=2, max_batch_events=40)
    yield counter, service, proxy
    counter.close()
    proxy.close()


def test_a_storm_of_faults_loses_and_doubles_nothing(
        proxied: tuple[Counter, SyncService, FaultProxy],
        head_office_server: EmbeddedHeadOffice) -> None:
    counter, service, proxy = proxied
    ho = head_office_server.db
    proxy.storm = STORM
    errors: set[str] = set()
    total = 0
    for round_no in range(4):
        order_nos = new_orders(ho, DEMO_STATION, 150, seed=round_no)
        total += len(order_nos)
        for _ in range(60):  # pull through the storm until every order is here
            report = service.sync_now()
            if report.error:
                errors.add(report.error.kind)
            if local_ready(counter, order_nos) == len(order_nos):
                break
        assert local_ready(counter, order_nos) == len(order_nos)
        hand_over_all(counter, order_nos)
        for _ in range(3):
            report = service.sync_now()
            if report.error:
                errors.add(report.error.kind)
    assert {"drop", "truncate", "lost_answer", "status", "delay"} <= set(proxy.seen)
    assert {OFFLINE, SERVER} <= errors
    assert THROTTLED in errors or SERVER in errors

    proxy.storm = ()  # the weather clears
    final = service.sync_now()
    assert final.error is None, final.error
    assert final.pending == 0
    assert_head_office_holds_all(counter, ho, DEMO_STATION)
    # 40 demo handovers plus ours, each once (the demo's refused lines add refund requests)
    assert scalar(counter.db, "SELECT count(*) FROM outbox_event "
                              "WHERE type = 'handover.completed'") == total + 40
    assert scalar(counter.db, "SELECT count(*) FROM sync_lease") == 0


def _sync_fails_cleanly(counter: Counter, service: SyncService, proxy: FaultProxy,
                        canned: bytes, problem: str) -> None:
    before = rows(counter.db, "SELECT event_id, acked_at FROM outbox_event ORDER BY 1")
    proxy.script.extend(["raw"] * 2)
    proxy.canned = canned
    report = service.sync_now()
    assert report.error is not None
    assert report.error.kind == PROTOCOL
    assert problem in report.error.message
    assert rows(counter.db, "SELECT event_id, acked_at FROM outbox_event ORDER BY 1") == before
    status = service.status()
    assert not status.online and status.last_error and problem in status.last_error
    with counter.db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


@pytest.mark.parametrize(("canned", "problem"), [
    (raw_answer(b'{"results": "all fine", "acked_through_seq": "lots"}'),
     "does not match the protocol"),
    (raw_answer(b"<html>Welcome to the hotel wifi</html>", b"text/html"), "not JSON"),
    (raw_answer(b'{"results": [', b"application/json"), "not JSON"),
    (raw_answer(b"x" * 100, declared_length=200_000_000), "over the limit"),
], ids=["schema-invalid", "html", "cut-json", "declared-huge"])
def test_bad_push_answers_become_one_clear_error(
        proxied: tuple[Counter, SyncService, FaultProxy], canned: bytes, problem: str) -> None:
    counter, service, proxy = proxied
    _sync_fails_cleanly(counter, service, proxy, canned, problem)
    lease = rows(counter.db, "SELECT idempotency_key, first_seq FROM sync_lease")
    assert len(lease) == 1 and lease[0].first_seq == 1  # kept for the resend
    recovered = service.sync_now()  # the same batch, the same key: now heard
    assert recovered.error is None, recovered.error
    assert recovered.pending == 0


def test_an_endless_answer_is_cut_off_at_the_cap(
        proxied: tuple[Counter, SyncService, FaultProxy]) -> None:
    counter, service, proxy = proxied
    endless = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
               b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
               + (b"100000\r\n" + b" " * 0x100000 + b"\r\n") * 20 + b"0\r\n\r\n")
    _sync_fails_cleanly(counter, service, proxy, endless, "over")


def test_a_schema_invalid_page_moves_no_cursor(
        proxied: tuple[Counter, SyncService, FaultProxy],
        head_office_server: EmbeddedHeadOffice) -> None:
    counter, service, proxy = proxied
    assert service.sync_now().error is None  # push done, cursors set
    cursors = rows(counter.db, "SELECT stream, cursor FROM sync_stream ORDER BY 1")
    new_orders(head_office_server.db, DEMO_STATION, 5, seed=1)
    proxy.script.append("raw")
    proxy.canned = raw_answer(b'{"stream": "catalogue", "changes": [{"id": 1}], '
                              b'"next_cursor": null, "has_more": false}')
    report = service.sync_now()
    assert report.error is not None and report.error.kind == PROTOCOL
    assert rows(counter.db, "SELECT stream, cursor FROM sync_stream ORDER BY 1") == cursors
    with counter.db.reading() as session:
        assert session.execute(text("SELECT count(*) FROM sync_lease")).scalar() == 0
    assert service.sync_now().pulled.get("orders") == 5
