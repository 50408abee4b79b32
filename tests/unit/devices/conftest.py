from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from station_app.devices.receipt import HandoverReceipt, ReceiptLine
from station_app.domain.outcome import LineOutcome

ORDER_NO = "GL01-261125-0042"
LONG_NAME = "新疆阿克苏冰糖心苹果 5斤装 特级大果 产地直发"


def sample_receipt(**changes: Any) -> HandoverReceipt:
    fields: dict[str, Any] = {
        "receipt_no": "H-000123",
        "station_name": "幸福里社区自提点",
        "station_code": "GL01",
        "order_no": ORDER_NO,
        "pickup_code": "538201",
        "masked_phone": "138****5678",
        "slot": "A-3-017",
        "handed_over_at": datetime(2025, 11, 25, 10, 30, 5, tzinfo=UTC),
        "staff_name": "王芳",
        "lines": (
            ReceiptLine("有机菠菜", 2, "袋", 650, LineOutcome.TAKEN),
            ReceiptLine("土鸡蛋 30枚", 1, "盒", 3290, LineOutcome.TAKEN),
            ReceiptLine(LONG_NAME, 1, "箱", 5990, LineOutcome.DAMAGED),
            ReceiptLine("五常大米 10kg", 1, "袋", 8990, LineOutcome.REFUSED),
        ),
    }
    fields.update(changes)
    return HandoverReceipt(**fields)


@pytest.fixture
def make_receipt() -> Callable[..., HandoverReceipt]:
    return sample_receipt
