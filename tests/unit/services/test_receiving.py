"""Receiving against the manifest: drafts, confirm, ledger, outbox, orders ready or short."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from station_app.counter import Counter
from station_app.services.authority import NotAllowed
from station_app.services.manifests import (
    ManifestInput,
    ManifestLineInput,
    ManifestProblem,
    ManifestRefused,
    StoreOutcome,
    import_manifest_file,
    store_manifest,
)
from station_app.services.receiving import (
    Receiving,
    ReceivingRefusal,
    ReceivingRefused,
    ScanKind,
)
from station_app.services.slots import ShelfLayout
from station_app.storage.database import Database
from station_app.storage.models import Station
from tests.helpers import rows, scalar

NOW = datetime(2026, 11, 25, 8, 30, tzinfo=UTC)
MANIFEST = "M-XF01-TEST-01"


def waiting_orders(db: Database) -> dict[str, dict[str, int]]:
    """The demo's not-arrived orders at XF01: order number → {sku: quantity}."""
    found: dict[str, dict[str, int]] = {}
    for order_no, sku, quantity in rows(
            db, "SELECT o.order_no, l.sku, l.quantity FROM orders o JOIN order_line l ON "
                "l.order_id = o.id WHERE o.state = 'not_arrived' AND o.station_id = 'XF01' "
                "ORDER BY o.order_no, l.line_no"):
        found.setdefault(order_no, {})
        found[order_no][sku] = found[order_no].get(sku, 0) + quantity
    return found


def manifest_for(db: Database, number: str = MANIFEST) -> ManifestInput:
    """A manifest bringing exactly the goods of every not-arrived order, one carton per SKU
    holding one unit (so counts are easy to steer)."""
    needed: dict[str, int] = {}
    orders = waiting_orders(db)
    for lines in orders.values():
        for sku, quantity in lines.items():
            needed[sku] = needed.get(sku, 0) + quantity
    return ManifestInput(number, "XF01", NOW.date(), tuple(
        ManifestLineInput(sku, quantity, f"CT-{sku}", 1) for sku, quantity in sorted(
            needed.items())), tuple(sorted(orders)))


def store(db: Database, data: ManifestInput) -> StoreOutcome:
    with db.writing() as session:
        return store_manifest(session, data, "head_office", NOW).outcome


@pytest.fixture
def receiving(counter: Counter) -> Receiving:
    store(counter.db, manifest_for(counter.db))
    return Receiving(counter.db, "XF01", lambda: NOW, ShelfLayout())


def snapshot(db: Database) -> tuple[object, ...]:
    """Everything receiving may write: equal before and after a refusal."""
    return (rows(db, "SELECT * FROM manifest ORDER BY id"),
            rows(db, "SELECT * FROM manifest_line ORDER BY id"),
            rows(db, "SELECT * FROM manifest_order ORDER BY id"),
            scalar(db, "SELECT count(*) FROM outbox_event"),
            scalar(db, "SELECT count(*) FROM stock_movement"),
            scalar(db, "SELECT count(*) FROM print_job"),
            scalar(db, "SELECT count(*) FROM order_note"),
            rows(db, "SELECT state, slot, shortage FROM orders ORDER BY id"))


# --- storing manifests ---------------------------------------------------------------------------


def test_a_manifest_is_stored_once_and_resent_unchanged(counter: Counter) -> None:
    data = manifest_for(counter.db)
    assert store(counter.db, data) is StoreOutcome.CREATED
    before = snapshot(counter.db)
    assert store(counter.db, data) is StoreOutcome.UNCHANGED
    assert snapshot(counter.db) == before
    mine = "manifest_id = (SELECT id FROM manifest WHERE manifest_no = :m)"
    assert scalar(counter.db, f"SELECT count(*) FROM manifest_line WHERE {mine}",
                  m=MANIFEST) == len(data.lines)
    assert scalar(counter.db, f"SELECT count(*) FROM manifest_order WHERE {mine}",
                  m=MANIFEST) == len(data.order_nos)


