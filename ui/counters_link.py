"""The station's other counters on the window: the LAN exchange started with the window and
stopped with it, and the status bar's "Counters" indicator (reached, behind, or why not).

The exchange runs on its own threads (`sync/lan`); this reads how it goes from the database on
the database lane every two seconds, and at once when a peer's records were applied here
(the recent handovers list is drawn again then: an order handed over at the other counter
shows there too).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from station_app.config import Settings
from station_app.counter import Counter
from station_app.security.secret_store import SecretStore, SecretUnavailable
from station_app.services.exchange import Exchange, PeerView
from sync.lan.counters import CountersSettingError, LanExchange
from sync.lan.join import LAN_SECRET
from ui.messages import Banner, Severity, local_time

if TYPE_CHECKING:
    from ui.main_window import CounterWindow

log = logging.getLogger("station.ui.counters")

REFRESH_MS = 2000
QUIET_S = 30  # a peer not heard from for this long is shown as not reached


def open_lan(counter: Counter) -> tuple[LanExchange | None, str | None]:
    """The counter's exchange from its settings, not started; or why there is none (None:
    the station has one counter)."""
    if not counter.settings.counters.strip():
        return None, None
    try:
        secret = SecretStore(counter.data_dir.root, counter.station_id).load(LAN_SECRET)
        exchange = Exchange(counter.db, counter.station_id, counter.clock)
        return LanExchange.open(exchange, secret, counter.settings.counters), None
    except SecretUnavailable:
        return None, "unpaired"
    except CountersSettingError as error:
        return None, f"setting: {error}"
    except OSError as error:  # the port is taken: another copy of the app, another program
        return None, f"listen: {error}"


class CountersLink(QObject):
    applied = Signal(int)  # records applied from a peer (emitted on a link's thread)

    def __init__(self, window: CounterWindow) -> None:
        super().__init__(window)
        self.window = window
        self.lan: LanExchange | None = None
        self.problem: str | None = None
        self.line = window.counter.settings.counters
        self.exchange = Exchange(window.counter.db, window.counter.station_id,
                                 window.counter.clock)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.applied.connect(lambda _count: self._news())
        window.back_office.settings_saved.connect(self._settings_saved)
        self._open()

    def _open(self) -> None:
        # The secret store and the counter's number are read off the GUI thread.
        counter = self.window.counter
        self.window.context.run(lambda: open_lan(counter), self._opened)

    def _opened(self, opened: tuple[LanExchange | None, str | None]) -> None:
        self.lan, self.problem = opened
        self._begin()

    def _begin(self) -> None:
        indicator, lan = self.window.status.counters, self.lan
        indicator.setVisible(lan is not None or self.problem is not None)
        if lan is None:
            if self.problem is not None:
                self._cannot_start(self.problem)
            return
        lan.on_applied = lambda done: self.applied.emit(done.applied)  # learned links too
        for link in lan.links:
            link.on_applied = lan.on_applied
        lan.start()
        self.timer.start()
        self.refresh()

    def stop(self) -> None:
        self.timer.stop()
        if self.lan is not None:
            self.lan.stop()
            self.lan = None

    def _settings_saved(self, settings: Settings) -> None:
        """A new counters line or pairing code (F2) takes effect at once."""
        if settings.counters == self.line and self.problem != "unpaired":
            return
        self.stop()
        self.line = settings.counters
        self._open()

    def refresh(self) -> None:
        self.window.context.run(self.exchange.peers, self._show, lambda _error: None)

    def _news(self) -> None:
        self.refresh()
        self.window.handover.refresh_recent()

    def _show(self, peers: list[PeerView]) -> None:
        indicator = self.window.status.counters
        now = self.window.counter.clock()
        expected = [link.peer.counter_no for link in self.lan.links] if self.lan else []
        seen = {peer.counter_no: peer for peer in peers}
        missing = [n for n in expected if not _reached(seen.get(n), now)]
        behind = sum(peer.events_behind for peer in peers if peer.counter_no in expected)
        details = "\n".join(self._detail(seen.get(n), n) for n in expected)
        if missing:
            indicator.set_state("warn", lambda: self.tr("counter %1 not reached").replace(
                "%1", ", ".join(map(str, missing))), details)
        elif behind:
            indicator.set_state("ok", lambda: self.tr("%n record(s) coming", "", behind),
                                details)
        else:
            indicator.set_state("ok", lambda: self.tr("%n other(s), up to date", "",
                                                      len(expected)), details)

    def _detail(self, peer: PeerView | None, number: int) -> str:
        if peer is None or (peer.last_contact_at is None and peer.problem is None):
            return self.tr("Counter %1: not reached yet").replace("%1", str(number))
        if peer.problem is not None:
            return self.tr("Counter %1 (%2): %3, since %4").replace("%1", str(number)) \
                .replace("%2", peer.address).replace("%3", peer_problem(peer.problem)) \
                .replace("%4", _at(peer.problem_since))
        return self.tr("Counter %1 (%2): last exchange %3, %4 record(s) behind").replace(
            "%1", str(number)).replace("%2", peer.address).replace(
            "%3", _at(peer.last_contact_at)).replace("%4", str(peer.events_behind))

    def _cannot_start(self, problem: str) -> None:
        indicator = self.window.status.counters
        if problem == "unpaired":
            indicator.set_state("warn", lambda: self.tr("not paired"))
            self.window.banner.show_banner(Banner(
                Severity.WARN, self.tr("This counter is not paired with the station's other "
                                       "counters"),
                self.tr("A manager types the pairing code from counter 1 in F2, Counters.")))
            return
        indicator.set_state("warn", lambda: self.tr("not started"), problem)
        self.window.banner.show_banner(Banner(
            Severity.WARN, self.tr("The exchange with the other counters did not start"),
            self.tr("Check the Counters line in F2 (%1).").replace("%1", problem)))


PEER_PROBLEM_CODES = frozenset({"cannot_connect", "timeout", "bad_signature", "wrong_station",
                                "bad_answer", "refused"})


class PeerWords(QObject):
    """Why another counter cannot be reached, in the counter's language."""

    def word(self, problem: str) -> str:
        code = problem.split(":", 1)[0]
        return {
            "cannot_connect": self.tr("cannot connect: it is off, its app is closed, or the "
                                      "LAN is cut"),
            "timeout": self.tr("no answer in time: the LAN is slow or the counter is busy"),
            "bad_signature": self.tr("it does not take this station's pairing code (a new "
                                     "code was made?)"),
            "wrong_station": self.tr("the PC at that address is another station's counter, "
                                     "or another number"),
            "bad_answer": self.tr("it answered something that is not a counter's answer"),
            "refused": self.tr("it refused this counter"),
        }.get(code, problem)


def peer_problem(problem: str) -> str:
    return PeerWords().word(problem)


def _reached(peer: PeerView | None, now: datetime) -> bool:
    return (peer is not None and peer.problem is None and peer.last_contact_at is not None
            and (now - peer.last_contact_at).total_seconds() <= QUIET_S)


def _at(moment: datetime | None) -> str:
    return local_time(moment) if moment is not None else "—"
