"""Starting a helper process of the window's (annotation, speech), connected both ways.

A frozen bundle (or Windows) starts it through multiprocessing's spawn (packaging/entry.py
calls freeze_support); elsewhere it is a plain ``python -c CHILD FD``, which does not run
the window's main script again, as multiprocessing's spawn would (``reader``'s script
imports the whole command line). ``CHILD`` reads its connection from the descriptor FD.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: The package's folder's parent: the process imports reader from there too.
_ROOT = str(Path(__file__).resolve().parents[2])


def spawn(serve: Callable[[Any], None], child: str, name: str) -> tuple[Any, Any]:
    """(our end of the connection, the process). ``serve(connection)`` is what the child
    runs under multiprocessing; ``child`` the code that does the same under ``python -c``."""
    if getattr(sys, "frozen", False) or os.name != "posix":
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe(duplex=True)
        spawned = context.Process(target=serve, args=(theirs,), daemon=True, name=name)
        spawned.start()
        theirs.close()
        return ours, spawned
    from multiprocessing.connection import Connection

    mine, its = socket.socketpair()
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (_ROOT, env.get("PYTHONPATH", "")) if p)
    try:
        process = subprocess.Popen(
            [sys.executable, "-c", child, str(its.fileno())],
            pass_fds=(its.fileno(),), stdin=subprocess.DEVNULL, env=env,
        )
    except BaseException:
        mine.close()
        raise
    finally:
        its.close()
    return Connection(mine.detach()), process
