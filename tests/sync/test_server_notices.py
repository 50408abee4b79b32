"""Arrival notices through head office: made once per order and change in the push's own
transaction, delivered through a real webhook on loopback (or a file) with retries, skipped
for orders already gone, listed for operators, and erased with the orders' personal data."""

from __future__ import annotations

import logging
import os
import stat
import threading
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import uuid6
from sqlalchemy import select

from sync.server.cli import main as headoffice_cli
from sync.server.db import HeadOfficeDb
from sync.server.embedded import EmbeddedHeadOffice
from sync.server.headoffice import cancel_order
from sync.server.models import Notice, Order
from sync.server.notice_dispatch import Dispatcher, RetryPolicy, Round
from sync.server.notice_senders import LogFileSender, WebhookSender
from sync.server.notice_templates import READY, NoticeFacts, render
from sync.server.notices import erase_notice_texts, notice_id_for
from sync.server.order_factory import generate_orders
from tests.sync.conftest import STATION
from tests.sync.notice_receiver import NoticeReceiver
from tests.sync.signed_client import SignedClient, handover_event

SECRET = b"notice-test-secret-0123456789"
STATION_NAME = "幸福里社区自提点"
DEADLINE = datetime(2026, 12, 6, 16, 30, tzinfo=UTC)  # 12月7日 00:30 in China
LATER_DEADLINE = datetime(2027, 1, 4, 20, 0, tzinfo=UTC)  # 1月5日 04:00 in China
FAST = RetryPolicy(timeout_s=2.0, backoff_s=0.01, backoff_cap_s=0.05, max_attempts=20)


# --- events as a station sends them ------------------------------------------------------------

def fact(seq: int, event_type: str, **fields: Any) -> dict[str, Any]:
    return {"event_id": str(uuid6.uuid7()), "station_seq": seq, "type": event_type,
            "occurred_at": datetime.now(UTC).isoformat(),
            "payload": {"station_id": STATION, "staff_id": 1, "movements": [], **fields}}


def received(seq: int, manifest_no: str, placed: Sequence[tuple[str, str | None, str]],
             deadline: datetime = DEADLINE) -> dict[str, Any]:
    """`goods.received` shelving (order, slot, ready|arrived)."""
    return fact(seq, "goods.received", manifest_no=manifest_no,
                received_at=datetime.now(UTC).isoformat(),
                lines=[{"sku": "VEG-001", "expected": 1, "received": 1, "damaged": 0,
                        "reason": None, "note": None, "has_photo": False}],
                ready_orders=[o for o, _, state in placed if state == "ready"], short_orders=[],
                orders=[{"order_no": o, "slot": slot, "holding_deadline": deadline.isoformat(),
                         "shortage": None, "state": state} for o, slot, state in placed])


def sorted_(seq: int, order_no: str, slot: str | None, ready: bool = True,
            deadline: datetime = DEADLINE) -> dict[str, Any]:
    return fact(seq, "order.sorted", order_no=order_no, sorted=ready,
                state="ready" if ready else "arrived",
                sorted_at=datetime.now(UTC).isoformat(), slot=slot,
                holding_deadline=deadline.isoformat(), shortage=None, placed={"1": 1})


def reminded(seq: int, order_no: str, at: datetime) -> dict[str, Any]:
    return fact(seq, "order.reminded", order_no=order_no, reminded_at=at.isoformat())


def push(client: SignedClient, *events: dict[str, Any]) -> list[str]:
    answer = client.push(list(events))
    assert answer.status_code == 200, answer.text
    return [result["status"] for result in answer.json()["results"]]


def make_ready(db: HeadOfficeDb, client: SignedClient, count: int, seed: int,
               seq: int = 1) -> list[str]:
    """`count` new orders, all shelved ready by one `goods.received`."""
    orders = generate_orders(db, STATION, count, seed=seed, arrived=False)
    placed = [(o, f"A-{n % 90 + 1:02d}", "ready") for n, o in enumerate(orders)]
    assert push(client, received(seq, f"M-{seed}", placed)) == ["applied"]
    return orders


# --- reading head office ------------------------------------------------------------------------

def notices(db: HeadOfficeDb) -> dict[tuple[str, str, str], Notice]:
    with db.reading() as session:
        return {(n.order_no, n.kind, n.change_key): n for n in session.scalars(select(Notice))}


