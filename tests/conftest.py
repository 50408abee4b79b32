"""Shared fixtures: a real station database in a temporary folder, seeded with the demo day."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
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


@pytest.fixture
def pc_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """Sets the PC's own time zone (`TZ`, e.g. "UTC" or "America/New_York") for this test: what
    the station shows must not depend on it. Restored afterwards."""

    def set_zone(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()
