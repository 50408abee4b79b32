"""The README's settings table is the one `Settings` declares (issue 14, item 8)."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from station_app.config import Settings
from station_app.settings_doc import (
    BEGIN,
    END,
    main,
    readme_with_settings_table,
    settings_table_markdown,
)

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_table_is_the_declared_one() -> None:
    text = README.read_text(encoding="utf-8")
    assert readme_with_settings_table(text) == text, (
        "the README's settings table is stale: python -m station_app.settings_doc "
        "--write README.md")


def test_the_table_has_a_row_for_every_setting() -> None:
    rows = settings_table_markdown().splitlines()[2:]
    keys = [row.split("`")[1].strip("[]") for row in rows]
    assert sorted(keys) == sorted(field.name for field in fields(Settings))
    assert "| `idle_lock_s` | integer | `300` | 0 (never) or 30-86400 seconds |" in \
        settings_table_markdown()


def test_writing_replaces_only_the_table_and_keeps_its_indent(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"before\n- item\n\n  {BEGIN}\n  | old | table |\n  {END}\n\nafter\n",
                      encoding="utf-8")
    assert main(["--write", str(readme)]) == 0
    written = readme.read_text(encoding="utf-8")
    assert written.startswith(f"before\n- item\n\n  {BEGIN}\n  | key | type |")
    assert written.endswith(f"|\n  {END}\n\nafter\n")
    assert "| old | table |" not in written
    assert readme_with_settings_table(written) == written  # a second run changes nothing


def test_a_readme_without_the_markers_is_refused() -> None:
    with pytest.raises(ValueError, match="settings-table"):
        readme_with_settings_table("# no table here\n")
