"""Telling a USB keyboard-wedge scanner from a person typing, by the rhythm of the keys.

A scanner "types" a whole code in a few milliseconds per key and ends with Enter; people need
80 ms or more per key. The counter uses this when focus is somewhere other than the scan box,
to take the burst away from that widget and treat it as a scan.
"""

from __future__ import annotations

from dataclasses import dataclass, field

BURST_MAX_GAP_S = 0.035  # measured scanners: 2-15 ms per key; fast typists rarely < 60 ms
BURST_MIN_LENGTH = 4


@dataclass
class KeyBurst:
    """Feed characters with their time; `finish()` on Enter says whether they were a scan."""

    max_gap_s: float = BURST_MAX_GAP_S
    min_length: int = BURST_MIN_LENGTH
    _chars: list[str] = field(default_factory=list)
    _last: float | None = None

    def feed(self, char: str, at: float) -> None:
        if self._last is not None and at - self._last > self.max_gap_s:
            self._chars.clear()  # too slow: a person; whatever came before is theirs
        self._chars.append(char)
        self._last = at

    def finish(self, at: float) -> str | None:
        """The scanned text if the keys since the last pause were a scanner burst, else None."""
        burst = "".join(self._chars)
        recent = self._last is not None and at - self._last <= self.max_gap_s
        self.reset()
        return burst if recent and len(burst) >= self.min_length else None

    def reset(self) -> None:
        self._chars.clear()
        self._last = None

    @property
    def pending(self) -> int:
        return len(self._chars)
