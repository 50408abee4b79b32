"""What every replayed fact shares: the held event, its outbox row, its movements, and the
rows it may name that this database does not hold yet (staff, products)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.domain.staff import Role
from station_app.domain.stock import MovementReason
from station_app.services.outbox import canonical_json
from station_app.services.stock_ledger import post_movement
from station_app.storage.models import CatalogueItem, OutboxEvent, Staff


@dataclass(frozen=True)
class HeldEvent:
    """One event as head office holds it: exactly what the station once pushed."""

    event_id: str
    station_seq: int
    type: str
    occurred_at: datetime
    payload: dict[str, Any]
    counter_no: int = 1  # the counter of the station that made it


class Stock(StrEnum):
    """Whether a replayed fact moves stock here.

    `MOVE` when the book is the one the fact was made against (a restored backup: the
    movements after it are exactly what is missing). `KEEP` when the book came from head
    office's balances, which already hold every movement (a replacement PC).
    """

    MOVE = "move"
    KEEP = "keep"


class NoteKind(StrEnum):
    """What a replay found worth telling a person (the sync client files them in F8)."""

    DOUBLE_HANDOVER = "double_handover"  # handed over here too after the backup
    NUMBER_TAKEN = "number_taken"  # a document number reused here after the backup
    NOT_REPLAYABLE = "not_replayable"  # a payload this version cannot read


@dataclass(frozen=True)
class ReplayNote:
    kind: NoteKind
    event_id: str
    message: str
    order_no: str | None = None


class NotReplayable(ValueError):
    """A payload missing what its type must carry; the event is kept, its rows are not."""


def at(payload: dict[str, Any], key: str) -> datetime:
    """An aware time from a payload (RFC 3339, as the services wrote it)."""
    try:
        moment = datetime.fromisoformat(str(payload[key]).replace("Z", "+00:00"))
    except (KeyError, ValueError) as error:
        raise NotReplayable(f"{key}: {error}") from None
    if moment.tzinfo is None:
        raise NotReplayable(f"{key} has no time zone")
    return moment


def field(payload: dict[str, Any], key: str) -> Any:
    try:
        return payload[key]
    except KeyError:
        raise NotReplayable(f"no {key}") from None


def keep_event(session: Session, station_id: str, event: HeldEvent, now: datetime,
               acked: bool = True) -> None:
    """The outbox row: acknowledged when head office holds it (so it is never sent again);
    not yet when another counter passed it on before head office had it."""
    session.add(OutboxEvent(event_id=event.event_id, station_id=station_id,
                            counter_no=event.counter_no, station_seq=event.station_seq,
                            type=event.type, occurred_at=event.occurred_at,
                            payload=canonical_json(event.payload),
                            acked_at=now if acked else None))
    session.flush()  # rows that name the event come next


def staff_id(session: Session, value: object) -> int | None:
    """A staff id from a payload, with a row for it: an account made after the backup (or on
    the old PC) gets an inactive placeholder until its own fact or a manager names it."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise NotReplayable(f"staff id {value!r}")
    known: set[int] = session.info.setdefault("replay_staff", set())
    if value in known:  # a replay of thousands of events asks about the same few people
        return value
    known.add(value)
    if session.get(Staff, value) is None:
        session.add(Staff(id=value, name=f"#{value}", role=Role.CLERK.value, active=False,
                          pin_hash=None, failed_pins=0))
        session.flush()
    return value


def sku(session: Session, code: str, price_fen: int = 0) -> str:
    """A product's row, held by its code until the catalogue pull fills in its name."""
    known: set[str] = session.info.setdefault("replay_skus", set())
    if code in known:
        return code
    known.add(code)
    if session.get(CatalogueItem, code) is None:
        session.add(CatalogueItem(sku=code, name=code, barcode=None, unit="",
                                  price_fen=price_fen))
        session.flush()
    return code


def move_stock(session: Session, payload: dict[str, Any], reference: str,
               staff: int | None, moment: datetime, stock: Stock) -> None:
    """The event's own movements, exactly as it states them."""
    if stock is Stock.KEEP:
        return
    for movement in payload.get("movements") or []:
        try:
            reason = MovementReason(movement["reason"])
            delta = int(movement["delta"])
            code = str(movement["sku"])
        except (KeyError, ValueError, TypeError) as error:
            raise NotReplayable(f"movement {movement!r}: {error}") from None
        post_movement(session, sku(session, code), delta, reason, reference, staff, moment)


def free_number(session: Session, column: Any, number: str, event: HeldEvent,
                notes: list[ReplayNote]) -> str:
    """`number` if no other row holds it, else the number marked as replayed.

    Documents are numbered per day from what the database holds, so a counter restored from
    a backup and used before it recovered can print a number the lost disk had already
    used. Both documents happened; the replayed one keeps its number with a mark, and a
    person is told.
    """
    if session.scalar(select(column).where(column == number)) is None:
        return number
    marked = f"{number}*"
    notes.append(ReplayNote(NoteKind.NUMBER_TAKEN, event.event_id,
                            f"{number} was used again here after the backup; the replayed "
                            f"document is kept as {marked}"))
    return marked[:32]


def staff_member(session: Session, staff: int, name: str, role: str, active: bool) -> None:
    """Who a staff id is (from a staff fact or head office's list). The PIN is this
    counter's alone: a member new here has none until they set it."""
    row = session.get(Staff, staff)
    if row is None:
        session.add(Staff(id=staff, name=name, role=role, active=active, pin_hash=None,
                          failed_pins=0))
    else:
        row.name, row.role, row.active = name, role, active
    session.flush()
