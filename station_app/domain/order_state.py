"""The life of an order at the station, and what the counter makes of it."""

from __future__ import annotations

from enum import StrEnum


class OrderState(StrEnum):
    """Stored state. "Overdue" is not a state: it is a ready order past its holding deadline."""

    NOT_ARRIVED = "not_arrived"  # due here, goods not yet received (待到货)
    # Goods received, waiting to be sorted into the bag (到站待分拣): only when the station
    # makes orders ready at sorting (setting ready_when = "sorted").
    ARRIVED = "arrived"
    READY = "ready"  # goods on the shelf (待提货)
    HANDED_OVER = "handed_over"  # closed by a full or partial handover (已提货)
    CANCELLED = "cancelled"  # cancelled by head office (已取消)
    RETURNED = "returned"  # sent back to head office (已退回)


class Verdict(StrEnum):
    """What the counter must show for a looked-up order: one banner per verdict."""

    READY = "ready"
    OVERDUE = "overdue"  # ready, past the holding deadline: hand over, with a warning
    ALREADY_HANDED_OVER = "already_handed_over"
    CANCELLED = "cancelled"
    RETURNED = "returned"
    NOT_ARRIVED = "not_arrived"
    NOT_SORTED = "not_sorted"  # goods here, not yet sorted into the bag: sort it first
    OTHER_STATION = "other_station"
    UNKNOWN = "unknown"

    @property
    def can_hand_over(self) -> bool:
        return self in (Verdict.READY, Verdict.OVERDUE)
