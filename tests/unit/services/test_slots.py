"""Shelf slots: the layout setting, automatic slots, scanning an order to a slot."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from station_app.config import Settings, load_settings, save_settings
from station_app.counter import Counter
from station_app.services.slots import (
    ShelfLayout,
    SlotRefusal,
    SlotRefused,
    assign_slot,
    first_free,
    occupied_slots,
    slot_order,
)
from station_app.storage.models import Order
from tests.helpers import READY, rows, scalar

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def test_layout_codes_in_shelf_order() -> None:
    layout = ShelfLayout("A,B", layers=2, positions=3)
    codes = list(layout.codes())
    assert codes[:4] == ["A-1-001", "A-1-002", "A-1-003", "A-2-001"]
    assert codes[-1] == "B-2-003" and len(codes) == layout.size == 12
    assert layout.contains("B-2-003")
    assert not layout.contains("C-1-001") and not layout.contains("A-3-001")
    assert not layout.contains("A-1-004") and not layout.contains("A-1-1")
    assert first_free(layout, {"A-1-001", "A-1-003"}) == "A-1-002"
    assert first_free(ShelfLayout("A", 1, 1), {"A-1-001"}) is None


@pytest.mark.parametrize("raw", [{"zones": "A,,1"}, {"layers": 0}, {"positions": "20"},
                                 {"print_labels": 1}, {"colour": "red"}, {"zones": "A,A"}])
def test_a_bad_shelf_setting_falls_back_with_a_message(tmp_path: Path,
                                                       raw: dict[str, object]) -> None:
    path = tmp_path / "settings.toml"
    body = "\n".join(f"{key} = {json.dumps(value)}" for key, value in raw.items())
    path.write_text(f"[shelf]\n{body}\n", encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.settings.shelf == ShelfLayout()
    assert any("[shelf]" in problem for problem in loaded.problems)


def test_shelf_setting_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    settings = Settings(shelf=ShelfLayout("A,B,C", 4, 30, print_labels=False))
    save_settings(path, settings)
    assert load_settings(path).settings == settings


def test_occupancy_is_read_from_ready_orders_only(counter: Counter) -> None:
    db = counter.db
    with db.reading() as session:
        occupied = occupied_slots(session)
    ready_slots = {r[0] for r in rows(db, "SELECT slot FROM orders WHERE state='ready'")}
    gone = {r[0] for r in rows(db, "SELECT slot FROM orders WHERE state='handed_over'")}
    assert set(occupied) == ready_slots
    assert not (gone - ready_slots) & set(occupied)  # handed over: the slot is free again


def test_assign_slot_keeps_a_slot_from_head_office(counter: Counter) -> None:
    layout = ShelfLayout("A,B,C,D", 5, 20)
    with counter.db.writing() as session:
        order = session.query(Order).filter(Order.state == "not_arrived").first()
        assert order is not None
        order.slot = "Z-9-999"
        assert assign_slot(session, order, NOW, layout) == "Z-9-999"
        order.slot = None
        occupied = occupied_slots(session)
        slot = assign_slot(session, order, NOW, layout, occupied)
        assert slot == first_free(layout, set(occupied) - {slot})
        assert occupied[slot] == order.order_no


def scan_to(counter: Counter, order_no: str, slot: str, staff_id: int = 1,
            layout: ShelfLayout | None = None) -> object:
    return slot_order(counter.db, order_no, slot, staff_id, layout=layout or ShelfLayout(),
                      station_id="XF01", clock=lambda: NOW)


def counts(counter: Counter) -> tuple[object, ...]:
    db = counter.db
    return (rows(db, "SELECT order_no, slot FROM orders ORDER BY id"),
            scalar(db, "SELECT count(*) FROM outbox_event"),
            scalar(db, "SELECT count(*) FROM order_note"),
            scalar(db, "SELECT count(*) FROM print_job"))


def a_free_slot(counter: Counter) -> str:
    with counter.db.reading() as session:
        free = first_free(ShelfLayout(), occupied_slots(session))
    assert free is not None
    return free


def test_scan_an_order_to_a_slot(counter: Counter) -> None:
    db = counter.db
    order_no, old = rows(db, f"SELECT order_no, slot FROM orders WHERE {READY} LIMIT 1")[0]
    slot = a_free_slot(counter)
    done = scan_to(counter, order_no, slot.lower())
    assert (done.slot, done.previous_slot, done.changed) == (slot, old, True)  # type: ignore[attr-defined]
    assert scalar(db, "SELECT slot FROM orders WHERE order_no=:o", o=order_no) == slot
    payload = json.loads(scalar(db, "SELECT payload FROM outbox_event WHERE event_id=:e",
                                e=done.event_id))  # type: ignore[attr-defined]
    assert payload == {"order_no": order_no, "slot": slot, "slotted_at": NOW.isoformat(),
                       "station_id": "XF01", "staff_id": 1, "movements": []}
    assert scalar(db, "SELECT kind FROM order_note WHERE order_no=:o", o=order_no) == "slotted"
    assert scalar(db, "SELECT kind FROM print_job WHERE id=:j",
                  j=done.print_job_id) == "pickup_label"  # type: ignore[attr-defined]
    before = counts(counter)
    again = scan_to(counter, order_no, slot)
    assert not again.changed  # type: ignore[attr-defined]
    assert counts(counter) == before


def test_wrong_slots_are_refused_and_nothing_written(counter: Counter) -> None:
    db = counter.db
    (first, first_slot), (second, _) = rows(
        db, f"SELECT order_no, slot FROM orders WHERE {READY} AND slot LIKE '_-_-0__' "
            "LIMIT 2")
    handed = scalar(db, "SELECT order_no FROM orders WHERE state='handed_over' LIMIT 1")
    before = counts(counter)
    cases = [(second, first_slot, SlotRefusal.SLOT_TAKEN),
             (first, "E-1-001", SlotRefusal.UNKNOWN_SLOT),
             (first, "A-1-021", SlotRefusal.UNKNOWN_SLOT),
             (handed, a_free_slot(counter), SlotRefusal.NOT_READY),
             ("XF01-000000-0000", "A-1-001", SlotRefusal.UNKNOWN_ORDER)]
    for order_no, slot, reason in cases:
        with pytest.raises(SlotRefused) as refused:
            scan_to(counter, order_no, slot)
        assert refused.value.reason is reason
        if reason is SlotRefusal.SLOT_TAKEN:
            assert refused.value.holder == first  # named, so staff can find it
    assert counts(counter) == before


def test_a_slot_is_free_once_its_order_left(counter: Counter) -> None:
    db = counter.db
    order_no, slot = rows(db, f"SELECT order_no, slot FROM orders WHERE {READY} AND slot "
                              "LIKE 'A-_-0__' LIMIT 1")[0]
    other = rows(db, f"SELECT order_no FROM orders WHERE {READY} AND order_no != :o LIMIT 1",
                 o=order_no)[0][0]
    counter.handovers.confirm(order_no, 2, order_no)  # by its bag label: the manager (staff 2)
    done = scan_to(counter, other, slot)
    assert done.changed  # type: ignore[attr-defined]
