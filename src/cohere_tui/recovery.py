"""Unsaved work kept after a crash, and finding it again when the session is next opened.

Headless: never imports Textual.

When the app fails, or is told to stop (the terminal closed, the computer shutting down)
and cannot save into the session file, it writes the unsaved work beside the session as
``NAME-recovered.toml`` (``NAME-recovered-2.toml``, … when that exists). Opening the
session later finds such a copy when it is newer than the session file, and the app offers
it. A copy the facilitator chose not to use is kept, dated just before the session, so that
it is not offered again.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

from .models import Session
from .store import SessionFileError, load_session, slugify

LABEL = "recovered"


def recovered_copies(session_path: Path) -> list[Path]:
    """Every recovered copy of this session in its folder, newest first."""
    stem = re.escape(slugify(f"{session_path.stem}-{LABEL}"))
    pattern = re.compile(rf"^{stem}(-\d+)?\.toml$")
    try:
        found = [p for p in session_path.parent.iterdir() if pattern.match(p.name) and p.is_file()]
    except OSError:
        return []
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def pending_recovery(session_path: Path) -> Path | None:
    """The newest recovered copy saved after the session file last was, if any."""
    try:
        saved = session_path.stat().st_mtime
    except OSError:
        return None
    for copy in recovered_copies(session_path):
        with contextlib.suppress(OSError):
            if copy.stat().st_mtime > saved:
                return copy
    return None


def read_recovered(copy: Path) -> Session:
    """The session a recovered copy holds; :class:`SessionFileError` if it cannot be read."""
    return load_session(copy).session


def set_aside(copy: Path, session_path: Path) -> None:
    """Keep a copy the facilitator did not use, dated before the session so it is not offered
    again (it stays in the folder, and in the session picker)."""
    with contextlib.suppress(OSError):
        saved = session_path.stat().st_mtime
        os.utime(copy, (saved - 1, saved - 1))


__all__ = [
    "LABEL",
    "SessionFileError",
    "pending_recovery",
    "read_recovered",
    "recovered_copies",
    "set_aside",
]
