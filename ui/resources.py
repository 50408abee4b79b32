"""Finding the files in `resources/` whether run from a checkout or from a frozen build."""

from __future__ import annotations

import sys
from pathlib import Path

# Chinese-capable UI fonts, first found wins: Windows, macOS, then the Linux CJK families.
FONT_FAMILIES = ["Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC",
                 "WenQuanYi Micro Hei", "Source Han Sans SC", "sans-serif"]


def resources_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)  # PyInstaller one-folder build (installer issue)
    base = Path(frozen) if frozen else Path(__file__).resolve().parent.parent
    return base / "resources"


def icon_path(name: str) -> str:
    return str(resources_dir() / "icons" / f"{name}.svg")
