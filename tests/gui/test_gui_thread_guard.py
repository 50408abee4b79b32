"""The guard behind "never the database on the GUI thread" catches what it is for."""

from __future__ import annotations

from typing import Any

import pytest

from station_app.counter import Counter
from station_app.services.staff import StaffAccounts
from tests.gui.gui_thread_guard import database_off_the_gui_thread
from tests.helpers import scalar
from ui.sign_in import SignInDialog, run_here

pytestmark = pytest.mark.guard_itself


def test_screen_code_reading_on_the_gui_thread_is_caught(qtbot: Any, counter: Counter) -> None:
    # The sign-in screen once read the roster straight from the database while building
    # itself; a runner that runs its work in place does the same.
    with database_off_the_gui_thread() as seen:
        dialog = SignInDialog(StaffAccounts(counter.db), lambda work, done, _failed: done(work()))
        qtbot.addWidget(dialog)
    assert seen, "the guard missed a read on the GUI thread"
    assert "sign_in.py" in seen[0] and any(seen_.startswith("SELECT") for seen_ in seen)


def test_tests_and_the_lane_free_runner_may_read(qtbot: Any, counter: Counter) -> None:
    with database_off_the_gui_thread() as seen:
        dialog = SignInDialog(StaffAccounts(counter.db), run_here)
        qtbot.addWidget(dialog)
        assert scalar(counter.db, "SELECT count(*) FROM staff") > 0
    assert seen == []
    assert dialog.loaded and dialog.names.count() > 0
