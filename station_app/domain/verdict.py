"""Deciding what the counter shows for an order: pure, so every rule is tested on its own."""

from __future__ import annotations

from datetime import datetime

from station_app.domain.order_state import OrderState, Verdict


def verdict_for(state: str, station_id: str, local_station: str, deadline: datetime,
                now: datetime) -> Verdict:
    if station_id != local_station:
        return Verdict.OTHER_STATION
    match OrderState(state):
        case OrderState.HANDED_OVER:
            return Verdict.ALREADY_HANDED_OVER
        case OrderState.CANCELLED:
            return Verdict.CANCELLED
        case OrderState.RETURNED:
            return Verdict.RETURNED
        case OrderState.NOT_ARRIVED:
            return Verdict.NOT_ARRIVED
        case OrderState.ARRIVED:
            return Verdict.NOT_SORTED
        case OrderState.READY:
            return Verdict.OVERDUE if now > deadline else Verdict.READY
