"""Money as text: typed amounts read back to fen, and cash differences said with their sign."""

from __future__ import annotations

import pytest

from station_app.money import Difference, difference_of, format_difference, parse_yuan


@pytest.mark.parametrize(("typed", "fen"), [("100", 10_000), ("12.5", 1250), ("￥0.05", 5),
                                            ("¥12.50", 1250), ("1,000", 100_000),
                                            ("-3", None), ("1.234", None), ("abc", None),
                                            ("", None), ("12345678", None)])
def test_typed_amounts(typed: str, fen: int | None) -> None:
    assert parse_yuan(typed) == fen


@pytest.mark.parametrize(("fen", "kind", "zh", "en"), [
    (1180, Difference.OVER, "长款 ￥11.80", "over ￥11.80"),  # counted more than expected
    (-1180, Difference.SHORT, "短款 ￥11.80", "short ￥11.80"),
    (-5, Difference.SHORT, "短款 ￥0.05", "short ￥0.05"),
    (0, Difference.EVEN, "￥0.00", "￥0.00"),
])
def test_a_cash_difference_says_which_way_the_drawer_is_out(fen: int, kind: Difference,
                                                            zh: str, en: str) -> None:
    assert difference_of(fen) is kind
    assert (format_difference(fen, "zh_CN"), format_difference(fen, "en")) == (zh, en)
