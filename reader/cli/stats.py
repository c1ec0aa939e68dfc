"""``reader stats``: reading statistics, as Words → Statistics shows them: today against
the daily goal, the streak, characters a minute, and totals per day and per week."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from reader.cli import console
from reader.core import paths
from reader.core.errors import InputError
from reader.core.library.stats import DAYS, DEFAULT_GOAL, WEEKS, ReadingLog, duration, summarize
from reader.core.storage.store import open_store_checked

if TYPE_CHECKING:
    from reader.core.library.stats import Summary, Total


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "stats",
        help="reading statistics: time, characters, speed, daily goal and streak",
        description="Time spent reading and characters read (counted by the window), today "
        f"against your daily goal, your streak, and totals for the last {DAYS} days and {WEEKS} weeks.",
    )
    p.add_argument("--format", "-f", choices=("text", "json"), default="text")
    p.add_argument("--goal", type=int, help="characters a day (default: the window's setting, else 3,000)")
    p.set_defaults(func=cmd_stats)


def saved_goal() -> int:
    """The daily goal set in the window (settings.ini, [reading] daily_goal), else the default."""
    import configparser

    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read(paths.data_dir() / "settings.ini", encoding="utf-8")
        goal = int(parser.get("reading", "daily_goal", fallback=str(DEFAULT_GOAL)))
    except (configparser.Error, ValueError, OSError, UnicodeDecodeError):
        return DEFAULT_GOAL
    return goal if goal > 0 else DEFAULT_GOAL


def _row(t: Total, label: str) -> str:
    return f"  {label:<10} {t.minutes:>8.0f} {t.chars:>11,} {t.cpm:>11,.0f}\n"


def write_text(s: Summary) -> str:
    if s.empty:
        return ("no reading recorded yet: read an article in the window (`reader`); the time you "
                "spend and the characters you scroll past are counted\n")
    t = s.today
    lines = [
        f"today: {t.chars:,} of {s.goal:,} characters ({s.goal_share:.0%}"
        f"{', goal met' if t.chars >= s.goal else ''}), {duration(t.seconds)}, {t.cpm:,.0f} characters a minute\n",
        f"streak: {s.streak} day{'s' if s.streak != 1 else ''} meeting the goal\n",
        f"all told: {s.total.chars:,} characters in {duration(s.total.seconds)}, "
        f"{s.total.cpm:,.0f} characters a minute, since {s.total.day.isoformat()}\n",
        f"\nlast {DAYS} days (days with reading)\n",
        f"  {'day':<10} {'minutes':>8} {'characters':>11} {'per minute':>11}\n",
    ]
    lines += [_row(d, d.day.isoformat()) for d in s.days if d.seconds >= 1 or d.chars]
    lines += [f"\nlast {WEEKS} weeks (from Monday)\n", f"  {'week of':<10} {'minutes':>8} {'characters':>11} {'per minute':>11}\n"]
    lines += [_row(w, w.day.isoformat()) for w in s.weeks if w.seconds >= 1 or w.chars]
    return "".join(lines)


def cmd_stats(args: argparse.Namespace) -> int:
    if args.goal is not None and args.goal <= 0:
        raise InputError(f"a daily goal of {args.goal} characters", "give a goal of 1 character or more")
    goal = args.goal or saved_goal()
    store = open_store_checked()
    store.on_busy = console.waiting
    with store:
        summary = summarize(ReadingLog(store).sessions(), goal)
    out = console.stdout()
    if args.format == "json":
        out.write(json.dumps(summary.as_dict() | {"empty": summary.empty}, ensure_ascii=False, indent=1) + "\n")
    else:
        out.write(write_text(summary))
    return 0
