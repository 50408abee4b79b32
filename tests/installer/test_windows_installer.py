"""The Windows installer script, compiled on Linux with Debian's NSIS.

What this proves: installer/windows/station-app.nsi compiles with warnings as errors, in
both languages, and the installer holds the one-folder app's files and an uninstaller.
What it cannot: running it (no Windows here); .github/workflows/windows.yml does that on a
Windows runner. A small stand-in folder with the real build's layout replaces the app: the
script only copies it, and a 450 MB folder would take a minute to compress.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.installer.conftest import ROOT, need_tools, project_version

NSI = ROOT / "installer" / "windows" / "station-app.nsi"
APP_FILES = ["station-app.exe", "station-app-console.exe", "_internal/base_library.zip",
             "_internal/resources/translations/station_zh_CN.qm"]


def makensis(*defines: str) -> subprocess.CompletedProcess[str]:
    # -WX: a warning (an unused string, an insecure name) fails the build as it would in CI.
    return subprocess.run(["makensis", "-V2", "-WX", *defines, str(NSI)], check=False,
                          capture_output=True, text=True, timeout=300)


def stand_in_app(folder: Path) -> Path:
    app = folder / "station-app"
    for name in APP_FILES:
        (app / name).parent.mkdir(parents=True, exist_ok=True)
        (app / name).write_bytes(b"MZ stand-in for " + name.encode())
    return app


@pytest.mark.installer
def test_the_nsis_script_compiles_with_the_app_inside(tmp_path: Path) -> None:
    need_tools("makensis", "7z")
    app = stand_in_app(tmp_path)
    icon = tmp_path / "station-app.ico"
    subprocess.run([sys.executable, str(ROOT / "installer" / "render_icon.py"), str(icon)],
                   check=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    version = project_version()
    setup = tmp_path / f"station-app-{version}-setup.exe"

    done = makensis(f"-DVERSION={version}", f"-DAPP_DIR={app}", f"-DOUT_FILE={setup}",
                    f"-DICON={icon}", "-DCOMPRESSOR=zlib")

    assert done.returncode == 0, done.stdout + done.stderr
    data = setup.read_bytes()
    assert data[:2] == b"MZ"
    assert b"Nullsoft" in data or b"NSIS" in data
    listing = subprocess.run(["7z", "l", str(setup)], check=True, capture_output=True,
                             text=True).stdout
    for name in [*APP_FILES, "uninstall.exe"]:
        assert name.replace("/", os.sep) in listing or name in listing, name


@pytest.mark.installer
def test_the_nsis_script_refuses_to_build_without_a_version(tmp_path: Path) -> None:
    need_tools("makensis")
    done = makensis(f"-DAPP_DIR={stand_in_app(tmp_path)}",
                    f"-DOUT_FILE={tmp_path / 'setup-without-version.exe'}")
    assert done.returncode != 0
    assert "Give the version" in done.stdout + done.stderr


def test_the_workflow_runs_the_frozen_self_test_and_builds_the_installer() -> None:
    # The workflow cannot run here; at least hold it to the steps the README promises.
    text = (ROOT / ".github" / "workflows" / "windows.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    job = workflow["jobs"]["installer"]
    assert job["runs-on"] == "windows-latest"
    names = [step.get("name", step.get("uses", "")) for step in job["steps"]]
    assert names.index("Self-test of the frozen app") < names.index("Installer")
    for step in ("runs-on: windows-latest", "python-version: \"3.11\"", "requirements-dev.lock",
                 "scripts/translations.py build", "installer/station-app.spec",
                 "station-app-console.exe --self-test", "makensis",
                 "actions/upload-artifact"):
        assert step in text, step
