"""Order notes read back as facts: each format the services write, and one they do not."""

from __future__ import annotations

import pytest

from station_app.services.history_notes import note_facts


@pytest.mark.parametrize(("kind", "text", "facts"), [
    ("refund_requested", "AS-XF01-000003: VEG-001 ×2 (missing) missing at handover",
     {"request_no": "AS-XF01-000003", "sku": "VEG-001", "quantity": "2", "source": "missing",
      "reason": "missing at handover"}),
    ("refund_answered", "AS-XF01-000003: approved — 已退款 refunded",
     {"request_no": "AS-XF01-000003", "decision": "approved", "note": "已退款 refunded"}),
    ("refund_answered", "AS-XF01-000004: rejected",
     {"request_no": "AS-XF01-000004", "decision": "rejected"}),
    ("reminded", "reminder 2", {"count": "2"}),
    ("return_listed", "RS-XF01-000001: overdue",
     {"shipment_no": "RS-XF01-000001", "change": "listed"}),
    ("return_listed", "RS-XF01-000001: taken out again",
     {"shipment_no": "RS-XF01-000001", "change": "taken_out"}),
    ("returned", "RS-XF01-000001: shipped back", {"shipment_no": "RS-XF01-000001"}),
    ("slotted", "货架位 — → A-1-001", {"previous": "—", "slot": "A-1-001"}),
    ("received", "到货 M-XF01-261125-01，货架位 A-1-001；缺货：苹果 ×1",
     {"manifest_no": "M-XF01-261125-01", "slot": "A-1-001", "shortage": "苹果 ×1"}),
    ("received", "到货 M-XF01-261125-01，货架位 —", {"manifest_no": "M-XF01-261125-01",
                                                 "slot": "—"}),
    ("reminded", "called the resident", {}),  # not a format this app writes: kept as text
    ("something_new", "reminder 2", {}),
])
def test_note_facts(kind: str, text: str, facts: dict[str, str]) -> None:
    assert note_facts(kind, text) == facts
