"""Guards against a Qt binding that corrupts Python's reference counts.

PySide6 6.12.0 on Python 3.11 drops a reference to `True` on every `Signal.emit()`; a counter
emits thousands of signals an hour and would abort with "bool_dealloc". Run in a subprocess so
a bad binding fails this test instead of killing the test run.
"""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
from PySide6.QtCore import QCoreApplication, QObject, Signal
app = QCoreApplication([])
class Emitter(QObject):
    fired = Signal()
emitter = Emitter()
emitter.fired.connect(lambda: None)
before = sys.getrefcount(True)
for _ in range(200):
    emitter.fired.emit()
print(sys.getrefcount(True) - before)
"""


def test_emitting_signals_keeps_reference_counts_intact() -> None:
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert abs(int(result.stdout.strip())) < 5, "the Qt binding leaks references to True"