@pytest.mark.parametrize(("change", "problem", "named"), [
    ({"lines": (ManifestLineInput("NOPE-1", 3), ManifestLineInput("VEG-001", 1))},
     ManifestProblem.UNKNOWN_SKUS, ("NOPE-1",)),
    ({"lines": (ManifestLineInput("VEG-001", -2),)}, ManifestProblem.BAD_QUANTITY,
     ("VEG-001",)),
    ({"lines": (ManifestLineInput("VEG-001", 100_001),)}, ManifestProblem.BAD_QUANTITY,
     ("VEG-001",)),
    ({"lines": (ManifestLineInput("VEG-001", 1, "C1", 0),)}, ManifestProblem.BAD_QUANTITY,
     ("VEG-001",)),
    ({"lines": (ManifestLineInput("VEG-001", 1), ManifestLineInput("VEG-001", 2))},
     ManifestProblem.DUPLICATE_SKUS, ("VEG-001",)),
    ({"lines": (ManifestLineInput("VEG-001", 1, "C1"), ManifestLineInput("VEG-002", 2, "C1"))},
     ManifestProblem.DUPLICATE_CARTONS, ("C1",)),
    ({"lines": ()}, ManifestProblem.NO_LINES, ()),
    ({"station_id": "XF02"}, ManifestProblem.WRONG_STATION, ("XF02",)),
    ({"manifest_no": " "}, ManifestProblem.BAD_NUMBER, ()),
])
def test_bad_manifests_are_refused_and_nothing_is_written(
        counter: Counter, change: dict[str, object], problem: ManifestProblem,
        named: tuple[str, ...]) -> None:
    good = ManifestInput("M-BAD", "XF01", NOW.date(), (ManifestLineInput("VEG-001", 1),))
    bad = ManifestInput(**{**good.__dict__, **change})  # type: ignore[arg-type]
    before = snapshot(counter.db)
    with pytest.raises(ManifestRefused) as refused:
        store(counter.db, bad)
    assert refused.value.problem is problem
    assert refused.value.items == named
    assert isinstance(refused.value, ValueError)  # the sync puller lists it and goes on
    assert snapshot(counter.db) == before


def test_a_received_manifest_resent_with_changes_is_refused(counter: Counter,
                                                            receiving: Receiving) -> None:
    receiving.receive(MANIFEST, 1)
    data = manifest_for(counter.db)
    assert store(counter.db, data) is StoreOutcome.UNCHANGED  # orders are ready now; same list
    changed = ManifestInput(MANIFEST, "XF01", NOW.date(), (ManifestLineInput("VEG-001", 9),))
    before = snapshot(counter.db)
    with pytest.raises(ManifestRefused) as refused:
        store(counter.db, changed)
    assert refused.value.problem is ManifestProblem.ALREADY_RECEIVED
    assert snapshot(counter.db) == before


def test_an_open_manifest_is_corrected_until_counting_starts(counter: Counter,
                                                             receiving: Receiving) -> None:
    corrected = ManifestInput(MANIFEST, "XF01", NOW.date(), (ManifestLineInput("VEG-001", 9),))
    assert store(counter.db, corrected) is StoreOutcome.REPLACED
    assert [line.expected for line in receiving.manifest(MANIFEST).lines] == [9]
    receiving.set_count(MANIFEST, "VEG-001", 3)
    again = ManifestInput(MANIFEST, "XF01", NOW.date(), (ManifestLineInput("VEG-001", 7),))
    with pytest.raises(ManifestRefused) as refused:
        store(counter.db, again)
    assert refused.value.problem is ManifestProblem.COUNTING_STARTED


def test_import_from_a_file(counter: Counter, tmp_path: Path) -> None:
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps({
        "manifest_no": "M-FILE-1", "station_id": "XF01", "delivery_date": "2026-11-25",
        "lines": [{"sku": "VEG-001", "quantity": 12, "carton_code": "CT-9", "carton_units": 6},
                  {"sku": "EGG-001", "quantity": 3}],
        "order_nos": []}), encoding="utf-8")
    stored = import_manifest_file(counter.db, path, "XF01", NOW)
    assert (stored.outcome, stored.lines) == (StoreOutcome.CREATED, 2)
    assert rows(counter.db, "SELECT sku, expected, carton_code, carton_units, m.source FROM "
                            "manifest_line l JOIN manifest m ON m.id = l.manifest_id WHERE "
                            "m.manifest_no = 'M-FILE-1' ORDER BY l.line_no") == [
        ("VEG-001", 12, "CT-9", 6, "file"), ("EGG-001", 3, None, 1, "file")]


