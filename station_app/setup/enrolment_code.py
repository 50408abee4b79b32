"""The enrolment QR head office prints for a new counter, and the typed form of the same thing.

Payload (version 1), one line of ASCII:

    STATIONAPP-ENROL:1:<head office URL>:<one-time code>
    e.g. STATIONAPP-ENROL:1:https://ho.example.cn:8443:K7QM-3XHP-VN9D

The URL holds colons of its own, so the code is what follows the LAST colon. Parsing is
strict: a code scanned from the wrong QR (a pickup token, a product barcode, a web link) must be
refused with a reason, never half-used. A USB scanner types the payload into the address field
like a keyboard, so `read_enrolment` also accepts it there.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

PREFIX = "STATIONAPP-ENROL"
VERSION = "1"
# head office's code alphabet (sync/server/headoffice.py): no 0/O, 1/I/L that staff misread
_GROUP = "[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{4}"
CODE_PATTERN = re.compile(f"{_GROUP}-{_GROUP}-{_GROUP}")
MAX_PAYLOAD = 512  # far above a real one; a longer text is something else


class EnrolmentProblem(StrEnum):
    NOT_ENROLMENT = "not_enrolment"  # another kind of code (no STATIONAPP-ENROL prefix)
    VERSION = "version"  # made by a newer head office: update the counter app
    BAD_ADDRESS = "bad_address"  # not an http(s) address with a host
    BAD_CODE = "bad_code"  # not three groups of four letters/digits
    INSECURE = "insecure"  # plain http to a head office that is not on this PC


class EnrolmentCodeError(ValueError):
    def __init__(self, problem: EnrolmentProblem, detail: str) -> None:
        super().__init__(f"{problem.value}: {detail}")
        self.problem = problem


@dataclass(frozen=True)
class Enrolment:
    base_url: str  # without a trailing slash
    code: str  # upper case, XXXX-XXXX-XXXX


def enrolment_payload(base_url: str, code: str, allow_insecure: bool = False) -> str:
    """The QR text for `base_url` and `code`; raises EnrolmentCodeError if either is bad."""
    checked = Enrolment(check_address(base_url, allow_insecure), check_code(code))
    return f"{PREFIX}:{VERSION}:{checked.base_url}:{checked.code}"


def parse_enrolment_payload(text: str, allow_insecure: bool = False) -> Enrolment:
    """Read a scanned enrolment QR. Raises EnrolmentCodeError naming what is wrong."""
    text = text.strip()
    if len(text) > MAX_PAYLOAD or not text.upper().startswith(PREFIX + ":"):
        raise EnrolmentCodeError(EnrolmentProblem.NOT_ENROLMENT,
                                 "this is not a head office enrolment code")
    _prefix, version, rest = [*text.split(":", 2), "", ""][:3]
    if version != VERSION:
        raise EnrolmentCodeError(EnrolmentProblem.VERSION,
                                 f"enrolment code version {version!r} is not known")
    url, _sep, code = rest.rpartition(":")
    return Enrolment(check_address(url, allow_insecure), check_code(code))


def read_enrolment(address: str, code: str, allow_insecure: bool = False) -> Enrolment:
    """What staff typed (or a scanner typed) into the address and code fields: a whole QR
    payload in the address field wins over the two fields. Raises EnrolmentCodeError."""
    if address.strip().upper().startswith(PREFIX + ":"):
        return parse_enrolment_payload(address, allow_insecure)
    return Enrolment(check_address(address, allow_insecure), check_code(code))


def is_loopback_host(host: str | None) -> bool:
    """This PC itself: `localhost`, 127.0.0.0/8 or ::1 (no traffic leaves the machine)."""
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def insecure_address(address: str) -> bool:
    """Plain http to another machine: anyone on the path could rewrite pickup codes, cancel
    orders, add a signing key or claim events were acknowledged."""
    parts = urlsplit(address)
    return parts.scheme == "http" and not is_loopback_host(parts.hostname)


def check_address(address: str, allow_insecure: bool = False) -> str:
    """`address` as a base URL; `ho.example.cn` means https. Plain http is refused unless the
    head office is this PC (the demo, tests) or `allow_insecure` (the station's loudly
    labelled allow_insecure_lan setting). Raises EnrolmentCodeError."""
    address = address.strip()
    if address and "://" not in address:
        address = "https://" + address
    address = address.rstrip("/") if not address.endswith("://") else address
    try:
        parts = urlsplit(address)
        parts.port  # noqa: B018 - raises ValueError for a port that is not 0-65535
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname \
            or parts.query or parts.fragment or any(ch.isspace() for ch in address) \
            or parts.username or parts.password:
        raise EnrolmentCodeError(EnrolmentProblem.BAD_ADDRESS,
                                 f"{address!r} is not a head office address")
    if insecure_address(address) and not allow_insecure:
        raise EnrolmentCodeError(EnrolmentProblem.INSECURE,
                                 f"{address} is plain http: use https (head office's "
                                 f"address with https://)")
    return address


def check_code(code: str) -> str:
    """The one-time code as XXXX-XXXX-XXXX in upper case, however it was typed (spaces, no
    dashes). Raises EnrolmentCodeError."""
    bare = "".join(code.split()).replace("-", "").upper()
    cleaned = "-".join(bare[n:n + 4] for n in range(0, len(bare), 4))
    if not CODE_PATTERN.fullmatch(cleaned):
        raise EnrolmentCodeError(EnrolmentProblem.BAD_CODE,
                                 "an enrolment code is three groups of four, e.g. K7QM-3XHP-VN9D")
    return cleaned
