"""A label drawn as a PNG, dot for dot at 203 dpi: the virtual label printer's "paper" and the
test label the set-up shows. Drawn from the label model, not from the printer's bytes (the
tests' interpreter reads those)."""

from __future__ import annotations

import io

import numpy
import qrcode
import zxingcpp
from PIL import Image, ImageDraw

from station_app.devices.labels.glyphs import text_image
from station_app.devices.labels.label import (
    LabelBarcode,
    LabelBox,
    LabelDocument,
    LabelQr,
    LabelText,
)

_EDGE = 160  # the label's outline, grey: where the stock ends


def render_label_image(document: LabelDocument) -> Image.Image:
    stock = document.stock
    image = Image.new("L", (stock.width_dots, stock.height_dots), 255)
    draw = ImageDraw.Draw(image)
    for element in document.elements:
        match element:
            case LabelText():
                image.paste(0, (element.x, element.y),
                            _mask(text_image(element.text, element.scale)))
            case LabelQr():
                image.paste(_qr(element.data, element.module), (element.x, element.y))
            case LabelBarcode():
                _barcode(draw, element)
            case LabelBox():
                draw.rectangle((element.x, element.y, element.x + element.width - 1,
                                element.y + element.height - 1), outline=0,
                               width=element.thickness)
    draw.rectangle((0, 0, stock.width_dots - 1, stock.height_dots - 1), outline=_EDGE)
    return image


def render_label_png(document: LabelDocument) -> bytes:
    buffer = io.BytesIO()
    render_label_image(document).save(buffer, format="PNG")
    return buffer.getvalue()


def _mask(image: Image.Image) -> Image.Image:
    """Where `image` (black on white) has ink, as a paste mask."""
    return image.convert("L").point(lambda value: 255 if value < 128 else 0).convert("1")


def _qr(data: str, module: int) -> Image.Image:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=module,
                         border=0)
    code.add_data(data)
    code.make(fit=True)
    picture: Image.Image = code.make_image().get_image()
    return picture.convert("L")


def _barcode(draw: ImageDraw.ImageDraw, element: LabelBarcode) -> None:
    code = zxingcpp.create_barcode(element.data, zxingcpp.BarcodeFormat.Code128)
    modules = numpy.asarray(code.to_image(scale=1, add_quiet_zones=False))
    for index in range(modules.shape[1]):
        if modules[0, index] == 0:  # black
            left = element.x + index * element.narrow
            draw.rectangle((left, element.y, left + element.narrow - 1,
                            element.y + element.height - 1), fill=0)
