"""A believable station for demo mode: the sample catalogue and a few hundred orders.

Deterministic (seeded), so screenshots, tests and a newcomer's first run all see the same day.
The orders come from the factory head office uses (station_app.domain.order_factory), so the
demo shows real formats: 6-digit order sequences on the station's business day.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app import demo_guard
from station_app.clock import Clock, business_day, utc_now
from station_app.domain.order_factory import (
    CATALOGUE,
    MadeOrder,
    make_order,
    order_number,
    order_sequence,
)
from station_app.domain.order_state import OrderState
from station_app.domain.outcome import LineOutcome
from station_app.domain.staff import Role
from station_app.domain.stock import MovementReason
from station_app.security.key_store import DEMO, store_key
from station_app.security.pins import hash_pin
from station_app.security.token_format import PickupClaims, signed_message, token_text
from station_app.security.token_signing import (
    DEMO_KEY_ID,
    demo_signing_key,
    raw_public_key,
    sign_pickup_token,
)
from station_app.security.token_verifier import TrustedKey
from station_app.services.after_sales import apply_answer
from station_app.services.handover import Handovers
from station_app.services.manifests import ManifestInput, ManifestLineInput, store_manifest
from station_app.services.print_journal import JobStatus
from station_app.services.stock_ledger import post_movement
from station_app.storage.database import Database
from station_app.storage.models import (
    CatalogueItem,
    Order,
    OrderLine,
    PrintJob,
    RefundRequest,
    SigningKey,
    Staff,
    Station,
)

DEMO_STATION = demo_guard.DEMO_STATION  # reserved for the demo
NEIGHBOUR_STATION = "XF02"
SHARED_PHONE_TAIL = "8888"  # three households share it: shows the disambiguation list
SHARED_TAIL_ORDERS = (3, 17, 41)  # the day's orders of those households
# One resident's three orders (the second overdue): the household at once, Ctrl+H.
HOUSEHOLD_ORDERS = (4, 27, 58)

# The demo staff's PINs: 王丽 the clerk, 陈建国 the manager. Deliberately weak, so anyone can
# try the demo: they are hashed straight into the demo database, never set through the staff
# services, whose rule (security.pins.check_pin_rules) refuses repeats like these for every
# PIN someone chooses. A real station never has them (demo_guard keeps the demo apart).
DEMO_PINS = {1: "1111", 2: "2222"}
# Produce the demo sells by weight, with the PLUs its scales print (per-kilogram catalogue
# prices: the items priced for 1 kg). The sales desk weighs them on the simulated scale.
DEMO_WEIGHED = {"VEG-003": "103", "VEG-006": "106", "FRU-004": "204"}


def seed_demo(db: Database, now: datetime | None = None, order_count: int = 320) -> None:
    """Fill an empty database with the demo station's day. Does nothing if already seeded.

    Raises RealStationData, having written nothing, when the database runs a real station
    (station_app.demo_guard)."""
    now = now or utc_now()
    rng = random.Random(2026)
    with db.writing() as session:
        demo_guard.refuse_real_station(session, db.path.parent)
        _trust_demo_key(session, now)
        if session.scalar(select(Station).where(Station.id == DEMO_STATION)) is not None:
            _give_demo_pins(session)  # a demo database from before PINs existed
            return
        _open_stations(session)
        needed = _place_orders(session, rng, now, order_count)
        _stock_shelves(session, rng, needed, now)
    _hand_over_some(db, now)
    _seed_manifest(db, now)


def _open_stations(session: Session) -> None:
    """The demo station, its neighbour (for misrouted orders), its two staff and the catalogue."""
    session.add_all([
        Station(id=DEMO_STATION, name="幸福里社区自提点", holding_days=3, is_local=True),
        Station(id=NEIGHBOUR_STATION, name="和平路自提点", holding_days=3, is_local=False),
        Staff(id=1, name="王丽", role=Role.CLERK.value, pin_hash=hash_pin(DEMO_PINS[1])),
        Staff(id=2, name="陈建国", role=Role.MANAGER.value,
              pin_hash=hash_pin(DEMO_PINS[2])),
    ])
    session.add_all(CatalogueItem(sku=sku, name=name, unit=unit, price_fen=price,
                                  barcode=barcode, plu=DEMO_WEIGHED.get(sku),
                                  sold_by_weight=sku in DEMO_WEIGHED)
                    for sku, name, unit, price, barcode in CATALOGUE)
    session.flush()


def _arrived_at(state: OrderState, deadline: datetime, now: datetime) -> datetime | None:
    """This morning's bulk delivery (sorting has it all to do at once); overdue orders came
    a holding period before their deadline."""
    if state == OrderState.NOT_ARRIVED:
        return None
    return deadline - timedelta(days=3) if deadline < now else now - timedelta(hours=5)


def _address(n: int) -> str:
    """A building and room in the estate, for the sorting sheet by building (no random draw:
    the demo's other data stays as it was)."""
    mixed = n * 2654435761 % 2**32  # Knuth's multiplicative hash: neighbours spread out
    building, unit = 1 + mixed % 12, 1 + (mixed >> 4) % 3
    floor, room = 1 + (mixed >> 8) % 18, 1 + (mixed >> 13) % 4
    return f"{building}栋{unit}单元{floor}{room:02d}"


def _place_orders(session: Session, rng: random.Random, now: datetime,
                  order_count: int) -> dict[str, int]:
    """The day's orders with their lines; returns the quantity per SKU that must be on the
    shelves this morning (ready orders, and those _hand_over_some hands over)."""
    needed: dict[str, int] = {}
    codes: set[str] = set()
    # Residents ordered yesterday, before the evening cut-off, for today's delivery (see
    # created_at): head office numbered the orders on that day. Orders head office makes
    # today (generate-orders, the tests) number on today's and never collide with these.
    placed = business_day(now - timedelta(days=1))
    resident: dict[str, MadeOrder] = {}
    for n in range(1, order_count + 1):
        state, deadline, station = _state_for(n, now)
        made = make_order(rng, station, placed, n, codes,
                          phone_tail=SHARED_PHONE_TAIL if n in SHARED_TAIL_ORDERS else None)
        if n in HOUSEHOLD_ORDERS:  # the same resident as the household's first order
            who = resident.setdefault("who", made)
            made = replace(made, masked_phone=who.masked_phone, phone_tail=who.phone_tail,
                           customer_name=who.customer_name)
        order = Order(
            order_no=made.order_no,
            station_id=station,
            pickup_code=made.pickup_code,
            masked_phone=made.masked_phone,
            phone_tail=made.phone_tail,
            customer_name=made.customer_name,
            slot=made.slot if state != OrderState.NOT_ARRIVED else None,
            state=state.value,
            holding_deadline=deadline,
            created_at=now - timedelta(days=1, minutes=n),
            arrived_at=_arrived_at(state, deadline, now),
            address_line=_address(n),
            cancelled_at=now - timedelta(hours=2) if state == OrderState.CANCELLED else None,
        )
        session.add(order)
        session.flush()
        for line in made.lines:
            session.add(OrderLine(order_id=order.id, line_no=line.line_no, sku=line.sku,
                                  quantity=line.quantity, unit_price_fen=line.unit_price_fen))
            if state == OrderState.READY or n % 8 == 0:  # n % 8: handed over below
                needed[line.sku] = needed.get(line.sku, 0) + line.quantity
    return needed


def _stock_shelves(session: Session, rng: random.Random, needed: dict[str, int],
                   now: datetime) -> None:
    for sku, _name, _unit, _price, _bc in CATALOGUE:
        # What the morning delivery left on the shelves, plus surplus for walk-in sales.
        post_movement(session, sku, needed.get(sku, 0) + rng.randrange(3, 15),
                      MovementReason.OPENING, "demo-opening", None, now - timedelta(hours=5))


def _give_demo_pins(session: Session) -> None:
    for staff_id, pin in DEMO_PINS.items():
        staff = session.get(Staff, staff_id)
        if staff is not None and not staff.pin_hash:
            staff.pin_hash = hash_pin(pin)


def demo_manifest_no(now: datetime) -> str:
    return f"M-{DEMO_STATION}-{business_day(now):%y%m%d}-01"


def _seed_manifest(db: Database, now: datetime) -> None:
    """This morning's delivery, still to be received: the goods of every order waiting for
    them, some SKUs packed in cartons whose label counts the whole carton."""
    with db.reading() as session:
        waiting = session.scalars(select(Order).where(
            Order.station_id == DEMO_STATION,
            Order.state == OrderState.NOT_ARRIVED.value).order_by(Order.id)).all()
        expected: dict[str, int] = {}
        for order in waiting:
            for line in order.lines:
                expected[line.sku] = expected.get(line.sku, 0) + line.quantity
        order_nos = tuple(order.order_no for order in waiting)
    if not expected:
        return
    day = business_day(now)
    lines = tuple(
        ManifestLineInput(sku, quantity, f"CTN-{day:%y%m%d}-{sku}", quantity)
        if quantity >= 4 else ManifestLineInput(sku, quantity)
        for sku, quantity in sorted(expected.items()))
    with db.writing() as session:
        store_manifest(session, ManifestInput(demo_manifest_no(now), DEMO_STATION, day,
                                              lines, order_nos), "demo", now,
                       station_id=DEMO_STATION)
        # Walk-in items staff watch: marked low on the stock screen at 5 or fewer.
        for index, (sku, *_rest) in enumerate(CATALOGUE):
            if index % 3 == 0:
                item = session.get(CatalogueItem, sku)
                if item is not None:
                    item.low_stock_level = 5


def _trust_demo_key(session: Session, now: datetime) -> None:
    # Also for demo data seeded before tokens existed, hence before the "already seeded" test.
    if session.get(SigningKey, DEMO_KEY_ID) is None:
        key = TrustedKey(DEMO_KEY_ID, raw_public_key(demo_signing_key().public_key()),
                         not_before=datetime(2020, 1, 1, tzinfo=UTC))
        store_key(session, key, DEMO, now)


def demo_token(db: Database, order_no: str) -> str:
    """The pickup QR text the resident's app would show for a demo order, signed with the DEMO
    key and valid until the order's holding deadline. Raises LookupError for an unknown order.
    """
    with db.reading() as session:
        order = session.scalar(select(Order).where(Order.order_no == order_no))
        if order is None:
            raise LookupError(f"no demo order {order_no}")
        claims = PickupClaims(order.order_no, order.station_id, order.pickup_code,
                              order.holding_deadline, DEMO_KEY_ID)
    return sign_pickup_token(claims, demo_signing_key())


def demo_forged_token() -> str:
    """A well-formed token claiming the DEMO key but signed by another: the counter must call it
    forged. For the virtual camera's warning examples and for tests.
    """
    forger = Ed25519PrivateKey.from_private_bytes(bytes(32))
    claims = PickupClaims(order_number(DEMO_STATION, date(2000, 1, 1), 0), DEMO_STATION, "000000",
                          datetime(2099, 1, 1, tzinfo=UTC), DEMO_KEY_ID)
    return token_text(claims, forger.sign(signed_message(claims)))


def _state_for(n: int, now: datetime) -> tuple[OrderState, datetime, str]:
    deadline = now + timedelta(days=2, hours=n % 24)
    if n % 53 == 0:
        return OrderState.READY, deadline, NEIGHBOUR_STATION  # misrouted to the wrong station
    if n % 8 == 0:
        return OrderState.READY, deadline, DEMO_STATION  # handed over by _hand_over_some
    if n % 13 == 0:
        return OrderState.CANCELLED, deadline, DEMO_STATION
    if n % 11 == 0:
        return OrderState.NOT_ARRIVED, deadline, DEMO_STATION
    if n % 9 == 0:
        return OrderState.READY, now - timedelta(days=n % 4 + 1), DEMO_STATION  # overdue
    return OrderState.READY, deadline, DEMO_STATION


def _fixed(at: datetime) -> Clock:
    return lambda: at


def _hand_over_some(db: Database, now: datetime) -> None:
    """Earlier handovers of the day go through the real service, so their history is real."""
    with db.reading() as session:
        order_nos = session.scalars(
            select(Order.order_no).where(Order.order_no.like(f"{DEMO_STATION}-%"))
            .order_by(Order.id)
        ).all()
    for order_no in order_nos:
        index = order_sequence(order_no)
        if index % 8:
            continue
        at = now - timedelta(hours=6) + timedelta(minutes=index)
        desk = Handovers(db, DEMO_STATION, clock=_fixed(at))
        order = desk.order(order_no)
        assert order is not None
        outcomes = {order.lines[0].line_id: LineOutcome.MISSING} if index % 40 == 0 else {}
        if index % 24 == 0 and len(order.lines) > 1:
            # Refused at the counter: stays on the shelf until a return shipment takes it back.
            outcomes[order.lines[-1].line_id] = LineOutcome.REFUSED
        desk.confirm(order_no, staff_id=1 + (index // 8) % 2, proof=order.pickup_code,
                     outcomes=outcomes)
    with db.writing() as session:
        # Head office already answered the first refund request: the returns desk shows it.
        first = session.scalar(select(RefundRequest.request_no).order_by(RefundRequest.id))
        if first is not None:
            apply_answer(session, first, "approved", "已退款 refunded", now, now)
        # Those receipts were printed this morning; do not print them again at start-up.
        for job in session.scalars(select(PrintJob).where(
                PrintJob.status == JobStatus.QUEUED.value)):
            job.status = JobStatus.PRINTED.value
            job.printed_at = now
