"""Finding the receipt printer: USB, serial and network printers the counter PC can reach.

The enumerators that touch hardware (`list_usb_devices`, `list_serial_ports`) are separate
from the pure functions that pick the printers out of what they list, so the picking is
tested with made-up device lists and the network probe against a real TCP server on loopback.
A serial port says nothing about what is plugged into it (every PC has a COM1 / ttyS0): it is
asked for the printer's real-time status (DLE EOT 1) and listed only when a status byte comes
back; tests put a pseudo-terminal in its place.
Nothing here raises for a missing library, a permission or a dead network: each becomes a
`DiscoveryNote` the set-up page turns into a sentence for the station keeper.
"""

from __future__ import annotations

import errno
import ipaddress
import logging
import socket
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Protocol

from station_app.devices.printer_link import Linked, PrinterLink

log = logging.getLogger("station.setup.printers")

USB_CLASS_PRINTER = 7
# ESC/POS receipt printers that do not say "printer class" on some interface: Epson, Star,
# Bixolon and Citizen by vendor, and the Winbond board inside many 58 mm "POS58" printers
# (Zjiang, Xprinter and Netum rebadge it) by vendor and product.
ESCPOS_VENDORS = {0x04B8: "Epson", 0x0519: "Star", 0x1504: "Bixolon", 0x1D90: "Citizen"}
ESCPOS_DEVICES = {(0x0416, 0x5011): "POS58"}
RAW_PORT = 9100  # the raw "JetDirect" port every LAN receipt printer listens on
PROBE_TIMEOUT_S = 0.3  # a LAN printer answers a connect within milliseconds
SCAN_WORKERS = 64
# DLE EOT 1: "transmit printer status", answered at once with one byte by every ESC/POS
# printer, even mid-job. Its fixed bits (bit 1 and 4 set, bits 0 and 7 clear) tell a printer's
# answer from a modem's echo or line noise.
STATUS_REQUEST = b"\x10\x04\x01"
STATUS_FIXED_MASK, STATUS_FIXED_BITS = 0x93, 0x12
SERIAL_PROBE_TIMEOUT_S = 0.5  # a serial printer answers within a few character times
SERIAL_PROBE_BAUDRATE = 9600  # what serial receipt printers ship set to
# A shop LAN holds a printer or two; when most of a /24 "accepts" port 9100, something in the
# way (a transparent proxy, a security appliance) answers for every address.
MOST_PRINTERS_ON_A_LAN = 16


class DiscoveryNote(StrEnum):
    NO_LIBUSB = "no_libusb"  # pyusb has no libusb backend: USB printers cannot be listed
    USB_NO_PERMISSION = "usb_no_permission"  # a printer is there but this user may not open it
    USB_FAILED = "usb_failed"
    SERIAL_FAILED = "serial_failed"
    NO_NETWORK = "no_network"  # this PC has no IPv4 LAN address to scan around
    ANSWERS_EVERYWHERE = "answers_everywhere"  # a proxy or firewall accepts every address


@dataclass(frozen=True)
class UsbDevice:
    vendor_id: int
    product_id: int
    interface_classes: tuple[int, ...]
    name: str = ""  # manufacturer and product strings when readable
    accessible: bool = True  # False: the strings could not be read (no permission)


@dataclass(frozen=True)
class SerialPort:
    device: str  # COM3, /dev/ttyUSB0
    description: str = ""


@dataclass(frozen=True)
class FoundPrinter:
    transport: str  # usb | serial | network | virtual
    label: str  # what staff see in the list
    usb_ids: tuple[int, int] = (0, 0)
    serial_port: str = ""
    host: str = ""
    port: int = RAW_PORT

    def settings(self, base: Linked) -> Linked:
        """`base` (the receipt or label printer's other choices) sent to this printer."""
        match self.transport:
            case "usb":
                return replace(base, transport="usb", usb_vendor_id=self.usb_ids[0],
                               usb_product_id=self.usb_ids[1])
            case "serial":
                return replace(base, transport="serial", serial_port=self.serial_port)
            case "network":
                return replace(base, transport="network", host=self.host, port=self.port)
        return replace(base, transport="virtual")


VIRTUAL = FoundPrinter("virtual", "virtual")


def configured_printer(settings: PrinterLink) -> FoundPrinter | None:
    """The printer `settings` already name (to keep it in the list), None for the virtual one
    and for transports the set-up does not offer (Windows spooler, device file)."""
    match settings.transport:
        case "usb":
            ids = (settings.usb_vendor_id, settings.usb_product_id)
            return FoundPrinter("usb", f"USB {ids[0]:04x}:{ids[1]:04x}", usb_ids=ids)
        case "serial":
            return FoundPrinter("serial", settings.serial_port, serial_port=settings.serial_port)
        case "network":
            return FoundPrinter("network", f"{settings.host}:{settings.port}",
                                host=settings.host, port=settings.port)
    return None


class DiscoveryUnavailable(Exception):
    def __init__(self, note: DiscoveryNote) -> None:
        super().__init__(note.value)
        self.note = note


# --- USB ---------------------------------------------------------------------------------------


