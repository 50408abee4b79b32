"""Characters drawn as a thermal printer's head lays them: each centred in its cell of the
printer's grid (12 dots a half-width character, 24 a hanzi, 24 high, times a scale), so a
drawn line is exactly as wide as a printed one. The receipt preview and the label pictures
(TSPL BITMAP, ZPL ^GF, the label preview) share the font and the cache.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

# (file, face index): the monospaced face where a collection has one, since the printer's
# own Latin glyphs are fixed-width too
_FONT_FILES = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 1),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 1),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 0),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 0),
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc", 0),
)
_WINDOWS_FONTS = (("simsun.ttc", 0), ("msyh.ttc", 0), ("simhei.ttf", 0))

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@lru_cache(maxsize=4096)
def cell_glyph(char: str, cell_width: int, cell_height: int, baseline: float) -> Image.Image:
    """The mask ("1") of `char` centred in a cell, its baseline at `baseline` of the cell's
    height. Drawn once: receipts and labels repeat digits and words endlessly, and FreeType
    rendering is most of a picture's cost."""
    mask = Image.new("1", (cell_width, cell_height), 0)
    ImageDraw.Draw(mask).text((cell_width // 2, round(cell_height * baseline)), char,
                              font=_font(cell_height - cell_height // 12), fill=1, anchor="ms")
    return mask


@lru_cache(maxsize=8)
def _font(size: int) -> Font:
    found = find_cjk_font()
    if found is not None:
        try:
            return ImageFont.truetype(str(found[0]), size, index=found[1])
        except OSError:
            pass
    # no CJK font: hanzi show as boxes, but the picture still has the right layout
    return ImageFont.load_default(size)


@lru_cache(maxsize=1)
def find_cjk_font() -> tuple[Path, int] | None:
    """A font with hanzi and its face index: WenQuanYi or Noto CJK, SimSun or YaHei."""
    candidates = [(Path(name), index) for name, index in _FONT_FILES]
    windir = os.environ.get("WINDIR")
    if windir:
        candidates += [(Path(windir) / "Fonts" / name, index) for name, index in _WINDOWS_FONTS]
    return next(((path, index) for path, index in candidates if path.is_file()), None)
