"""The support bundle: one zip staff can hand to support, with nothing personal and no secret.

In it: every log file (rotated ones too) with personal data scrubbed line by line, the settings
with anything secret-looking removed, the health report, versions (app, schema, Python,
platform, every installed package) and the list of backups (names and sizes only).
Never in it, by construction (only the files named here are read): the database, its backups,
photos, receipts, the sync secret file. What the logs could hold and why each pattern exists:

- phone numbers: 11-digit mainland mobiles, whole or masked (138****1234), and ID numbers;
- pickup codes (6 digits standing alone) and PINs or phone tails after a keyword;
- customers' masked names (张**);
- secrets: the station secret (32 bytes, base64) and hex keys, plus any value the caller
  knows to be secret (e.g. the enrolled station's secret read from the keyring).
"""

from __future__ import annotations

import base64
import importlib
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
from station_app.paths import DataDir
from station_app.storage.database import Database
from station_app.storage.models import SyncEnrolment

SCRUBBERS: tuple[tuple[re.Pattern[str], str], ...] = (
    # an 18-character resident ID number (before phones: it contains 11-digit runs)
    (re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])"), "[id]"),
    # mainland mobiles: 1 + 3-9 + 9 digits, also with the middle four masked, spaced or dashed
    (re.compile(r"(?<!\d)1[3-9]\d[- ]?(?:\d{4}|\*{4})[- ]?\d{4}(?!\d)"), "[phone]"),
    # a PIN, phone tail or code given after its name
    (re.compile(r"(?i)(pin|password|passwd|tail|code|密码|尾号|取件码|提货码)(\W{0,3})\d{4,8}"),
     r"\1\2[digits]"),
    # a pickup code standing alone (order numbers like XF01-261125-000042 keep their parts)
    (re.compile(r"(?<![\w.:/-])\d{6}(?![\w.:/-])"), "[code]"),
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
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"station-support-{now.astimezone().strftime('%Y%m%d-%H%M%S')}.zip"
    partial = target.with_suffix(".part")
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
    Looked up by name: the core does not depend on the sync package. Empty when not enrolled
    or when the secret cannot be read."""
    try:
        with db.reading() as session:
            enrolment = session.get(SyncEnrolment, 1)
            station_id = enrolment.station_id if enrolment else None
        if station_id is None:
            return []
        store = importlib.import_module("sync.client.secrets").SecretStore(root, station_id)
        return secret_forms(store.load())
    except Exception:  # no sync package (a trimmed build), no keyring, no secret
        return []
