"""Scale labels (称重条码): the codes label-printing scales print with the PLU and the price or
weight inside, read by barcode rules in the spirit of Odoo's barcode nomenclature.

A rule is written as a pattern: the prefix digits, one `.` per PLU digit, then the value fields
`{price:NNNDD}` (yuan: N whole digits, D decimals) and `{weight:NNDDD}` (kilograms), and `V`
where the scale puts a GS1 price check digit in front of the price. The last digit is always
the EAN/GS1 check digit and is not written. `21.....{price:NNNDD}` is 21, a five-digit PLU, a
price of up to ¥999.99 and the check digit: 13 digits.

A preset is the rules of one make of scale as its software ships them (first match wins);
custom rules from the settings are tried before the preset. Where the formats come from:
- Aclas (顶尖) TOP software: 13 digits `FF CCCCC XXXXX C` with 21 for goods sold by weight
  (price in the code) and 22 for weight codes; 18 digits `26 XXXXX MMMMM WWWWW C` (PLU, amount
  with 2 decimals, weight with 3 decimals, EAN-13 check method), from the Aclas users' forum.
- Dahua (大华) TM scales: 13 digits with flag 20 and the price, 18 digits with the weight
  before the amount; flag 21 for weight codes. Dahua's software lets shops choose the flag.
- Toledo (托利多): the GS1 variable-measure layout with a price check digit (GS1 General
  Specifications 7.9, four-digit price: weighting factors 2-, 2-, 3, 5-, sum × 3, units digit;
  five-digit price: 5+, 2-, 5-, 5+, 2-).
- Odoo's defaults: `21.....{NNDDD}` weight, `23.....{NNNDD}` price (Odoo documentation: 1.5 kg
  of pasta with PLU 12345 is 2112345015002).

Pure: no I/O, never reads the clock; refusals are `ScaleCodeRefused` with a reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

MAX_WEIGHT_G = 30_000  # a counter or label scale weighs at most 30 kg: more is a misread
MAX_LABEL_PRICE_FEN = 999_999  # ¥9,999.99 for one pack of produce is a misread


class ValueKind(StrEnum):
    PRICE = "price"  # in yuan with `decimals` decimals
    WEIGHT = "weight"  # in kilograms with `decimals` decimals


class ScaleCodeProblem(StrEnum):
    BAD_CHECK_DIGIT = "bad_check_digit"  # the EAN check digit does not match: a misread
    BAD_PRICE_CHECK = "bad_price_check"  # the scale's price check digit does not match
    ZERO_WEIGHT = "zero_weight"
    ABSURD_WEIGHT = "absurd_weight"
    ZERO_PRICE = "zero_price"
    ABSURD_PRICE = "absurd_price"
    UNKNOWN_PLU = "unknown_plu"  # no catalogue item has this PLU (judged by the service)
    BAD_RULE = "bad_rule"  # a pattern in the settings that is not a rule


class ScaleCodeRefused(Exception):
    """A scale label the counter must not sell from. Nothing was added."""

    def __init__(self, problem: ScaleCodeProblem, detail: str = "") -> None:
        super().__init__(f"{problem.value}: {detail}" if detail else problem.value)
        self.problem = problem
        self.detail = detail


@dataclass(frozen=True)
class ValueField:
    kind: ValueKind
    digits: int
    decimals: int


@dataclass(frozen=True)
class BarcodeRule:
    pattern: str  # as written in the settings: the rule's name too
    prefix: str
    plu_digits: int
    fields: tuple[ValueField, ...]
    price_check: bool = False  # a GS1 price check digit stands right before the price

    @property
    def length(self) -> int:
        return (len(self.prefix) + self.plu_digits + sum(f.digits for f in self.fields)
                + int(self.price_check) + 1)

    def field(self, kind: ValueKind) -> ValueField | None:
        return next((f for f in self.fields if f.kind is kind), None)


@dataclass(frozen=True)
class ScaleLabel:
    """What a scale label says: which PLU, and its price and/or weight."""

    code: str
    rule: BarcodeRule
    plu: str  # without leading zeros ("00123" → "123"), as the catalogue keeps it
    price_fen: int | None
    weight_g: int | None


_PATTERN = re.compile(r"(?P<prefix>\d+)(?P<plu>\.+)(?P<rest>(?:V?\{(?:price|weight):N*D*\})+)")
_FIELD = re.compile(r"(?P<check>V?)\{(?P<kind>price|weight):(?P<n>N*)(?P<d>D*)\}")


def parse_rule(pattern: str) -> BarcodeRule:
    """The rule a pattern writes. Raises ScaleCodeRefused(BAD_RULE) for anything else."""
    text = pattern.strip().replace(" ", "")
    match = _PATTERN.fullmatch(text)
    if not match:
        raise ScaleCodeRefused(ScaleCodeProblem.BAD_RULE, pattern[:40])
    fields: list[ValueField] = []
    price_check = False
    for part in _FIELD.finditer(match["rest"]):
        kind = ValueKind(part["kind"])
        digits = len(part["n"]) + len(part["d"])
        if part["check"]:
            if kind is not ValueKind.PRICE or digits not in (4, 5) or price_check:
                raise ScaleCodeRefused(ScaleCodeProblem.BAD_RULE, pattern[:40])
            price_check = True
        if not digits or any(f.kind is kind for f in fields):
            raise ScaleCodeRefused(ScaleCodeProblem.BAD_RULE, pattern[:40])
        fields.append(ValueField(kind, digits, len(part["d"])))
    if price_check and fields[0].kind is not ValueKind.PRICE:  # V must lead the price
        raise ScaleCodeRefused(ScaleCodeProblem.BAD_RULE, pattern[:40])
    rule = BarcodeRule(text, match["prefix"], len(match["plu"]), tuple(fields), price_check)
    if rule.length not in (13, 18):  # EAN-13, or the 18-digit labels of Chinese scales
        raise ScaleCodeRefused(ScaleCodeProblem.BAD_RULE, pattern[:40])
    return rule


# The presets: the rules each make's software prints by default (module docstring).
PRESETS: dict[str, tuple[str, ...]] = {
    "aclas": ("21.....{price:NNNDD}", "22.....{weight:NNDDD}",
              "26.....{price:NNNDD}{weight:NNDDD}"),
    "dahua": ("20.....{price:NNNDD}", "21.....{weight:NNDDD}",
              "20.....{weight:NNDDD}{price:NNNDD}"),
    "toledo": ("28.....V{price:NNDD}", "29.....{weight:NNDDD}",
               "27....V{price:NNNDD}{weight:NNDDD}"),
    "odoo": ("21.....{weight:NNDDD}", "23.....{price:NNNDD}"),
}
DEFAULT_PRESET = "aclas"


def nomenclature(preset: str, custom: Iterable[str] = ()) -> tuple[BarcodeRule, ...]:
    """The rules a counter reads scale labels with: its custom rules first, then the preset's
    ("" or "none": no preset). Raises ScaleCodeRefused(BAD_RULE) for an unknown preset or a
    custom pattern that is not a rule."""
    rules = [parse_rule(pattern) for pattern in custom if pattern.strip()]
    if preset and preset != "none":
        if preset not in PRESETS:
            raise ScaleCodeRefused(ScaleCodeProblem.BAD_RULE, preset[:40])
        rules.extend(parse_rule(pattern) for pattern in PRESETS[preset])
    return tuple(rules)


# --- check digits ----------------------------------------------------------------------------


def gs1_check_digit(body: str) -> str:
    """The GS1 (EAN/UPC) modulo-10 check digit of `body`: weights 3, 1, 3… from the right."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return str(-total % 10)


