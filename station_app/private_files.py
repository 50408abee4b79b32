"""Files only the counter's own OS account may read.

The data dir holds customers' names and phones (database, backups, logs, receipts, photos):
another account on the same PC must not read them. On POSIX systems:

- the `station-app` commands and the window run with umask 077, so whatever creates a file
  there (SQLite, logging, Qt, OpenCV) makes it 0600 and a folder 0700;
- the files that matter most are also created with those modes explicitly, so code run with
  another umask (a test, a tool, a library call) still gets them; SQLite gives a database's
  -wal, -shm and -journal files the mode of the database file itself;
- `DataDir.ensure` tightens an install an earlier version left readable.

Windows has no such modes: the data dir lives in the user's own profile, whose ACL keeps other
users out; the mode arguments are ignored there and nothing is changed afterwards.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

PRIVATE_UMASK = 0o077
DIR_MODE = 0o700
FILE_MODE = 0o600
POSIX = os.name == "posix"

log = logging.getLogger("station.storage")


def restrict_umask() -> None:
    """From now on this process creates files 0600 and folders 0700 (POSIX)."""
    if POSIX:
        os.umask(PRIVATE_UMASK)


def tighten(path: Path, mode: int) -> None:
    """Give an existing file or folder `mode` if it is more open. Best effort: a folder on a
    FAT stick or owned by another account keeps what it has (opening it says what is wrong)."""
    if not POSIX:
        return
    try:
        current = stat.S_IMODE(path.stat().st_mode)
        if current & ~mode:
            path.chmod(current & mode)
    except FileNotFoundError:
        return
    except OSError as error:
        log.warning("cannot make %s private: %s", path, error)


def private_dir(path: Path) -> None:
    """Create the folder (and its parents) if needed; the folder itself ends up 0700.
    Raises OSError when it cannot be created."""
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    tighten(path, DIR_MODE)


def private_file(path: Path) -> None:
    """Create an empty file 0600 if there is none (for SQLite or a log handler to open), or
    tighten the one there. Best effort, as `tighten`: the caller's open reports a folder
    that cannot be written."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        tighten(path, FILE_MODE)
    except OSError:
        return
    else:
        os.close(descriptor)


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to a file created 0600 (an existing file is tightened, then replaced).
    Raises OSError."""
    # O_BINARY: Windows would otherwise turn each \n of a receipt's bytes into \r\n.
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags, FILE_MODE)
    with os.fdopen(descriptor, "wb") as file:
        if POSIX:
            os.fchmod(file.fileno(), FILE_MODE)
        file.write(data)
