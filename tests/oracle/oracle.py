"""Check ESC/POS bytes against emupos, an independent printer emulator.

emupos needs Python >= 3.13, so it lives in its own venv (`<repo>/.venv-oracle`, or the
interpreter named by STATION_RECEIPT_ORACLE_PYTHON) and runs `emupos_parse.py` in a
subprocess. Without that venv the oracle tests skip on a developer machine and fail on CI,
where a silently skipped oracle would let broken receipts through.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
PARSE_SCRIPT = Path(__file__).with_name("emupos_parse.py")
ENV_VAR = "STATION_RECEIPT_ORACLE_PYTHON"


@dataclass(frozen=True)
class OracleReceipt:
    png: Path
    boundary: str  # "cut", "connection-closed" or "idle-timeout"
    text: str  # emupos' own dump (code page 437: useless for hanzi)


@dataclass(frozen=True)
class OracleResult:
    receipts: list[OracleReceipt]
    text_lines: list[str]  # printed lines decoded as GB18030
    cuts: int
    drawer_kicks: int
    unknown_commands: list[Any]


def oracle_python() -> Path:
    configured = os.environ.get(ENV_VAR)
    if configured:
        return Path(configured)
    venv = REPO / ".venv-oracle"
    return venv / "Scripts" / "python.exe" if os.name == "nt" else venv / "bin" / "python"


def require_oracle() -> Path:
    """The oracle interpreter; skips the test (fails it on CI) when it is not installed."""
    python = oracle_python()
    if python.is_file():
        return python
    message = (
        f"receipt oracle venv missing: {python} does not exist. Create it with Python 3.13 "
        f"(`python3.13 -m venv .venv-oracle && .venv-oracle/bin/pip install emupos==0.4.0`) "
        f"or point {ENV_VAR} at an interpreter that has emupos."
    )
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def parse_receipt(data: bytes, tmp_path: Path, *, width_dots: int = 576) -> OracleResult:
    python = require_oracle()
    source = tmp_path / "job.bin"
    target = tmp_path / "emupos.json"
    source.write_bytes(data)
    completed = subprocess.run(
        [str(python), str(PARSE_SCRIPT), str(source), str(target), f"--width-dots={width_dots}"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"emupos oracle failed ({completed.returncode}):\n{completed.stderr}")
    raw = json.loads(target.read_text(encoding="utf-8"))
    return OracleResult(
        receipts=[
            OracleReceipt(Path(item["png"]), item["boundary"], item["text"])
            for item in raw["receipts"]
        ],
        text_lines=list(raw["text_lines"]),
        cuts=int(raw["cuts"]),
        drawer_kicks=int(raw["drawer_kicks"]),
        unknown_commands=[*raw["unknown_commands"], *raw["unknown_tokens"]],
    )


def decode_qr_png(path: Path) -> list[str]:
    """Every QR code zxing-cpp finds in a PNG, as text."""
    import zxingcpp
    from PIL import Image

    with Image.open(path) as image:
        results = zxingcpp.read_barcodes(image.convert("L"))
    return [result.text for result in results if result.format == zxingcpp.BarcodeFormat.QRCode]
