"""The `[label_printer]` settings table: which language the label printer speaks, where it is,
and the stock in it. `language = "none"` (the default) means there is no label printer: bag
and shelf labels print on the receipt printer as slips, as before.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any, Literal, get_args

from station_app.devices.labels.label import STOCKS, LabelStock, Media, StockName

LabelLanguage = Literal["none", "tspl", "zpl"]
LabelTransport = Literal["virtual", "network", "usb", "serial", "win32raw", "file"]
# Zebra's downloadable Simplified Chinese font (Andale Mono SC); empty: Chinese text goes as
# a ^GF picture, for printers without it.
ZPL_CHINESE_FONT = "E:ANMDS.TTF"


@dataclass(frozen=True)
class LabelPrinterSettings:
    language: LabelLanguage = "none"
    transport: LabelTransport = "virtual"
    host: str = ""
    port: int = 9100
    usb_vendor_id: int = 0
    usb_product_id: int = 0
    serial_port: str = ""
    baudrate: int = 9600
    win32_printer_name: str = ""
    file_path: str = ""
    stock: StockName = "50x30"
    gap_mm: float = 2.0
    media: Media = "gap"
    darkness: int = 8  # 0-15
    speed: int = 4  # inches a second, 1-6
    direction: int = 1  # 0 or 1: which way the label leaves the printer
    zpl_font: str = ZPL_CHINESE_FONT
    timeout_s: float = 5.0

    def __post_init__(self) -> None:
        problems = _problems(self)
        if problems:
            raise ValueError("invalid label printer settings: " + "; ".join(problems))

    @property
    def active(self) -> bool:
        """A label printer is configured: labels go to it instead of the receipt printer."""
        return self.language != "none"

    @property
    def label_stock(self) -> LabelStock:
        return LabelStock(self.stock, self.gap_mm, self.media)

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any]) -> LabelPrinterSettings:
        """Build settings from a TOML table; missing keys take their defaults.

        Raises ValueError naming every unknown key, mistyped or out-of-range value."""
        if not isinstance(raw, Mapping):
            raise ValueError("must be a table")
        known = {field.name: field for field in fields(cls)}
        unknown = sorted(set(raw) - set(known))
        if unknown:
            raise ValueError(f"unknown label printer setting(s): {', '.join(unknown)}")
        defaults = cls()
        values: dict[str, Any] = {}
        problems: list[str] = []
        for key, given in raw.items():
            expected = type(getattr(defaults, key))
            # TOML writes 2.0 as a float but a hand-written 2 as an int: both are a gap
            value = float(given) if expected is float and isinstance(given, int) \
                and not isinstance(given, bool) else given
            if not isinstance(value, expected) or isinstance(value, bool) != (expected is bool):
                problems.append(f"{key} must be {expected.__name__}, got {value!r}")
            values[key] = value
        if problems:
            raise ValueError("invalid label printer settings: " + "; ".join(problems))
        return cls(**values)

    def to_mapping(self) -> dict[str, Any]:
        return asdict(self)


def _problems(settings: LabelPrinterSettings) -> list[str]:
    problems: list[str] = []
    choices: tuple[tuple[str, object, tuple[object, ...]], ...] = (
        ("language", settings.language, get_args(LabelLanguage)),
        ("transport", settings.transport, get_args(LabelTransport)),
        ("stock", settings.stock, tuple(STOCKS)),
        ("media", settings.media, get_args(Media)),
        ("direction", settings.direction, (0, 1)),
    )
    for name, value, allowed in choices:
        if value not in allowed:
            problems.append(f"{name} must be one of {', '.join(map(str, allowed))}, "
                            f"not {value!r}")
    ranges = (("port", settings.port, 1, 65535), ("darkness", settings.darkness, 0, 15),
              ("speed", settings.speed, 1, 6), ("gap_mm", settings.gap_mm, 0, 10),
              ("usb_vendor_id", settings.usb_vendor_id, 0, 0xFFFF),
              ("usb_product_id", settings.usb_product_id, 0, 0xFFFF))
    for name, number, low, high in ranges:
        if not low <= number <= high:
            problems.append(f"{name} must be {low}-{high}, not {number!r}")
    if settings.baudrate <= 0:
        problems.append(f"baudrate must be positive, not {settings.baudrate}")
    if not settings.timeout_s > 0:
        problems.append(f"timeout_s must be positive, not {settings.timeout_s}")
    if any(ch in settings.zpl_font for ch in "^~,\r\n"):
        problems.append(f"zpl_font must be a font name such as {ZPL_CHINESE_FONT}")
    required = {"network": ("host", settings.host), "serial": ("serial_port", settings.serial_port),
                "file": ("file_path", settings.file_path)}
    if settings.transport in required:
        name, value = required[settings.transport]
        if not value:
            problems.append(f"{name} is required for the {settings.transport} transport")
    if settings.transport == "usb" and not (settings.usb_vendor_id and settings.usb_product_id):
        problems.append("usb_vendor_id and usb_product_id are required for the usb transport")
    return problems
