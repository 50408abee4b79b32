"""Head office forgets old nonces and idempotency answers on a timer, off the event loop."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import select

from sync.protocol import NONCE_TTL_S
from sync.server.embedded import EmbeddedHeadOffice
from sync.server.headoffice import create_station, now_utc
from sync.server.models import IdempotentAnswer, Nonce
from sync.server.pruning import IDEMPOTENCY_RETENTION
from tests.sync.conftest import STATION


@pytest.fixture
def pruning_ho(database_url: str) -> Iterator[EmbeddedHeadOffice]:
    server = EmbeddedHeadOffice(database_url, prune_every_s=0.2)
    create_station(server.db, STATION, "幸福里社区自提点")
    yield server
    server.stop()
    server.db.dispose()


def test_old_nonces_and_idempotency_answers_are_pruned_on_a_timer(
        pruning_ho: EmbeddedHeadOffice) -> None:
    now = now_utc()
    nonce_age = timedelta(seconds=NONCE_TTL_S)
    with pruning_ho.db.writing() as session:
        session.add_all([
            Nonce(key_id="k", nonce="old", seen_at=now - nonce_age - timedelta(seconds=5)),
            Nonce(key_id="k", nonce="new", seen_at=now - nonce_age + timedelta(minutes=2)),
            IdempotentAnswer(station_id=STATION, key="old-lease", body_sha256="0" * 64,
                             answer="{}", created_at=now - IDEMPOTENCY_RETENTION - timedelta(
                                 hours=1)),
            IdempotentAnswer(station_id=STATION, key="new-lease", body_sha256="0" * 64,
                             answer="{}", created_at=now - IDEMPOTENCY_RETENTION + timedelta(
                                 hours=1)),
        ])
    pruning_ho.start()  # the timer lives in the app's lifespan

    deadline = time.monotonic() + 10
    while True:
        with pruning_ho.db.reading() as session:
            nonces = set(session.scalars(select(Nonce.nonce)))
            leases = set(session.scalars(select(IdempotentAnswer.key)))
        if "old" not in nonces and "old-lease" not in leases:
            break
        assert time.monotonic() < deadline, (nonces, leases)
        time.sleep(0.1)
    assert nonces == {"new"}
    assert leases == {"new-lease"}
