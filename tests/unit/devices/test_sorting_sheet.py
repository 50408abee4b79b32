"""The sorting sheet (分拣单) on paper, checked by the independent ESC/POS parser, and kept by the
print journal."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from station_app.devices.documents import document_from_json, kind_of, layout_document
from station_app.devices.escpos_render import render_lines
from station_app.devices.printer_settings import PrinterSettings
from station_app.devices.receipt_layout import Cut, TextLine, display_width
from station_app.devices.sorting_sheet import SortingSheet, sorting_sheet_for
from station_app.paths import VIRTUAL_PRINTER_DIR, DataDir
from station_app.services.print_journal import PrintJournal, journal_document
from station_app.services.printing import print_job
from station_app.services.sorting_views import (
    Household,
    SheetEntry,
    SheetOrder,
    SortingSheetData,
)
from station_app.storage.database import open_database
from tests.oracle.oracle import OracleResult, parse_receipt
from tests.paper_language import wrong_language

NOW = datetime(2026, 11, 25, 1, 30, tzinfo=UTC)  # 09:30 China time
EGG, RICE, SPINACH = "土鸡蛋 30枚", "五常大米 10kg", "有机菠菜 500g"
APPLE = "新疆阿克苏冰糖心苹果 5斤装 特级大果 产地直发"  # wraps on either paper
ZHANG = ("XF01-261125-0011", "A-1-001", "张**", "5521", "3栋1单元502")
LI = ("XF01-261125-0012", "A-1-002", "李*", "0932", "12号楼2单元101")
CHEN = ("XF01-261125-0013", "B-2-010", "陈**", "7788", "3栋2单元1201")
WANG = ("XF01-261125-0019", None, "王**", "1234", "")  # no slot, no address


def entry(bag: tuple[Any, ...], sku: str, product: str, unit: str, units: int) -> SheetEntry:
    order_no, slot, name, tail, address = bag
    return SheetEntry(order_no, slot, Household(name, tail), address, sku, product, unit,
                      units, 0)


ENTRIES = (
    entry(ZHANG, "EGG30", EGG, "盒", 2), entry(ZHANG, "SPIN", SPINACH, "袋", 1),
    entry(ZHANG, "APPLE5", APPLE, "箱", 1), entry(LI, "EGG30", EGG, "盒", 1),
    entry(LI, "RICE10", RICE, "袋", 1), entry(CHEN, "SPIN", SPINACH, "袋", 3),
    entry(WANG, "EGG30", EGG, "盒", 12),
)


def shelf(e: SheetEntry) -> tuple[bool, str]:
    return e.slot is None, e.slot or e.order_no


# The orders Sorting.sheet hands over (services/sorting.py), which the sheet prints as given.
SORTED = {
    SheetOrder.PRODUCT: lambda e: (e.product, e.sku, *shelf(e)),
    SheetOrder.SLOT: lambda e: (*shelf(e), e.order_no, e.product),
    SheetOrder.ADDRESS: lambda e: (e.address_line == "", e.address_line, *shelf(e), e.product),
}


def data(order: SheetOrder) -> SortingSheetData:
    entries = tuple(sorted(ENTRIES, key=SORTED[order]))
    return SortingSheetData(order, entries, 4, sum(e.units for e in entries))


def sheet(order: SheetOrder, language: str = "zh_CN") -> SortingSheet:
    return sorting_sheet_for(data(order), "幸福里社区自提点", "XF01", NOW, language)


# What each layout prints, in order, spaces left out (wrapping moves them): group heads with
# their units, then every row with its box. {t}: phone tail, <n>: a group's units.
EXPECTED = {
    SheetOrder.PRODUCT: [
        "五常大米10kg×1袋", "□A-1-002×1袋李*{t}0932",
        "土鸡蛋30枚×15盒", "□A-1-001×2盒张**{t}5521", "□A-1-002×1盒李*{t}0932",
        "□XF01-261125-0019×12盒王**{t}1234",
        "新疆阿克苏冰糖心苹果5斤装特级大果产地直发×1箱", "□A-1-001×1箱张**{t}5521",
        "有机菠菜500g×4袋", "□A-1-001×1袋张**{t}5521", "□B-2-010×3袋陈**{t}7788",
    ],
    SheetOrder.SLOT: [
        "A-1-001张**{t}5521<4>", "□土鸡蛋30枚×2盒",
        "□新疆阿克苏冰糖心苹果5斤装特级大果产地直发×1箱", "□有机菠菜500g×1袋",
        "A-1-002李*{t}0932<2>", "□五常大米10kg×1袋", "□土鸡蛋30枚×1盒",
        "B-2-010陈**{t}7788<3>", "□有机菠菜500g×3袋",
        "XF01-261125-0019王**{t}1234<12>", "□土鸡蛋30枚×12盒",
    ],
    SheetOrder.ADDRESS: [
        "12号楼<2>", "2单元101李*{t}0932A-1-002", "□五常大米10kg×1袋", "□土鸡蛋30枚×1盒",
        "3栋<7>", "1单元502张**{t}5521A-1-001", "□土鸡蛋30枚×2盒",
        "□新疆阿克苏冰糖心苹果5斤装特级大果产地直发×1箱", "□有机菠菜500g×1袋",
        "2单元1201陈**{t}7788B-2-010", "□有机菠菜500g×3袋",
        "{none}<12>", "王**{t}1234XF01-261125-0019", "□土鸡蛋30枚×12盒",
    ],
}
WORDS: dict[str, dict[str, str]] = {
    "zh_CN": {"title": "分拣单", SheetOrder.PRODUCT: "按商品", SheetOrder.SLOT: "按货架位",
              SheetOrder.ADDRESS: "按楼栋", "t": "尾号", "none": "无地址",
              "totals": "订单数4 待分拣件数21", "as_of": "截至 2026-11-25 09:30"},
    "en": {"title": "Sorting sheet", SheetOrder.PRODUCT: "by product",
           SheetOrder.SLOT: "by slot", SheetOrder.ADDRESS: "by building", "t": "phonetail",
           "none": "Noaddress", "totals": "Orders4 Unitstoplace21",
           "as_of": "As of 2026-11-25 09:30"},
}


def units(n: int, language: str) -> str:
    if language == "zh_CN":
        return f"共{n}件"
    return f"{n}unit" if n == 1 else f"{n}units"


def expected(order: SheetOrder, language: str) -> list[str]:
    words = WORDS[language]
    return [re.sub(r"<(\d+)>", lambda found: units(int(found[1]), language),
                   fragment.replace("{t}", words["t"]).replace("{none}", words["none"]))
            for fragment in [*words["totals"].split(), *EXPECTED[order]]]


def printed(document: object, settings: PrinterSettings, tmp_path: Path) -> OracleResult:
    lines = layout_document(document, settings.columns, cut=settings.cut)  # China time
    return parse_receipt(render_lines(lines, settings), tmp_path,
                         width_dots=settings.width_dots)


def in_order(text: str, fragments: list[str]) -> list[str]:
    """The fragments not found in `text` after the one before them."""
    missing, at = [], 0
    for fragment in fragments:
        found = text.find(fragment, at)
        if found < 0:
            missing.append(fragment)
        else:
            at = found + len(fragment)
    return missing


PAPERS = [  # (language, paper mm, encoding, kanji mode)
    ("zh_CN", 80, "gb18030", False), ("zh_CN", 58, "gb18030", False),
    ("zh_CN", 58, "gbk", True), ("en", 80, "gb18030", False), ("en", 58, "gbk", False),
]


@pytest.mark.parametrize("order", list(SheetOrder))
@pytest.mark.parametrize(("language", "width", "encoding", "kanji"), PAPERS)
def test_every_row_prints_in_its_group_in_the_layouts_order(
        tmp_path: Path, order: SheetOrder, language: str, width: int, encoding: Any,
        kanji: bool) -> None:
    settings = PrinterSettings(paper_width_mm=width, encoding=encoding, kanji_mode=kanji)
    result = printed(sheet(order, language), settings, tmp_path)
    lines = result.text_lines
    words = WORDS[language]
    assert lines[0].startswith(words["title"])
    assert words[order] in lines[0] + lines[1]
    assert "幸福里社区自提点 XF01" in lines and words["as_of"] in lines
    body = "".join("".join(line.split()) for line in lines if line.strip("-"))
    assert in_order(body, expected(order, language)) == []
    assert body.count("□") == len(ENTRIES)  # one box per row, nowhere else
    assert all(line.startswith(("□ ", "   ")) for line in lines if "□" in line)
    assert not [line for line in lines if display_width(line) > settings.columns]
    assert re.search(r"\d{11}", "".join(lines)) is None  # never a whole phone number
    assert "?" not in "".join(lines)  # every character went out in the printer's encoding
    assert result.cuts == 1 and result.receipts[-1].boundary == "cut"
    assert result.drawer_kicks == 0 and result.unknown_commands == []


@pytest.mark.parametrize("order", list(SheetOrder))
def test_lines_fit_the_paper_double_size_included(order: SheetOrder) -> None:
    for language in ("zh_CN", "en"):
        for columns in (32, 48):
            document = replace(sheet(order, language), reprint=True)
            lines = layout_document(document, columns)
            assert isinstance(lines[-1], Cut)
            for line in lines:
                if isinstance(line, TextLine):
                    assert display_width(line.text) * (2 if line.double else 1) <= columns, line


def texts(document: SortingSheet, columns: int = 48) -> list[str]:
    return [line.text for line in layout_document(document, columns)
            if isinstance(line, TextLine)]


def test_a_title_too_wide_for_double_size_splits_rather_than_breaks() -> None:
    assert texts(sheet(SheetOrder.SLOT))[0] == "分拣单 · 按货架位"
    assert texts(sheet(SheetOrder.SLOT), 32)[:2] == ["分拣单", "按货架位"]
    assert texts(sheet(SheetOrder.PRODUCT), 32)[0] == "分拣单 · 按商品"


def test_two_products_of_one_name_are_told_apart_by_sku() -> None:
    small = entry(LI, "EGG10", EGG, "盒", 1)
    entries = tuple(sorted((*ENTRIES, small), key=SORTED[SheetOrder.PRODUCT]))
    document = sorting_sheet_for(SortingSheetData(SheetOrder.PRODUCT, entries, 4, 22),
                                 "幸福里社区自提点", "XF01", NOW, "zh_CN")
    heads = [text for text in texts(document) if text.startswith(EGG)]
    assert [head.split()[2] for head in heads] == ["[EGG10]", "[EGG30]"]
    assert not any(text.startswith("五常大米 10kg [") for text in texts(document))


@pytest.mark.parametrize("order", list(SheetOrder))
def test_the_sheet_speaks_its_language_around_the_stations_data(order: SheetOrder) -> None:
    data_words = {"幸福里社区自提点", *(text for e in ENTRIES for text in (  # names wrap
        e.product, *e.product.split(), e.unit, e.household.customer_name,
        *_building_words(e.address_line)))}
    for language in ("zh_CN", "en"):
        for columns in (32, 48):
            assert wrong_language(texts(sheet(order, language), columns), language,
                                  data_words) == []


def _building_words(address: str) -> list[str]:
    # the sheet prints an address as building and room: both are the station's data
    return [address, *re.split(r"(?<=栋)|(?<=号楼)", address)]


def test_nothing_left_to_sort_says_so() -> None:
    empty = sorting_sheet_for(SortingSheetData(SheetOrder.PRODUCT, (), 0, 0), "幸福里社区自提点",
                              "XF01", NOW, "zh_CN")
    assert "没有待分拣的商品" in texts(empty)
    assert isinstance(layout_document(empty, 32)[-1], Cut)
    assert not isinstance(layout_document(empty, 32, cut=False)[-1], Cut)


def test_json_round_trip_and_garbage() -> None:
    for order in SheetOrder:
        for language in ("zh_CN", "en"):
            document = sheet(order, language)
            assert document.layout == order.value
            assert document_from_json("sorting_sheet", document.to_json()) == document
    reprint = replace(sheet(SheetOrder.SLOT), reprint=True)
    assert SortingSheet.from_json(reprint.to_json()) == reprint
    good = json.loads(sheet(SheetOrder.ADDRESS).to_json())
    broken = [
        "nope", "[]", "{}", json.dumps({**good, "kind": "report"}),
        json.dumps({**good, "layout": "colour"}), json.dumps({**good, "language": "fr"}),
        json.dumps({**good, "printed_at": "2026-11-25T09:30:00"}),  # naive
        json.dumps({**good, "units": True}), json.dumps({**good, "orders": "4"}),
        json.dumps({**good, "entries": [{**good["entries"][0], "units": 1.5}]}),
        json.dumps({**good, "entries": [{**good["entries"][0], "slot": 7}]}),
    ]
    for text in broken:
        with pytest.raises(ValueError):
            SortingSheet.from_json(text)
    with pytest.raises(ValueError):
        sorting_sheet_for(data(SheetOrder.SLOT), "站", "XF01", NOW.replace(tzinfo=None), "zh_CN")


def test_the_print_journal_keeps_prints_and_reprints_it(tmp_path: Path) -> None:
    folder = DataDir(tmp_path / "data")
    db = open_database(folder.database, folder.backups)
    document = sheet(SheetOrder.PRODUCT)
    assert kind_of(document).kind == "sorting_sheet"
    with db.writing() as session:
        job = journal_document(session, document, NOW)
        session.flush()
        job_id = job.id
    journal = PrintJournal(db, lambda: NOW)
    pending = journal.job(job_id)
    assert pending is not None and pending.document == document
    assert pending.reference == "SORT-XF01-20261125-093000-product"

    settings = PrinterSettings(paper_width_mm=58)
    assert print_job(journal, job_id, settings, folder).error is None
    again = journal.reprint(pending.reference)
    assert again is not None and again.document == replace(document, reprint=True)
    assert print_job(journal, again.job_id, settings, folder).error is None
    assert journal.queued() == [] and journal.failed_count() == 0

    jobs = sorted((folder.root / VIRTUAL_PRINTER_DIR).glob("*.bin"))
    assert [path.name for path in jobs] == [f"00000{n}-SORT-XF01-20261125-093000-product.bin"
                                            for n in (1, 2)]
    parsed = []
    for path in jobs:
        path.with_suffix("").mkdir()  # the oracle's own files, one folder a job
        parsed.append(parse_receipt(path.read_bytes(), path.with_suffix(""), width_dots=384))
    first, second = parsed
    assert first.text_lines[0] == "分拣单 · 按商品" and "** 重打印 **" not in first.text_lines
    assert "** 重打印 **" in second.text_lines
    assert first.cuts == second.cuts == 1
