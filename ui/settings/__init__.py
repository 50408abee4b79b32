"""Settings (F2): every first-run step again, for a manager, plus display and staff."""