def codes(db: HeadOfficeDb, order_nos: list[str]) -> dict[str, str]:
    with db.reading() as session:
        return {order_no: code for order_no, code in session.execute(
            select(Order.order_no, Order.pickup_code).where(Order.order_no.in_(order_nos)))}


def drain(dispatcher: Dispatcher, timeout_s: float = 60.0) -> list[Round]:
    """Dispatch rounds until no notice is pending any more."""
    rounds, deadline = [], time.monotonic() + timeout_s
    while True:
        done = dispatcher.run_once()
        rounds.append(done)
        with dispatcher.db.reading() as session:
            if session.scalar(select(Notice.id).where(Notice.state == "pending")
                              .limit(1)) is None:
                return rounds
        assert time.monotonic() < deadline, "notices still pending"
        if not done.claimed:
            time.sleep(0.01)


# --- 1. one notice per order and change -------------------------------------------------------

def test_events_twice_or_out_of_order_make_one_notice_per_order_and_change(
        ho: EmbeddedHeadOffice, client: SignedClient) -> None:
    a, b, c, d = generate_orders(ho.db, STATION, 4, seed=11, arrived=False)
    first = received(1, "M-1", [(a, "A-01", "ready"), (b, None, "arrived"),
                                ("XF01-NOBODY-KNOWS", "A-09", "ready")])
    assert push(client, first) == ["applied"]
    assert push(client, first) == ["duplicate"]  # delivered twice
    # b sorted ready, and said ready again in the same batch; a's bag taken back and sorted
    # again (Ctrl+Z): no second notice for either.
    assert push(client, sorted_(2, b, "B-02", deadline=LATER_DEADLINE),
                received(3, "M-1b", [(b, "B-02", "ready")], LATER_DEADLINE),
                sorted_(4, a, "A-01", ready=False), sorted_(5, a, "A-01")) == ["applied"] * 4
    # Out of order: c's sorting (seq 8) before its receiving (7); d's handover (6) before the
    # receiving that said it was ready.
    assert push(client, sorted_(8, c, "C-03")) == ["applied"]
    assert push(client, handover_event(6, d, STATION)) == ["applied"]
    assert push(client, received(7, "M-2", [(c, "C-03", "ready"), (d, "D-04", "ready")])) \
        == ["applied"]
    # Reminded twice on 8 December (China time), then again just after midnight of the 9th.
    assert push(client, reminded(9, a, datetime(2026, 12, 8, 1, 0, tzinfo=UTC)),
                reminded(10, a, datetime(2026, 12, 8, 10, 0, tzinfo=UTC)),
                reminded(11, a, datetime(2026, 12, 8, 17, 0, tzinfo=UTC))) == ["applied"] * 3

    made = notices(ho.db)
    assert {key: n.state for key, n in made.items()} == {
        (a, "ready", "ready"): "pending", (b, "ready", "ready"): "pending",
        (c, "ready", "ready"): "pending", (d, "ready", "ready"): "skipped",
        (a, "overdue_reminder", "reminded:2026-12-08"): "pending",
        (a, "overdue_reminder", "reminded:2026-12-09"): "pending"}
    code = codes(ho.db, [a, b, c, d])
    assert made[a, "ready", "ready"].text == \
        f"您在{STATION_NAME}的订单已到，取件码{code[a]}，货架A-01，请于12月7日前取件"
    assert made[b, "ready", "ready"].text == \
        f"您在{STATION_NAME}的订单已到，取件码{code[b]}，货架B-02，请于1月5日前取件"
    assert made[a, "overdue_reminder", "reminded:2026-12-08"].text == \
        f"您在{STATION_NAME}的订单已于12月7日到期，取件码{code[a]}，货架A-01，请尽快取件，逾期将退回"
    assert made[d, "ready", "ready"].text == ""  # never to be sent: no personal data kept
    assert all(n.notice_id == notice_id_for(*key) for key, n in made.items())


def test_the_templates_write_dates_as_residents_read_them() -> None:
    facts = NoticeFacts(STATION_NAME, "XF01-1", "123456", None,
                        datetime(2026, 2, 28, 16, 0, tzinfo=UTC))  # 3月1日 00:00 in China
    assert render(READY, facts) == f"您在{STATION_NAME}的订单已到，取件码123456，请于3月1日前取件"


# --- 2. delivery: the order gone, a failing far side, a slow far side ------------------------

