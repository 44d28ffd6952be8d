"""An open session: the model, where it lives, whether it has unsaved changes, and the one
path every change takes (:meth:`SessionDocument.apply`), with undo and redo.

Headless: the app drives it, the command line and the tests drive it, nothing here imports
Textual.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .analysis import SyncResult, sync_findings
from .edits import BringFindingsUpToDate, Edit, EditError, Record, ReplaceSession, Transaction
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

HISTORY_LIMIT = 500
"""How many edits undo can take back (the oldest are forgotten first)."""
MERGE_SECONDS = 4.0
"""Edits of one run of typing (same field) closer together than this are one step of the
history."""


@dataclass
class Step:
    """One step of the history: an edit's sentence and what it changed."""

    description: str
    edit: Edit
    record: Record
    merge_key: object | None = None
    at: float = 0.0


@dataclass(frozen=True)
class Change:
    """What the views are told after every change to the session."""

    kind: Literal["apply", "undo", "redo"]
    description: str
    """The sentence for the room ("Rated I1 × vision 3 → 2")."""
    edit: Edit
    """The edit applied, undone or redone (views look at its type and fields to redraw only
    what it touched)."""
    findings: SyncResult = field(default_factory=SyncResult)
    """How the derived findings moved (empty after undo and redo: they are restored)."""
    revision: int = 0

    @property
    def areas(self) -> frozenset[str]:
        return self.edit.areas

    def touches(self, *areas: str) -> bool:
        """Whether the change may concern any of ``areas`` (always, for an "all" edit)."""
        mine = self.edit.areas
        return (
            "all" in mine
            or bool(mine.intersection(areas))
            or ("findings" in areas and self.findings.changed)
        )


Listener = Callable[[Change], None]


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
        self._undo: deque[Step] = deque(maxlen=HISTORY_LIMIT)
        self._redo: list[Step] = []
        self._listeners: list[Listener] = []
        self._clock: Callable[[], float] = time.monotonic

    @classmethod
    def open(cls, path: Path | str) -> SessionDocument:
        """Read a session file. Derived findings saved out of date (by hand, or by an older
        program) are brought up to date as a first edit, which undo can take back."""
        loaded: Loaded = load_session(path)
        doc = cls(loaded.session, loaded.path, loaded.fingerprint)
        doc.migrated_from = loaded.migrated_from
        if loaded.migrated_from is not None:
            doc.dirty = True
            doc.schema_backup = schema_backup_path(loaded.path, loaded.migrated_from)
        doc.apply(BringFindingsUpToDate())
        return doc

    # ----- the edit path ----------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` after every change; returns the function that unsubscribes."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def apply(self, edit: Edit) -> Change | None:
        """Validate and apply ``edit``, re-derive the findings, mark the session changed,
        record the edit for undo and tell the listeners. Returns None when the edit changed
        nothing (nothing is recorded then). Raises :class:`EditError` — with the session
        exactly as before — when the edit cannot be made, or would leave the session with a
        broken reference."""
        from .validation import check_session

        tx = Transaction(self.session)
        try:
            description = edit.apply(tx)
            findings = sync_findings(self.session, tx.touch)
            problems = check_session(self.session)
            if problems:
                raise EditError(f"That change would leave the session broken: {problems[0]}.")
        except EditError:
            tx.rollback()
            raise
        except (ValueError, TypeError) as exc:  # a model refusing a value
            tx.rollback()
            raise EditError(str(exc).splitlines()[0]) from None
        record = tx.record()
        if not record.changed():
            return None
        now = self._clock()
        last = self._undo[-1] if self._undo else None
        key = edit.merge_key
        if (
            key is not None
            and last is not None
            and not self._redo
            and last.merge_key == key
            and now - last.at < MERGE_SECONDS
        ):
            last.record.absorb(record)
            last.description, last.edit, last.at = description, edit, now
            if not last.record.changed():  # typed and taken back: nothing left to undo
                self._undo.pop()
        else:
            self._undo.append(Step(description, edit, record, key, now))
        self._redo.clear()
        return self._changed(Change("apply", description, edit, findings))

    def undo(self) -> Change | None:
        """Take back the last edit (None when there is none)."""
        if not self._undo:
            return None
        step = self._undo.pop()
        step.record.swap()
        step.merge_key = None  # an undone and redone step never merges with new typing
        self._redo.append(step)
        return self._changed(Change("undo", step.description, step.edit))

    def redo(self) -> Change | None:
        """Make again the last edit undone (None when there is none)."""
        if not self._redo:
            return None
        step = self._redo.pop()
        step.record.swap()
        self._undo.append(step)
        return self._changed(Change("redo", step.description, step.edit))

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def history(self) -> list[tuple[str, bool]]:
        """Every step of the history, oldest first: (sentence, done). Undone steps, which
        redo can bring back, come last with ``done`` False."""
        done = [(step.description, True) for step in self._undo]
        undone = [(step.description, False) for step in reversed(self._redo)]
        return done + undone

    def _changed(self, change: Change) -> Change:
        self.dirty = True
        self.revision += 1
        change = Change(change.kind, change.description, change.edit, change.findings,
                        self.revision)  # fmt: skip
        for listener in list(self._listeners):
            listener(change)
        return change

    @classmethod
    def create(cls, session: Session, path: Path) -> SessionDocument:
        """A new session file, written at once so that it exists on disk."""
        doc = cls(session, path)
        doc.save()
        return doc

    def take_recovered(self, session: Session) -> Change | None:
        """Take the work a crashed run kept (a recovered copy) in place of the session, as
        one edit (undo gives back the session as it was saved)."""
        return self.apply(ReplaceSession(session))

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
