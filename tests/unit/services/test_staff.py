"""Staff at the counter on the demo station's real database: sign-in with a PIN, the lock-out
after five wrong PINs, manager overrides, account changes, and the rule that a clerk cannot do
a manager's things by calling the services directly."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text

from station_app.counter import Counter
from station_app.demo_data import DEMO_PINS, seed_demo
from station_app.devices.sale_receipt import PaymentMethod
from station_app.services.audit import entries
from station_app.services.authority import NotAllowed, Permission, holds, require
from station_app.services.overdue import Overdue
from station_app.services.sales import Cart, Payment, SaleRefusal, SaleRefused, Sales
from station_app.services.staff import (
    LOCK_AFTER_WRONG_PINS,
    LOCK_PERIOD,
    StaffAccounts,
    StaffRefusal,
    StaffRefused,
)
from station_app.services.stock_count import StockCounts
from tests.helpers import READY, rows, scalar

CLERK, MANAGER = 1, 2
T0 = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def staff(counter: Counter, clock: FakeClock) -> StaffAccounts:
    return StaffAccounts(counter.db, clock)


def audit(counter: Counter) -> list[tuple[Any, ...]]:
    return [(e.action, e.staff_id, e.approver_id) for e in reversed(entries(counter.db))]


# --- signing in ------------------------------------------------------------------------------


def test_the_demo_staff_sign_in_with_their_pins(counter: Counter, staff: StaffAccounts) -> None:
    clerk = staff.sign_in(CLERK, DEMO_PINS[CLERK])
    manager = staff.sign_in(MANAGER, DEMO_PINS[MANAGER])
    assert (clerk.name, clerk.role, clerk.is_manager) == ("王丽", "clerk", False)
    assert (manager.name, manager.is_manager) == ("陈建国", True)
    assert audit(counter) == [("sign_in", CLERK, None), ("sign_in", MANAGER, None)]


def test_no_pin_is_stored_or_audited_in_clear(counter: Counter, staff: StaffAccounts) -> None:
    with pytest.raises(StaffRefused):
        staff.sign_in(CLERK, "9137")
    staff.sign_in(CLERK, DEMO_PINS[CLERK])
    for pin in ("9137", *DEMO_PINS.values()):
        for table in ("audit_log", "staff"):
            assert all(str(value) != pin and f" {pin}" not in str(value) for row in rows(
                counter.db, f"SELECT * FROM {table}") for value in row), (table, pin)
    assert scalar(counter.db, "SELECT pin_hash FROM staff WHERE id=1").startswith("$argon2id$")


def test_five_wrong_pins_lock_the_account_for_five_minutes(counter: Counter, staff: StaffAccounts,
                                                            clock: FakeClock) -> None:
    for left in range(LOCK_AFTER_WRONG_PINS - 1, 0, -1):
        with pytest.raises(StaffRefused) as refused:
            staff.sign_in(CLERK, "0000")
        assert (refused.value.reason, refused.value.attempts_left) == (StaffRefusal.WRONG_PIN,
                                                                       left)
    with pytest.raises(StaffRefused) as locked:
        staff.sign_in(CLERK, "0000")
    assert locked.value.reason is StaffRefusal.LOCKED
    assert locked.value.locked_until == T0 + LOCK_PERIOD == T0 + timedelta(minutes=5)
    # Locked: even the right PIN is not checked.
    clock.now = T0 + LOCK_PERIOD - timedelta(seconds=1)
    with pytest.raises(StaffRefused) as still:
        staff.sign_in(CLERK, DEMO_PINS[CLERK])
    assert still.value.reason is StaffRefusal.LOCKED
    # Other staff are not affected.
    staff.sign_in(MANAGER, DEMO_PINS[MANAGER])
    clock.now = T0 + LOCK_PERIOD
    assert staff.sign_in(CLERK, DEMO_PINS[CLERK]).staff_id == CLERK
    actions = [action for action, who, _ in audit(counter) if who == CLERK]
    assert actions == ["sign_in_failed"] * 4 + ["locked_out", "sign_in_refused", "sign_in"]


def test_a_right_pin_resets_the_count(counter: Counter, staff: StaffAccounts) -> None:
    for _ in range(LOCK_AFTER_WRONG_PINS - 1):
        with pytest.raises(StaffRefused):
            staff.sign_in(CLERK, "0000")
    staff.sign_in(CLERK, DEMO_PINS[CLERK])
    assert scalar(counter.db, "SELECT failed_pins FROM staff WHERE id=1") == 0
    with pytest.raises(StaffRefused) as refused:
        staff.sign_in(CLERK, "0000")
    assert refused.value.attempts_left == LOCK_AFTER_WRONG_PINS - 1


def lock_out(staff: StaffAccounts, staff_id: int = CLERK) -> StaffRefused:
    """Type wrong PINs until the account locks; returns the refusal of the one that locked."""
    for _ in range(LOCK_AFTER_WRONG_PINS - 1):
        with pytest.raises(StaffRefused) as wrong:
            staff.sign_in(staff_id, "0000")
        assert wrong.value.reason is StaffRefusal.WRONG_PIN
    with pytest.raises(StaffRefused) as locked:
        staff.sign_in(staff_id, "0000")
    return locked.value


def test_lock_outs_escalate_to_thirty_minutes_then_to_a_manager(
        counter: Counter, staff: StaffAccounts, clock: FakeClock) -> None:
    first = lock_out(staff)
    assert (first.reason, first.locked_until) == (StaffRefusal.LOCKED,
                                                  T0 + timedelta(minutes=5))
    clock.now = first.locked_until
    second = lock_out(staff)  # the next five wrong PINs after a lock: half an hour
    assert (second.reason, second.locked_until) == (StaffRefusal.LOCKED,
                                                    clock.now + timedelta(minutes=30))
    assert second.lock_minutes == 30
    clock.now = second.locked_until
    third = lock_out(staff)  # and the next: until a manager sets a new PIN
    assert third.reason.value == "locked_until_reset" and third.locked_until is None
    for later in (timedelta(hours=1), timedelta(days=30)):
        clock.now = T0 + later
        with pytest.raises(StaffRefused) as still:
            staff.sign_in(CLERK, DEMO_PINS[CLERK])  # not even the right PIN is checked
        assert still.value.reason.value == "locked_until_reset"
    member = next(m for m in staff.roster() if m.staff_id == CLERK)
    assert member.needs_reset
    staff.set_pin(CLERK, "4826", MANAGER)  # the manager's PIN reset lifts it, audited
    assert not next(m for m in staff.roster() if m.staff_id == CLERK).needs_reset
    assert staff.sign_in(CLERK, "4826").staff_id == CLERK
    again = lock_out(staff)  # a fresh start: five minutes again
    assert again.locked_until == clock.now + timedelta(minutes=5)
    details = [e.detail for e in reversed(entries(counter.db)) if e.action == "locked_out"]
    assert ["5 minutes" in details[0], "30 minutes" in details[1],
            "manager" in details[2]] == [True, True, True], details
    assert [e.detail for e in entries(counter.db) if e.action == "pin_changed"] == [
        "set by a manager; the account is unlocked"]


def test_a_right_pin_keeps_the_escalation_until_a_day_after_the_lock(
        counter: Counter, staff: StaffAccounts, clock: FakeClock) -> None:
    lock_out(staff)
    clock.now = T0 + timedelta(minutes=5)
    staff.sign_in(CLERK, DEMO_PINS[CLERK])  # resets the count of wrong PINs…
    assert scalar(counter.db, "SELECT failed_pins FROM staff WHERE id=1") == 0
    clock.now = T0 + timedelta(hours=3)
    assert lock_out(staff).locked_until == clock.now + timedelta(minutes=30)  # …not the level
    clock.now = T0 + timedelta(hours=3, minutes=30)
    staff.sign_in(CLERK, DEMO_PINS[CLERK])
    clock.now = T0 + timedelta(hours=27, minutes=30)  # a day after the latest lock began
    staff.sign_in(CLERK, DEMO_PINS[CLERK])  # a right PIN forgets the escalation
    assert lock_out(staff).locked_until == clock.now + timedelta(minutes=5)


def test_parallel_wrong_pins_are_never_all_checked(counter: Counter, staff: StaffAccounts,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Each attempt is counted (and the lock placed) before its PIN is checked: twenty wrong
    PINs sent at once get at most five checks, the rest are refused as locked."""
    import station_app.services.staff as staff_module

    checked: list[str] = []
    real_check = staff_module.pin_matches

    def slow_check(pin_hash: str | None, pin: str) -> bool:
        checked.append(pin)
        time.sleep(0.05)  # every attempt is in flight while the others arrive
        return real_check(pin_hash, pin)

    monkeypatch.setattr(staff_module, "pin_matches", slow_check)
    start = threading.Barrier(20)

    def guess(pin: str) -> StaffRefusal | None:
        start.wait()
        try:
            staff.sign_in(CLERK, pin)
        except StaffRefused as refused:
            return refused.reason
        return None

    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(guess, [f"{n:04d}" for n in range(9000, 9020)]))
    assert len(checked) <= LOCK_AFTER_WRONG_PINS, len(checked)
    assert answers.count(StaffRefusal.LOCKED) >= 20 - LOCK_AFTER_WRONG_PINS
    assert None not in answers
    assert scalar(counter.db, "SELECT locked_until FROM staff WHERE id=1") is not None
    clock_now = staff.clock()
    with pytest.raises(StaffRefused) as locked:
        staff.sign_in(CLERK, DEMO_PINS[CLERK])
    assert locked.value.reason is StaffRefusal.LOCKED
    assert locked.value.locked_until == clock_now + timedelta(minutes=5)


