from __future__ import annotations

from pathlib import Path

import pytest

from tests.oracle import oracle


def test_missing_oracle_skips_locally(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(oracle.ENV_VAR, str(tmp_path / "nope" / "python"))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="receipt oracle venv missing"):
        oracle.require_oracle()


def test_missing_oracle_fails_on_ci(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(oracle.ENV_VAR, str(tmp_path / "nope" / "python"))
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"\.venv-oracle"):
        oracle.require_oracle()


def test_default_oracle_is_the_repo_venv(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(oracle.ENV_VAR, raising=False)
    assert oracle.oracle_python() == oracle.REPO / ".venv-oracle" / "bin" / "python"
