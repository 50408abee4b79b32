"""Shared fixtures: a real station database in a temporary folder, seeded with the demo day."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from station_app.counter import Counter, open_counter


@pytest.fixture
def counter(tmp_path: Path) -> Iterator[Counter]:
    """The demo station on a real SQLite file, migrated exactly as at start-up."""
    opened = open_counter(tmp_path / "data", demo=True)
    yield opened
    opened.close()


@pytest.fixture(autouse=True)
def _umask_kept() -> Iterator[None]:
    """The `station-app` commands make their process's umask private (station_app.private_files);
    a test that calls one in-process must not change it for the tests after it."""
    mask = os.umask(0o022)
    os.umask(mask)
    yield
    os.umask(mask)
