"""Fixtures for the station side of sync: the real head-office server on 127.0.0.1, a demo
counter on a real SQLite file, enrolled with it as station XF01."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from station_app.counter import Counter, open_counter
from station_app.demo_data import DEMO_STATION
from sync.client.backoff import Backoff
from sync.client.service import SyncService
from sync.server.embedded import EmbeddedHeadOffice
from sync.server.headoffice import create_station, new_enrolment_code


@dataclass
class Station:
    counter: Counter
    service: SyncService
    data_dir: Path


def enrolled_service(counter: Counter, data_dir: Path, base_url: str, code: str,
                     **options: object) -> SyncService:
    service = make_service(counter, data_dir, **options)
    assert service.enrol(base_url, code) == DEMO_STATION
    return service


def make_service(counter: Counter, data_dir: Path, **options: object) -> SyncService:
    # No keyring on the test machine: the secret goes to the 0600 file (what we test too).
    defaults: dict[str, object] = {"use_keyring": False, "timeout": (2.0, 5.0),
                                   "backoff": Backoff(base_s=0.01, cap_s=0.05)}
    defaults.update(options)
    return SyncService(counter.db, data_dir, **defaults)  # type: ignore[arg-type]


@pytest.fixture
def head_office_server(tmp_path: Path) -> Iterator[EmbeddedHeadOffice]:
    """The reference server on its own SQLite file, with the demo station registered."""
    server = EmbeddedHeadOffice(f"sqlite:///{tmp_path / 'headoffice.db'}")
    server.start()
    create_station(server.db, DEMO_STATION, "幸福里社区自提点")
    yield server
    server.stop()


@pytest.fixture
def station(tmp_path: Path, head_office_server: EmbeddedHeadOffice) -> Iterator[Station]:
    data_dir = tmp_path / "station"
    counter = open_counter(data_dir, demo=True)
    code = new_enrolment_code(head_office_server.db, DEMO_STATION)
    service = enrolled_service(counter, data_dir, head_office_server.url, code)
    yield Station(counter, service, data_dir)
    counter.close()
