"""Drafts survive a killed process: every draft whose save returned is there after SIGKILL."""

import os
import random
import signal
import subprocess
import sys
import time

import pytest

from reader.core.storage.store import Store
from reader.core.translation.drafts import Drafts

WRITER = """
import sys
from reader.core.storage.store import Store
from reader.core.translation.drafts import Drafts
drafts = Drafts(Store(sys.argv[1]))
n = 0
while True:
    text = f"draft number {n}"
    drafts.save("imp-1", n % 5, "原文", text, False)
    print(n, flush=True)
    n += 1
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("seed", range(5))
def test_autosaved_draft_survives_sigkill(tmp_path, seed):
    path = tmp_path / "reader.sqlite"
    Store(path).close()
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline()  # it is writing
    time.sleep(random.Random(seed).uniform(0.1, 0.5))
    os.kill(proc.pid, signal.SIGKILL)
    printed = proc.stdout.read().split()
    proc.wait()
    last = int(printed[-1]) if printed else 0
    store = Store(path)
    assert store.quick_check() == []
    saved = Drafts(store).load("imp-1")
    assert saved[last % 5][0] in (f"draft number {last}", f"draft number {last + 1}")
    store.close()
