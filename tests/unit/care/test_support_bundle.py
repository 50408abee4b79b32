"""The support bundle holds logs, settings and health, and nothing personal or secret."""

from __future__ import annotations

import logging
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from station_app.care.health import gather
from station_app.care.log_files import log_to_files
from station_app.care.support_bundle import (
    enrolled_secret_forms,
    scrub,
    secret_forms,
    write_bundle,
)
from station_app.counter import Counter
from station_app.security.secret_store import SecretStore
from station_app.storage.database import SCHEMA_HEAD
from station_app.storage.models import SyncEnrolment

REPO = Path(__file__).resolve().parents[3]
SECRET = bytes(range(7, 39))  # 32 bytes, as enrolment gives


def test_scrub_patterns() -> None:
    line = ("2026-11-25 12:34:56,789 INFO station.x: order XF01-261125-000042 for 13812345678 "
            "(138****5678, 张**) code 224906 pin=4821 tail 8888 port 9100 seq 12..40 "
            "ID 11010519491231002X took 1332 ms")
    scrubbed = scrub(line)
    for gone in ("13812345678", "138****5678", "张**", "224906", "4821", "8888",
                 "11010519491231002X"):
        assert gone not in scrubbed, gone
    for kept in ("2026-11-25 12:34:56,789", "XF01-261125-000042", "port 9100", "1332 ms",
                 "seq 12..40"):
        assert kept in scrubbed, kept


@pytest.mark.parametrize("line", [
    "push failed for +8613812345678",
    "dialled tel:13812345678",
    "sms to tel:+86-138-1234-5678",
    "phone 0086 13812345678",
    "phone 86 138 1234 5678",
    "typed 138 1234 5678 then 138-1234-5678",
    "取件码为224906，请尽快取件",
    "提货码是 224906",
    "订单224906已取",
    "手机尾号是8888的住户",
    "尾号为8888",
])
def test_scrub_phone_forms_and_codes_after_words(line: str) -> None:
    scrubbed = scrub(line)
    for gone in ("13812345678", "138 1234 5678", "138-1234-5678", "1234", "224906", "8888"):
        assert gone not in scrubbed, (line, scrubbed)


@pytest.mark.parametrize(("line", "name"), [
    ("姓名：张三丰 地址已隐藏", "张三丰"),
    ("收货人 李四 已到店", "李四"),
    ("收件人:欧阳娜娜", "欧阳娜娜"),
    ("客户王小明来取件", "王小明"),
    ("customer_name='欧阳娜娜' slot A-1-001", "欧阳娜娜"),
    ('{"customer_name": "赵敏"}', "赵敏"),
    ("order XF01-261125-0042 name=张三 phone tail [digits]", "张三"),
    ("name=王丽", "王丽"),
    ('name="Li Wei", slot A-1-001', "Li Wei"),
])
def test_scrub_customer_names(line: str, name: str) -> None:
    scrubbed = scrub(line)
    assert name not in scrubbed, scrubbed
    assert "[name]" in scrubbed, scrubbed


def test_scrub_keeps_masked_names_shape_and_the_rest() -> None:
    scrubbed = scrub("order XF01-261125-0042 客户 张** slot A-1-001 took 1332 ms")
    assert "张**" not in scrubbed
    for kept in ("XF01-261125-0042", "A-1-001", "1332 ms"):
        assert kept in scrubbed, scrubbed


def test_bundle_has_no_phone_pin_or_secret(counter: Counter, tmp_path: Path) -> None:
    root = counter.data_dir.root
    # An enrolled station: its secret in the file store (no keyring here), as enrolment does.
    SecretStore(root, counter.station_id, use_keyring=False).save("k1", SECRET)
    with counter.db.writing() as session:
        session.add(SyncEnrolment(id=1, base_url="https://ho.example", station_id=counter
                                  .station_id, station_name="x", key_id="k1",
                                  enrolled_at=datetime.now(UTC)))
    (root / "settings.toml").write_text(
        'language = "en"\nsync_ca_bundle = "/etc/ca.pem"\napi_token = "tok-very-secret-1"\n'
        '[printer]\ntransport = "network"\nhost = "192.168.1.50"\npassword = "hunter22"\n',
        encoding="utf-8")
    handlers = list(logging.getLogger().handlers)
    log_to_files(counter.data_dir.logs, max_bytes=4000)  # small: rotated files exist too
    try:
        log = logging.getLogger("station.test")
        for n in range(200):
            log.info("lookup %d by phone 13912345678 (139****5678) pickup code 580486", n)
        log.warning("sign-in with PIN 2222 failed for 王丽")
        forms = secret_forms(SECRET)
        log.warning("leaked by a careless library: %s / %s", forms[0], forms[2])
    finally:
        for handler in [h for h in logging.getLogger().handlers if h not in handlers]:
            logging.getLogger().removeHandler(handler)
            handler.close()
    assert len(list(counter.data_dir.logs.glob("station.log*"))) > 2

    report = gather(counter.db, counter.data_dir, counter.clock())
    path = write_bundle(counter.data_dir, tmp_path / "usb", report, counter.clock(),
                        enrolled_secret_forms(counter.db, root))

    with zipfile.ZipFile(path) as bundle:
        names = bundle.namelist()
        everything = b"".join(bundle.read(name) for name in names)
    assert {"settings.toml", "health.json", "about.json", "README.txt"} <= set(names)
    assert sum(name.startswith("logs/station.log") for name in names) > 2
    assert not [n for n in names if n.endswith((".db", ".key", ".jpg", ".bin"))]
    text = everything.decode("utf-8")
    for gone in ("13912345678", "139****5678", "580486", "PIN 2222", "tok-very-secret-1",
                 "hunter22", *secret_forms(SECRET)):
        assert gone not in text, gone
    assert (root / "sync-secret.key").exists()  # the secret itself stays where it was
    assert "/etc/ca.pem" in text and "192.168.1.50" in text  # useful, not secret
    assert "lookup 199 by phone [phone]" in text
    assert f'"schema": "{SCHEMA_HEAD}"' in text


def test_support_bundle_command(counter: Counter, tmp_path: Path) -> None:
    root = str(counter.data_dir.root)
    counter.close()
    result = subprocess.run([sys.executable, "-m", "ui.launcher", "support-bundle", "--out",
                             str(tmp_path), "--data-dir", root], cwd=REPO, capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(result.stdout.strip()) as bundle:
        assert "health.json" in bundle.namelist()
