"""SIGKILL the syncing counter mid-batch, and head office mid-commit: nothing lost or doubled."""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from station_app.counter import open_counter
from station_app.demo_data import DEMO_STATION
from sync.client.service import SyncReport
from sync.server.db import HeadOfficeDb
from sync.server.embedded import EmbeddedHeadOffice
from sync.server.headoffice import new_enrolment_code
from tests.helpers import scalar
from tests.sync.client.conftest import enrolled_service, make_service
from tests.sync.client.fault_proxy import FaultProxy
from tests.sync.client.helpers import assert_head_office_holds_all, hand_over_all, new_orders

REPO = Path(__file__).resolve().parents[3]
posix_only = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")


@posix_only
@pytest.mark.slow
def test_sigkill_of_the_syncing_counter_mid_batch(
        tmp_path: Path, head_office_server: EmbeddedHeadOffice) -> None:
    port = int(head_office_server.url.rsplit(":", 1)[1])
    proxy = FaultProxy(port)  # slows every request, so the kills land inside them
    data_dir = tmp_path / "station"
    counter = open_counter(data_dir, demo=True)
    service = enrolled_service(counter, data_dir, proxy.url,
                               new_enrolment_code(head_office_server.db, DEMO_STATION))
    order_nos = new_orders(head_office_server.db, DEMO_STATION, 400, seed=5)
    assert service.sync_now().error is None
    hand_over_all(counter, order_nos)
    counter.close()

    proxy.storm = (("delay:0.15", 1.0),)
    rng = random.Random(4)
    leases_seen = 0
    for _ in range(10):
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.sync.client.sync_driver", str(data_dir), "25"],
            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert process.stdout is not None
        started = process.stdout.readline()
        assert started.startswith("STARTED"), process.communicate()[1]
        time.sleep(rng.uniform(0.05, 0.6))
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=30)
        check = open_counter(data_dir)
        leases_seen += scalar(check.db, "SELECT count(*) FROM sync_lease")
        check.close()
    assert leases_seen >= 3  # most kills landed with a batch in flight

    proxy.storm = ()
    counter = open_counter(data_dir)
    final = make_service(counter, data_dir).sync_now()
    assert final.error is None, final.error
    assert_head_office_holds_all(counter, head_office_server.db, DEMO_STATION)
    counter.close()
    proxy.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _cli(url: str, *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "sync.server.cli", "--database-url", url,
                           *args], cwd=REPO, capture_output=True, text=True, check=True,
                          timeout=120)
    return done.stdout.strip()


class ServerProcess:
    """The head office run by its CLI (`serve`) as a process that can be killed."""

    def __init__(self, url: str, port: int) -> None:
        self.url, self.port = url, port
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sync.server.cli", "--database-url", self.url, "serve",
             "--port", str(self.port)], cwd=REPO, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                requests.get(self.base_url + "/v1/time", timeout=1)
                return
            except requests.RequestException:
                time.sleep(0.05)
        raise RuntimeError("head office did not start")

    def kill(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)
            self.process = None


@pytest.fixture
def server_process(tmp_path: Path) -> Iterator[ServerProcess]:
    url = f"sqlite:///{tmp_path / 'headoffice.db'}"
    _cli(url, "create-station", DEMO_STATION, "幸福里社区自提点")
    server = ServerProcess(url, _free_port())
    yield server
    server.kill()


@posix_only
@pytest.mark.slow
def test_sigkill_of_head_office_mid_commit(tmp_path: Path,
                                           server_process: ServerProcess) -> None:
    url = server_process.url
    code = _cli(url, "enrol-code", DEMO_STATION)
    _cli(url, "generate-orders", DEMO_STATION, "--count", "600", "--seed", "9")
    server_process.start()
    data_dir = tmp_path / "station"
    counter = open_counter(data_dir, demo=True)
    service = enrolled_service(counter, data_dir, server_process.base_url, code,
                               max_batch_events=10, push_attempts=1)
    assert service.sync_now().error is None
    order_nos = [row for (row,) in counter.db.engine.connect().exec_driver_sql(
        "SELECT order_no FROM orders WHERE state = 'ready' AND order_no LIKE 'XF01-%' "
        "AND id > 320 ORDER BY id")]
    assert len(order_nos) == 600
    hand_over_all(counter, order_nos)

    rng = random.Random(8)
    interrupted = 0
    for _ in range(8):
        reports: list[SyncReport] = []
        worker = threading.Thread(target=lambda found=reports: found.append(service.sync_now()))
        worker.start()
        time.sleep(rng.uniform(0.02, 0.2))
        server_process.kill()  # wherever head office is: reading, applying, committing
        worker.join(timeout=60)
        assert reports, "sync_now must return, not hang"
        interrupted += reports[0].error is not None
        server_process.start()

    assert interrupted >= 4  # most kills hit a sync in progress
    final = service.sync_now()
    assert final.error is None, final.error
    server_process.kill()
    ho = HeadOfficeDb(url)
    assert_head_office_holds_all(counter, ho, DEMO_STATION)
    ho.dispose()
    counter.close()
