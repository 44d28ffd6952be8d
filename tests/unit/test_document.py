"""The open document beyond the edit path: what the views hear on redo, a recovered copy
taken in, the lock taken over, and Save as (the lock, the dirty flag, a migrated original)."""

from __future__ import annotations

import datetime as dt
import errno
import os
from pathlib import Path
from typing import Any

import pytest

from cohere_tui.demo import demo_source
from cohere_tui.document import MERGE_SECONDS, Change, SessionDocument
from cohere_tui.edits import EditError, FunctionEdit, SetDetails, SetRating, SetText
from cohere_tui.lock import LockHeldError, lock_path
from cohere_tui.models import AlignmentType, Session
from cohere_tui.store import (
    ConflictError,
    dumps_session,
    load_session,
    new_session,
    schema_backup_path,
)


@pytest.fixture
def path(demo: Path) -> Path:
    """The demo session's file (the shared ``demo`` fixture)."""
    return demo


def test_redo_tells_the_views_the_sentence_of_the_step_made_again(path: Path) -> None:
    doc = SessionDocument.open(path)
    applied = doc.apply(SetDetails({"title": "Renamed"}))
    assert applied is not None
    heard: list[Change] = []
    doc.subscribe(heard.append)
    doc.undo()
    doc.redo()
    assert [(c.kind, c.description) for c in heard] == [
        ("undo", applied.description),
        ("redo", applied.description),
    ]
    assert doc.history() == [(applied.description, True)]


def test_a_recovered_copy_taken_in_replaces_the_session_and_undo_gives_it_back(
    path: Path,
) -> None:
    doc = SessionDocument.open(path)
    saved = dumps_session(doc.session)
    recovered = doc.session.model_copy(deep=True)
    recovered.title = "Work a crashed run kept"
    change = doc.take_recovered(recovered)
    assert change is not None and change.kind == "apply"
    assert doc.session.title == "Work a crashed run kept" and doc.dirty
    doc.undo()
    assert dumps_session(doc.session) == saved


def test_a_session_open_in_another_app_is_refused_unless_taken_over(path: Path) -> None:
    first = SessionDocument.open(path)
    first.take_lock()
    second = SessionDocument.open(path)
    with pytest.raises(LockHeldError):
        second.take_lock()
    assert second.lock is None and first.lock is not None and first.lock.is_held()
    second.take_lock(take_over=True)
    assert second.lock is not None and second.lock.is_held()
    assert not first.lock.is_held()
    second.release_lock()
    assert not lock_path(path).exists()


