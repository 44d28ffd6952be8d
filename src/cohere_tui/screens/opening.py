"""Opening a session in the app, and keeping its work when the app is made to stop.

Opening takes the session's lock (a session open in another running app asks what to do),
and offers unsaved work kept by a run that did not close cleanly.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from ..document import SessionDocument
from ..lock import LockHeldError, SessionLock
from ..recovery import pending_recovery, read_recovered, set_aside
from ..store import SessionFileError, save_session, unique_session_path
from .recovery import LockedDialog, RecoveryDialog

if TYPE_CHECKING:
    from ..app import CohereApp


def open_document(app: CohereApp, document: SessionDocument, *, take_over: bool = False) -> None:
    """Lock the session, offer recovered work, then show the session."""
    try:
        lock: SessionLock | None = document.take_lock(take_over=take_over)
    except LockHeldError as exc:
        app.push_screen(
            LockedDialog(document.path, exc.holder),
            lambda choice: _locked_choice(app, document, choice),
        )
        return
    except OSError as exc:
        lock = None  # the folder cannot be written: the first save says so and offers Save as…
        app.notify(
            f"{document.path.parent}: cannot be written ({exc.strerror}). You can work, but "
            "changes cannot be saved there: use Save as… (ctrl+p) to choose another place.",
            title="Read-only folder",
            severity="warning",
            timeout=12,
        )
    copy = pending_recovery(document.path)
    stale = lock.stale if lock is not None else None
    if copy is not None:
        copy_time = dt.datetime.fromtimestamp(copy.stat().st_mtime)
        app.push_screen(
            RecoveryDialog(document.path, copy, stale, copy_time),
            lambda choice: _recovery_choice(app, document, copy, choice),
        )
        return
    if stale is not None or (lock is not None and lock.stale_unreadable):
        who = f" ({stale.user} on {stale.host}, from {stale.started:%H:%M})" if stale else ""
        app.notify(
            f"The last run with this session{who} did not close cleanly. Everything it "
            f"autosaved is here; the version before is kept as {document.path.name}.bak.",
            title="Not closed cleanly last time",
            severity="warning",
            timeout=12,
        )
    app.show_document(document)


def _fall_back(app: CohereApp) -> None:
    """Nothing opened: show the session picker (unless a session or the picker is showing)."""
    from .picker import PickerScreen
    from .workspace import WorkspaceScreen

    if not isinstance(app.screen, PickerScreen | WorkspaceScreen):
        app.push_screen(PickerScreen(app.sessions_dir))


def _locked_choice(app: CohereApp, document: SessionDocument, choice: str | None) -> None:
    if choice == "anyway":
        open_document(app, document, take_over=True)
    elif choice == "copy":
        original = document.path
        try:
            copy = unique_session_path(original.parent, f"{original.stem}-copy")
            document.save_as(copy)
        except SessionFileError as exc:
            app.notify(str(exc), title="Cannot make a copy", severity="error", timeout=12)
            _fall_back(app)
            return
        app.notify(f"Working in {copy.name}; {original.name} is left to the other app.", timeout=8)
        open_document(app, document)
    else:
        _fall_back(app)


def _recovery_choice(
    app: CohereApp, document: SessionDocument, copy: Path, choice: str | None
) -> None:
    if choice == "recover":
        try:
            document.session = read_recovered(copy)
        except SessionFileError as exc:
            app.notify(str(exc), title="Cannot read the recovered copy", severity="error")
        else:
            document.changed()
            try:
                document.save()
            except SessionFileError as exc:
                app.notify(
                    f"{exc}\nThe recovered work is open, unsaved; {copy.name} is kept.",
                    severity="error",
                    timeout=15,
                )
            else:
                copy.unlink(missing_ok=True)
                app.notify(
                    f"The recovered work is saved in {document.path.name}; the version before "
                    "is kept as .bak.",
                    timeout=10,
                )
    else:
        set_aside(copy, document.path)
        app.notify(f"The session is as saved; the recovered work stays in {copy.name}.", timeout=8)
    app.show_document(document)


def keep_unsaved_work(app: CohereApp) -> Path | None:
    """Save the session before the app stops; when that fails, keep a recovered copy.

    Returns the copy's path when one was written. The lock is released either way.
    """
    document = app.document
    if document is None:
        return None
    kept: Path | None = None
    if document.dirty:
        try:
            document.save()
        except SessionFileError:
            kept = write_recovered(document, app.sessions_dir)
    document.release_lock()
    return kept


def write_recovered(document: SessionDocument, sessions_dir: Path) -> Path | None:
    """Keep the session's unsaved work beside it as NAME-recovered.toml (or, when that folder
    cannot be written, in the first writable place Save as… would suggest)."""
    from .save_as import suggest_path

    try:
        return document.save_copy_beside("recovered")
    except (SessionFileError, OSError):
        pass
    fallback = suggest_path(document, sessions_dir)
    target = fallback.with_name(f"{document.path.stem}-recovered.toml")
    target = unique_session_path(target.parent, target.stem)
    try:
        save_session(document.session, target)
    except (SessionFileError, OSError):
        return None
    return target
