"""`POST /v1/changes:batch`: several streams' pages in one request, each exactly the page
`GET /v1/changes` answers for the same stream and cursor."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests
from sqlalchemy import event

from sync import auth
from sync.protocol import STREAMS, PulledPages
from sync.server import changelog
from sync.server.embedded import EmbeddedHeadOffice
from sync.server.headoffice import (
    cancel_order,
    issue_token,
    new_enrolment_code,
    rotate_key,
    upsert_catalogue,
)
from sync.server.order_factory import generate_orders
from sync.server.pruning import CHANGE_LOG_RETENTION, prune_change_log
from tests.sync.conftest import OTHER_STATION, STATION
from tests.sync.signed_client import SignedClient, enrol

BATCH = "/v1/changes:batch"


def batch(client: SignedClient, pulls: list[dict[str, Any]], **kwargs: Any
          ) -> requests.Response:
    return client.request("POST", BATCH, body={"pulls": pulls}, **kwargs)


def pages(client: SignedClient, cursors: dict[str, str], limit: int) -> list[dict[str, Any]]:
    answer = batch(client, [{"stream": s, "cursor": c, "limit": limit}
                            for s, c in cursors.items()])
    assert answer.status_code == 200, answer.text
    PulledPages.model_validate_json(answer.content)  # a valid protocol answer
    found: list[dict[str, Any]] = answer.json()["pages"]
    return found


def error_code(answer: requests.Response) -> str:
    code: str = answer.json()["error"]["code"]
    return code


def _a_log_with_every_stream(ho: EmbeddedHeadOffice) -> list[str]:
    """Changes in all six streams, this station's and the other's (whose must never show)."""
    mine = generate_orders(ho.db, STATION, 23, seed=1)
    others = generate_orders(ho.db, OTHER_STATION, 9, seed=2)
    cancel_order(ho.db, mine[0], "顾客取消")
    cancel_order(ho.db, others[0], "另一个站")
    upsert_catalogue(ho.db, [("VEG-001", "有机菠菜 500g", "袋", 650, "6901234500017")])
    issue_token(ho.db, mine[1])  # makes the first signing key
    rotate_key(ho.db, timedelta(hours=1))
    return mine


def test_a_batched_pull_answers_what_six_single_pulls_answer(
        ho_any: EmbeddedHeadOffice, client_any: SignedClient) -> None:
    mine = _a_log_with_every_stream(ho_any)
    cursors = dict.fromkeys(STREAMS, "")
    pulled: dict[str, list[dict[str, Any]]] = {stream: [] for stream in STREAMS}
    rounds = 0
    while cursors:
        rounds += 1
        batched = pages(client_any, cursors, 7)
        singles = [client_any.changes(stream, cursor, 7).json()
                   for stream, cursor in cursors.items()]
        assert batched == singles  # the same pages, changes and cursors, in the order asked
        for page in batched:
            assert not page["reset_required"]
            pulled[page["stream"]] += page["changes"]
            cursors[page["stream"]] = page["next_cursor"]
            if not page["has_more"]:
                del cursors[page["stream"]]
    assert rounds > 3  # pages of 7: catalogue and orders took several rounds
    orders = [change["data"]["order_no"] for change in pulled["orders"]]
    assert sorted(orders) == sorted(mine)  # this station's only, each once
    assert [c["data"]["order_no"] for c in pulled["cancellations"]] == [mine[0]]
    assert len(pulled["signing_keys"]) == 2 and len(pulled["catalogue"]) > 30
    ids = [change["id"] for changes in pulled.values() for change in changes]
    assert len(ids) == len(set(ids))


def test_each_stream_keeps_its_own_cursor_reset_and_end(
        ho: EmbeddedHeadOffice, client: SignedClient,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(changelog, "POSITION_EVERY", timedelta(0))  # record every position
    for order_no in generate_orders(ho.db, STATION, 3, seed=1):
        cancel_order(ho.db, order_no, "test")  # finished: retention may remove them
    first = pages(client, {"orders": "", "after_sales": ""}, 1)
    assert [p["has_more"] for p in first] == [True, False]
    old = first[0]["next_cursor"]  # a backup taken after the first order
    *_, end = pages(client, {"orders": old}, 100)
    pages(client, {"orders": end["next_cursor"]}, 100)  # acknowledged: retention may prune
    generate_orders(ho.db, OTHER_STATION, 1, seed=2)
    assert prune_change_log(ho.db, datetime.now(UTC) + CHANGE_LOG_RETENTION * 2) == 3
    answer = pages(client, {"catalogue": "garbage", "orders": old,
                            "after_sales": first[1]["next_cursor"],
                            "manifests": end["next_cursor"].replace("orders", "manifests")}, 50)
    assert [p["reset_required"] for p in answer] == [True, True, False, False]
    assert answer[0] == client.changes("catalogue", "garbage").json()
    assert answer[1] == client.changes("orders", old).json()
    assert answer[2]["changes"] == [] and not answer[2]["has_more"]


def test_each_stream_at_most_once_and_only_known_streams(client: SignedClient) -> None:
    twice = batch(client, [{"stream": "orders"}, {"stream": "catalogue"}, {"stream": "orders"}])
    assert twice.status_code == 400 and error_code(twice) == "stream_twice"
    unknown = batch(client, [{"stream": "orders"}, {"stream": "recipes"}])
    assert unknown.status_code == 400 and error_code(unknown) == "unknown_stream"
    assert "pulls[1]" in unknown.json()["error"]["message"]
    seven = batch(client, [{"stream": s} for s in (*STREAMS, "orders")])
    assert seven.status_code == 400 and error_code(seven) == "stream_twice"
    for bad in ([], [{"stream": "orders", "limit": 0}], [{"stream": "orders", "limit": 1001}],
                [{"stream": "orders", "cursor": "x" * 101}], [{"stream": "orders", "x": 1}]):
        answer = batch(client, bad)
        assert answer.status_code == 422 and error_code(answer) == "invalid_request", bad
    assert batch(client, [], raw=b"not json").status_code == 422
    defaults = batch(client, [{"stream": "orders"}])  # cursor "" and limit 500 by default
    assert defaults.status_code == 200
    assert defaults.json()["pages"] == [client.changes("orders", "", 500).json()]


def test_a_batched_pull_is_signed_like_any_post(ho: EmbeddedHeadOffice,
                                                client: SignedClient) -> None:
    body = json.dumps({"pulls": [{"stream": "orders"}]}).encode()
    unsigned = requests.post(client.base_url + BATCH, data=body, timeout=5,
                             headers={"Content-Type": "application/json"})
    assert unsigned.status_code == 401 and error_code(unsigned) == "unknown_key"
    signed = auth.sign(client.secret, STATION, client.key_id, "POST", BATCH, {}, body)
    tampered = requests.post(client.base_url + BATCH, timeout=5, headers=signed,
                             data=json.dumps({"pulls": [{"stream": "catalogue"}]}).encode())
    assert tampered.status_code == 401 and error_code(tampered) == "bad_signature"
    nonce = "c" * 32
    assert batch(client, [{"stream": "orders"}], nonce=nonce).status_code == 200
    replay = batch(client, [{"stream": "orders"}], nonce=nonce)
    assert replay.status_code == 401 and error_code(replay) == "replay"
    other = enrol(ho.url, new_enrolment_code(ho.db, OTHER_STATION))
    as_mine = batch(other, [{"stream": "orders"}], station_id=STATION)
    assert as_mine.status_code == 403 and error_code(as_mine) == "wrong_station"


def test_a_batched_pull_is_one_nonce_and_one_statement(
        ho_any: EmbeddedHeadOffice, client_any: SignedClient) -> None:
    """One transaction: the nonce spent and every stream's page read by two statements,
    whatever the number of streams (once the positions are recorded)."""
    generate_orders(ho_any.db, STATION, 3, seed=1)
    cursors = {page["stream"]: page["next_cursor"]
               for page in pages(client_any, dict.fromkeys(STREAMS, ""), 100)}
    pages(client_any, cursors, 100)  # the positions are recorded (every 10 minutes at most)
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.startswith("BEGIN"):  # SQLite's BEGIN IMMEDIATE
            statements.append(statement)

    event.listen(ho_any.db.engine, "before_cursor_execute", seen)
    try:
        again = pages(client_any, cursors, 100)
    finally:
        event.remove(ho_any.db.engine, "before_cursor_execute", seen)
    assert [page["changes"] for page in again] == [[]] * len(STREAMS)
    assert len(statements) == 2, statements
    assert "ho_nonces" in statements[0] and statements[1].count("UNION ALL") > len(STREAMS)
