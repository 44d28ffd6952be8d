"""Reopening the session files a test saved (used by the fixture in conftest.py)."""

from __future__ import annotations

import hashlib
from pathlib import Path


def reopen_problems(written: dict[str, str]) -> list[str]:
    """Why each saved file (path → SHA-256 of what was saved) that still holds what was saved
    does not load; empty when all do."""
    from cohere_tui import files, store

    problems = []
    for path, digest in written.items():
        try:
            raw = files.read_capped(Path(path), store.MAX_FILE_BYTES)
        except OSError:
            continue  # removed since (a temporary folder, a test's clean-up), or replaced
        if hashlib.sha256(raw).hexdigest() != digest:
            continue  # changed on purpose after the save
        try:
            store.load_session(path)
        except store.SessionFileError as exc:
            problems.append(str(exc))
    return problems
