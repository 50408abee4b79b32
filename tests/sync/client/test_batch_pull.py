"""The counter pulls every stream in one request (`POST /v1/changes:batch`), streams in order,
and falls back to one request per stream against a head office without the batched pull."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from station_app.demo_data import DEMO_STATION
from sync.client.puller import PULL_ORDER
from sync.server.embedded import EmbeddedHeadOffice
from sync.server.headoffice import (
    cancel_order,
    create_station,
    now_utc,
    publish_manifest,
    upsert_catalogue,
)
from sync.server.middleware import refuse
from tests.sync.client.conftest import Station
from tests.sync.client.helpers import local_ready, new_orders

BATCH = "/v1/changes:batch"


@dataclass
class Heard:
    """What head office was asked, and whether to play an older head office."""

    calls: list[tuple[str, str, bytes]] = field(default_factory=list)
    without_batch: int | None = None  # the status a head office without the route answers

    def pulls(self) -> list[tuple[str, list[str]]]:
        """Each pull request: ("batch", streams asked) or ("single", [stream])."""
        found: list[tuple[str, list[str]]] = []
        for method, path, body in self.calls:
            if (method, path) == ("POST", BATCH):
                text = gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body
                found.append(("batch", [p["stream"] for p in json.loads(text)["pulls"]]))
            elif (method, path) == ("GET", "/v1/changes"):
                found.append(("single", []))
        return found

    def singles(self) -> int:
        return sum(1 for method, path, _ in self.calls if (method, path) == ("GET", "/v1/changes"))


class Listening:
    """ASGI middleware in front of the real head office: notes every request with its body;
    with `without_batch` set, answers the batched pull as an older head office's router does
    (404 `not_found` for a path it lacks, or 405 for a method)."""

    def __init__(self, app: ASGIApp, heard: Heard) -> None:
        self.app = app
        self.heard = heard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body = bytearray()

        async def tapped() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                body.extend(message.get("body", b""))
            return message

        status = self.heard.without_batch
        if status is not None and scope["path"] == BATCH:
            message = await tapped()
            while message.get("more_body"):  # drained: the connection stays usable
                message = await tapped()
            self.heard.calls.append((scope["method"], scope["path"], bytes(body)))
            await refuse(send, status, {404: "not_found", 405: "method_not_allowed"}[status],
                         "Not Found" if status == 404 else "Method Not Allowed")
            return
        await self.app(scope, tapped, send)
        self.heard.calls.append((scope["method"], scope["path"], bytes(body)))


@pytest.fixture
def heard() -> Heard:
    return Heard()


@pytest.fixture
def head_office_server(tmp_path: Path, heard: Heard) -> Iterator[EmbeddedHeadOffice]:
    """conftest's head office, listened to: conftest's `station` enrols with this one."""
    server = EmbeddedHeadOffice(f"sqlite:///{tmp_path / 'headoffice.db'}")
    server.app.add_middleware(Listening, heard=heard)
    server.start()
    create_station(server.db, DEMO_STATION, "幸福里社区自提点")
    yield server
    server.stop()


def _cursors(station: Station) -> dict[str, str]:
    with station.counter.db.engine.connect() as connection:
        return {stream: cursor for stream, cursor in connection.exec_driver_sql(
            "SELECT stream, cursor FROM sync_stream")}


def test_a_sync_pulls_every_stream_in_one_request(
        station: Station, head_office_server: EmbeddedHeadOffice, heard: Heard) -> None:
    first = station.service.sync_now()  # the demo's handovers pushed, every stream pulled
    assert first.error is None, first.error
    order_nos = new_orders(head_office_server.db, DEMO_STATION, 30, seed=1)
    cancel_order(head_office_server.db, order_nos[0], "顾客取消")
    heard.calls.clear()
    report = station.service.sync_now()
    assert report.error is None, report.error
    assert heard.pulls() == [("batch", list(PULL_ORDER))]  # one request for all six
    assert (report.pulled["orders"], report.pulled["cancellations"]) == (30, 1)
    assert local_ready(station.counter, order_nos[1:]) == 29
    assert set(_cursors(station)) == set(PULL_ORDER)

    heard.calls.clear()  # nothing new: still one request, and the cursors hold
    cursors = _cursors(station)
    assert station.service.sync_now().pulled == {}
    assert heard.pulls() == [("batch", list(PULL_ORDER))]
    assert _cursors(station) == cursors


def test_a_stream_with_more_is_pulled_to_its_end_before_the_next(
        station: Station, head_office_server: EmbeddedHeadOffice, heard: Heard) -> None:
    """Orders needing three pages of 500: the streams after it wait (a cancellation names an
    order, a manifest SKUs) and are asked again once orders has ended; nothing twice."""
    assert station.service.sync_now().error is None
    order_nos = new_orders(head_office_server.db, DEMO_STATION, 1100, seed=2)
    cancel_order(head_office_server.db, order_nos[-1], "顾客取消")
    heard.calls.clear()
    report = station.service.sync_now()
    assert report.error is None, report.error
    assert heard.pulls() == [("batch", list(PULL_ORDER)), ("batch", ["orders"]),
                             ("batch", ["orders"]),
                             ("batch", ["cancellations", "manifests", "after_sales"])]
    assert (report.pulled["orders"], report.pulled["cancellations"]) == (1100, 1)
    assert local_ready(station.counter, order_nos[:-1]) == 1099


def test_a_manifest_waits_for_the_catalogue_it_names(
        station: Station, head_office_server: EmbeddedHeadOffice, heard: Heard) -> None:
    """600 new products (two catalogue pages) and a manifest naming the last: the manifest's
    page is dropped while the catalogue has more, then taken once the SKU is known."""
    assert station.service.sync_now().error is None
    products = [(f"NEW-{n:04d}", f"新品 {n}", "个", 100 + n, None) for n in range(600)]
    upsert_catalogue(head_office_server.db, products)
    with head_office_server.db.writing() as session:
        publish_manifest(session, DEMO_STATION, "M-BATCH-1", "2026-12-06",
                         [{"sku": "NEW-0599", "quantity": 4}], [], now_utc())
    heard.calls.clear()
    report = station.service.sync_now()
    assert report.error is None, report.error
    later = [s for s in PULL_ORDER if s != "catalogue"]
    assert heard.pulls() == [("batch", list(PULL_ORDER)), ("batch", ["catalogue"]),
                             ("batch", later)]
    assert report.pulled == {"catalogue": 600, "manifests": 1}
    assert report.new_attention == 0  # not refused for an unknown SKU
    with station.counter.db.engine.connect() as connection:
        assert connection.exec_driver_sql(
            "SELECT count(*) FROM manifest WHERE manifest_no = 'M-BATCH-1'").scalar() == 1


@pytest.mark.parametrize("status", [404, 405])
def test_a_head_office_without_the_batched_pull_is_asked_stream_by_stream(
        station: Station, head_office_server: EmbeddedHeadOffice, heard: Heard,
        status: int) -> None:
    heard.without_batch = status  # from the first sync on: an older head office
    first = station.service.sync_now()
    assert first.error is None, first.error
    order_nos = new_orders(head_office_server.db, DEMO_STATION, 700, seed=3)
    cancel_order(head_office_server.db, order_nos[0], "顾客取消")
    heard.calls.clear()
    report = station.service.sync_now()
    assert report.error is None, report.error
    asked = heard.pulls()
    assert asked[0] == ("batch", list(PULL_ORDER))  # asked once in this sync, then remembered
    assert asked[1:] == [("single", [])] * 7  # six streams, orders in two pages
    assert (report.pulled["orders"], report.pulled["cancellations"]) == (700, 1)
    assert local_ready(station.counter, order_nos[1:]) == 699
    assert set(_cursors(station)) == set(PULL_ORDER)

    heard.without_batch = None  # upgraded: the next sync pulls in one request again
    heard.calls.clear()
    assert station.service.sync_now().error is None
    assert heard.pulls() == [("batch", list(PULL_ORDER))] and heard.singles() == 0
