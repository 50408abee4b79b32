"""Demo mode's head office: the reference server embedded on a loopback port.

The demo counter seeds its own day (station_app.demo_data); this gives head office the same
catalogue and orders, enrols the counter and hands back a ready SyncService, so pushes,
pulls, cancellations and the day close work out of the box. Head office keeps its own SQLite
file next to the station's, so a second demo start carries on where the first stopped.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from station_app.counter import Counter
from station_app.storage.models import CatalogueItem, Manifest, Order, Station
from sync.client.service import SyncService
from sync.server import headoffice
from sync.server.embedded import EmbeddedHeadOffice
from sync.server.models import Station as HeadOfficeStation

log = logging.getLogger("station.demo.headoffice")


@dataclass
class DemoHeadOffice:
    server: EmbeddedHeadOffice
    service: SyncService

    def stop(self) -> None:
        self.server.stop()


def start_demo_head_office(counter: Counter) -> DemoHeadOffice:
    """Start head office on 127.0.0.1, mirror the demo day into it and enrol the counter."""
    path = counter.data_dir.root / "headoffice-demo.db"
    server = EmbeddedHeadOffice(f"sqlite:///{path}")
    url = server.start()
    _mirror_demo_day(server, counter)
    service = SyncService(counter.db, counter.data_dir.root, use_keyring=False)
    # A new port every start: enrol again (a fresh key; cursors and the outbox stay).
    service.enrol(url, headoffice.new_enrolment_code(server.db, counter.station_id))
    log.info("demo head office at %s", url)
    return DemoHeadOffice(server, service)


def _mirror_demo_day(server: EmbeddedHeadOffice, counter: Counter) -> None:
    db = server.db
    with db.reading() as session:
        if session.get(HeadOfficeStation, counter.station_id) is not None:
            return
    with counter.db.reading() as session:
        station = session.get(Station, counter.station_id)
        items = [(i.sku, i.name, i.unit, i.price_fen, i.barcode)
                 for i in session.scalars(select(CatalogueItem))]
        orders = [_order_rows(order) for order in session.scalars(
            select(Order).where(Order.station_id == counter.station_id))]
        manifests = [(m.manifest_no, m.delivery_date,
                      [{"sku": line.sku, "quantity": line.expected,
                        "carton_code": line.carton_code, "carton_units": line.carton_units}
                       for line in m.lines], [o.order_no for o in m.orders])
                     for m in session.scalars(select(Manifest))]
    headoffice.create_station(db, counter.station_id, station.name if station else "demo")
    headoffice.upsert_catalogue(db, items)
    headoffice.current_key(db)  # makes head office's first signing key
    with db.writing() as session:
        now = headoffice.now_utc()
        headoffice.add_orders(session, orders, now)
        # The same delivery list the counter holds: pulling it back changes nothing, and
        # head office knows the manifest when its receiving arrives.
        for number, day, lines, order_nos in manifests:
            headoffice.publish_manifest(session, counter.station_id, number, day, lines,
                                        order_nos, now)


def _order_rows(order: Order) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    # Head office published these orders before the counter handed some over; their
    # handovers reach it as events. Cancelled ones were cancelled at head office too.
    state = "not_arrived" if order.state == "not_arrived" else "ready"
    row = {
        "order_no": order.order_no, "station_id": order.station_id,
        "pickup_code": order.pickup_code, "masked_phone": order.masked_phone,
        "phone_tail": order.phone_tail, "customer_name": order.customer_name,
        "slot": order.slot, "state": state, "holding_deadline": order.holding_deadline,
        "created_at": order.created_at - timedelta(seconds=1),
    }
    if order.cancelled_at is not None:
        row["cancelled_at"] = order.cancelled_at
    lines = [{"line_no": line.line_no, "sku": line.sku, "quantity": line.quantity,
              "unit_price_fen": line.unit_price_fen} for line in order.lines]
    return row, lines
