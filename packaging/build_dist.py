"""Build the one-folder app into dist/reader/ with PyInstaller (`make dist`).

Works the same on Linux, macOS and Windows; run it with the Python of the
environment that has reader installed with its ``dist`` extra:

    python -m pip install -e ".[dist]"
    python packaging/build_dist.py
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def folder_size(folder: Path) -> int:
    """Bytes of the files under folder (links not followed, each file counted once)."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            st = os.lstat(os.path.join(dirpath, name))
            if (st.st_dev, st.st_ino) not in seen:
                seen.add((st.st_dev, st.st_ino))
                total += st.st_size
    return total


def main(argv: list[str] | None = None) -> int:
    import PyInstaller.__main__

    args = list(sys.argv[1:] if argv is None else argv)
    started = time.monotonic()
    PyInstaller.__main__.run([
        "--noconfirm", "--clean", "--log-level", "WARN",
        "--distpath", str(ROOT / "dist"),
        "--workpath", str(ROOT / "build" / "pyinstaller"),
        *args,
        str(ROOT / "packaging" / "reader.spec"),
    ])
    out = ROOT / "dist" / "reader"
    print(f"built {out} in {time.monotonic() - started:.0f} s: "
          f"{folder_size(out) / 2**20:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
