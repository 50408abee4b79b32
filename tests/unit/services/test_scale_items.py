"""Which items the scales know (PLU) and which are sold by weight, set at the station: one
transaction with its audit entry, refused with nothing written when wrong; the demo's produce
comes with PLUs, and a scale label with one of them sells that item."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from station_app.counter import Counter
from station_app.demo_data import DEMO_WEIGHED
from station_app.domain.scale_barcode import encode, nomenclature
from station_app.services.authority import NotAllowed
from station_app.services.sales import Sales
from station_app.services.scale_items import (
    SCALE_ITEM_SET,
    ScaleItemRefusal,
    ScaleItemRefused,
    ScaleItems,
    normal_plu,
)
from tests.helpers import rows

CLERK = 1
NOON = datetime(2026, 11, 25, 4, 0, tzinfo=UTC)
EGGS = "EGG-001"


@pytest.fixture
def items(counter: Counter) -> ScaleItems:
    return ScaleItems(counter.db, lambda: NOON)


def audit(counter: Counter) -> list[tuple[str, int, str, str]]:
    return [tuple(row) for row in rows(  # type: ignore[misc]
        counter.db, "SELECT action, staff_id, subject, detail FROM audit_log "
                    "WHERE action = :action ORDER BY id", action=SCALE_ITEM_SET)]


def test_the_demo_sells_its_produce_by_weight_with_plus(items: ScaleItems) -> None:
    weighed = items.weighed_items()
    assert {(i.sku, i.plu) for i in weighed} == set(DEMO_WEIGHED.items())
    assert all(i.sold_by_weight for i in weighed)


def test_setting_a_plu_and_by_weight_is_audited_and_sells_from_a_label(
        counter: Counter, items: ScaleItems) -> None:
    item = items.set_scale_item(EGGS, "00731", True, CLERK)
    assert (item.plu, item.sold_by_weight) == ("731", True)  # as a scale label is read
    assert items.item(EGGS) == item
    assert audit(counter) == [(SCALE_ITEM_SET, CLERK, EGGS,
                               "PLU -, by piece → PLU 731, by weight")]
    sales = Sales(counter.db, counter.station_id, lambda: NOON,
                  barcode_rules=nomenclature("aclas"))
    found = sales.item_for_barcode(encode(nomenclature("aclas")[0], "731", price_fen=1234))
    assert (found.sku, found.price_fen, found.price_source) == (EGGS, 1234, "code")

    items.set_scale_item(EGGS, "731", True, CLERK)  # nothing changed: nothing to audit
    items.set_scale_item(EGGS, "", False, CLERK)
    assert (items.item(EGGS).plu, items.item(EGGS).sold_by_weight) == (None, False)
    assert [row[3] for row in audit(counter)] == [
        "PLU -, by piece → PLU 731, by weight", "PLU 731, by weight → PLU -, by piece"]


@pytest.mark.parametrize(("plu", "reason"), [
    ("12a", ScaleItemRefusal.BAD_PLU), ("1234567", ScaleItemRefusal.BAD_PLU),
    ("000", ScaleItemRefusal.BAD_PLU), ("１２", ScaleItemRefusal.BAD_PLU),
    ("103", ScaleItemRefusal.PLU_TAKEN),  # the demo's tomatoes have it
])
def test_a_bad_or_taken_plu_writes_nothing(counter: Counter, items: ScaleItems, plu: str,
                                           reason: ScaleItemRefusal) -> None:
    with pytest.raises(ScaleItemRefused) as refused:
        items.set_scale_item(EGGS, plu, True, CLERK)
    assert refused.value.reason is reason
    if reason is ScaleItemRefusal.PLU_TAKEN:
        assert "VEG-003" in refused.value.detail
    assert (items.item(EGGS).plu, items.item(EGGS).sold_by_weight) == (None, False)
    assert audit(counter) == []


def test_unknown_item_and_unknown_staff_are_refused(counter: Counter,
                                                    items: ScaleItems) -> None:
    with pytest.raises(ScaleItemRefused) as refused:
        items.set_scale_item("NOPE-1", "42", True, CLERK)
    assert refused.value.reason is ScaleItemRefusal.UNKNOWN_SKU
    with pytest.raises(NotAllowed):
        items.set_scale_item(EGGS, "42", True, 999)
    with pytest.raises(ScaleItemRefused):
        items.item("NOPE-1")
    assert audit(counter) == []


def test_normal_plu() -> None:
    assert normal_plu(" 0042 ") == "42"
    assert normal_plu("") is None
    with pytest.raises(ScaleItemRefused):
        normal_plu("4-2")
