"""How a setting is declared once: its default, what is allowed and one line of help, attached
to the field of the settings dataclass itself, so loading, error messages, the settings dialog
and the README's table all read the same declaration and cannot drift apart.

This module knows no particular setting; `station_app.config` declares them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import Field, dataclass, field, fields
from functools import cache
from pathlib import Path
from typing import Any, TypeVar, get_type_hints

T = TypeVar("T")

_SPEC = "station_setting"  # the dataclass field metadata key holding the declaration
_TYPE_NAMES: dict[type, str] = {str: "text", int: "integer", float: "number", bool: "true/false"}


@dataclass(frozen=True)
class Setting:
    """A plain key: what is allowed besides its type, and what it does."""

    help: str
    choices: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    unit: str = ""  # "seconds", "days": said after the range
    zero_means: str = ""  # 0 is allowed outside the range and means this ("never")
    file: str = ""  # empty, or the path of an existing file of this kind ("PEM file")


@dataclass(frozen=True)
class Section:
    """A `[table]` whose keys its own type declares and checks (printer, camera, shelf)."""

    help: str
    load: Callable[[Any], Any]  # raises ValueError, TypeError or AttributeError when broken
    dump: Callable[[Any], dict[str, Any]]
    fallback: str  # what happens when the table is broken, said in messages and the README


def setting(default: T, *, help: str, choices: tuple[str, ...] = (),
            low: float | None = None, high: float | None = None, unit: str = "",
            zero_means: str = "", file: str = "") -> T:
    """A dataclass field with its default and declaration."""
    spec = Setting(help, choices, low, high, unit, zero_means, file)
    declared: T = field(default=default, metadata={_SPEC: spec})
    return declared


def section(*, help: str, load: Callable[[Any], T], dump: Callable[[T], dict[str, Any]],
            fallback: str) -> dict[str, Section]:
    """The metadata of a dataclass field holding a whole `[table]`:
    `field(default_factory=..., metadata=section(...))`."""
    return {_SPEC: Section(help, load, dump, fallback)}


@dataclass(frozen=True)
class Declared:
    """One row of the table: a field of the settings dataclass with its declaration."""

    key: str
    kind: type  # str, int, float, bool; or the section's own type
    default: Any
    spec: Setting | Section


@cache
def declarations(settings_class: type) -> tuple[Declared, ...]:
    """Every field of `settings_class`, in order; each must be declared by setting/section."""
    kinds = get_type_hints(settings_class)
    rows = []
    for each in fields(settings_class):
        spec = each.metadata.get(_SPEC)
        if not isinstance(spec, Setting | Section):
            raise TypeError(f"{settings_class.__name__}.{each.name} is not declared "
                            "with setting() or section()")
        rows.append(Declared(each.name, kinds[each.name], _default(each), spec))
    return tuple(rows)


def _default(each: Field[Any]) -> Any:
    return each.default_factory() if callable(each.default_factory) else each.default


def allowed(row: Declared) -> str:
    """What a value of this key may be, in words: the end of the error message and the README's
    'allowed' column."""
    spec = row.spec
    if isinstance(spec, Section):
        return f"a table; when broken, {spec.fallback}"
    if row.kind is bool:
        return "true or false"
    if spec.choices:
        return "one of " + ", ".join(spec.choices)
    if spec.file:
        return f"empty, or an existing {spec.file}"
    zero = f"0 ({spec.zero_means}) or " if spec.zero_means else ""
    return zero + _range(row.kind, spec)


def _range(kind: type, spec: Setting) -> str:
    low, high = _number(spec.low), _number(spec.high)
    if spec.low is not None and spec.high is not None:
        between = f"between {low} and {high}" if kind is float else f"{low}-{high}"
        return f"{between} {spec.unit}".rstrip()
    if spec.low is not None:
        return "a positive number" if spec.low == 1 else f"at least {low}"
    if spec.high is not None:
        return f"at most {high}"
    return f"any {_TYPE_NAMES[kind]}"


def _number(bound: float | None) -> str:
    """1000000 rather than 1e+06, 0 rather than 0.0, 0.5 as it is."""
    return str(int(bound)) if bound is not None and bound == int(bound) else str(bound)


def parsed(row: Declared, value: object) -> object:
    """`value` as read from TOML, checked against the row; raises ValueError naming the key,
    the value found and what is allowed."""
    spec = row.spec
    if isinstance(spec, Section):
        try:
            return spec.load(value)
        except (ValueError, TypeError, AttributeError) as error:
            raise ValueError(f"[{row.key}]: {error}; {spec.fallback}") from error
    if not _fits(row.kind, spec, value):
        raise ValueError(f"{row.key} must be {allowed(row)}; got {value!r}")
    if row.kind is float and isinstance(value, int):
        return float(value)  # TOML's 1 is a fine 1.0
    return value


def _fits(kind: type, spec: Setting, value: object) -> bool:
    # bool is an int in Python but never a number in settings.toml; an int is a fine float.
    if isinstance(value, bool) != (kind is bool):
        return False
    if not isinstance(value, int | float if kind is float else kind):
        return False
    if spec.choices:
        return value in spec.choices
    if spec.file:
        return value == "" or Path(str(value)).is_file()
    if isinstance(value, bool) or not isinstance(value, int | float):
        return True
    if spec.zero_means and value == 0:
        return True
    return (spec.low is None or value >= spec.low) and (spec.high is None or value <= spec.high)


def dumped(row: Declared, value: object) -> object:
    """The value as written to TOML."""
    return row.spec.dump(value) if isinstance(row.spec, Section) else value


def type_name(row: Declared) -> str:
    return "table" if isinstance(row.spec, Section) else _TYPE_NAMES[row.kind]
