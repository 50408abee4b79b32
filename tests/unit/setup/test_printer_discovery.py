"""Finding printers. USB devices cannot exist on this machine, so their lists are made up (the
pure picking is what is tested); serial ports are pseudo-terminals with a printer that answers
a status request, or with nothing behind them; the network scan runs against real TCP servers
on loopback addresses."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from dataclasses import replace

import pytest

from station_app.devices.printer_settings import PrinterSettings
from station_app.setup.printer_discovery import (
    STATUS_REQUEST,
    DiscoveryNote,
    DiscoveryUnavailable,
    SerialAnswer,
    SerialPort,
    UsbDevice,
    discover_local,
    discover_network,
    neighbour_hosts,
    probe,
    probe_serial,
    scan_hosts,
    usb_printers,
)
from station_app.setup.printer_models import common_models, printer_model, with_model
from tests.lan_printer import LanPrinter


@pytest.fixture
def listening() -> Iterator[int]:
    """A LAN printer on 127.0.0.1, its port."""
    with LanPrinter() as printer:
        yield printer.port


def test_usb_printer_class_and_known_escpos_boards_are_picked() -> None:
    devices = [
        UsbDevice(0x046D, 0x0825, (14, 1), "Logitech Webcam"),  # camera: not a printer
        UsbDevice(0x0416, 0x5011, (7,), "", accessible=False),  # POS58, strings unreadable
        UsbDevice(0x04B8, 0x0202, (255,), "EPSON TM-T88V"),  # vendor-specific class
        UsbDevice(0x1234, 0x0001, (3, 7), "Some Printer"),  # printer class on interface 2
        UsbDevice(0x0416, 0x1234, (3,), "Winbond keyboard"),  # same vendor, another board
    ]
    found, notes = usb_printers(devices)
    assert [p.usb_ids for p in found] == [(0x0416, 0x5011), (0x04B8, 0x0202), (0x1234, 0x0001)]
    assert found[0].label == "POS58 (0416:5011)"
    assert notes == [DiscoveryNote.USB_NO_PERMISSION]
    chosen = found[1].settings(PrinterSettings(paper_width_mm=58))
    assert (chosen.transport, chosen.usb_vendor_id, chosen.usb_product_id,
            chosen.paper_width_mm) == ("usb", 0x04B8, 0x0202, 58)


class SerialLine:
    """A pseudo-terminal standing in for a serial port: `device` is its path; with `status`,
    a printer behind it answers each DLE EOT 1 with that byte, else nothing answers."""

    def __init__(self, status: bytes | None) -> None:
        self._master, self._slave = os.openpty()
        self.device = os.ttyname(self._slave)
        self.asked = 0
        self._status = status
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        if status is not None:
            self._thread.start()

    def _serve(self) -> None:
        heard = b""
        while not self._stop.is_set():
            try:
                heard += os.read(self._master, 64)
            except OSError:
                return
            while STATUS_REQUEST in heard:
                heard = heard.split(STATUS_REQUEST, 1)[1]
                self.asked += 1
                os.write(self._master, self._status or b"")

    def close(self) -> None:
        self._stop.set()
        os.close(self._slave)
        os.close(self._master)


@pytest.fixture
def serial_lines() -> Iterator[dict[str, SerialLine]]:
    lines = {"printer": SerialLine(bytes([0x12])),  # online, paper in, cover shut
             "silent": SerialLine(None),  # the PC's own COM1: nothing plugged in
             "modem": SerialLine(b"OK")}  # something answers, but not a printer's status
    yield lines
    for line in lines.values():
        line.close()


def test_a_serial_port_is_a_printer_only_when_one_answers(
        serial_lines: dict[str, SerialLine]) -> None:
    # Issue 13, item 7b: the PC's built-in /dev/ttyS0 was listed as "a printer found".
    printer, silent, modem = (serial_lines[n] for n in ("printer", "silent", "modem"))
    assert probe_serial(printer.device, timeout_s=0.5) is SerialAnswer.PRINTER
    assert printer.asked == 1
    assert probe_serial(silent.device, timeout_s=0.2) is SerialAnswer.SILENT
    assert probe_serial(modem.device, timeout_s=0.2) is SerialAnswer.SILENT
    assert probe_serial("/dev/no-such-tty", timeout_s=0.2) is SerialAnswer.SILENT

    found = discover_local(usb=lambda: [], serial=lambda: [
        SerialPort(silent.device, "ttyS0"), SerialPort(printer.device, "CH340")],
        serial_timeout_s=0.3)
    assert [(p.transport, p.serial_port, p.label) for p in found.printers] == [
        ("serial", printer.device, f"{printer.device} CH340")]
    assert found.silent_serial == [silent.device]
    assert found.printers[0].settings(PrinterSettings()).serial_port == printer.device


def test_a_port_this_user_may_not_open_says_so() -> None:
    def refused(_device: str, _timeout_s: float) -> object:
        raise PermissionError(13, "Permission denied")

    assert probe_serial("/dev/ttyS1", refused) is SerialAnswer.NO_ACCESS  # type: ignore[arg-type]
    found = discover_local(usb=lambda: [], serial=lambda: [SerialPort("/dev/ttyS1")],
                           serial_opener=refused)  # type: ignore[arg-type]
    assert (found.printers, found.closed_serial) == ([], ["/dev/ttyS1"])


def test_missing_libusb_or_serial_failure_become_notes() -> None:
    def no_libusb() -> list[UsbDevice]:
        raise DiscoveryUnavailable(DiscoveryNote.NO_LIBUSB)

    def no_serial() -> list[SerialPort]:
        raise DiscoveryUnavailable(DiscoveryNote.SERIAL_FAILED)

    found = discover_local(usb=no_libusb, serial=no_serial)
    assert found.notes == [DiscoveryNote.NO_LIBUSB, DiscoveryNote.SERIAL_FAILED]
    assert found.printers == []


def test_real_enumerators_never_raise_here() -> None:
    # This machine may or may not have libusb; either way discovery answers.
    found = discover_local()
    assert all(p.transport in ("usb", "serial") for p in found.printers)


def test_probe_and_scan_find_the_listening_host(listening: int) -> None:
    assert probe("127.0.0.1", listening)
    hosts = [f"127.0.0.{n}" for n in range(1, 40)]
    found = scan_hosts(hosts, listening, timeout_s=0.3)
    assert [(p.host, p.port) for p in found] == [("127.0.0.1", listening)]
    settings = found[0].settings(PrinterSettings())
    assert (settings.transport, settings.host, settings.port) == (
        "network", "127.0.0.1", listening)


def test_scan_around_this_pc_uses_its_24(listening: int) -> None:
    found = discover_network(port=listening, address=lambda: "127.0.0.2")
    assert [p.host for p in found.printers] == ["127.0.0.1"]
    assert len(neighbour_hosts("192.168.1.20")) == 253

    def offline() -> str:
        raise DiscoveryUnavailable(DiscoveryNote.NO_NETWORK)

    assert discover_network(address=offline).notes == [DiscoveryNote.NO_NETWORK]


def test_a_network_that_answers_on_every_address_lists_nothing() -> None:
    # Measured here: a sandbox's transparent proxy accepted port 9100 on all of a /24.
    everywhere = discover_network(address=lambda: "10.1.2.3",
                                  probe_one=lambda _host, _port, _timeout: True)
    assert (everywhere.printers, everywhere.notes) == ([], [DiscoveryNote.ANSWERS_EVERYWHERE])


def test_cancelled_scan_stops_probing() -> None:
    cancel = threading.Event()
    probed: list[str] = []

    def slow_probe(host: str, port: int, timeout_s: float) -> bool:
        probed.append(host)
        cancel.set()  # the keeper pressed Stop during the first probe
        time.sleep(0.05)
        return True

    found = scan_hosts([f"10.0.0.{n}" for n in range(1, 255)], 9100, cancel=cancel,
                       workers=2, probe_one=slow_probe)
    assert 1 <= len(probed) <= 2
    assert len(found) == len(probed)


def test_printer_models_preset_cutter_qr_and_width() -> None:
    assert next(m.profile for m in common_models()) == "default"
    zjiang = printer_model("POS-5890")
    assert (zjiang.cut, zjiang.qr_native, zjiang.paper_width_mm) == (False, False, 58)
    settings = with_model(PrinterSettings(), zjiang)
    assert (settings.cut, settings.qr_native, settings.paper_width_mm) == (False, False, 58)
    epson = with_model(replace(settings, paper_width_mm=58), printer_model("RP326"))
    assert (epson.cut, epson.qr_native, epson.paper_width_mm) == (True, True, 58)
    with pytest.raises(KeyError):
        printer_model("no-such-printer")
