"""How a printer is reached, for the receipt printer's `[printer]` and the label printer's
`[label_printer]` settings alike: the transport and the fields it needs (address, USB ids,
serial port, spooler name, file), checked the same way, and a settings table read from TOML
with the same rules for unknown keys and mistyped values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any, ClassVar, Literal, Self, TypeVar, get_args

Transport = Literal["virtual", "network", "usb", "serial", "win32raw", "file"]


@dataclass(frozen=True)
class PrinterLink:
    """Where a printer is. A printer's settings add what it can do, and the problems with
    those (`_problems`); a settings object with a problem is never made."""

    WHAT: ClassVar[str] = "printer"  # in the messages: "invalid printer settings: …"

    transport: Transport = "virtual"
    host: str = ""
    port: int = 9100
    usb_vendor_id: int = 0
    usb_product_id: int = 0
    serial_port: str = ""
    baudrate: int = 9600
    win32_printer_name: str = ""
    file_path: str = ""
    timeout_s: float = 5.0

    def __post_init__(self) -> None:
        problems = self._problems()
        if problems:
            raise ValueError(f"invalid {self.WHAT} settings: " + "; ".join(problems))

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any]) -> Self:
        """Build settings from a TOML table; missing keys take their defaults.

        Raises ValueError naming every unknown key, mistyped or out-of-range value."""
        if not isinstance(raw, Mapping):
            raise ValueError("must be a table")
        defaults = cls()
        unknown = sorted(set(raw) - {field.name for field in fields(defaults)})
        if unknown:
            raise ValueError(f"unknown {cls.WHAT} setting(s): {', '.join(unknown)}")
        values: dict[str, Any] = {}
        problems: list[str] = []
        for key, given in raw.items():
            expected = type(getattr(defaults, key))
            # TOML writes 2.0 as a float but a hand-written 2 as an int: both are a float
            value = float(given) if expected is float and isinstance(given, int) \
                and not isinstance(given, bool) else given
            if not isinstance(value, expected) or isinstance(value, bool) != (expected is bool):
                problems.append(f"{key} must be {expected.__name__}, got {given!r}")
            values[key] = value
        if problems:
            raise ValueError(f"invalid {cls.WHAT} settings: " + "; ".join(problems))
        return cls(**values)

    def to_mapping(self) -> dict[str, Any]:
        return asdict(self)

    def _problems(self) -> list[str]:
        """What is wrong with how these settings reach the printer (empty: nothing)."""
        problems: list[str] = []
        if self.transport not in get_args(Transport):
            problems.append(f"transport must be one of {', '.join(get_args(Transport))}, "
                            f"not {self.transport!r}")
        problems += out_of_range((("port", self.port, 1, 65535),
                                  ("usb_vendor_id", self.usb_vendor_id, 0, 0xFFFF),
                                  ("usb_product_id", self.usb_product_id, 0, 0xFFFF)))
        if self.baudrate <= 0:
            problems.append(f"baudrate must be positive, not {self.baudrate}")
        if not self.timeout_s > 0:
            problems.append(f"timeout_s must be positive, not {self.timeout_s}")
        required = {"network": ("host", self.host), "serial": ("serial_port", self.serial_port),
                    "file": ("file_path", self.file_path)}
        if self.transport in required:
            name, value = required[self.transport]
            if not value:
                problems.append(f"{name} is required for the {self.transport} transport")
        if self.transport == "usb" and not (self.usb_vendor_id and self.usb_product_id):
            problems.append("usb_vendor_id and usb_product_id are required for the usb "
                            "transport")
        return problems


Linked = TypeVar("Linked", bound=PrinterLink)


def out_of_range(ranges: tuple[tuple[str, float, float, float], ...]) -> list[str]:
    """A problem for each (name, number, lowest, highest) whose number is not in its range."""
    return [f"{name} must be {low}-{high}, not {number!r}"
            for name, number, low, high in ranges if not low <= number <= high]