def usb_printers(devices: Iterable[UsbDevice]) -> tuple[list[FoundPrinter], list[DiscoveryNote]]:
    """The receipt printers among `devices`, and a note when one cannot be opened."""
    found: list[FoundPrinter] = []
    notes: list[DiscoveryNote] = []
    for device in devices:
        ids = (device.vendor_id, device.product_id)
        known = ESCPOS_DEVICES.get(ids) or ESCPOS_VENDORS.get(device.vendor_id)
        if USB_CLASS_PRINTER not in device.interface_classes and known is None:
            continue
        name = device.name or known or "USB printer"
        found.append(FoundPrinter("usb", f"{name} ({ids[0]:04x}:{ids[1]:04x})", usb_ids=ids))
        if not device.accessible and DiscoveryNote.USB_NO_PERMISSION not in notes:
            notes.append(DiscoveryNote.USB_NO_PERMISSION)
    return found, notes


def list_usb_devices() -> list[UsbDevice]:
    """Every USB device, through pyusb. Raises DiscoveryUnavailable (no libusb, failure)."""
    import usb.core  # noqa: PLC0415 - pyusb loads libusb at import on some systems

    try:
        devices = list(usb.core.find(find_all=True))
    except usb.core.NoBackendError:
        raise DiscoveryUnavailable(DiscoveryNote.NO_LIBUSB) from None
    except (usb.core.USBError, OSError) as error:
        log.warning("listing USB devices failed: %s", error)
        raise DiscoveryUnavailable(DiscoveryNote.USB_FAILED) from None
    listed: list[UsbDevice] = []
    for device in devices:
        classes = tuple(interface.bInterfaceClass for config in device
                        for interface in config)
        try:
            name = " ".join(part for part in (device.manufacturer, device.product) if part)
            accessible = True
        except (usb.core.USBError, ValueError, NotImplementedError):
            name, accessible = "", False  # reading strings needs the device opened
        listed.append(UsbDevice(device.idVendor, device.idProduct, classes, name, accessible))
    return listed


# --- serial ------------------------------------------------------------------------------------


class SerialAnswer(StrEnum):
    PRINTER = "printer"  # a printer's status byte came back
    SILENT = "silent"  # nothing (or no printer's answer) came back
    NO_ACCESS = "no_access"  # this user may not open the port (Linux: the dialout group)


class SerialLink(Protocol):
    """An open serial port (pyserial's `Serial` is one)."""

    def write(self, data: bytes, /) -> int | None: ...

    def read(self, size: int = 1, /) -> bytes: ...

    def close(self) -> None: ...


SerialOpener = Callable[[str, float], SerialLink]  # (device, timeout_s); raises OSError


def open_serial(device: str, timeout_s: float) -> SerialLink:
    """The port through pyserial, raw, at the printers' usual speed. Raises OSError."""
    import serial  # noqa: PLC0415 - only when looking

    link: SerialLink = serial.Serial(device, SERIAL_PROBE_BAUDRATE, timeout=timeout_s,
                                     write_timeout=timeout_s)
    return link


def is_printer_status(byte: int) -> bool:
    return byte & STATUS_FIXED_MASK == STATUS_FIXED_BITS


def probe_serial(device: str, opener: SerialOpener = open_serial,
                 timeout_s: float = SERIAL_PROBE_TIMEOUT_S) -> SerialAnswer:
    """Ask whatever is on `device` for its printer status. Never raises."""
    try:
        link = opener(device, timeout_s)
    except OSError as error:
        denied = isinstance(error, PermissionError) or error.errno in (errno.EACCES,
                                                                      errno.EPERM)
        return SerialAnswer.NO_ACCESS if denied else SerialAnswer.SILENT
    try:
        link.write(STATUS_REQUEST)
        answer = link.read(1)
    except OSError:
        return SerialAnswer.SILENT
    finally:
        with suppress(OSError):
            link.close()
    return SerialAnswer.PRINTER if answer and is_printer_status(answer[0]) \
        else SerialAnswer.SILENT


@dataclass(frozen=True)
class SerialSearch:
    printers: list[FoundPrinter]
    silent: list[str]  # ports where no printer answered
    closed: list[str]  # ports this user may not open


def serial_printers(ports: Iterable[SerialPort], opener: SerialOpener = open_serial,
                    timeout_s: float = SERIAL_PROBE_TIMEOUT_S) -> SerialSearch:
    """The ports a printer answers on; all ports asked at once, so the search takes one
    timeout however many ports the PC has."""
    listed = list(ports)
    if not listed:
        return SerialSearch([], [], [])
    with ThreadPoolExecutor(max_workers=min(8, len(listed)),
                            thread_name_prefix="serial-probe") as pool:
        answers = list(pool.map(lambda port: probe_serial(port.device, opener, timeout_s),
                                listed))
    return SerialSearch(
        [FoundPrinter("serial", f"{port.device} {port.description}".strip(),
                      serial_port=port.device)
         for port, answer in zip(listed, answers, strict=True) if answer is SerialAnswer.PRINTER],
        [port.device for port, answer in zip(listed, answers, strict=True)
         if answer is SerialAnswer.SILENT],
        [port.device for port, answer in zip(listed, answers, strict=True)
         if answer is SerialAnswer.NO_ACCESS])


