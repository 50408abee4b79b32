"""What happened to one order line at handover."""

from enum import StrEnum


class LineOutcome(StrEnum):
    """The fate of one order line when the resident came to collect it.

    Only TAKEN lines leave stock and count towards the receipt total; the others are kept
    on the receipt so the resident sees what head office will refund or re-send.
    """

    TAKEN = "taken"
    MISSING = "missing"
    DAMAGED = "damaged"
    REFUSED = "refused"
