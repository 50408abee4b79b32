"""The demo station for the services' tests: seeded once per module (seeding takes most of a
test's time), a fresh copy of its folder for each test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from station_app.counter import Counter, open_counter


@pytest.fixture(scope="module")
def _seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("seeded") / "data"
    open_counter(root, demo=True).close()
    return root


@pytest.fixture
def counter(_seeded: Path, tmp_path: Path) -> Iterator[Counter]:
    """A fresh copy of the seeded demo station."""
    shutil.copytree(_seeded, tmp_path / "data")
    opened = open_counter(tmp_path / "data")
    yield opened
    opened.close()
