"""The stock screen's service on the demo station: balances, filters, search, history, levels."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from station_app.counter import Counter
from station_app.demo_data import CATALOGUE
from station_app.domain.stock import MovementReason
from station_app.services.authority import NotAllowed
from station_app.services.stock_ledger import post_movement
from station_app.services.stock_view import (
    MAX_LOW_STOCK_LEVEL,
    StockFilter,
    StockRefusal,
    StockRefused,
    StockView,
)
from tests.helpers import rows, scalar

CLERK = 1
SKU_A, NAME_A, _, _, BARCODE_A = CATALOGUE[0]
SKU_B = CATALOGUE[1][0]


@pytest.fixture
def view(counter: Counter) -> StockView:
    return StockView(counter.db)


def move(counter: Counter, sku: str, delta: int, reason: MovementReason, ref: str,
         at: datetime | None = None, staff: int | None = CLERK) -> None:
    with counter.db.writing() as session:
        post_movement(session, sku, delta, reason, ref, staff, at or datetime.now(UTC))


def test_balances_match_the_ledger_and_carry_the_catalogue(counter: Counter,
                                                           view: StockView) -> None:
    shown = {row.sku: row for row in view.balances()}
    assert set(shown) == {sku for sku, *_ in CATALOGUE}
    sums = dict(rows(counter.db, "SELECT sku, sum(delta) FROM stock_movement GROUP BY sku"))
    assert {sku: row.book for sku, row in shown.items()} == sums
    levels = dict(rows(counter.db, "SELECT sku, low_stock_level FROM catalogue_item"))
    assert {sku: row.low_level for sku, row in shown.items()} == levels
    assert all(row.low == (row.low_level is not None and row.book <= row.low_level)
               for row in shown.values())
    row = shown[SKU_A]
    assert (row.name, row.barcode) == (NAME_A, BARCODE_A)
    assert row.last_moved_at is not None and row.last_moved_at.tzinfo is not None


def test_search_by_name_sku_or_barcode(view: StockView) -> None:
    assert [row.sku for row in view.balances("菠菜")] == [SKU_A]
    assert [row.sku for row in view.balances("veg-00")] == \
        [sku for sku, *_ in CATALOGUE if sku.startswith("VEG")]
    assert [row.sku for row in view.balances(BARCODE_A[-6:])] == [SKU_A]
    assert view.balances("no such thing %_'") == []


def test_filters_low_negative_moved_today_in_stock(counter: Counter, view: StockView) -> None:
    book_a = next(row.book for row in view.balances() if row.sku == SKU_A)
    view.set_low_stock_level(SKU_A, book_a, CLERK)  # at the level counts as low
    move(counter, SKU_B, -1000, MovementReason.SALE, "S-1")
    low = view.balances(shown=StockFilter.LOW)
    assert SKU_A in {row.sku for row in low}
    assert all(row.low_level is not None and row.book <= row.low_level for row in low)
    view.set_low_stock_level(SKU_A, None, CLERK)
    assert SKU_A not in {row.sku for row in view.balances(shown=StockFilter.LOW)}
    assert [row.sku for row in view.balances(shown=StockFilter.NEGATIVE)] == [SKU_B]
    assert SKU_B not in {row.sku for row in view.balances(shown=StockFilter.IN_STOCK)}
    # "Today" is the station's day: tomorrow nothing has moved yet.
    tomorrow = StockView(counter.db, clock=lambda: datetime.now(UTC) + timedelta(days=1))
    assert tomorrow.balances(shown=StockFilter.MOVED_TODAY) == []
    assert SKU_B in {row.sku for row in view.balances(shown=StockFilter.MOVED_TODAY)}


def test_history_is_newest_first_paged_and_filtered(counter: Counter, view: StockView) -> None:
    start = datetime.now(UTC) - timedelta(days=10)
    for n in range(7):
        move(counter, SKU_A, -1, MovementReason.SALE, f"S-{n}", start + timedelta(days=n))
    move(counter, SKU_A, 5, MovementReason.RECEIVED, "M-1", start + timedelta(days=8), None)
    first = view.history(SKU_A, limit=3)
    assert [row.reference for row in first.rows] == ["M-1", "S-6", "S-5"]
    assert first.has_more
    assert first.rows[0].staff_name is None and first.rows[1].staff_name == "王丽"
    assert first.rows[0].balance_after - first.rows[0].delta == first.rows[1].balance_after
    second = view.history(SKU_A, offset=3, limit=3)
    assert [row.reference for row in second.rows] == ["S-4", "S-3", "S-2"]
    sales = view.history(SKU_A, reason=MovementReason.SALE, limit=100)
    assert {row.reason for row in sales.rows} == {"sale"} and len(sales.rows) == 7
    window = view.history(SKU_A, since=start + timedelta(days=2),
                          until=start + timedelta(days=4))
    assert [row.reference for row in window.rows] == ["S-3", "S-2"]
    assert not window.has_more
    with pytest.raises(StockRefused) as refused:
        view.history("NO-SUCH")
    assert refused.value.reason is StockRefusal.UNKNOWN_SKU


def test_low_stock_level_is_a_setting_not_an_event(counter: Counter, view: StockView) -> None:
    events = scalar(counter.db, "SELECT count(*) FROM outbox_event")
    movements = scalar(counter.db, "SELECT count(*) FROM stock_movement")
    row = view.set_low_stock_level(SKU_A, 5, CLERK)
    assert row.low_level == 5
    assert scalar(counter.db, "SELECT low_stock_level FROM catalogue_item WHERE sku=:s",
                  s=SKU_A) == 5
    assert view.set_low_stock_level(SKU_A, None, CLERK).low_level is None
    assert scalar(counter.db, "SELECT count(*) FROM outbox_event") == events
    assert scalar(counter.db, "SELECT count(*) FROM stock_movement") == movements


def test_bad_levels_are_refused_and_nothing_changes(counter: Counter,
                                                    view: StockView) -> None:
    view.set_low_stock_level(SKU_A, 4, CLERK)
    levels = "SELECT sku, low_stock_level FROM catalogue_item ORDER BY sku"
    before = rows(counter.db, levels)
    for sku, level, reason in ((SKU_A, -1, StockRefusal.BAD_LEVEL),
                               (SKU_A, MAX_LOW_STOCK_LEVEL + 1, StockRefusal.BAD_LEVEL),
                               ("NO-SUCH", 3, StockRefusal.UNKNOWN_SKU)):
        with pytest.raises(StockRefused) as refused:
            view.set_low_stock_level(sku, level, CLERK)
        assert refused.value.reason is reason
    with pytest.raises(NotAllowed):
        view.set_low_stock_level(SKU_A, 9, 999)
    assert rows(counter.db, levels) == before
    assert (SKU_A, 4) in [tuple(r) for r in before]


def test_item_for_code(view: StockView) -> None:
    assert view.item_for_code(BARCODE_A) == SKU_A
    assert view.item_for_code(f" {SKU_B} ") == SKU_B
    assert view.item_for_code("6900000000000") is None
    assert view.item_for_code("") is None
