"""What every command's failure must look like: one line on stderr, no traceback."""

from __future__ import annotations


def fails_cleanly(done, *needles: str, code: int | None = None) -> str:
    """The stderr of a failed run, checked: non-zero exit (``code`` if given), one line."""
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode != 0 if code is None else done.returncode == code, err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    for needle in needles:
        assert needle in err
    return err
