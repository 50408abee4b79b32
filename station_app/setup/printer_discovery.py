"""Finding the receipt printer: USB, serial and network printers the counter PC can reach.

The enumerators that touch hardware (`list_usb_devices`, `list_serial_ports`) are separate
from the pure functions that pick the printers out of what they list, so the picking is
tested with made-up device lists and the network probe against a real TCP server on loopback.
Nothing here raises for a missing library, a permission or a dead network: each becomes a
`DiscoveryNote` the set-up page turns into a sentence for the station keeper.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from enum import StrEnum

from station_app.devices.printer_settings import PrinterSettings

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

    def settings(self, base: PrinterSettings) -> PrinterSettings:
        """`base` (paper width, encoding, profile choices) sent to this printer."""
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


def configured_printer(settings: PrinterSettings) -> FoundPrinter | None:
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


def serial_printers(ports: Iterable[SerialPort]) -> list[FoundPrinter]:
    """Every serial port is a candidate: a serial printer does not say what it is."""
    return [FoundPrinter("serial", f"{port.device} {port.description}".strip(),
                         serial_port=port.device) for port in ports]


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


def discover_local(usb: Callable[[], list[UsbDevice]] = list_usb_devices,
                   serial: Callable[[], list[SerialPort]] = list_serial_ports) -> Discovery:
    """USB and serial printers (fast: no network). Never raises."""
    printers: list[FoundPrinter] = []
    notes: list[DiscoveryNote] = []
    try:
        found, usb_notes = usb_printers(usb())
        printers += found
        notes += usb_notes
    except DiscoveryUnavailable as unavailable:
        notes.append(unavailable.note)
    try:
        printers += serial_printers(serial())
    except DiscoveryUnavailable as unavailable:
        notes.append(unavailable.note)
    return Discovery(printers, notes)


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
