"""Head office's own use cases: stations, enrolment, catalogue, orders, signing keys,
manifests and answers to refund requests.

Each function is one write transaction; every change a station must learn about is appended
to the change log in that same transaction, so the data and its change commit together.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from station_app.security.token_format import PickupClaims
from station_app.security.token_signing import (
    generate_signing_key,
    key_id_for,
    raw_public_key,
    sign_pickup_token,
)
from sync.auth import new_secret
from sync.protocol import FINISHED_STATES
from sync.server.changelog import append_changes, lock_change_log
from sync.server.db import HeadOfficeDb, rows_updated
from sync.server.models import (
    CatalogueItem,
    Credential,
    EnrolmentCode,
    Manifest,
    Order,
    OrderLine,
    RefundRequest,
    SigningKey,
    Station,
)

ENROLMENT_CODE_TTL = timedelta(days=7)
# Unambiguous when read aloud or typed from paper: no 0/O, 1/I/L.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


class HeadOfficeError(Exception):
    """A request head office refuses; `code` is the protocol's error code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Enrolment:
    station_id: str
    station_name: str
    key_id: str
    secret: str
    counter_no: int = 1


def now_utc() -> datetime:
    return datetime.now(UTC)


def create_station(db: HeadOfficeDb, station_id: str, name: str) -> None:
    """Register a station. Raises HeadOfficeError("station_exists")."""
    with db.writing() as session:
        if session.get(Station, station_id) is not None:
            raise HeadOfficeError("station_exists", f"station {station_id} exists")
        session.add(Station(id=station_id, name=name, created_at=now_utc(),
                            acked_through_seq=0))


def new_enrolment_code(db: HeadOfficeDb, station_id: str,
                       overlap: timedelta = timedelta(0), counter_no: int = 1) -> str:
    """A one-time code (e.g. `K7QM-3XHP-VN9D`) a station exchanges for its key and secret.

    The key it gives is counter `counter_no`'s and retires that counter's earlier keys when it
    is first used, after `overlap` (none by default: a lost or stolen PC stops at once); the
    station's other counters keep theirs."""
    if not 1 <= counter_no <= 99:
        raise HeadOfficeError("bad_counter", "a counter is numbered 1 to 99")
    code = enrolment_code_text()
    now = now_utc()
    with db.writing() as session:
        if session.get(Station, station_id) is None:
            raise HeadOfficeError("unknown_station", f"no station {station_id}")
        session.add(EnrolmentCode(code_sha256=code_hash(code), station_id=station_id,
                                  created_at=now, expires_at=now + ENROLMENT_CODE_TTL,
                                  overlap_s=int(overlap.total_seconds()),
                                  counter_no=counter_no))
    return code


def enrol(db: HeadOfficeDb, code: str, request_id: str | None = None) -> Enrolment:
    """Spend an enrolment code on a new credential.

    `request_id` is the counter's, written down before it asked: the same code with the same
    request id, before the key was first used, answers the same key again (the counter
    crashed before it could store it). Raises HeadOfficeError `unknown_enrolment_code` or
    `enrolment_code_used` (used, cancelled or expired).
    """
    now = now_utc()
    asked = hashlib.sha256(request_id.encode("ascii")).hexdigest() if request_id else None
    with db.writing() as session:
        # The conditional UPDATE is the one-time guarantee: of two racing uses, one matches.
        spent = rows_updated(
            session, update(EnrolmentCode)
            .where(EnrolmentCode.code_sha256 == code_hash(code),
                   EnrolmentCode.used_at.is_(None), EnrolmentCode.cancelled_at.is_(None),
                   EnrolmentCode.expires_at > now)
            .values(used_at=now, request_sha256=asked))
        row = session.get(EnrolmentCode, code_hash(code))
        if row is None:
            raise HeadOfficeError("unknown_enrolment_code", "no such enrolment code")
        station = session.get(Station, row.station_id)
        assert station is not None  # foreign key
        if not spent:
            again = _same_request(session, row, asked)
            if again is None:
                raise HeadOfficeError("enrolment_code_used",
                                      "this enrolment code was used, cancelled or has expired")
            return Enrolment(station.id, station.name, again.key_id, again.secret,
                             again.counter_no)
        credential = Credential(key_id=secrets.token_hex(8), station_id=station.id,
                                secret=new_secret(), created_at=now, overlap_s=row.overlap_s,
                                counter_no=row.counter_no)
        session.add(credential)
        row.key_id = credential.key_id
        return Enrolment(station.id, station.name, credential.key_id, credential.secret,
                         credential.counter_no)