def test_a_right_pin_among_the_fifth_attempts_still_signs_in(
        counter: Counter, staff: StaffAccounts) -> None:
    """The fifth attempt locks the account before its PIN is checked; when that PIN was
    right, the lock it placed is lifted again and the count starts over."""
    for _ in range(LOCK_AFTER_WRONG_PINS - 1):
        with pytest.raises(StaffRefused):
            staff.sign_in(CLERK, "0000")
    assert staff.sign_in(CLERK, DEMO_PINS[CLERK]).staff_id == CLERK
    assert rows(counter.db, "SELECT failed_pins, locked_until, lockouts FROM staff "
                            "WHERE id=1") == [(0, None, 0)]
    assert [a for a, who, _ in audit(counter) if who == CLERK][-1] == "sign_in"
    assert "locked_out" not in [a for a, _, _ in audit(counter)]


def test_unknown_and_inactive_staff_are_refused(counter: Counter, staff: StaffAccounts) -> None:
    with pytest.raises(StaffRefused) as unknown:
        staff.sign_in(99, "1111")
    assert unknown.value.reason is StaffRefusal.UNKNOWN
    new = staff.add_staff("赵敏", "clerk", "4826", MANAGER)
    staff.deactivate(new, MANAGER)
    with pytest.raises(StaffRefused) as inactive:
        staff.sign_in(new, "4826")
    assert inactive.value.reason is StaffRefusal.INACTIVE
    assert [a for a, _, _ in audit(counter)] == ["sign_in_refused", "staff_added",
                                                 "staff_deactivated", "sign_in_refused"]


