"""Ways to get ESC/POS bytes to the receipt printer, behind one small protocol.

Every failure surfaces as `PrinterError` with a `kind` the UI can act on (offline, paper
out...) and a message a station keeper can read; no library exception escapes, because the
print worker must never die and a failed print must never stop a handover.
"""

from __future__ import annotations

import errno
import logging
import re
import socket
import sys
from collections.abc import Callable
from datetime import tzinfo
from pathlib import Path
from typing import Literal, Protocol

from escpos.exceptions import DeviceNotFoundError
from escpos.printer import Serial, Usb, Win32Raw

from station_app.clock import STATION_ZONE
from station_app.devices.documents import kind_of, layout_document
from station_app.devices.escpos_render import render_lines
from station_app.devices.printer_link import PrinterLink
from station_app.devices.printer_settings import PrinterSettings
from station_app.devices.receipt_preview import render_lines_png
from station_app.paths import VIRTUAL_PRINTER_DIR
from station_app.private_files import private_dir, write_private

log = logging.getLogger("station.printer")

ErrorKind = Literal["offline", "not_found", "permission", "paper_out", "unsupported", "io"]
PrinterStatus = Literal["ok", "paper_out", "paper_near_end", "offline", "unknown"]
PreviewSource = Callable[[], bytes]  # called only by transports that keep a picture


class PrinterError(Exception):
    def __init__(self, kind: ErrorKind, message: str) -> None:
        super().__init__(message)
        self.kind: ErrorKind = kind
        self.message = message


class PrinterTransport(Protocol):
    def send(
        self, data: bytes, *, job_name: str = "job", preview: PreviewSource | None = None
    ) -> None:
        """Deliver one print job; raises PrinterError."""

    def describe(self) -> str:
        """Where the bytes go, for the settings page and the log."""


def print_document(
    transport: PrinterTransport,
    document: object,
    settings: PrinterSettings,
    *,
    tz: tzinfo = STATION_ZONE,
) -> None:
    """Any registered document (receipt, report, label, list); raises PrinterError."""
    lines = layout_document(document, settings.columns, cut=settings.cut,
                            drawer_kick=settings.drawer_kick, tz=tz)
    transport.send(render_lines(lines, settings), job_name=kind_of(document).name_of(document),
                   preview=lambda: render_lines_png(lines, settings))


def open_transport(settings: PrinterSettings, data_dir: Path) -> PrinterTransport:
    return open_link(settings, lambda: NetworkPrinter(settings.host, settings.port,
                                                      settings.timeout_s),
                     data_dir / VIRTUAL_PRINTER_DIR)


def open_link(link: PrinterLink, network: Callable[[], PrinterTransport],
              virtual_dir: Path) -> PrinterTransport:
    """The transport a printer's link names (receipt and label printers alike); `network`
    makes the one kind each printer speaks differently on the LAN."""
    match link.transport:
        case "network":
            return network()
        case "usb":
            return UsbPrinter(link.usb_vendor_id, link.usb_product_id, link.timeout_s)
        case "serial":
            return SerialPrinter(link.serial_port, link.baudrate, link.timeout_s)
        case "win32raw":
            return Win32RawPrinter(link.win32_printer_name)
        case "file":
            return FilePrinter(Path(link.file_path))
        case _:
            return VirtualPrinter(virtual_dir)


# --- network ---------------------------------------------------------------------------------


class NetworkPrinter:
    """A LAN printer on its raw port (9100), over a plain socket with a timeout.

    With `check_paper`, the printer is asked for its paper sensor (DLE EOT) before each job,
    because a LAN printer happily accepts a job it then cannot print. Printers that never
    answer are asked once only.
    """

    def __init__(
        self, host: str, port: int = 9100, timeout_s: float = 5.0, *, check_paper: bool = True
    ) -> None:
        self.host, self.port, self.timeout_s = host, port, timeout_s
        self._check_paper = check_paper

    def describe(self) -> str:
        return f"network printer {self.host}:{self.port}"

    def send(
        self, data: bytes, *, job_name: str = "job", preview: PreviewSource | None = None
    ) -> None:
        sock = _connect(self.host, self.port, self.timeout_s)
        try:
            with sock:
                if self._check_paper:
                    status = _status_on(sock, min(1.0, self.timeout_s))
                    if status == "unknown":
                        self._check_paper = False
                    elif status == "paper_out":
                        raise PrinterError(
                            "paper_out",
                            f"The printer at {self.host} is out of "
                            "paper. Load a new roll and print again.",
                        )
                sock.sendall(data)
                if self._check_paper:
                    _confirm_received(sock, min(2.0, self.timeout_s))
                sock.shutdown(socket.SHUT_WR)
        except OSError as error:
            raise PrinterError(
                "offline",
                f"The connection to the printer at {self.host}:{self.port} broke "
                f"while printing ({error.strerror or error}). Check the cable and print again.",
            ) from None


