"""The .deb as CI ships it: build the one-folder app and the package (installer/build.sh),
install it with dpkg, run the installed app's self-test, remove (purge) it again.

Needs root, dpkg and the dev environment (PyInstaller): skipped on a workstation without them,
a failure in CI. `-m "not installer"` leaves it out (it takes about 1.5 minutes on 2 cores).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.installer.conftest import ROOT, need, need_tools, project_version

DEBIAN = ROOT / "installer" / "debian"
INSTALLED_FILES = [
    "/opt/station-app/station-app",
    "/usr/bin/station-app",
    "/usr/share/applications/station-app.desktop",
    "/usr/share/icons/hicolor/scalable/apps/station-app.svg",
    "/usr/share/icons/hicolor/256x256/apps/station-app.png",
    "/lib/udev/rules.d/60-station-app-printers.rules",
]


def run(*command: str, timeout: float = 300, cwd: str | None = None,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, check=False, capture_output=True, text=True,
                          encoding="utf-8", timeout=timeout, cwd=cwd, env=env)


def is_installed(package: str) -> bool:
    done = run("dpkg-query", "-W", "-f=${Status}", package)
    return "install ok installed" in done.stdout


@pytest.mark.installer
def test_the_deb_installs_and_the_installed_app_passes_its_self_test(tmp_path: Path) -> None:
    need(sys.platform.startswith("linux") and hasattr(os, "geteuid") and os.geteuid() == 0,
         "installing a .deb needs root on Linux")
    need_tools("dpkg", "dpkg-deb", "readelf", "desktop-file-validate")
    need(shutil.which("pyinstaller") is not None or _has_pyinstaller(),
         "PyInstaller is not installed (scripts/setup.sh --dev)")
    need(not is_installed("station-app") or bool(os.environ.get("CI")),
         "station-app is installed on this machine: the test would replace and remove it")
    out = tmp_path / "dist"
    started = time.perf_counter()
    try:
        built = run("bash", str(ROOT / "installer" / "build.sh"), str(out), timeout=900,
                    env={**os.environ, "PYTHON": sys.executable})
        assert built.returncode == 0, built.stdout[-4000:] + built.stderr[-4000:]
        build_s = time.perf_counter() - started
        version = project_version()
        debs = list(out.glob(f"station-app_{version}_*.deb"))
        assert len(debs) == 1, built.stdout[-2000:]
        deb = debs[0]

        info = run("dpkg-deb", "--field", str(deb), "Package", "Version", "Depends").stdout
        assert "Package: station-app" in info
        assert f"Version: {version}" in info
        assert re.search(r"libc6 \(>= 2\.\d+\)", info)
        assert "fonts-wqy-microhei | fonts-noto-cjk" in info
        contents = run("dpkg-deb", "--contents", str(deb)).stdout
        for path in INSTALLED_FILES:
            assert f".{path}\n" in contents, path

        installed = run("dpkg", "-i", str(deb))
        if installed.returncode != 0:  # a library the machine lacks: let apt bring it
            fixed = run("apt-get", "-f", "install", "-y", "-qq", "--no-install-recommends",
                        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"}, timeout=600)
            assert fixed.returncode == 0, installed.stderr + fixed.stderr
        assert is_installed("station-app")
        for path in INSTALLED_FILES:
            assert Path(path).exists(), path

        checked = time.perf_counter()
        self_test = run("/usr/bin/station-app", "--self-test", cwd="/",
                        env={**os.environ, "PYTHONIOENCODING": "utf-8"}, timeout=120)
        self_test_s = time.perf_counter() - checked
        assert self_test.returncode == 0, self_test.stdout + self_test.stderr
        assert "self-test passed" in self_test.stdout
        assert "✗" not in self_test.stdout
        assert "✓ QR read back (pyzbar)" in self_test.stdout  # the bundled libzbar works

        helped = run("/usr/bin/station-app", "--help")
        assert helped.returncode == 0 and "--self-test" in helped.stdout
        validated = run("desktop-file-validate", "/usr/share/applications/station-app.desktop")
        assert validated.returncode == 0, validated.stdout + validated.stderr
        print(f"\nbuild {build_s:.0f} s, .deb {deb.stat().st_size / 2**20:.0f} MiB, "
              f"installed self-test {self_test_s:.1f} s")
    finally:
        if run("dpkg-query", "-W", "station-app").returncode == 0:  # even half-installed
            # --purge: dpkg -r, then forget the package (its postrm) entirely.
            removed = run("dpkg", "--purge", "station-app")
            assert removed.returncode == 0, removed.stderr
        shutil.rmtree(out, ignore_errors=True)  # ~700 MB: not left for pytest's tmp keeping
    assert not Path("/opt/station-app").exists()
    assert not Path("/usr/bin/station-app").exists()
    assert not Path("/lib/udev/rules.d/60-station-app-printers.rules").exists()
    assert run("dpkg-query", "-W", "station-app").returncode != 0  # no trace left


def _has_pyinstaller() -> bool:
    return run(sys.executable, "-c", "import PyInstaller").returncode == 0


# --- the package's own files, without building anything -----------------------------------

def test_the_desktop_entry_is_valid_and_bilingual() -> None:
    entry = (DEBIAN / "station-app.desktop").read_text(encoding="utf-8")
    assert "Name[zh_CN]=自提点柜台" in entry
    assert "Icon=station-app\n" in entry and "Exec=station-app\n" in entry
    assert "Categories=Office;" in entry
    need_tools("desktop-file-validate")
    validated = run("desktop-file-validate", str(DEBIAN / "station-app.desktop"))
    assert validated.returncode == 0, validated.stdout + validated.stderr


UDEV_PAIR = re.compile(r'\s*([A-Z_]+(?:\{[^}]+\})?)\s*(==|!=|\+=|=)\s*"([^"]*)"\s*(,|#.*)?')


def test_the_udev_rule_parses_and_gives_printers_to_the_seat_user() -> None:
    # No udevadm verify on Debian 12: check the grammar we rely on, so a typo cannot make
    # udev skip a line silently.
    rules = (DEBIAN / "60-station-app-printers.rules").read_text(encoding="utf-8")
    labels, gotos, assignments = set(), set(), []
    for line in rules.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        position, pairs = 0, []
        while position < len(line):
            found = UDEV_PAIR.match(line, position)
            assert found, f"cannot parse: {line!r} at {line[position:]!r}"
            pairs.append(found.groups()[:3])
            if found.group(4) and found.group(4).startswith("#"):
                break
            position = found.end()
        for key, operator, value in pairs:
            if key == "LABEL":
                labels.add(value)
            elif key == "GOTO":
                gotos.add(value)
            elif operator in ("=", "+="):
                assignments.append((key, operator, value))
    assert gotos <= labels
    assert ("TAG", "+=", "uaccess") in assignments
    assert ("MODE", "=", "0660") in assignments
    assert 'ENV{ID_USB_INTERFACES}=="*:07????:*"' in rules  # any USB printer-class device
    for vendor in ("0416", "0483", "04b8", "0fe6", "1fc9", "28e9"):
        assert f'ATTR{{idVendor}}=="{vendor}"' in rules