def test_a_notice_for_an_order_handed_over_before_its_turn_is_skipped_not_sent(
        ho: EmbeddedHeadOffice, client: SignedClient, tmp_path: Path) -> None:
    a, b = make_ready(ho.db, client, 2, seed=21)
    assert push(client, handover_event(2, a, STATION)) == ["applied"]
    outbox = tmp_path / "notices.jsonl"
    dispatcher = Dispatcher(ho.db, LogFileSender(outbox), FAST)
    assert dispatcher.run_once() == Round(claimed=1, sent=1, skipped=1)
    dispatcher.close()
    lines = outbox.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and b in lines[0] and a not in lines[0]
    assert stat.S_IMODE(os.stat(outbox).st_mode) == 0o600  # pickup codes inside
    made = notices(ho.db)
    assert (made[a, "ready", "ready"].state, made[a, "ready", "ready"].text) == ("skipped", "")
    assert made[b, "ready", "ready"].state == "sent"
    assert made[b, "ready", "ready"].sent_at is not None


def test_every_order_is_notified_exactly_once_through_a_webhook_failing_a_fifth_of_calls(
        ho: EmbeddedHeadOffice, client: SignedClient, caplog: pytest.LogCaptureFixture) -> None:
    orders = make_ready(ho.db, client, 200, seed=31)
    # The same orders said ready again by their sorting: nothing new to send.
    assert push(client, *(sorted_(n + 2, o, "A-01") for n, o in enumerate(orders[:50]))) \
        == ["applied"] * 50
    caplog.set_level(logging.DEBUG)
    with NoticeReceiver(SECRET, fail_rate=0.2, seed=3) as receiver:
        dispatcher = Dispatcher(ho.db, WebhookSender(receiver.url, SECRET, 2.0), FAST)
        rounds = drain(dispatcher)
        dispatcher.close()
    assert receiver.bad == 0
    assert sorted(effect["order_no"] for effect in receiver.effects.values()) == sorted(orders)
    assert set(receiver.deliveries.values()) == {1}  # refused calls kept nothing
    assert receiver.refused > 20 and sum(r.retried for r in rounds) == receiver.refused
    assert {n.state for n in notices(ho.db).values()} == {"sent"}
    pickup_codes = codes(ho.db, orders).values()
    assert not any(code in caplog.text for code in pickup_codes)  # the text is never logged


def test_a_far_side_that_answers_after_the_timeout_acts_on_each_notice_once(
        ho: EmbeddedHeadOffice, client: SignedClient) -> None:
    orders = make_ready(ho.db, client, 60, seed=41)
    with NoticeReceiver(SECRET, late_rate=0.25, late_s=1.0, seed=4) as receiver:
        policy = RetryPolicy(timeout_s=0.3, backoff_s=0.01, backoff_cap_s=0.05,
                             max_attempts=30)
        dispatcher = Dispatcher(ho.db, WebhookSender(receiver.url, SECRET, 0.3), policy)
        drain(dispatcher)
        dispatcher.close()
    assert sorted(effect["order_no"] for effect in receiver.effects.values()) == sorted(orders)
    assert max(receiver.deliveries.values()) > 1  # sent again after a timeout…
    assert len(receiver.effects) == len(orders)  # …and acted on once, by its Notice-Id
    assert {n.state for n in notices(ho.db).values()} == {"sent"}


