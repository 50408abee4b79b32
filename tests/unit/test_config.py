"""Settings: round trip, and a broken file never stops the counter."""

from __future__ import annotations

import tomllib
from dataclasses import fields
from pathlib import Path

import pytest

from station_app.config import (
    LoadedSettings,
    Settings,
    load_settings,
    save_settings,
    setting_spec,
)
from station_app.devices.printer_settings import PrinterSettings


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    settings = Settings(language="en", receipt_language="zh_CN", staff_id=2,
                        printer=PrinterSettings(transport="network", host="192.0.2.10",
                                                paper_width_mm=58, encoding="gbk"))
    save_settings(path, settings)
    assert load_settings(path).settings == settings


def test_broken_values_fall_back_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('language = "fr"\nstaff_id = -3\n[printer]\ntransport = "pigeon"\n',
                    encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.settings == Settings()
    assert len(loaded.problems) == 3
    assert any("printer" in problem for problem in loaded.problems)


def test_a_file_that_is_not_toml(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_bytes(b"\xff\xfe not toml [[[")
    loaded = load_settings(path)
    assert loaded.settings == Settings()
    assert loaded.problems


def test_cash_and_lock_settings_load_and_bad_values_fall_back(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("cash_variance_threshold_fen = 500\nblind_close = true\nidle_lock_s = 0\n",
                    encoding="utf-8")
    loaded = load_settings(path)
    assert (loaded.settings.cash_variance_threshold_fen, loaded.settings.blind_close,
            loaded.settings.idle_lock_s) == (500, True, 0)
    path.write_text('cash_variance_threshold_fen = -1\nblind_close = "yes"\nidle_lock_s = 29\n',
                    encoding="utf-8")
    loaded = load_settings(path)
    assert (loaded.settings.cash_variance_threshold_fen, loaded.settings.blind_close,
            loaded.settings.idle_lock_s) == (1000, False, 300)
    assert len(loaded.problems) == 3


def test_display_and_care_settings_round_trip_and_bad_values_fall_back(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    chosen = Settings(demo=True, large_font=True, high_contrast=True, backup_keep_days=30,
                      personal_data_days=90)
    save_settings(path, chosen)
    assert load_settings(path).settings == chosen
    path.write_text('demo = "yes"\nlarge_font = 1\nbackup_keep_days = 0\n'
                    "personal_data_days = 5000\n", encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.settings == Settings()
    assert len(loaded.problems) == 4
    assert any("personal_data_days must be 1-3650 days" in p for p in loaded.problems)


def test_every_message_names_the_key_the_value_and_what_is_allowed(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('receipt_language = "fr"\nstaff_id = true\nsound_volume = 2\n'
                    'sync_ca_bundle = "missing.pem"\nsync_interval_s = 29\n'
                    "high_contrast = 1\nidle_lock_s = 86401\nshelf = 3\n", encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.settings == Settings()
    assert loaded.problems == (
        "receipt_language must be one of zh_CN, en; got 'fr'",
        "staff_id must be a positive number; got True",
        "sound_volume must be between 0 and 1; got 2",
        "sync_ca_bundle must be empty, or an existing PEM file; got 'missing.pem'",
        "sync_interval_s must be 30-86400 seconds; got 29",
        "[shelf]: must be a table; the default shelf layout is used",
        "idle_lock_s must be 0 (never) or 30-86400 seconds; got 86401",
        "high_contrast must be true or false; got 1",
    )


def test_ends_of_each_range_load_and_a_whole_volume_is_a_float(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    ca = tmp_path / "head-office.pem"
    ca.write_text("not checked here", encoding="utf-8")
    path.write_text(f'sound_volume = 1\nsync_ca_bundle = "{ca.as_posix()}"\n'
                    "sync_interval_s = 86400\ncash_variance_threshold_fen = 0\n"
                    "backup_keep_days = 365\npersonal_data_days = 1\nidle_lock_s = 30\n",
                    encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.problems == ()
    settings = loaded.settings
    assert isinstance(settings.sound_volume, float)
    assert (settings.sound_volume, settings.sync_ca_bundle, settings.sync_interval_s,
            settings.cash_variance_threshold_fen, settings.backup_keep_days,
            settings.personal_data_days, settings.idle_lock_s) == (
        1.0, ca.as_posix(), 86400, 0, 365, 1, 30)


def test_every_declared_default_is_itself_allowed(tmp_path: Path) -> None:
    """A default outside its own range would be reported on every start."""
    path = tmp_path / "settings.toml"
    save_settings(path, Settings())
    assert load_settings(path) == LoadedSettings(Settings())
    saved = tomllib.loads(path.read_text(encoding="utf-8"))
    assert set(saved) == {field.name for field in fields(Settings)}


def test_the_dialog_reads_its_ranges_from_the_table() -> None:
    assert (setting_spec("sound_volume").low, setting_spec("sound_volume").high) == (0, 1)
    with pytest.raises(KeyError):
        setting_spec("printer")  # a [table], not a plain key
