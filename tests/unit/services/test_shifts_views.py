"""The cash count the shift desk shows and `Shifts.close` records, from one place
(services/shifts_views.py: DrawerCount), and the pieces as typed at the count."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from station_app.counter import Counter
from station_app.money import cash_difference_fen
from station_app.services.shifts import DENOMINATIONS, Shifts
from station_app.services.shifts_views import MAX_PIECES, DrawerCount, parse_pieces

CLERK = 1
NOON = datetime(2026, 11, 25, 4, 0, tzinfo=UTC)


def test_a_count_adds_up_denomination_times_pieces() -> None:
    empty = DrawerCount()
    assert set(empty.pieces) == set(DENOMINATIONS) and empty.total_fen == 0
    # 3 × ￥100 + 2 × ￥20 + 1 × ￥5 + 4 × ￥1 + 1 × ￥0.5 + 4 × ￥0.1 = ￥349.90
    count = empty
    for denomination, pieces in ((10000, 3), (2000, 2), (500, 1), (100, 4), (50, 1), (10, 4)):
        count = count.with_pieces(denomination, pieces)
    assert count.total_fen == 34_990
    assert (count.of(2000), count.amount_fen(2000), count.amount_fen(5000)) == (2, 4000, 0)
    assert empty.total_fen == 0  # each change made a new count
    assert count.with_pieces(10000, 0).total_fen == 4_990  # typed again: replaced, not added


def test_the_difference_is_counted_minus_expected() -> None:
    count = DrawerCount({10000: 1, 1000: 1, 100: 1, 10: 8})  # ￥111.80
    assert count.variance_fen(10_000) == cash_difference_fen(11_180, 10_000) == 1_180  # over
    assert count.variance_fen(12_000) == -820  # short
    assert count.variance_fen(11_180) == 0


@pytest.mark.parametrize(("typed", "pieces"), [("0", 0), ("7", 7), (" 12 ", 12),
                                               (str(MAX_PIECES), MAX_PIECES),
                                               (str(MAX_PIECES + 1), None), ("-1", None),
                                               ("1.5", None), ("abc", None), ("", None)])
def test_pieces_as_typed(typed: str, pieces: int | None) -> None:
    assert parse_pieces(typed) == pieces


def test_the_close_records_the_count_the_desk_showed(counter: Counter) -> None:
    shifts = Shifts(counter.db, counter.station_id, lambda: NOON)
    shift_no = shifts.open(CLERK, 10_000).shift_no
    shown = DrawerCount().with_pieces(10000, 1).with_pieces(500, 1).with_pieces(10, 8)
    closed = shifts.close(shift_no, CLERK, shown.pieces).shift
    assert closed.counted_cash_fen == shown.total_fen == 10_580
    assert closed.variance_fen == shown.variance_fen(closed.expected_cash_fen) == 580
    assert closed.counts == {10000: 1, 500: 1, 10: 8}  # the empty rows are not recorded
