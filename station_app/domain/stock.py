"""Why stock moves. Facts travel to head office as movements, never as absolute quantities."""

from __future__ import annotations

from enum import StrEnum


class MovementReason(StrEnum):
    RECEIVED = "received"  # goods checked in against a manifest
    HANDOVER = "handover"  # given to the resident with an order
    DAMAGED = "damaged"  # found damaged at handover: written off sellable stock
    SALE = "sale"
    RETURN_SHIPMENT = "return_shipment"
    COUNT_ADJUSTMENT = "count_adjustment"
    OPENING = "opening"  # the book quantity a station starts with
