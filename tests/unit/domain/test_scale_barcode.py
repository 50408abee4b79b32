"""Scale labels: every preset's rules read back what they wrote, real sample codes from the
manuals read as they say, and misreads never pass."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station_app.domain.scale_barcode import (
    MAX_LABEL_PRICE_FEN,
    MAX_WEIGHT_G,
    PRESETS,
    BarcodeRule,
    ScaleCodeProblem,
    ScaleCodeRefused,
    ValueKind,
    decode,
    encode,
    gs1_check_digit,
    nomenclature,
    parse_rule,
    price_check_digit,
)

ALL_RULES = [(preset, rule) for preset in PRESETS for rule in nomenclature(preset)]


def _values(rule: BarcodeRule, data: st.DataObject) -> tuple[str, int | None, int | None]:
    plu = data.draw(st.integers(1, 10 ** rule.plu_digits - 1)).__str__()
    price = weight = None
    for field in rule.fields:
        step = 10 ** ((2 if field.kind is ValueKind.PRICE else 3) - field.decimals)
        most = (10 ** field.digits - 1) * step
        cap = MAX_LABEL_PRICE_FEN if field.kind is ValueKind.PRICE else MAX_WEIGHT_G
        value = data.draw(st.integers(1, min(most, cap) // step)) * step
        if field.kind is ValueKind.PRICE:
            price = value
        else:
            weight = value
    return plu, price, weight


@pytest.mark.parametrize(("preset", "rule"), ALL_RULES,
                         ids=[f"{p}:{r.pattern}" for p, r in ALL_RULES])
@given(data=st.data())
def test_every_preset_rule_reads_back_what_it_wrote(preset: str, rule: BarcodeRule,
                                                    data: st.DataObject) -> None:
    plu, price, weight = _values(rule, data)
    code = encode(rule, plu, price_fen=price, weight_g=weight)
    assert len(code) == rule.length and code.isdigit()
    label = decode(code, nomenclature(preset))
    assert label is not None and label.rule == rule
    assert (label.plu, label.price_fen, label.weight_g) == (plu, price, weight)


@pytest.mark.parametrize(("preset", "rule"), ALL_RULES,
                         ids=[f"{p}:{r.pattern}" for p, r in ALL_RULES])
@given(data=st.data(), position=st.integers(0, 17), bump=st.integers(1, 9))
def test_one_wrong_digit_is_never_read_as_another_label(
        preset: str, rule: BarcodeRule, data: st.DataObject, position: int, bump: int) -> None:
    plu, price, weight = _values(rule, data)
    code = encode(rule, plu, price_fen=price, weight_g=weight)
    at = len(rule.prefix) + position % (len(code) - len(rule.prefix))
    wrong = code[:at] + str((int(code[at]) + bump) % 10) + code[at + 1:]
    try:
        label = decode(wrong, [rule])
    except ScaleCodeRefused as refused:
        assert refused.problem in (ScaleCodeProblem.BAD_CHECK_DIGIT,
                                   ScaleCodeProblem.BAD_PRICE_CHECK,
                                   ScaleCodeProblem.ZERO_PRICE, ScaleCodeProblem.ZERO_WEIGHT,
                                   ScaleCodeProblem.ABSURD_PRICE,
                                   ScaleCodeProblem.ABSURD_WEIGHT)
    else:
        pytest.fail(f"{wrong} was read as {label}")


def test_odoo_documentation_sample_reads_one_and_a_half_kilograms() -> None:
    # Odoo's barcode nomenclature page: 1.5 kg of pasta (PLU 12345) is 2112345015002.
    label = decode("2112345015002", nomenclature("odoo"))
    assert label is not None
    assert (label.plu, label.weight_g, label.price_fen) == ("12345", 1500, None)


def test_aclas_thirteen_digit_sample_reads_plu_and_price() -> None:
    # Aclas dealers' description: apples, PLU 10001, ¥5.00 → 21 10001 00500 + check digit.
    body = "211000100500"
    label = decode(body + gs1_check_digit(body), nomenclature("aclas"))
    assert label is not None
    assert (label.plu, label.price_fen, label.weight_g) == ("10001", 500, None)


def test_aclas_eighteen_digit_label_carries_amount_and_weight() -> None:
    # Aclas TOP software, 18 digits: 26 XXXXX MMMMM WWWWW C (amount 2 decimals, weight 3).
    body = "26" + "10001" + "00638" + "00532"
    label = decode(body + gs1_check_digit(body), nomenclature("aclas"))
    assert label is not None
    assert (label.plu, label.price_fen, label.weight_g) == ("10001", 638, 532)


def test_gs1_price_check_digit_of_the_specification_example() -> None:
    # GS1 General Specifications, four-digit price 2875: check digit 9.
    assert price_check_digit("2875") == "9"
    assert len({price_check_digit(f"{n:05d}") for n in range(0, 100_000, 7)}) == 10


def test_a_product_ean_is_not_a_scale_label() -> None:
    assert decode("6901234500017", nomenclature("aclas")) is None
    assert decode("21-12345", nomenclature("aclas")) is None


@pytest.mark.parametrize(("code", "problem"), [
    ("2112345015003", ScaleCodeProblem.BAD_CHECK_DIGIT),
])
def test_bad_check_digit_is_refused(code: str, problem: ScaleCodeProblem) -> None:
    with pytest.raises(ScaleCodeRefused) as refused:
        decode(code, nomenclature("odoo"))
    assert refused.value.problem is problem


def test_zero_and_absurd_weights_are_refused() -> None:
    rule = parse_rule("21.....{weight:NNDDD}")
    zero = "211234500000"
    with pytest.raises(ScaleCodeRefused) as refused:
        decode(zero + gs1_check_digit(zero), [rule])
    assert refused.value.problem is ScaleCodeProblem.ZERO_WEIGHT
    heavy = "211234599999"
    with pytest.raises(ScaleCodeRefused) as refused:
        decode(heavy + gs1_check_digit(heavy), [rule])
    assert refused.value.problem is ScaleCodeProblem.ABSURD_WEIGHT


def test_toledo_price_check_digit_catches_a_price_misread_the_ean_check_misses() -> None:
    rule = nomenclature("toledo")[0]
    code = encode(rule, "12345", price_fen=1234)
    body = code[:8] + "1243"  # two price digits swapped...
    forged = body + gs1_check_digit(body)  # ...with a fresh EAN check digit
    with pytest.raises(ScaleCodeRefused) as refused:
        decode(forged, [rule])
    assert refused.value.problem is ScaleCodeProblem.BAD_PRICE_CHECK


@pytest.mark.parametrize("pattern", ["", "21{price:NNNDD}", "21.....", "21.....{kg:NNDDD}",
                                     "21....{price:NNNDD}", "21.....V{weight:NNDDD}",
                                     "21.....{price:NNNDD}{price:NNNDD}"])
def test_patterns_that_are_not_rules_are_refused(pattern: str) -> None:
    with pytest.raises(ScaleCodeRefused) as refused:
        parse_rule(pattern)
    assert refused.value.problem is ScaleCodeProblem.BAD_RULE


def test_custom_rules_come_before_the_preset() -> None:
    rules = nomenclature("aclas", ["21.....{weight:NNDDD}"])
    label = decode("2112345015002", rules)
    assert label is not None and label.weight_g == 1500 and label.price_fen is None
