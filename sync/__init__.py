"""Sync with head office (protocol, client, reference server): built by the sync issue."""
