"""Two counters of the demo station on real SQLite files: the second made from a copy of the
first (as a second counter joins), both open as at start-up."""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from pathlib import Path

from station_app.counter import Counter, open_counter
from station_app.paths import DataDir
from station_app.services.exchange import Exchange
from station_app.setup.second_counter import open_as_counter
from station_app.storage.database import backup_database


@dataclass
class Pair:
    one: Counter
    two: Counter
    secret: bytes

    def exchanges(self) -> tuple[Exchange, Exchange]:
        return (Exchange(self.one.db, self.one.station_id, self.one.clock),
                Exchange(self.two.db, self.two.station_id, self.two.clock))

    def close(self) -> None:
        self.one.close()
        self.two.close()


def second_counter_of(first: Counter, root: Path, counter_no: int = 2) -> Counter:
    """Counter `counter_no` of `first`'s station, from a consistent copy of its database."""
    data_dir = DataDir(root)
    data_dir.ensure()
    copy = backup_database(first.db.engine, root / "incoming", "join")
    copy.replace(data_dir.database)
    open_as_counter(data_dir.database, counter_no)
    return open_counter(root)


def pair_of_counters(tmp_path: Path) -> Pair:
    one = open_counter(tmp_path / "one", demo=True)
    two = second_counter_of(one, tmp_path / "two")
    return Pair(one, two, base64.b64decode(base64.b64encode(secrets.token_bytes(32))))
