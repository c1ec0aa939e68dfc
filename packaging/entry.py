"""The frozen app's entry point: ``reader`` as the console script runs it.

PyInstaller starts here (packaging/reader.spec). One hidden switch, for the smoke
test (packaging/smoke.py): with ``READER_SMOKE_SCREENSHOT=OUT.png`` in the
environment the bundle renders the first bundled article to OUT.png, as
``python -m reader.qt.screenshot OUT.png`` does from a checkout, and exits.
"""

from __future__ import annotations

import multiprocessing
import os
import sys


def main() -> int:
    multiprocessing.freeze_support()
    shot = os.environ.pop("READER_SMOKE_SCREENSHOT", "")
    if shot:
        from reader.qt.screenshot import main as screenshot

        return screenshot([shot])
    from reader.cli import main as cli

    return cli()


if __name__ == "__main__":
    sys.exit(main())
