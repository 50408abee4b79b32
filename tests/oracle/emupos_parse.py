"""Parse ESC/POS bytes with emupos and write what a printer would have done as JSON.

Runs under the oracle interpreter (Python >= 3.13, emupos installed), never inside the app's
test process: emupos is an independent implementation, which is the point of an oracle.

    python emupos_parse.py INPUT.bin OUTPUT.json [--width-dots 576]

emupos has no CJK font, so its PNGs show boxes for hanzi; the Chinese text is checked from
its tokenizer's Text tokens, decoded as GB18030 here.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from emupos.config import (
    PrinterProfile,
    _load_profile,  # pyright: ignore[reportPrivateUsage]
)
from emupos.events import EventType
from emupos.printer.escpos.tokenizer import Command, Text, Tokenizer, Unknown
from emupos.printer.printer import Printer

_CONNECTION = "oracle"
# Commands after which the printer has printed the line buffer.
_LINE_ENDS = {"LF", "ESC d", "ESC J"}
_CUTS = {"GS V", "ESC i", "ESC m"}


def _profile(width_dots: int) -> PrinterProfile:
    base = _load_profile("xprinter-xp80t", "printer", Path.cwd())
    assert isinstance(base, PrinterProfile)
    if width_dots == base.width_dots:
        return base
    # no built-in 58 mm profile: the XP-80T with a 384-dot head is what a 58 mm Xprinter is
    return base.model_copy(update={"width_dots": width_dots, "name": f"{base.name} {width_dots}"})


def _text_lines(data: bytes) -> tuple[list[str], int, list[str]]:
    tokenizer = Tokenizer()
    tokens = [*tokenizer.feed(data)]
    if (rest := tokenizer.close()) is not None:
        tokens.append(rest)
    lines: list[str] = []
    current = bytearray()
    cuts = 0
    unknown: list[str] = []
    for token in tokens:
        match token:
            case Text(data=text):
                current += text
            case Command(name=name) if name in _LINE_ENDS or name in _CUTS:
                if current:
                    lines.append(current.decode("gb18030", errors="replace"))
                    current.clear()
                cuts += name in _CUTS
            case Unknown(raw=raw):
                unknown.append(raw.hex(" "))
            case _:
                pass
    if current:
        lines.append(current.decode("gb18030", errors="replace"))
    return lines, cuts, unknown


def parse(data: bytes, out_dir: Path, width_dots: int) -> dict[str, object]:
    printer = Printer(
        "oracle", _profile(width_dots), sensor_open_level="high", job_idle_timeout_ms=2000
    )
    outputs = [
        printer.open_connection(_CONNECTION, 0.0),
        printer.receive(_CONNECTION, data, 0.0),
        printer.close_connection(_CONNECTION, 0.0),
    ]
    receipts: list[dict[str, object]] = []
    drawer_kicks = 0
    unknown_commands: list[object] = []
    for output in outputs:
        for receipt in output.receipts:
            png = out_dir / f"emupos-{len(receipts) + 1}.png"
            png.write_bytes(receipt.png)
            receipts.append({"png": str(png), "boundary": receipt.boundary, "text": receipt.text})
        for event in output.events:
            if event.type is EventType.DRAWER_OPENED:
                drawer_kicks += 1
            elif event.type is EventType.PRINTER_COMMAND_UNKNOWN:
                unknown_commands.append(dict(event.data))
    text_lines, cuts, unknown_tokens = _text_lines(data)
    return {
        "receipts": receipts,
        "text_lines": text_lines,
        "cuts": cuts,
        "drawer_kicks": drawer_kicks,
        "unknown_commands": unknown_commands,
        "unknown_tokens": unknown_tokens,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("input", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--width-dots", type=int, default=576)
    args = parser.parse_args()
    result = parse(args.input.read_bytes(), args.output.parent, args.width_dots)
    args.output.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
