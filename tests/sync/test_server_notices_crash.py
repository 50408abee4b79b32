"""`station-headoffice serve --notices webhook:…` as an operator runs it: killed (SIGKILL) while
notices are on their way, started again, and every order notified once as the far side sees
it; and two worker processes on PostgreSQL sharing the sending."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import requests
from sqlalchemy import func, select

from sync.server.db import HeadOfficeDb
from sync.server.headoffice import create_station, new_enrolment_code
from sync.server.models import Notice
from tests.sync.conftest import STATION, fresh_postgres
from tests.sync.notice_receiver import NoticeReceiver
from tests.sync.signed_client import SignedClient, enrol
from tests.sync.test_server_notices import SECRET, make_ready
from tests.sync.test_server_serve import _free_port

REPO = Path(__file__).resolve().parents[2]


class Served:
    """`serve` in its own process group, so that SIGKILL takes its workers with it."""

    def __init__(self, url: str, log: Path, *options: str) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        with log.open("a") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "sync.server.cli", "--database-url", url, "serve",
                 "--port", str(self.port), *options], cwd=REPO, stdout=output,
                stderr=subprocess.STDOUT, start_new_session=True)
        wait_for(self._answers, 60, log)

    def _answers(self) -> bool:
        assert self.process.poll() is None, self.log.read_text()
        try:
            return requests.get(self.base + "/v1/time", timeout=2).ok
        except requests.RequestException:
            return False

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


def wait_for(condition: Callable[[], bool], timeout_s: float, log: Path) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.05)


def states(db: HeadOfficeDb) -> dict[str, str]:
    with db.reading() as session:
        return {notice_id: state for notice_id, state in session.execute(
            select(Notice.notice_id, Notice.state))}


def notice_options(receiver: NoticeReceiver, secret: Path, timeout_s: str) -> list[str]:
    return ["--notices", f"webhook:{receiver.url}", "--notices-secret-file", str(secret),
            "--notices-timeout", timeout_s, "--notices-every", "0.2", "--notices-backoff", "0.2"]


def test_a_head_office_killed_while_sending_sends_again_with_the_same_notice_ids(
        tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ho.db'}"
    db = HeadOfficeDb(url, migrate=True)
    create_station(db, STATION, "幸福里社区自提点")
    secret = tmp_path / "webhook.secret"
    secret.write_bytes(SECRET + b"\n")
    log = tmp_path / "serve.log"
    # From the 50th delivery on the far side keeps each notice and never answers: head office
    # has sent them and is waiting to record it when it is killed.
    with NoticeReceiver(SECRET, hang_after=50, late_rate=1.0, late_s=0.005) as receiver:
        served = Served(url, log, *notice_options(receiver, secret, "0.5"))
        try:
            client = enrol(served.base, new_enrolment_code(db, STATION))
            orders = make_ready(db, client, 120, seed=81)
            assert receiver.hung.wait(60), log.read_text()
            served.kill()
        finally:
            served.stop()
        kept = set(receiver.effects)
        before = states(db)
        # Delivered but not recorded: the kill fell between sending and marking.
        assert any(before[notice_id] == "pending" for notice_id in kept), before
        assert len(kept) < len(orders)

        receiver.release()
        served = Served(url, log, *notice_options(receiver, secret, "0.5"))
        try:
            wait_for(lambda: set(states(db).values()) == {"sent"}, 90, log)
        finally:
            served.stop()
    assert sorted(effect["order_no"] for effect in receiver.effects.values()) == sorted(orders)
    assert receiver.bad == 0
    # Some were sent twice (the same Notice-Id) and acted on once.
    assert sum(receiver.deliveries.values()) > len(receiver.effects) == len(orders)
    text = log.read_text()
    assert "Traceback" not in text, text
    db.dispose()


def test_two_serve_workers_on_postgres_send_each_notice_once(tmp_path: Path) -> None:
    url = fresh_postgres()
    db = HeadOfficeDb(url, migrate=True)
    create_station(db, STATION, "幸福里社区自提点")
    secret = tmp_path / "webhook.secret"
    secret.write_bytes(SECRET)
    log = tmp_path / "serve.log"
    with NoticeReceiver(SECRET, fail_rate=0.2, late_rate=1.0, late_s=0.005) as receiver:
        served = Served(url, log, "--workers", "2",
                        *notice_options(receiver, secret, "5"))
        try:
            wait_for(lambda: log.read_text().count("Application startup complete") == 2, 60,
                     log)
            client: SignedClient = enrol(served.base, new_enrolment_code(db, STATION))
            orders = make_ready(db, client, 300, seed=91)
            wait_for(lambda: set(states(db).values()) == {"sent"}, 120, log)
        finally:
            served.stop()
    with db.reading() as session:
        attempts = session.scalar(select(func.sum(Notice.attempts)))
    assert sorted(effect["order_no"] for effect in receiver.effects.values()) == sorted(orders)
    # Every delivery kept once: two workers never sent one notice at the same time.
    assert sum(receiver.deliveries.values()) == len(orders)
    assert attempts == len(orders) + receiver.refused
    senders = {line.split("]")[0] for line in log.read_text().splitlines()
               if "notices:" in line and "sent" in line}
    assert len(senders) == 2, log.read_text()  # both workers sent some
    db.dispose()
