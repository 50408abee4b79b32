"""Exponential back-off with full jitter: a street of stations must not retry in step."""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class Backoff:
    base_s: float = 2.0
    cap_s: float = 300.0
    rng: random.Random = field(default_factory=random.Random)

    def delay(self, failures: int, hint_s: float | None = None) -> float:
        """Seconds to wait after `failures` failures in a row (≥ 1); a server's Retry-After
        hint is honoured up to the cap."""
        ceiling = min(self.cap_s, self.base_s * 2 ** max(0, min(failures - 1, 30)))
        wait = self.rng.uniform(ceiling / 2, ceiling)
        if hint_s is not None:
            wait = max(wait, min(hint_s, self.cap_s))
        return wait
