"""What a scanned or typed text is: pickup code, phone tail, order number or signed token.

Scanners and people produce anything: trailing CR/LF, GS separators from GS1 codes, full-width
digits from a Chinese input method, 10 kB of garbage, bytes that are not UTF-8. This module turns
all of it into a clean `ScanText` or a named problem, and never raises.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

MAX_SCAN_LENGTH = 256  # a QR up to version 9 carries far less; anything longer is not ours

# <station>-<yymmdd>-<sequence>: head office numbers its orders per station and day
# (XF02-261205-000001; the demo's too: station_app.domain.order_factory). Station ids are up
# to 16 letters and digits (head office allows any printable ASCII, but no station uses a
# dash). Exactly three parts, a 6-digit day and a 4-8 digit sequence: the counter's own
# documents (S-XF01-20261125-0001 receipts, M-… manifests, PD-… counts, AS-… requests) have a
# prefix part and never match.
ORDER_NO = re.compile(r"^(?P<station>[A-Z0-9]{1,16})-\d{6}-\d{4,8}$")
PICKUP_CODE = re.compile(r"^\d{6}$")
PHONE_TAIL = re.compile(r"^\d{4}$")
TOKEN_PREFIX = "PT"  # signed pickup tokens (scanning issue): "PT<version>." + payload


class ScanKind(StrEnum):
    ORDER_NO = "order_no"
    PICKUP_CODE = "pickup_code"
    PHONE_TAIL = "phone_tail"
    TOKEN = "token"


class ScanProblem(StrEnum):
    EMPTY = "empty"
    TOO_LONG = "too_long"
    UNREADABLE = "unreadable"  # not valid text: broken UTF-8, control characters only
    NOT_A_CODE = "not_a_code"  # readable, but no kind of code this counter knows


@dataclass(frozen=True)
class ScanText:
    kind: ScanKind
    value: str  # normalised: upper case, half-width, no separators
    station_code: str | None = None  # for order numbers, the station they belong to


@dataclass(frozen=True)
class UnusableScan:
    problem: ScanProblem
    shown: str  # a short, printable echo for the banner (never the whole garbage)


def classify(raw: str | bytes) -> ScanText | UnusableScan:
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", errors="replace")
    if len(raw) > MAX_SCAN_LENGTH * 4:
        return UnusableScan(ScanProblem.TOO_LONG, _echo(raw))
    if "\ufffd" in raw:
        return UnusableScan(ScanProblem.UNREADABLE, _echo(raw.replace("\ufffd", "?")))
    # NFKC folds full-width digits and letters (１２３４５６ → 123456) from Chinese IMEs.
    text = unicodedata.normalize("NFKC", raw)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C").strip()
    if not text:
        return UnusableScan(ScanProblem.UNREADABLE if raw.strip() else ScanProblem.EMPTY, "")
    if len(text) > MAX_SCAN_LENGTH:
        return UnusableScan(ScanProblem.TOO_LONG, _echo(text))
    compact = text.replace(" ", "")
    if PICKUP_CODE.match(compact):
        return ScanText(ScanKind.PICKUP_CODE, compact)
    if PHONE_TAIL.match(compact):
        return ScanText(ScanKind.PHONE_TAIL, compact)
    if match := ORDER_NO.match(compact.upper()):
        return ScanText(ScanKind.ORDER_NO, compact.upper(), match["station"])
    if compact.upper().startswith(TOKEN_PREFIX) and "." in compact[:6]:
        # Tokens are Base32, which is case-blind: a scanner typing with Caps Lock on (it
        # sends lower case) still gives the same token.
        return ScanText(ScanKind.TOKEN, compact.upper())
    return UnusableScan(ScanProblem.NOT_A_CODE, _echo(text))


def _echo(text: str, limit: int = 24) -> str:
    printable = "".join(ch if ch.isprintable() else "·" for ch in text[: limit + 1])
    return printable if len(printable) <= limit else printable[: limit - 1] + "…"


class CodeKind(StrEnum):
    """What a code the camera read is, so that each screen takes only what it asked for."""

    TOKEN = "token"  # a resident's signed pickup QR
    ORDER_NO = "order_no"  # an order number: a bag label
    PICKUP_CODE = "pickup_code"
    PHONE_TAIL = "phone_tail"
    PRODUCT = "product"  # a product barcode: EAN-8/UPC/EAN-13/GTIN-14 digits, or a scale label
    DOCUMENT = "document"  # a receipt or document number: S-, R-, SH-, RS-, PD-, AS-, M-…
    OTHER = "other"  # a carton label, a slot label, anything else readable
    UNREADABLE = "unreadable"


_DOCUMENT = re.compile(r"^(S|R|SH|RS|PD|AS|M|X|Z)-[A-Z0-9]{1,16}-[0-9A-Z-]{2,}$")
# A scale label (domain/scale_barcode.py) is a product code too: EAN-13 with prefix 2, or the
# 18 digits some Chinese scales print, also starting with 2.
_PRODUCT = re.compile(r"^\d{8}$|^\d{12,14}$|^2\d{17}$")


def code_kind(raw: str | bytes) -> CodeKind:
    """The kind of a code read by the camera (or any scanner). Never raises."""
    scan = classify(raw)
    if isinstance(scan, ScanText):
        return CodeKind(scan.kind.value)
    if scan.problem in (ScanProblem.EMPTY, ScanProblem.UNREADABLE, ScanProblem.TOO_LONG):
        return CodeKind.UNREADABLE
    text = (raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw).strip().upper()
    if _PRODUCT.match(text):
        return CodeKind.PRODUCT
    if _DOCUMENT.match(text):
        return CodeKind.DOCUMENT
    return CodeKind.OTHER
