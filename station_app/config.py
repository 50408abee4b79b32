"""The station's settings: a small TOML file in the data dir, typed and validated on load.

`Settings` is the one table of settings: each field declares its default, what is allowed and
one line of help (`station_app.settings_schema`). Loading, the error messages, the settings
dialog's ranges and the README's table (`station_app.settings_doc`) are all read from it.

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
from station_app.devices.labels.label_settings import LabelPrinterSettings
from station_app.devices.printer_settings import PrinterSettings
from station_app.devices.scale_settings import (
    BarcodeRuleSettings,
    PoleDisplaySettings,
    ScaleSettings,
)
from station_app.private_files import write_private
from station_app.services.slots import ShelfLayout
from station_app.settings_schema import Setting, declarations, dumped, parsed, section, setting

LANGUAGES = ("zh_CN", "en")


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


@dataclass(frozen=True)
class Settings:
    language: str = setting(
        "zh_CN", choices=LANGUAGES, help="The counter window's language; `--lang` overrides it.")
    receipt_language: str = setting(
        "zh_CN", choices=LANGUAGES, help="The language printed on receipts.")
    staff_id: int = setting(1, low=1, help="The cashier at start-up; sign-in replaces them.")
    printer: PrinterSettings = field(default_factory=PrinterSettings, metadata=section(
        load=PrinterSettings.from_mapping, dump=PrinterSettings.to_mapping,
        fallback="the virtual printer is used",
        help="The receipt printer: transport, paper, encoding (see *Hardware set-up*)."))
    label_printer: LabelPrinterSettings = field(
        default_factory=LabelPrinterSettings, metadata=section(
            load=LabelPrinterSettings.from_mapping, dump=LabelPrinterSettings.to_mapping,
            fallback="labels print on the receipt printer",
            help="The label printer (TSPL or ZPL) for bag labels: language (none: labels print "
                 "on the receipt printer), transport, stock 40x30/50x30/60x40, gap, darkness."))
    camera: CameraSettings = field(default_factory=CameraSettings, metadata=section(
        load=_camera, dump=asdict, fallback="the camera defaults are used",
        help="The webcam and its decoder (see *Hardware set-up*; `F9` sets them)."))
    scale: ScaleSettings = field(default_factory=ScaleSettings, metadata=section(
        load=ScaleSettings.from_mapping, dump=ScaleSettings.to_mapping,
        fallback="no counter scale is used",
        help="The counter scale: serial port (or `simulator`), baud rate, protocol "
             "(`continuous` or `sics`)."))
    pole_display: PoleDisplaySettings = field(default_factory=PoleDisplaySettings, metadata=section(
        load=PoleDisplaySettings.from_mapping, dump=PoleDisplaySettings.to_mapping,
        fallback="no pole display is used",
        help="The pole display (客显 VFD): serial port (or `virtual`), baud rate, charset "
             "(`gb18030`/`gbk` Chinese font, `ascii`: amounts only)."))
    barcode_rules: BarcodeRuleSettings = field(
        default_factory=BarcodeRuleSettings, metadata=section(
            load=BarcodeRuleSettings.from_mapping, dump=BarcodeRuleSettings.to_mapping,
            fallback="the Aclas preset is used",
            help="Scale labels: `preset` (aclas, dahua, toledo, odoo, none) and `custom` "
                 "patterns such as `21.....{price:NNNDD}`, tried first."))
    sound_volume: float = setting(
        0.8, low=0, high=1, help="How loud the scan sounds are; 0 silences them.")
    sync_ca_bundle: str = setting(
        "", file="PEM file",
        help="PEM file head office's TLS certificate is checked against; empty: the usual CAs.")
    sync_interval_s: int = setting(
        300, low=30, high=86400, unit="seconds",
        help="How often the station syncs with head office in the background while online.")
    shelf: ShelfLayout = field(default_factory=ShelfLayout, metadata=section(
        load=ShelfLayout.from_mapping, dump=ShelfLayout.to_mapping,
        fallback="the default shelf layout is used",
        help="Slots (zone-layer-position, e.g. A-3-017) and pickup labels (see the example)."))
    ready_when: str = setting(
        "received", choices=("received", "sorted"),
        help="When an order can be handed over: once received, or once sorted into its bag.")
    sort_labels: str = setting(
        "as_completed", choices=("as_completed", "at_start", "off"),
        help="Bag labels while sorting: as each order is sorted, all when a sort starts, none.")
    voice: bool = setting(
        True, help="Say slots and handover outcomes aloud (the OS voice, or the shipped clips).")
    voice_volume: float = setting(
        0.8, low=0, high=1, help="How loud the counter speaks; 0 silences it.")
    voice_rate: float = setting(
        0.0, low=-1, high=1, help="How fast the counter speaks: -1 slow, 0 normal, 1 fast.")
    voice_events: str = setting(
        "slot,handed_over,already_handed_over,cancelled,other_station,please_wait",
        help="Which announcements speak, comma-separated (see *The counter speaks*).")
    # The customer display (ui/resident_side.py): a second window facing the resident.
    customer_display: str = setting(
        "off", choices=("off", "second_screen", "window"),
        help="The customer display: off, full screen on the second screen, or a window (to "
             "try it on one screen).")
    customer_display_language: str = setting(
        "zh_CN", choices=LANGUAGES,
        help="The customer display's language; switching the window's does not change it.")
    customer_notice: str = setting(
        "", help="What the idle customer display says under the station's name: opening "
                 "hours, how long orders are held.")
    payment_qr_wechat: str = setting(
        "", file="image file",
        help="The station's WeChat Pay code (收款码), shown when a sale is paid by WeChat Pay.")
    payment_qr_alipay: str = setting(
        "", file="image file",
        help="The station's Alipay code (收款码), shown when a sale is paid by Alipay.")
    # Several counters at one station (sync/lan/counters.py): the same line on every one.
    counters: str = setting(
        "", help="The station's counters on the LAN, the same line on each: "
                 "`1=192.168.1.20:7441, 2=192.168.1.21:7441`; empty: this counter is alone.")
    receiving_counter: int = setting(
        1, low=1, high=99,
        help="Which counter receives deliveries (the others refuse); move it when that PC "
             "is out of order.")
    cash_variance_threshold_fen: int = setting(
        1000, low=0, high=1_000_000, unit="fen",
        help="A till difference above this (1000 fen: ¥10) needs a manager to close the shift.")
    blind_close: bool = setting(
        False, help="Close a shift without seeing the expected cash first.")
    idle_lock_s: int = setting(
        300, low=30, high=86400, unit="seconds", zero_means="never",
        help="Lock the counter after this long without a key or click.")
    demo: bool = setting(
        False, help="Set by the first-run wizard's *try the demo station*: demo head office.")
    large_font: bool = setting(
        False, help="Larger type for staff who read the screen from further away.")
    high_contrast: bool = setting(
        False, help="Black and white, strong colours, thick focus ring: for glare and weak eyes.")
    backup_keep_days: int = setting(
        14, low=1, high=365, unit="days",
        help="Daily database backups older than this are removed.")
    personal_data_days: int = setting(
        30, low=1, high=3650, unit="days",
        help="Customer names and phones are erased this long after their order left (PIPL).")
    # Plain http to a head office on the station's LAN (a lab, a box with no certificate yet):
    # anyone on the path could then rewrite orders and answers. Off: https, or loopback only.
    allow_insecure_lan: bool = setting(
        False, help="DANGEROUS: plain http to a head office on the LAN, no TLS; off: https.")


@dataclass(frozen=True)
class LoadedSettings:
    settings: Settings
    problems: tuple[str, ...] = ()


def setting_spec(key: str) -> Setting:
    """The declaration of one plain setting (ranges for the settings dialog); KeyError if
    `key` is not one."""
    for row in declarations(Settings):
        if row.key == key and isinstance(row.spec, Setting):
            return row.spec
    raise KeyError(key)


def load_settings(path: Path) -> LoadedSettings:
    """Read settings.toml; a missing file gives the defaults. Never raises for a broken file or
    value: each is replaced by its default and named in `problems`."""
    if not path.exists():
        return LoadedSettings(Settings())
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as error:
        return LoadedSettings(Settings(), (f"{path.name} cannot be read ({error}); "
                                           "defaults are used",))
    problems: list[str] = []
    values: dict[str, Any] = {}
    for row in declarations(Settings):
        if row.key not in raw:
            continue
        try:
            values[row.key] = parsed(row, raw[row.key])
        except ValueError as error:
            problems.append(str(error))
    return LoadedSettings(replace(Settings(), **values), tuple(problems))


def save_settings(path: Path, settings: Settings) -> None:
    document = {row.key: dumped(row, getattr(settings, row.key))
                for row in declarations(Settings)}
    temporary = path.with_suffix(".tmp")
    write_private(temporary, tomli_w.dumps(document).encode("utf-8"))
    temporary.replace(path)  # atomic: a crash leaves the old file or the new one
