"""Head office's tables. Their own metadata: nothing here is shared with the station's schema.

The tables are made and changed only by head office's Alembic history (sync/server/migrate.py,
`station-headoffice migrate`): a change here needs a new revision in migrations/versions/, and
tests/sync/test_server_schema.py fails until the migrated schema matches these models.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC in, aware UTC out, on SQLite (which has no time zones) as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: head office stores UTC only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL gets a 64-bit identity.
BigId = BigInteger().with_variant(Integer, "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData()


def table_of(model: type[Base]) -> Table:
    """A model's Table, for Core statements (declarative types `__table__` as any FromClause:
    a class may be mapped to a join or a subquery, ours never are)."""
    table = model.__table__
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not mapped to a table")
    return table


class Meta(Base):
    """Facts about this database itself, e.g. its epoch (stamped into cursors)."""

    __tablename__ = "ho_meta"
    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class Station(Base):
    __tablename__ = "ho_stations"
    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Highest n with every event 1..n held: kept here so a push walks only the new events.
    acked_through_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    # The station's holding period (from its `holding_period.set` facts): a replacement PC
    # starts with it.
    holding_days: Mapped[int] = mapped_column(Integer, default=3)


class CounterWatermark(Base):
    """A station's second and later counters: every event 1..n of theirs held (counter 1's
    is `Station.acked_through_seq`)."""

    __tablename__ = "ho_counters"
    station_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    counter_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    acked_through_seq: Mapped[int] = mapped_column(BigInteger, default=0)


class Credential(Base):
    __tablename__ = "ho_credentials"
    key_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    station_id: Mapped[str] = mapped_column(ForeignKey("ho_stations.id"))
    secret: Mapped[str] = mapped_column(String(64))  # base64; HMAC needs the secret itself
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # A key stops working at revoked_at (now, or later: the overlap a re-enrolment asked for).
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    # The first request signed with this key. Re-enrolment retires the station's earlier keys
    # then, not when the code is spent: a counter that crashed while enrolling keeps working
    # on its old key until the new one is really in use.
    first_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    # Seconds the earlier keys keep working after this one's first use (0: none).
    overlap_s: Mapped[int] = mapped_column(Integer, default=0)
    counter_no: Mapped[int] = mapped_column(Integer, default=1)  # which counter of the station


class EnrolmentCode(Base):
    __tablename__ = "ho_enrolment_codes"
    # Only the hash is kept: a leaked database does not hand out unused codes.
    code_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    station_id: Mapped[str] = mapped_column(ForeignKey("ho_stations.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    # The counter's request id (hashed) and the key it got: the same request again, before
    # the key was first used, gets the same key (a counter that crashed while enrolling).
    request_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    key_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    overlap_s: Mapped[int] = mapped_column(Integer, default=0)  # copied to the credential
    counter_no: Mapped[int] = mapped_column(Integer, default=1)  # the counter it enrols


class ChangeLogEntry(Base):
    """The committed change log the pull cursors point into (see changelog.py)."""

    __tablename__ = "ho_change_log"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    stream: Mapped[str] = mapped_column(String(32))
    station_id: Mapped[str | None] = mapped_column(String(16), nullable=True)  # None: everyone
    ref: Mapped[str] = mapped_column(String(64))  # sku, order number, key id…
    data: Mapped[str] = mapped_column(Text)  # the change's JSON, exactly as pulled
    committed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    __table_args__ = (Index("ix_ho_change_log_stream_id", "stream", "id"),
                      # a station's pull, and the newest change of one thing (compaction)
                      Index("ix_ho_change_log_stream_station_id", "stream", "station_id", "id"),
                      Index("ix_ho_change_log_stream_station_ref", "stream", "station_id",
                            "ref"))


class PullPosition(Base):
    """How far a station has pulled a per-station stream, as its own cursors say: a cursor a
    station sends back is one it stored after applying the page, so every change up to it is
    acknowledged. Change-log retention (pruning.py) removes only what is acknowledged here;
    `pruned_through` is the newest change removed, and a cursor before it (a restored backup)
    is answered reset_required."""

    __tablename__ = "ho_pull_positions"
    station_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    stream: Mapped[str] = mapped_column(String(32), primary_key=True)
    position: Mapped[int] = mapped_column(BigInteger, default=0)
    pruned_through: Mapped[int] = mapped_column(BigInteger, default=0)
    pulled_at: Mapped[datetime] = mapped_column(UtcDateTime)  # when it last pulled this stream


class CatalogueItem(Base):
    __tablename__ = "ho_catalogue"
    sku: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    barcode: Mapped[str | None] = mapped_column(String(32), nullable=True)
    unit: Mapped[str] = mapped_column(String(16))
    price_fen: Mapped[int] = mapped_column(BigInteger)


class Order(Base):
    __tablename__ = "ho_orders"
    order_no: Mapped[str] = mapped_column(String(32), primary_key=True)
    station_id: Mapped[str] = mapped_column(ForeignKey("ho_stations.id"), index=True)
    pickup_code: Mapped[str] = mapped_column(String(6))
    masked_phone: Mapped[str] = mapped_column(String(20))
    phone_tail: Mapped[str] = mapped_column(String(4))
    customer_name: Mapped[str] = mapped_column(String(100))
    slot: Mapped[str | None] = mapped_column(String(16), nullable=True)
    state: Mapped[str] = mapped_column(String(16))
    holding_deadline: Mapped[datetime] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    handed_over_event_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    # The resident's name, phone and code erased after the retention (retention.py).
    personal_data_erased_at: Mapped[datetime | None] = mapped_column(UtcDateTime,
                                                                     nullable=True)


class OrderLine(Base):
    __tablename__ = "ho_order_lines"
    order_no: Mapped[str] = mapped_column(ForeignKey("ho_orders.order_no"), primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    sku: Mapped[str] = mapped_column(String(32))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price_fen: Mapped[int] = mapped_column(BigInteger)


class SigningKey(Base):
    __tablename__ = "ho_signing_keys"
    key_id: Mapped[str] = mapped_column(String(8), primary_key=True)
    # Reference server only: a real head office keeps the private key in an HSM or KMS.
    private_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    public_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    not_before: Mapped[datetime] = mapped_column(UtcDateTime)
    not_after: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ReceivedEvent(Base):
    """Every event a station pushed and head office holds, applied or rejected."""

    __tablename__ = "ho_events"
    event_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station_id: Mapped[str] = mapped_column(String(16))
    counter_no: Mapped[int] = mapped_column(Integer, default=1)  # numbers are per counter
    station_seq: Mapped[int] = mapped_column(BigInteger)
    type: Mapped[str] = mapped_column(String(64))
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    payload: Mapped[str] = mapped_column(Text)  # verbatim JSON as received
    status: Mapped[str] = mapped_column(String(16))  # applied | rejected
    code: Mapped[str | None] = mapped_column(String(64), nullable=True)
    message: Mapped[str | None] = mapped_column(String(500), nullable=True)
    __table_args__ = (Index("ix_ho_events_station_seq", "station_id", "station_seq"),
                      Index("ix_ho_events_counter_seq", "station_id", "counter_no",
                            "station_seq"))


class StockMovement(Base):
    """Head office's stock ledger: stock is the sum of these, never a stored quantity."""

    __tablename__ = "ho_stock_movements"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    station_id: Mapped[str] = mapped_column(String(16))
    sku: Mapped[str] = mapped_column(String(32))
    delta: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(32))
    event_id: Mapped[str] = mapped_column(String(36))
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    __table_args__ = (Index("ix_ho_stock_station_sku", "station_id", "sku"),)


