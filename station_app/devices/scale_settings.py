"""Settings of the counter scale, the pole display and the scale-label rules (config.py's
`scale`, `pole_display` and `barcode_rules` tables), validated the way the other sections are:
unknown keys and values of the wrong type are refused, and the counter then uses defaults."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, TypeVar

from station_app.devices.scale import ScaleProtocol, ScaleSettingsView
from station_app.domain.scale_barcode import (
    DEFAULT_PRESET,
    PRESETS,
    BarcodeRule,
    ScaleCodeRefused,
    nomenclature,
)

BAUD_RATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
_T = TypeVar("_T")


def _checked(cls: type[_T], raw: Any, name: str) -> dict[str, Any]:
    if not isinstance(raw, Mapping):
        raise TypeError("must be a table")
    defaults = cls()
    known = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    if unknown := sorted(set(raw) - known):
        raise ValueError(f"unknown {name} setting(s): {', '.join(unknown)}")
    values = dict(raw)
    for key, given in raw.items():
        expected = type(getattr(defaults, key))
        value = tuple(given) if expected is tuple and isinstance(given, list) else given
        values[key] = value
        if not isinstance(value, expected) or isinstance(value, bool) != (expected is bool):
            raise ValueError(f"{key} must be a {expected.__name__}; got {value!r}")
    if "baudrate" in values and values["baudrate"] not in BAUD_RATES:
        raise ValueError(f"baudrate must be one of {BAUD_RATES}; got {values['baudrate']}")
    return values


@dataclass(frozen=True)
class ScaleSettings:
    """The counter scale. `port` empty: no scale; `simulator`: the demo's pseudo-terminal."""

    port: str = ""  # COM3, /dev/ttyUSB0, or "simulator"
    baudrate: int = 9600
    protocol: str = ScaleProtocol.CONTINUOUS.value  # continuous | sics

    @classmethod
    def from_mapping(cls, raw: Any) -> ScaleSettings:
        values = _checked(cls, raw, "scale")
        ScaleProtocol(values.get("protocol", cls.protocol))  # ValueError names it
        return cls(**values)

    def to_mapping(self) -> dict[str, Any]:
        return {"port": self.port, "baudrate": self.baudrate, "protocol": self.protocol}

    def view(self, port: str | None = None) -> ScaleSettingsView:
        return ScaleSettingsView(port or self.port, self.baudrate, ScaleProtocol(self.protocol))


@dataclass(frozen=True)
class PoleDisplaySettings:
    """The pole display. `port` empty: none; `virtual`: one that only keeps its lines."""

    port: str = ""
    baudrate: int = 9600
    charset: str = "gb18030"  # gb18030 | gbk: a Chinese font; ascii: amounts only

    @classmethod
    def from_mapping(cls, raw: Any) -> PoleDisplaySettings:
        values = _checked(cls, raw, "pole display")
        if values.get("charset", cls.charset) not in ("gb18030", "gbk", "ascii"):
            raise ValueError(f"charset must be gb18030, gbk or ascii; got {values['charset']!r}")
        return cls(**values)

    def to_mapping(self) -> dict[str, Any]:
        return {"port": self.port, "baudrate": self.baudrate, "charset": self.charset}


@dataclass(frozen=True)
class BarcodeRuleSettings:
    """How scale labels are read: a make's preset and the station's own rules (tried first),
    written as patterns (station_app/domain/scale_barcode.py)."""

    preset: str = DEFAULT_PRESET  # aclas | dahua | toledo | odoo | none
    custom: tuple[str, ...] = ()

    @classmethod
    def from_mapping(cls, raw: Any) -> BarcodeRuleSettings:
        values = _checked(cls, raw, "barcode rule")
        made = cls(**values)
        if made.preset not in (*PRESETS, "none"):
            raise ValueError(f"preset must be one of {', '.join(PRESETS)} or none")
        try:
            made.rules()
        except ScaleCodeRefused as refused:
            raise ValueError(f"not a barcode rule: {refused.detail}") from None
        return made

    def to_mapping(self) -> dict[str, Any]:
        return {"preset": self.preset, "custom": list(self.custom)}

    def rules(self) -> tuple[BarcodeRule, ...]:
        return nomenclature(self.preset, self.custom)
