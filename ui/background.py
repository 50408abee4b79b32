"""Running core calls off the GUI thread and handing results back on it.

One `Lane` per resource (database, printer): a single worker thread each, so calls on a lane
keep their order (a lookup is answered before the confirm that follows it) and a slow printer
never delays a handover. Results come back through a Qt signal, so callbacks always run on the
GUI thread and may touch widgets (Picard's `thread.run_task` does the same).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

T = TypeVar("T")
log = logging.getLogger("station.ui.background")


class _Relay(QObject):
    delivered = Signal(object, object)  # (callback, value): queued to the GUI thread

    def __init__(self) -> None:
        super().__init__()
        self.delivered.connect(self._call)

    @staticmethod
    def _call(callback: Callable[[Any], None], value: Any) -> None:
        callback(value)


class Lane:
    def __init__(self, name: str) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._relay = _Relay()
        self.name = name
        self._closed = False

    def submit(self, work: Callable[[], T], done: Callable[[T], None],
               failed: Callable[[BaseException], None]) -> None:
        def run() -> None:
            try:
                value = work()
            except Exception as error:  # handed to the caller, who shows it to staff
                log.info("%s work ended in %s", self.name, type(error).__name__)
                self._relay.delivered.emit(failed, error)
            else:
                self._relay.delivered.emit(done, value)

        if self._closed:
            log.debug("%s lane is closed; dropped a late request", self.name)
            return
        self._pool.submit(run)

    def shutdown(self) -> None:
        """Finish what was asked (a confirm in flight must commit), then refuse new work."""
        self._closed = True
        self._pool.shutdown(wait=True, cancel_futures=False)
