"""Head office for a fleet: pulls that cost what the station owns, change-log retention that
never removes what a station has not acknowledged, load shedding, bulk enrolment."""

from __future__ import annotations

import socket
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, func, select, text

from sync.server import changelog
from sync.server.capacity import Capacity
from sync.server.changelog import _OWN_PAGE
from sync.server.cli import main as cli_main
from sync.server.embedded import EmbeddedHeadOffice
from sync.server.headoffice import cancel_order, create_station, new_enrolment_code
from sync.server.models import ChangeLogEntry, EnrolmentCode, IdempotentAnswer, Station
from sync.server.order_factory import generate_orders
from sync.server.pruning import CHANGE_LOG_RETENTION, prune, prune_change_log
from tests.sync.conftest import OTHER_STATION, STATION, fresh_postgres
from tests.sync.signed_client import SignedClient, enrol, handover_event


@pytest.fixture
def every_position(monkeypatch: pytest.MonkeyPatch) -> None:
    """Record every pull position, not one per 10 minutes: these tests cannot wait."""
    monkeypatch.setattr(changelog, "POSITION_EVERY", timedelta(0))


def _pull_to_end(client: SignedClient, stream: str, cursor: str = "") -> tuple[list[str], str]:
    ids: list[str] = []
    while True:
        page = client.changes(stream, cursor, 100).json()
        assert not page["reset_required"], page
        ids += [change["id"] for change in page["changes"]]
        cursor = page["next_cursor"]
        if not page["has_more"]:
            return ids, cursor


def _position(cursor: str) -> int:
    return int(cursor.rsplit(".", 1)[1])


def test_an_empty_pull_moves_the_cursor_past_other_stations_changes(
        ho_any: EmbeddedHeadOffice) -> None:
    mine = enrol(ho_any.url, new_enrolment_code(ho_any.db, STATION))
    generate_orders(ho_any.db, STATION, 3, seed=1)
    ids, cursor = _pull_to_end(mine, "orders")
    assert len(ids) == 3
    generate_orders(ho_any.db, OTHER_STATION, 40, seed=2)  # the other station's, after mine
    with ho_any.db.reading() as session:
        newest = session.scalar(select(func.max(ChangeLogEntry.id)))
    page = mine.changes("orders", cursor).json()
    assert page["changes"] == [] and not page["has_more"]
    # Past the other station's 40 rows: the next pull starts after them, not before.
    assert _position(page["next_cursor"]) == newest > _position(cursor)
    generate_orders(ho_any.db, STATION, 2, seed=3)  # new rows of mine are still found
    ids, _ = _pull_to_end(mine, "orders", page["next_cursor"])
    assert len(ids) == 2


def test_a_page_of_one_station_reads_its_own_index_range_only() -> None:
    """On PostgreSQL, with 20,000 rows of other stations in the stream, a page is read from
    the (stream, station_id, id) index and no row is read and thrown away."""
    url = fresh_postgres()
    with EmbeddedHeadOffice(url) as server:
        create_station(server.db, STATION, "幸福里社区自提点")
        generate_orders(server.db, STATION, 5, seed=1)
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO ho_change_log (stream, station_id, ref, data, committed_at) "
                "SELECT 'orders', 'ZZ' || (n % 500), 'R' || n, '{}', now() "
                "FROM generate_series(1, 20000) AS n"))
            connection.execute(text("ANALYZE ho_change_log"))
            page = _OWN_PAGE.params(stream="orders", owner=STATION, after=0, count=501)
            sql = page.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True})
            plan = connection.exec_driver_sql(
                f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}").scalar_one()
        engine.dispose()
    nodes = [plan[0]["Plan"]]
    scans = []
    while nodes:
        node = nodes.pop()
        nodes += node.get("Plans", [])
        if node.get("Relation Name") == "ho_change_log":
            scans.append(node)
    # The log's newest id (one step down the primary key) and the station's own range.
    assert sorted(s["Index Name"] for s in scans) == [
        "ho_change_log_pkey", "ix_ho_change_log_stream_station_id"], plan
    assert all(s.get("Rows Removed by Filter", 0) == 0 for s in scans), plan
    assert sorted(s["Actual Rows"] for s in scans) == [1, 5], plan


def _finished_orders(ho: EmbeddedHeadOffice, station: str, count: int, seed: int) -> list[str]:
    numbers = generate_orders(ho.db, station, count, seed=seed)
    for order_no in numbers:
        cancel_order(ho.db, order_no, "test")  # cancelled: finished
    return numbers


