"""Helpers for the packaging tests: what they need is optional on a workstation, not in CI."""

from __future__ import annotations

import os
import shutil
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def need(condition: bool, why: str) -> None:
    """Skip the test when `condition` is false, except in CI, where that is a failure (the
    same rule as the PostgreSQL tests in tests/sync/conftest.py)."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{why}: CI must run the installer tests (scripts/setup.sh --dev)")
    pytest.skip(why)


def need_tools(*names: str) -> None:
    missing = [name for name in names if shutil.which(name) is None]
    need(not missing, f"missing tools: {', '.join(missing)}")


def project_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return str(tomllib.load(file)["project"]["version"])
