"""PyInstaller runtime hook: let pyzbar find the libzbar bundled in the frozen app.

On Linux pyzbar asks `ctypes.util.find_library("zbar")`, which only searches the system, so
a counter without the libzbar0 package could not use the pyzbar decoder. The spec bundles
libzbar.so.0 into `pyzbar/`; this points pyzbar at it (the system's is still used when the
build has none). On Windows the pyzbar wheel's DLLs already sit next to the package.
"""

import os
import sys


def _use_bundled_zbar() -> None:
    bundled = os.path.join(getattr(sys, "_MEIPASS", ""), "pyzbar", "libzbar.so.0")
    if sys.platform == "win32" or not os.path.isfile(bundled):
        return
    from pyzbar import zbar_library  # noqa: PLC0415 - only in a build that bundles libzbar

    system_lookup = zbar_library.find_library
    zbar_library.find_library = lambda name: bundled if name == "zbar" else system_lookup(name)


_use_bundled_zbar()