def _log_rows(ho: EmbeddedHeadOffice, station: str) -> int:
    with ho.db.reading() as session:
        return session.scalar(select(func.count()).select_from(ChangeLogEntry).where(
            ChangeLogEntry.station_id == station)) or 0


def test_change_log_pruning_never_removes_what_a_station_has_not_acknowledged(
        ho_any: EmbeddedHeadOffice, every_position: None) -> None:
    mine = enrol(ho_any.url, new_enrolment_code(ho_any.db, STATION))
    other = enrol(ho_any.url, new_enrolment_code(ho_any.db, OTHER_STATION))
    _finished_orders(ho_any, STATION, 4, seed=1)
    _finished_orders(ho_any, OTHER_STATION, 4, seed=2)
    _, cursor = _pull_to_end(mine, "orders")
    _pull_to_end(mine, "cancellations")
    _pull_to_end(other, "orders")  # read, but its cursor never came back: not acknowledged
    later = datetime.now(UTC) + CHANGE_LOG_RETENTION + timedelta(days=1)
    assert prune_change_log(ho_any.db, later) == 0  # nobody has sent a cursor back yet
    mine.changes("orders", cursor)  # the cursor comes back: everything up to it is held
    before_mine, before_other = _log_rows(ho_any, STATION), _log_rows(ho_any, OTHER_STATION)
    assert prune_change_log(ho_any.db, datetime.now(UTC)) == 0  # not old enough yet
    assert prune_change_log(ho_any.db, later) == 4  # my orders; not my unacknowledged rest
    assert _log_rows(ho_any, STATION) == before_mine - 4
    assert _log_rows(ho_any, OTHER_STATION) == before_other
    # An order still waiting is never pruned, however old and acknowledged.
    waiting = generate_orders(ho_any.db, STATION, 1, seed=5)
    _, cursor = _pull_to_end(mine, "orders", cursor)
    mine.changes("orders", cursor)
    generate_orders(ho_any.db, OTHER_STATION, 1, seed=6)  # the newest row is never pruned
    prune_change_log(ho_any.db, later)
    with ho_any.db.reading() as session:
        assert session.scalar(select(func.count()).select_from(ChangeLogEntry).where(
            ChangeLogEntry.ref == waiting[0])) == 1


def test_a_cursor_from_before_what_retention_removed_is_reset(ho: EmbeddedHeadOffice,
                                                             every_position: None) -> None:
    mine = enrol(ho.url, new_enrolment_code(ho.db, STATION))
    _finished_orders(ho, STATION, 3, seed=1)
    page = mine.changes("orders", "", 1).json()
    old_cursor = page["next_cursor"]  # a backup taken after the first order
    _, cursor = _pull_to_end(mine, "orders", old_cursor)
    mine.changes("orders", cursor)
    generate_orders(ho.db, OTHER_STATION, 1, seed=2)
    assert prune_change_log(ho.db, datetime.now(UTC) + CHANGE_LOG_RETENTION * 2) == 3
    assert mine.changes("orders", old_cursor).json()["reset_required"]
    assert not mine.changes("orders", cursor).json()["reset_required"]  # the live counter's
    restart = mine.changes("orders", "").json()
    assert not restart["reset_required"] and restart["changes"] == []


def test_a_stations_newest_idempotent_answer_outlives_the_retention(
        ho: EmbeddedHeadOffice) -> None:
    mine = enrol(ho.url, new_enrolment_code(ho.db, STATION))
    other = enrol(ho.url, new_enrolment_code(ho.db, OTHER_STATION))
    orders = generate_orders(ho.db, STATION, 2, seed=1)
    for seq, order_no in enumerate(orders, start=1):
        assert mine.push([handover_event(seq, order_no, STATION)],
                         key=str(uuid.uuid4())).status_code == 200
    assert other.push([handover_event(1, "XF02-NONE", OTHER_STATION)],
                      key=str(uuid.uuid4())).status_code == 200
    pruned = prune(ho.db, datetime.now(UTC) + timedelta(days=30))
    assert pruned.idempotent_answers == 1  # my older one; each station's newest stays
    with ho.db.reading() as session:
        kept = session.execute(select(IdempotentAnswer.station_id)).scalars().all()
    assert sorted(kept) == [STATION, OTHER_STATION]


