"""The station's counters on its LAN: who they are (the `counters` setting), and this counter's
exchange with them (its answering server and one link per other counter).

The setting is the same line on every counter of the station, so it can be copied from one
to the next: `1=192.168.1.20:7441, 2=192.168.1.21:7441`. A counter listens on its own entry
and asks every other. Addresses are set, not discovered: multicast (mDNS) is often blocked on
shop routers, and an address a keeper typed is one a technician can check.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass

from station_app.services.exchange import MAX_COUNTERS, Applied, Exchange, PeerView
from sync.lan.link import WAIT_S, Peer, PeerLink
from sync.lan.server import LanServer

log = logging.getLogger("sync.lan")

DEFAULT_PORT = 7441
_ENTRY = re.compile(r"\s*(\d{1,2})\s*=\s*([A-Za-z0-9.\-]+|\[[0-9A-Fa-f:]+\])(?::(\d{1,5}))?\s*")


class CountersSettingError(ValueError):
    """The `counters` setting cannot be read; the message says which entry and why."""


def parse_counters(text: str) -> dict[int, Peer]:
    """`1=host:port, 2=host` → counter number → where it answers. Empty: no other counters."""
    found: dict[int, Peer] = {}
    for entry in filter(str.strip, text.split(",")):
        match = _ENTRY.fullmatch(entry)
        if match is None:
            raise CountersSettingError(f"{entry.strip()!r} is not N=address:port")
        number, host, port = int(match[1]), match[2].strip("[]"), int(match[3] or DEFAULT_PORT)
        if not 1 <= number <= MAX_COUNTERS or not 1 <= port <= 65535:
            raise CountersSettingError(f"{entry.strip()!r}: counter 1-{MAX_COUNTERS}, "
                                       "port 1-65535")
        if number in found:
            raise CountersSettingError(f"counter {number} is listed twice")
        found[number] = Peer(number, host, port)
    return found


@dataclass
class LanExchange:
    """This counter's whole part in the exchange; `start` once, `stop` at exit.

    Besides the counters the setting lists, a counter that asks here and says where it
    answers is asked back (a new counter joined from this one knows where this one is; this
    one learns where it is the first time it asks)."""

    exchange: Exchange
    secret: bytes
    server: LanServer | None
    links: list[PeerLink]
    on_applied: Callable[[Applied], None] | None = None
    wait_s: float = WAIT_S

    @classmethod
    def open(cls, exchange: Exchange, secret: bytes, counters: str, *,
             on_applied: Callable[[Applied], None] | None = None,
             wait_s: float | None = None) -> LanExchange:
        """From the setting. Raises CountersSettingError, and OSError when this counter's own
        address cannot be listened on (another program holds the port)."""
        station = parse_counters(counters)
        own = exchange.counter_no()
        if station and own not in station:
            raise CountersSettingError(f"this PC is counter {own}, which the setting does not "
                                       "list")
        lan = cls(exchange, secret, None, [], on_applied, WAIT_S if wait_s is None else wait_s)
        me = station.get(own)
        if me is not None:
            lan.server = LanServer(exchange, secret, me.host, me.port, on_asker=lan.asked_by)
        for number, peer in sorted(station.items()):
            if number != own:
                lan.links.append(lan._link(peer))
        return lan

    def _link(self, peer: Peer) -> PeerLink:
        port = self.server.address[1] if self.server is not None else None
        return PeerLink(self.exchange, self.secret, peer, wait_s=self.wait_s,
                        on_applied=self.on_applied, listens_on=port)

    def asked_by(self, counter_no: int, host: str, port: int) -> None:
        """A counter asked from `host` and answers on `port`: ask it back if not yet."""
        with _LEARNING:
            if any(link.peer.counter_no == counter_no for link in self.links):
                return
            link = self._link(Peer(counter_no, host, port))
            self.links.append(link)
        log.info("counter %d asked from %s: asking it back on port %d", counter_no, host, port)
        link.start()

    def start(self) -> None:
        if self.server is not None:
            self.server.start()
        for link in self.links:
            link.start()

    def stop(self) -> None:
        for link in list(self.links):
            link.stop(timeout_s=0)
        if self.server is not None:
            self.server.stop()
        for link in list(self.links):
            link.stop()

    def peers(self) -> list[PeerView]:
        return self.exchange.peers()


_LEARNING = threading.Lock()
