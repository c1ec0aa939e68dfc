"""Errors that carry a message for the user and advice on what to do next."""

from __future__ import annotations


class ReaderError(Exception):
    """An error the user can act on.

    ``message`` says what went wrong, ``advice`` what to do about it. The CLI prints
    both on one line and exits non-zero; the Qt layer shows them in a dialog.
    """

    exit_code = 1

    def __init__(self, message: str, advice: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.advice = advice

    def __str__(self) -> str:
        return f"{self.message} ({self.advice})" if self.advice else self.message


class InputError(ReaderError):
    """The text or file given to us cannot be read."""

    exit_code = 2


class DictionaryMissing(ReaderError):
    """No built dictionary was found."""

    exit_code = 3

    def __init__(self, where: str) -> None:
        super().__init__(
            f"no dictionary found in {where}",
            "run `reader setup` (or `reader dict build`; `make run` builds it too), or open the window, which offers to",
        )


class DictionaryError(ReaderError):
    """A dictionary source or database is unusable."""

    exit_code = 3


#: OS errors a user can meet, by errno name: what happened and what to do.
_OS_ADVICE = {
    "ENOSPC": ("the disk is full", "free some space and try again; nothing was half-written"),
    "EDQUOT": ("your disk quota is used up", "free some space and try again"),
    "EFBIG": ("the file grew past what this disk or account allows", "free some space, or choose another disk"),
    "EROFS": ("the disk is read-only", "choose a folder on a writable disk"),
    "EACCES": ("permission denied", "check the permissions of the file and its folder"),
    "EPERM": ("the operation is not permitted", "check the permissions of the file and its folder"),
    "ENOENT": ("it does not exist", "check the name and the folder"),
    "EISDIR": ("it is a folder, not a file", "choose a file"),
    "ENOTDIR": ("a part of the path is not a folder", "check the path"),
    "ENAMETOOLONG": ("the file name is too long", "choose a shorter name or folder"),
    "EMFILE": ("too many files are open", "close some programs and try again"),
    "EIO": ("the disk reported an error", "check the disk; copy your data folder somewhere safe"),
}


def explain(exc: BaseException) -> ReaderError | None:
    """A message with advice for an OS or SQLite error a user can meet; None for anything
    else, which is a bug. (Each database turns its own errors into ReaderErrors that name
    it; this is the last stop, for what reaches the top.)"""
    import errno
    import sqlite3

    if isinstance(exc, ReaderError):
        return exc
    if isinstance(exc, OSError) and exc.errno is not None:
        what, advice = _OS_ADVICE.get(errno.errorcode.get(exc.errno, ""), (exc.strerror or str(exc), ""))
        where = f" ({exc.filename})" if exc.filename else ""
        return ReaderError(f"{what}{where}", advice or "check the file and try again")
    if isinstance(exc, sqlite3.Error):
        return database_error("a database", exc)
    return None


def database_error(name: str, exc: BaseException, damaged_advice: str = "") -> ReaderError:
    """An SQLite error as the user should read it; ``name`` says which database."""
    text = str(exc).lower()
    if "full" in text:
        return ReaderError(f"the disk is full: {name} could not be written", "free some space and try again; nothing was half-written")
    if "readonly" in text or "read-only" in text:
        return ReaderError(f"{name} is read-only", "check the permissions of the file and its folder, and that the disk is writable")
    if "locked" in text or "busy" in text:
        return ReaderError(
            f"{name} is busy: another reader (a window or a command) is writing to it",
            "wait for it to finish, then try again",
        )
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return ReaderError(f"{name} is damaged ({exc})", damaged_advice or "restore it from a backup")
    if "disk i/o error" in text:
        return ReaderError(
            f"the disk reported an error writing {name}", "check the free space and the disk, then try again"
        )
    if "unable to open" in text:
        return ReaderError(f"{name} cannot be opened ({exc})", "check that the folder exists and is writable")
    return ReaderError(f"{name} failed: {exc}", "check the disk and try again")
