from __future__ import annotations

import io
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from station_app.devices.escpos_render import render_escpos
from station_app.devices.printer_settings import PrinterSettings
from station_app.devices.printers import (
    FilePrinter,
    NetworkPrinter,
    PrinterError,
    SerialPrinter,
    UsbPrinter,
    VirtualPrinter,
    Win32RawPrinter,
    check_status,
    open_transport,
    print_document,
)
from tests.lan_printer import LanPrinter, free_port
from tests.oracle.oracle import require_oracle
from tests.unit.devices.conftest import sample_receipt

JOB = b"\x1b@hello\n\x1dVB\x00"


def test_network_printer_delivers_the_exact_bytes() -> None:
    data = render_escpos(sample_receipt(), PrinterSettings())
    with LanPrinter(status=None) as printer:
        NetworkPrinter("127.0.0.1", printer.port, timeout_s=2, check_paper=False).send(data)
        assert printer.job() == data


def test_network_printer_refuses_a_job_when_out_of_paper() -> None:
    with LanPrinter(status=bytes([0x12 | 0x60 | 0x0C])) as printer:  # paper end, near-end
        with pytest.raises(PrinterError) as caught:
            NetworkPrinter("127.0.0.1", printer.port, timeout_s=2).send(JOB)
        assert caught.value.kind == "paper_out"
        assert "paper" in caught.value.message
        assert printer.job() == b""  # only asked for its status: nothing printed


def test_a_printer_that_never_answers_status_still_prints() -> None:
    with LanPrinter(status=None) as silent:
        printer = NetworkPrinter("127.0.0.1", silent.port, timeout_s=0.3)
        printer.send(JOB)
        printer.send(JOB)
        assert silent.job(0) == b"\x10\x04\x01" + JOB  # asked once, waited, printed anyway
        assert silent.job(1) == JOB  # not asked again


def test_a_printer_that_answers_status_is_asked_again_after_the_job() -> None:
    with LanPrinter() as printer:
        settings = PrinterSettings(transport="network", host="127.0.0.1", port=printer.port)
        assert check_status(settings) == "ok"
        NetworkPrinter("127.0.0.1", printer.port, timeout_s=2).send(JOB)
        assert (printer.job(0), printer.job(1)) == (b"", JOB)  # the answered queries are talk


def test_a_printer_switched_off_mid_job_is_noticed() -> None:
    data = render_escpos(sample_receipt(), PrinterSettings())
    with LanPrinter(die_after=300) as printer:
        with pytest.raises(PrinterError) as caught:
            NetworkPrinter("127.0.0.1", printer.port, timeout_s=2).send(data)
        assert caught.value.kind == "offline"
        assert printer.job() == data[:300]


def test_connection_refused_is_offline_with_a_message() -> None:
    port = free_port()
    with pytest.raises(PrinterError) as caught:
        NetworkPrinter("127.0.0.1", port, timeout_s=1).send(JOB)
    assert caught.value.kind == "offline"
    assert f"127.0.0.1:{port}" in str(caught.value)
    assert "refused" in str(caught.value)


def test_unknown_host_is_not_found() -> None:
    with pytest.raises(PrinterError) as caught:
        NetworkPrinter("no-such-printer.invalid", 9100, timeout_s=1).send(JOB)
    assert caught.value.kind == "not_found"


def test_status_of_an_unreachable_printer_is_offline() -> None:
    settings = PrinterSettings(transport="network", host="127.0.0.1", port=free_port())
    assert check_status(settings, timeout_s=0.5) == "offline"
    assert check_status(PrinterSettings()) == "unknown"