# GS1's weighted products for price check digits: each maps a digit to one digit.
_WEIGHTS = {
    "2-": (0, 2, 4, 6, 8, 9, 1, 3, 5, 7),
    "3": (0, 3, 6, 9, 2, 5, 8, 1, 4, 7),
    "5+": (0, 5, 1, 6, 2, 7, 3, 8, 4, 9),
    "5-": (0, 5, 9, 4, 8, 3, 7, 2, 6, 1),
}
_PRICE4 = ("2-", "2-", "3", "5-")
_PRICE5 = ("5+", "2-", "5-", "5+", "2-")


def price_check_digit(price: str) -> str:
    """The GS1 price check digit of a four- or five-digit price field."""
    if len(price) == 4:
        return str(sum(_WEIGHTS[w][int(d)] for w, d in zip(_PRICE4, price, strict=True)) * 3
                   % 10)
    if len(price) == 5:
        wanted = -sum(_WEIGHTS[w][int(d)] for w, d in zip(_PRICE5, price, strict=True)) % 10
        return str(_WEIGHTS["5-"].index(wanted))
    raise ValueError(f"a price check digit covers 4 or 5 digits, not {len(price)}")


# --- reading and writing ---------------------------------------------------------------------


def rule_for(code: str, rules: Sequence[BarcodeRule]) -> BarcodeRule | None:
    """The first rule whose prefix and length fit the code; None: not a scale label."""
    digits = code.strip()
    if not digits.isascii() or not digits.isdigit():
        return None
    return next((r for r in rules if len(digits) == r.length and digits.startswith(r.prefix)),
                None)


