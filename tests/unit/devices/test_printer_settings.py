from __future__ import annotations

import subprocess
import sys

import pytest

from station_app.devices.printer_settings import PrinterSettings


def test_defaults_are_a_virtual_80mm_gb18030_printer() -> None:
    settings = PrinterSettings()
    assert (settings.transport, settings.paper_width_mm, settings.encoding) == (
        "virtual",
        80,
        "gb18030",
    )
    assert (settings.columns, settings.width_dots) == (48, 576)
    assert (
        PrinterSettings(paper_width_mm=58).columns,
        PrinterSettings(paper_width_mm=58).width_dots,
    ) == (32, 384)


def test_mapping_round_trip() -> None:
    settings = PrinterSettings(
        transport="network",
        host="192.168.1.87",
        paper_width_mm=58,
        encoding="gbk",
        kanji_mode=True,
        cut=False,
        qr_native=False,
        drawer_kick=True,
        timeout_s=2.5,
    )
    assert PrinterSettings.from_mapping(settings.to_mapping()) == settings


def test_toml_integer_timeout_is_accepted() -> None:
    assert PrinterSettings.from_mapping({"timeout_s": 3}).timeout_s == 3.0


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"transport": "bluetooth"}, "transport must be one of"),
        ({"paper_width_mm": 76}, "paper_width_mm must be 58 or 80"),
        ({"encoding": "big5"}, "encoding must be gb18030 or gbk"),
        ({"port": "9100"}, "port must be int"),
        ({"cut": 1}, "cut must be bool"),
        ({"port": True}, "port must be int"),
        ({"colour": "red"}, "unknown printer setting"),
        ({"transport": "network"}, "host is required"),
        ({"transport": "usb"}, "usb_vendor_id and usb_product_id are required"),
        ({"transport": "serial"}, "serial_port is required"),
        ({"transport": "file"}, "file_path is required"),
        ({"timeout_s": 0}, "timeout_s must be positive"),
        ({"port": 70000}, "port must be 1-65535"),
    ],
)
def test_bad_settings_raise_a_clear_value_error(raw: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        PrinterSettings.from_mapping(raw)


def test_printer_modules_do_not_import_qt() -> None:
    code = (
        "import sys\n"
        "import station_app.devices.printers, station_app.devices.receipt_preview\n"
        "assert not any(name.startswith('PySide6') for name in sys.modules), 'Qt imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