@pytest.mark.parametrize("content", [
    "not json {", '{"manifest_no": "M-X"}', "[1, 2]",
    '{"manifest_no": "M-X", "station_id": "XF01", "delivery_date": "25.11.2026", "lines": []}',
    '{"manifest_no": "M-X", "station_id": "XF01", "delivery_date": "2026-11-25", '
    '"lines": [{"sku": "VEG-001", "quantity": "7"}]}',
])
def test_a_broken_file_gets_a_clear_error(counter: Counter, tmp_path: Path,
                                          content: str) -> None:
    path = tmp_path / "manifest.json"
    path.write_text(content, encoding="utf-8")
    before = snapshot(counter.db)
    with pytest.raises(ManifestRefused) as refused:
        import_manifest_file(counter.db, path, "XF01", NOW)
    assert refused.value.problem is ManifestProblem.BAD_FILE
    assert refused.value.detail
    assert snapshot(counter.db) == before


# --- counting ---------------------------------------------------------------------------------


def test_scans_count_cartons_items_and_bags(counter: Counter, receiving: Receiving) -> None:
    view = receiving.manifest(MANIFEST)
    line = view.lines[0]
    carton = receiving.scan(MANIFEST, f"  {line.carton_code}  ")
    assert (carton.kind, carton.added_units, carton.lines[0].received) == (ScanKind.CARTON, 1, 1)
    barcode = scalar(counter.db, "SELECT barcode FROM catalogue_item WHERE sku=:s", s=line.sku)
    item = receiving.scan(MANIFEST, barcode)
    assert (item.kind, item.lines[0].received) == (ScanKind.ITEM, 2)
    assert item.progress.received_units == 2
    # An item that is not on the manifest becomes an extra line.
    on_list = {line.sku for line in view.lines}
    extra_sku, extra_code = next(row for row in rows(
        counter.db, "SELECT sku, barcode FROM catalogue_item ORDER BY sku")
        if row[0] not in on_list)
    extra = receiving.scan(MANIFEST, extra_code)
    assert extra.new_line and extra.lines[0].sku == extra_sku
    assert (extra.lines[0].expected, extra.lines[0].received) == (0, 1)
    # A bag counts its order's lines once; a second scan of it is refused.
    order_no, wanted = next(iter(waiting_orders(counter.db).items()))
    bag = receiving.scan(MANIFEST, order_no)
    assert bag.kind is ScanKind.BAG and bag.added_units == sum(wanted.values())
    assert {c.sku for c in bag.lines} == set(wanted)
    before = snapshot(counter.db)
    with pytest.raises(ReceivingRefused) as refused:
        receiving.scan(MANIFEST, order_no)
    assert refused.value.reason is ReceivingRefusal.BAG_ALREADY_SCANNED
    assert snapshot(counter.db) == before
    assert scalar(counter.db, "SELECT count(*) FROM outbox_event WHERE type='goods.received'") \
        == 0  # drafts never reach head office


@pytest.mark.parametrize("code", ["6909999999999", "", "XF01-000000-0000", "A-1-001"])
def test_a_code_that_matches_nothing_writes_nothing(counter: Counter, receiving: Receiving,
                                                    code: str) -> None:
    before = snapshot(counter.db)
    with pytest.raises(ReceivingRefused) as refused:
        receiving.scan(MANIFEST, code)
    assert refused.value.reason is ReceivingRefusal.UNKNOWN_CODE
    assert snapshot(counter.db) == before


@pytest.mark.parametrize(("received", "damaged", "reason", "refusal"), [
    (-1, 0, None, ReceivingRefusal.BAD_COUNT),
    (0, -3, None, ReceivingRefusal.BAD_COUNT),
    (100_001, 0, None, ReceivingRefusal.BAD_COUNT),
    (1, 0, "lost in space", ReceivingRefusal.BAD_REASON),
])
def test_bad_typed_counts_are_refused(counter: Counter, receiving: Receiving, received: int,
                                      damaged: int, reason: str | None,
                                      refusal: ReceivingRefusal) -> None:
    before = snapshot(counter.db)
    with pytest.raises(ReceivingRefused) as refused:
        receiving.set_count(MANIFEST, "VEG-001", received, damaged, reason)
    assert refused.value.reason is refusal
    assert snapshot(counter.db) == before


