"""Draw the app icon (resources/icons/app.svg) as the pictures installers need.

    python installer/render_icon.py OUT.png [SIZE]     a square PNG (the .deb's 256 px icon)
    python installer/render_icon.py OUT.ico            a Windows icon, 16 to 256 px

Qt draws the SVG (offscreen, no screen needed) and Pillow writes the .ico, so the repository
keeps one source picture and no binary copies of it.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice, QSize
from PySide6.QtGui import QGuiApplication, QImageReader

SVG = Path(__file__).resolve().parent.parent / "resources" / "icons" / "app.svg"
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def render(size: int) -> Image.Image:
    reader = QImageReader(str(SVG))
    reader.setScaledSize(QSize(size, size))
    image = reader.read()
    if image.isNull():
        raise SystemExit(f"cannot draw {SVG}: {reader.errorString()}")
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(buffer.data())))


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication(sys.argv[:1])
    out = Path(argv[0])
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix == ".ico":
        render(256).save(out, sizes=ICO_SIZES)
    else:
        render(int(argv[1]) if len(argv) > 1 else 256).save(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
