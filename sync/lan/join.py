"""A new counter joining its station from a counter already running there, over the LAN.

What staff type: the running counter's address and the pairing code it shows in F2. The new
counter asks for a copy of that counter's database (signed with the code's secret, checked
on both sides), takes it as its own as counter N (`station_app/setup/second_counter.py`),
keeps the secret, and writes the `counters` line: the counter it joined from, and itself on
the address its LAN card has towards it. Head office is not needed: this works while the
internet is down; the new counter enrols with head office for its own key when it can.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from pathlib import Path

import requests

from station_app.paths import DataDir
from station_app.private_files import write_private
from station_app.security.pairing import read_pairing_code
from station_app.security.secret_store import SecretStore
from station_app.setup.second_counter import CannotBecomeCounter, take_copy_into
from station_app.storage.database import Database
from sync.auth import H_NONCE, H_STATION, sign
from sync.lan.counters import DEFAULT_PORT, parse_counters
from sync.lan.server import LAN_KEY_ID
from sync.lan.wire import (
    H_ANSWER_SIGNATURE,
    H_COUNTER,
    PATH_COPY,
    LanRefused,
    answer_signed,
    open_copy,
)

LAN_SECRET = "lan"  # the key id of the station's LAN secret in the secret store
MAX_COPY_BYTES = 4 * 1024 * 1024 * 1024


@dataclass(frozen=True)
class Joined:
    station_id: str
    counter_no: int
    counters: str  # the `counters` setting this counter now has


def join_station(db: Database, root: Path, address: str, code: str, counter_no: int,
                 listen_port: int = DEFAULT_PORT, timeout_s: float = 120.0,
                 replacing: bool = False) -> Joined:
    """Join as counter `counter_no` from the counter at `address` (`host[:port]`);
    `replacing`: this PC takes the place of that counter (see `become_counter`).

    Raises BadPairingCode (typo), LanRefused (wrong code, number taken, not a counter),
    CannotBecomeCounter, requests' errors (cannot connect) and OSError (disk)."""
    secret = read_pairing_code(code)
    peers = parse_counters(f"1={address.strip()}")
    peer = peers[1]
    query = {"replacing": "1"} if replacing else {}
    headers = sign(secret, "", LAN_KEY_ID, "GET", PATH_COPY, query)
    headers[H_COUNTER] = str(counter_no)
    session = requests.Session()
    session.trust_env = False  # never through a proxy
    with session.get(f"http://{peer.address}{PATH_COPY}", params=query, headers=headers,
                     timeout=(5.0, timeout_s), stream=True) as answer:
        body = answer.raw.read(MAX_COPY_BYTES, decode_content=True)
        if answer.status_code == 409:
            raise CannotBecomeCounter(f"counter {counter_no} exists already: take the next "
                                      "number")
        if answer.status_code == 401:
            raise LanRefused("bad_signature", "the pairing code is not that station's")
        if answer.status_code != 200:
            raise LanRefused("refused", f"the counter answered {answer.status_code}")
        station_id = answer.headers.get(H_STATION, "")
        their_counter = answer.headers.get(H_COUNTER, "")
        claimed = answer.headers.get(H_ANSWER_SIGNATURE, "")
    if not their_counter.isdigit() or not station_id or not answer_signed(
            secret, headers[H_NONCE], int(their_counter), body, claimed):
        raise LanRefused("bad_signature", "the answer is not signed with the pairing code")
    incoming = DataDir(root).root / "joining.db"
    write_private(incoming, open_copy(secret, body))  # residents' names: 0600, then gone
    try:
        joined_station = take_copy_into(db, incoming, counter_no, replacing)
    finally:
        incoming.unlink(missing_ok=True)
    if joined_station != station_id:
        raise LanRefused("wrong_station", f"the copy is of station {joined_station}")
    SecretStore(root, station_id).save(LAN_SECRET, secret)
    here = _address_towards(peer.host, peer.port)
    line = f"{their_counter}={peer.address}, {counter_no}={here}:{listen_port}"
    return Joined(station_id, counter_no, line)


def _address_towards(host: str, port: int) -> str:
    """This PC's own address on the LAN that reaches `host` (the card the copy came over)."""
    with socket.create_connection((host, port), timeout=5) as probe:
        return str(probe.getsockname()[0])
