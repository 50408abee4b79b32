"""The support bundle: one zip staff can hand to support, with nothing personal and no secret.

In it: every log file (rotated ones too) with personal data scrubbed line by line, the settings
with anything secret-looking removed, the health report, versions (app, schema, Python,
platform, every installed package) and the list of backups (names and sizes only).
Never in it, by construction (only the files named here are read): the database, its backups,
photos, receipts, the sync secret file. What the logs could hold and why each pattern exists:

- phone numbers: 11-digit mainland mobiles, whole or masked (138****1234), spaced or dashed,
  with or without +86 (tel:+86-138-1234-5678), and ID numbers;
- pickup codes (6 digits standing alone, also inside Chinese text) and PINs, codes or phone
  tails after a keyword (pin=4821, 取件码为224906, 手机尾号是8888);
- customers' names: masked ones (张**), full ones after 姓名 / 收货人 / 客户 …, and the value
  of name= / customer_name= (quoted: all of it);
- secrets: the station secret (32 bytes, base64) and hex keys, plus any value the caller
  knows to be secret (e.g. the enrolled station's secret read from the keyring).
"""

from __future__ import annotations

import base64
import json
import platform
import re
import sys
import tomllib
import zipfile
from collections.abc import Iterable
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import tomli_w

from station_app.care.backups import list_backups
from station_app.care.health import HealthReport
from station_app.care.log_files import log_files
from station_app.clock import station_time
from station_app.paths import DataDir
from station_app.private_files import private_file
from station_app.security.secret_store import SecretStore
from station_app.storage.database import Database
from station_app.storage.models import SyncEnrolment

# Words after which a customer's (or staff member's) full name follows in Chinese log text;
# 客户端 is "client" software, not a customer.
_NAME_WORDS = "姓名|收货人|收件人|提货人|取件人|联系人|顾客|住户|客户(?!端)"
# Between a keyword and its value: spaces, punctuation, or 是 / 为 ("is").
_THEN = r"((?:\W|是|为|為){0,3})"

SCRUBBERS: tuple[tuple[re.Pattern[str], str], ...] = (
    # an 18-character resident ID number (before phones: it contains 11-digit runs)
    (re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])"), "[id]"),
    # mainland mobiles: 1 + 3-9 + 9 digits, also with the middle four masked, spaced or dashed,
    # and with the country code in front (+86, 0086, 86): tel:+86-138-1234-5678
    (re.compile(r"(?<![\d+])(?:(?:\+|00)?86[- ]?)?1[3-9]\d[- ]?(?:\d{4}|\*{4})[- ]?\d{4}"
                r"(?!\d)"), "[phone]"),
    # a PIN, phone tail or code given after its name: code 224906, 取件码为224906, 尾号是8888
    (re.compile(r"(?i)(pin|password|passwd|tail|code|密码|尾号|取件码|提货码)" + _THEN
                + r"\d{4,8}"), r"\1\2[digits]"),
    # a pickup code standing alone, also inside Chinese text (订单224906已取); order numbers
    # like XF01-261125-000042 keep their parts
    (re.compile(r"(?<![A-Za-z0-9_.:/-])\d{6}(?![A-Za-z0-9_.:/-])"), "[code]"),
    # full names after the words that introduce them: 姓名：张三丰, 收货人 李四, 客户王小明
    (re.compile(f"({_NAME_WORDS})" + _THEN + r"[\u4e00-\u9fff·]{2,4}"), r"\1\2[name]"),
    # name=…, customer_name='…', "customer_name": "…" (quoted: all of it; bare: one word)
    (re.compile(r"""(?i)\b(customer_name|customer|receiver|recipient|consignee|name)"""
                r"""(["']?\s*[=:]\s*)(?:"[^"\n]*"|'[^'\n]*'|[^\s,;'"})\]]+)"""),
     r"\1\2[name]"),
    # masked customer names as head office sends them: 张**, 欧阳*
    (re.compile(r"[\u4e00-\u9fff]{1,3}\*{1,3}"), "[name]"),
    # secrets: 32 bytes in base64 (the station secret), 32+ bytes in hex (keys, signatures)
    (re.compile(r"(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{43}=(?![A-Za-z0-9+/=])"), "[secret]"),
    (re.compile(r"(?<![0-9a-fA-F])[0-9a-fA-F]{64,}(?![0-9a-fA-F])"), "[secret]"),
)
SECRET_KEY = re.compile(r"(?i)secret|password|passwd|token|private|api_?key|credential")


