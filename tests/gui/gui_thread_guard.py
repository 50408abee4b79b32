"""A guard for "never the database on the GUI thread": during each GUI test, every SQL statement
run on the GUI thread by screen code (`ui/`) is recorded, and the test fails with where it came
from. The counter would freeze there for as long as the disk or a lock takes.

Tests themselves may read the database on the GUI thread (they check what was written), and so
may `ui.sign_in.run_here`, the runner tools and tests pick to run without a lane, and
`ui.first_run.start.read_at_start_up`, before any window is up.
"""

from __future__ import annotations

import sys
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

UI = str(Path(__file__).resolve().parents[2] / "ui") + "/"
# A runner without a lane, chosen on purpose (tools, tests), and the reads before any window
# is up (nothing waits on the GUI thread yet).
ALLOWED = {"run_here", "read_at_start_up"}


def _screen_frame(frame: FrameType | None) -> FrameType | None:
    """The innermost frame of screen code on the stack, unless an allowed runner is on it."""
    found = None
    while frame is not None:
        if frame.f_code.co_name in ALLOWED:
            return None
        if found is None and frame.f_code.co_filename.startswith(UI):
            found = frame
        frame = frame.f_back
    return found


@contextmanager
def database_off_the_gui_thread() -> Iterator[list[str]]:
    """Records (as text) each statement screen code ran on the GUI thread meanwhile."""
    seen: list[str] = []
    gui = threading.main_thread()

    def before(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if threading.current_thread() is not gui:
            return
        frame = _screen_frame(sys._getframe(1))
        if frame is not None:
            where = "".join(traceback.format_stack(frame, limit=4))
            seen.append(f"{statement.split(maxsplit=1)[0]} on the GUI thread from\n{where}")

    event.listen(Engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", before)
