"""Several `serve` workers starting together on an empty PostgreSQL database: the schema is
migrated once, by the parent, before any worker starts; every worker then comes up cleanly."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.sync.conftest import STATION, fresh_postgres
from tests.sync.signed_client import enrol
from tests.sync.test_server_serve import REPO, served


def _cli(url: str, *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "sync.server.cli", "--database-url", url,
                           *args], cwd=REPO, capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout.strip()


def test_two_workers_start_cleanly_on_an_empty_postgres_database(tmp_path: Path) -> None:
    url = fresh_postgres()  # no tables, no migration history
    log = tmp_path / "serve.log"
    with served(url, log, "--migrate", "--workers", "2") as base:
        deadline = time.monotonic() + 30  # serving starts with the first worker up
        while log.read_text().count("Application startup complete") < 2:
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        _cli(url, "create-station", STATION, "幸福里社区自提点")
        client = enrol(base, _cli(url, "enrol-code", STATION))
        for _ in range(10):  # new connections: the kernel hands them to either worker
            client.http = requests.Session()
            answer = client.changes("catalogue")
            client.http.close()
            assert answer.status_code == 200, answer.text
    text = log.read_text()
    assert text.count("head office database migrated") == 1, text
    assert len(set(re.findall(r"Started server process \[(\d+)\]", text))) == 2, text
    assert "Traceback" not in text and "ERROR" not in text, text
