"""Looking after a counter's data: daily backups and restore, the health report, the support
bundle and the erasure of customers' personal data after the retention period. No Qt here:
the window (ui/health_dialog.py) and the `station-app` commands share these."""
