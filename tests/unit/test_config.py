"""Settings: round trip, and a broken file never stops the counter."""

from __future__ import annotations

from pathlib import Path

from station_app.config import Settings, load_settings, save_settings
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
