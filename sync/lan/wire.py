"""What counters of one station say to each other on the LAN, and how it is signed.

One request: `GET /v1/lan/events?after=<marks>&wait=<s>` asks a counter for what it holds
beyond the asker's marks (`1:40,2:17`: counter 1's events through 40, counter 2's through 17),
waiting up to `wait` seconds for something new (a long poll: a handover at one counter shows
at the other within a second, without polling the LAN every few milliseconds).

Both directions are signed with the station's LAN secret (HMAC-SHA256, the canonical text of
`sync.auth`): a request by its headers, an answer by `X-Signature` over the request's nonce,
the answering counter and the answer's bytes. So a PC that does not hold the secret can neither
ask nor answer, an answer cannot be replayed to another request, and a counter of another
station (another secret, another station id) is refused on both sides.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from station_app.services.exchange import MAX_COUNTERS, PAGE_EVENTS, CounterEvent, Marks
from sync.auth import signature, signature_matches

PATH = "/v1/lan/events"
PATH_COPY = "/v1/lan/copy"  # a new counter joining: the whole database, once
H_COUNTER = "X-Counter"
H_LISTENS_ON = "X-Listens-On"  # the asker's own port: the answering counter asks it back
H_ANSWER_SIGNATURE = "X-Answer-Signature"
MAX_WAIT_S = 20.0
MAX_ANSWER_BYTES = 16 * 1024 * 1024  # a full page of events is well under 2 MiB
_MARKS = re.compile(r"(?:\d{1,2}:\d{1,12}(?:,\d{1,2}:\d{1,12})*)?")


class LanRefused(ValueError):
    """A request or an answer that is not from a counter of this station, or not readable.
    `code` is logged and, for a request, answered: `bad_request`, `bad_signature`,
    `clock_skew`, `replay`, `wrong_station`, `bad_answer`."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


def format_marks(marks: Marks) -> str:
    return ",".join(f"{counter}:{top}" for counter, top in sorted(marks.items()))


def parse_marks(text: str) -> Marks:
    if not _MARKS.fullmatch(text):
        raise LanRefused("bad_request", f"marks {text[:40]!r}")
    marks: Marks = {}
    for pair in filter(None, text.split(",")):
        counter, top = (int(part) for part in pair.split(":"))
        if not 1 <= counter <= MAX_COUNTERS:
            raise LanRefused("bad_request", f"counter {counter}")
        marks[counter] = top
    return marks


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WireEvent(_Strict):
    event_id: str = Field(min_length=1, max_length=36)
    counter_no: int = Field(ge=1, le=MAX_COUNTERS)
    station_seq: int = Field(ge=1)
    type: str = Field(min_length=1, max_length=40)
    occurred_at: datetime
    payload: dict[str, Any]
    acked: bool


class Answer(_Strict):
    station_id: str = Field(min_length=1, max_length=16)
    counter_no: int = Field(ge=1, le=MAX_COUNTERS)
    marks: dict[int, int]  # what the answering counter holds (the asker sees how far behind)
    acked: dict[int, int]  # … and what of it head office holds
    events: list[WireEvent] = Field(max_length=PAGE_EVENTS)


@dataclass(frozen=True)
class Page:
    """An answer, read and checked: ready for `Exchange.apply`."""

    station_id: str
    counter_no: int
    marks: Marks
    acked: Marks
    events: list[CounterEvent]


def answer_bytes(station_id: str, counter_no: int, marks: Marks, acked: Marks,
                 events: list[CounterEvent]) -> bytes:
    body = {"station_id": station_id, "counter_no": counter_no,
            "marks": {str(k): v for k, v in marks.items()},
            "acked": {str(k): v for k, v in acked.items()},
            "events": [{"event_id": e.event_id, "counter_no": e.counter_no,
                        "station_seq": e.station_seq, "type": e.type,
                        "occurred_at": e.occurred_at.isoformat(), "payload": e.payload,
                        "acked": e.acked} for e in events]}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def read_answer(body: bytes, station_id: str) -> Page:
    """Parse an answer; LanRefused (`bad_answer`, `wrong_station`) when it is not one."""
    try:
        answer = Answer.model_validate_json(body)
    except ValidationError as error:
        raise LanRefused("bad_answer", str(error.errors()[0])[:200]) from None
    if answer.station_id != station_id:
        raise LanRefused("wrong_station", f"an answer for station {answer.station_id}")
    if any(e.occurred_at.tzinfo is None for e in answer.events):
        raise LanRefused("bad_answer", "an event time without a time zone")
    events = [CounterEvent(e.event_id, e.counter_no, e.station_seq, e.type, e.occurred_at,
                           e.payload, e.acked) for e in answer.events]
    return Page(answer.station_id, answer.counter_no, dict(answer.marks), dict(answer.acked),
                events)


def _copy_key(secret: bytes) -> AESGCM:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
               info=b"station-app lan copy").derive(secret)
    return AESGCM(key)


def seal_copy(secret: bytes, database: bytes) -> bytes:
    """A database copy as it crosses the LAN: it holds residents' names and phones, so it is
    encrypted (AES-GCM, a key derived from the station's secret), not only signed."""
    nonce = os.urandom(12)
    return nonce + _copy_key(secret).encrypt(nonce, database, b"copy")


def open_copy(secret: bytes, sealed: bytes) -> bytes:
    """The database in a sealed copy. LanRefused when it was not sealed with `secret`."""
    try:
        return _copy_key(secret).decrypt(sealed[:12], sealed[12:], b"copy")
    except (InvalidTag, ValueError):
        raise LanRefused("bad_answer", "the copy does not open with this pairing code") from None


def answer_canonical(nonce: str, counter_no: int, body: bytes) -> bytes:
    return "\n".join(["lan-answer", nonce, str(counter_no),
                      hashlib.sha256(body).hexdigest()]).encode("utf-8")


def sign_answer(secret: bytes, nonce: str, counter_no: int, body: bytes) -> str:
    return signature(secret, answer_canonical(nonce, counter_no, body))


def answer_signed(secret: bytes, nonce: str, counter_no: int, body: bytes,
                  claimed: str) -> bool:
    return signature_matches(secret, answer_canonical(nonce, counter_no, body), claimed)
