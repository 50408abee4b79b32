"""Pulling changes: pages, cursors, reset, and no skipped rows under concurrent writers."""

from __future__ import annotations

import base64
import threading
from datetime import UTC, datetime, timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from station_app.security.token_format import parse_token
from sync.protocol import ChangesPage, OrderData
from sync.server.embedded import EmbeddedHeadOffice
from sync.server.headoffice import cancel_order, issue_token, rotate_key, upsert_catalogue
from sync.server.order_factory import generate_orders
from tests.sync.conftest import OTHER_STATION, STATION
from tests.sync.signed_client import SignedClient


def pull_all(client: SignedClient, stream: str, limit: int = 100,
             cursor: str = "") -> tuple[list[dict[str, object]], str]:
    changes: list[dict[str, object]] = []
    while True:
        answer = client.changes(stream, cursor, limit)
        assert answer.status_code == 200, answer.text
        page = ChangesPage.model_validate(answer.json())
        assert not page.reset_required
        changes += [c.data for c in page.changes]
        cursor = page.next_cursor
        if not page.has_more:
            return changes, cursor


def test_orders_page_with_has_more_and_only_this_stations(ho: EmbeddedHeadOffice,
                                                          client: SignedClient) -> None:
    mine = generate_orders(ho.db, STATION, 25, seed=1)
    generate_orders(ho.db, OTHER_STATION, 5, seed=2)
    first = client.changes("orders", "", 10).json()
    assert len(first["changes"]) == 10 and first["has_more"] is True
    changes, cursor = pull_all(client, "orders", 10)
    assert [c["order_no"] for c in changes] == mine
    OrderData.model_validate(changes[0])
    more = generate_orders(ho.db, STATION, 2, seed=3)
    later, _ = pull_all(client, "orders", 10, cursor)
    assert [c["order_no"] for c in later] == more


def test_catalogue_cancellations_and_signing_keys(ho: EmbeddedHeadOffice,
                                                  client: SignedClient) -> None:
    (order,) = generate_orders(ho.db, STATION, 1, seed=4)
    catalogue, cursor = pull_all(client, "catalogue")
    assert len(catalogue) > 30 and {"sku", "name", "barcode", "unit", "price_fen"} <= set(
        catalogue[0])
    upsert_catalogue(ho.db, [("VEG-001", "有机菠菜 500g", "袋", 650, "6901234500017")])
    changed, _ = pull_all(client, "catalogue", cursor=cursor)
    assert changed == [{"sku": "VEG-001", "name": "有机菠菜 500g", "barcode": "6901234500017",
                        "unit": "袋", "price_fen": 650}]
    cancel_order(ho.db, order, "顾客取消")
    (cancellation,), _ = pull_all(client, "cancellations")
    assert cancellation["order_no"] == order and cancellation["reason"] == "顾客取消"

    token = issue_token(ho.db, order)  # makes the first key
    old = rotate_key(ho.db, timedelta(hours=1))
    keys, _ = pull_all(client, "signing_keys")
    latest = {k["key_id"]: k for k in keys}  # later changes of a key replace earlier ones
    assert old in latest and latest[old]["not_after"] is None
    parsed = parse_token(token)
    signer = latest[parsed.claims.key_id]
    assert signer["not_after"] is not None  # rotated: valid for one more hour
    public = Ed25519PublicKey.from_public_bytes(base64.b64decode(str(signer["public_key"])))
    public.verify(parsed.signature, parsed.signed_message)  # raises if forged
    assert parsed.claims.order_no == order and parsed.claims.station_id == STATION
    assert client.changes("manifests").json()["changes"] == []


def test_a_garbage_or_foreign_cursor_requires_a_reset(ho: EmbeddedHeadOffice,
                                                      client: SignedClient) -> None:
    generate_orders(ho.db, STATION, 3, seed=5)
    _, cursor = pull_all(client, "orders")
    for bad in ("garbage", "00000000.orders.1", cursor.replace("orders", "catalogue"),
                cursor.rsplit(".", 1)[0] + ".999999"):
        page = client.changes("orders", bad).json()
        assert page["reset_required"] is True and page["next_cursor"] == ""
    assert client.changes("orders", cursor).json()["reset_required"] is False


def test_cursors_never_skip_rows_under_concurrent_writers(ho_any: EmbeddedHeadOffice,
                                                          client_any: SignedClient) -> None:
    """Two writers commit orders while a reader pages: the reader sees every one, once."""
    written: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()

    def writer(seed: int) -> None:
        for round_no in range(15):
            numbers = generate_orders(ho_any.db, STATION, 7, seed=seed * 100 + round_no)
            with lock:
                written.extend(numbers)

    threads = [threading.Thread(target=writer, args=(n,)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    seen: list[str] = []
    cursor = ""
    while True:
        finished = not any(t.is_alive() for t in threads)
        page = client_any.changes("orders", cursor, 5).json()
        assert page["reset_required"] is False
        seen += [c["data"]["order_no"] for c in page["changes"]]
        cursor = page["next_cursor"]
        if finished and not page["has_more"]:
            break
    stop.set()
    assert len(seen) == len(set(seen))
    assert sorted(seen) == sorted(written) and len(written) == 2 * 15 * 7


def test_pages_are_valid_protocol_answers(client: SignedClient) -> None:
    page = client.changes("catalogue", "", 1000).json()
    assert ChangesPage.model_validate(page).stream == "catalogue"
    assert client.changes("catalogue", "", 1001).status_code == 422
    assert datetime.now(UTC)  # the clock window tests live in test_server_auth
