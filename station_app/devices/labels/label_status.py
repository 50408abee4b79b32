"""What a label printer says about itself: TSPL's one status byte (`<ESC>!?`), ZPL's host
status (`~HS`). Both are answered at once, even in the middle of a label, which is also how
the LAN transport learns that a job arrived whole."""

from __future__ import annotations

import re
import socket
from dataclasses import dataclass
from enum import StrEnum

from station_app.devices.labels import tspl, zpl


class LabelProblem(StrEnum):
    HEAD_OPEN = "head_open"
    PAPER_JAM = "paper_jam"
    PAPER_OUT = "paper_out"
    RIBBON_OUT = "ribbon_out"
    PAUSED = "paused"
    COVER_OPEN = "cover_open"
    TOO_HOT = "too_hot"


# The TSPL status byte, bit by bit (TSPL/TSPL2 programming manual, <ESC>!?); bit 5 is
# "printing", which is no problem.
_TSPL_BITS = ((0x01, LabelProblem.HEAD_OPEN), (0x02, LabelProblem.PAPER_JAM),
              (0x04, LabelProblem.PAPER_OUT), (0x08, LabelProblem.RIBBON_OUT),
              (0x10, LabelProblem.PAUSED), (0x40, LabelProblem.COVER_OPEN),
              (0x80, LabelProblem.TOO_HOT))
# A label cannot come out while any of these holds; a pause only waits for the feed button.
BLOCKING = frozenset({LabelProblem.HEAD_OPEN, LabelProblem.PAPER_JAM, LabelProblem.PAPER_OUT,
                      LabelProblem.RIBBON_OUT, LabelProblem.COVER_OPEN})
_HS_LINE = re.compile(rb"\x02([^\x03]*)\x03")


@dataclass(frozen=True)
class LabelStatus:
    problems: frozenset[LabelProblem] = frozenset()
    printing: bool = False

    @property
    def ready(self) -> bool:
        return not self.problems & BLOCKING


def tspl_status(byte: int) -> LabelStatus:
    return LabelStatus(frozenset(problem for bit, problem in _TSPL_BITS if byte & bit),
                       bool(byte & 0x20))


def zpl_status(reply: bytes) -> LabelStatus | None:
    """The ~HS reply's first two lines: paper out and pause (line 1, fields 2 and 3), head up
    and ribbon out (line 2, fields 3 and 4). None for anything else."""
    lines = _HS_LINE.findall(reply)
    if len(lines) < 2:
        return None
    first, second = lines[0].split(b","), lines[1].split(b",")
    if len(first) < 3 or len(second) < 4:
        return None
    flags = ((first[1], LabelProblem.PAPER_OUT), (first[2], LabelProblem.PAUSED),
             (second[2], LabelProblem.HEAD_OPEN), (second[3], LabelProblem.RIBBON_OUT))
    return LabelStatus(frozenset(problem for flag, problem in flags if flag.strip() == b"1"))


def ask_status(sock: socket.socket, language: str, timeout_s: float) -> LabelStatus | None:
    """Ask over an open connection; None when the printer does not answer in time (many
    cheap models never do) or answers something else. Raises OSError for a broken link."""
    sock.settimeout(timeout_s)
    try:
        if language == "zpl":
            sock.sendall(zpl.STATUS_QUERY)
            reply = b""
            while reply.count(b"\x03") < 2:
                chunk = sock.recv(256)
                if not chunk:
                    raise ConnectionResetError("the printer closed the connection")
                reply += chunk
            return zpl_status(reply)
        sock.sendall(tspl.STATUS_QUERY)
        answer = sock.recv(1)
        if not answer:
            raise ConnectionResetError("the printer closed the connection")
        return tspl_status(answer[0])
    except TimeoutError:
        return None
    finally:
        sock.settimeout(None)


def detect_language(host: str, port: int, timeout_s: float = 1.0) -> str | None:
    """Which language the printer at host:port speaks, by what it answers: one status byte to
    TSPL's `<ESC>!?`, the STX-framed host status to ZPL's `~HS`. None when it answers neither
    (or cannot be reached). A ZPL printer ignores the ESC query; the TSPL one is asked first
    so that a TSPL printer never sees `~HS` (it would print it as text)."""
    for language in ("tspl", "zpl"):
        try:
            with socket.create_connection((host, port), timeout=timeout_s) as sock:
                if ask_status(sock, language, timeout_s) is not None:
                    return language
        except OSError:
            return None
    return None
