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
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from .models import Session
from .store import SessionFileError, free_path, load_session, save_session, slugify
from .validation import printable

if TYPE_CHECKING:
    from .document import SessionDocument

LABEL = "recovered"


def recovered_copies(session_path: Path) -> list[Path]:
    """Every recovered copy of this session in its folder, newest first."""
    stem = re.escape(slugify(f"{session_path.stem}-{LABEL}"))
    pattern = re.compile(rf"^{stem}(-\d+)?\.toml$")
    try:
        found = [
            p
            for p in session_path.parent.iterdir()
            if pattern.match(p.name) and p.is_file() and not p.is_symlink()  # ours are files
        ]
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
        os.utime(copy, (saved - 1, saved - 1), follow_symlinks=False)


def _writable_folder(folder: Path) -> bool:
    return folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)


def suggest_path(document: SessionDocument, sessions_dir: Path | None) -> Path:
    """A free file name in the first writable folder other than the session's own (which
    may be the one that cannot be written): the sessions folder, Documents, home, temp."""
    here = document.path.parent
    candidates = [
        *([sessions_dir] if sessions_dir is not None else []),
        Path.home() / "Documents",
        Path.home(),
        Path(tempfile.gettempdir()),
    ]
    folder = here
    for candidate in candidates:
        try:
            same = candidate.resolve() == here.resolve()
        except OSError:
            continue
        if not same and _writable_folder(candidate):
            folder = candidate
            break
    stem = document.path.stem
    if printable(stem) != stem:  # a name with control characters is not offered to be typed over
        stem = slugify(stem)
    return free_path(folder, stem)


def write_recovered(document: SessionDocument, sessions_dir: Path) -> Path | None:
    """Keep the session's unsaved work beside it as NAME-recovered.toml (or, when that folder
    cannot be written, in the first writable place Save as… would suggest)."""
    from .store import unique_session_path

    try:
        return document.save_copy_beside(LABEL)
    except (SessionFileError, OSError):
        pass
    fallback = suggest_path(document, sessions_dir)
    target = fallback.with_name(f"{document.path.stem}-{LABEL}.toml")
    target = unique_session_path(target.parent, target.stem)
    try:
        save_session(document.session, target, mode_from=document.path)
    except (SessionFileError, OSError):
        return None
    return target


def keep_unsaved_work(document: SessionDocument | None, sessions_dir: Path) -> Path | None:
    """Save the session before the program stops; when that fails, keep a recovered copy.

    Returns the copy's path when one was written. The lock is released either way.
    """
    if document is None:
        return None
    kept: Path | None = None
    if document.dirty:
        try:
            document.save()
        except SessionFileError:
            kept = write_recovered(document, sessions_dir)
    document.release_lock()
    return kept


__all__ = [
    "LABEL",
    "SessionFileError",
    "keep_unsaved_work",
    "pending_recovery",
    "read_recovered",
    "recovered_copies",
    "set_aside",
    "suggest_path",
    "write_recovered",
]
