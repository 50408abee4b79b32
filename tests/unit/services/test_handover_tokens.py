"""Scanning signed pickup tokens at the desk: the demo station, its DB key ring, real orders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from station_app.counter import Counter
from station_app.demo_data import demo_forged_token, demo_token
from station_app.domain.order_state import Verdict
from station_app.domain.scan_text import ScanKind
from station_app.security.key_store import HEAD_OFFICE, store_key
from station_app.security.token_format import PickupClaims, signed_message, token_text
from station_app.security.token_signing import DEMO_KEY_ID, sign_pickup_token
from station_app.services.handover import Handovers
from station_app.services.handover_views import LookupOutcome, TokenProblem
from tests.helpers import OVERDUE, READY, pickup_code, scalar
from tests.unit.security.tokens import NEW_KEY, STRANGER_KEY, edit_bytes, key_id, trusted

FAR = datetime(2099, 1, 1, tzinfo=UTC)


def order_no(counter: Counter, where: str) -> str:
    found = scalar(counter.db, f"SELECT order_no FROM orders WHERE {where} ORDER BY id LIMIT 1")
    assert found, where
    return str(found)


def code_of(counter: Counter, number: str) -> str:
    return str(scalar(counter.db, "SELECT pickup_code FROM orders WHERE order_no = :n",
                      n=number))


def test_a_valid_token_finds_its_order_and_is_handed_over_as_a_token(counter: Counter) -> None:
    number = order_no(counter, READY)
    result = counter.handovers.lookup(demo_token(counter.db, number))
    assert result.outcome is LookupOutcome.FOUND
    assert result.method is ScanKind.TOKEN
    assert result.order is not None and result.order.order_no == number
    assert result.order.verdict is Verdict.READY
    assert result.token_problem is None

    counter.handovers.confirm(number, counter.staff_id, result.proof)
    assert scalar(counter.db, "SELECT method FROM handover h JOIN orders o ON o.id = "
                              "h.order_id WHERE o.order_no = :n", n=number) == "token"


def test_a_valid_token_of_a_handed_over_order_shows_the_warning(counter: Counter) -> None:
    result = counter.handovers.lookup(demo_token(counter.db, order_no(counter,
                                                                 "state = 'handed_over'")))
    assert result.outcome is LookupOutcome.FOUND
    assert result.order is not None and result.order.verdict is Verdict.ALREADY_HANDED_OVER


def test_an_edited_real_code_is_tampered(counter: Counter) -> None:
    number = order_no(counter, READY)
    genuine = demo_token(counter.db, number)
    for edited in (edit_bytes(genuine, 4, b"\xf0\x00\x00\x00"),  # expiry pushed to 2097
                   edit_bytes(genuine, 12, b"XF03")):  # another station
        result = counter.handovers.lookup(edited)
        assert result.outcome is LookupOutcome.TOKEN_REJECTED
        assert result.token_problem is TokenProblem.TAMPERED
        assert result.shown == number
        assert result.order is None  # nothing to hand over on it


def test_a_made_up_code_is_forged(counter: Counter) -> None:
    result = counter.handovers.lookup(demo_forged_token())
    assert result.outcome is LookupOutcome.TOKEN_REJECTED
    assert result.token_problem is TokenProblem.FORGED
    assert result.order is None


def test_a_real_order_number_with_a_guessed_code_is_forged_not_tampered(
        counter: Counter) -> None:
    number = order_no(counter, READY)
    guessed = "000000" if code_of(counter, number) != "000000" else "111111"
    claims = PickupClaims(number, "XF01", guessed, FAR, DEMO_KEY_ID)
    forged = token_text(claims, STRANGER_KEY.sign(signed_message(claims)))
    assert counter.handovers.lookup(forged).token_problem is TokenProblem.FORGED


def test_a_genuine_token_whose_code_differs_from_the_order_is_refused(counter: Counter) -> None:
    number = order_no(counter, READY)
    wrong = "000000" if code_of(counter, number) != "000000" else "111111"
    with counter.db.writing() as session:
        store_key(session, trusted(NEW_KEY, datetime(2020, 1, 1, tzinfo=UTC)), HEAD_OFFICE,
                  datetime.now(UTC))
    text = sign_pickup_token(PickupClaims(number, "XF01", wrong, FAR, key_id(NEW_KEY)), NEW_KEY)
    result = counter.handovers.lookup(text)
    assert result.outcome is LookupOutcome.TOKEN_REJECTED
    assert result.token_problem is TokenProblem.FORGED


def test_an_overdue_order_s_token_has_expired(counter: Counter) -> None:
    number = order_no(counter, OVERDUE)
    result = counter.handovers.lookup(demo_token(counter.db, number))
    assert result.outcome is LookupOutcome.TOKEN_REJECTED
    assert result.token_problem is TokenProblem.EXPIRED
    assert result.shown == number
    assert counter.handovers.lookup(code_of(counter, number)).outcome is LookupOutcome.FOUND


def test_winding_the_clock_back_does_not_revive_an_expired_token(counter: Counter) -> None:
    number = order_no(counter, READY)
    text = demo_token(counter.db, number)
    deadline = scalar(counter.db, "SELECT holding_deadline FROM orders WHERE order_no = :n",
                      n=number)
    after = datetime.strptime(deadline, "%Y-%m-%dT%H:%M:%S.%fZ").replace(
        tzinfo=UTC) + timedelta(minutes=1)
    later = Handovers(counter.db, counter.station_id, "zh_CN", lambda: after)
    assert later.lookup(text).token_problem is TokenProblem.EXPIRED
    # Back to "now" on the PC clock: the counter remembers it has seen a later time.
    assert counter.handovers.lookup(text).token_problem is TokenProblem.EXPIRED


def test_another_station_s_token(counter: Counter) -> None:
    number = order_no(counter, "station_id = 'XF02'")
    result = counter.handovers.lookup(demo_token(counter.db, number))
    assert result.outcome is LookupOutcome.OTHER_STATION
    assert result.token_problem is TokenProblem.OTHER_STATION
    assert result.other_station == "XF02"
    assert result.order is None


def test_a_key_the_counter_has_not_received_then_has(counter: Counter) -> None:
    number = order_no(counter, READY)
    claims = PickupClaims(number, "XF01", code_of(counter, number), FAR, key_id(NEW_KEY))
    text = sign_pickup_token(claims, NEW_KEY)
    result = counter.handovers.lookup(text)
    assert result.outcome is LookupOutcome.TOKEN_REJECTED
    assert result.token_problem is TokenProblem.UNKNOWN_KEY
    assert result.shown == "QR"  # nothing vouches for the order number yet

    with counter.db.writing() as session:  # what a key pull from head office will do
        store_key(session, trusted(NEW_KEY, datetime(2020, 1, 1, tzinfo=UTC)), HEAD_OFFICE,
                  datetime.now(UTC))
    assert counter.handovers.lookup(text).outcome is LookupOutcome.FOUND


def test_a_genuine_token_for_an_order_not_here_yet(counter: Counter) -> None:
    with counter.db.writing() as session:
        store_key(session, trusted(NEW_KEY, datetime(2020, 1, 1, tzinfo=UTC)), HEAD_OFFICE,
                  datetime.now(UTC))
    text = sign_pickup_token(PickupClaims("XF01-991231-0001", "XF01", "123456", FAR,
                                          key_id(NEW_KEY)), NEW_KEY)
    result = counter.handovers.lookup(text)
    assert result.outcome is LookupOutcome.NOT_FOUND
    assert result.shown == "XF01-991231-0001"


def test_damaged_and_newer_tokens(counter: Counter) -> None:
    genuine = demo_token(counter.db, order_no(counter, READY))
    damaged = counter.handovers.lookup(genuine[:-10])
    assert damaged.outcome is LookupOutcome.TOKEN_REJECTED
    assert damaged.token_problem is TokenProblem.MALFORMED
    newer = counter.handovers.lookup("PT2." + genuine[4:])
    assert newer.token_problem is TokenProblem.UNSUPPORTED_VERSION


def test_every_token_scan_records_the_trusted_time(counter: Counter) -> None:
    assert scalar(counter.db, "SELECT count(*) FROM trusted_time") == 0
    counter.handovers.lookup("PT1.AAAA")
    assert scalar(counter.db, "SELECT count(*) FROM trusted_time") == 1


def test_demo_data_seeded_before_tokens_gets_the_demo_key(counter: Counter) -> None:
    from station_app.demo_data import seed_demo

    with counter.db.writing() as session:
        session.execute(text("DELETE FROM signing_key"))
    seed_demo(counter.db)
    assert scalar(counter.db, "SELECT origin FROM signing_key WHERE key_id = :k",
                  k=DEMO_KEY_ID) == "demo"


def test_token_is_authentic_only_for_genuine_tokens(counter: Counter) -> None:
    order = counter.handovers.lookup(pickup_code(counter.db, READY)).order
    assert order is not None
    order_no = order.order_no
    assert counter.handovers.token_is_authentic(demo_token(counter.db, order_no))
    assert not counter.handovers.token_is_authentic(demo_forged_token())
    assert not counter.handovers.token_is_authentic(order_no)
    assert not counter.handovers.token_is_authentic("PT1.\x00garbage")