def _same_request(session: Session, row: EnrolmentCode, asked: str | None
                  ) -> Credential | None:
    """The credential a code already gave to this same request, while still unused."""
    if asked is None or row.request_sha256 != asked or row.key_id is None:
        return None
    credential = session.get(Credential, row.key_id)
    if credential is None or credential.first_used_at is not None or \
            credential.revoked_at is not None:
        return None
    return credential


def cancel_enrolment_code(db: HeadOfficeDb, code: str) -> None:
    """Cancel an unused code (printed but not wanted, or photographed by someone else).
    Raises HeadOfficeError for an unknown code or one already used."""
    with db.writing() as session:
        row = session.get(EnrolmentCode, code_hash(code))
        if row is None:
            raise HeadOfficeError("unknown_enrolment_code", "no such enrolment code")
        if row.used_at is not None:
            raise HeadOfficeError("enrolment_code_used",
                                  f"this code was used already (key {row.key_id}): revoke "
                                  f"that key instead")
        row.cancelled_at = row.cancelled_at or now_utc()


@dataclass(frozen=True)
class KeyInfo:
    key_id: str
    station_id: str
    created_at: datetime
    first_used_at: datetime | None
    revoked_at: datetime | None

    def state(self, now: datetime) -> str:
        if self.revoked_at is not None and self.revoked_at <= now:
            return "revoked"
        if self.revoked_at is not None:
            return "retiring"
        return "in use" if self.first_used_at is not None else "not used yet"


def list_keys(db: HeadOfficeDb, station_id: str | None = None) -> list[KeyInfo]:
    """Station keys, newest first (never their secrets)."""
    with db.reading() as session:
        query = select(Credential).order_by(Credential.created_at.desc())
        if station_id is not None:
            query = query.where(Credential.station_id == station_id)
        return [KeyInfo(c.key_id, c.station_id, c.created_at, c.first_used_at, c.revoked_at)
                for c in session.scalars(query)]


def revoke_key(db: HeadOfficeDb, key_id: str) -> KeyInfo:
    """Retire a key at once: its next request is refused `key_revoked` (401) and the counter
    shows that it is no longer enrolled. Raises HeadOfficeError for an unknown key."""
    now = now_utc()
    with db.writing() as session:
        credential = session.get(Credential, key_id)
        if credential is None:
            raise HeadOfficeError("unknown_key", f"no key {key_id}")
        if credential.revoked_at is None or credential.revoked_at > now:
            credential.revoked_at = now
        return KeyInfo(credential.key_id, credential.station_id, credential.created_at,
                       credential.first_used_at, credential.revoked_at)


def upsert_catalogue(db: HeadOfficeDb,
                     items: Sequence[tuple[str, str, str, int, str | None]]) -> int:
    """(sku, name, unit, price_fen, barcode) rows; publishes only rows that changed."""
    now = now_utc()
    with db.writing() as session:
        lock_change_log(session)  # also serialises two upserts of the same new SKU
        changed = []
        for sku, name, unit, price, barcode in items:
            data = {"sku": sku, "name": name, "barcode": barcode, "unit": unit,
                    "price_fen": price}
            row = session.get(CatalogueItem, sku)
            if row is None:
                session.add(CatalogueItem(**data))
            elif (row.name, row.unit, row.price_fen, row.barcode) == (name, unit, price,
                                                                       barcode):
                continue
            else:
                row.name, row.unit, row.price_fen, row.barcode = name, unit, price, barcode
            changed.append((None, sku, data))
        return append_changes(session, "catalogue", changed, now)