class Nonce(Base):
    __tablename__ = "ho_nonces"
    key_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    nonce: Mapped[str] = mapped_column(String(128), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


class IdempotentAnswer(Base):
    __tablename__ = "ho_idempotency"
    station_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    body_sha256: Mapped[str] = mapped_column(String(64))
    answer: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)  # pruning


class SequenceGap(Base):
    """An alarm: a station sent events after a hole in its sequence. Closed when filled."""

    __tablename__ = "ho_sequence_gaps"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    station_id: Mapped[str] = mapped_column(String(16), index=True)
    counter_no: Mapped[int] = mapped_column(Integer, default=1)
    gap_after_seq: Mapped[int] = mapped_column(BigInteger)
    next_held_seq: Mapped[int] = mapped_column(BigInteger)
    detected_at: Mapped[datetime] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class DayClose(Base):
    __tablename__ = "ho_day_closes"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    station_id: Mapped[str] = mapped_column(String(16), index=True)
    business_day: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(16))
    first_seq: Mapped[int] = mapped_column(BigInteger)
    last_seq: Mapped[int] = mapped_column(BigInteger)
    checked_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Manifest(Base):
    """A delivery list head office published to a station, and whether it was received."""

    __tablename__ = "ho_manifests"
    manifest_no: Mapped[str] = mapped_column(String(40), primary_key=True)
    station_id: Mapped[str] = mapped_column(ForeignKey("ho_stations.id"), index=True)
    delivery_date: Mapped[str] = mapped_column(String(10))
    data: Mapped[str] = mapped_column(Text)  # the published ManifestData JSON
    published_at: Mapped[datetime] = mapped_column(UtcDateTime)
    received_event_id: Mapped[str | None] = mapped_column(String(36), nullable=True)


