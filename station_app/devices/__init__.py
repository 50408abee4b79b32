"""Printers, camera and scanner: the counter's hardware, and the files standing in for it."""

from __future__ import annotations

import os

import platformdirs

# python-escpos parses its 600 kB printer-capabilities YAML at import unless it finds a pickle
# of it, and by default looks for that pickle in a new temporary folder every time: about
# 0.15 s of every start, and one leftover folder per start. A fixed cache folder fixes both.
if "ESCPOS_CAPABILITIES_PICKLE_DIR" not in os.environ:
    _cache = platformdirs.user_cache_dir("StationApp", "StationApp")
    try:
        os.makedirs(_cache, exist_ok=True)
    except OSError:  # a read-only home: python-escpos falls back to its temporary folder
        pass
    else:
        os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = _cache