def order_data(order: dict[str, Any], lines: list[dict[str, Any]]) -> dict[str, Any]:
    """The `orders` stream's data for an order row and its line rows. A finished order
    travels without the resident's name, phone and code: nobody collects it any more."""
    finished = order["state"] in FINISHED_STATES
    finished_at = order.get("finished_at")
    return {
        "order_no": order["order_no"], "station_id": order["station_id"],
        "pickup_code": "" if finished else order["pickup_code"],
        "masked_phone": "" if finished else order["masked_phone"],
        "phone_tail": "" if finished else order["phone_tail"],
        "customer_name": "" if finished else order["customer_name"],
        "slot": order["slot"], "state": order["state"],
        "holding_deadline": _rfc3339(order["holding_deadline"]),
        "created_at": _rfc3339(order["created_at"]),
        "finished_at": _rfc3339(finished_at) if finished_at else None,
        "lines": [{"line_no": line["line_no"], "sku": line["sku"],
                   "quantity": line["quantity"], "unit_price_fen": line["unit_price_fen"]}
                  for line in lines],
    }


def add_orders(session: Session, orders: Sequence[tuple[dict[str, Any], list[dict[str, Any]]]],
               now: datetime) -> None:
    """Bulk-insert new orders (row dict, line dicts) and publish them, in the caller's
    transaction. Line dicts carry line_no, sku, quantity, unit_price_fen."""
    session.execute(insert(Order), [order for order, _ in orders])
    session.execute(insert(OrderLine), [dict(line, order_no=order["order_no"])
                                        for order, lines in orders for line in lines])
    append_changes(session, "orders", [(order["station_id"], order["order_no"],
                                        order_data(order, lines)) for order, lines in orders],
                   now)


def cancel_order(db: HeadOfficeDb, order_no: str, reason: str) -> None:
    """Cancel an order and tell its station. Raises HeadOfficeError for an unknown order."""
    now = now_utc()
    with db.writing() as session:
        order = session.get(Order, order_no)
        if order is None:
            raise HeadOfficeError("unknown_order", f"no order {order_no}")
        if order.cancelled_at is not None:
            return
        order.cancelled_at = now
        append_changes(session, "cancellations", [(order.station_id, order_no, {
            "order_no": order_no, "cancelled_at": _rfc3339(now), "reason": reason})], now)
        if order.state not in FINISHED_STATES:
            # The orders stream tells it too, so a counter pulling from the start never
            # meets it as ready (its cancellation may be older than the counter's cursor).
            order.state, order.finished_at = "cancelled", now
            lines = [{"line_no": line.line_no, "sku": line.sku, "quantity": line.quantity,
                      "unit_price_fen": line.unit_price_fen} for line in session.scalars(
                select(OrderLine).where(OrderLine.order_no == order_no)
                .order_by(OrderLine.line_no))]
            append_changes(session, "orders", [(order.station_id, order_no, order_data(
                {column.key: getattr(order, column.key) for column in Order.__table__.c},
                lines))], now)


def rotate_key(db: HeadOfficeDb, old_valid_for: timedelta = timedelta(days=3)) -> str:
    """Make a new signing key current; earlier open-ended keys stay valid for `old_valid_for`
    (tokens already on residents' phones keep working). Returns the new key id."""
    now = now_utc()
    private = generate_signing_key()
    raw_private = private.private_bytes_raw()
    public = raw_public_key(private.public_key())
    key_id = key_id_for(public)
    with db.writing() as session:
        changes = []
        for old in session.scalars(select(SigningKey).where(SigningKey.not_after.is_(None))):
            old.not_after = now + old_valid_for
            changes.append((None, old.key_id, _key_data(old)))
        key = SigningKey(key_id=key_id, private_key=raw_private, public_key=public,
                         not_before=now - timedelta(minutes=5), not_after=None, created_at=now)
        session.add(key)
        changes.append((None, key_id, _key_data(key)))
        append_changes(session, "signing_keys", changes, now)
    return key_id


def current_key(db: HeadOfficeDb) -> tuple[str, Ed25519PrivateKey]:
    """The newest signing key, made on first use."""
    with db.reading() as session:
        key = session.scalar(select(SigningKey).order_by(SigningKey.created_at.desc()).limit(1))
    if key is None:
        rotate_key(db)
        return current_key(db)
    return key.key_id, Ed25519PrivateKey.from_private_bytes(key.private_key)