# --- overrides -------------------------------------------------------------------------------


def test_a_manager_override_needs_the_managers_pin(counter: Counter, staff: StaffAccounts) -> None:
    approver = staff.verify_override(MANAGER, DEMO_PINS[MANAGER], "discount", "cart",
                                     staff_id=CLERK, detail="¥5.00")
    assert approver == MANAGER
    with pytest.raises(StaffRefused) as wrong:
        staff.verify_override(MANAGER, "0000", "refund", "S-1", staff_id=CLERK)
    assert wrong.value.reason is StaffRefusal.WRONG_PIN
    with pytest.raises(StaffRefused) as clerk:
        staff.verify_override(CLERK, DEMO_PINS[CLERK], "refund", "S-1", staff_id=CLERK)
    assert clerk.value.reason is StaffRefusal.NOT_MANAGER
    logged = entries(counter.db)
    assert [(e.action, e.staff_id, e.approver_id, e.subject) for e in reversed(logged)] == [
        ("override", CLERK, MANAGER, "cart"),
        ("override_refused", CLERK, MANAGER, "S-1"),
        ("override_refused", CLERK, CLERK, "S-1")]
    assert logged[-1].detail == "discount: ¥5.00"


# --- managing accounts -----------------------------------------------------------------------


def test_pins_are_changed_with_the_old_one_or_by_a_manager(counter: Counter,
                                                          staff: StaffAccounts) -> None:
    with pytest.raises(StaffRefused) as wrong_old:
        staff.set_pin(CLERK, "5728", CLERK, old_pin="0000")
    assert wrong_old.value.reason is StaffRefusal.WRONG_PIN
    with pytest.raises(StaffRefused) as not_manager:
        staff.set_pin(MANAGER, "572893", CLERK)
    assert not_manager.value.reason is StaffRefusal.NOT_MANAGER
    with pytest.raises(StaffRefused) as bad:
        staff.set_pin(CLERK, "12", CLERK, old_pin=DEMO_PINS[CLERK])
    assert bad.value.reason is StaffRefusal.BAD_PIN
    staff.set_pin(CLERK, "5728", CLERK, old_pin=DEMO_PINS[CLERK])
    staff.sign_in(CLERK, "5728")
    staff.set_pin(CLERK, "8375", MANAGER)
    staff.sign_in(CLERK, "8375")


