"""A counter's whole life: a restored backup and a replacement PC take back from head office
what it holds, number their own events after it, and lose nothing silently."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from station_app.care.backups import DAILY, take_backup
from station_app.care.restore import restore
from station_app.counter import Counter, open_counter
from station_app.demo_data import DEMO_STATION
from station_app.paths import DataDir
from station_app.security.secret_store import SecretStore
from station_app.services.overdue import Overdue
from station_app.services.receiving import Receiving
from station_app.services.staff import StaffAccounts
from station_app.setup.first_run import (
    create_first_manager,
    managers_without_pin,
    open_station_database,
)
from station_app.storage.models import StockBalance
from sync.client.relay import OutboxRelay
from sync.client.service import SyncService
from sync.client.transport import AUTH, REVOKED, Credentials, Transport
from sync.server.embedded import EmbeddedHeadOffice
from sync.server.headoffice import create_station, new_enrolment_code, publish_manifest
from sync.server.models import OrderLine as HeadOfficeLine
from sync.server.order_factory import generate_orders
from tests.helpers import rows, scalar
from tests.sync.client.conftest import Station, make_service
from tests.sync.client.helpers import (
    hand_over_all,
    head_office_stock,
    held_events,
    new_orders,
    station_outbox,
)


def book(counter_db: object) -> dict[str, int]:
    with counter_db.reading() as session:  # type: ignore[attr-defined]
        return {b.sku: b.quantity for b in session.scalars(select(StockBalance)) if b.quantity}


def states(counter: Counter, order_nos: list[str]) -> dict[str, str]:
    found = rows(counter.db, "SELECT order_no, state FROM orders WHERE order_no IN "
                             f"({','.join(repr(o) for o in order_nos)})")
    return dict(found)  # type: ignore[arg-type]


def evented_book(counter_db: object) -> dict[str, int]:
    """The book less the demo's opening stock (seeded here, never sent): what head office's
    ledger, the sum of every event's movements, must equal."""
    return {sku: int(n) for sku, n in rows(
        counter_db, "SELECT sku, sum(delta) FROM stock_movement WHERE reason != 'opening' "  # type: ignore[arg-type]
                    "GROUP BY sku HAVING sum(delta) != 0")}


def assert_ledgers_agree(counter: Counter, ho: EmbeddedHeadOffice) -> None:
    assert evented_book(counter.db) == {sku: n for sku, n in
                                        head_office_stock(ho.db, DEMO_STATION).items() if n}


@pytest.fixture
def synced_day(station: Station, head_office_server: EmbeddedHeadOffice
               ) -> Iterator[tuple[Station, list[str]]]:
    """The demo counter with 60 of head office's orders pulled and its own day pushed."""
    order_nos = new_orders(head_office_server.db, DEMO_STATION, 60, seed=12)
    report = station.service.sync_now()
    assert report.error is None and report.pulled.get("orders") == 60
    yield station, order_nos


def test_restore_takes_back_the_synced_handovers_and_names_the_unsynced_ones(
        synced_day: tuple[Station, list[str]], head_office_server: EmbeddedHeadOffice) -> None:
    station, order_nos = synced_day
    counter = station.counter
    backup = take_backup(counter.db, counter.data_dir.backups, DAILY,
                         datetime.now(UTC) - timedelta(hours=20))  # "yesterday's" backup
    synced, unsynced = order_nos[:40], order_nos[40:50]
    hand_over_all(counter, synced)
    assert station.service.sync_now().error is None
    book_at_sync = book(counter.db)
    hand_over_all(counter, unsynced)  # then the disk dies before the next sync
    counter.close()

    report = restore(counter.data_dir, backup.path, force=True)

    assert report.lost is not None
    assert sorted(event.subject for event in report.lost) == sorted(unsynced)
    assert {event.type for event in report.lost} == {"handover.completed"}
    assert report.head_office_beyond == 40
    text = "\n".join(report.lines())
    assert all(order_no in text for order_no in unsynced)
    assert DataDir(station.data_dir).recovery_marker.exists()

    reopened = open_counter(station.data_dir)
    try:
        assert set(states(reopened, synced).values()) == {"ready"}  # as in the backup
        service = make_service(reopened, station.data_dir)
        recovered = service.sync_now()
        assert recovered.error is None, recovered.error
        assert recovered.recovered is not None and recovered.recovered.recovered == 40
        assert recovered.recovered.lost == 0  # every number head office holds is back
        assert set(states(reopened, synced).values()) == {"handed_over"}
        assert scalar(reopened.db, "SELECT count(*) FROM handover h JOIN orders o ON "
                                   "o.id = h.order_id WHERE o.order_no IN "
                                   f"({','.join(repr(o) for o in synced)})") == 40
        assert set(states(reopened, unsynced).values()) == {"ready"}  # lost: to redo
        assert book(reopened.db) == book_at_sync

        # Staff redo one of the lost handovers: it reaches head office, as a new number.
        [event_id] = hand_over_all(reopened, unsynced[:1])
        pushed = service.sync_now()
        assert pushed.error is None and (pushed.applied, pushed.rejected) == (1, 0)
        held = {e: (seq, status) for seq, e, status in held_events(head_office_server.db,
                                                                    DEMO_STATION)}
        assert held[event_id][1] == "applied"
        assert held[event_id][0] == max(seq for seq, _status in held.values())
        assert all(acked for _seq, _e, acked in station_outbox(reopened))
        assert not DataDir(station.data_dir).recovery_marker.exists()
    finally:
        reopened.close()


