"""The station secret: in the OS keyring, or a 0600 file in the data dir when no keyring works.

The secret is 32 bytes from enrolment. It is never logged, never put in the database and never
shown; only `where` (which backend holds it) is reported.
"""

from __future__ import annotations

import base64
import contextlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

log = logging.getLogger("sync.secrets")

SERVICE = "StationApp-sync"
SECRET_FILE = "sync-secret.key"


class SecretUnavailable(Exception):
    """No secret is stored (not enrolled) or it cannot be read."""


@dataclass(frozen=True)
class SecretStore:
    """Where this counter's station secret lives. `username` tells stations on one PC apart."""

    data_dir: Path
    username: str
    use_keyring: bool = True

    @property
    def file(self) -> Path:
        return self.data_dir / SECRET_FILE

    def save(self, secret: bytes) -> str:
        """Store the secret; return which backend took it ("keyring: <name>" or "file: <path>")."""
        encoded = base64.b64encode(secret).decode("ascii")
        if self.use_keyring:
            backend = _working_keyring()
            if backend is not None:
                try:
                    backend.set_password(SERVICE, self.username, encoded)
                    # A file left from an earlier fallback would shadow nothing, but a stale
                    # copy of a secret is one more thing to leak.
                    with contextlib.suppress(FileNotFoundError):
                        self.file.unlink()
                    where = f"keyring: {type(backend).__name__}"
                    log.info("station secret stored in the %s", where)
                    return where
                except Exception as error:  # keyring backends raise many kinds
                    log.warning("keyring refused the secret (%s); using a file",
                                type(error).__name__)
        self._write_file(encoded)
        where = f"file: {self.file}"
        log.info("no working keyring: station secret stored in %s (mode 0600)", self.file)
        return where

    def load(self) -> bytes:
        """The secret. Raises SecretUnavailable when none is stored anywhere."""
        if self.use_keyring:
            backend = _working_keyring()
            if backend is not None:
                try:
                    value = backend.get_password(SERVICE, self.username)
                except Exception:
                    value = None
                if value:
                    return base64.b64decode(value)
        try:
            return base64.b64decode(self.file.read_text(encoding="ascii").strip())
        except (OSError, ValueError) as error:
            raise SecretUnavailable("this counter has no sync secret; enrol it again") from error

    def _write_file(self, encoded: str) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        temporary = self.file.with_suffix(".tmp")
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        # Created 0600 from the start: never a moment where others could read it.
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(encoded)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(self.file)


def _working_keyring() -> KeyringBackend | None:
    """The default keyring backend if it is a real one (the fail/null backends are not)."""
    try:
        import keyring  # noqa: PLC0415 - importing probes D-Bus etc.; only when needed
        from keyring.backends import fail  # noqa: PLC0415
    except Exception:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        return None
    return backend