def scrub(text: str, known_secrets: Iterable[str] = ()) -> str:
    """The text with personal data and secrets replaced by [phone], [code], [secret]…"""
    for secret in known_secrets:
        if len(secret) >= 8:  # a short "secret" would blank half the log
            text = text.replace(secret, "[secret]")
    for pattern, replacement in SCRUBBERS:
        text = pattern.sub(replacement, text)
    return text


def secret_forms(secret: bytes) -> list[str]:
    """The ways a raw secret could be written into a log: base64 (as stored), base64url, hex."""
    return [base64.b64encode(secret).decode(), base64.urlsafe_b64encode(secret).decode(),
            secret.hex(), secret.hex().upper()]


def safe_settings(path: Path) -> str:
    """settings.toml without any key that looks secret (at any depth), as TOML text."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return "# no settings.toml: every setting is at its default\n"
    except (OSError, ValueError) as error:
        return f"# settings.toml could not be read: {type(error).__name__}\n"
    return tomli_w.dumps(_without_secrets(raw))


def _without_secrets(table: dict[str, Any]) -> dict[str, Any]:
    kept: dict[str, Any] = {}
    for key, value in table.items():
        if SECRET_KEY.search(key) and not key.endswith("ca_bundle"):  # a CA path is public
            kept[key] = "[removed]"
        elif isinstance(value, dict):
            kept[key] = _without_secrets(value)
        else:
            kept[key] = value
    return kept


def versions() -> dict[str, Any]:
    packages = sorted({(d.metadata["Name"] or "?", d.version) for d in metadata.distributions()},
                      key=lambda p: p[0].lower())
    try:
        app = metadata.version("station-app")
    except metadata.PackageNotFoundError:
        app = "source checkout"
    return {"app": app, "python": sys.version, "platform": platform.platform(),
            "machine": platform.machine(), "frozen": bool(getattr(sys, "frozen", False)),
            "packages": {name: version for name, version in packages}}


def write_bundle(data_dir: DataDir, folder: Path, report: HealthReport, now: datetime,
                 known_secrets: Iterable[str] = ()) -> Path:
    """Write `station-support-<time>.zip` into `folder` and return its path. Raises OSError
    when the folder cannot be written."""
    secrets = list(known_secrets)
    folder.mkdir(parents=True, exist_ok=True)  # often a USB stick: its own modes
    target = folder / f"station-support-{station_time(now).strftime('%Y%m%d-%H%M%S')}.zip"
    partial = target.with_suffix(".part")
    private_file(partial)  # scrubbed, but still the station's logs
    about = {"taken_at": now.isoformat(), "schema": report.schema, **versions(),
             "backups": [b.to_json() for b in list_backups(data_dir.backups)]}
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as bundle:
        for log in log_files(data_dir.logs):
            text = log.read_text(encoding="utf-8", errors="replace")
            bundle.writestr(f"logs/{log.name}", scrub(text, secrets))
        bundle.writestr("settings.toml", scrub(safe_settings(data_dir.settings_file), secrets))
        bundle.writestr("health.json", scrub(json.dumps(report.to_json(), ensure_ascii=False,
                                                        indent=2), secrets))
        bundle.writestr("about.json", json.dumps(about, ensure_ascii=False, indent=2))
        bundle.writestr("README.txt", __doc__ or "")
    partial.replace(target)
    return target


def enrolled_secret_forms(db: Database, root: Path) -> list[str]:
    """The enrolled station's secret in every form it could be logged, to scrub it by value.
    Empty when not enrolled or when the secret cannot be read."""
    try:
        with db.reading() as session:
            enrolment = session.get(SyncEnrolment, 1)
            station_id = enrolment.station_id if enrolment else None
            key_id = enrolment.key_id if enrolment else ""
        if station_id is None:
            return []
        return secret_forms(SecretStore(root, station_id).load(key_id))
    except Exception:  # no secret, a broken keyring or database: the bundle is wanted anyway
        return []