def _confirm_received(sock: socket.socket, timeout_s: float) -> None:
    """`sendall` returns once the bytes are in our own send buffer, so a printer switched off
    half way through a receipt would go unnoticed. A printer that answers status queries
    answers this one only after reading the whole job before it (TCP keeps the order); a
    reset or a closed connection instead means the receipt was cut off. Raises OSError then;
    a printer too busy to answer in time is taken at its word."""
    sock.settimeout(timeout_s)
    try:
        sock.sendall(bytes((0x10, 0x04, 1)))
        if not sock.recv(1):
            raise ConnectionResetError("the printer closed the connection during the job")
    except TimeoutError:
        pass
    finally:
        sock.settimeout(None)


def check_status(settings: PrinterSettings, timeout_s: float = 1.0) -> PrinterStatus:
    """Ask a network printer for its real-time status (DLE EOT); other transports: unknown.

    "offline" also means "cannot connect". Never raises.
    """
    if settings.transport != "network":
        return "unknown"
    try:
        sock = _connect(settings.host, settings.port, timeout_s)
    except PrinterError:
        return "offline"
    with sock:
        try:
            return _status_on(sock, timeout_s)
        except OSError:
            return "offline"


def _connect(host: str, port: int, timeout_s: float) -> socket.socket:
    where = f"{host}:{port}"
    try:
        return socket.create_connection((host, port), timeout=timeout_s)
    except socket.gaierror:
        raise PrinterError(
            "not_found", f"Cannot find the printer address {host}. Check the host name or IP."
        ) from None
    except ConnectionRefusedError:
        raise PrinterError(
            "offline",
            f"The printer at {where} refused the connection. Is it switched on, "
            "and is the port right (usually 9100)?",
        ) from None
    except TimeoutError:
        raise PrinterError(
            "offline",
            f"The printer at {where} did not answer within {timeout_s:g} s. "
            "Is it switched on and on the same network?",
        ) from None
    except OSError as error:
        raise PrinterError(
            "offline", f"Cannot reach the printer at {where}: {error.strerror or error}."
        ) from None


def _status_on(sock: socket.socket, timeout_s: float) -> PrinterStatus:
    printer = _ask_status(sock, 1, timeout_s)
    if printer is None:
        return "unknown"  # many printers do not answer DLE EOT; that is not a fault
    paper = _ask_status(sock, 4, timeout_s)
    if paper is not None and paper & 0x60:  # bits 5-6: paper end sensor
        return "paper_out"
    if printer & 0x08:
        return "offline"
    if paper is not None and paper & 0x0C:  # bits 2-3: near-end sensor
        return "paper_near_end"
    return "ok"


def _ask_status(sock: socket.socket, n: int, timeout_s: float) -> int | None:
    sock.settimeout(timeout_s)
    sock.sendall(bytes((0x10, 0x04, n)))
    try:
        reply = sock.recv(1)
    except TimeoutError:
        return None
    finally:
        sock.settimeout(None)
    # every DLE EOT reply has the fixed bit pattern 0xx1xx10; anything else is not a status
    if len(reply) != 1 or reply[0] & 0x93 != 0x12:
        return None
    return reply[0]


# --- python-escpos device transports ---------------------------------------------------------


class UsbPrinter:
    """A USB printer reached through libusb (Linux). On Windows prefer Win32Raw."""

    def __init__(self, vendor_id: int, product_id: int, timeout_s: float = 5.0) -> None:
        self.vendor_id, self.product_id, self.timeout_s = vendor_id, product_id, timeout_s

    def describe(self) -> str:
        return f"USB printer {self.vendor_id:04x}:{self.product_id:04x}"

    def send(
        self, data: bytes, *, job_name: str = "job", preview: PreviewSource | None = None
    ) -> None:
        printer = None
        try:
            printer = Usb(self.vendor_id, self.product_id, timeout=int(self.timeout_s * 1000))
            printer.open()
            if printer.device is None:
                raise PrinterError("not_found", f"The {self.describe()} is not connected.")
            printer._raw(data)
        except PrinterError:
            raise
        except Exception as error:
            raise _device_error(error, self.describe()) from None
        finally:
            _close_quietly(printer)


class SerialPrinter:
    def __init__(self, port: str, baudrate: int = 9600, timeout_s: float = 5.0) -> None:
        self.port, self.baudrate, self.timeout_s = port, baudrate, timeout_s

    def describe(self) -> str:
        return f"serial printer on {self.port} at {self.baudrate} baud"

    def send(
        self, data: bytes, *, job_name: str = "job", preview: PreviewSource | None = None
    ) -> None:
        printer = None
        try:
            printer = Serial(self.port, self.baudrate, timeout=self.timeout_s)
            printer.open()
            printer._raw(data)
        except Exception as error:
            raise _device_error(error, self.describe()) from None
        finally:
            _close_quietly(printer)


