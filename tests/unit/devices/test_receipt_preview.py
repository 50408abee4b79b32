from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from station_app.devices import dot_font
from station_app.devices.printer_settings import PrinterSettings
from station_app.devices.receipt_preview import render_preview_png
from tests.oracle.oracle import decode_qr_png
from tests.unit.devices.conftest import ORDER_NO, sample_receipt


@pytest.mark.parametrize(("paper_mm", "paper_px"), [(80, 639), (58, 464)])
def test_preview_is_paper_wide_and_its_qr_decodes(
    tmp_path: Path, paper_mm: int, paper_px: int
) -> None:
    png = render_preview_png(sample_receipt(), PrinterSettings(paper_width_mm=paper_mm))
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"
        assert image.width == paper_px
        assert image.height > 600
    path = tmp_path / "preview.png"
    path.write_bytes(png)
    assert decode_qr_png(path) == [ORDER_NO]


def test_preview_has_ink_in_the_title_row() -> None:
    png = render_preview_png(sample_receipt(), PrinterSettings())
    with Image.open(io.BytesIO(png)) as image:
        title = image.crop((0, 20, image.width, 70))
        assert title.getextrema()[0] < 100  # dark pixels: the title was drawn


def test_preview_falls_back_when_no_cjk_font_is_installed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(dot_font, "find_cjk_font", lambda: None)
    dot_font._font.cache_clear()
    dot_font.cell_glyph.cache_clear()
    try:
        png = render_preview_png(sample_receipt(), PrinterSettings(paper_width_mm=58))
    finally:
        dot_font._font.cache_clear()
        dot_font.cell_glyph.cache_clear()
    with Image.open(io.BytesIO(png)) as image:
        assert image.width == 464
