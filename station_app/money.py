"""Money is integer fen everywhere; this is the one place that turns it into text."""

from __future__ import annotations


def format_fen(fen: int, symbol: str = "￥") -> str:
    """`1250` → `￥12.50`. The full-width yen is in GBK, so receipts and screens agree."""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    return f"{sign}{symbol}{yuan}.{cents:02d}"
