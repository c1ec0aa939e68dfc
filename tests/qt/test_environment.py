"""PySide6 stays on a release that does not crash."""

import subprocess
import sys
from importlib.metadata import version


def test_pyside6_is_below_6_12():
    major, minor = (int(x) for x in version("PySide6").split(".")[:2])
    assert (major, minor) < (6, 12), "PySide6 6.12.0 aborts Python 3.11: keep the pin <6.12"


def test_void_calls_do_not_leak_none():
    """PySide6 6.12.0 leaked a reference to None on every call returning nothing,
    and Python aborted after a few thousand calls."""
    code = (
        "import sys\n"
        "from PySide6.QtCore import QObject\n"
        "o = QObject()\n"
        "before = sys.getrefcount(None)\n"
        "for i in range(20000):\n"
        "    o.setObjectName('x')\n"
        "print(sys.getrefcount(None) - before)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip()) < 1000
