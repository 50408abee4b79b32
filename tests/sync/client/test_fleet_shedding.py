"""A head office shedding load (429 + Retry-After) is waited out by the real counter, which
then syncs normally; no mock: a real server whose one in-flight slot is held."""

from __future__ import annotations

import socket
import time
from pathlib import Path

from station_app.counter import open_counter
from station_app.demo_data import DEMO_STATION
from sync.client.backoff import Backoff
from sync.client.transport import THROTTLED
from sync.server.capacity import Capacity
from sync.server.embedded import EmbeddedHeadOffice
from sync.server.headoffice import create_station, new_enrolment_code
from tests.sync.client.conftest import enrolled_service


class RecordingBackoff(Backoff):
    """The real back-off, noting the server's hints (and not sleeping: the test's clock)."""

    def __init__(self) -> None:
        super().__init__(base_s=0.01, cap_s=300.0)
        self.hints: list[float | None] = []

    def delay(self, failures: int, hint_s: float | None = None) -> float:
        self.hints.append(hint_s)
        assert super().delay(failures, hint_s) >= (hint_s or 0)  # the hint is a floor
        return 0.0


def test_the_counter_honours_429_retry_after_and_then_syncs(tmp_path: Path) -> None:
    capacity = Capacity(threads=2, max_in_flight=1, retry_after_s=7)
    with EmbeddedHeadOffice(f"sqlite:///{tmp_path / 'ho.db'}", capacity=capacity) as server:
        create_station(server.db, DEMO_STATION, "幸福里社区自提点")
        counter = open_counter(tmp_path / "station", demo=True)
        backoff = RecordingBackoff()
        service = enrolled_service(counter, tmp_path / "station", server.url,
                                   new_enrolment_code(server.db, DEMO_STATION),
                                   backoff=backoff, push_attempts=2)
        host, port = server.url.removeprefix("http://").split(":")
        held = socket.create_connection((host, int(port)))  # a request that stays in flight
        held.sendall(b"POST /v1/enrol HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                     b"\r\nContent-Length: 100\r\n\r\n{")
        time.sleep(0.3)
        report = service.sync_now()
        assert report.error is not None and report.error.kind == THROTTLED
        assert report.error.retry_after_s == 7.0 and report.error.transient
        assert 7.0 in backoff.hints  # the relay waited (at least) what head office asked
        held.close()
        time.sleep(0.3)
        report = service.sync_now()
        assert report.error is None, report.error
        counter.close()