def test_only_a_manager_adds_or_deactivates_staff(counter: Counter, staff: StaffAccounts) -> None:
    before = scalar(counter.db, "SELECT count(*) FROM staff")
    with pytest.raises(StaffRefused) as refused:
        staff.add_staff("赵敏", "clerk", "4826", CLERK)
    assert refused.value.reason is StaffRefusal.NOT_MANAGER
    with pytest.raises(StaffRefused):
        staff.deactivate(MANAGER, CLERK)
    assert scalar(counter.db, "SELECT count(*) FROM staff") == before
    assert scalar(counter.db, "SELECT count(*) FROM audit_log") == 0


# --- a clerk calling the services directly ---------------------------------------------------


def test_roles_hold_permissions(counter: Counter) -> None:
    assert not any(holds("clerk", permission) for permission in Permission)
    assert all(holds("manager", permission) for permission in Permission)
    with counter.db.reading() as session:
        assert require(session, MANAGER, Permission.REFUND).id == MANAGER
        with pytest.raises(NotAllowed) as refused:
            require(session, CLERK, Permission.REFUND)
    assert refused.value.permission is Permission.REFUND


def footprint(counter: Counter) -> tuple[int, ...]:
    return tuple(int(scalar(counter.db, f"SELECT count(*) FROM {table}")) for table in (
        "sale", "stock_movement", "outbox_event", "print_job", "handover", "stock_count"))