class Win32RawPrinter:
    """A Windows-installed printer fed raw bytes through the spooler (pywin32)."""

    def __init__(self, printer_name: str = "") -> None:
        self.printer_name = printer_name

    def describe(self) -> str:
        return f"Windows printer {self.printer_name or '(default)'}"

    def send(
        self, data: bytes, *, job_name: str = "job", preview: PreviewSource | None = None
    ) -> None:
        if sys.platform != "win32":
            raise PrinterError(
                "unsupported",
                "Windows printers (win32raw) can only be used on Windows. "
                "Choose network, USB, serial or file in the printer settings.",
            )
        printer = None
        try:
            printer = Win32Raw(self.printer_name)
            printer.open(job_name=job_name)
            printer._raw(data)
        except RuntimeError:  # python-escpos' way of saying pywin32 is missing
            raise PrinterError(
                "unsupported", "Printing to Windows printers needs pywin32, which is missing."
            ) from None
        except Exception as error:
            raise _device_error(error, self.describe()) from None
        finally:
            _close_quietly(printer)


def _device_error(error: Exception, what: str) -> PrinterError:
    """Classify a python-escpos / pyusb / pyserial failure by its underlying OS error."""
    cause = error.__context__ if isinstance(error, DeviceNotFoundError) else error
    number = getattr(cause, "errno", None)
    text = f"{error} {cause}"
    if number in (errno.EACCES, errno.EPERM) or re.search(r"access denied|permission", text, re.I):
        return PrinterError(
            "permission",
            f"This computer user may not use the {what}. On Linux add the user "
            "to the 'lp' or 'dialout' group, or install the udev rule, then log in again.",
        )
    if type(error).__name__ == "NoBackendError":
        return PrinterError("unsupported", "USB printing needs libusb, which is not installed.")
    if number in (errno.ETIMEDOUT,) or "timeout" in type(error).__name__.lower():
        return PrinterError(
            "offline",
            f"The {what} did not take the data in time. Is it switched on, with its cover closed?",
        )
    if isinstance(error, DeviceNotFoundError) or number in (errno.ENOENT, errno.ENODEV):
        return PrinterError(
            "not_found",
            f"The {what} was not found. Check that it is plugged "
            "in and switched on, and the printer settings.",
        )
    log.warning("printer failure on %s: %r", what, error)
    return PrinterError("io", f"Printing on the {what} failed: {error}")


def _close_quietly(printer: object | None) -> None:
    close = getattr(printer, "close", None)
    if close is None:
        return
    try:
        close()
    except Exception:  # closing a broken device must not hide the real error
        log.debug("closing printer failed", exc_info=True)


# --- files -----------------------------------------------------------------------------------


class FilePrinter:
    """Append the bytes to a file or device node, e.g. /dev/usb/lp0 (Linux usblp driver)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def describe(self) -> str:
        return f"printer device file {self.path}"

    def send(
        self, data: bytes, *, job_name: str = "job", preview: PreviewSource | None = None
    ) -> None:
        try:
            with self.path.open("ab") as file:
                file.write(data)
        except OSError as error:
            raise _device_error(error, self.describe()) from None


class VirtualPrinter:
    """Keeps each job as `<n>-<job>.bin` and a `<n>-<job>.png` preview: demos and tests."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def describe(self) -> str:
        return f"virtual printer in {self.directory}"

    def send(
        self, data: bytes, *, job_name: str = "job", preview: PreviewSource | None = None
    ) -> None:
        try:
            # Receipts name customers and their orders: private, like the data dir.
            private_dir(self.directory)
            stem = f"{self._next_number():06d}-{_safe_name(job_name)}"
            # Whole or not at all, like paper: a reader never sees half a job's bytes.
            partial = self.directory / f"{stem}.part"
            write_private(partial, data)
            partial.replace(self.directory / f"{stem}.bin")
            if preview is not None:
                write_private(self.directory / f"{stem}.png", preview())
        except OSError as error:
            raise _device_error(error, self.describe()) from None

    def jobs(self) -> list[Path]:
        """The stored jobs' .bin files, oldest first."""
        return sorted(self.directory.glob("*.bin"))

    def _next_number(self) -> int:
        numbers = [
            int(path.name.split("-", 1)[0])
            for path in self.jobs()
            if path.name.split("-", 1)[0].isdigit()
        ]
        return max(numbers, default=0) + 1


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("._") or "job"
