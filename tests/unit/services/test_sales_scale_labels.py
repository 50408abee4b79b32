"""Scale labels at walk-in sales on the demo station's real database: the label's price wins
over the catalogue and is recorded as such, in the sale line and in its event; misreads add
nothing; a counter-scale weight is priced per kilogram."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from station_app.counter import Counter
from station_app.devices.sale_receipt import PaymentMethod
from station_app.domain.scale_barcode import encode, gs1_check_digit, nomenclature
from station_app.services.sales import Cart, Payment, SaleRefusal, SaleRefused, Sales
from station_app.services.shifts import Shifts
from station_app.storage.models import CatalogueItem
from sync.protocol import SaleCompletedPayload
from tests.helpers import rows

CLERK = 1
NOON = datetime(2026, 11, 25, 4, 0, tzinfo=UTC)
APPLES = "FRU-001"  # ￥29.90 in the catalogue: per kilogram once sold by weight


@pytest.fixture
def sales(counter: Counter) -> Sales:
    Shifts(counter.db, counter.station_id, lambda: NOON).open(CLERK, 10_000)
    with counter.db.writing() as session:
        session.execute(update(CatalogueItem).where(CatalogueItem.sku == APPLES)
                        .values(plu="10001", sold_by_weight=True))
    return Sales(counter.db, counter.station_id, lambda: NOON,
                 barcode_rules=nomenclature("aclas"))


def test_label_price_wins_over_the_catalogue_and_is_recorded(sales: Sales) -> None:
    code = encode(nomenclature("aclas")[2], "10001", price_fen=1638, weight_g=532)
    item = sales.item_for_barcode(code)
    assert (item.sku, item.price_fen, item.weight_g, item.price_source) == (
        APPLES, 1638, 532, "code")  # the catalogue would say 29.90 × 0.532 = 15.91
    done = sales.sell(Cart().add(item), CLERK, Payment(PaymentMethod.CASH, 2000))
    assert done.sale.total_fen == 1638
    assert rows(sales.db, "SELECT quantity, unit_price_fen, weight_g, price_source "
                          "FROM sale_line") == [(1, 1638, 532, "code")]
    payload = json.loads(rows(sales.db, "SELECT payload FROM outbox_event "
                                        "WHERE type='sale.completed'")[0][0])
    line = SaleCompletedPayload.model_validate(payload).lines[0]
    assert (line.weight_g, line.price_source, line.unit_price_fen) == (532, "code", 1638)


def test_weight_only_label_is_priced_per_kilogram(sales: Sales) -> None:
    code = encode(nomenclature("aclas")[1], "10001", weight_g=532)
    item = sales.item_for_barcode(code)
    assert (item.price_fen, item.price_source) == (1591, "weight")  # 29.90 × 0.532, half up


def test_counter_scale_weight_is_priced_and_sold(sales: Sales) -> None:
    item = sales.weighed(APPLES, 1250)
    assert item.price_fen == 3738  # 29.90 × 1.25 = 37.375 → 37.38
    sales.sell(Cart().add(item), CLERK, Payment(PaymentMethod.CASH, 5000))
    assert rows(sales.db, "SELECT weight_g, price_source FROM sale_line") == [(1250, "weight")]


@pytest.mark.parametrize(("code", "problem"), [
    ("2110001006380", "bad_check_digit"),
    ("21999990063" + "8", "unknown_plu"),
    ("2210001000000", "zero_weight"),
    ("2210001999990", "absurd_weight"),
])
def test_bad_labels_say_why_and_add_nothing(sales: Sales, code: str, problem: str) -> None:
    body = code[:12]
    if problem != "bad_check_digit":
        code = body + gs1_check_digit(body)
    elif gs1_check_digit(body) == code[-1]:
        code = body + str((int(code[-1]) + 1) % 10)
    with pytest.raises(SaleRefused) as refused:
        sales.item_for_barcode(code)
    assert refused.value.reason is SaleRefusal.SCALE_LABEL
    assert refused.value.detail.startswith(problem)
    assert rows(sales.db, "SELECT count(*) FROM sale_line") == [(0,)]


def test_a_forged_weighed_price_is_refused(sales: Sales) -> None:
    item = sales.weighed(APPLES, 1000)
    cart = Cart().add(item)
    forged = Cart((replace(cart.lines[0], unit_price_fen=100),))
    with pytest.raises(SaleRefused) as refused:
        sales.sell(forged, CLERK, Payment(PaymentMethod.CASH, 5000))
    assert refused.value.reason is SaleRefusal.PRICE_CHANGED


def test_a_weighed_line_stays_one_pack(sales: Sales) -> None:
    cart = Cart().add(sales.weighed(APPLES, 800))
    assert cart.with_quantity(APPLES, 3).lines[0].quantity == 1