def decode(code: str, rules: Sequence[BarcodeRule]) -> ScaleLabel | None:
    """What a scanned scale label says; None when no rule fits it (an ordinary barcode).

    Raises ScaleCodeRefused for a bad check digit or price check digit, and for a zero or
    absurd weight or price: a misread must never add goods."""
    digits = code.strip()
    rule = rule_for(digits, rules)
    if rule is None:
        return None
    if gs1_check_digit(digits[:-1]) != digits[-1]:
        raise ScaleCodeRefused(ScaleCodeProblem.BAD_CHECK_DIGIT, digits)
    at = len(rule.prefix)
    plu = digits[at:at + rule.plu_digits]
    at += rule.plu_digits
    if rule.price_check:
        verifier, at = digits[at], at + 1
    values: dict[ValueKind, int] = {}
    for field in rule.fields:
        raw = digits[at:at + field.digits]
        at += field.digits
        if rule.price_check and field.kind is ValueKind.PRICE and \
                price_check_digit(raw) != verifier:
            raise ScaleCodeRefused(ScaleCodeProblem.BAD_PRICE_CHECK, digits)
        values[field.kind] = _scaled(int(raw), field.decimals,
                                     2 if field.kind is ValueKind.PRICE else 3)
    label = ScaleLabel(digits, rule, plu.lstrip("0") or "0", values.get(ValueKind.PRICE),
                       values.get(ValueKind.WEIGHT))
    check_label(label)
    return label


def check_label(label: ScaleLabel) -> None:
    """Zero or absurd weights and prices are misreads or tests of the scale: refused."""
    if label.weight_g is not None:
        if label.weight_g <= 0:
            raise ScaleCodeRefused(ScaleCodeProblem.ZERO_WEIGHT, label.code)
        if label.weight_g > MAX_WEIGHT_G:
            raise ScaleCodeRefused(ScaleCodeProblem.ABSURD_WEIGHT, label.code)
    if label.price_fen is not None:
        if label.price_fen <= 0:
            raise ScaleCodeRefused(ScaleCodeProblem.ZERO_PRICE, label.code)
        if label.price_fen > MAX_LABEL_PRICE_FEN:
            raise ScaleCodeRefused(ScaleCodeProblem.ABSURD_PRICE, label.code)


def encode(rule: BarcodeRule, plu: str, price_fen: int | None = None,
           weight_g: int | None = None) -> str:
    """The label a scale prints under `rule` (for the simulator, the demo and the tests).
    Raises ValueError when a value is missing, not exact in the field's decimals, or too big."""
    if not plu.isdigit() or len(plu) > rule.plu_digits:
        raise ValueError(f"PLU {plu!r} does not fit {rule.plu_digits} digits")
    body = rule.prefix + plu.zfill(rule.plu_digits)
    for index, field in enumerate(rule.fields):
        value = price_fen if field.kind is ValueKind.PRICE else weight_g
        if value is None:
            raise ValueError(f"{rule.pattern} needs a {field.kind.value}")
        unit = 2 if field.kind is ValueKind.PRICE else 3
        raw = _unscaled(value, field.decimals, unit)
        text = str(raw).zfill(field.digits)
        if len(text) > field.digits:
            raise ValueError(f"{value} does not fit {field.digits} digits")
        if rule.price_check and index == 0:
            body += price_check_digit(text)
        body += text
    return body + gs1_check_digit(body)


def _pow10(exponent: int) -> int:
    return int(10 ** exponent)


def _scaled(raw: int, decimals: int, unit_decimals: int) -> int:
    """A field's number in fen (unit 2) or grams (unit 3): 1500 with 3 decimals → 1500 g."""
    if decimals <= unit_decimals:
        return raw * _pow10(unit_decimals - decimals)
    return raw // _pow10(decimals - unit_decimals)  # finer than a fen or gram: cut, as scales do


def _unscaled(value: int, decimals: int, unit_decimals: int) -> int:
    if decimals >= unit_decimals:
        return value * _pow10(decimals - unit_decimals)
    step = _pow10(unit_decimals - decimals)
    if value % step:
        raise ValueError(f"{value} is not a whole {step} in a field with {decimals} decimals")
    return value // step
