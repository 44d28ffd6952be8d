"""An open session: the model, where it lives, whether it has unsaved changes.

Headless: the app drives it, tests drive it, nothing here imports Textual.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .models import Session
from .store import (
    ConflictError,
    Loaded,
    load_session,
    save_session,
    schema_backup_path,
    unique_session_path,
)

if TYPE_CHECKING:
    from .lock import SessionLock


class SessionDocument:
    """A session being worked on, with its file's fingerprint for conflict checks."""

    def __init__(self, session: Session, path: Path, fingerprint: str | None = None) -> None:
        self.session = session
        self.path = path
        self.fingerprint = fingerprint
        self.dirty = False
        self.revision = 0
        """Counts changes; views compare it to know whether to refresh."""
        self.migrated_from: int | None = None
        """The schema version the file had when it was older than this program's."""
        self.schema_backup: Path | None = None
        """Where the first save keeps the original of a migrated file (never overwritten)."""
        self._original_kept = False
        self.lock: SessionLock | None = None
        """This app's lock on the file, once taken (see :meth:`take_lock`)."""

    @classmethod
    def open(cls, path: Path | str) -> SessionDocument:
        loaded: Loaded = load_session(path)
        doc = cls(loaded.session, loaded.path, loaded.fingerprint)
        doc.migrated_from = loaded.migrated_from
        if loaded.migrated_from is not None:
            doc.dirty = True
            doc.schema_backup = schema_backup_path(loaded.path, loaded.migrated_from)
        return doc

    @classmethod
    def create(cls, session: Session, path: Path) -> SessionDocument:
        """A new session file, written at once so that it exists on disk."""
        doc = cls(session, path)
        doc.save()
        return doc

    def changed(self) -> None:
        """Record that the session was edited."""
        self.dirty = True
        self.revision += 1

    def take_recovered(self, session: Session) -> None:
        """Take the work a crashed run kept (a recovered copy) in place of the session."""
        self.session = session
        self.changed()

    def save(self) -> None:
        """Save now; raises :class:`ConflictError` if the file changed on disk meanwhile,
        or if another app took the session over."""
        lock = self.lock
        if lock is not None and not lock.is_held():
            from .lock import read_holder

            _, holder, _ = read_holder(self.path)
            who = holder.describe() if holder else "another cohere-tui"
            raise ConflictError(
                self.path,
                [
                    f"{self.path}: {who} took this session over; your version was not written over it"
                ],
            )
        keep = None if self._original_kept else self.schema_backup
        self.fingerprint = save_session(
            self.session, self.path, expected=self.fingerprint, keep_original=keep
        )
        self._original_kept = True
        self.dirty = False

    def take_lock(self, *, take_over: bool = False) -> SessionLock:
        """Lock the file for this app; raises :class:`~cohere_tui.lock.LockHeldError` when
        another running app has it, :class:`OSError` when no lock can be written there."""
        from .lock import acquire

        self.release_lock()
        self.lock = acquire(self.path, take_over=take_over)
        return self.lock

    def release_lock(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def save_as(self, path: Path) -> None:
        """Save to another file and go on there; the lock moves with the session.

        The original file is left as it was. Raises :class:`SessionFileError` on failure,
        and then nothing changes here.
        """
        from .lock import LockHeldError

        self.fingerprint = save_session(self.session, path)
        had_lock = self.lock is not None
        self.release_lock()
        self.path = path
        self.dirty = False
        self._original_kept = True  # the original file, at the old path, was left as it was
        if had_lock:
            try:
                self.take_lock()
            except (LockHeldError, OSError):
                self.lock = None

    def save_copy_beside(self, label: str = "conflict") -> Path:
        """Keep both: write this version beside the original under a new name."""
        target = unique_session_path(self.path.parent, f"{self.path.stem}-{label}")
        save_session(self.session, target, mode_from=self.path)
        return target


__all__ = ["ConflictError", "SessionDocument"]
