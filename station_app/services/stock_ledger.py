"""The stock ledger: every change is an appended movement, the balance follows in step."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from station_app.domain.stock import MovementReason
from station_app.storage.models import StockBalance, StockMovement


def post_movement(session: Session, sku: str, delta: int, reason: MovementReason,
                  reference: str, staff_id: int | None, at: datetime) -> StockMovement:
    """Append one movement and move the balance with it, in the caller's transaction."""
    balance = session.get(StockBalance, sku)
    if balance is None:
        balance = StockBalance(sku=sku, quantity=0, updated_at=at)
        session.add(balance)
    balance.quantity += delta
    balance.updated_at = at
    movement = StockMovement(
        sku=sku,
        delta=delta,
        balance_after=balance.quantity,
        reason=reason.value,
        reference=reference,
        staff_id=staff_id,
        occurred_at=at,
    )
    session.add(movement)
    return movement
