"""A new counter joins its station from a running counter over the LAN (loopback here), with
no head office: the copy, the secret, the counters line, then both counters exchanging."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from station_app.counter import open_counter
from station_app.paths import DataDir
from station_app.security.pairing import BadPairingCode, new_lan_secret, pairing_code
from station_app.security.secret_store import SecretStore
from station_app.services.exchange import Exchange
from station_app.setup.second_counter import CannotBecomeCounter
from station_app.storage.database import open_database
from sync.lan.counters import LanExchange
from sync.lan.join import LAN_SECRET, join_station
from sync.lan.wire import LanRefused
from tests.helpers import READY, pickup_code, scalar


def test_a_counter_joins_from_another_and_they_exchange(tmp_path: Path) -> None:
    one = open_counter(tmp_path / "one", demo=True)
    secret = new_lan_secret()
    port = _free_port()
    first = LanExchange.open(Exchange(one.db, one.station_id, one.clock), secret,
                             f"1=127.0.0.1:{port}", wait_s=2)  # alone, until 2 asks
    first.start()
    root = tmp_path / "two"
    DataDir(root).ensure()
    db = open_database(DataDir(root).database, DataDir(root).backups)
    lan_two: LanExchange | None = None
    try:
        with pytest.raises(BadPairingCode):
            join_station(db, root, f"127.0.0.1:{port}", "ABCD-EFGH", 2)
        with pytest.raises(LanRefused):
            join_station(db, root, f"127.0.0.1:{port}", pairing_code(new_lan_secret()), 2)
        free = _free_port()
        joined = join_station(db, root, f"127.0.0.1:{port}", pairing_code(secret), 2,
                              listen_port=free)
        db.close()
        assert joined.station_id == one.station_id
        assert joined.counters == f"1=127.0.0.1:{port}, 2=127.0.0.1:{free}"
        assert SecretStore(root, joined.station_id).load(LAN_SECRET) == secret
        two = open_counter(root)
        assert scalar(two.db, "SELECT counter_no FROM station WHERE is_local") == 2
        assert scalar(two.db, "SELECT count(*) FROM orders") == \
            scalar(one.db, "SELECT count(*) FROM orders")
        # The counter 1 PC stays counter 1: a second join as 2 is refused once 2 has records.
        lan_two = LanExchange.open(Exchange(two.db, two.station_id, two.clock), secret,
                                   joined.counters, wait_s=2)
        lan_two.start()
        found = two.handovers.lookup(pickup_code(two.db, READY))
        assert found.order is not None
        done = two.handovers.confirm(found.order.order_no, two.staff_id, found.proof)
        # counter 1 learnt where counter 2 answers from its asks, and asks it back
        started = time.monotonic()
        while scalar(one.db, "SELECT state FROM orders WHERE order_no = :n",
                     n=done.order.order_no) != "handed_over":
            assert time.monotonic() - started < 5, "counter 1 never got counter 2's handover"
            time.sleep(0.05)
        again = tmp_path / "three"
        DataDir(again).ensure()
        db3 = open_database(DataDir(again).database, DataDir(again).backups)
        with pytest.raises(CannotBecomeCounter):
            join_station(db3, again, f"127.0.0.1:{port}", pairing_code(secret), 2)
        # Counter 2's PC dies: a new PC replaces it and numbers on after what counter 1 holds
        # of counter 2's, so no number of counter 2's is used twice.
        held_of_two = scalar(one.db, "SELECT max(station_seq) FROM outbox_event "
                                     "WHERE counter_no = 2")
        assert held_of_two >= 1
        join_station(db3, again, f"127.0.0.1:{port}", pairing_code(secret), 2,
                     listen_port=_free_port(), replacing=True)
        db3.close()
        if lan_two is not None:
            lan_two.stop()
            lan_two = None
        two.close()
        three = open_counter(again)
        found = three.handovers.lookup(pickup_code(three.db, READY))
        assert found.order is not None
        done = three.handovers.confirm(found.order.order_no, three.staff_id, found.proof)
        assert (done.station_seq, scalar(three.db, "SELECT counter_no FROM station WHERE "
                                                   "is_local")) == (held_of_two + 1, 2)
        three.close()
    finally:
        if lan_two is not None:
            lan_two.stop()
        first.stop()
        one.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
