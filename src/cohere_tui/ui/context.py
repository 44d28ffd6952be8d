"""What the screens, steps and dialogs need from the app, passed down as one typed object
(instead of reaching into the app for its attributes)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..ballot.room import BallotRoom
from ..settings import Settings


def _ignore_minutes(minutes: float) -> None:
    """A context without an app to remember the timer's minutes in."""


@dataclass(frozen=True)
class AppContext:
    """The folders, the clock and the user's settings of this run."""

    sessions_dir: Path = Path("sessions")
    exports_dir: Path = Path("exports")
    today: Callable[[], dt.date] = dt.date.today
    """Where every view reads today's date: tests and snapshots pass a fixed one."""
    settings: Settings = field(default_factory=Settings)
    remember_timer_minutes: Callable[[float], None] = _ignore_minutes
    """Keep the timer's last length for next time."""
    autosave_delay: float = 1.5
    """Seconds after the last edit before the session saves by itself."""
    ballots: BallotRoom = field(default_factory=BallotRoom.from_environment)
    """The meeting's ballot for phones (one join code for the run; stopped on quitting)."""