def issue_token(db: HeadOfficeDb, order_no: str) -> str:
    """The signed pickup token (QR text) for an order, valid to its holding deadline."""
    key_id, private = current_key(db)
    with db.reading() as session:
        order = session.get(Order, order_no)
        if order is None:
            raise HeadOfficeError("unknown_order", f"no order {order_no}")
        claims = PickupClaims(order.order_no, order.station_id, order.pickup_code,
                              order.holding_deadline, key_id)
    return sign_pickup_token(claims, private)


def _key_data(key: SigningKey) -> dict[str, Any]:
    return {"key_id": key.key_id, "public_key": base64.b64encode(key.public_key).decode(),
            "not_before": _rfc3339(key.not_before),
            "not_after": _rfc3339(key.not_after) if key.not_after else None}


def enrolment_code_text() -> str:
    """A fresh random code, e.g. `K7QM-3XHP-VN9D`."""
    return "-".join("".join(secrets.choice(_CODE_ALPHABET) for _ in range(4)) for _ in range(3))


def code_hash(code: str) -> str:
    normalised = code.strip().upper().replace("-", "").replace(" ", "")
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def publish_manifest(session: Session, station_id: str, manifest_no: str, delivery_date: str,
                     lines: Sequence[dict[str, Any]], order_nos: Sequence[str],
                     now: datetime) -> None:
    """Publish a delivery list to its station (manifests stream), in the caller's transaction.
    Lines carry sku, quantity and optionally carton_code and carton_units."""
    data = {"manifest_no": manifest_no, "station_id": station_id,
            "delivery_date": delivery_date, "lines": [dict(line) for line in lines],
            "order_nos": list(order_nos)}
    session.add(Manifest(manifest_no=manifest_no, station_id=station_id,
                         delivery_date=delivery_date,
                         data=json.dumps(data, ensure_ascii=False), published_at=now))
    append_changes(session, "manifests", [(station_id, manifest_no, data)], now)


def answer_refund(db: HeadOfficeDb, request_no: str, decision: str, note: str = "",
                  station_id: str | None = None) -> None:
    """Approve or reject a station's refund request and tell the station (after_sales stream).

    Request numbers are the station's own: `station_id` says whose when two stations used
    the same number. Raises HeadOfficeError for an unknown or ambiguous request, a bad
    decision, or a request already answered differently; answering the same way again
    changes nothing.
    """
    if decision not in ("approved", "rejected"):
        raise HeadOfficeError("bad_decision", "decision must be approved or rejected")
    now = now_utc()
    with db.writing() as session:
        query = select(RefundRequest).where(RefundRequest.request_no == request_no)
        if station_id is not None:
            query = query.where(RefundRequest.station_id == station_id)
        found = session.scalars(query.limit(2)).all()
        if len(found) > 1:
            raise HeadOfficeError("ambiguous_request", f"several stations use {request_no}: "
                                                       f"name the station (--station)")
        request = found[0] if found else None
        if request is None:
            raise HeadOfficeError("unknown_request", f"no refund request {request_no}")
        if request.decision is not None:
            if request.decision != decision:
                raise HeadOfficeError("already_answered",
                                      f"{request_no} was already {request.decision}")
            return
        request.decision, request.note, request.answered_at = decision, note, now
        append_changes(session, "after_sales", [(request.station_id, request_no, {
            "request_no": request_no, "order_no": request.order_no, "decision": decision,
            "note": note, "answered_at": _rfc3339(now)})], now)


def open_refund_requests(db: HeadOfficeDb, station_id: str | None = None
                         ) -> list[dict[str, Any]]:
    """Refund requests still waiting for a decision, oldest first."""
    with db.reading() as session:
        query = select(RefundRequest).where(RefundRequest.decision.is_(None))
        if station_id is not None:
            query = query.where(RefundRequest.station_id == station_id)
        return [{"request_no": r.request_no, "station_id": r.station_id,
                 "order_no": r.order_no, "sku": r.sku, "quantity": r.quantity,
                 "source": r.source, "reason": r.reason,
                 "requested_at": _rfc3339(r.requested_at)}
                for r in session.scalars(query.order_by(RefundRequest.requested_at))]