def test_unknown_sku_and_unknown_manifest_are_refused(counter: Counter,
                                                      receiving: Receiving) -> None:
    before = snapshot(counter.db)
    with pytest.raises(ReceivingRefused) as refused:
        receiving.set_count(MANIFEST, "NOPE-1", 1)
    assert refused.value.reason is ReceivingRefusal.UNKNOWN_SKU
    with pytest.raises(ReceivingRefused) as refused:
        receiving.scan("M-NONE", "CT-VEG-001")
    assert refused.value.reason is ReceivingRefusal.UNKNOWN_MANIFEST
    assert snapshot(counter.db) == before


# --- confirming ---------------------------------------------------------------------------------


def count_everything(receiving: Receiving) -> None:
    for line in receiving.manifest(MANIFEST).lines:
        receiving.set_count(MANIFEST, line.sku, line.expected)


def test_receive_posts_stock_event_and_makes_orders_ready(counter: Counter,
                                                          receiving: Receiving) -> None:
    db = counter.db
    count_everything(receiving)
    view = receiving.manifest(MANIFEST)
    first = view.lines[0]
    # One unit of the first line came broken: it does not enter stock.
    receiving.set_count(MANIFEST, first.sku, first.expected, 1, "damaged", "box crushed",
                        "photos/m1.jpg")
    balances = dict(rows(db, "SELECT sku, quantity FROM stock_balance"))
    orders = waiting_orders(db)

    done = receiving.receive(MANIFEST, 1)

    assert set(done.ready_orders) == set(orders) and done.short_orders == ()
    assert len(done.print_job_ids) == len(orders)
    movements = rows(db, "SELECT sku, delta, reason, staff_id FROM stock_movement WHERE "
                         "reference=:m ORDER BY id", m=MANIFEST)
    assert movements == [(line.sku, line.expected, "received", 1) for line in view.lines]
    for sku, quantity in rows(db, "SELECT sku, quantity FROM stock_balance"):
        assert quantity == scalar(db, "SELECT sum(delta) FROM stock_movement WHERE sku=:s",
                                  s=sku)
        assert quantity == balances[sku] + next(
            (line.expected for line in view.lines if line.sku == sku), 0)
    event_type, payload = rows(db, "SELECT type, payload FROM outbox_event "
                                   "WHERE event_id=:e", e=done.event_id)[0]
    assert event_type == "goods.received"
    placed = json.loads(payload).pop("orders")
    assert {(o["order_no"], o["slot"], datetime.fromisoformat(o["holding_deadline"]),
             json.dumps(o["short"])) for o in placed} == {
        (order_no, slot, datetime.fromisoformat(deadline.replace("Z", "+00:00")), "{}")
        for order_no, slot, deadline in rows(
            db, f"SELECT order_no, slot, holding_deadline FROM orders WHERE order_no IN "
                f"({','.join(repr(o) for o in orders)})")}
    assert {key: value for key, value in json.loads(payload).items() if key != "orders"} == {
        "manifest_no": MANIFEST, "station_id": "XF01", "staff_id": 1,
        "received_at": NOW.isoformat(),
        "lines": [{"sku": line.sku, "expected": line.expected, "received": line.expected,
                   "damaged": 1 if line.sku == first.sku else 0,
                   "reason": "damaged" if line.sku == first.sku else None,
                   "note": "box crushed" if line.sku == first.sku else None,
                   "has_photo": line.sku == first.sku} for line in view.lines],
        "ready_orders": list(done.ready_orders), "short_orders": [],
        "movements": [{"sku": line.sku, "delta": line.expected, "reason": "received"}
                      for line in view.lines],
    }
    states = rows(db, "SELECT order_no, state, slot, shortage FROM orders WHERE order_no IN "
                      f"({','.join(repr(o) for o in orders)})")
    assert {state for _, state, _, _ in states} == {"ready"}
    slots = [slot for _, _, slot, _ in states]
    assert all(slots) and len(set(slots)) == len(slots)
    taken = {row[0] for row in rows(db, "SELECT slot FROM orders WHERE state='ready' AND "
                                        "order_no NOT IN (" +
                                        ",".join(repr(o) for o in orders) + ")")}
    assert not taken & set(slots)  # never a slot another ready order holds
    assert scalar(db, "SELECT count(*) FROM order_note WHERE kind='received'") == len(orders)
    assert scalar(db, "SELECT state FROM manifest WHERE manifest_no=:m", m=MANIFEST) == \
        "received"

    before = snapshot(db)
    with pytest.raises(ReceivingRefused) as refused:
        receiving.receive(MANIFEST, 1)
    assert refused.value.reason is ReceivingRefusal.ALREADY_RECEIVED
    with pytest.raises(ReceivingRefused):
        receiving.scan(MANIFEST, first.carton_code or "")
    assert snapshot(db) == before


