"""Fixtures for the head-office server: the real server on 127.0.0.1, on a temporary SQLite
file and, when STATION_TEST_POSTGRES_URL is set, on PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import MetaData, create_engine

from sync.server.embedded import EmbeddedHeadOffice
from sync.server.headoffice import create_station, new_enrolment_code
from tests.sync.signed_client import SignedClient, enrol

POSTGRES_ENV = "STATION_TEST_POSTGRES_URL"
STATION = "XF01"
OTHER_STATION = "XF02"


def postgres_url() -> str:
    """The test PostgreSQL URL; skips the test locally, fails it in CI, when it is not set."""
    url = os.environ.get(POSTGRES_ENV, "")
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"{POSTGRES_ENV} is not set: CI must run the PostgreSQL tests")
        pytest.skip(f"{POSTGRES_ENV} not set")
    return url


def fresh_postgres() -> str:
    """The test PostgreSQL database, emptied: each test starts from an empty head office, with
    no tables and no migration history. Every table there is dropped, as found (not as
    models.py says: alembic_version, or a table of an older schema, must go too); not the whole
    schema, which before PostgreSQL 15 belongs to the superuser, not the test role."""
    url = postgres_url()
    engine = create_engine(url)
    found = MetaData()
    found.reflect(engine)
    found.drop_all(engine)
    engine.dispose()
    return url


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgres":
        return fresh_postgres()
    return f"sqlite:///{tmp_path / 'headoffice.db'}"


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'headoffice.db'}"


def _server(url: str) -> Iterator[EmbeddedHeadOffice]:
    server = EmbeddedHeadOffice(url)
    server.start()
    create_station(server.db, STATION, "幸福里社区自提点")
    create_station(server.db, OTHER_STATION, "和平路自提点")
    yield server
    server.stop()
    server.db.dispose()


@pytest.fixture
def ho(sqlite_url: str) -> Iterator[EmbeddedHeadOffice]:
    """The head office on SQLite with stations XF01 and XF02."""
    yield from _server(sqlite_url)


@pytest.fixture
def ho_any(database_url: str) -> Iterator[EmbeddedHeadOffice]:
    """The same, once on SQLite and once on PostgreSQL."""
    yield from _server(database_url)


@pytest.fixture
def client(ho: EmbeddedHeadOffice) -> SignedClient:
    return enrol(ho.url, new_enrolment_code(ho.db, STATION))


@pytest.fixture
def client_any(ho_any: EmbeddedHeadOffice) -> SignedClient:
    return enrol(ho_any.url, new_enrolment_code(ho_any.db, STATION))
