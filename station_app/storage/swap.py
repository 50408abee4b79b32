"""Putting a new database file in place of the old one so that a power cut at any instant
leaves a whole database behind: the old one, or the new one, never none.

The steps, each made durable before the next (file and folder fsync):
1. the new file is complete and synced beside the database (`station.db.restoring`);
2. the old files get a second name (`station.db.broken-<time>`, hard links, or copies where
   the file system has no links): the evidence is safe whatever happens next;
3. a journal (`station.db.swap`) says the swap is decided;
4. the old WAL and shared-memory files go (they belong to the old file: a new file beside an
   old WAL would be read through it and be damaged), then the new file is renamed over
   `station.db` in one atomic rename;
5. the journal goes.

A crash after 3 is finished by `finish_swap`, which every open of the database runs first; a
crash before 3 leaves the old database in place, untouched (a restore is simply run again).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from pathlib import Path

log = logging.getLogger("station.storage")

SIDE_FILES = ("", "-wal", "-shm")  # the database and SQLite's companions


def journal_for(database: Path) -> Path:
    return database.with_name(database.name + ".swap")


def incoming_for(database: Path) -> Path:
    return database.with_name(database.name + ".restoring")


def sync_folder(folder: Path) -> None:
    """Make renames and new names in `folder` durable (POSIX; Windows has no folder fsync)."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def sync_file(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def keep_aside(database: Path, stamp: str) -> tuple[Path, ...]:
    """Second names for the database's current files (step 2). Returns them."""
    kept = []
    for suffix in SIDE_FILES:
        source = database.with_name(database.name + suffix)
        if not source.exists():
            continue
        target = database.with_name(f"{database.name}.broken-{stamp}{suffix}")
        target.unlink(missing_ok=True)
        try:
            os.link(source, target)
        except OSError:  # no hard links here (FAT on a USB disk): a copy keeps it as well
            shutil.copy2(source, target)
            sync_file(target)
        kept.append(target)
    sync_folder(database.parent)
    return tuple(kept)


def swap_in(database: Path) -> None:
    """Steps 3–5: the synced `incoming_for(database)` becomes the database."""
    journal = journal_for(database)
    with journal.open("w", encoding="utf-8") as handle:
        handle.write(json.dumps({"incoming": incoming_for(database).name}))
        handle.flush()
        os.fsync(handle.fileno())
    sync_folder(database.parent)
    _complete(database)


def finish_swap(database: Path) -> bool:
    """Finish a swap a crash interrupted (step 4 and 5); True when there was one."""
    if not journal_for(database).exists():
        return False
    _complete(database)
    log.warning("an interrupted restore was finished: %s is in place",
                incoming_for(database).name)
    return True


def _complete(database: Path) -> None:
    incoming = incoming_for(database)
    if incoming.exists():
        for suffix in SIDE_FILES[1:]:
            database.with_name(database.name + suffix).unlink(missing_ok=True)
        incoming.replace(database)
        sync_folder(database.parent)
    journal_for(database).unlink(missing_ok=True)
    sync_folder(database.parent)
