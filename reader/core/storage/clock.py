"""Timestamps, made in one place: UTC ISO-8601 with microseconds, which sorts as text."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

_lock = threading.Lock()
_last = datetime.min.replace(tzinfo=timezone.utc)


def utc(moment: datetime | None = None) -> datetime:
    """``moment`` in UTC (now when None); a naive time is refused, as its zone is unknown."""
    if moment is None:
        return datetime.now(timezone.utc)
    if moment.tzinfo is None:
        raise ValueError("times must be timezone-aware")
    return moment.astimezone(timezone.utc)


def iso(moment: datetime) -> str:
    """A time as the database stores it."""
    return utc(moment).isoformat(timespec="microseconds")


def now() -> str:
    """The current time as the database stores it; strictly growing within a process,
    so "newest first" never ties."""
    global _last
    with _lock:
        _last = max(datetime.now(timezone.utc), _last + timedelta(microseconds=1))
        return _last.isoformat(timespec="microseconds")


def days_ago(days: float) -> str:
    """The time ``days`` ago, as the database stores it (for "older than" queries)."""
    return iso(datetime.now(timezone.utc) - timedelta(days=days))
