"""A minimal signed HTTP client for testing the head-office server on loopback.

Independent of sync/client on purpose: the server tests must not depend on the station's
implementation, only on the protocol (sync.auth and sync.protocol).
"""

from __future__ import annotations

import gzip
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import requests
import uuid6

from sync import auth


@dataclass
class SignedClient:
    base_url: str
    station_id: str
    key_id: str
    secret: str
    http: requests.Session

    def request(self, method: str, path: str, params: dict[str, str] | None = None,
                body: Any = None, raw: bytes | None = None, headers: dict[str, str] | None = None,
                gzipped: bool = False, skew: timedelta = timedelta(0),
                nonce: str | None = None, station_id: str | None = None
                ) -> requests.Response:
        data = raw if raw is not None else (b"" if body is None else
                                            json.dumps(body, ensure_ascii=False).encode())
        signed = auth.sign(self.secret, station_id or self.station_id, self.key_id, method,
                           path, params or {}, data, now=datetime.now(UTC) + skew, nonce=nonce)
        signed.update(headers or {})
        if data:
            signed["Content-Type"] = "application/json"
        if gzipped:
            data = gzip.compress(data, compresslevel=5)  # what a client would pick for speed
            signed["Content-Encoding"] = "gzip"
        return self.http.request(method, self.base_url + path, params=params, data=data or None,
                                 headers=signed, timeout=30)

    def push(self, events: list[dict[str, Any]], key: str | None = None,
             **kwargs: Any) -> requests.Response:
        return self.request("POST", "/v1/events:batch",
                            body={"station_id": self.station_id, "events": events},
                            headers={"Idempotency-Key": key or str(uuid.uuid4())}, **kwargs)

    def changes(self, stream: str, cursor: str = "", limit: int = 100) -> requests.Response:
        return self.request("GET", "/v1/changes",
                            params={"stream": stream, "cursor": cursor, "limit": str(limit)})


def enrol(base_url: str, code: str) -> SignedClient:
    answer = requests.post(base_url + "/v1/enrol", json={"code": code}, timeout=10)
    answer.raise_for_status()
    data = answer.json()
    return SignedClient(base_url, data["station_id"], data["key_id"], data["secret"],
                        requests.Session())


def handover_event(seq: int, order_no: str, station_id: str,
                   lines: list[tuple[str, int]] | None = None,
                   event_type: str = "handover.completed") -> dict[str, Any]:
    """A `handover.completed` event as the station's Handovers writes it."""
    lines = lines or [("VEG-001", 1)]
    at = datetime.now(UTC).isoformat()
    return {
        "event_id": str(uuid6.uuid7()), "station_seq": seq, "type": event_type,
        "occurred_at": at,
        "payload": {
            "order_no": order_no, "station_id": station_id, "staff_id": 1,
            "method": "pickup_code", "handed_over_at": at,
            "lines": [{"line_no": n, "sku": sku, "quantity": q, "outcome": "taken"}
                      for n, (sku, q) in enumerate(lines, start=1)],
            "movements": [{"sku": sku, "delta": -q, "reason": "handover"} for sku, q in lines],
        },
    }
