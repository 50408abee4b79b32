"""Label bytes read back by the tests' own TSPL and ZPL interpreters (tests/label_oracle): the
QR code decodes, the text is where the layout put it, nothing leaves the stock. For every
label size, both languages, and the bag label's variants."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import numpy
import pytest
import zxingcpp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from station_app.devices.labels.label import (
    MARGIN_DOTS,
    STOCKS,
    LabelDocument,
    LabelQr,
    LabelText,
    extent,
    fits,
)
from station_app.devices.labels.label_settings import LabelPrinterSettings
from station_app.devices.labels.layouts import layout_test_label, pickup_label_document
from station_app.devices.labels.tspl import render_tspl
from station_app.devices.labels.zpl import render_zpl
from station_app.devices.pickup_label import PickupLabel
from tests.label_oracle.canvas import Label, same_place
from tests.label_oracle.tspl import run_tspl
from tests.label_oracle.zpl import run_zpl

AT = datetime(2026, 11, 26, 1, 30, tzinfo=UTC)
BASE = PickupLabel("XF01-261126-000011", "A-3-017", "", "张**", "1234", 3, "幸福里社区自提点",
                   "XF01", AT)
VARIANTS = {
    "plain": {},
    "with_code": {"pickup_code": "482913"},
    "short": {"shortage": "新疆阿克苏冰糖心苹果 ×1"},
    "reprint": {"reprint": True},
    "no_slot": {"slot": ""},
    "english": {"language": "en"},
    # 𠮷 (U+20BB7) has no GBK code: TSPL must draw that line as a picture
    "rare_name": {"customer_name": "𠮷**"},
    "long_number": {"order_no": "XF01-261126-000011-REPLACEMENT-7"},
}


def read_back(document: LabelDocument, language: str, font: str = "E:ANMDS.TTF") -> Label:
    data = render_tspl(document) if language == "tspl" else render_zpl(document, font)
    run = run_tspl(data) if language == "tspl" else run_zpl(data)
    assert len(run.labels) == 1
    return run.labels[0]


def decoded(image: Image.Image) -> list[str]:
    return [found.text for found in zxingcpp.read_barcodes(image)]


def assert_on_stock(document: LabelDocument, printed: Label) -> None:
    stock = document.stock
    assert (printed.width, printed.height) == (stock.width_dots, stock.height_dots)
    assert printed.outside() == []
    # the head cannot reach the outer millimetre: no ink there
    inner = printed.image.crop((MARGIN_DOTS, MARGIN_DOTS, printed.width - MARGIN_DOTS,
                                printed.height - MARGIN_DOTS))
    ink = numpy.asarray(printed.image) < 128
    assert ink.sum() == (numpy.asarray(inner) < 128).sum() > 0


@pytest.mark.parametrize("language", ["tspl", "zpl"])
@pytest.mark.parametrize("stock", sorted(STOCKS))
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_the_bag_label_reads_back(language: str, stock: str, variant: str) -> None:
    label = replace(BASE, **VARIANTS[variant])
    document = pickup_label_document(label, LabelPrinterSettings(language=language,  # type: ignore[arg-type]
                                                                 stock=stock))  # type: ignore[arg-type]
    assert fits(document)
    printed = read_back(document, language)
    assert decoded(printed.image) == [label.order_no]
    assert_on_stock(document, printed)
    texts = [e for e in document.elements if isinstance(e, LabelText)]
    placed = {(p.box[0], p.box[1]): p for p in printed.placed if p.kind in ("text", "bitmap")}
    for element in texts:
        at = placed[(element.x, element.y)]
        assert same_place(at, extent(element))  # the layout's cell grid, on the printer too
        if at.kind == "text":
            assert at.data == element.text
    if label.slot:  # the slot first, in double size: read across the room
        assert printed.placed[0].data == label.slot
        assert printed.placed[0].box[3] - printed.placed[0].box[1] == 48
    if variant == "rare_name" and language == "tspl":
        # the line with 𠮷 went as a picture, in the place of the text it stands for
        line = next(e for e in texts if "𠮷" in e.text)
        assert placed[(line.x, line.y)].kind == "bitmap"
    if variant == "with_code":
        assert any("482913" in p.data for p in printed.texts())


@pytest.mark.parametrize("stock", sorted(STOCKS))
def test_zpl_without_a_chinese_font_draws_chinese_as_pictures(stock: str) -> None:
    settings = LabelPrinterSettings(language="zpl", stock=stock, zpl_font="")  # type: ignore[arg-type]
    document = pickup_label_document(BASE, settings)
    printed = read_back(document, "zpl", font="")
    assert decoded(printed.image) == [BASE.order_no]
    assert_on_stock(document, printed)
    kinds = {p.data: p.kind for p in printed.placed}
    assert kinds["A-3-017"] == "text"  # ASCII in the printer's font
    assert all("张" not in p.data for p in printed.texts())  # Chinese only as pictures
    assert sum(1 for p in printed.placed if p.kind == "bitmap") >= 2


def test_the_bytes_say_what_the_stock_is() -> None:
    settings = LabelPrinterSettings(language="tspl", stock="60x40", gap_mm=3.0,
                                    darkness=12, speed=3, direction=0)
    printed = read_back(pickup_label_document(BASE, settings), "tspl")
    assert printed.settings["GAP"] == "3 mm,0 mm"
    assert (printed.settings["DENSITY"], printed.settings["SPEED"]) == ("12", "3")
    assert printed.settings["DIRECTION"] == "0,0"
    mark = replace(settings, media="black_mark")
    assert read_back(pickup_label_document(BASE, mark), "tspl").settings["BLINE"] == "3 mm,0 mm"
    zebra = read_back(pickup_label_document(BASE, replace(settings, language="zpl")), "zpl")
    assert (zebra.settings["PW"], zebra.settings["LL"], zebra.settings["MN"]) == ("480", "320",
                                                                                  "Y")
    assert zebra.settings["CI"] == "28" and zebra.settings["PO"] == "I"


def test_a_quote_caret_or_tilde_in_a_name_is_printed_not_obeyed() -> None:
    label = replace(BASE, customer_name='"^XZ~JC_', station_name="王^FS")
    for language in ("tspl", "zpl"):
        settings = LabelPrinterSettings(language=language, stock="60x40")  # type: ignore[arg-type]
        printed = read_back(pickup_label_document(label, settings), language)
        assert any(p.data.startswith('"^XZ~JC_') for p in printed.texts())
        assert any(p.data == "王^FS" for p in printed.texts())
        assert decoded(printed.image) == [label.order_no]


@pytest.mark.parametrize("language", ["tspl", "zpl"])
@pytest.mark.parametrize("stock", sorted(STOCKS))
def test_the_test_label_reads_back(language: str, stock: str) -> None:
    settings = LabelPrinterSettings(language=language, stock=stock)  # type: ignore[arg-type]
    document = layout_test_label(settings, "幸福里社区自提点", AT)
    printed = read_back(document, language)
    assert_on_stock(document, printed)
    assert "STATIONAPP-LABEL-TEST" in decoded(printed.image)
    assert any(p.kind == "box" for p in printed.placed)
    assert any(p.data.startswith("标签测试") for p in printed.texts())


# --- every label fits its stock ---------------------------------------------------------------

_TEXT = st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")), max_size=40)
_LABELS = st.builds(
    PickupLabel,
    order_no=st.from_regex(r"[A-Z]{2}[0-9]{2}-[0-9]{6}-[0-9]{6}", fullmatch=True),
    slot=st.one_of(st.just(""), st.from_regex(r"[A-Z]-[1-9]-[0-9]{3}", fullmatch=True), _TEXT),
    pickup_code=st.one_of(st.just(""), st.from_regex(r"[0-9]{6}", fullmatch=True)),
    customer_name=_TEXT, phone_tail=st.from_regex(r"[0-9]{4}", fullmatch=True),
    item_count=st.integers(0, 9999), station_name=_TEXT, station_code=st.just("XF01"),
    labelled_at=st.just(AT), shortage=st.one_of(st.none(), _TEXT),
    language=st.sampled_from(["zh_CN", "en"]), reprint=st.booleans())


@given(label=_LABELS, stock=st.sampled_from(sorted(STOCKS)))
@settings(max_examples=300, deadline=None)
def test_every_bag_label_fits_its_stock(label: PickupLabel, stock: Any) -> None:
    document = pickup_label_document(label, LabelPrinterSettings(language="tspl", stock=stock))
    assert fits(document)
    qr = next(e for e in document.elements if isinstance(e, LabelQr))
    boxes = [extent(e) for e in document.elements]
    # nothing is drawn over the QR code
    assert all(b == extent(qr) or b[0] >= extent(qr)[2] or b[1] >= extent(qr)[3]
               or b[3] <= extent(qr)[1] for b in boxes)


@given(label=_LABELS, stock=st.sampled_from(sorted(STOCKS)),
       language=st.sampled_from(["tspl", "zpl"]))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_every_bag_label_prints_inside_its_stock_and_scans(label: PickupLabel, stock: Any,
                                                          language: str) -> None:
    document = pickup_label_document(label, LabelPrinterSettings(language=language,  # type: ignore[arg-type]
                                                                 stock=stock))
    printed = read_back(document, language)
    assert_on_stock(document, printed)
    assert decoded(printed.image) == [label.order_no]
