"""Why stock moves. Facts travel to head office as movements, never as absolute quantities."""

from __future__ import annotations

from enum import StrEnum


class MovementReason(StrEnum):
    RECEIVED = "received"  # goods checked in against a manifest
    HANDOVER = "handover"  # given to the resident with an order
    DAMAGED = "damaged"  # found damaged at handover: written off sellable stock
    SALE = "sale"
    SALE_REFUND = "sale_refund"  # a walk-in sale refunded: the goods come back on the shelf
    CUSTOMER_RETURN = "customer_return"  # goods a resident brought back after handover
    RETURN_SHIPMENT = "return_shipment"
    COUNT_ADJUSTMENT = "count_adjustment"
    OPENING = "opening"  # the book quantity a station starts with
