"""``reader stats``: reading statistics in text and JSON, the goal from the window's settings."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

import pytest

from reader.cli import main
from reader.core import paths
from reader.core.library.stats import ReadingLog, Session
from reader.core.storage.store import Store
from tests.conftest import run_cli


def _read(sessions: list[Session]) -> None:
    with Store(paths.data_dir() / "reader.sqlite") as store:
        ReadingLog(store).save(sessions)


def test_nothing_read_yet(capsys: pytest.CaptureFixture) -> None:
    assert main(["stats"]) == 0
    assert capsys.readouterr().out.startswith("no reading recorded yet")
    assert main(["stats", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["empty"] and data["streak"] == 0 and data["today"]["chars"] == 0 and data["today"]["goal"] == 3000


def test_text_and_json(capsys: pytest.CaptureFixture) -> None:
    today = datetime.combine(date.today(), time(0, 0, 1)).astimezone()  # local time
    _read([
        Session("a1", today, 600, 1_200),
        Session("a1", today - timedelta(days=1), 1_200, 3_600),
    ])
    assert main(["stats"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("today: 1,200 of 3,000 characters (40%), 10 min, 120 characters a minute\n")
    assert "streak: 1 day meeting the goal" in out  # yesterday's; today is not over
    assert "all told: 4,800 characters in 30 min" in out
    assert main(["stats", "--format", "json", "--goal", "1000"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["today"] | {"day": ""} == {
        "day": "", "seconds": 600, "chars": 1200, "cpm": 120.0, "goal": 1000, "goal_met": True}
    assert data["streak"] == 2 and len(data["days"]) == 30 and len(data["weeks"]) == 12
    assert data["days"][-1]["chars"] == 1200 and data["days"][-2]["chars"] == 3600


def test_the_goal_comes_from_the_window_settings(capsys: pytest.CaptureFixture) -> None:
    settings = paths.data_dir() / "settings.ini"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text("[reading]\nfurigana=all\ndaily_goal=500\n\n[window]\nstate=@ByteArray(%00\\x1)\n")
    main(["stats", "--format", "json"])
    assert json.loads(capsys.readouterr().out)["today"]["goal"] == 500
    settings.write_text("[reading]\ndaily_goal=lots\n")
    main(["stats", "--format", "json"])
    assert json.loads(capsys.readouterr().out)["today"]["goal"] == 3000


def test_a_goal_of_nothing_is_refused(capsys: pytest.CaptureFixture) -> None:
    assert main(["stats", "--goal", "0"]) != 0
    assert "goal" in capsys.readouterr().err


def test_listed_in_help() -> None:
    done = run_cli("--help")
    assert done.returncode == 0 and b"stats" in done.stdout
