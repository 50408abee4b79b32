"""One counter app per data dir: the running app holds a lock file, and `restore` refuses while
it is held (replacing the database under a running counter would lose its next handovers)."""

from __future__ import annotations

from filelock import FileLock, Timeout

from station_app.paths import DataDir
from station_app.private_files import FILE_MODE, private_dir


class CounterRunning(Exception):
    """Another counter app (or a restore) is using this data dir right now."""


def hold_counter_lock(data_dir: DataDir) -> FileLock:
    """Take the data dir's lock for as long as the caller keeps it (release() or exit).
    Raises CounterRunning when another process holds it, OSError when the folder cannot be
    written."""
    private_dir(data_dir.root)
    lock = FileLock(str(data_dir.lock_file), timeout=0, mode=FILE_MODE)
    try:
        lock.acquire()
    except Timeout:
        raise CounterRunning(
            f"The counter app is running on {data_dir.root}: close it first.") from None
    return lock