class RefundRequest(Base):
    """A station's after-sales case, waiting for head office's decision."""

    __tablename__ = "ho_refund_requests"
    # Numbers are the station's own: unique per station, so one station cannot take
    # another's number first and have the genuine request refused.
    station_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    request_no: Mapped[str] = mapped_column(String(40), primary_key=True)
    order_no: Mapped[str] = mapped_column(String(32))
    sku: Mapped[str] = mapped_column(String(32))
    quantity: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(200))
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime)
    event_id: Mapped[str] = mapped_column(String(36))
    decision: Mapped[str | None] = mapped_column(String(16), nullable=True)
    note: Mapped[str | None] = mapped_column(String(300), nullable=True)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class LostSeqs(Base):
    """Event numbers a station recorded on a disk that is gone and never sent, as it declared
    after recovering: the watermark passes them instead of waiting for ever."""

    __tablename__ = "ho_lost_seqs"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    station_id: Mapped[str] = mapped_column(String(16), index=True)
    from_seq: Mapped[int] = mapped_column(BigInteger)
    to_seq: Mapped[int] = mapped_column(BigInteger)
    declared_at: Mapped[datetime] = mapped_column(UtcDateTime)
    key_id: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(String(200))


class StaffMember(Base):
    """A station's staff as its `staff.changed` facts describe them (never a PIN or its
    hash): a replacement PC starts with the same people, who set their PINs again."""

    __tablename__ = "ho_staff"
    station_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    staff_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Notice(Base):
    """A message to a resident about an order (ready, overdue reminder) waiting in head office's
    notification outbox, and how its delivery went (notices.py, notice_dispatch.py)."""

    __tablename__ = "ho_notices"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    # Sent as Notice-Id with every attempt: the far side drops a delivery it already has.
    notice_id: Mapped[str] = mapped_column(String(36), unique=True)
    station_id: Mapped[str] = mapped_column(String(16), index=True)
    order_no: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(24))  # ready | overdue_reminder
    # Which change of the order this notice is for ("ready", "reminded:2026-12-07"): with
    # order_no and kind unique, so an event delivered twice or late makes no second notice.
    change_key: Mapped[str] = mapped_column(String(40))
    event_id: Mapped[str] = mapped_column(String(36))  # the fact that made it
    state: Mapped[str] = mapped_column(String(16))  # pending | sent | failed | skipped
    text: Mapped[str] = mapped_column(Text)  # personal data (the pickup code): erased later
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # When a dispatcher may take it: due now, after a back-off, or after a claim's lease.
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    last_error: Mapped[str | None] = mapped_column(String(200), nullable=True)
    text_erased_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    __table_args__ = (UniqueConstraint("order_no", "kind", "change_key",
                                       name="uq_ho_notices_order_change"),
                      # order_no leads the unique index: retention finds an order's notices
                      Index("ix_ho_notices_due", "state", "next_attempt_at"))
