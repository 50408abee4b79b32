"""Two counters of one station and the real head office on loopback: each counter has its own
key and numbering; a counter passes on the other's events when the other cannot reach head
office; head office holds every event once, counts each counter's numbers without gaps, and
flags a double handover once; the day close is the station's, every counter included."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from station_app.clock import business_day
from station_app.counter import Counter, open_counter
from station_app.demo_data import DEMO_STATION
from station_app.services.exchange import Exchange
from sync.client.service import SyncService
from sync.demo import _mirror_demo_day
from sync.server.embedded import EmbeddedHeadOffice
from sync.server.headoffice import new_enrolment_code
from tests.helpers import READY, pickup_code, rows, scalar
from tests.sync.client.conftest import enrolled_service
from tests.sync.lan.counters import second_counter_of


@dataclass
class Counters:
    one: Counter
    two: Counter
    sync_one: SyncService
    sync_two: SyncService
    head_office: EmbeddedHeadOffice

    def exchange(self) -> None:
        """Both ways over the LAN (in process: the wire is tested in test_lan.py)."""
        one = Exchange(self.one.db, self.one.station_id, self.one.clock)
        two = Exchange(self.two.db, self.two.station_id, self.two.clock)
        for source, target in ((one, two), (two, one)):
            target.apply(source.events_after(target.marks()), source.acked_marks(),
                         from_counter=source.counter_no())


@pytest.fixture
def counters(tmp_path: Path) -> Iterator[Counters]:
    server = EmbeddedHeadOffice(f"sqlite:///{tmp_path / 'headoffice.db'}")
    server.start()
    one = open_counter(tmp_path / "one", demo=True)
    _mirror_demo_day(server, one)  # head office knows the demo's orders and manifests
    sync_one = enrolled_service(one, tmp_path / "one", server.url,
                                new_enrolment_code(server.db, DEMO_STATION))
    assert sync_one.sync_now().ok
    two = second_counter_of(one, tmp_path / "two")
    sync_two = enrolled_service(two, tmp_path / "two", server.url,
                                new_enrolment_code(server.db, DEMO_STATION, counter_no=2))
    made = Counters(one, two, sync_one, sync_two, server)
    yield made
    one.close()
    two.close()
    server.stop()


def hand_over(counter: Counter, where: str = READY) -> str:
    found = counter.handovers.lookup(pickup_code(counter.db, where))
    assert found.order is not None
    counter.handovers.confirm(found.order.order_no, counter.staff_id, found.proof)
    return found.order.order_no


def held(counters: Counters, sql: str, **params: object) -> list[tuple[object, ...]]:
    with counters.head_office.db.reading() as session:
        from sqlalchemy import text

        return [tuple(row) for row in session.execute(text(sql), params)]


def test_each_counter_keeps_its_key_and_passes_on_the_others_events(
        counters: Counters) -> None:
    # Counter 2's first request retired no key of counter 1.
    assert counters.sync_two.sync_now().ok
    assert counters.sync_one.sync_now().ok
    for _ in range(3):
        hand_over(counters.one)
        hand_over(counters.two, READY + " AND id > 150")
    counters.exchange()
    # Counter 1's internet is down: counter 2 sends both counters' events.
    report = counters.sync_two.sync_now()
    assert report.ok and report.pending == 0
    per_counter = dict(held(counters, "SELECT counter_no, count(*) FROM ho_events "
                                      "GROUP BY counter_no"))
    assert per_counter[2] == 3
    # Counter 1 is back: what it sends is held already, nothing twice.
    back = counters.sync_one.sync_now()
    assert back.ok and back.applied == 0 and back.pending == 0
    assert held(counters, "SELECT count(*), count(DISTINCT event_id) FROM ho_events") == \
        [(sum(per_counter.values()), sum(per_counter.values()))]
    for counter_no in (1, 2):
        numbers = [n for (n,) in held(counters, "SELECT station_seq FROM ho_events WHERE "
                                                "counter_no = :c ORDER BY station_seq",
                                      c=counter_no)]
        assert numbers == list(range(1, len(numbers) + 1))
    assert held(counters, "SELECT acked_through_seq FROM ho_counters") == [(3,)]
    assert held(counters, "SELECT count(*) FROM ho_sequence_gaps WHERE closed_at IS NULL") \
        == [(0,)]
    # The day close is the station's: every counter's events, confirmed at either counter.
    today = business_day(counters.two.clock())
    for service in (counters.sync_one, counters.sync_two):
        closed = service.day_close(today, approved_by=manager(counters.two))
        assert closed.status == "match", closed


def test_a_double_handover_is_held_twice_and_flagged_once_at_head_office(
        counters: Counters) -> None:
    order_no = hand_over(counters.one)
    hand_over(counters.two, f"order_no = '{order_no}'")
    assert counters.sync_two.sync_now().ok
    assert counters.sync_one.sync_now().ok
    handovers = held(counters, "SELECT counter_no, status, code FROM ho_events WHERE type = "
                               "'handover.completed' AND payload LIKE :n ORDER BY counter_no",
                     n=f"%{order_no}%")
    assert [(c, s) for c, s, _ in handovers] == [(1, "applied"), (2, "applied")]
    assert [code for _, _, code in handovers].count("double_handover") == 1
    assert handovers[1][2] == "double_handover"  # counter 2's was the later
    counters.exchange()
    for counter in (counters.one, counters.two):
        assert scalar(counter.db, "SELECT count(*) FROM attention_item WHERE kind = "
                                  "'double_handover'") == 1
        assert rows(counter.db, "SELECT count(*) FROM attention_item WHERE kind = "
                                "'rejected_event'") == [(0,)]


def manager(counter: Counter) -> int:
    return int(scalar(counter.db, "SELECT id FROM staff WHERE role = 'manager' AND active "
                                  "ORDER BY id LIMIT 1"))
