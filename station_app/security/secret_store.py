"""The station secret: in the OS keyring, or a 0600 file in the data dir when no keyring works.

The sync client signs its requests with it; the core keeps it because the core also needs it:
the support bundle scrubs the enrolled secret from the logs by value (care/support_bundle.py).

Secrets are 32 bytes from enrolment, kept per key id: a re-enrolment stores the new key's
secret beside the old one, the database then switches to the new key id in one commit, and
only then is the old secret forgotten. A crash at any point leaves the database naming a key
whose secret is stored, so the counter never ends up with a key and a secret that do not
belong together.

A secret is never logged, never put in the database and never shown; only `where` (which
backend holds it) is reported.
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from station_app.storage.swap import sync_folder

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

log = logging.getLogger("station.security")

SERVICE = "StationApp-sync"
SECRET_FILE = "sync-secret.key"


class SecretUnavailable(Exception):
    """No secret is stored for the key (not enrolled) or it cannot be read."""


@dataclass(frozen=True)
class SecretStore:
    """Where this counter's secrets live. `station_id` tells stations on one PC apart."""

    data_dir: Path
    station_id: str
    use_keyring: bool = True

    @property
    def file(self) -> Path:
        return self.data_dir / SECRET_FILE

    def _user(self, key_id: str) -> str:
        return f"{self.station_id}:{key_id}"

    def save(self, key_id: str, secret: bytes) -> str:
        """Store the key's secret; return which backend took it ("keyring: <name>" or
        "file: <path>"). Raises OSError when neither can."""
        encoded = base64.b64encode(secret).decode("ascii")
        if self.use_keyring:
            backend = _working_keyring()
            if backend is not None:
                try:
                    backend.set_password(SERVICE, self._user(key_id), encoded)
                    where = f"keyring: {type(backend).__name__}"
                    log.info("station secret stored in the %s", where)
                    return where
                except Exception as error:  # keyring backends raise many kinds
                    log.warning("keyring refused the secret (%s); using a file",
                                type(error).__name__)
        secrets = self._file_secrets()
        secrets[key_id] = encoded
        self._write_file(secrets)
        log.info("no working keyring: station secret stored in %s (mode 0600)", self.file)
        return f"file: {self.file}"

    def load(self, key_id: str) -> bytes:
        """The key's secret. Raises SecretUnavailable when none is stored anywhere."""
        if self.use_keyring:
            backend = _working_keyring()
            if backend is not None:
                # Before secrets were kept per key, the station id alone named the entry.
                for user in (self._user(key_id), self.station_id):
                    try:
                        value = backend.get_password(SERVICE, user)
                    except Exception:
                        value = None
                    if value:
                        return base64.b64decode(value)
        secrets = self._file_secrets()
        encoded = secrets.get(key_id) or secrets.get("")  # "": a file from before key ids
        if encoded is None:
            raise SecretUnavailable("this counter has no sync secret; enrol it again")
        try:
            return base64.b64decode(encoded)
        except ValueError as error:
            raise SecretUnavailable("the sync secret file is damaged; enrol again") from error

    def forget(self, key_id: str) -> None:
        """Drop a retired key's secret (best effort: a leftover is useless to anyone once
        head office has retired the key)."""
        if self.use_keyring:
            backend = _working_keyring()
            if backend is not None:
                with contextlib.suppress(Exception):
                    backend.delete_password(SERVICE, self._user(key_id))
        secrets = self._file_secrets()
        if secrets.pop(key_id, None) is not None:
            if secrets:
                self._write_file(secrets)
            else:
                self.file.unlink(missing_ok=True)

    def _file_secrets(self) -> dict[str, str]:
        try:
            text = self.file.read_text(encoding="ascii").strip()
        except (OSError, ValueError):
            return {}
        if not text.startswith("{"):
            return {"": text}  # a file from before keys were named: the enrolled key's
        try:
            found = json.loads(text)
        except ValueError:
            return {}
        return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}

    def _write_file(self, secrets: dict[str, str]) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        temporary = self.file.with_suffix(".tmp")
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        # Created 0600 from the start: never a moment where others could read it.
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(json.dumps(secrets, sort_keys=True))
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(self.file)
        sync_folder(self.data_dir)



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