@pytest.fixture
def emupos_printer(tmp_path: Path) -> Iterator[tuple[int, Path, list[str]]]:
    """emupos running as a network printer: the same oracle, over TCP, with status replies."""
    python = require_oracle()
    emupos = python.parent / "emupos"
    port, api = free_port(), free_port()
    receipts = tmp_path / "receipts"
    (tmp_path / "emupos.yaml").write_text(
        f"schema: 1\napi: {{ host: 127.0.0.1, port: {api} }}\ndevices:\n"
        f"  - id: front\n    type: printer\n    profile: xprinter-xp80t\n"
        f"    connections:\n      - tcp: {{ port: {port} }}\n    receipts_dir: {receipts}\n"
    )
    process = subprocess.Popen(
        [str(emupos), "run", "--config", str(tmp_path / "emupos.yaml")],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", api), timeout=0.2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"emupos did not start: {process.stderr.read()!r}")  # type: ignore[union-attr]
                time.sleep(0.1)
        control = [str(emupos), "--api", f"http://127.0.0.1:{api}"]
        yield port, receipts, control
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_status_query_and_printing_against_emupos(
    emupos_printer: tuple[int, Path, list[str]],
) -> None:
    port, receipts, control = emupos_printer
    settings = PrinterSettings(transport="network", host="127.0.0.1", port=port, timeout_s=2)
    assert check_status(settings) == "ok"

    subprocess.run(
        [*control, "fault", "set", "front", "paper-out"], check=True, capture_output=True
    )
    assert check_status(settings) == "paper_out"
    with pytest.raises(PrinterError) as caught:
        print_document(open_transport(settings, Path()), sample_receipt(), settings)
    assert caught.value.kind == "paper_out"

    subprocess.run(
        [*control, "fault", "set", "front", "paper-near-end"], check=True, capture_output=True
    )
    subprocess.run(
        [*control, "fault", "clear", "front", "paper-out"], check=True, capture_output=True
    )
    assert check_status(settings) == "paper_near_end"

    print_document(open_transport(settings, Path()), sample_receipt(), settings)
    deadline = time.monotonic() + 10
    while not list(receipts.glob("*.json")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(list(receipts.glob("*.png"))) == 1


def test_virtual_printer_keeps_bytes_and_a_png_preview(tmp_path: Path) -> None:
    settings = PrinterSettings()
    transport = open_transport(settings, tmp_path)
    assert isinstance(transport, VirtualPrinter)
    print_document(transport, sample_receipt(), settings)
    print_document(transport, sample_receipt(receipt_no="H-000124", reprint=True), settings)
    jobs = transport.jobs()
    assert [job.name for job in jobs] == ["000001-H-000123.bin", "000002-H-000124.bin"]
    assert jobs[0].read_bytes() == render_escpos(sample_receipt(), settings)
    with Image.open(io.BytesIO(jobs[1].with_suffix(".png").read_bytes())) as image:
        image.verify()
        assert image.format == "PNG"


def test_virtual_printer_without_preview_and_with_an_odd_job_name(tmp_path: Path) -> None:
    printer = VirtualPrinter(tmp_path / "v")
    printer.send(JOB, job_name="../../etc/passwd")
    assert [path.name for path in (tmp_path / "v").iterdir()] == ["000001-etc_passwd.bin"]


def test_file_transport_appends_to_the_path(tmp_path: Path) -> None:
    target = tmp_path / "lp0"
    printer = open_transport(PrinterSettings(transport="file", file_path=str(target)), tmp_path)
    assert isinstance(printer, FilePrinter)
    printer.send(JOB)
    printer.send(JOB)
    assert target.read_bytes() == JOB + JOB


def test_file_transport_to_a_missing_device_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(PrinterError) as caught:
        FilePrinter(tmp_path / "no-such-dir" / "lp0").send(JOB)
    assert caught.value.kind == "not_found"


@pytest.mark.skipif(sys.platform == "win32", reason="checks the non-Windows refusal")
def test_win32raw_is_unsupported_off_windows() -> None:
    with pytest.raises(PrinterError) as caught:
        Win32RawPrinter("XP-80C").send(JOB)
    assert caught.value.kind == "unsupported"
    assert "Windows" in caught.value.message


def test_usb_without_the_device_is_not_found() -> None:
    # No physical USB printer exists on this machine or on CI, so only the "not plugged in"
    # path can be tested; writing to a real device is checked by hand on station hardware.
    import usb.backend.libusb1
    import usb.core

    if usb.backend.libusb1.get_backend() is None:
        pytest.skip("libusb is not installed")
    if usb.core.find(idVendor=0x0416, idProduct=0x5011) is not None:
        pytest.skip("a real printer with these ids is plugged in")
    with pytest.raises(PrinterError) as caught:
        UsbPrinter(0x0416, 0x5011, timeout_s=1).send(JOB)
    assert caught.value.kind == "not_found"
    assert "0416:5011" in caught.value.message


def test_serial_port_that_does_not_exist_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(PrinterError) as caught:
        SerialPrinter(str(tmp_path / "ttyUSB9")).send(JOB)
    assert caught.value.kind == "not_found"


def test_open_transport_picks_the_configured_kind(tmp_path: Path) -> None:
    cases = {
        PrinterSettings(transport="network", host="10.0.0.5"): NetworkPrinter,
        PrinterSettings(transport="usb", usb_vendor_id=1, usb_product_id=2): UsbPrinter,
        PrinterSettings(transport="serial", serial_port="/dev/ttyS0"): SerialPrinter,
        PrinterSettings(transport="win32raw"): Win32RawPrinter,
    }
    for settings, kind in cases.items():
        transport = open_transport(settings, tmp_path)
        assert isinstance(transport, kind)
        assert transport.describe()