def test_a_restored_counter_used_before_it_syncs_renumbers_its_own_events(
        synced_day: tuple[Station, list[str]], head_office_server: EmbeddedHeadOffice) -> None:
    station, order_nos = synced_day
    counter = station.counter
    backup = take_backup(counter.db, counter.data_dir.backups, DAILY, datetime.now(UTC))
    hand_over_all(counter, order_nos[:30])
    assert station.service.sync_now().error is None
    counter.close()
    restore(counter.data_dir, backup.path, force=True)
    DataDir(station.data_dir).recovery_marker.unlink()  # even without the restore's marker

    reopened = open_counter(station.data_dir)
    try:
        # Offline after the restore: three handovers take numbers head office already holds.
        made_here = hand_over_all(reopened, order_nos[40:43])
        service = make_service(reopened, station.data_dir)
        report = service.sync_now()
        assert report.error is None, report.error
        assert report.recovered is not None and report.recovered.recovered == 30
        assert report.recovered.renumbered == 3
        held = {e: (seq, status) for seq, e, status in held_events(head_office_server.db,
                                                                    DEMO_STATION)}
        assert all(held[e][1] == "applied" for e in made_here)
        seqs = sorted(seq for seq, _status in held.values())
        assert seqs == list(range(1, len(seqs) + 1))  # gapless, each number one fact
        assert sorted(held[e][0] for e in made_here) == seqs[-3:]
        assert states(reopened, order_nos[:30]) == dict.fromkeys(order_nos[:30], "handed_over")
        assert all(acked for _seq, _e, acked in station_outbox(reopened))
    finally:
        reopened.close()


def test_a_replacement_pc_takes_over_the_station_and_retires_the_old_key(
        head_office_server: EmbeddedHeadOffice, tmp_path: Path) -> None:
    ho = head_office_server
    create_station(ho.db, "XF07", "光明里社区自提点")
    order_nos = generate_orders(ho.db, "XF07", 30, seed=3, arrived=False)
    publish_delivery(ho, "XF07", "M-XF07-1", order_nos)

    old = enrolled_station(tmp_path / "old", ho, "XF07")
    manager = old.counter.staff_id
    StaffAccounts(old.counter.db).add_staff("王丽", "clerk", "480261", manager)
    Overdue(old.counter.db, "XF07").set_holding_days(5, manager)
    receiving = Receiving(old.counter.db, "XF07")
    for line in receiving.manifest("M-XF07-1").lines:
        receiving.set_count("M-XF07-1", line.sku, line.expected)
    assert len(receiving.receive("M-XF07-1", old.counter.staff_id).ready_orders) == 30
    hand_over_all(old.counter, order_nos[:12])
    assert old.service.sync_now().error is None
    old_book = book(old.counter.db)
    assert old_book == {sku: n for sku, n in head_office_stock(ho.db, "XF07").items() if n}
    old_orders = dict(rows(old.counter.db, "SELECT order_no, state || ' ' || "
                                           "coalesce(slot, '') FROM orders"))
    shutil.rmtree(old.data_dir / "backups")  # the old PC is broken: its disk is gone
    old.counter.db.engine.dispose()

    new_root = tmp_path / "replacement"
    db = open_station_database(new_root)
    try:
        service = SyncService(db, new_root, use_keyring=False, timeout=(2.0, 5.0))
        service.enrol(ho.url, new_enrolment_code(ho.db, "XF07"))
        report = service.sync_now()
        assert report.error is None, report.error
        assert report.recovered is not None
        assert book(db) == old_book  # the old PC's balances at its last sync
        assert dict(rows(db, "SELECT order_no, state || ' ' || coalesce(slot, '') "
                             "FROM orders")) == old_orders
        # A finished order comes without the resident's personal data.
        assert set(rows(db, "SELECT pickup_code, phone_tail, customer_name FROM orders "
                            f"WHERE order_no = '{order_nos[0]}'")) == {("", "", "")}
        assert scalar(db, "SELECT state FROM manifest WHERE manifest_no = 'M-XF07-1'") \
            == "received"
        # The same people (who set their PINs again here) and the same holding period.
        assert rows(db, "SELECT name, role, active, pin_hash IS NULL FROM staff "
                        "ORDER BY id") == [("陈建国", "manager", 1, 1), ("王丽", "clerk", 1, 1)]
        assert scalar(db, "SELECT holding_days FROM station WHERE is_local") == 5
        assert managers_without_pin(db) == ("陈建国",)
        assert create_first_manager(db, "陈建国", "905172") == manager  # PIN set, no new account
        # Its numbering continues after head office's.
        highest = max(seq for seq, _e, _s in held_events(ho.db, "XF07"))
        assert scalar(db, "SELECT seq_floor FROM station WHERE is_local") == highest
    finally:
        db.close()

    # The old PC's key stopped when the new one was first used.
    refused = old.service.sync_now()
    assert refused.error is not None and refused.error.kind == AUTH
    assert refused.error.code == REVOKED
    assert old.service.status().revoked
    old.counter.close()


