"""How the station's receipt printer is reached and what it can do.

Cut, QR and paper width live here rather than in a python-escpos profile because the profile
is wrong for most Chinese printers: `cut()` silently only feeds when the profile says there is
no cutter, and `qr(native=True)` ignores the profile anyway.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any, Literal, get_args

Transport = Literal["virtual", "network", "usb", "serial", "win32raw", "file"]
Encoding = Literal["gb18030", "gbk"]

# Printable width of the common thermal heads at 203 dpi, and the 12-dot font A columns
# that fit into it.
_PAPER = {58: (32, 384), 80: (48, 576)}


def paper_columns(paper_width_mm: int) -> int:
    return _PAPER[paper_width_mm][0]


def paper_dots(paper_width_mm: int) -> int:
    return _PAPER[paper_width_mm][1]


@dataclass(frozen=True)
class PrinterSettings:
    transport: Transport = "virtual"
    host: str = ""
    port: int = 9100
    usb_vendor_id: int = 0
    usb_product_id: int = 0
    serial_port: str = ""
    baudrate: int = 9600
    win32_printer_name: str = ""
    file_path: str = ""
    paper_width_mm: int = 80
    encoding: Encoding = "gb18030"
    kanji_mode: bool = False  # FS & around Chinese text, for models that power up in ASCII
    cut: bool = True
    qr_native: bool = True  # False: send the QR as a raster image (printers without GS ( k)
    drawer_kick: bool = False
    timeout_s: float = 5.0

    def __post_init__(self) -> None:
        problems = _problems(self)
        if problems:
            raise ValueError("invalid printer settings: " + "; ".join(problems))

    @property
    def columns(self) -> int:
        return paper_columns(self.paper_width_mm)

    @property
    def width_dots(self) -> int:
        return paper_dots(self.paper_width_mm)

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any]) -> PrinterSettings:
        """Build settings from a TOML table; missing keys take their defaults.

        Raises ValueError naming every unknown key, mistyped value or out-of-range value.
        """
        known = {field.name: field for field in fields(cls)}
        unknown = sorted(set(raw) - set(known))
        if unknown:
            raise ValueError(f"unknown printer setting(s): {', '.join(unknown)}")
        values: dict[str, Any] = {}
        problems: list[str] = []
        for key, value in raw.items():
            expected = _TYPES[key]
            # TOML has no float/int distinction worth enforcing for a timeout
            widened = (
                float(value)
                if expected is float and isinstance(value, int) and not isinstance(value, bool)
                else value
            )
            if not isinstance(widened, expected) or (expected is int and isinstance(widened, bool)):
                problems.append(f"{key} must be {expected.__name__}, got {value!r}")
            values[key] = widened
        if problems:
            raise ValueError("invalid printer settings: " + "; ".join(problems))
        return cls(**values)

    def to_mapping(self) -> dict[str, Any]:
        return asdict(self)


_TYPES: dict[str, type] = {
    "transport": str,
    "host": str,
    "port": int,
    "usb_vendor_id": int,
    "usb_product_id": int,
    "serial_port": str,
    "baudrate": int,
    "win32_printer_name": str,
    "file_path": str,
    "paper_width_mm": int,
    "encoding": str,
    "kanji_mode": bool,
    "cut": bool,
    "qr_native": bool,
    "drawer_kick": bool,
    "timeout_s": float,
}


def _problems(settings: PrinterSettings) -> list[str]:
    problems: list[str] = []
    if settings.transport not in get_args(Transport):
        problems.append(
            f"transport must be one of {', '.join(get_args(Transport))}, not {settings.transport!r}"
        )
    if settings.encoding not in get_args(Encoding):
        problems.append(f"encoding must be gb18030 or gbk, not {settings.encoding!r}")
    if settings.paper_width_mm not in _PAPER:
        problems.append(f"paper_width_mm must be 58 or 80, not {settings.paper_width_mm!r}")
    if not 1 <= settings.port <= 65535:
        problems.append(f"port must be 1-65535, not {settings.port}")
    if not 0 <= settings.usb_vendor_id <= 0xFFFF or not 0 <= settings.usb_product_id <= 0xFFFF:
        problems.append("usb_vendor_id and usb_product_id must be 0-0xFFFF")
    if settings.baudrate <= 0:
        problems.append(f"baudrate must be positive, not {settings.baudrate}")
    if not settings.timeout_s > 0:
        problems.append(f"timeout_s must be positive, not {settings.timeout_s}")
    required = {
        "network": ("host", settings.host),
        "serial": ("serial_port", settings.serial_port),
        "file": ("file_path", settings.file_path),
    }
    if settings.transport in required:
        name, value = required[settings.transport]
        if not value:
            problems.append(f"{name} is required for the {settings.transport} transport")
    if settings.transport == "usb" and not (settings.usb_vendor_id and settings.usb_product_id):
        problems.append("usb_vendor_id and usb_product_id are required for the usb transport")
    return problems
