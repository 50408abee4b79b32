"""A LAN label printer for tests: a real TCP listener on 127.0.0.1 standing in for a TSPL or ZPL
printer's raw port. It keeps each job's bytes, answers `<ESC>!?` with its status byte and
`~HS` with the three host status lines (status talk is left out of the job), and can be
switched off part way through a label: the rest is never read and the link is reset."""

from __future__ import annotations

import socket

from tests.lan_printer import RawPort

TSPL_QUERY = b"\x1b!?"
ZPL_QUERY = b"~HS"


def zpl_host_status(paper_out: bool = False, head_up: bool = False,
                    ribbon_out: bool = False) -> bytes:
    """Three ~HS lines, as the ZPL II guide lays them out (flags 0 or 1)."""
    first = f"030,{int(paper_out)},0,1245,000,0,0,0,000,0,0,0"
    second = f"001,0,{int(head_up)},{int(ribbon_out)},0,2,4,0,00000000,1,000"
    third = "1234,0"
    return b"".join(b"\x02" + line.encode() + b"\x03\r\n" for line in (first, second, third))


class LanLabelPrinter(RawPort):
    def __init__(self, port: int = 0, *, tspl_status: int | None = 0x00,
                 zpl_status: bytes | None = None, die_after: int | None = None) -> None:
        self.tspl_status = tspl_status
        self.zpl_status = zpl_host_status() if zpl_status is None else zpl_status
        self.queries = 0
        super().__init__(port, die_after=die_after)

    def _answer(self, connection: socket.socket, job: bytearray) -> None:
        """A client asks, then waits: a query is the last thing received."""
        if job.endswith(TSPL_QUERY) and self.tspl_status is not None:
            del job[-len(TSPL_QUERY):]
            self.queries += 1
            connection.sendall(bytes((self.tspl_status,)))
        elif job.endswith(ZPL_QUERY) and self.zpl_status:
            del job[-len(ZPL_QUERY):]
            self.queries += 1
            connection.sendall(self.zpl_status)
