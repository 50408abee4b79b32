"""`station-headoffice serve` as an operator runs it: a process, several workers, TLS."""

from __future__ import annotations

import base64
import ipaddress
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from sync.client.transport import AUTH, Credentials, SyncError, Transport
from tests.sync.conftest import STATION, fresh_postgres
from tests.sync.signed_client import enrol, handover_event

REPO = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _cli(url: str, *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "sync.server.cli", "--database-url", url,
                           *args], cwd=REPO, capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout.strip()


@contextmanager
def served(url: str, log: Path, *options: str, scheme: str = "http",
           verify: str | bool = True) -> Iterator[str]:
    """`serve` as a child process on a free port; yields its base URL once it answers
    /v1/time. On leaving: SIGTERM, as systemd stops it, and a clean exit is required (uvicorn
    ends a single process by re-raising the signal it shut down for, which systemd counts as
    success; the supervisor of several workers exits 0)."""
    port = _free_port()
    base = f"{scheme}://127.0.0.1:{port}"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "sync.server.cli", "--database-url", url, "serve",
             "--port", str(port), *options], cwd=REPO, stdout=output, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(base + "/v1/time", timeout=2, verify=verify).ok:
                    break
            except requests.RequestException:
                pass
            assert process.poll() is None, f"serve exited: {log.read_text()}"
            assert time.monotonic() < deadline, f"serve did not answer: {log.read_text()}"
            time.sleep(0.1)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            code = process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)
            raise
    assert code in (0, -signal.SIGTERM), log.read_text()


def test_serve_refuses_a_database_that_is_behind(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ho.db'}"
    done = subprocess.run([sys.executable, "-m", "sync.server.cli", "--database-url", url,
                           "serve", "--port", str(_free_port())], cwd=REPO,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1
    assert "run station-headoffice migrate" in done.stderr
    assert "Traceback" not in done.stderr


def test_serve_migrate_migrates_once_then_starts_its_workers(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ho.db'}"
    log = tmp_path / "serve.log"
    with served(url, log, "--migrate", "--workers", "2") as base:
        assert requests.get(base + "/v1/time", timeout=5).ok
    text = log.read_text()
    assert text.count("head office database migrated") == 1, text
    assert "Traceback" not in text


def test_two_workers_serve_signed_requests_on_postgres(tmp_path: Path) -> None:
    url = fresh_postgres()
    _cli(url, "migrate")
    _cli(url, "create-station", STATION, "幸福里社区自提点")
    code = _cli(url, "enrol-code", STATION)
    log = tmp_path / "serve.log"
    with served(url, log, "--workers", "2") as base:
        client = enrol(base, code)
        deadline = time.monotonic() + 30  # serving starts with the first worker up
        while len(started := set(re.findall(r"Started server process \[(\d+)\]",
                                            log.read_text()))) < 2:
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        answered: set[str] = set()
        for n in range(1, 201):
            client.http = requests.Session()  # a new connection: the kernel picks a worker
            answer = (client.changes("catalogue") if n % 2 else
                      client.push([handover_event(n // 2, f"XF01-{n}", STATION)]))
            client.http.close()
            assert answer.status_code == 200, answer.text
            # Access lines carry the worker's process id (serving.log_config).
            answered = set(re.findall(r"\[(\d+)\] [0-9.:]+ - \"", log.read_text()))
            if n >= 20 and answered == started:
                break
        assert answered == started, log.read_text()
    text = log.read_text()
    assert text.count("Application startup complete") == 2, text
    assert "Traceback" not in text and "ERROR" not in text, text


# --- TLS ----------------------------------------------------------------------------------------


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _ca(folder: Path, name: str) -> tuple[Path, ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(_name(name)).issuer_name(_name(name))
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True,
                                         crl_sign=True, content_commitment=False,
                                         key_encipherment=False, data_encipherment=False,
                                         key_agreement=False, encipher_only=False,
                                         decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                           critical=False)
            .sign(key, hashes.SHA256()))
    path = folder / f"{name}.pem"
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path, key, cert


def _server_certificate(folder: Path, ca_key: ec.EllipticCurvePrivateKey,
                        ca: x509.Certificate) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(_name("head office"))
            .issuer_name(ca.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]),
                           critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    cert_path, key_path = folder / "server.pem", folder / "server.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    os.chmod(key_path, 0o600)
    return cert_path, key_path


def test_the_counter_talks_to_head_office_over_tls(tmp_path: Path) -> None:
    ca_path, ca_key, ca = _ca(tmp_path, "station-test-ca")
    stranger_ca, _, _ = _ca(tmp_path, "someone-else-ca")
    cert, key = _server_certificate(tmp_path, ca_key, ca)
    url = f"sqlite:///{tmp_path / 'ho.db'}"
    _cli(url, "migrate")
    _cli(url, "create-station", STATION, "幸福里社区自提点")
    code = _cli(url, "enrol-code", STATION)
    with served(url, tmp_path / "serve.log", "--tls-cert", str(cert), "--tls-key", str(key),
                scheme="https", verify=str(ca_path)) as base:
        enrolling = Transport(base, verify=str(ca_path))
        enrolled = enrolling.enrol(code)
        enrolling.close()
        secret = base64.b64decode(enrolled.secret)
        transport = Transport(base, Credentials(STATION, enrolled.key_id, secret),
                              verify=str(ca_path))
        assert transport.changes("catalogue", None, 10).reset_required is False
        transport.close()  # an idle TLS connection would hold the shutdown up
        stranger = Transport(base, verify=str(stranger_ca))
        with pytest.raises(SyncError) as refused:
            stranger.server_time()
        stranger.close()
        assert refused.value.kind == AUTH
        assert "TLS" in refused.value.message
        with pytest.raises(requests.RequestException):  # no plain HTTP on the TLS port
            requests.get(base.replace("https", "http") + "/v1/time", timeout=5)