def enrolled_station(root: Path, ho: EmbeddedHeadOffice, station_id: str) -> Station:
    """A real (not demo) counter set up as the wizard does: enrolled, with a manager."""
    db = open_station_database(root)
    service = SyncService(db, root, use_keyring=False, timeout=(2.0, 5.0))
    service.enrol(ho.url, new_enrolment_code(ho.db, station_id))
    create_first_manager(db, "陈建国", "731946")
    db.close()
    counter = open_counter(root)
    service = SyncService(counter.db, root, use_keyring=False, timeout=(2.0, 5.0))
    assert service.sync_now().error is None
    return Station(counter, service, root)


def publish_delivery(ho: EmbeddedHeadOffice, station_id: str, manifest_no: str,
                     order_nos: list[str]) -> None:
    """A manifest that brings exactly the goods of `order_nos`."""
    needed: dict[str, int] = {}
    with ho.db.reading() as session:
        for line in session.scalars(select(HeadOfficeLine).where(
                HeadOfficeLine.order_no.in_(order_nos))):
            needed[line.sku] = needed.get(line.sku, 0) + line.quantity
    with ho.db.writing() as session:
        publish_manifest(session, station_id, manifest_no, datetime.now(UTC).date().isoformat(),
                         [{"sku": sku, "quantity": n} for sku, n in sorted(needed.items())],
                         order_nos, datetime.now(UTC))


def test_a_seq_conflict_is_never_marked_acknowledged(
        synced_day: tuple[Station, list[str]], head_office_server: EmbeddedHeadOffice) -> None:
    """Head office answered `rejected seq_conflict` and counted the number in
    acked_through_seq, so the counter marked the event done: a handover made after a restore
    never reached head office, silently."""
    station, order_nos = synced_day
    counter = station.counter
    backup = take_backup(counter.db, counter.data_dir.backups, DAILY, datetime.now(UTC))
    hand_over_all(counter, order_nos[:5])
    assert station.service.sync_now().error is None
    counter.close()
    restore(counter.data_dir, backup.path, force=True)
    reopened = open_counter(station.data_dir)
    try:
        made_here = set(hand_over_all(reopened, order_nos[10:12]))
        transport = Transport(head_office_server.url, Credentials(
            DEMO_STATION, str(scalar(reopened.db, "SELECT key_id FROM sync_enrolment")),
            SecretStore(station.data_dir, DEMO_STATION, use_keyring=False).load(
                str(scalar(reopened.db, "SELECT key_id FROM sync_enrolment")))))
        pushed = OutboxRelay(reopened.db, transport, DEMO_STATION).push_all()
        transport.close()
        assert pushed.conflicts == 2
        unacked = {r.event_id for r in rows(reopened.db, "SELECT event_id FROM outbox_event "
                                                         "WHERE acked_at IS NULL")}
        assert made_here <= unacked  # not marked done: they will be renumbered and sent
        report = make_service(reopened, station.data_dir).sync_now()
        assert report.error is None and report.recovered is not None
        held = {e: status for _seq, e, status in held_events(head_office_server.db,
                                                             DEMO_STATION)}
        assert all(held.get(e) == "applied" for e in made_here)
    finally:
        reopened.close()
