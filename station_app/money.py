"""Money is integer fen everywhere; this is the one place that turns it into text and back."""

from __future__ import annotations

import re
from decimal import Decimal
from enum import StrEnum

from station_app.paper_words import QT_TRANSLATE_NOOP


def format_fen(fen: int, symbol: str = "￥") -> str:
    """`1250` → `￥12.50`. The full-width yen is in GBK, so receipts and screens agree."""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    return f"{sign}{symbol}{yuan}.{cents:02d}"


def parse_yuan(text: str) -> int | None:
    """`100`, `12.5`, `￥12.50`, `1,000` as typed by staff → fen; None for anything else
    (negative, three decimals, words, more than ¥9,999,999.99)."""
    cleaned = text.strip().lstrip("¥￥").replace(",", "")
    if not re.fullmatch(r"\d{1,7}(\.\d{1,2})?", cleaned):
        return None
    return int(Decimal(cleaned) * 100)


def round_half_up(numerator: int, denominator: int) -> int:
    """`numerator / denominator` to the nearest whole fen, halves up (denominator above 0):
    the rounding of a refund's share of a discount (services/sales_views.py: quote_refund)."""
    return (2 * numerator + denominator) // (2 * denominator)


class Difference(StrEnum):
    """A cash count against the expected cash, as cashiers say it."""

    OVER = "over"  # 长款: more in the drawer than expected
    SHORT = "short"  # 短款: less in the drawer than expected
    EVEN = "even"


_DIFFERENCE_WORDS = {Difference.OVER: QT_TRANSLATE_NOOP("paper: cash difference", "over"),
                     Difference.SHORT: QT_TRANSLATE_NOOP("paper: cash difference", "short")}


def cash_difference_fen(counted_fen: int, expected_fen: int) -> int:
    """Counted − expected: above 0 the drawer is over (长款), below 0 short (短款)."""
    return counted_fen - expected_fen


def difference_of(counted_minus_expected_fen: int) -> Difference:
    if counted_minus_expected_fen > 0:
        return Difference.OVER
    return Difference.SHORT if counted_minus_expected_fen < 0 else Difference.EVEN


def format_difference(counted_minus_expected_fen: int, language: str) -> str:
    """`1180` → `长款 ￥11.80` / `over ￥11.80`; `-1180` → `短款 ￥11.80` / `short ￥11.80`;
    `0` → `￥0.00`. A bare "差额 ¥11.80" leaves staff to guess which way the drawer is out."""
    kind = difference_of(counted_minus_expected_fen)
    amount = format_fen(abs(counted_minus_expected_fen))
    if kind is Difference.EVEN:
        return amount
    return f"{_DIFFERENCE_WORDS[kind].in_language(language)} {amount}"