def test_a_clerk_cannot_do_a_managers_things_through_the_services(counter: Counter) -> None:
    db, station = counter.db, counter.station_id
    sales = Sales(db, station)
    cart = Cart().add(sales.item_for_barcode("6901234500017"), 2)
    sale = sales.sell(cart, CLERK, Payment(PaymentMethod.WECHAT, reference="TX20261204")).sale
    counts = StockCounts(db, station)
    count = counts.start(CLERK)
    counts.set_counted(count.count_no, "VEG-001", 0, CLERK)
    phone_tail_order, tail_digits = rows(
        db, f"SELECT order_no, phone_tail FROM orders WHERE {READY} ORDER BY id LIMIT 1")[0]
    before = footprint(counter)
    holding = scalar(db, "SELECT holding_days FROM station WHERE id='XF01'")

    with pytest.raises(SaleRefused) as discount:
        sales.sell(cart, CLERK, Payment(PaymentMethod.WECHAT, reference="TX20261204"),
                   discount_fen=100, approver_id=CLERK)
    assert discount.value.reason is SaleRefusal.NEEDS_MANAGER
    with pytest.raises(SaleRefused) as refund:
        sales.refund(sale.sale_no, {"VEG-001": 1}, CLERK, CLERK, "broken")
    assert refund.value.reason is SaleRefusal.NEEDS_MANAGER
    with pytest.raises(NotAllowed):
        counts.approve(count.count_no, CLERK)
    with pytest.raises(NotAllowed):
        Overdue(db, station).set_holding_days(5, CLERK)
    with pytest.raises(NotAllowed) as tail:
        counter.handovers.confirm(phone_tail_order, CLERK, tail_digits)
    assert tail.value.permission is Permission.PHONE_TAIL_HANDOVER
    with pytest.raises(NotAllowed):
        counter.handovers.confirm(phone_tail_order, CLERK, tail_digits, approver_id=CLERK)

    assert footprint(counter) == before
    assert scalar(db, "SELECT holding_days FROM station WHERE id='XF01'") == holding
    assert scalar(db, "SELECT state FROM orders WHERE order_no=:n",
                  n=phone_tail_order) == "ready"
    # With a manager's override the phone-tail handover goes out, audited.
    done = counter.handovers.confirm(phone_tail_order, CLERK, tail_digits,
                                approver_id=MANAGER)
    assert done is not None
    assert [(e.action, e.staff_id, e.approver_id, e.subject) for e in entries(db)] == [
        ("phone_tail_handover", CLERK, MANAGER, phone_tail_order)]


def test_an_older_demo_database_gets_its_pins(counter: Counter, staff: StaffAccounts) -> None:
    with counter.db.writing() as session:
        session.execute(text("UPDATE staff SET pin_hash = NULL"))
    with pytest.raises(StaffRefused) as refused:
        staff.sign_in(CLERK, DEMO_PINS[CLERK])
    assert refused.value.reason is StaffRefusal.NO_PIN
    seed_demo(counter.db)
    assert staff.sign_in(CLERK, DEMO_PINS[CLERK]).staff_id == CLERK
    assert staff.sign_in(MANAGER, DEMO_PINS[MANAGER]).staff_id == MANAGER


# Issue 13, item 7a: a PIN someone chooses is never a run or a repeat, a manager's has 6 digits.
def test_guessable_or_short_manager_pins_are_refused_everywhere(counter: Counter,
                                                                staff: StaffAccounts) -> None:
    before = scalar(counter.db, "SELECT count(*) FROM staff")
    attempts = [
        lambda: staff.add_staff("赵敏", "clerk", "1111", MANAGER),
        lambda: staff.add_staff("赵敏", "clerk", "4321", MANAGER),
        lambda: staff.add_staff("钱站长", "manager", "4826", MANAGER),  # a clerk's length
        lambda: staff.add_staff("钱站长", "manager", "121212", MANAGER),
        lambda: staff.set_pin(CLERK, "0123", MANAGER),
        lambda: staff.set_pin(MANAGER, "5826", MANAGER, old_pin=DEMO_PINS[MANAGER]),
        lambda: staff.reset_at_the_pc("陈建国", "987654"),
        lambda: staff.reset_at_the_pc("陈建国", "4826"),
    ]
    for attempt in attempts:
        with pytest.raises(StaffRefused) as refused:
            attempt()
        assert refused.value.reason is StaffRefusal.BAD_PIN
        assert refused.value.pin_problem is not None
    assert scalar(counter.db, "SELECT count(*) FROM staff") == before
    assert staff.sign_in(MANAGER, DEMO_PINS[MANAGER]).staff_id == MANAGER  # unchanged
    assert staff.add_staff("钱站长", "manager", "582619", MANAGER) > 0
    staff.set_pin(CLERK, "4826", MANAGER)
    assert staff.sign_in(CLERK, "4826").staff_id == CLERK