def test_two_dispatchers_share_the_work_and_never_send_a_notice_twice(
        ho_any: EmbeddedHeadOffice, client_any: SignedClient) -> None:
    """The claim: SKIP LOCKED on PostgreSQL, the write lock on SQLite, then a lease."""
    orders = make_ready(ho_any.db, client_any, 300, seed=51)
    with NoticeReceiver(SECRET, late_rate=1.0, late_s=0.005) as receiver:
        dispatchers = [Dispatcher(ho_any.db, WebhookSender(receiver.url, SECRET, 5.0), FAST)
                       for _ in range(2)]
        sent = [0, 0]

        def work(n: int) -> None:
            sent[n] = sum(r.sent for r in drain(dispatchers[n]))

        threads = [threading.Thread(target=work, args=(n,)) for n in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        for dispatcher in dispatchers:
            dispatcher.close()
    assert len(receiver.effects) == len(orders)
    assert sum(receiver.deliveries.values()) == len(orders)  # no notice sent twice
    assert sum(sent) == len(orders) and min(sent) > 0  # both did some of the work


# --- 3. failed for good, listed for operators ---------------------------------------------------

def test_the_notices_command_lists_delivery_states_and_shows_text_only_when_asked(
        ho: EmbeddedHeadOffice, client: SignedClient, capsys: pytest.CaptureFixture[str]
        ) -> None:
    (a,) = make_ready(ho.db, client, 1, seed=61, seq=1)
    with NoticeReceiver(SECRET) as receiver:
        Dispatcher(ho.db, WebhookSender(receiver.url, SECRET, 2.0), FAST).run_once()
    b, c = make_ready(ho.db, client, 2, seed=62, seq=2)
    assert push(client, handover_event(3, c, STATION)) == ["applied"]
    with NoticeReceiver(SECRET, fail_rate=1.0) as receiver:  # down for good
        policy = RetryPolicy(timeout_s=2.0, backoff_s=0.01, max_attempts=2)
        drain(Dispatcher(ho.db, WebhookSender(receiver.url, SECRET, 2.0), policy))
    (d,) = make_ready(ho.db, client, 1, seed=63, seq=4)
    code = codes(ho.db, [a, b, c, d])
    cli = ["--database-url", ho.database_url, "notices"]

    assert headoffice_cli(cli) == 0
    listed = capsys.readouterr().out
    rows = listed.splitlines()
    assert [row.split("\t")[2:5] for row in rows[:-1]] == [
        [d, "ready", "pending"], [c, "ready", "skipped"], [b, "ready", "failed"],
        [a, "ready", "sent"]]
    assert rows[-1] == "1 pending, 1 sent, 1 failed, 1 skipped"
    assert not any(pickup in listed for pickup in code.values())

    assert headoffice_cli([*cli, "--state", "failed"]) == 0
    (failed, _) = capsys.readouterr().out.splitlines()
    assert b in failed and "attempts 2" in failed and "HTTP 500" in failed

    assert headoffice_cli([*cli, "--show-text", "--limit", "1"]) == 0
    (shown, _) = capsys.readouterr().out.splitlines()
    assert shown.startswith(notice_id_for(d, "ready", "ready")) and code[d] in shown

    assert headoffice_cli([*cli, "--station", "XF02"]) == 0
    assert capsys.readouterr().out == "0 pending, 0 sent, 0 failed, 0 skipped\n"


def test_serve_refuses_notice_targets_it_could_not_use_safely(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    secret = tmp_path / "secret"
    secret.write_bytes(SECRET)
    url = f"sqlite:///{tmp_path / 'ho.db'}"
    for notices_option, refusal in (
            (["webhook:http://192.0.2.10/hook", "--notices-secret-file", str(secret)],
             "plain http"),
            (["webhook:https://gateway.example/hook"], "needs --notices-secret-file"),
            (["sms:13800000000"], "use log:/path/file.jsonl or webhook:https://"),
            ([f"log:{tmp_path / 'missing' / 'notices.jsonl'}"], "cannot write notices")):
        assert headoffice_cli(["--database-url", url, "serve", "--notices",
                               *notices_option]) == 1
        assert refusal in capsys.readouterr().err


# --- 4. personal data ---------------------------------------------------------------------------

def test_the_retention_erases_notice_texts_with_the_orders_personal_data(
        ho: EmbeddedHeadOffice, client: SignedClient, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    a, b = make_ready(ho.db, client, 2, seed=71, seq=1)
    dispatcher = Dispatcher(ho.db, LogFileSender(tmp_path / "notices.jsonl"), FAST)
    assert dispatcher.run_once().sent == 2
    (c,) = make_ready(ho.db, client, 1, seed=72, seq=2)  # not sent yet
    assert push(client, handover_event(3, a, STATION)) == ["applied"]
    cancel_order(ho.db, c, "顾客取消")
    now = datetime.now(UTC)
    assert erase_notice_texts(ho.db, now, days=30) == 0  # finished today: kept
    assert erase_notice_texts(ho.db, now + timedelta(days=31), days=30) == 2
    assert erase_notice_texts(ho.db, now + timedelta(days=32), days=30) == 0  # done once
    made = notices(ho.db)
    assert (made[a, READY, "ready"].state, made[a, READY, "ready"].text) == ("sent", "")
    assert made[a, READY, "ready"].text_erased_at is not None
    assert (made[c, READY, "ready"].state, made[c, READY, "ready"].text) == ("skipped", "")
    assert codes(ho.db, [b])[b] in made[b, READY, "ready"].text  # still on the shelf
    assert headoffice_cli(["--database-url", ho.database_url, "erase-personal-data"]) == 0
    assert "text of 0 notice(s)" in capsys.readouterr().out