def test_short_goods_make_short_orders_shown_at_handover(counter: Counter,
                                                         receiving: Receiving) -> None:
    db = counter.db
    count_everything(receiving)
    orders = waiting_orders(db)
    # Take one unit away from the SKU of the order due first: exactly one order goes short.
    order_no = rows(db, "SELECT order_no FROM orders WHERE state='not_arrived' AND "
                        "station_id='XF01' ORDER BY holding_deadline DESC, order_no DESC "
                        "LIMIT 1")[0][0]
    sku = next(iter(orders[order_no]))
    expected = next(line.expected for line in receiving.manifest(MANIFEST).lines
                    if line.sku == sku)
    receiving.set_count(MANIFEST, sku, expected - 1)

    done = receiving.receive(MANIFEST, 1)

    assert done.short_orders == (order_no,)  # the last in the stable order takes the loss
    assert order_no not in done.ready_orders
    name = scalar(db, "SELECT name FROM catalogue_item WHERE sku=:s", s=sku)
    assert scalar(db, "SELECT shortage FROM orders WHERE order_no=:o", o=order_no) == \
        f"{name} ×1"
    assert scalar(db, "SELECT state FROM orders WHERE order_no=:o", o=order_no) == "ready"
    view = counter.handovers.order(order_no)
    assert view is not None and view.shortage == f"{name} ×1"
    assert [line.sku for line in view.lines if line.line_id in view.short_line_ids] == [sku]
    payload = json.loads(scalar(db, "SELECT payload FROM outbox_event WHERE event_id=:e",
                                e=done.event_id))
    assert payload["short_orders"] == [order_no]
    assert next(line for line in payload["lines"] if line["sku"] == sku)["reason"] == "short"


def test_an_order_with_none_of_its_goods_stays_not_arrived(counter: Counter,
                                                           receiving: Receiving) -> None:
    done = receiving.receive(MANIFEST, 1)  # nothing counted at all
    assert done.ready_orders == () and done.short_orders == ()
    assert set(done.waiting_orders) == set(waiting_orders(counter.db))
    assert done.movements == 0 and done.print_job_ids == ()
    assert scalar(counter.db, "SELECT count(*) FROM stock_movement WHERE reference=:m",
                  m=MANIFEST) == 0


def test_receive_needs_real_staff(counter: Counter, receiving: Receiving) -> None:
    count_everything(receiving)
    before = snapshot(counter.db)
    with pytest.raises(NotAllowed):
        receiving.receive(MANIFEST, 99)
    assert snapshot(counter.db) == before


def test_labels_can_be_switched_off(counter: Counter, receiving: Receiving) -> None:
    count_everything(receiving)
    quiet = Receiving(counter.db, "XF01", lambda: NOW, ShelfLayout(print_labels=False))
    done = quiet.receive(MANIFEST, 1)
    assert done.ready_orders and done.print_job_ids == ()
    assert scalar(counter.db, "SELECT count(*) FROM print_job WHERE kind='pickup_label'") == 0


def test_the_holding_period_starts_when_the_goods_are_on_the_shelf(
        counter: Counter, receiving: Receiving) -> None:
    with counter.db.writing() as session:
        station = session.get(Station, "XF01")
        assert station is not None
        station.holding_days = 5
    count_everything(receiving)
    done = receiving.receive(MANIFEST, 1)
    deadlines = {row[0]: row[1] for row in rows(
        counter.db, "SELECT order_no, holding_deadline FROM orders WHERE order_no IN "
                    f"({', '.join(repr(no) for no in done.ready_orders)})")}
    assert deadlines and set(deadlines.values()) == {
        (NOW + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")}
