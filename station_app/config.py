"""The station's settings: a small TOML file in the data dir, typed and validated on load.

A broken settings file must never keep the counter from opening: bad values are reported and
replaced by their defaults, and the report is shown to staff.
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import tomli_w

from station_app.devices.camera import CameraSettings
from station_app.devices.printer_settings import PrinterSettings
from station_app.private_files import write_private
from station_app.services.slots import ShelfLayout

LANGUAGES = ("zh_CN", "en")


@dataclass(frozen=True)
class Settings:
    language: str = "zh_CN"  # of the counter window
    receipt_language: str = "zh_CN"
    staff_id: int = 1  # the cashier at start-up; sign-in replaces it
    printer: PrinterSettings = field(default_factory=PrinterSettings)
    camera: CameraSettings = field(default_factory=CameraSettings)
    sound_volume: float = 0.8  # 0 silences the scan sounds
    sync_ca_bundle: str = ""  # PEM file head office's TLS certificate is checked against
    sync_interval_s: int = 300  # background sync while online
    shelf: ShelfLayout = field(default_factory=ShelfLayout)  # [shelf]: slots and pickup labels
    cash_variance_threshold_fen: int = 1000  # a till difference above ¥10 needs a manager
    blind_close: bool = False  # close a shift without seeing the expected cash first
    idle_lock_s: int = 300  # lock the counter after this long without a key or click; 0: never
    demo: bool = False  # enrolled as the demo station by the first-run wizard: demo head office
    large_font: bool = False  # larger type for staff who read the screen from further away
    high_contrast: bool = False  # black and white with strong colours for glare and weak eyes
    backup_keep_days: int = 14  # daily database backups older than this are removed
    personal_data_days: int = 30  # names and phones of finished orders are erased after (PIPL)
    # Plain http to a head office on the station's LAN (a lab, a box with no certificate yet):
    # anyone on the path could then rewrite orders and answers. Off: https, or loopback only.
    allow_insecure_lan: bool = False


@dataclass(frozen=True)
class LoadedSettings:
    settings: Settings
    problems: tuple[str, ...] = ()


def load_settings(path: Path) -> LoadedSettings:
    if not path.exists():
        return LoadedSettings(Settings())
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as error:
        return LoadedSettings(Settings(), (f"{path.name} cannot be read ({error}); "
                                           "defaults are used",))
    problems: list[str] = []
    settings = Settings()
    for key in ("language", "receipt_language"):
        value = raw.get(key, getattr(settings, key))
        if value in LANGUAGES:
            settings = replace(settings, **{key: value})
        else:
            problems.append(f"{key} must be one of {', '.join(LANGUAGES)}; got {value!r}")
    staff_id = raw.get("staff_id", settings.staff_id)
    if isinstance(staff_id, int) and not isinstance(staff_id, bool) and staff_id > 0:
        settings = replace(settings, staff_id=staff_id)
    else:
        problems.append(f"staff_id must be a positive number; got {staff_id!r}")
    try:
        settings = replace(settings, printer=PrinterSettings.from_mapping(raw.get("printer", {})))
    except (ValueError, TypeError, AttributeError) as error:
        problems.append(f"[printer]: {error}; the virtual printer is used")
    try:
        settings = replace(settings, camera=_camera(raw.get("camera", {})))
    except (ValueError, TypeError) as error:
        problems.append(f"[camera]: {error}; the camera defaults are used")
    try:
        settings = replace(settings, shelf=ShelfLayout.from_mapping(raw.get("shelf", {})))
    except (ValueError, TypeError) as error:
        problems.append(f"[shelf]: {error}; the default shelf layout is used")
    ca_bundle = raw.get("sync_ca_bundle", "")
    if isinstance(ca_bundle, str) and (not ca_bundle or Path(ca_bundle).is_file()):
        settings = replace(settings, sync_ca_bundle=ca_bundle)
    else:
        problems.append(f"sync_ca_bundle must name a PEM file; {ca_bundle!r} does not exist")
    interval = raw.get("sync_interval_s", settings.sync_interval_s)
    if isinstance(interval, int) and not isinstance(interval, bool) and 30 <= interval <= 86400:
        settings = replace(settings, sync_interval_s=interval)
    else:
        problems.append(f"sync_interval_s must be 30-86400 seconds; got {interval!r}")
    threshold = raw.get("cash_variance_threshold_fen", settings.cash_variance_threshold_fen)
    if isinstance(threshold, int) and not isinstance(threshold, bool) and \
            0 <= threshold <= 1_000_000:
        settings = replace(settings, cash_variance_threshold_fen=threshold)
    else:
        problems.append("cash_variance_threshold_fen must be 0-1000000 fen; "
                        f"got {threshold!r}")
    blind = raw.get("blind_close", settings.blind_close)
    if isinstance(blind, bool):
        settings = replace(settings, blind_close=blind)
    else:
        problems.append(f"blind_close must be true or false; got {blind!r}")
    idle = raw.get("idle_lock_s", settings.idle_lock_s)
    if isinstance(idle, int) and not isinstance(idle, bool) and (idle == 0 or 30 <= idle <= 86400):
        settings = replace(settings, idle_lock_s=idle)
    else:
        problems.append(f"idle_lock_s must be 0 (never) or 30-86400 seconds; got {idle!r}")
    for key, lowest, highest in (("backup_keep_days", 1, 365), ("personal_data_days", 1, 3650)):
        days = raw.get(key, getattr(settings, key))
        if isinstance(days, int) and not isinstance(days, bool) and lowest <= days <= highest:
            settings = replace(settings, **_one(key, days))
        else:
            problems.append(f"{key} must be {lowest}-{highest} days; got {days!r}")
    for key in ("demo", "large_font", "high_contrast", "allow_insecure_lan"):
        flag = raw.get(key, getattr(settings, key))
        if isinstance(flag, bool):
            settings = replace(settings, **_one(key, flag))
        else:
            problems.append(f"{key} must be true or false; got {flag!r}")
    volume = raw.get("sound_volume", settings.sound_volume)
    if isinstance(volume, int | float) and not isinstance(volume, bool) and 0 <= volume <= 1:
        settings = replace(settings, sound_volume=float(volume))
    else:
        problems.append(f"sound_volume must be between 0 and 1; got {volume!r}")
    return LoadedSettings(settings, tuple(problems))


def _one(key: str, value: Any) -> dict[str, Any]:
    return {key: value}


def _camera(raw: Any) -> CameraSettings:
    if not isinstance(raw, dict):
        raise TypeError("must be a table")
    known = {f.name: f for f in fields(CameraSettings)}
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise ValueError(f"unknown camera setting(s): {', '.join(unknown)}")
    defaults = CameraSettings()
    for key, value in raw.items():
        expected = type(getattr(defaults, key))
        if not isinstance(value, expected) or isinstance(value, bool) != (expected is bool):
            raise ValueError(f"{key} must be a {expected.__name__}; got {value!r}")
    return CameraSettings(**raw)


def save_settings(path: Path, settings: Settings) -> None:
    document: dict[str, Any] = {
        "language": settings.language,
        "receipt_language": settings.receipt_language,
        "staff_id": settings.staff_id,
        "sound_volume": settings.sound_volume,
        "sync_ca_bundle": settings.sync_ca_bundle,
        "sync_interval_s": settings.sync_interval_s,
        "cash_variance_threshold_fen": settings.cash_variance_threshold_fen,
        "blind_close": settings.blind_close,
        "idle_lock_s": settings.idle_lock_s,
        "demo": settings.demo,
        "large_font": settings.large_font,
        "high_contrast": settings.high_contrast,
        "backup_keep_days": settings.backup_keep_days,
        "personal_data_days": settings.personal_data_days,
        "allow_insecure_lan": settings.allow_insecure_lan,
        "printer": settings.printer.to_mapping(),
        "camera": asdict(settings.camera),
        "shelf": settings.shelf.to_mapping(),
    }
    temporary = path.with_suffix(".tmp")
    write_private(temporary, tomli_w.dumps(document).encode("utf-8"))
    temporary.replace(path)  # atomic: a crash leaves the old file or the new one
