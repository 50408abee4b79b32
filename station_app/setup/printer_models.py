"""Printer models the set-up offers: a few python-escpos capability profiles staff recognise.

A profile only pre-sets what our own printer settings carry (cutter, native QR, paper width):
python-escpos' profile is not used for printing (see printer_settings), so staff can still
change each of them by hand afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from escpos import capabilities

from station_app.devices.printer_settings import PrinterSettings

# Epson and Rongta 80 mm with cutter and QR; the Zjiang / Netum 58 mm without either; the two
# generic ones for everything else.
COMMON_PROFILES = ("default", "TM-T88V", "TM-T20II", "RP326", "POS-5890", "ZJ-5870",
                   "NT-5890K", "simple")


@dataclass(frozen=True)
class PrinterModel:
    profile: str  # python-escpos profile name
    label: str  # vendor and model, as on the printer
    cut: bool
    qr_native: bool
    paper_width_mm: int | None  # None: the profile does not say


def printer_model(profile: str) -> PrinterModel:
    """The model behind a python-escpos profile name. Raises KeyError for an unknown one."""
    if profile not in capabilities.CAPABILITIES["profiles"]:
        raise KeyError(profile)
    data = capabilities.get_profile(profile).profile_data
    features = data.get("features", {})
    pixels = data.get("media", {}).get("width", {}).get("pixels")
    width = None if not isinstance(pixels, int) else (58 if pixels <= 384 else 80)
    vendor = data.get("vendor", "")
    label = data.get("name", profile) if vendor in ("", "Generic") else f"{vendor} {data['name']}"
    return PrinterModel(profile, label,
                        bool(features.get("paperFullCut") or features.get("paperPartCut")),
                        bool(features.get("qrCode")), width)


def common_models() -> list[PrinterModel]:
    return [printer_model(name) for name in COMMON_PROFILES]


def with_model(settings: PrinterSettings, model: PrinterModel) -> PrinterSettings:
    """`settings` with the model's cutter, QR mode and (when it says) paper width."""
    return replace(settings, cut=model.cut, qr_native=model.qr_native,
                   paper_width_mm=model.paper_width_mm or settings.paper_width_mm)
