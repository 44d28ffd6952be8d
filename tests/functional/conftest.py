"""Fixtures for Pilot tests: a sessions folder with a small session in it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from cohere_tui.analysis import sync_findings
from cohere_tui.document import SessionDocument
from cohere_tui.models import Goal, Initiative, Level, Participant, Sector
from cohere_tui.store import new_session, save_session
from cohere_tui.ui.app import CohereApp


@pytest.fixture
def sessions_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "sessions"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture
def small_session_path(sessions_dir: Path) -> Path:
    session = new_session(
        "Family outcomes",
        organisation="Harmon County",
        today=dt.date(2026, 11, 1),
        facilitator="Dana Reyes",
    )
    session.participants.append(
        Participant(
            name="Lee Park", role="Director", organisation="Schools", sector=Sector.EDUCATION
        )
    )
    session.goals.extend(
        [
            Goal(id="G1", title="Children ready for kindergarten"),
            Goal(id="G2", title="Fewer chronic absences"),
        ]
    )
    session.initiatives.append(
        Initiative(
            id="I1",
            name="Home visiting",
            sector=Sector.HEALTH,
            level=Level.COUNTY,
            goals=["G1"],
            alignment={"vision": 3, "G1": 3},
        )
    )
    sync_findings(session)  # as the app saves it: findings derived
    path = sessions_dir / "family-outcomes.toml"
    save_session(session, path)
    return path


NO_AUTOSAVE = 3600.0
"""Tests save by keys (ctrl+s, ctrl+q) or wait for the autosave they ask for: a save that a
slow machine lets fire in the middle of a test would make it flaky."""


def make_app(
    path: Path | None, sessions_dir: Path, *, autosave_delay: float = NO_AUTOSAVE
) -> CohereApp:
    document = SessionDocument.open(path) if path is not None else None
    return CohereApp(
        sessions_dir=sessions_dir,
        exports_dir=sessions_dir.parent / "exports",
        document=document,
        autosave_delay=autosave_delay,
    )


TODAY = dt.date(2026, 11, 23)
"""Today, for the tests that drive the demo session."""


def app_for(path: Path, *, autosave_delay: float = NO_AUTOSAVE) -> CohereApp:
    """The app on a session file, with today fixed at :data:`TODAY`."""
    return CohereApp(
        sessions_dir=path.parent,
        exports_dir=path.parent.parent / "exports",
        document=SessionDocument.open(path),
        today=lambda: TODAY,
        autosave_delay=autosave_delay,
    )


async def wait_until(pilot: Any, condition: Any, seconds: float = 10.0) -> None:
    """Wait for a condition, never a fixed pause: fails after ``seconds``."""
    import asyncio
    import time

    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > seconds:
            raise AssertionError("the app never got there")
        await asyncio.sleep(0.02)


async def type_text(pilot: Any, text: str) -> None:
    """Type text key by key, as a person would."""
    for char in text:
        await pilot.press("space" if char == " " else char)
