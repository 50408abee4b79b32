"""The reference head-office server (FastAPI + SQLAlchemy) for sync protocol v1."""

from sync.server.app import create_app

__all__ = ["create_app"]
