"""An order's notes read back as facts, so a screen can say each in its own language.

Services write order notes as short texts in the words their writer chose ("reminder 2",
"AS-XF01-000003: VEG-001 ×1 (missing) missing at handover", "货架位 A-1-001 → D-5-020"); old
notes stay as they were written. Shown as stored, a Chinese window showed English and an
English one Chinese. These patterns match what this package writes (after_sales, overdue,
return_shipments, receiving, slots, replay); the screen words each kind itself from the facts.
A note that matches none (written by an older version) keeps its text.
"""

from __future__ import annotations

import re

# kind → the note text's pattern; its named groups are the facts.
_PATTERNS: dict[str, re.Pattern[str]] = {
    "refund_requested": re.compile(
        r"(?P<request_no>\S+): (?P<sku>\S+) ×(?P<quantity>\d+) \((?P<source>\w+)\) ?"
        r"(?P<reason>.*)", re.S),
    "refund_answered": re.compile(
        r"(?P<request_no>\S+): (?P<decision>approved|rejected)(?: — (?P<note>.*))?", re.S),
    "reminded": re.compile(r"reminder (?P<count>\d+)"),
    "return_listed": re.compile(r"(?P<shipment_no>\S+): (?P<change>overdue|taken out again)"),
    "returned": re.compile(r"(?P<shipment_no>\S+): shipped back"),
    "slotted": re.compile(r"货架位 (?P<previous>\S+) → (?P<slot>\S+)"),
    "received": re.compile(
        r"到货 (?P<manifest_no>\S+)，货架位 (?P<slot>[^；]+)(?:；缺货：(?P<shortage>.*))?", re.S),
}
# What `return_listed` notes say, as codes: put into the shipment, or taken out again.
_CHANGES = {"overdue": "listed", "taken out again": "taken_out"}


def note_facts(kind: str, text: str) -> dict[str, str]:
    """The facts of a stored note ({} when its text is not one this package writes)."""
    pattern = _PATTERNS.get(kind)
    found = pattern.fullmatch(text) if pattern is not None else None
    if found is None:
        return {}
    facts = {key: value for key, value in found.groupdict().items() if value is not None}
    if "change" in facts:
        facts["change"] = _CHANGES[facts["change"]]
    return facts