def _hold_a_request(url: str) -> socket.socket:
    """A request that stays in flight: headers of a body that never comes."""
    host, port = url.removeprefix("http://").split(":")
    held = socket.create_connection((host, int(port)))
    held.sendall(b"POST /v1/enrol HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 b"Content-Length: 100\r\n\r\n{")
    time.sleep(0.3)
    return held


def test_past_its_in_flight_limit_a_worker_answers_429_with_retry_after(
        sqlite_url: str) -> None:
    with EmbeddedHeadOffice(sqlite_url, capacity=Capacity(threads=2, max_in_flight=1,
                                                          retry_after_s=3)) as server:
        create_station(server.db, STATION, "幸福里社区自提点")
        client = enrol(server.url, new_enrolment_code(server.db, STATION))
        held = _hold_a_request(server.url)
        refused = client.changes("catalogue")
        assert refused.status_code == 429, refused.text
        assert refused.headers["Retry-After"] == "3"
        assert refused.json()["error"]["code"] == "overloaded"
        assert requests.get(server.url + "/v1/time", timeout=5).ok  # never shed
        held.close()
        deadline = time.monotonic() + 5
        while (answer := client.changes("catalogue")).status_code == 429:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert answer.status_code == 200


def test_a_request_that_waited_too_long_for_a_thread_is_shed(sqlite_url: str) -> None:
    """One thread, a queue limit of 200 ms: while the thread is busy, the next request waits
    longer than that and is shed instead of being served late."""
    with EmbeddedHeadOffice(sqlite_url, capacity=Capacity(threads=1, max_in_flight=50,
                                                          max_queue_s=0.2)) as server:
        create_station(server.db, STATION, "幸福里社区自提点")
        client = enrol(server.url, new_enrolment_code(server.db, STATION))
        busy = threading.Event()

        def occupy() -> None:
            with server.db.writing() as session:  # the route thread waits for this lock
                session.connection()  # BEGIN IMMEDIATE: the SQLite write lock is taken
                busy.set()
                time.sleep(1.0)

        blocker = threading.Thread(target=occupy)
        blocker.start()
        busy.wait()
        first = threading.Thread(target=client.changes, args=("catalogue",))
        first.start()  # takes the one thread, then waits for the lock
        time.sleep(0.1)
        second = SignedClient(client.base_url, client.station_id, client.key_id, client.secret,
                              requests.Session())
        answer = second.changes("catalogue")
        blocker.join()
        first.join()
    assert answer.status_code == 429, answer.text
    assert answer.headers["Retry-After"].isdigit()


def test_create_stations_and_enrol_codes_in_bulk(sqlite_url: str, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    stations = tmp_path / "stations.csv"
    stations.write_text("station_id,name\n" + "".join(
        f"BJ{n:03d},北京自提点{n}\n" for n in range(300)), encoding="utf-8")
    started = time.perf_counter()
    assert cli_main(["--database-url", sqlite_url, "create-stations", str(stations)]) == 0
    assert cli_main(["--database-url", sqlite_url, "enrol-codes", "--from", str(stations),
                     "--url", "https://ho.example.cn"]) == 0
    elapsed = time.perf_counter() - started
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "300 station(s) created, 0 already registered"
    codes = [line.split(",") for line in out[1:]]
    assert len(codes) == 300 and codes[0][0] == "BJ000"
    assert all(payload.startswith("STATIONAPP-ENROL:1:") for _, _, payload in codes)
    assert elapsed < 10  # seconds for 300, where one process per station took 1.5 s each
    assert cli_main(["--database-url", sqlite_url, "create-stations", str(stations)]) == 0
    assert capsys.readouterr().out.strip() == "0 station(s) created, 300 already registered"
    with EmbeddedHeadOffice(sqlite_url) as server:
        with server.db.reading() as session:
            assert session.scalar(select(func.count()).select_from(Station)) == 300
            assert session.scalar(select(func.count()).select_from(EnrolmentCode)) == 300
        client = enrol(server.url, codes[7][1])  # a bulk code works like any other
        assert client.station_id == "BJ007"
    bad = tmp_path / "bad.csv"
    bad.write_text("BJ1,ok\nBJ 2,bad id\n", encoding="utf-8")
    assert cli_main(["--database-url", sqlite_url, "create-stations", str(bad)]) == 1
    assert "line 2" in capsys.readouterr().err
