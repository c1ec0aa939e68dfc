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
            "run `reader dict build` (or `make run`, which builds it)",
        )


class DictionaryError(ReaderError):
    """A dictionary source or database is unusable."""

    exit_code = 3