def test_save_as_onto_a_session_another_app_has_open_goes_on_without_a_lock(
    path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "theirs.toml"
    target.write_bytes(demo_source())
    theirs = SessionDocument.open(target)
    theirs.take_lock()
    doc = SessionDocument.open(path)
    doc.take_lock()
    doc.apply(SetDetails({"title": "Mine"}))
    doc.save_as(target)
    assert doc.path == target and doc.dirty is False
    assert doc.lock is None  # theirs still holds it: this app has none, and says so
    doc.release_lock()  # nothing to release, and no error
    assert theirs.lock is not None and theirs.lock.is_held()
    assert not lock_path(path).exists()  # the old file's lock went with the session
    assert load_session(target).session.title == "Mine"


def test_save_as_then_save_never_leaves_an_original_copy_beside_the_old_file(
    path: Path, tmp_path: Path
) -> None:
    """A migrated file's original is kept, at its first save, beside it; after Save as the
    original file was left as it was, so no copy of it is made at the old place."""
    path.write_bytes(demo_source().replace(b"schema_version = 2", b"schema_version = 1", 1))
    doc = SessionDocument.open(path)
    assert doc.migrated_from == 1 and doc.dirty
    target = tmp_path / "copy.toml"
    doc.save_as(target)
    doc.apply(SetDetails({"title": "Carried on"}))
    doc.save()
    assert not schema_backup_path(path, 1).exists()
    assert not schema_backup_path(target, 1).exists()
    assert load_session(target).session.title == "Carried on"


def test_a_document_starts_clean_and_a_save_leaves_it_clean(path: Path, tmp_path: Path) -> None:
    doc = SessionDocument.open(path)
    assert doc.dirty is False and doc.migrated_from is None and doc.schema_backup is None
    doc.apply(SetDetails({"title": "Changed"}))
    assert doc.dirty is True
    doc.save()
    assert doc.dirty is False
    created = SessionDocument.create(doc.session, tmp_path / "new.toml")
    assert created.dirty is False and created.migrated_from is None
    assert load_session(created.path).session.title == "Changed"


def test_the_views_hear_how_the_findings_moved(path: Path) -> None:
    doc = SessionDocument.open(path)
    heard: list[Change] = []
    doc.subscribe(heard.append)
    before = {f.id for f in doc.session.findings}
    doc.apply(SetRating("I1", "vision", 0))  # no rating of 0 anywhere: a new finding
    added = [f.id for f in doc.session.findings if f.id not in before]
    assert added and heard[0].findings.added == added
    assert heard[0].touches("findings") and heard[0].touches("ratings")
    assert not heard[0].touches("actions")
    doc.undo()  # undo restores the findings: nothing to tell about them
    assert not heard[1].findings.changed and not heard[1].touches("findings")


def test_a_session_taken_over_by_an_unreadable_lock_is_not_written_over(path: Path) -> None:
    doc = SessionDocument.open(path)
    doc.take_lock()
    lock_path(path).write_bytes(b"\x00 not a lock")  # another app's, in a form not understood
    doc.apply(SetDetails({"title": "Mine"}))
    before = path.read_bytes()
    with pytest.raises(ConflictError) as refused:
        doc.save()
    assert refused.value.lines == [
        f"{path}: another cohere-tui took this session over; your version was not written over it"
    ]
    assert path.read_bytes() == before and doc.dirty is True


def test_a_value_refused_half_way_through_an_edit_is_one_sentence_and_undoes_the_rest(
    path: Path,
) -> None:
    doc = SessionDocument.open(path)
    before = dumps_session(doc.session)

    def change(session: Session) -> None:
        session.title = "Half done"
        raise ValueError("The due date comes before the start.\n  (details for developers)")

    with pytest.raises(EditError) as refused:
        doc.apply(FunctionEdit("Imported", lambda tx: tx.touch(tx.session), change))
    assert str(refused.value) == "The due date comes before the start."
    assert dumps_session(doc.session) == before
    assert not doc.can_undo and doc.dirty is False


@pytest.mark.parametrize(
    ("gap", "steps"),
    [(MERGE_SECONDS - 0.5, 1), (MERGE_SECONDS, 2), (MERGE_SECONDS + 0.5, 2)],
    ids=["within the pause", "exactly the pause", "after the pause"],
)
def test_typing_merges_only_within_the_pause_whatever_the_clock_reads(
    path: Path, gap: float, steps: int
) -> None:
    """The monotonic clock reads far from zero on a computer that has been up for days."""
    doc = SessionDocument.open(path)
    clock = iter([86_400.0, 86_400.0 + gap])
    doc._clock = lambda: next(clock)
    doc.apply(SetText("vision.statement", "Every"))
    doc.apply(SetText("vision.statement", "Every child"))
    assert len(doc.history()) == steps


def test_a_migrated_original_is_kept_beside_earlier_different_copies_with_its_mode(
    path: Path,
) -> None:
    """Copies already at the backup's name (from someone else, or another program) are kept:
    the original goes to the next free number, with the original file's permissions."""
    original = demo_source().replace(b"schema_version = 2", b"schema_version = 1", 1)
    path.write_bytes(original)
    path.chmod(0o600)
    first = schema_backup_path(path, 1)
    second = first.with_name(first.name.replace(".bak", "-2.bak"))
    first.write_bytes(b"someone's own copy\n")
    second.write_bytes(b"another copy\n")
    doc = SessionDocument.open(path)
    doc.save()
    third = first.with_name(first.name.replace(".bak", "-3.bak"))
    assert third.read_bytes() == original
    assert third.stat().st_mode & 0o777 == 0o600
    assert first.read_bytes() == b"someone's own copy\n"
    assert second.read_bytes() == b"another copy\n"


def _migrated(path: Path) -> bytes:
    original = demo_source().replace(b"schema_version = 2", b"schema_version = 1", 1)
    path.write_bytes(original)
    return original


def test_a_copy_appearing_at_the_backup_s_name_during_the_save_is_kept(
    monkeypatch: pytest.MonkeyPatch, path: Path
) -> None:
    """Another program writes a file at the backup's name between the check and the link:
    theirs stays, the original goes to the next name, and no temporary file is left."""
    original = _migrated(path)
    path.chmod(0o600)
    first = schema_backup_path(path, 1)
    real_link = os.link
    calls: list[str] = []

    def racing_link(src: Any, dst: Any) -> None:
        calls.append(str(dst))
        if len(calls) == 1:
            Path(dst).write_bytes(b"theirs\n")
            raise FileExistsError(dst)
        real_link(src, dst)

    monkeypatch.setattr(os, "link", racing_link)
    doc = SessionDocument.open(path)
    doc.save()
    assert first.read_bytes() == b"theirs\n"
    kept = first.with_name(first.name.replace(".bak", "-2.bak"))
    assert kept.read_bytes() == original and kept.stat().st_mode & 0o777 == 0o600
    assert len(calls) == 2
    assert sorted(p.name for p in path.parent.iterdir()) == sorted(
        [path.name, f"{path.name}.bak", first.name, first.name.replace(".bak", "-2.bak")]
    )


def test_on_a_disk_without_hard_links_the_original_is_still_kept(
    monkeypatch: pytest.MonkeyPatch, path: Path
) -> None:
    original = _migrated(path)

    def no_links(src: Any, dst: Any) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    doc = SessionDocument.open(path)
    doc.save()
    assert schema_backup_path(path, 1).read_bytes() == original
    assert sorted(p.name for p in path.parent.iterdir()) == sorted(
        [path.name, f"{path.name}.bak", schema_backup_path(path, 1).name]
    )


def test_a_new_session_keeps_its_kind_of_alignment_and_its_date() -> None:
    session = new_session("  Harmon County  ", AlignmentType.VERTICAL, today=dt.date(2026, 5, 1))
    assert session.title == "Harmon County"
    assert session.alignment_type is AlignmentType.VERTICAL
    assert session.created == dt.date(2026, 5, 1)