def list_serial_ports() -> list[SerialPort]:
    """Serial ports through pyserial. Raises DiscoveryUnavailable."""
    from serial.tools import list_ports  # noqa: PLC0415 - only when looking

    try:
        return [SerialPort(port.device, port.description if port.description != "n/a" else "")
                for port in list_ports.comports()]
    except OSError as error:
        log.warning("listing serial ports failed: %s", error)
        raise DiscoveryUnavailable(DiscoveryNote.SERIAL_FAILED) from None


# --- network -----------------------------------------------------------------------------------


def parse_host(text: str) -> tuple[str, int]:
    """A typed printer address: `192.168.1.50` or `192.168.1.50:9100`. Raises ValueError."""
    host, _sep, port_text = text.strip().partition(":")
    port = int(port_text) if port_text else RAW_PORT
    if not host or any(ch.isspace() for ch in host) or not 1 <= port <= 65535:
        raise ValueError(f"{text!r} is not a printer address")
    return host, port


def probe(host: str, port: int = RAW_PORT, timeout_s: float = PROBE_TIMEOUT_S) -> bool:
    """Whether something accepts a TCP connection on host:port. Never raises."""
    try:
        with socket.create_connection((host, port), timeout=timeout_s):
            return True
    except (OSError, ValueError):
        return False


def scan_hosts(hosts: Sequence[str], port: int = RAW_PORT, *,
               timeout_s: float = PROBE_TIMEOUT_S, cancel: threading.Event | None = None,
               workers: int = SCAN_WORKERS,
               probe_one: Callable[[str, int, float], bool] = probe) -> list[FoundPrinter]:
    """Probe `hosts` on `port` in parallel; the ones that answer, in the order given.

    A /24 takes about 254 / workers × timeout (≈ 1.2 s). Setting `cancel` stops the probes not
    started yet; the call then returns what was found so far.
    """
    cancel = cancel or threading.Event()

    def one(host: str) -> bool:
        return not cancel.is_set() and probe_one(host, port, timeout_s)

    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(hosts) or 1)),
                            thread_name_prefix="printer-scan") as pool:
        answers = list(pool.map(one, hosts))
    return [FoundPrinter("network", f"{host}:{port}", host=host, port=port)
            for host, answered in zip(hosts, answers, strict=True) if answered]


def neighbour_hosts(address: str) -> list[str]:
    """The other addresses of `address`'s /24 (counter LANs are home or shop routers)."""
    network = ipaddress.ip_network(f"{address}/24", strict=False)
    return [str(host) for host in network.hosts() if str(host) != address]


def local_address() -> str:
    """This PC's LAN IPv4 address. Raises DiscoveryUnavailable when it has none."""
    # Connecting a UDP socket sends nothing; it only asks the OS which interface it would use.
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe_socket:
            probe_socket.connect(("10.255.255.255", 1))
            address = str(probe_socket.getsockname()[0])
    except OSError:
        address = ""
    if not address or address.startswith("127.") or address == "0.0.0.0":
        raise DiscoveryUnavailable(DiscoveryNote.NO_NETWORK)
    return address


# --- all at once -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Discovery:
    printers: list[FoundPrinter]
    notes: list[DiscoveryNote]
    silent_serial: list[str] = field(default_factory=list)  # serial ports nothing answered on
    closed_serial: list[str] = field(default_factory=list)  # serial ports this user may not open


def discover_local(usb: Callable[[], list[UsbDevice]] = list_usb_devices,
                   serial: Callable[[], list[SerialPort]] = list_serial_ports,
                   serial_opener: SerialOpener = open_serial,
                   serial_timeout_s: float = SERIAL_PROBE_TIMEOUT_S) -> Discovery:
    """USB and serial printers (no network; the serial ports take one probe timeout). Never
    raises."""
    printers: list[FoundPrinter] = []
    notes: list[DiscoveryNote] = []
    try:
        found, usb_notes = usb_printers(usb())
        printers += found
        notes += usb_notes
    except DiscoveryUnavailable as unavailable:
        notes.append(unavailable.note)
    try:
        ports = serial()
    except DiscoveryUnavailable as unavailable:
        notes.append(unavailable.note)
        ports = []
    search = serial_printers(ports, serial_opener, serial_timeout_s)
    return Discovery(printers + search.printers, notes, search.silent, search.closed)


def discover_network(cancel: threading.Event | None = None, port: int = RAW_PORT,
                     address: Callable[[], str] = local_address,
                     probe_one: Callable[[str, int, float], bool] = probe) -> Discovery:
    """LAN printers on the raw port around this PC. Never raises."""
    try:
        hosts = neighbour_hosts(address())
    except DiscoveryUnavailable as unavailable:
        return Discovery([], [unavailable.note])
    found = scan_hosts(hosts, port, cancel=cancel, probe_one=probe_one)
    if len(found) > MOST_PRINTERS_ON_A_LAN:
        return Discovery([], [DiscoveryNote.ANSWERS_EVERYWHERE])
    return Discovery(found, [])
